"""Figures of the CLV chapter (客户终生价值: 张三案例): cash flows, composition, sensitivity, segments, CLV:CAC."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..clv import SEGMENTS, CLVBreakdown, CLVSegments
from ..glossary import term
from ._style import COLORS, SEGMENT_COLORS, _axes, _label_points, _yuan

__all__ = [
    "SEGMENT_COLORS",
    "DCFChart",
    "CompositionChart",
    "plot_dcf",
    "plot_clv_composition",
    "plot_tornado",
    "plot_sensitivity",
    "plot_clv_segments",
    "plot_clv_vs_cac",
]


class DCFChart:
    """Bars of each year's expected profit beside its present value, updatable in place.

    ``DCFChart(ax, years)`` draws the empty chart; :meth:`update` sets it to a
    result with the same number of years. The slider explorer keeps one and
    updates it, which is several times faster than drawing anew.
    """

    def __init__(self, ax: Axes, years: int) -> None:
        self.ax, self.years = ax, years
        t = np.arange(1, years + 1)
        width = 0.4
        zeros = np.zeros(years)
        self.profit = ax.bar(t - width / 2, zeros, width, color=COLORS["expected_profit"], label=term("expected_profit"))
        self.present = ax.bar(t + width / 2, zeros, width, color=COLORS["present_value"], label=term("present_value"))
        self.labels = []
        if years <= 10:
            ax.set_xticks(t, [f"第{y}年" for y in t])
            for rect in [*self.profit, *self.present]:
                x = rect.get_x() + rect.get_width() / 2
                self.labels.append(
                    ax.annotate("", (x, 0), xytext=(0, 2), textcoords="offset points", ha="center", va="bottom", fontsize="small")
                )
        ax.set_xlabel(term("year"))
        ax.set_ylabel("元")
        ax.margins(y=0.15)
        ax.legend(loc="upper right")

    def update(self, result: CLVBreakdown) -> None:
        """Show ``result`` (built for the same number of years): bar heights, labels, title.

        Examples
        --------
        >>> import matplotlib; matplotlib.use("Agg")
        >>> import matplotlib.pyplot as plt
        >>> from crmlab.clv import clv_breakdown
        >>> r = clv_breakdown(annual_revenue=2400, margin=0.6, years_active=3, churn_rate=0.2, discount_rate=0.1)
        >>> chart = DCFChart(plt.subplots()[1], len(r.table))
        >>> chart.update(r)
        >>> round(chart.present[0].get_height(), 1)
        1047.3
        """
        table = result.table
        if len(table) != self.years:
            raise ValueError(f"DCFChart was built for {self.years} years, got {len(table)}")
        values = [*table["expected_profit"], *table["present_value"]]
        for rect, value in zip([*self.profit, *self.present], values):
            rect.set_height(value)
        for label, value in zip(self.labels, values):
            label.xy = (label.xy[0], value)
            label.set_text(f"{value:,.0f}")
        horizon = result.parameters.get("horizon")
        shown = f"未来 {horizon} 年" if horizon is not None else f"无限期（图中显示前 {self.years} 年）"
        self.ax.set_title(f"当前价值 = 各年利润现值之和 = {result.current:,.1f} 元\n（{shown}）")
        self.ax.relim()
        self.ax.autoscale_view()


def plot_dcf(result: CLVBreakdown, ax: Axes | None = None) -> Axes:
    """Bars of each year's expected profit beside its present value (逐年预测利润与利润现值).

    Examples
    --------
    >>> from crmlab.clv import clv_breakdown
    >>> import matplotlib; matplotlib.use("Agg")
    >>> r = clv_breakdown(annual_revenue=2400, margin=0.6, years_active=3, churn_rate=0.2, discount_rate=0.1)
    >>> ax = plot_dcf(r)
    >>> [round(p.get_height(), 1) for p in ax.patches][5:]
    [1047.3, 761.7, 553.9, 402.9, 293.0]
    """
    ax = _axes(ax)
    DCFChart(ax, len(result.table)).update(result)
    return ax


_WATERFALL = ("historical", "current", "upsell", "referral")


class CompositionChart:
    """Waterfall of CLV (historical, current, upsell, referral, total), updatable in place."""

    def __init__(self, ax: Axes) -> None:
        self.ax = ax
        n = len(_WATERFALL)
        self.bars = ax.bar(range(n + 1), np.zeros(n + 1), width=0.6, color=[COLORS[k] for k in (*_WATERFALL, "total")])
        self.labels = [
            ax.text(i, 0, "", ha="center", va="center", color="white", fontsize="large") for i in range(n)
        ]
        self.labels.append(
            ax.annotate("", (n, 0), xytext=(0, 3), textcoords="offset points", ha="center", va="bottom", fontsize="large")
        )
        ax.set_xticks(range(n + 1), [term(k) for k in _WATERFALL] + [term("total")])
        ax.axhline(0, color="black", linewidth=0.8)
        # every bar carries its value in yuan, so the y axis would only repeat them
        ax.yaxis.set_visible(False)
        ax.spines["left"].set_visible(False)
        ax.grid(False)
        ax.set_title(f"{term('clv')}的构成\n{term('historical')} + {term('current')} + {term('potential')}（升级 + 推荐）")
        ax.margins(y=0.12)

    def update(self, result: CLVBreakdown) -> None:
        """Show ``result``: each part's bar stacked on the previous ones, then the total.

        Examples
        --------
        >>> import matplotlib; matplotlib.use("Agg")
        >>> import matplotlib.pyplot as plt
        >>> from crmlab.clv import clv_breakdown
        >>> r = clv_breakdown(annual_revenue=2400, margin=0.6, years_active=3, churn_rate=0.2, discount_rate=0.1)
        >>> chart = CompositionChart(plt.subplots()[1])
        >>> chart.update(r)
        >>> round(chart.bars[-1].get_height(), 1)
        7378.7
        """
        bottom = 0.0
        scale = max(abs(result.total), *(abs(float(getattr(result, k))) for k in _WATERFALL), 1e-9)
        for rect, label, key in zip(self.bars, self.labels, _WATERFALL):
            value = float(getattr(result, key))
            rect.set_y(bottom)
            rect.set_height(value)
            x = rect.get_x() + rect.get_width() / 2
            if abs(value) >= 0.08 * scale:  # room for the label inside the bar
                label.set_position((x, bottom + value / 2))
                label.set(color="white", va="center")
            else:  # a thin bar: label just outside it
                label.set_position((x, max(bottom, bottom + value) if value >= 0 else min(bottom, bottom + value)))
                label.set(color="black", va="bottom" if value >= 0 else "top")
            label.set_text(_yuan(value))
            bottom += value
        self.bars[-1].set_height(result.total)
        self.labels[-1].xy = (len(_WATERFALL), max(result.total, 0.0))
        self.labels[-1].set_text(_yuan(result.total))
        self.ax.relim()
        self.ax.autoscale_view()


def plot_clv_composition(result: CLVBreakdown, ax: Axes | None = None) -> Axes:
    """Waterfall of CLV: historical, current, upsell and referral value adding up to the total (CLV 的构成).

    Examples
    --------
    >>> from crmlab.clv import clv_breakdown
    >>> import matplotlib; matplotlib.use("Agg")
    >>> r = clv_breakdown(annual_revenue=2400, margin=0.6, years_active=3, churn_rate=0.2, discount_rate=0.1)
    >>> ax = plot_clv_composition(r)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['历史价值', '当前价值', '升级价值', '推荐价值', '客户终生价值']
    >>> round(ax.patches[-1].get_height(), 2)
    7378.7
    """
    ax = _axes(ax)
    CompositionChart(ax).update(result)
    return ax


def plot_tornado(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Tornado chart of :func:`crmlab.clv.tornado_table`: which factor moves CLV most (龙卷风图).

    Examples
    --------
    >>> from crmlab.clv import tornado_table
    >>> import matplotlib; matplotlib.use("Agg")
    >>> base = dict(annual_revenue=2400, margin=0.6, years_active=3, churn_rate=0.2, discount_rate=0.1)
    >>> ax = plot_tornado(tornado_table(base, factors=["churn_rate", "discount_rate"]))
    >>> len(ax.patches)
    4
    """
    ax = _axes(ax)
    rows = table.iloc[::-1].reset_index(drop=True)
    base = float(rows["base_total"].iat[0]) if len(rows) else 0.0
    y = np.arange(len(rows))
    ax.barh(y, rows["total_at_low"] - base, left=base, color=COLORS["low"], alpha=0.8, label=f"{term('factor')}下调")
    ax.barh(y, rows["total_at_high"] - base, left=base, color=COLORS["high"], alpha=0.8, label=f"{term('factor')}上调")
    labels = [
        f"{r.term}\n{_value_text(r.factor, r.low_value)} → {_value_text(r.factor, r.high_value)}" for r in rows.itertuples()
    ]
    ax.set_yticks(y, labels)
    ax.axvline(base, color="black", linewidth=1)
    ax.set_xlabel(f"{term('clv')}（元），{term('base_value')} {base:,.0f}")
    ax.set_title("哪个因素对 CLV 影响最大？")
    ax.legend(loc="lower right")
    ax.grid(axis="y", visible=False)
    return ax


_PERCENT = {"churn_rate", "discount_rate", "revenue_growth", "margin", "upsell_probability"}


def _value_text(factor: str, value: float) -> str:
    if value is None or (isinstance(value, float) and np.isinf(value)):
        return "∞"
    if factor in _PERCENT:
        return f"{value:.0%}" if abs(value * 100 - round(value * 100)) < 1e-9 else f"{value:.1%}"
    return f"{value:,.4g}"


def plot_sensitivity(
    table: pd.DataFrame,
    ax: Axes | None = None,
    *,
    parts: Sequence[str] = ("total", "current", "potential"),
    base_value: float | None = None,
) -> Axes:
    """Curves of CLV and its parts against one factor, from :func:`crmlab.clv.sensitivity_table` (敏感性曲线).

    Examples
    --------
    >>> from crmlab.clv import sensitivity_table
    >>> import matplotlib; matplotlib.use("Agg")
    >>> base = dict(annual_revenue=2400, margin=0.6, years_active=3, churn_rate=0.2, discount_rate=0.1)
    >>> ax = plot_sensitivity(sensitivity_table(base, factor="churn_rate", values=[0.1, 0.2, 0.3]), base_value=0.2)
    >>> ax.get_xlabel()
    '流失率'
    """
    ax = _axes(ax)
    factor = table.columns[0]
    x = table[factor].to_numpy(dtype=float)
    for key in parts:
        ax.plot(x, table[key], marker="o", markersize=4, color=COLORS[key], label=term(key), linewidth=2.5)
    if base_value is not None:
        ax.axvline(base_value, color="gray", linestyle="--", linewidth=1.2, label=term("base_value"))
    if factor in _PERCENT:
        ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(xmax=1, decimals=0))
    ax.set_xlabel(term(factor))
    ax.set_ylabel("元")
    shown = term("total") if "total" in parts else "与".join(term(k) for k in parts)
    ax.set_title(f"{term(factor)}变化时的{shown}")
    ax.legend()
    return ax


def plot_clv_segments(segments: CLVSegments, ax: Axes | None = None, *, label: str | None = "name") -> Axes:
    """Scatter of current vs potential value with the four CLV segments (基于CLV的客户细分).

    Examples
    --------
    >>> from crmlab.clv import clv_segments
    >>> import matplotlib; matplotlib.use("Agg")
    >>> v = pd.DataFrame({"current": [3000, 500, 2500, 400], "potential": [1500, 1200, 100, 50]})
    >>> ax = plot_clv_segments(clv_segments(v), label=None)
    >>> sorted(t.get_text() for t in ax.get_legend().get_texts())
    ['低价值', '成长型', '需警惕', '高价值']
    """
    ax = _axes(ax)
    table = segments.table
    for name in SEGMENTS:
        part = table[table["segment"] == name]
        ax.scatter(part["current"], part["potential"], s=90, color=SEGMENT_COLORS[name], label=name, zorder=3)
    ax.axvline(segments.current_threshold, color="gray", linestyle="--", linewidth=1)
    ax.axhline(segments.potential_threshold, color="gray", linestyle="--", linewidth=1)
    ax.set_xlabel(f"{term('current')}（元）")
    ax.set_ylabel(f"{term('potential')}（元）")
    ax.set_title(f"按{term('current')}与{term('potential')}细分客户（虚线：分界值）")
    ax.legend(loc="best")
    if label is not None and label in table.columns and len(table) <= 30:
        _label_points(ax, table["current"], table["potential"], table[label])
    return ax


def plot_clv_vs_cac(investment: pd.DataFrame, ax: Axes | None = None, *, label: str | None = None, target: float = 3.0) -> Axes:
    """CLV against acquisition cost per customer, with the break-even (1:1) and 3:1 lines (CLV 与 CAC).

    ``investment`` is :attr:`crmlab.clv.CLVAnalysis.investment` (columns ``clv``, ``cac``).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> inv = pd.DataFrame({"clv": [9000, 1500], "cac": [1500, 1000]})
    >>> len(plot_clv_vs_cac(inv).get_lines())
    2
    """
    ax = _axes(ax)
    ok = investment["clv"] >= target * investment["cac"]
    ax.scatter(investment.loc[ok, "cac"], investment.loc[ok, "clv"], s=90, color=COLORS["high"], label=f"达到 {target:g}:1", zorder=3)
    ax.scatter(investment.loc[~ok, "cac"], investment.loc[~ok, "clv"], s=90, color=COLORS["low"], label=f"未达到 {target:g}:1", zorder=3)
    top = float(max(investment["cac"].max(), 1.0)) * 1.1
    xs = np.array([0.0, top])
    ax.plot(xs, xs, color="black", linewidth=1.2, label="CLV = CAC（盈亏线）")
    ax.plot(xs, target * xs, color="gray", linestyle="--", linewidth=1.2, label=f"CLV = {target:g} × CAC")
    ax.set_xlim(0, top)
    ax.set_xlabel(f"{term('cac')} CAC（元）")
    ax.set_ylabel(f"{term('clv')} CLV（元）")
    ax.set_title(f"CLV:CAC，经验标准 {target:g}:1")
    ax.legend(loc="upper left")
    if label is not None and label in investment.columns:
        _label_points(ax, investment["cac"], investment["clv"], investment[label])
    return ax
