"""Explorers of chapter 2 (客户与客户类型): ABC cut-offs and customer states."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as w
import pandas as pd

from .. import customers
from ..glossary import term
from ..plotting._style import use_course_style
from ..plotting.customers import plot_class_counts, plot_pareto
from ._base import _DESCRIPTION, Explorer, _table_html
from ._image import _PlotImage

__all__ = [
    "ABCExplorer",
    "abc_explorer",
    "StatusExplorer",
    "status_explorer",
]


class ABCExplorer(Explorer):
    """Sliders for the ABC cut-offs over one or several customer-value series (ABC 分类探索器).

    Controls: ``cutoffs`` (a range slider: the two cut-offs), ``basis``
    (by cumulative value or by share of customers) and, when several series
    are given, ``data``. Shows the Pareto curve coloured by class and the class
    summary; ``result`` is the latest :func:`crmlab.customers.abc_classes` table.
    """

    def __init__(
        self,
        values: pd.Series | Mapping[str, pd.Series],
        *,
        cutoffs: Sequence[float] = (0.8, 0.95),
        basis: str = "value",
    ) -> None:
        use_course_style()
        self.data = dict(values) if isinstance(values, Mapping) else {"客户价值": values}
        controls: dict[str, w.ValueWidget] = {}
        if len(self.data) > 1:
            controls["data"] = w.Dropdown(options=list(self.data), description="数据", style=_DESCRIPTION)
        controls["cutoffs"] = w.FloatRangeSlider(
            value=tuple(cutoffs), min=0.01, max=0.99, step=0.01, readout_format=".0%", description=term("cutoffs"),
            continuous_update=False, style=_DESCRIPTION, layout=w.Layout(width="auto"),
        )  # fmt: skip
        controls["basis"] = w.ToggleButtons(
            options=[("按累计价值", "value"), ("按客户占比", "customers")], value=basis, description=term("basis"),
            style={**_DESCRIPTION, "button_width": "8em"},
        )  # fmt: skip
        self.plot = _PlotImage((10, 5.2))
        self.table = w.HTML()
        super().__init__(controls, [self.plot.widget, self.table], columns=[list(controls)])
        self.update()

    def compute(self, parameters: dict[str, Any]) -> pd.DataFrame:
        values = self.data[parameters.get("data", next(iter(self.data)))]
        return customers.abc_classes(values, cutoffs=parameters["cutoffs"], basis=parameters["basis"])

    def render(self, result: pd.DataFrame) -> None:
        self.plot.draw(plot_pareto, result)
        summary = customers.class_summary(result)
        self.table.value = _table_html(
            summary, {"customer_share": "{:.1%}", "value_share": "{:.1%}", "value": "{:,.0f}", "mean_value": "{:,.1f}"}
        )


def abc_explorer(values: pd.Series | Mapping[str, pd.Series], **options: Any) -> ABCExplorer:
    """Open the ABC explorer on per-customer values (a Series, or a dict of named Series).

    Examples
    --------
    >>> v = pd.Series({"a": 500.0, "b": 300.0, "c": 100.0, "d": 60.0, "e": 40.0})
    >>> ex = abc_explorer(v)
    >>> ex.result["class"].tolist()
    ['A', 'A', 'B', 'B', 'C']
    >>> ex.controls["cutoffs"].value = (0.5, 0.9)
    >>> ex.result["class"].tolist()
    ['A', 'B', 'B', 'C', 'C']
    """
    return ABCExplorer(values, **options)


class StatusExplorer(Explorer):
    """Sliders for the loyalty / state rules and the analysis date (客户状态探索器).

    Controls: ``scheme`` (忠诚度 or 状态模型), ``as_of`` (month ends),
    ``new_days``, ``churn_days``, ``loyal_orders``, ``loyal_days``. Shows the
    count per class; ``result`` is the latest classified profile.
    """

    def __init__(self, transactions: pd.DataFrame, people: pd.DataFrame | None = None, **columns: Any) -> None:
        use_course_style()
        self.transactions, self.people, self.columns = transactions, people, columns
        dates = pd.to_datetime(transactions[columns.get("date", "date")])
        ends = pd.date_range(dates.min(), dates.max() + pd.offsets.MonthEnd(0), freq="ME")
        options = [(d.strftime("%Y-%m-%d"), d.strftime("%Y-%m-%d")) for d in ends]
        sliders = {"new_days": (90, 0, 365, 15), "churn_days": (180, 30, 720, 30), "loyal_orders": (5, 2, 20, 1),
                   "loyal_days": (365, 0, 1095, 30)}  # fmt: skip
        controls: dict[str, w.ValueWidget] = {
            "scheme": w.ToggleButtons(options=[("忠诚度", "loyalty"), ("状态模型", "state")], description=term("scheme"),
                                      style={**_DESCRIPTION, "button_width": "7em"}),
            "as_of": w.SelectionSlider(options=options, value=options[-1][1], description=term("as_of"),
                                       continuous_update=False, style=_DESCRIPTION, layout=w.Layout(width="auto")),
        }  # fmt: skip
        for name, (value, low, high, step) in sliders.items():
            controls[name] = w.IntSlider(value=value, min=low, max=high, step=step, description=term(name),
                                         continuous_update=False, style=_DESCRIPTION, layout=w.Layout(width="auto"))  # fmt: skip
        self.plot = _PlotImage((9, 4.6))
        super().__init__(controls, [self.plot.widget], columns=[["scheme", "as_of", "new_days"], ["churn_days", "loyal_orders", "loyal_days"]])
        self.update()

    def compute(self, parameters: dict[str, Any]) -> pd.DataFrame:
        rules = {k: parameters[k] for k in ("churn_days", "loyal_orders", "loyal_days")}
        if parameters["scheme"] == "loyalty":
            return customers.loyalty_classes(
                self.transactions, self.people, as_of=parameters["as_of"], new_days=parameters["new_days"], **rules, **self.columns
            )
        return customers.customer_states(self.transactions, self.people, as_of=parameters["as_of"], **rules, **self.columns)

    def render(self, result: pd.DataFrame) -> None:
        column = "loyalty" if "loyalty" in result.columns else "state"
        title = f"{self.parameters['as_of']} 的{'客户' + term('loyalty') if column == 'loyalty' else term('state')}"
        self.plot.draw(plot_class_counts, result[column], title=title)


def status_explorer(transactions: pd.DataFrame, people: pd.DataFrame | None = None, **columns: Any) -> StatusExplorer:
    """Open the loyalty / state explorer on a transaction log (and the people the firm knows).

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "b", "b"], "date": pd.to_datetime(["2024-01-20", "2024-02-05", "2024-03-30"])})
    >>> ex = status_explorer(t)
    >>> ex.result["loyalty"].tolist()  # as of 2024-03-31, both first bought within 90 days
    ['新客户', '新客户']
    >>> ex.controls["new_days"].value = 30
    >>> ex.result["loyalty"].tolist()
    ['老客户', '老客户']
    """
    return StatusExplorer(transactions, people, **columns)
