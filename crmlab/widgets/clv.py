"""Explorer of the CLV chapter (客户终生价值): every factor of :func:`crmlab.clv.clv_breakdown` on a slider."""

from __future__ import annotations

import math
from typing import Any

import ipywidgets as w

from ..clv import CLVBreakdown, clv_breakdown
from ..datasets import zhangsan
from ..glossary import label_columns, term
from ..plotting._style import use_course_style
from ..plotting.clv import CompositionChart, DCFChart
from ._base import _DESCRIPTION, Explorer
from ._image import _PlotImage, render_png

__all__ = [
    "CLVExplorer",
    "clv_explorer",
]


# (min, max, step, d3 readout format) of each slider of the CLV explorer
_CLV_SLIDERS: dict[str, tuple[float, float, float, str]] = {
    "annual_revenue": (0, 10000, 100, ",.0f"),
    "margin": (0, 1, 0.01, ".0%"),
    "years_active": (0, 20, 1, ".0f"),
    "churn_rate": (0, 0.95, 0.01, ".0%"),
    "discount_rate": (0, 0.3, 0.01, ".0%"),
    "revenue_growth": (-0.2, 0.3, 0.01, ".0%"),
    "maintenance_cost": (0, 2000, 50, ",.0f"),
    "data_value": (0, 1000, 50, ",.0f"),
    "upsell_revenue": (0, 5000, 100, ",.0f"),
    "upsell_probability": (0, 1, 0.05, ".0%"),
    "referrals_per_year": (0, 3, 0.1, ".1f"),
    "referral_cost": (0, 2000, 50, ",.0f"),
}


#: Slider value that stands for an infinite horizon.
INFINITE = math.inf


def _slider(name: str, value: float) -> w.FloatSlider:
    low, high, step, readout = _CLV_SLIDERS[name]
    return w.FloatSlider(
        value=value,
        min=min(low, value),
        max=max(high, value),
        step=step,
        readout_format=readout,
        description=term(name),
        continuous_update=False,
        style=_DESCRIPTION,
        layout=w.Layout(width="auto"),
    )


def _horizon_slider(value: int | None) -> w.SelectionSlider:
    years = sorted({*range(1, 31), *([value] if value is not None else [])})
    options = [(str(y), y) for y in years] + [("∞", INFINITE)]
    return w.SelectionSlider(
        options=options,
        value=INFINITE if value is None else value,
        description=term("horizon"),
        continuous_update=False,
        style=_DESCRIPTION,
        layout=w.Layout(width="auto"),
    )


class CLVExplorer(Explorer):
    """Sliders for every factor of :func:`crmlab.clv.clv_breakdown`, starting at 张三's values.

    Shows the total with its change from the starting point, the DCF bars
    and the composition waterfall, and the year-by-year DCF table. The horizon
    slider's last stop, ``∞`` (``math.inf``), means an infinite horizon.
    """

    def __init__(self, **overrides: Any) -> None:
        use_course_style()
        params = {**zhangsan(), **overrides}
        self.baseline: CLVBreakdown = clv_breakdown(**params)
        full = dict(self.baseline.parameters)
        controls: dict[str, w.ValueWidget] = {name: _slider(name, float(full[name])) for name in _CLV_SLIDERS}
        controls["horizon"] = _horizon_slider(full["horizon"])
        controls["referral_model"] = w.ToggleButtons(
            options=[("教材公式", "textbook"), ("逐年计入", "lifetime")],
            value=full["referral_model"],
            description=term("referral_model"),
            style={**_DESCRIPTION, "button_width": "7em"},
        )
        columns = [
            # the customer and the profit per year
            ["annual_revenue", "margin", "years_active", "horizon", "revenue_growth", "maintenance_cost", "data_value"],
            # churn, discounting and the potential value
            ["churn_rate", "discount_rate", "upsell_revenue", "upsell_probability", "referrals_per_year",
             "referral_cost", "referral_model"],
        ]  # fmt: skip
        # parameters without a slider (e.g. past_annual_revenue) keep their starting value
        self._fixed = {k: v for k, v in full.items() if k not in controls}
        self.summary = w.HTML()
        self.table = w.HTML()
        self.plot = _PlotImage(
            (13, 4.8), width_ratios=[1.15, 1], margins={"left": 0.07, "right": 0.975, "bottom": 0.12, "top": 0.84, "wspace": 0.2},
            max_width="1200px",
        )  # fmt: skip
        self.image, self.figure, self._axes = self.plot.widget, self.plot.figure, self.plot.axes
        self._dcf: DCFChart | None = None
        self._composition = CompositionChart(self._axes[1])
        super().__init__(controls, [self.summary, self.image, self.table], columns=columns)
        self.update()

    @property
    def parameters(self) -> dict[str, Any]:
        params = super().parameters
        if params["horizon"] == INFINITE:
            params["horizon"] = None
        return {**self._fixed, **params}

    def set(self, **values: Any) -> None:
        if "horizon" in values and values["horizon"] is None:
            values["horizon"] = INFINITE
        super().set(**values)

    def compute(self, parameters: dict[str, Any]) -> CLVBreakdown:
        if parameters.get("horizon") == INFINITE:
            parameters = {**parameters, "horizon": None}
        return clv_breakdown(**parameters)

    def render(self, result: CLVBreakdown) -> None:
        base = self.baseline.total
        delta = result.total - base
        pct = f" / {delta / base:+.1%}" if base else ""
        self.summary.value = (
            f"<div style='font-size:1.5em;margin:6px 0'>{term('total')} <b>{result.total:,.2f} 元</b>"
            f" <span style='color:#555;font-size:0.7em'>（初始值 {base:,.2f} 元，变化 {delta:+,.2f} 元{pct}）</span></div>"
            f"<div style='font-size:1.15em'>= {term('historical')} {result.historical:,.2f} + {term('current')} {result.current:,.2f}"
            f" + {term('potential')} {result.potential:,.2f}（升级 {result.upsell:,.2f} + 推荐 {result.referral:,.2f}）</div>"
        )
        if self._dcf is None or self._dcf.years != len(result.table):
            left = self._axes[0]
            self.plot.clear(left)
            self._dcf = DCFChart(left, len(result.table))
        self._dcf.update(result)
        self._composition.update(result)
        self.image.value = render_png(self.figure, self.plot)
        shown = label_columns(result.table).to_html(
            index=False,
            formatters={
                term("survival_probability"): "{:.2%}".format,
                term("discount_factor"): "{:.4f}".format,
                term("expected_profit"): "{:,.2f}".format,
                term("present_value"): "{:,.2f}".format,
            },
            border=0,
        )
        self.table.value = f"<details><summary>逐年现金流量表（DCF）</summary>{shown}</details>"


def clv_explorer(**overrides: Any) -> CLVExplorer:
    """Open the CLV explorer at 张三's values, with any parameter overridden.

    Examples
    --------
    >>> ex = clv_explorer(churn_rate=0.15)
    >>> round(ex.result.current, 2)
    3547.12
    >>> ex.controls["churn_rate"].value = 0.2
    >>> round(ex.result.total, 2)
    8866.86
    """
    return CLVExplorer(**overrides)
