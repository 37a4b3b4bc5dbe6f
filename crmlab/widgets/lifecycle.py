"""Explorers of the lifecycle chapter (客户生命周期): the model curve and the churn warning."""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import pandas as pd

from .. import lifecycle
from ..glossary import term
from ..plotting._style import use_course_style
from ..plotting.lifecycle import plot_lifecycle_curve
from ._base import _DESCRIPTION, Explorer, _float_slider, _int_slider, _table_html
from ._image import _PlotImage

__all__ = [
    "LifecycleExplorer",
    "lifecycle_explorer",
    "ChurnWarningExplorer",
    "churn_warning_explorer",
]


class LifecycleExplorer(Explorer):
    """Sliders for the length of each lifecycle stage and the levels of the model curve (生命周期模型探索器).

    ``result`` is the latest :func:`crmlab.lifecycle.lifecycle_curve`.
    """

    def __init__(self, **overrides: Any) -> None:
        use_course_style()
        start = {"exploration": 3, "formation": 6, "stability": 12, "decline": 6, "explore_level": 0.2, "peak": 1.0,
                 "margin": 0.3, "cost": 0.15, **overrides}  # fmt: skip
        controls: dict[str, w.ValueWidget] = {
            "exploration": _int_slider(term("exploration"), start["exploration"], 0, 24),
            "formation": _int_slider(term("formation"), start["formation"], 0, 24),
            "stability": _int_slider(term("stability"), start["stability"], 0, 48),
            "decline": _int_slider(term("decline"), start["decline"], 0, 24),
            "explore_level": _float_slider(term("explore_level"), start["explore_level"], 0, 1, 0.05),
            "peak": _float_slider(term("peak"), start["peak"], 0.1, 2, 0.05),
            "margin": _float_slider(term("margin"), start["margin"], 0, 1, 0.05, ".0%"),
            "cost": _float_slider(term("cost"), start["cost"], 0, 0.5, 0.01),
        }
        self.summary = w.HTML()
        self.plot = _PlotImage((10, 5.2))
        super().__init__(controls, [self.summary, self.plot.widget],
                         columns=[["exploration", "formation", "stability", "decline"], ["explore_level", "peak", "margin", "cost"]])  # fmt: skip
        self.update()

    def compute(self, parameters: dict[str, Any]) -> pd.DataFrame:
        return lifecycle.lifecycle_curve(**parameters)

    def render(self, result: pd.DataFrame) -> None:
        total = float(result["profit"].sum())
        losing = int((result["profit"] < 0).sum())
        self.summary.value = (
            f"<div style='font-size:1.3em'>整个生命周期的累计利润 <b>{total:,.2f}</b>"
            f" <span style='font-size:0.8em;color:#555'>（其中 {losing} 期亏损）</span></div>"
        )
        self.plot.draw(plot_lifecycle_curve, result)


def lifecycle_explorer(**overrides: Any) -> LifecycleExplorer:
    """Open the lifecycle model explorer (stage lengths in periods, levels relative to the peak).

    Examples
    --------
    >>> ex = lifecycle_explorer()
    >>> len(ex.result)
    27
    >>> ex.controls["stability"].value = 0
    >>> "稳定期" in set(ex.result["stage"])
    False
    """
    return LifecycleExplorer(**overrides)


class ChurnWarningExplorer(Explorer):
    """Sliders for the churn-warning rule and the analysis date, with the flagged list (流失预警探索器).

    ``result`` is the latest :func:`crmlab.lifecycle.churn_warning` table.
    """

    def __init__(self, transactions: pd.DataFrame, *, as_of: Any = None, **columns: Any) -> None:
        use_course_style()
        self.transactions, self.columns = transactions, columns
        dates = pd.to_datetime(transactions[columns.get("date", "date")])
        ends = pd.date_range(dates.min() + pd.Timedelta(days=30), dates.max() + pd.Timedelta(days=120), freq="W-SUN")
        options = [d.strftime("%Y-%m-%d") for d in ends]
        chosen = pd.Timestamp(as_of).strftime("%Y-%m-%d") if as_of is not None else options[-1]
        if chosen not in options:
            options = sorted({*options, chosen})
        controls: dict[str, w.ValueWidget] = {
            "as_of": w.SelectionSlider(options=options, value=chosen, description=term("as_of"), continuous_update=False,
                                       style=_DESCRIPTION, layout=w.Layout(width="auto")),
            "baseline_days": _int_slider(term("baseline_days"), 90, 14, 365, 7),
            "recent_days": _int_slider(term("recent_days"), 30, 7, 120, 7),
            "drop": _float_slider(term("drop"), 0.5, 0.05, 1.0, 0.05, ".0%"),
            "min_baseline": _int_slider(term("min_baseline"), 3, 1, 20),
        }  # fmt: skip
        self.summary = w.HTML()
        self.table = w.HTML()
        super().__init__(controls, [self.summary, self.table],
                         columns=[["as_of", "baseline_days", "recent_days"], ["drop", "min_baseline"]])  # fmt: skip
        self.update()

    def compute(self, parameters: dict[str, Any]) -> pd.DataFrame:
        return lifecycle.churn_warning(self.transactions, **parameters, **self.columns)

    def render(self, result: pd.DataFrame) -> None:
        flagged = result[result["flagged"]].sort_values(["activity_ratio", "baseline"], ascending=[True, False])
        self.summary.value = (
            f"<div style='font-size:1.3em'>{self.parameters['as_of']}：预警 <b>{len(flagged):,}</b> 位客户"
            f" <span style='font-size:0.8em;color:#555'>（基准期或观察期有购买的 {len(result):,} 位客户中）</span></div>"
        )
        shown = flagged.head(15).reset_index()
        self.table.value = _table_html(shown, {"baseline_rate": "{:.1f}", "recent_rate": "{:.1f}", "activity_ratio": "{:.0%}"})


def churn_warning_explorer(transactions: pd.DataFrame, *, as_of: Any = None, **columns: Any) -> ChurnWarningExplorer:
    """Open the churn-warning explorer on a transaction log.

    Examples
    --------
    >>> visits = [f"2024-0{m}-{d:02d}" for m in (1, 2, 3) for d in (3, 10, 17, 24)] + ["2024-04-02"]
    >>> ex = churn_warning_explorer(pd.DataFrame({"customer_id": "小林", "date": visits}), as_of="2024-04-28")
    >>> bool(ex.result.loc["小林", "flagged"])
    True
    >>> ex.controls["drop"].value = 0.05
    >>> bool(ex.result.loc["小林", "flagged"])
    False
    """
    return ChurnWarningExplorer(transactions, as_of=as_of, **columns)
