"""Slider explorers (互动探索): thin layers of ipywidgets over the crmlab functions.

This is the only module that imports ipywidgets. An explorer recomputes through
the same tested function the notebook text uses, keeps the latest result in
``result`` and exposes its widgets in ``controls`` (parameter name -> widget),
so a test can move a slider and read the number::

    ex = clv_explorer()
    ex.controls["churn_rate"].value = 0.15
    ex.result.total

Bad input from the sliders (e.g. an infinite horizon whose sum diverges) is
shown in the explorer as a bilingual message and kept in ``error``; any other
exception is raised, never swallowed, so a test that moves a slider sees it.
"""

from __future__ import annotations

import contextlib
import html
import io
import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ._validation import CrmlabInputError
from . import btyd, customers, lifecycle, retention, rfm
from .clv import CLVBreakdown, clv_breakdown
from .datasets import xiaolin_cup, zhangsan
from .glossary import BTYD_TERMS, label_columns, term
from .plotting import (
    CompositionChart,
    DCFChart,
    plot_alive_curve,
    plot_class_counts,
    plot_clv_distribution,
    plot_delivered_value,
    plot_lifecycle_curve,
    plot_pareto,
    plot_rfm_segments,
    plot_sbg,
    use_course_style,
)
from .value import COST_COMPONENTS, VALUE_COMPONENTS, DeliveredValue, delivered_value

__all__ = [
    "Explorer",
    "CLVExplorer",
    "clv_explorer",
    "ABCExplorer",
    "abc_explorer",
    "StatusExplorer",
    "status_explorer",
    "DeliveredValueExplorer",
    "delivered_value_explorer",
    "RFMExplorer",
    "rfm_explorer",
    "LifecycleExplorer",
    "lifecycle_explorer",
    "ChurnWarningExplorer",
    "churn_warning_explorer",
    "SBGExplorer",
    "sbg_explorer",
    "PredictiveCLVExplorer",
    "predictive_clv_explorer",
    "AliveExplorer",
    "alive_explorer",
]

_DESCRIPTION = {"description_width": "7.5em"}


class Explorer:
    """Base of the course's explorers: controls -> compute -> render.

    Subclasses build ``controls`` and implement :meth:`compute` (call a crmlab
    function with the current parameters) and :meth:`render` (update the output
    widgets from a result). ``updates`` counts successful recomputations.
    """

    def __init__(
        self,
        controls: Mapping[str, w.ValueWidget],
        outputs: list[w.Widget],
        *,
        columns: Sequence[Sequence[str]] | None = None,
    ) -> None:
        self.controls: dict[str, w.ValueWidget] = dict(controls)
        self.result: Any = None
        self.error: CrmlabInputError | None = None
        self.updates = 0
        self._initial = {name: control.value for name, control in self.controls.items()}
        self._holding = False
        self.message = w.HTML()
        reset = w.Button(description="恢复初始值", icon="undo", tooltip="把所有滑块恢复到初始值")
        reset.on_click(lambda _: self.reset())
        names = list(self.controls)
        if columns is None:  # two columns in the order given
            half = (len(names) + 1) // 2
            columns = [names[:half], names[half:]]
        placed = [name for column in columns for name in column]
        if sorted(placed) != sorted(names):
            raise ValueError(f"columns must place every control exactly once: {placed} vs {names}")
        panel = w.HBox(
            [w.VBox([self.controls[n] for n in column], layout=w.Layout(width=f"{100 / len(columns):.0f}%")) for column in columns],
            layout=w.Layout(grid_gap="24px"),
        )
        self.widget = w.VBox([panel, w.HBox([reset, self.message]), *outputs])
        for control in self.controls.values():
            control.observe(self._on_change, names="value")

    @property
    def parameters(self) -> dict[str, Any]:
        """The current value of every control, by parameter name."""
        return {name: control.value for name, control in self.controls.items()}

    def compute(self, parameters: dict[str, Any]) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def render(self, result: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _on_change(self, change: dict[str, Any]) -> None:
        if not self._holding:
            self.update()

    def update(self) -> None:
        """Recompute from the controls and redraw; show bad input as a message."""
        try:
            result = self.compute(self.parameters)
        except CrmlabInputError as err:
            self.error = err
            self.message.value = (
                f"<div style='color:#b00020;font-size:1.1em'>⚠ {html.escape(err.zh)}<br>"
                f"<small>{html.escape(err.en)}</small></div>"
            )
            return
        self.error = None
        self.message.value = ""
        self.result = result
        self.render(result)
        self.updates += 1

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Change several controls with a single recomputation at the end."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
        self.update()

    def set(self, **values: Any) -> None:
        """Set several controls at once, e.g. ``ex.set(churn_rate=0.15, discount_rate=0.08)``."""
        unknown = [k for k in values if k not in self.controls]
        if unknown:
            raise CrmlabInputError(
                unknown[0],
                f"没有名为 {unknown[0]} 的滑块; 可用: {', '.join(self.controls)}",
                f"no control named {unknown[0]}",
            )
        with self.hold():
            for name, value in values.items():
                self.controls[name].value = value

    def reset(self) -> None:
        """Put every control back to its initial value."""
        self.set(**self._initial)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


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
        self.image = w.Image(format="png", layout=w.Layout(width="100%", max_width="1200px"))
        self.table = w.HTML()
        self.figure = Figure(figsize=(13, 4.8), dpi=90)
        self.figure.subplots_adjust(left=0.07, right=0.975, bottom=0.12, top=0.84, wspace=0.2)
        FigureCanvasAgg(self.figure)
        self._axes = self.figure.subplots(1, 2, gridspec_kw={"width_ratios": [1.15, 1]})
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
        return clv_breakdown(**parameters)

    def render(self, result: CLVBreakdown) -> None:
        base = self.baseline.total
        delta = result.total - base
        pct = f" / {delta / base:+.1%}" if base else ""
        self.summary.value = (
            f"<div style='font-size:1.5em;margin:6px 0'>客户终生价值 <b>{result.total:,.2f} 元</b>"
            f" <span style='color:#555;font-size:0.7em'>(初始值 {base:,.2f} 元, 变化 {delta:+,.2f} 元{pct})</span></div>"
            f"<div style='font-size:1.15em'>= 历史价值 {result.historical:,.2f} + 当前价值 {result.current:,.2f}"
            f" + 潜在价值 {result.potential:,.2f} (升级 {result.upsell:,.2f} + 推荐 {result.referral:,.2f})</div>"
        )
        if self._dcf is None or self._dcf.years != len(result.table):
            left = self._axes[0]
            left.clear()
            self._dcf = DCFChart(left, len(result.table))
        self._dcf.update(result)
        self._composition.update(result)
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
        self.image.value = buffer.getvalue()
        shown = label_columns(result.table).to_html(
            index=False,
            formatters={
                term("retention_probability"): "{:.2%}".format,
                term("discount_factor"): "{:.4f}".format,
                term("expected_profit"): "{:,.2f}".format,
                term("present_value"): "{:,.2f}".format,
            },
            border=0,
        )
        self.table.value = f"<details><summary>逐年现金流量表 (DCF)</summary>{shown}</details>"


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


class _PlotImage:
    """A matplotlib figure shown as a PNG in an Image widget, redrawn from scratch on each update.

    With ``fixed_layout`` the constrained layout is computed on the first draw
    only and kept (about 90 ms saved per update), for figures whose labels do
    not change size as the sliders move.
    """

    def __init__(self, figsize: tuple[float, float], *, fixed_layout: bool = False) -> None:
        self.figure = Figure(figsize=figsize, dpi=90, layout="constrained")
        FigureCanvasAgg(self.figure)
        self.ax = self.figure.subplots()
        self.widget = w.Image(format="png", layout=w.Layout(width="100%", max_width="1000px"))
        self._fixed_layout = fixed_layout

    def draw(self, plot, *args: Any, **kwargs: Any) -> None:
        self.ax.clear()
        plot(*args, ax=self.ax, **kwargs)
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
        self.widget.value = buffer.getvalue()
        if self._fixed_layout and self.figure.get_layout_engine() is not None:
            self.figure.set_layout_engine("none")  # keep the positions the first draw computed


def _table_html(frame, formats: Mapping[str, str]) -> str:
    shown = label_columns(frame).to_html(
        index=False, border=0, formatters={term(k): (lambda f: (lambda x: f.format(x)))(f) for k, f in formats.items()}
    )
    return f"<div style='font-size:1.05em'>{shown}</div>"


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
            value=tuple(cutoffs), min=0.01, max=0.99, step=0.01, readout_format=".0%", description="分界值",
            continuous_update=False, style=_DESCRIPTION, layout=w.Layout(width="auto"),
        )  # fmt: skip
        controls["basis"] = w.ToggleButtons(
            options=[("按累计价值", "value"), ("按客户占比", "customers")], value=basis, description="划分依据",
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
            "scheme": w.ToggleButtons(options=[("忠诚度", "loyalty"), ("状态模型", "state")], description="分类方式",
                                      style={**_DESCRIPTION, "button_width": "7em"}),
            "as_of": w.SelectionSlider(options=options, value=options[-1][1], description="分析日期",
                                       continuous_update=False, style=_DESCRIPTION, layout=w.Layout(width="auto")),
        }  # fmt: skip
        labels = {"new_days": "新客户天数", "churn_days": "流失天数", "loyal_orders": "忠诚最少单数", "loyal_days": "忠诚最短天数"}
        for name, (value, low, high, step) in sliders.items():
            controls[name] = w.IntSlider(value=value, min=low, max=high, step=step, description=labels[name],
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
        title = f"{self.parameters['as_of']} 的客户{'忠诚度分类' if column == 'loyalty' else '状态'}"
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


class DeliveredValueExplorer(Explorer):
    """Sliders for the eight components of customer delivered value, starting at 小林's (让渡价值探索器).

    Shows the total value against the total cost and the decision
    (物超所值 / 不值); ``result`` is the latest :func:`crmlab.value.delivered_value`.
    """

    def __init__(self, customer: str = "小林", **overrides: Any) -> None:
        use_course_style()
        start = {**xiaolin_cup(customer), **overrides}
        self.baseline: DeliveredValue = delivered_value(**start)
        controls = {
            name: w.FloatSlider(
                value=float(start[name]), min=0.0, max=max(600.0, float(start[name])), step=5.0, readout_format=",.0f",
                description=term(name), continuous_update=False, style=_DESCRIPTION, layout=w.Layout(width="auto"),
            )  # fmt: skip
            for name in (*VALUE_COMPONENTS, *COST_COMPONENTS)
        }
        self.verdict = w.HTML()
        self.plot = _PlotImage((8, 5.6))
        super().__init__(controls, [self.verdict, self.plot.widget], columns=[list(VALUE_COMPONENTS), list(COST_COMPONENTS)])
        self.update()

    def compute(self, parameters: dict[str, Any]) -> DeliveredValue:
        return delivered_value(**parameters)

    def render(self, result: DeliveredValue) -> None:
        color = {"物超所值": "#2ca02c", "不值": "#d62728"}.get(result.verdict, "#555")
        self.verdict.value = (
            f"<div style='font-size:1.5em'>让渡价值 <b>{result.delivered_value:+,.0f} 元</b>: "
            f"<b style='color:{color}'>{result.verdict}</b>"
            f" <span style='font-size:0.7em;color:#555'>(总价值 / 总成本 = {result.ratio:.2f})</span></div>"
        )
        self.plot.draw(plot_delivered_value, result)


def delivered_value_explorer(customer: str = "小林", **overrides: Any) -> DeliveredValueExplorer:
    """Open the delivered value explorer at a customer's perceptions of the coffee cup (小林 or 小王).

    Examples
    --------
    >>> ex = delivered_value_explorer()
    >>> ex.result.verdict
    '物超所值'
    >>> ex.controls["psychological_cost"].value = 60
    >>> ex.result.verdict, ex.result.delivered_value
    ('不值', -18.0)
    """
    return DeliveredValueExplorer(customer, **overrides)


class RFMExplorer(Explorer):
    """Sliders over the RFM binning, the high/low threshold and the segmentation scheme (RFM 探索器).

    Controls: ``data`` (when several RFM tables are given), ``bins`` (number
    of quantile groups), ``threshold`` (mean or median score) and ``scheme``
    (four or eight classes). Shows each segment's share of customers and of
    revenue, and the profile table; ``result`` is the latest
    :func:`crmlab.rfm.segment_profile`.
    """

    def __init__(self, tables: rfm.RFM | Mapping[str, rfm.RFM], *, bins: int = 5, threshold: str = "mean", scheme: str = "eight") -> None:
        use_course_style()
        self.data = dict(tables) if isinstance(tables, Mapping) else {"RFM": tables}
        controls: dict[str, w.ValueWidget] = {}
        if len(self.data) > 1:
            controls["data"] = w.Dropdown(options=list(self.data), description="数据", style=_DESCRIPTION)
        controls["bins"] = w.IntSlider(value=bins, min=2, max=10, description="分数档数", continuous_update=False,
                                       style=_DESCRIPTION, layout=w.Layout(width="auto"))  # fmt: skip
        controls["threshold"] = w.ToggleButtons(options=[("平均数", "mean"), ("中位数", "median")], value=threshold,
                                                description="高低分界", style={**_DESCRIPTION, "button_width": "6em"})  # fmt: skip
        controls["scheme"] = w.ToggleButtons(options=[("八类", "eight"), ("教材四类", "four")], value=scheme,
                                             description="分类方案", style={**_DESCRIPTION, "button_width": "6em"})  # fmt: skip
        self.plot = _PlotImage((9, 5.2))
        self.table = w.HTML()
        super().__init__(controls, [self.plot.widget, self.table], columns=[list(controls)])
        self.update()

    def compute(self, parameters: dict[str, Any]) -> pd.DataFrame:
        table = self.data[parameters.get("data", next(iter(self.data)))]
        scores = rfm.rfm_scores(table, bins=parameters["bins"])
        segments = rfm.rfm_segments(scores, scheme=parameters["scheme"], threshold=parameters["threshold"])
        return rfm.segment_profile(segments)

    def render(self, result: pd.DataFrame) -> None:
        self.plot.draw(plot_rfm_segments, result)
        shown = result[["segment", "customers", "customer_share", "revenue_share", "mean_recency", "mean_frequency", "mean_monetary"]]
        self.table.value = _table_html(
            shown,
            {"customer_share": "{:.1%}", "revenue_share": "{:.1%}", "mean_recency": "{:,.0f}", "mean_frequency": "{:,.1f}",
             "mean_monetary": "{:,.0f}"},
        )  # fmt: skip


def rfm_explorer(tables: rfm.RFM | Mapping[str, rfm.RFM], **options: Any) -> RFMExplorer:
    """Open the RFM explorer on one RFM table or a dict of named ones.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "b", "c", "d"], "date": pd.to_datetime(["2024-01-01", "2024-06-01", "2024-06-20", "2024-06-25"]),
    ...                   "amount": [100.0, 20.0, 50.0, 80.0]})
    >>> ex = rfm_explorer(rfm.rfm_table(t))
    >>> int(ex.result["customers"].sum())
    4
    >>> ex.controls["scheme"].value = "four"
    >>> ex.result["segment"].tolist()
    ['高价值客户', '重要挽留客户', '新客户', '低价值客户']
    """
    return RFMExplorer(tables, **options)


def _int_slider(label: str, value: int, low: int, high: int, step: int = 1) -> w.IntSlider:
    return w.IntSlider(value=value, min=min(low, value), max=max(high, value), step=step, description=label,
                       continuous_update=False, style=_DESCRIPTION, layout=w.Layout(width="auto"))  # fmt: skip


def _float_slider(label: str, value: float, low: float, high: float, step: float, readout: str = ".2f") -> w.FloatSlider:
    return w.FloatSlider(value=value, min=min(low, value), max=max(high, value), step=step, readout_format=readout,
                         description=label, continuous_update=False, style=_DESCRIPTION, layout=w.Layout(width="auto"))  # fmt: skip


class LifecycleExplorer(Explorer):
    """Sliders for the length of each lifecycle stage and the levels of the model curve (生命周期模型探索器).

    ``result`` is the latest :func:`crmlab.lifecycle.lifecycle_curve`.
    """

    def __init__(self, **overrides: Any) -> None:
        use_course_style()
        start = {"exploration": 3, "formation": 6, "stability": 12, "decline": 6, "explore_level": 0.2, "peak": 1.0,
                 "margin": 0.3, "cost": 0.15, **overrides}  # fmt: skip
        controls: dict[str, w.ValueWidget] = {
            "exploration": _int_slider("考察期长度", start["exploration"], 0, 24),
            "formation": _int_slider("形成期长度", start["formation"], 0, 24),
            "stability": _int_slider("稳定期长度", start["stability"], 0, 48),
            "decline": _int_slider("退化期长度", start["decline"], 0, 24),
            "explore_level": _float_slider("考察期交易额", start["explore_level"], 0, 1, 0.05),
            "peak": _float_slider("稳定期交易额", start["peak"], 0.1, 2, 0.05),
            "margin": _float_slider("毛利率", start["margin"], 0, 1, 0.05, ".0%"),
            "cost": _float_slider("考察期维系成本", start["cost"], 0, 0.5, 0.01),
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
            f" <span style='font-size:0.8em;color:#555'>(其中 {losing} 期亏损)</span></div>"
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
            "as_of": w.SelectionSlider(options=options, value=chosen, description="分析日期", continuous_update=False,
                                       style=_DESCRIPTION, layout=w.Layout(width="auto")),
            "baseline_days": _int_slider("基准期 (天)", 90, 14, 365, 7),
            "recent_days": _int_slider("观察期 (天)", 30, 7, 120, 7),
            "drop": _float_slider("下降到不足", 0.5, 0.05, 1.0, 0.05, ".0%"),
            "min_baseline": _int_slider("基准期至少几次", 3, 1, 20),
        }  # fmt: skip
        self.summary = w.HTML()
        self.table = w.HTML()
        super().__init__(controls, [self.summary, self.table],
                         columns=[["as_of", "baseline_days", "recent_days"], ["drop", "min_baseline"]])  # fmt: skip
        self.update()

    def compute(self, parameters: dict[str, Any]) -> pd.DataFrame:
        return lifecycle.churn_warning(self.transactions, **parameters, **self.columns)

    def render(self, result: pd.DataFrame) -> None:
        flagged = result[result["flagged"]].sort_values(["ratio", "baseline"], ascending=[True, False])
        self.summary.value = (
            f"<div style='font-size:1.3em'>{self.parameters['as_of']}: 预警 <b>{len(flagged):,}</b> 位客户"
            f" <span style='font-size:0.8em;color:#555'>(基准期或观察期有购买的 {len(result):,} 位客户中)</span></div>"
        )
        shown = flagged.head(15).reset_index()
        self.table.value = _table_html(shown, {"baseline_rate": "{:.1f}", "recent_rate": "{:.1f}", "ratio": "{:.0%}"})


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


class SBGExplorer(Explorer):
    """Sliders for the sBG parameters: how heterogeneous churn bends the survival curve (sBG 探索器).

    Shows the survivors of a cohort of 1,000 under sBG(``alpha``, ``beta``)
    against a constant churn rate equal to the first period's, and the
    retention rate period by period. ``result`` is the :class:`crmlab.retention.SBGFit`.
    """

    def __init__(self, *, alpha: float = 1.0, beta: float = 4.0, periods: int = 12) -> None:
        use_course_style()
        controls: dict[str, w.ValueWidget] = {
            "alpha": w.FloatLogSlider(value=alpha, base=10, min=-1.5, max=1.5, step=0.05, description="alpha",
                                      continuous_update=False, style=_DESCRIPTION, layout=w.Layout(width="auto")),
            "beta": w.FloatLogSlider(value=beta, base=10, min=-1.0, max=2.0, step=0.05, description="beta",
                                     continuous_update=False, style=_DESCRIPTION, layout=w.Layout(width="auto")),
            "periods": _int_slider("预测期数", periods, 2, 30),
        }  # fmt: skip
        self.summary = w.HTML()
        self.plot = _PlotImage((10, 5.2))
        super().__init__(controls, [self.summary, self.plot.widget], columns=[["alpha", "beta", "periods"]])
        self.update()

    def compute(self, parameters: dict[str, Any]) -> retention.SBGFit:
        fit = retention.SBGFit(alpha=parameters["alpha"], beta=parameters["beta"], loglik=float("nan"), survivors=(1000.0,))
        survivors = tuple(float(v) for v in 1000 * fit.survival([0, 1]))
        return retention.SBGFit(alpha=fit.alpha, beta=fit.beta, loglik=float("nan"), survivors=survivors)

    def render(self, result: retention.SBGFit) -> None:
        rates = result.retention(np.arange(1, 6))
        mean = result.alpha / (result.alpha + result.beta)
        self.summary.value = (
            f"<div style='font-size:1.15em'>平均流失概率 {mean:.1%}; 各期留存率: "
            + ", ".join(f"第{k}期 {r:.1%}" for k, r in enumerate(rates, start=1))
            + "</div>"
        )
        self.plot.draw(plot_sbg, result, self.parameters["periods"], title="sBG 模型与固定流失率")


def sbg_explorer(*, alpha: float = 1.0, beta: float = 4.0, periods: int = 12) -> SBGExplorer:
    """Open the sBG explorer (alpha, beta and the number of periods).

    Examples
    --------
    >>> ex = sbg_explorer()
    >>> round(float(ex.result.retention(1)), 2)
    0.8
    >>> ex.controls["beta"].value = 9.0
    >>> round(float(ex.result.retention(1)), 2)
    0.9
    """
    return SBGExplorer(alpha=alpha, beta=beta, periods=periods)


class PredictiveCLVExplorer(Explorer):
    """Sliders for the discount rate, the horizon and the margin of the predictive CLV (预测型 CLV 探索器).

    Recomputes :func:`crmlab.btyd.customer_lifetime_value` for every customer
    of ``summary`` with the fitted models; ``result`` is its table.
    """

    def __init__(self, summary: pd.DataFrame, *, bgnbd: btyd.BGNBDFit, gamma_gamma: btyd.GammaGammaFit,
                 time_unit: str | float, discount_rate: float = 0.1, horizon: float = 3.0, margin: float = 0.3) -> None:  # fmt: skip
        use_course_style()
        self.summary_table, self.models = summary, {"bgnbd": bgnbd, "gamma_gamma": gamma_gamma, "time_unit": time_unit}
        controls: dict[str, w.ValueWidget] = {
            "discount_rate": _float_slider("年折现率", discount_rate, 0, 0.3, 0.01, ".0%"),
            "horizon": _float_slider("预测年限", horizon, 0.25, 10, 0.25, ".2f"),
            "margin": _float_slider("毛利率", margin, 0.05, 1, 0.05, ".0%"),
        }
        self.headline = w.HTML()
        self.table = w.HTML()
        self.plot = _PlotImage((10, 4.6), fixed_layout=True)
        super().__init__(controls, [self.headline, self.plot.widget, self.table], columns=[list(controls)])
        self.update()

    def compute(self, parameters: dict[str, Any]) -> pd.DataFrame:
        return btyd.customer_lifetime_value(self.summary_table, **self.models, **parameters)

    def render(self, result: pd.DataFrame) -> None:
        values = result["clv"].sort_values(ascending=False)
        share = customers.top_share(values, top=0.2)
        p = self.parameters
        self.headline.value = (
            f"<div style='font-size:1.3em'>{len(values):,} 位客户未来 {p['horizon']:g} 年的预测价值合计 <b>{values.sum():,.0f}</b>"
            f", 人均 <b>{values.mean():,.2f}</b>; 前 20% 客户占 <b>{share:.0%}</b></div>"
        )
        self.plot.draw(plot_clv_distribution, result["clv"])
        history = btyd._history_columns(self.summary_table)  # the four columns the model used
        best = self.summary_table[history].join(result).loc[values.index[:10]]
        shown = best.reset_index()
        self.table.value = "<div style='font-size:1.05em'><b>预测价值最高的 10 位客户</b>" + label_columns(shown, BTYD_TERMS).to_html(
            index=False, border=0, float_format=lambda x: f"{x:,.2f}"
        ) + "</div>"


def predictive_clv_explorer(summary: pd.DataFrame, *, bgnbd: btyd.BGNBDFit, gamma_gamma: btyd.GammaGammaFit,
                            time_unit: str | float, **start: Any) -> PredictiveCLVExplorer:  # fmt: skip
    """Open the predictive CLV explorer (discount rate, horizon in years, margin).

    Examples
    --------
    >>> from crmlab.btyd import BGNBDFit, GammaGammaFit
    >>> s = pd.DataFrame({"frequency": [2.0, 0.0], "recency": [30.0, 0.0], "T": [39.0, 39.0], "monetary_value": [25.0, 0.0]})
    >>> ex = predictive_clv_explorer(s, bgnbd=BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=2),
    ...                              gamma_gamma=GammaGammaFit(p=6.0, q=4.0, gamma=15.0, loglik=0.0, n_customers=1), time_unit="W")
    >>> before = ex.result["clv"].sum()
    >>> ex.controls["discount_rate"].value = 0.2
    >>> bool(ex.result["clv"].sum() < before)
    True
    """
    return PredictiveCLVExplorer(summary, bgnbd=bgnbd, gamma_gamma=gamma_gamma, time_unit=time_unit, **start)


class AliveExplorer(Explorer):
    """Sliders for one customer's history: is this customer still "alive"? (存活概率探索器)

    ``result`` is the latest :class:`crmlab.btyd.CustomerForecast`. A customer
    without repeat purchases has recency 0 whatever the slider says.
    """

    def __init__(self, fit: btyd.BGNBDFit, *, frequency: int = 2, recency: float = 30.0, T: float = 39.0, t: float = 52.0,
                 unit: str = "周") -> None:  # fmt: skip
        use_course_style()
        self.fit, self.unit = fit, unit
        controls: dict[str, w.ValueWidget] = {
            "frequency": _int_slider("重复购买次数", frequency, 0, 30),
            "recency": _float_slider("末次购买时年龄", recency, 0, 78, 1, ".0f"),
            "T": _float_slider("观察时长", T, 1, 78, 1, ".0f"),
            "t": _float_slider("预测未来", t, 1, 104, 1, ".0f"),
        }
        self.headline = w.HTML()
        self.plot = _PlotImage((10, 4.6))
        super().__init__(controls, [self.headline, self.plot.widget], columns=[["frequency", "recency"], ["T", "t"]])
        self.update()

    def compute(self, parameters: dict[str, Any]) -> btyd.CustomerForecast:
        p = dict(parameters)
        if p["frequency"] == 0:
            p["recency"] = 0.0
        return btyd.customer_forecast(self.fit, **p)

    def render(self, result: btyd.CustomerForecast) -> None:
        u = self.unit
        self.headline.value = (
            f"<div style='font-size:1.3em'>存活概率 <b>{result.probability_alive:.1%}</b>; "
            f"未来 {result.t:g} {u}预计购买 <b>{result.expected_purchases:.2f}</b> 次"
            f" <span style='font-size:0.8em;color:#555'>(如果确定还'活着': {result.if_alive:.2f} 次)</span></div>"
        )
        self.plot.draw(plot_alive_curve, self.fit, frequency=int(result.frequency), T=result.T, recency=result.recency, unit=u)


def alive_explorer(fit: btyd.BGNBDFit, **start: Any) -> AliveExplorer:
    """Open the probability-alive explorer for a fitted BG/NBD model (times in the fit's unit, weeks for CDNOW).

    Examples
    --------
    >>> from crmlab.btyd import BGNBDFit
    >>> ex = alive_explorer(BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1))
    >>> ex.controls["recency"].value = 10
    >>> round(ex.result.probability_alive, 2)
    0.26
    >>> ex.controls["recency"].value = 60  # later than T = 39: refused, with a message
    >>> ex.error.parameter
    'recency'
    """
    return AliveExplorer(fit, **start)
