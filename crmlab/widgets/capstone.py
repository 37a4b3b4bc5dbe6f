"""Explorer of the capstone (综合实训): how the plan per segment moves with its assumptions and budget."""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import pandas as pd

from .. import capstone
from ..glossary import term
from ..plotting._style import use_course_style
from ..plotting.capstone import StrategyChart
from ._base import Explorer, _float_slider, _table_html
from ._image import _PlotImage, render_png

__all__ = [
    "StrategyExplorer",
    "strategy_explorer",
]


class StrategyExplorer(Explorer):
    """Sliders for the cost and effect of every action and for the total budget (策略探索器).

    ``cost_factor`` and ``effect_factor`` multiply the assumed cost per
    customer and effect of every segment's action; ``total_budget`` caps the total
    spent (segments are funded best return first; the last one may be covered in part). ``result`` is the latest
    :func:`crmlab.capstone.strategy_table`.
    """

    def __init__(self, overview: pd.DataFrame, actions: pd.DataFrame | None = None, *, total_budget: float | None = None) -> None:
        use_course_style()
        self.overview, self.actions = overview, actions
        full = capstone.strategy_table(overview, actions)
        top = float(full["action_budget"].sum())
        start = top if total_budget is None else float(total_budget)
        controls: dict[str, w.ValueWidget] = {
            "cost_factor": _float_slider(term("cost_factor"), 1.0, 0.25, 4.0, 0.05),
            "effect_factor": _float_slider(term("effect_factor"), 1.0, 0.0, 3.0, 0.05),
            "total_budget": _float_slider(term("total_budget"), start, 0.0, max(top, start), max(top, start) / 200, ",.0f"),
        }
        self.summary = w.HTML()
        self.plot = _PlotImage((10, 5.4))
        self._chart = StrategyChart(self.plot.ax, full["segment"], annotate=False)  # the segments never change: built once
        self.table = w.HTML()
        super().__init__(controls, [self.summary, self.plot.widget, self.table], columns=[["cost_factor", "effect_factor"], ["total_budget"]])
        self.update()

    def compute(self, parameters: dict[str, Any]) -> pd.DataFrame:
        return capstone.strategy_table(self.overview, self.actions, **parameters)

    def render(self, result: pd.DataFrame) -> None:
        plan = result[result["funded"]]
        spend, gain = float(plan["planned_spend"].sum()), float(plan["planned_gain"].sum())
        ratio = f"{(gain - spend) / spend:.1f}" if spend > 0 else "—"
        self.summary.value = (
            f"<div style='font-size:1.15em'>投入 {len(plan)} 个细分：预算 <b>{spend:,.0f} 元</b>，"
            f"预期增加价值 <b>{gain:,.0f} 元</b>，净收益 {gain - spend:,.0f} 元，投入产出比 {ratio}</div>"
        )
        self._chart.update(result)  # bar lengths, colours and labels change in place
        self.plot.widget.value = render_png(self.plot.figure, self.plot)
        shown = result[["segment", "customers", "cost_per_customer", "effect", "action_budget", "expected_value", "roi", "funded_share"]]
        self.table.value = _table_html(
            shown,
            {"cost_per_customer": "{:,.1f}", "effect": "{:.1%}", "action_budget": "{:,.0f}", "expected_value": "{:,.0f}", "roi": "{:.2f}",
             "funded_share": "{:.0%}"},
        )  # fmt: skip


def strategy_explorer(overview: pd.DataFrame, actions: pd.DataFrame | None = None, *, total_budget: float | None = None) -> StrategyExplorer:
    """Open the strategy explorer on a customer overview (:func:`crmlab.capstone.customer_overview`).

    Examples
    --------
    >>> view = pd.DataFrame({"segment": ["甲", "甲", "乙"], "predictive_clv": [400.0, 600.0, 20.0], "warned": [True, False, False]})
    >>> acts = pd.DataFrame({"segment": ["甲", "乙"], "action": ["维护", "触达"], "cost_per_customer": [10.0, 5.0], "effect": [0.1, 0.1]})
    >>> ex = strategy_explorer(view, acts)
    >>> ex.result["funded"].tolist()
    [True, False]
    >>> ex.controls["effect_factor"].value = 3.0
    >>> ex.result["funded"].tolist()
    [True, True]
    """
    return StrategyExplorer(overview, actions, total_budget=total_budget)
