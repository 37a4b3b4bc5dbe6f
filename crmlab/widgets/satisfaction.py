"""Explorers of the satisfaction and loyalty chapter (客户满意与忠诚): Reichheld & Sasser's lift, the loyalty programme."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd

from ..datasets import zhangsan
from ..glossary import term
from ..loyalty import LoyaltyProgramme, loyalty_programme, service_profit_chain
from ..plotting._style import use_course_style
from ..plotting.satisfaction import plot_loyalty_programme, plot_retention_lift, plot_service_profit_chain
from ..retention_lift import RetentionLift, lift_curve, retention_lift
from ._base import _DESCRIPTION, Explorer, _float_slider, _int_slider
from ._image import _PlotImage

__all__ = [
    "LiftView",
    "RetentionLiftExplorer",
    "retention_lift_explorer",
    "LoyaltyExplorer",
    "loyalty_explorer",
    "ServiceProfitChainExplorer",
    "service_profit_chain_explorer",
]

INFINITE = math.inf


@dataclass(frozen=True)
class LiftView:
    """What the lift explorer shows: the lift at the sliders' values and the lift over churn rates."""

    lift: RetentionLift
    curve: pd.DataFrame


def _horizon_slider(value: int | None) -> w.SelectionSlider:
    years = sorted({*range(1, 31), *([value] if value is not None else [])})
    return w.SelectionSlider(options=[(str(y), y) for y in years] + [("∞", INFINITE)], value=INFINITE if value is None else value,
                             description=term("horizon"), continuous_update=False, style=_DESCRIPTION,
                             layout=w.Layout(width="auto"))  # fmt: skip


class RetentionLiftExplorer(Explorer):
    """Sliders for Reichheld & Sasser's claim on 张三's CLV model: how much profit do 5 more points of retention bring?

    The profit of a customer is the current value minus the acquisition cost (``cac``). The figure
    shows the lift against the starting churn rate, the other sliders held, with the 25–85% band;
    ``result`` is a :class:`LiftView`. The horizon slider's last stop, ``∞``, is an infinite horizon.
    """

    def __init__(self, *, churn_rate: float = 0.2, retention_gain: float = 0.05, discount_rate: float = 0.1,
                 horizon: int | None = None, revenue_growth: float = 0.0, cac: float = 0.0) -> None:  # fmt: skip
        use_course_style()
        self._base = {**zhangsan()}
        controls: dict[str, w.ValueWidget] = {
            "churn_rate": _float_slider(term("churn_rate"), churn_rate, 0.06, 0.6, 0.01, ".0%"),
            "retention_gain": _float_slider(term("retention_gain"), retention_gain, 0.01, 0.1, 0.01, ".0%"),
            "discount_rate": _float_slider(term("discount_rate"), discount_rate, 0.0, 0.3, 0.01, ".0%"),
            "horizon": _horizon_slider(horizon),
            "revenue_growth": _float_slider(term("revenue_growth"), revenue_growth, -0.1, 0.2, 0.01, ".0%"),
            "cac": _float_slider(term("cac"), cac, 0.0, 4000.0, 50.0, ",.0f"),
        }
        self.summary = w.HTML()
        self.plot = _PlotImage((10, 5.2))
        super().__init__(controls, [self.summary, self.plot.widget],
                         columns=[["churn_rate", "retention_gain", "cac"], ["discount_rate", "horizon", "revenue_growth"]])  # fmt: skip
        self.update()

    def compute(self, parameters: dict[str, Any]) -> LiftView:
        p = dict(parameters)
        cac = p.pop("cac")
        gain = p.pop("retention_gain")
        if p["horizon"] == INFINITE:
            p["horizon"] = None
        base = {**self._base, **p}
        lift = retention_lift(base, retention_gain=gain, cac=cac)
        grid = np.round(np.arange(max(0.06, gain + 0.01), 0.6001, 0.02), 4)
        return LiftView(lift=lift, curve=lift_curve(base, factor="churn_rate", values=grid, retention_gain=gain, cac=cac))

    def render(self, result: LiftView) -> None:
        r = result.lift
        inside = "在" if 0.25 <= r.lift <= 0.85 else "不在"
        self.summary.value = (
            f"<div style='font-size:1.3em;margin:6px 0'>保留率从 {1 - r.churn_before:.0%} 提高到 {1 - r.churn_after:.0%}："
            f"客户利润从 {r.before:,.0f} 元增至 {r.after:,.0f} 元，<b>增幅 {r.lift:.1%}</b></div>"
            f"<div>{inside} Reichheld &amp; Sasser 报告的 25%–85% 之间（客户利润 = 当前价值 − 获客成本）</div>"
        )
        self.plot.draw(plot_retention_lift, result.curve, point=r,
                       title=f"保留率提高 {r.churn_before - r.churn_after:.0%}：不同起始流失率下的利润增幅")  # fmt: skip


def retention_lift_explorer(**values: Any) -> RetentionLiftExplorer:
    """Open the Reichheld & Sasser explorer at 张三's values (infinite horizon, no acquisition cost).

    Examples
    --------
    >>> ex = retention_lift_explorer()
    >>> round(ex.result.lift.lift, 3)
    0.275
    >>> ex.controls["cac"].value = 2000
    >>> round(ex.result.lift.lift, 3)
    0.574
    """
    return RetentionLiftExplorer(**values)


class LoyaltyExplorer(Explorer):
    """Sliders for the loyalty programme model on 张三's values: rewards and costs against lower churn.

    ``result`` is the :class:`crmlab.loyalty.LoyaltyProgramme`.
    """

    def __init__(self, *, reward_rate: float = 0.05, cost_per_member: float = 60.0, churn_reduction: float = 0.05,
                 spend_uplift: float = 0.0) -> None:  # fmt: skip
        use_course_style()
        self._base = zhangsan()
        controls: dict[str, w.ValueWidget] = {
            "reward_rate": _float_slider(term("reward_rate"), reward_rate, 0.0, 0.2, 0.01, ".0%"),
            "cost_per_member": _float_slider(term("cost_per_member"), cost_per_member, 0.0, 300.0, 10.0, ",.0f"),
            "churn_reduction": _float_slider(term("churn_reduction"), churn_reduction, 0.0, 0.15, 0.01, ".0%"),
            "spend_uplift": _float_slider(term("spend_uplift"), spend_uplift, 0.0, 0.3, 0.01, ".0%"),
        }
        self.summary = w.HTML()
        self.plot = _PlotImage((8, 4.8))
        super().__init__(controls, [self.summary, self.plot.widget])
        self.update()

    def compute(self, parameters: dict[str, Any]) -> LoyaltyProgramme:
        return loyalty_programme(self._base, **parameters)

    def render(self, result: LoyaltyProgramme) -> None:
        even = ("流失率降低多少都不够" if result.break_even is None
                else f"流失率至少要降低 {result.break_even:.1%} 才能收回成本")  # fmt: skip
        verdict = "值得" if result.gain >= 0 else "不值得"
        self.summary.value = (
            f"<div style='font-size:1.3em;margin:6px 0'>每位会员的当前价值变化 <b>{result.gain:+,.0f} 元</b>：{verdict}</div>"
            f"<div>{even}</div>"
        )
        self.plot.draw(plot_loyalty_programme, result)


def loyalty_explorer(**values: Any) -> LoyaltyExplorer:
    """Open the loyalty programme explorer on 张三's values.

    Examples
    --------
    >>> ex = loyalty_explorer()
    >>> round(ex.result.gain, 2)
    45.03
    >>> ex.controls["churn_reduction"].value = 0.02
    >>> ex.result.gain < 0
    True
    """
    return LoyaltyExplorer(**values)


class ServiceProfitChainExplorer(Explorer):
    """Sliders for the service–profit chain model: how strongly employee and customer satisfaction feed each other.

    ``result`` is the year-by-year table of :func:`crmlab.loyalty.service_profit_chain` (1,000
    customers, 200 new a year, 1,440 yuan profit each, churn 20%).
    """

    def __init__(self, *, service_boost: float = 0.3, employee_link: float = 0.6, customer_link: float = 0.5,
                 churn_per_point: float = 0.05, years: int = 6) -> None:  # fmt: skip
        use_course_style()
        controls: dict[str, w.ValueWidget] = {
            "service_boost": _float_slider(term("service_boost"), service_boost, 0.0, 1.0, 0.05, ".2f"),
            "employee_link": _float_slider(term("employee_link"), employee_link, 0.0, 0.95, 0.05, ".2f"),
            "customer_link": _float_slider(term("customer_link"), customer_link, 0.0, 0.95, 0.05, ".2f"),
            "churn_per_point": _float_slider(term("churn_per_point"), churn_per_point, 0.0, 0.2, 0.01, ".0%"),
            "years": _int_slider(term("years"), years, 2, 15),
        }
        self.summary = w.HTML()
        self.plot = _PlotImage((10, 5.2))
        super().__init__(controls, [self.summary, self.plot.widget],
                         columns=[["service_boost", "churn_per_point", "years"], ["employee_link", "customer_link"]])  # fmt: skip
        self.update()

    def compute(self, parameters: dict[str, Any]) -> pd.DataFrame:
        return service_profit_chain(**parameters)

    def render(self, result: pd.DataFrame) -> None:
        last = result.iloc[-1]
        self.summary.value = (
            f"<div style='font-size:1.3em;margin:6px 0'>良性循环的放大倍数 <b>{result.attrs['multiplier']:.2f}</b>；"
            f"第 {int(last['year'])} 年：客户满意度高出 {last['customer_satisfaction']:.2f} 分，流失率 {last['churn_rate']:.1%}，"
            f"客户 {last['customers']:,.0f} 位</div>"
        )
        self.plot.draw(plot_service_profit_chain, result)


def service_profit_chain_explorer(**values: Any) -> ServiceProfitChainExplorer:
    """Open the service–profit chain explorer (the model of section 7.8).

    Examples
    --------
    >>> ex = service_profit_chain_explorer()
    >>> round(ex.result.attrs["multiplier"], 3)
    1.429
    >>> ex.controls["employee_link"].value = 0.0
    >>> ex.result["customer_satisfaction"].round(2).tolist()[:2]
    [0.3, 0.3]
    """
    return ServiceProfitChainExplorer(**values)
