"""Explorers of the mobile-operator case (移动运营商的客户生命周期): the four optimisations and the CLTV function."""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import numpy as np

from .. import cltv, telecom
from ..glossary import term
from ..plotting._style import use_course_style
from ..plotting.telecom import plot_cltv_comparison, plot_value_curve
from ._base import Explorer, _float_slider, _int_slider
from ._image import _PlotImage

__all__ = [
    "OptimisationExplorer",
    "optimisation_explorer",
    "CLTVExplorer",
    "cltv_explorer",
]


def _case() -> tuple[np.ndarray, dict[str, float]]:
    from ..datasets import load_operator

    op = load_operator()
    return telecom.monthly_hazards(op.subscribers), telecom.case_economics(op.subscribers, op.monthly)


class OptimisationExplorer(Explorer):
    """Sliders for the four optimisations (四个最优化) and churn: the value of a new subscriber.

    Starts from the case's economics (:func:`crmlab.telecom.case_economics`) and
    monthly hazards (:func:`crmlab.telecom.monthly_hazards`); ``result`` is the
    :class:`crmlab.telecom.SubscriberValue` of the current settings, ``baseline`` the starting one.
    """

    def __init__(self, hazards: Any = None, base: dict[str, float] | None = None) -> None:
        use_course_style()
        if hazards is None or base is None:
            hazards, base = _case()
        self.hazards = np.asarray(hazards, dtype=float)
        self.base = {"cross_sell_rate": 0.0, "churn_change": 0.0, **base}
        self.baseline = telecom.subscriber_value(self.hazards, **self.base)
        b = self.base
        controls: dict[str, w.ValueWidget] = {
            "acquisition_cost": _float_slider(term("acquisition_cost"), b["acquisition_cost"], 0, 400, 5, ".0f"),
            "arpu": _float_slider(term("arpu"), b["arpu"], 40, 160, 1, ".0f"),
            "service_cost": _float_slider(term("service_cost"), b["service_cost"], 0, 20, 0.5, ".1f"),
            "cross_sell_rate": _float_slider(term("cross_sell_rate"), b["cross_sell_rate"], 0, 0.6, 0.05, ".0%"),
            "churn_change": _float_slider(term("churn_change"), b["churn_change"], -0.5, 0.5, 0.05, "+.0%"),
        }
        self.summary = w.HTML()
        self.plot = _PlotImage((10, 4.8))
        super().__init__(controls, [self.summary, self.plot.widget],
                         columns=[["acquisition_cost", "arpu", "service_cost"], ["cross_sell_rate", "churn_change"]])  # fmt: skip
        self.update()

    def compute(self, parameters: dict[str, Any]) -> telecom.SubscriberValue:
        return telecom.subscriber_value(self.hazards, **{**self.base, **parameters})

    def render(self, result: telecom.SubscriberValue) -> None:
        change = result.value - self.baseline.value
        self.summary.value = (
            f"<div style='font-size:1.15em'>每位新用户的终生价值（{len(self.hazards)} 个月，折现）："
            f"<b>{result.value:,.0f} 元</b>（调整前 {self.baseline.value:,.0f} 元，{change:+,.0f} 元）；"
            f"每月利润 {result.monthly_margin:,.1f} 元，折现后的预期在网月数 {result.discounted_months:.1f}</div>"
        )
        self.plot.draw(plot_value_curve, result, baseline=self.baseline)


def optimisation_explorer(hazards: Any = None, base: dict[str, float] | None = None) -> OptimisationExplorer:
    """Open the four-optimisations explorer (default: the course operator's data).

    Examples
    --------
    >>> ex = optimisation_explorer([0.0, 0.5], {"arpu": 100, "margin": 0.5, "service_cost": 10, "acquisition_cost": 50,
    ...                                          "discount_rate": 0})
    >>> ex.result.value
    10.0
    >>> ex.controls["acquisition_cost"].value = 40
    >>> ex.result.value
    20.0
    """
    return OptimisationExplorer(hazards, base)


class CLTVExplorer(Explorer):
    """Sliders for the source's CLTV function F(R, L, I) (CLTV 函数探索器), compared with chapter 6's CLV of 张三.

    ``result`` is the :class:`crmlab.cltv.CLTV` of the current settings.
    """

    def __init__(self, *, pgs: float = 2400, cs: float = 960, cm: float = 0, mpa: float = 2400, horizon: int = 5,
                 retention_rate: float = 0.8, nca: float = 0.5, price_effect: float = 0.0) -> None:  # fmt: skip
        use_course_style()
        from ..datasets import zhangsan

        self.chapter6 = cltv.compare_with_clv(zhangsan())["clv"]
        controls: dict[str, w.ValueWidget] = {
            "pgs": _float_slider(term("pgs"), pgs, 1200, 4800, 100, ".0f"),
            "cs": _float_slider(term("cs"), cs, 0, 2400, 60, ".0f"),
            "cm": _float_slider(term("cm"), cm, 0, 1200, 50, ".0f"),
            "mpa": _float_slider(term("mpa"), mpa, 1200, 4800, 100, ".0f"),
            "horizon": _int_slider(term("horizon"), horizon, 1, 20),
            "retention_rate": _float_slider(term("retention_rate"), retention_rate, 0.3, 0.95, 0.05, ".0%"),
            "nca": _float_slider(term("nca"), nca, 0, 2, 0.1, ".1f"),
            "price_effect": _float_slider(term("price_effect"), price_effect, 0, 5, 0.5, ".1f"),
        }
        self.summary = w.HTML()
        self.plot = _PlotImage((10, 4.8))
        super().__init__(controls, [self.summary, self.plot.widget],
                         columns=[["pgs", "cs", "cm", "mpa"], ["horizon", "retention_rate", "nca", "price_effect"]])  # fmt: skip
        self.update()

    def compute(self, parameters: dict[str, Any]) -> cltv.CLTV:
        return cltv.cltv_function(**parameters, discount_rate=0.1, referral_cost=500)

    def render(self, result: cltv.CLTV) -> None:
        import pandas as pd

        self.summary.value = (
            f"<div style='font-size:1.15em'>R = {result.revenue:,.0f} 元/年，L = {result.loyalty:.3f}"
            f"（价格影响后的保留率 {result.retention_rate:.1%}），I = {result.influence:,.0f} 元；"
            f"<b>CLTV = R × L + I = {result.cltv:,.0f} 元</b>（第 6 章张三的 CLV：{self.chapter6.iloc[-1]:,.0f} 元）</div>"
        )
        ours = [0.0, result.revenue * result.loyalty, 0.0, result.influence, result.cltv]
        table = pd.DataFrame({"clv": self.chapter6.to_numpy(), "cltv": ours}, index=self.chapter6.index)
        self.plot.draw(plot_cltv_comparison, table, title="第 6 章的 CLV 与当前设置下的 CLTV 函数")


def cltv_explorer(**values: Any) -> CLTVExplorer:
    """Open the CLTV-function explorer; keyword arguments set the sliders' starting values.

    Examples
    --------
    >>> ex = cltv_explorer()
    >>> round(ex.result.cltv)
    5776
    >>> ex.controls["nca"].value = 0.0
    >>> round(ex.result.cltv)
    3059
    """
    return CLTVExplorer(**values)
