"""Figures of the course (图表). Every ``plot_*`` takes ``ax=None`` and returns the Axes.

Call :func:`use_course_style` once at the top of a notebook, before creating
figures: it selects a Chinese font and projector-sized text. Every ``plot_*``
also makes sure a Chinese font is selected; importing this module changes no
matplotlib setting.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.ft2font import FT2Font

from .clv import SEGMENTS, CLVBreakdown, CLVSegments
from .customers import top_share
from .value import COST_COMPONENTS, VALUE_COMPONENTS, DeliveredValue
from .glossary import term

__all__ = [
    "COLORS",
    "use_chinese_font",
    "use_course_style",
    "DCFChart",
    "CompositionChart",
    "plot_dcf",
    "plot_clv_composition",
    "plot_tornado",
    "plot_sensitivity",
    "plot_clv_segments",
    "plot_clv_vs_cac",
    "plot_monthly_activity",
    "plot_pareto",
    "plot_lorenz",
    "plot_class_counts",
    "plot_transitions",
    "plot_survey_profiles",
    "plot_delivered_value",
    "plot_maslow",
    "plot_value_distribution",
    "plot_rfm_scatter",
    "plot_rfm_segments",
    "plot_rf_heatmap",
    "plot_score_distribution",
    "plot_lifecycle_curve",
    "plot_pattern_curves",
    "plot_customer_series",
    "plot_funnel",
    "plot_visits",
    "plot_cohort_heatmap",
    "plot_retention_curves",
    "plot_survival",
    "plot_life_table",
    "plot_sbg",
    "plot_frequency_histogram",
    "plot_holdout_by_frequency",
    "plot_tracking",
    "plot_frequency_recency_matrix",
    "plot_alive_curve",
    "plot_spend_shrinkage",
    "plot_clv_distribution",
    "plot_purchase_timelines",
    "plot_clv_comparison",
]

#: System fonts with Chinese glyphs, tried in this order before the font shipped by pip.
SYSTEM_CJK_FONTS: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "STHeiti",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Noto Sans CJK JP",
    "Droid Sans Fallback",
)

_SAMPLE = "客户终生价值历史当前潜在元年"

#: One colour per part of CLV, shared by every figure.
COLORS = {
    "historical": "#7f8c9a",
    "current": "#1f77b4",
    "upsell": "#ff7f0e",
    "referral": "#2ca02c",
    "potential": "#9467bd",
    "total": "#2c3e50",
    "expected_profit": "#aec7e8",
    "present_value": "#1f77b4",
    "low": "#d62728",
    "high": "#2ca02c",
}

SEGMENT_COLORS = dict(zip(SEGMENTS, ("#9467bd", "#2ca02c", "#ff7f0e", "#7f7f7f")))


def _covers(path: str | Path, text: str) -> bool:
    try:
        charmap = FT2Font(str(path)).get_charmap()
    except (OSError, RuntimeError, ValueError):
        return False
    return all(ord(ch) in charmap for ch in text)


@functools.cache
def _system_cjk_font() -> str | None:
    files: dict[str, str] = {}
    for entry in font_manager.fontManager.ttflist:
        files.setdefault(entry.name, entry.fname)
    for name in SYSTEM_CJK_FONTS:
        if name in files and _covers(files[name], _SAMPLE):
            return name
    return None


@functools.cache
def _pip_font() -> tuple[str, str]:
    import pylopdf_fonts_zh_cn

    path = str(pylopdf_fonts_zh_cn.sans_path())
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name(), path


def use_chinese_font() -> str:
    """Make matplotlib draw Chinese text on any machine; return the font family used.

    Tries the system CJK fonts of :data:`SYSTEM_CJK_FONTS` first, then Noto Sans
    SC (SIL Open Font License) shipped by the pip package ``pylopdf-fonts-zh-cn``,
    which is a dependency of crmlab, so some font is always found. The chosen
    family goes first in ``font.sans-serif`` with DejaVu Sans after it for any
    glyph it lacks; if it has no proper minus sign (U+2212), matplotlib is told
    to draw an ASCII hyphen instead. Safe to call more than once.

    Examples
    --------
    >>> use_chinese_font() in SYSTEM_CJK_FONTS + ("Noto Sans SC",)
    True
    """
    name = _system_cjk_font()
    if name is None:
        name, path = _pip_font()
    else:
        path = font_manager.findfont(font_manager.FontProperties(family=name), fallback_to_default=False)
    rest = [f for f in mpl.rcParams["font.sans-serif"] if f not in (name, "DejaVu Sans")]
    mpl.rcParams["font.family"] = ["sans-serif"]
    mpl.rcParams["font.sans-serif"] = [name, "DejaVu Sans", *rest]
    mpl.rcParams["axes.unicode_minus"] = _covers(path, "\u2212")
    return name


def use_course_style() -> str:
    """Chinese font plus sizes legible on a classroom projector; return the font family.

    Examples
    --------
    >>> isinstance(use_course_style(), str)
    True
    """
    name = use_chinese_font()
    mpl.rcParams.update(
        {
            "figure.figsize": (10, 5),
            "figure.dpi": 100,
            "font.size": 14,
            "axes.titlesize": 17,
            "axes.labelsize": 15,
            "xtick.labelsize": 13,
            "ytick.labelsize": 13,
            "legend.fontsize": 13,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
        }
    )
    return name


def _axes(ax: Axes | None) -> Axes:
    """The Axes to draw on; makes sure a Chinese font is configured first."""
    use_chinese_font()
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.subplots()[1]


def _date_axis(ax: Axes) -> None:
    """Concise date ticks ("1997, Mar, May, ...") that stay readable on a projector."""
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _yuan(x: float) -> str:
    return f"{x:,.0f}"


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
        ax.set_xlabel("年份")
        ax.set_ylabel("元")
        ax.margins(y=0.15)
        ax.legend(loc="upper right")

    def update(self, result: CLVBreakdown) -> None:
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
        shown = f"未来 {horizon} 年" if horizon is not None else f"无限期 (图中显示前 {self.years} 年)"
        self.ax.set_title(f"当前价值 = 各年利润现值之和 = {result.current:,.1f} 元\n({shown})")
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
        ax.set_title("客户终生价值的构成\n历史价值 + 当前价值 + 潜在价值(升级 + 推荐)")
        ax.margins(y=0.12)

    def update(self, result: CLVBreakdown) -> None:
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
    ax.barh(y, rows["total_at_low"] - base, left=base, color=COLORS["low"], alpha=0.8, label="因素下调")
    ax.barh(y, rows["total_at_high"] - base, left=base, color=COLORS["high"], alpha=0.8, label="因素上调")
    labels = [
        f"{r.term}\n{_value_text(r.factor, r.low_value)} → {_value_text(r.factor, r.high_value)}" for r in rows.itertuples()
    ]
    ax.set_yticks(y, labels)
    ax.axvline(base, color="black", linewidth=1)
    ax.set_xlabel(f"客户终生价值 (元), 基准 {base:,.0f}")
    ax.set_title("哪个因素对 CLV 影响最大?")
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
        ax.axvline(base_value, color="gray", linestyle="--", linewidth=1.2, label="基准值")
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
    if label is not None and label in table.columns and len(table) <= 30:
        for row in table.itertuples():
            ax.annotate(
                str(getattr(row, label)), (row.current, row.potential), xytext=(6, 4), textcoords="offset points", fontsize="small"
            )
    ax.axvline(segments.current_threshold, color="gray", linestyle="--", linewidth=1)
    ax.axhline(segments.potential_threshold, color="gray", linestyle="--", linewidth=1)
    ax.set_xlabel(f"{term('current')} (元)")
    ax.set_ylabel(f"{term('potential')} (元)")
    ax.set_title("按当前价值与潜在价值细分客户 (虚线: 分界值)")
    ax.legend(loc="best")
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
    if label is not None and label in investment.columns:
        for row in investment.itertuples():
            ax.annotate(str(getattr(row, label)), (row.cac, row.clv), xytext=(6, 4), textcoords="offset points", fontsize="small")
    top = float(max(investment["cac"].max(), 1.0)) * 1.1
    xs = np.array([0.0, top])
    ax.plot(xs, xs, color="black", linewidth=1.2, label="CLV = CAC (盈亏线)")
    ax.plot(xs, target * xs, color="gray", linestyle="--", linewidth=1.2, label=f"CLV = {target:g} × CAC")
    ax.set_xlim(0, top)
    ax.set_xlabel(f"{term('cac')} CAC (元)")
    ax.set_ylabel(f"{term('clv')} CLV (元)")
    ax.set_title(f"CLV:CAC, 经验标准 {target:g}:1")
    ax.legend(loc="upper left")
    return ax


# ------------------------------------------------------------------ chapter 1

CLASS_COLORS = ("#2ca02c", "#ff7f0e", "#7f7f7f", "#1f77b4", "#9467bd", "#d62728")


def plot_monthly_activity(activity: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Active customers per month, with the first-time buyers among them (月度活跃客户).

    ``activity`` is :func:`crmlab.customers.monthly_activity`.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> a = pd.DataFrame({"month": pd.to_datetime(["2024-01-01", "2024-02-01"]), "customers": [5, 8], "new_customers": [5, 2]})
    >>> len(plot_monthly_activity(a).patches)
    4
    """
    ax = _axes(ax)
    months = activity["month"]
    width = 25  # days
    old = activity["customers"] - activity["new_customers"]
    ax.bar(months, activity["new_customers"], width=width, color=CLASS_COLORS[1], label="当月首次购买的客户")
    ax.bar(months, old, width=width, bottom=activity["new_customers"], color=CLASS_COLORS[3], label="老客户 (以前买过)")
    ax.set_ylabel("当月有购买的客户数")
    ax.set_title(title or "每月有购买的客户")
    ax.legend(loc="best")
    return ax


def _share_axes(ax: Axes, xlabel: str, *, top: float) -> None:
    """Both axes as percentages from 0 to 100%: customer share across, cumulative value share up."""
    ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(xmax=1, decimals=0))
    ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(xmax=1, decimals=0))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, top)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("累计价值占比")


def plot_pareto(table: pd.DataFrame, ax: Axes | None = None, *, by: str = "class", title: str | None = None) -> Axes:
    """Pareto curve: cumulative share of value against share of customers, coloured by class (帕累托曲线).

    ``table`` is :func:`crmlab.customers.abc_classes` (or ``value_tiers``, with ``by="tier"``).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.customers import abc_classes
    >>> ax = plot_pareto(abc_classes(pd.Series({"a": 500.0, "b": 300.0, "c": 100.0, "d": 60.0, "e": 40.0})))
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['A: 40% 的客户, 80% 的价值', 'B: 40% 的客户, 16% 的价值', 'C: 20% 的客户, 4% 的价值']
    """
    ax = _axes(ax)
    x = np.concatenate([[0.0], table["customer_share"].to_numpy()])
    y = np.concatenate([[0.0], table["cumulative_share"].to_numpy()])
    ax.plot(x, y, color="black", linewidth=2)
    classes = table[by]
    for k, name in enumerate(classes.cat.categories):
        inside = np.concatenate([[False], (classes == name).to_numpy()])
        if not inside.any():
            continue
        first, last = int(np.argmax(inside)), len(inside) - 1 - int(np.argmax(inside[::-1]))
        span = slice(first - 1, last + 1)
        customers = float(inside.sum()) / len(table)
        value = float(table.loc[(classes == name).to_numpy(), "share"].sum())
        ax.fill_between(x[span], 0, y[span], color=CLASS_COLORS[k % len(CLASS_COLORS)], alpha=0.45,
                        label=f"{name}: {customers:.0%} 的客户, {value:.0%} 的价值")  # fmt: skip
    ax.plot([0.2, 0.2, 0], [0, 0.8, 0.8], color="gray", linestyle=":", linewidth=1.2)
    ax.annotate("20/80", (0.2, 0.8), xytext=(6, -16), textcoords="offset points", color="gray")
    _share_axes(ax, "客户占比 (按价值从高到低)", top=1.02)
    ax.set_title(title or "帕累托曲线: 多少客户贡献了多少价值")
    ax.legend(loc="lower right")
    return ax


def plot_lorenz(values: pd.Series | dict[str, pd.Series], ax: Axes | None = None) -> Axes:
    """Lorenz curves of customer value with the Gini coefficient of each (洛伦兹曲线).

    ``values`` is one per-customer value Series or a dict of them (e.g. the
    course shop and CDNOW), drawn on one chart.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> ax = plot_lorenz({"均匀": pd.Series([1.0, 1.0]), "集中": pd.Series([0.0, 1.0])})
    >>> [t.get_text() for t in ax.get_legend().get_texts()][1:]
    ['均匀 (基尼系数 0.00)', '集中 (基尼系数 0.50)']
    """
    from .customers import gini, lorenz_curve

    ax = _axes(ax)
    series = values if isinstance(values, dict) else {"客户价值": values}
    ax.plot([0, 1], [0, 1], color="gray", linestyle="--", linewidth=1.2, label="完全平均")
    for k, (name, v) in enumerate(series.items()):
        curve = lorenz_curve(v)
        color = CLASS_COLORS[(k + 3) % len(CLASS_COLORS)]
        ax.plot(curve["customer_share"], curve["value_share"], color=color, linewidth=2.5, label=f"{name} (基尼系数 {gini(v):.2f})")
        ax.fill_between(curve["customer_share"], curve["value_share"], curve["customer_share"], color=color, alpha=0.12)
    _share_axes(ax, "客户占比 (按价值从低到高)", top=1.0)
    ax.set_aspect("equal")
    ax.set_title("洛伦兹曲线: 离对角线越远, 价值越集中")
    ax.legend(loc="upper left")
    return ax


def plot_class_counts(classes: pd.Series, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Horizontal bars: how many customers in each class, with their share (各类客户人数).

    ``classes`` is a categorical Series of class labels (every category is
    shown, empty ones too) or a Series of counts indexed by class.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> ax = plot_class_counts(pd.Series(pd.Categorical(["A", "A", "B"], categories=["A", "B", "C"])))
    >>> [t.get_text() for t in ax.texts]
    ['2 (67%)', '1 (33%)', '0 (0%)']
    """
    ax = _axes(ax)
    if isinstance(classes.dtype, pd.CategoricalDtype):
        counts = classes.value_counts(sort=False)
    elif pd.api.types.is_numeric_dtype(classes):
        counts = classes
    else:
        counts = classes.value_counts()
    total = max(float(counts.sum()), 1.0)
    y = np.arange(len(counts))[::-1]
    bars = ax.barh(y, counts.to_numpy(), color=[CLASS_COLORS[k % len(CLASS_COLORS)] for k in range(len(counts))])
    ax.bar_label(bars, labels=[f"{int(c):,} ({c / total:.0%})" for c in counts], padding=4)
    ax.set_yticks(y, [str(i) for i in counts.index])
    ax.set_xlabel("人数")
    ax.margins(x=0.18)
    ax.grid(axis="y", visible=False)
    ax.set_title(title or "各类客户的人数")
    return ax


def plot_transitions(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Heat map of a state transition table (状态转移表), with the counts written in the cells.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> m = pd.DataFrame([[3, 1], [0, 2]], index=["甲", "乙"], columns=["甲", "乙"])
    >>> [t.get_text() for t in plot_transitions(m).texts]
    ['3', '1', '0', '2']
    """
    ax = _axes(ax)
    values = table.to_numpy(dtype=float)
    image = ax.imshow(values, cmap="Blues", aspect="auto")
    top = values.max() if values.size else 0
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            ax.text(j, i, f"{int(values[i, j]):,}", ha="center", va="center",
                    color="white" if values[i, j] > 0.6 * top else "black")  # fmt: skip
    ax.set_xticks(range(values.shape[1]), [str(c) for c in table.columns], rotation=30, ha="right")
    ax.set_yticks(range(values.shape[0]), [str(i) for i in table.index])
    ax.set_xlabel(str(table.columns.name or ""))
    ax.set_ylabel(str(table.index.name or ""))
    ax.grid(False)
    ax.set_title("客户状态转移: 每行是起点状态, 每列是终点状态")
    ax.figure.colorbar(image, ax=ax, shrink=0.8, label="人数")
    return ax


_SCORES = {"price_sensitivity": "价格敏感", "novelty_seeking": "追新", "brand_attention": "品牌关注"}


def plot_survey_profiles(typed: pd.DataFrame, ax: Axes | None = None, *, by: str = "value_type") -> Axes:
    """Mean survey scores (1-5) of each customer type, as grouped bars (各类客户的调查得分).

    ``typed`` is :func:`crmlab.customers.value_ability_types` (or any survey
    table with a class column ``by``).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.customers import value_ability_types
    >>> s = pd.DataFrame({"price_sensitivity": [1, 5], "novelty_seeking": [5, 2], "brand_attention": [3, 2]})
    >>> len(plot_survey_profiles(value_ability_types(s)).patches)
    12
    """
    ax = _axes(ax)
    means = typed.groupby(by, observed=False)[list(_SCORES)].mean()
    x = np.arange(len(means))
    width = 0.26
    for k, (column, label) in enumerate(_SCORES.items()):
        ax.bar(x + (k - 1) * width, means[column].fillna(0), width, label=label, color=CLASS_COLORS[(k + 3) % len(CLASS_COLORS)])
    counts = typed[by].value_counts(sort=False).reindex(means.index).fillna(0).astype(int)
    ax.set_xticks(x, [f"{name}\n({n} 人)" for name, n in counts.items()])
    ax.set_ylim(0, 5.4)
    ax.set_ylabel("平均得分 (1-5)")
    ax.set_title("各类客户的调查得分")
    ax.legend(ncols=3, loc="upper center")
    return ax


# ------------------------------------------------------------------ chapter 2

_VALUE_SHADES = ("#1f77b4", "#4a90c8", "#7fb0dc", "#b3d0ec")
_COST_SHADES = ("#d62728", "#e05a5b", "#ea8c8d", "#f3bdbe")


def plot_delivered_value(result: DeliveredValue, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Total customer value against total customer cost, each stacked by component (让渡价值).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.value import delivered_value
    >>> r = delivered_value(product_value=240, service_value=45, personnel_value=20, image_value=70,
    ...                     monetary_cost=298, time_cost=15, energy_cost=20, psychological_cost=25)
    >>> ax = plot_delivered_value(r)
    >>> len(ax.patches), ax.get_title().splitlines()[0]
    (8, '让渡价值 = 375 - 358 = +17 元: 物超所值')
    """
    ax = _axes(ax)
    top = max(result.total_value, result.total_cost)
    for x, keys, shades in ((0, VALUE_COMPONENTS, _VALUE_SHADES), (1, COST_COMPONENTS, _COST_SHADES)):
        bottom = 0.0
        for key, color in zip(keys, shades):
            height = float(result.components[key])
            bar = ax.bar(x, height, bottom=bottom, width=0.55, color=color, edgecolor="white")
            if height >= 0.06 * top:  # thinner segments have no room for a label
                ax.bar_label(bar, labels=[f"{term(key)} {height:,.0f}"], label_type="center", fontsize="small")
            bottom += height
    ax.set_xticks([0, 1], [f"{term('total_value')}\n{result.total_value:,.0f} 元", f"{term('total_cost')}\n{result.total_cost:,.0f} 元"])
    ax.set_xlim(-0.6, 1.9)
    low, high = sorted((result.total_value, result.total_cost))
    ax.annotate("", xy=(1.45, high), xytext=(1.45, low), arrowprops=dict(arrowstyle="<->", color="black", lw=1.5))
    ax.text(1.52, (low + high) / 2, f"{result.delivered_value:+,.0f}", va="center", fontsize="large")
    ax.set_ylim(0, top * 1.12 if top > 0 else 1)
    ax.set_ylabel("元 (等值)")
    ax.grid(axis="x", visible=False)
    headline = (
        f"让渡价值 = {result.total_value:,.0f} - {result.total_cost:,.0f} = {result.delivered_value:+,.0f} 元: {result.verdict}"
    )
    ax.set_title(headline if title is None else f"{headline}\n{title}")
    return ax


_MASLOW = ("生理需求", "安全需求", "社交需求", "尊重需求", "自我实现需求")


def plot_maslow(types: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Maslow's pyramid with the value types of :func:`crmlab.datasets.value_types` beside the needs they serve.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.datasets import value_types
    >>> ax = plot_maslow(value_types())
    >>> sum(t.get_text() == "功能性价值" for t in ax.texts)
    1
    """
    from matplotlib.patches import Polygon

    ax = _axes(ax)
    n = len(_MASLOW)
    for level, name in enumerate(_MASLOW):
        y0, y1 = level / n, (level + 1) / n
        half0, half1 = 0.5 * (1 - y0), 0.5 * (1 - y1)
        corners = [(0.5 - half0, y0), (0.5 + half0, y0), (0.5 + half1, y1), (0.5 - half1, y1)]
        ax.add_patch(Polygon(corners, closed=True, facecolor=CLASS_COLORS[level], alpha=0.55, edgecolor="white"))
        ax.text(0.5, (y0 + y1) / 2, name, ha="center", va="center", fontsize="medium")
    # each value type beside the first need it serves; types sharing a level are spread evenly
    levels = [next((i for i, name in enumerate(_MASLOW) if name[:2] in str(text)), 0) for text in types["maslow_level"]]
    for k, (value_type, level) in enumerate(zip(types["value_type"], levels)):
        same = [j for j, other in enumerate(levels) if other == level]
        offset = (same.index(k) - (len(same) - 1) / 2) * 0.07
        centre = (level + 0.5) / n
        edge = 0.5 + 0.5 * (1 - centre)
        ax.annotate(value_type, xy=(edge - 0.02, centre), xytext=(1.08, centre + offset), ha="left", va="center",
                    fontsize="medium", arrowprops=dict(arrowstyle="-", color="gray", lw=0.8))  # fmt: skip
    ax.set_xlim(0, 1.6)
    ax.set_ylim(0, 1)
    ax.axis("off")
    ax.set_title("马斯洛需求层次与六种客户价值")
    return ax


def plot_value_distribution(values: pd.Series, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Histogram of what customers are worth to the firm, on a log scale (客户价值的分布).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> ax = plot_value_distribution(pd.Series([10.0, 100.0, 1000.0, 1000.0]))
    >>> ax.get_xscale()
    'log'
    """
    ax = _axes(ax)
    v = pd.to_numeric(values, errors="coerce").dropna()
    v = v[v > 0]
    bins = np.logspace(np.log10(v.min()), np.log10(v.max()), 30) if len(v) > 1 and v.min() < v.max() else 10
    ax.hist(v, bins=bins, color=CLASS_COLORS[3], edgecolor="white")
    ax.set_xscale("log")
    ax.axvline(v.median(), color="black", linestyle="--", linewidth=1.5, label=f"中位数 {v.median():,.0f}")
    ax.axvline(v.mean(), color=CLASS_COLORS[5], linestyle="-", linewidth=1.5, label=f"平均数 {v.mean():,.0f}")
    ax.set_xlabel("每位客户的价值 (对数刻度)")
    ax.set_ylabel("客户数")
    ax.set_title(title or "客户对企业的价值: 少数客户远高于大多数")
    ax.legend()
    return ax


# ------------------------------------------------------------------ chapter 3


def plot_rfm_scatter(table: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Each customer as a point: frequency (log scale) against recency, coloured by monetary value (RFM 散点图).

    ``table`` is ``rfm_table(...).table``.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"recency": [5, 300], "frequency": [12, 1], "monetary": [900.0, 20.0]})
    >>> ax = plot_rfm_scatter(t)
    >>> ax.get_xscale(), len(ax.collections[0].get_offsets())
    ('log', 2)
    """
    ax = _axes(ax)
    money = table["monetary"].clip(lower=0.01)
    jitter = np.random.default_rng(0).uniform(-0.15, 0.15, len(table))  # fixed seed: the same picture every run
    points = ax.scatter(
        table["frequency"] * np.exp(jitter), table["recency"], c=money, cmap="viridis", s=10, alpha=0.6,
        norm=mpl.colors.LogNorm(vmin=money.min(), vmax=money.max()) if money.max() > money.min() else None,
    )  # fmt: skip
    ax.set_xscale("log")
    ax.set_xlabel("F: 购买次数 (对数刻度, 稍加抖动)")
    ax.set_ylabel("R: 距最近一次购买的天数")
    ax.figure.colorbar(points, ax=ax, label="M: 消费金额")
    ax.set_title(title or "每位客户的 R、F、M")
    return ax


def plot_rfm_segments(profile: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Share of customers beside share of revenue for each RFM segment (各类客户的人数与收入占比).

    ``profile`` is :func:`crmlab.rfm.segment_profile`.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> p = pd.DataFrame({"segment": ["甲", "乙"], "customer_share": [0.8, 0.2], "revenue_share": [0.3, 0.7]})
    >>> len(plot_rfm_segments(p).patches)
    4
    """
    ax = _axes(ax)
    y = np.arange(len(profile))[::-1]
    height = 0.38
    customers = ax.barh(y + height / 2, profile["customer_share"], height, color=CLASS_COLORS[3], label="客户占比")
    revenue = ax.barh(y - height / 2, profile["revenue_share"], height, color=CLASS_COLORS[1], label="收入占比")
    for bars in (customers, revenue):
        ax.bar_label(bars, fmt="{:.0%}", padding=3, fontsize="small")
    ax.set_yticks(y, [str(s) for s in profile["segment"]])
    ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(xmax=1, decimals=0))
    ax.margins(x=0.12)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right")
    ax.set_title(title or "各类客户: 人数占比与收入占比")
    return ax


def plot_rf_heatmap(scores: pd.DataFrame, ax: Axes | None = None, *, value: str = "monetary") -> Axes:
    """Heat map of the mean monetary value in each (R score, F score) cell, with the number of customers (R×F 热力图).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> s = pd.DataFrame({"r_score": [2, 2, 1], "f_score": [1, 1, 2], "monetary": [10.0, 30.0, 5.0]})
    >>> [t.get_text() for t in plot_rf_heatmap(s).texts][:2]
    ['20\\n(2 人)', '']
    """
    from .rfm import rf_grid

    ax = _axes(ax)
    mean, count = rf_grid(scores, value=value)
    image = ax.imshow(mean.to_numpy(dtype=float), cmap="YlOrRd", aspect="auto")
    for i, r in enumerate(mean.index):
        for j, f in enumerate(mean.columns):
            n = int(count.loc[r, f])
            ax.text(j, i, f"{mean.loc[r, f]:,.0f}\n({n} 人)" if n else "", ha="center", va="center", fontsize="small")
    ax.set_xticks(range(len(mean.columns)), [str(c) for c in mean.columns])
    ax.set_yticks(range(len(mean.index)), [str(r) for r in mean.index])
    ax.set_xlabel("F 分 (购买频率, 越大越频繁)")
    ax.set_ylabel("R 分 (越大越近)")
    ax.grid(False)
    ax.set_title(f"平均{term(value) if value != 'monetary' else '消费金额'} (R 分 × F 分)")
    ax.figure.colorbar(image, ax=ax, shrink=0.8)
    return ax


_SCORE_TITLES = {"r_score": "R 分 (最近一次购买)", "f_score": "F 分 (购买频率)", "m_score": "M 分 (消费金额)"}


def plot_score_distribution(scores: pd.DataFrame, ax: Axes | None = None, *, score: str = "f_score") -> Axes:
    """Number of customers at each value of one RFM score (打分分布); scores nobody got show as empty.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> s = pd.DataFrame({"f_score": [1, 1, 1, 4, 5]})
    >>> [int(p.get_height()) for p in plot_score_distribution(s).patches]
    [3, 0, 0, 1, 1]
    """
    ax = _axes(ax)
    counts = scores[score].value_counts().reindex(range(1, int(scores[score].max()) + 1), fill_value=0)
    bars = ax.bar(counts.index, counts.to_numpy(), color=CLASS_COLORS[3], width=0.7)
    ax.bar_label(bars, fmt="{:,.0f}", padding=2, fontsize="small")
    ax.set_xticks(list(counts.index))
    ax.set_xlabel("分数")
    ax.set_ylabel("客户数")
    ax.margins(y=0.12)
    ax.set_title(_SCORE_TITLES.get(score, score))
    return ax


# ------------------------------------------------------------------ chapter 4

STAGE_COLORS = {"考察期": "#c7e9c0", "形成期": "#a1d99b", "稳定期": "#74c476", "退化期": "#fdae6b", "已流失": "#d9d9d9"}
PATTERN_COLORS = {"早期流产": "#d62728", "中途夭折": "#ff7f0e", "提前退出": "#9467bd", "长久保持": "#2ca02c"}


def plot_lifecycle_curve(curve: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Transaction volume TV(t) and profit P(t) over the lifecycle stages, stages shaded (客户生命周期曲线).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.lifecycle import lifecycle_curve
    >>> ax = plot_lifecycle_curve(lifecycle_curve())
    >>> [t.get_text() for t in ax.texts]
    ['考察期', '形成期', '稳定期', '退化期']
    """
    ax = _axes(ax)
    t = curve["period"].to_numpy()
    top = max(float(curve["transaction_volume"].max()), 1e-9)
    for stage in dict.fromkeys(curve["stage"]):
        inside = t[(curve["stage"] == stage).to_numpy()]
        ax.axvspan(inside.min() - 0.5, inside.max() + 0.5, color=STAGE_COLORS.get(stage, "#eeeeee"), alpha=0.6, lw=0)
        ax.text((inside.min() + inside.max()) / 2, top * 1.12, stage, ha="center", va="bottom")
    ax.plot(t, curve["transaction_volume"], color=CLASS_COLORS[3], linewidth=3, marker="o", markersize=4, label="交易额 TV(t)")
    ax.plot(t, curve["profit"], color=CLASS_COLORS[5], linewidth=3, marker="s", markersize=4, label="利润 P(t)")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_ylim(min(float(curve["profit"].min()) * 1.3, -0.05 * top), top * 1.25)
    ax.set_xlabel("时间 (期)")
    ax.set_ylabel("相对水平")
    ax.set_title(title or "客户生命周期: 各阶段的交易额与利润")
    ax.legend(loc="center right")
    ax.grid(axis="x", visible=False)
    return ax


def plot_pattern_curves(curves: dict[str, pd.DataFrame], ax: Axes | None = None) -> Axes:
    """Transaction volume of the four lifecycle patterns on one chart (四种生命周期模式).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.lifecycle import PATTERNS, pattern_curve
    >>> ax = plot_pattern_curves({p: pattern_curve(p) for p in PATTERNS})
    >>> len(ax.get_lines())
    4
    """
    ax = _axes(ax)
    for name, curve in curves.items():
        ax.plot(curve["period"], curve["transaction_volume"], linewidth=3, color=PATTERN_COLORS.get(name), label=name)
    ax.set_xlabel("时间 (期)")
    ax.set_ylabel("交易额 (相对水平)")
    ax.set_title("四种客户生命周期模式")
    ax.legend()
    return ax


def plot_customer_series(series: pd.Series, ax: Axes | None = None, *, window: int = 6, title: str | None = None) -> Axes:
    """One customer's purchases per period (bars) with the moving average the stage rules use (line).

    ``series`` is one row of :func:`crmlab.lifecycle.period_series`.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> ax = plot_customer_series(pd.Series([1.0, 0.0, 2.0, 3.0]))
    >>> len(ax.patches), len(ax.get_lines())
    (4, 1)
    """
    from .lifecycle import smooth_series

    ax = _axes(ax)
    values = series.dropna()
    smooth = smooth_series(values.to_frame().T, window=window).iloc[0]
    ax.bar(np.arange(len(values)), values.to_numpy(), color=CLASS_COLORS[3], alpha=0.55, label="每期订单")
    ax.plot(np.arange(len(values)), smooth.to_numpy(), color=CLASS_COLORS[5], linewidth=2.5, label=f"{window} 期移动平均")
    ax.set_xlim(-0.6, max(len(values), 6) - 0.4)  # room for a short history
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.set_xlabel("首次购买后的第几期")
    ax.set_ylabel("订单数")
    ax.set_title(title or "一位客户的购买序列")
    ax.legend(loc="upper right")
    return ax


def plot_funnel(funnel: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """The customer journey funnel (客户旅程漏斗), log scale, with counts and stage-to-stage rates.

    ``funnel`` is :func:`crmlab.lifecycle.journey_funnel`.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> f = pd.DataFrame({"stage": ["到达", "获取"], "count": [1000, 50], "rate": [np.nan, 0.05], "rate_of": ["", "到达"]})
    >>> [t.get_text() for t in plot_funnel(f).texts]
    ['1,000', '50 (到达的 5.0%)']
    """
    ax = _axes(ax)
    y = np.arange(len(funnel))[::-1]
    colors = [CLASS_COLORS[3]] * 4 + [CLASS_COLORS[5], CLASS_COLORS[0]]
    ax.barh(y, funnel["count"].clip(lower=1), color=colors[: len(funnel)], alpha=0.85)
    for yi, row in zip(y, funnel.itertuples()):
        text = f"{row.count:,}" if not row.rate_of else f"{row.count:,} ({row.rate_of}的 {row.rate:.1%})"
        ax.text(max(row.count, 1) * 1.15, yi, text, va="center")
    ax.set_xscale("log")
    ax.set_xlim(right=float(funnel["count"].max()) * 40)
    ax.set_yticks(y, funnel["stage"].tolist())
    ax.set_xlabel("人数 (对数刻度)")
    ax.grid(axis="y", visible=False)
    ax.set_title("客户旅程漏斗")
    return ax


def plot_visits(
    visits: pd.DataFrame,
    ax: Axes | None = None,
    *,
    warnings: Sequence | None = None,
    until: Any = None,
    title: str | None = None,
) -> Axes:
    """Visits per week, coloured by stage, with the days a churn warning fired (小林的到店记录).

    ``visits`` has ``date`` and ``stage`` columns (:func:`crmlab.lifecycle.simulate_visits`);
    ``until`` extends the time axis past the last visit, so that weeks without
    visits show as such.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.lifecycle import simulate_visits
    >>> ax = plot_visits(simulate_visits(seed=7), warnings=[pd.Timestamp("2024-09-30")])
    >>> ax.get_legend() is not None
    True
    """
    ax = _axes(ax)
    week = visits["date"].dt.to_period("W").dt.start_time
    counts = visits.groupby([week, "stage"], sort=False).size().rename("visits").reset_index()
    for stage in dict.fromkeys(visits["stage"]):
        part = counts[counts["stage"] == stage]
        ax.bar(part["date"], part["visits"], width=6, color=STAGE_COLORS.get(stage), edgecolor="gray", label=stage)
    for k, when in enumerate(warnings or []):
        ax.axvline(pd.Timestamp(when), color="#d62728", linestyle="--", linewidth=2, label="流失预警" if k == 0 else None)
    if until is not None:
        ax.set_xlim(right=pd.Timestamp(until))
    ax.set_ylabel("每周到店次数")
    ax.set_title(title or "小林在臻选咖啡的到店记录")
    ax.legend(loc="upper right")
    return ax


# ------------------------------------------------------------------ chapter 6


def plot_cohort_heatmap(cohorts: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Heat map of a cohort retention table (同期群留存热力图); cells not yet observable are blank.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> c = pd.DataFrame({"size": [10, 20], 0: [1.0, 1.0], 1: [0.5, np.nan]}, index=["2024Q1", "2024Q2"])
    >>> [t.get_text() for t in plot_cohort_heatmap(c).texts]
    ['100%', '50%', '100%', '']
    """
    ax = _axes(ax)
    shares = cohorts.drop(columns="size")
    values = shares.to_numpy(dtype=float)
    image = ax.imshow(values, cmap="Greens", vmin=0, vmax=1, aspect="auto")
    small = values.shape[1] > 16
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            ax.text(j, i, "" if np.isnan(v) else f"{v:.0%}", ha="center", va="center", fontsize="x-small" if small else "small",
                    color="white" if v > 0.6 else "black")  # fmt: skip
    ax.set_xticks(range(values.shape[1]), [str(c) for c in shares.columns])
    ax.set_yticks(range(values.shape[0]), [f"{idx} ({n})" for idx, n in zip(cohorts.index, cohorts["size"])])
    ax.set_xlabel("首次购买后的第几期")
    ax.set_ylabel("同期群 (人数)")
    ax.grid(False)
    ax.set_title(title or "同期群留存表: 每期仍在购买的客户占比")
    ax.figure.colorbar(image, ax=ax, shrink=0.8, format=mpl.ticker.PercentFormatter(xmax=1, decimals=0))
    return ax


def plot_retention_curves(cohorts: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Every cohort's retention curve (thin) and the size-weighted average (thick) (留存曲线).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> c = pd.DataFrame({"size": [10, 20], 0: [1.0, 1.0], 1: [0.5, 0.4], 2: [0.3, np.nan]})
    >>> len(plot_retention_curves(c).get_lines())
    3
    """
    from .retention import retention_curve

    ax = _axes(ax)
    shares = cohorts.drop(columns="size")
    for _, row in shares.iterrows():
        ax.plot(row.index.astype(int), row.to_numpy(dtype=float), color="gray", alpha=0.35, linewidth=1)
    mean = retention_curve(cohorts)
    ax.plot(mean["period"], mean["retention"], color=CLASS_COLORS[5], linewidth=3, marker="o", label="加权平均")
    ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(xmax=1, decimals=0))
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("首次购买后的第几期")
    ax.set_ylabel("仍在购买的客户占比")
    ax.set_title(title or "各同期群的留存曲线")
    ax.legend()
    return ax


def plot_survival(curves: pd.DataFrame | dict[str, pd.DataFrame], ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Kaplan-Meier survival curves with their confidence bands (生存曲线).

    ``curves`` is one :func:`crmlab.retention.kaplan_meier` result or a dict of them.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.retention import kaplan_meier
    >>> ax = plot_survival({"甲": kaplan_meier([1, 2, 3], [True, True, False])})
    >>> len(ax.get_lines()), len(ax.collections)
    (1, 1)
    """
    ax = _axes(ax)
    series = curves if isinstance(curves, dict) else {"全部客户": curves}
    for k, (name, km) in enumerate(series.items()):
        color = CLASS_COLORS[(k + 3) % len(CLASS_COLORS)]
        ax.step(km.index, km["survival"], where="post", color=color, linewidth=2.5, label=name)
        ax.fill_between(km.index, km["lower"], km["upper"], step="post", color=color, alpha=0.18)
    ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(xmax=1, decimals=0))
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("首次购买后的时间")
    ax.set_ylabel("仍是客户的概率 S(t)")
    ax.set_title(title or "Kaplan-Meier 生存曲线 (阴影: 95% 置信区间)")
    ax.legend()
    return ax


def plot_life_table(table: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Churn probability per interval from :func:`crmlab.retention.life_table`, one line per group (各期流失概率).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.retention import life_table
    >>> lt = life_table([0.5, 1.5, 2.5, 0.2], [True, True, False, True], groups=["甲", "甲", "乙", "乙"])
    >>> len(plot_life_table(lt).get_lines())
    2
    """
    ax = _axes(ax)
    groups = table.groupby("group", sort=False) if "group" in table.columns else [("全部客户", table)]
    for k, (name, part) in enumerate(groups):
        ax.plot(part["start"], part["churn_probability"], marker="o", linewidth=2.5,
                color=CLASS_COLORS[(k + 3) % len(CLASS_COLORS)], label=str(name))  # fmt: skip
    ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(xmax=1, decimals=0))
    ax.set_xlabel("区间起点 (首次购买后)")
    ax.set_ylabel("区间内的流失概率 q")
    ax.set_title(title or "客户寿命表: 各区间的流失概率")
    ax.legend()
    return ax


def plot_sbg(fit: Any, periods: int, ax: Axes | None = None, *, actual: Sequence[float] | None = None,
             constant_churn: bool = True, title: str | None = None) -> Axes:  # fmt: skip
    """Observed survivors against the sBG projection, optionally with a constant-churn projection (sBG 预测).

    ``fit`` is :func:`crmlab.retention.fit_sbg`; ``actual`` adds later observed
    counts (not used in fitting) for a holdout check; ``constant_churn`` draws
    the projection of the first period's churn rate held constant.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.retention import fit_sbg
    >>> ax = plot_sbg(fit_sbg([1000, 869, 743, 653]), 6)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['拟合用的观测值', 'sBG 模型', '固定流失率 (第 1 期的 13.1%)']
    """
    ax = _axes(ax)
    proj = fit.projection(periods)
    n_fit = len(fit.survivors)
    ax.plot(proj["period"][:n_fit], proj["observed"][:n_fit], "o", color="black", markersize=7, label="拟合用的观测值")
    if actual is not None and len(actual) > n_fit:
        later = np.arange(n_fit, min(len(actual), periods + 1))
        ax.plot(later, np.asarray(actual, dtype=float)[later], "o", mfc="white", color="black", markersize=7, label="后来的实际值")
    ax.plot(proj["period"], proj["expected"], color=CLASS_COLORS[3], linewidth=2.5, label="sBG 模型")
    if constant_churn:
        first = 1 - proj["constant_churn"].iloc[1] / proj["constant_churn"].iloc[0]
        ax.plot(proj["period"], proj["constant_churn"], color=CLASS_COLORS[5], linestyle="--",
                linewidth=2, label=f"固定流失率 (第 1 期的 {first:.1%})")  # fmt: skip
    ax.axvline(n_fit - 1, color="gray", linestyle=":", linewidth=1.2)
    ax.set_xlabel("期")
    ax.set_ylabel("仍在的客户数")
    ax.set_ylim(0, fit.survivors[0] * 1.05)
    ax.set_title(title or "sBG 模型: 拟合与预测 (虚线右侧为预测)")
    ax.legend()
    return ax


# ------------------------------------------------------------ chapter 7: BTYD


def plot_frequency_histogram(table: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Observed vs expected customers by number of repeat purchases (拟合优度直方图).

    ``table`` is :func:`crmlab.btyd.frequency_histogram`.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"frequency": ["0", "1+"], "actual": [5, 3], "expected": [5.2, 2.8]})
    >>> len(plot_frequency_histogram(t).patches)
    4
    """
    ax = _axes(ax)
    x = np.arange(len(table))
    ax.bar(x - 0.2, table["actual"], width=0.4, color=CLASS_COLORS[5], label="实际")
    ax.bar(x + 0.2, table["expected"], width=0.4, color=CLASS_COLORS[3], label="模型预测")
    ax.set_xticks(x, table["frequency"].astype(str))
    ax.set_xlabel("校准期内的重复购买次数")
    ax.set_ylabel("客户数")
    ax.set_title(title or "BG/NBD 拟合: 各购买次数的客户数")
    ax.legend()
    return ax


def plot_holdout_by_frequency(table: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Mean holdout purchases, actual vs predicted, by calibration frequency (验证期的条件期望).

    ``table`` is :func:`crmlab.btyd.holdout_by_frequency`.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"frequency_cal": ["0", "1+"], "customers": [5, 3], "actual": [0.2, 1.0], "predicted": [0.25, 0.9]})
    >>> len(plot_holdout_by_frequency(t).get_lines())
    2
    """
    ax = _axes(ax)
    x = np.arange(len(table))
    ax.plot(x, table["actual"], marker="o", color=CLASS_COLORS[5], linewidth=2.5, label="实际")
    ax.plot(x, table["predicted"], marker="s", linestyle="--", color=CLASS_COLORS[3], linewidth=2.5, label="BG/NBD 预测")
    ax.set_xticks(x, [f"{f}\n({n}人)" for f, n in zip(table["frequency_cal"], table["customers"])])
    ax.set_xlabel("校准期内的重复购买次数 (人数)")
    ax.set_ylabel("验证期内的平均购买次数")
    ax.set_title(title or "没见过的数据: 验证期实际 vs 预测")
    ax.legend()
    return ax


def plot_tracking(table: pd.DataFrame, ax: Axes | None = None, *, cumulative: bool = True, title: str | None = None) -> Axes:
    """Actual vs expected repeat purchases over calendar time, split at the end of calibration (跟踪图).

    ``table`` is :func:`crmlab.btyd.tracking_table`.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"end": pd.date_range("2024-01-07", periods=3, freq="W"), "actual": [1, 2, 3], "expected": [1.0, 2.0, 2.5],
    ...                   "actual_cumulative": [1, 3, 6], "expected_cumulative": [1.0, 3.0, 5.5], "calibration": [True, True, False]})
    >>> len(plot_tracking(t).get_lines())
    3
    """
    ax = _axes(ax)
    suffix = "_cumulative" if cumulative else ""
    ax.plot(table["end"], table[f"actual{suffix}"], color=CLASS_COLORS[5], linewidth=2.5, label="实际")
    ax.plot(table["end"], table[f"expected{suffix}"], color=CLASS_COLORS[3], linestyle="--", linewidth=2.5, label="BG/NBD 预测")
    cal = table.loc[table["calibration"], "end"]
    if len(cal) and not table["calibration"].all():
        ax.axvline(cal.max(), color="gray", linestyle=":", linewidth=1.5)
        ax.text(cal.max(), ax.get_ylim()[1] * 0.95, " 校准期结束 →\n 验证期", va="top", fontsize="small", color="gray")
    ax.set_xlabel("日期")
    ax.set_ylabel("累计重复购买次数" if cumulative else "每期重复购买次数")
    ax.set_title(title or ("累计重复购买: 实际 vs 预测" if cumulative else "每期重复购买: 实际 vs 预测"))
    _date_axis(ax)
    ax.legend(loc="upper left")
    return ax


def plot_frequency_recency_matrix(matrix: pd.DataFrame, ax: Axes | None = None, *, kind: str = "purchases",
                                  title: str | None = None) -> Axes:  # fmt: skip
    """Heat map of :func:`crmlab.btyd.frequency_recency_matrix` (频次-近度矩阵).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.btyd import BGNBDFit, frequency_recency_matrix
    >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
    >>> ax = plot_frequency_recency_matrix(frequency_recency_matrix(fit, T=39, kind="alive"), kind="alive")
    >>> ax.get_xlabel()
    '最后一次购买时的客户年龄 (recency)'
    """
    ax = _axes(ax)
    values = matrix.to_numpy(dtype=float)
    recency = matrix.columns.to_numpy(dtype=float)
    alive = kind == "alive"
    image = ax.imshow(values, origin="lower", aspect="auto", cmap="viridis", vmin=0, vmax=1 if alive else None,
                      extent=(recency[0], recency[-1], matrix.index[0] - 0.5, matrix.index[-1] + 0.5))  # fmt: skip
    ax.set_xlabel("最后一次购买时的客户年龄 (recency)")
    ax.set_ylabel("重复购买次数 (frequency)")
    ax.grid(False)
    ax.set_title(title or ("存活概率 P(alive)" if alive else "下一期的预测购买次数"))
    bar = ax.figure.colorbar(image, ax=ax, shrink=0.85)
    if alive:
        bar.formatter = mpl.ticker.PercentFormatter(xmax=1, decimals=0)
        bar.update_ticks()
    return ax


def plot_alive_curve(fit: Any, *, frequency: int, T: float, ax: Axes | None = None, recency: float | None = None,
                     unit: str = "期", title: str | None = None) -> Axes:  # fmt: skip
    """Probability alive against recency for one frequency, with one customer marked (存活概率曲线).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.btyd import BGNBDFit
    >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
    >>> len(plot_alive_curve(fit, frequency=3, T=39, recency=20).get_lines())
    2
    """
    ax = _axes(ax)
    grid = np.linspace(0, T, 200) if frequency > 0 else np.array([0.0, T])
    x = np.full(len(grid), float(frequency))
    values = fit.probability_alive(x, grid if frequency > 0 else np.zeros(len(grid)), np.full(len(grid), float(T)))
    ax.plot(grid, values, color=CLASS_COLORS[3], linewidth=2.5)
    if recency is not None:
        p = float(fit.probability_alive([frequency], [recency if frequency > 0 else 0.0], [T])[0])
        ax.plot([recency], [p], "o", color=CLASS_COLORS[5], markersize=12)
        ax.annotate(f"{p:.0%}", (recency, p), textcoords="offset points", xytext=(8, 8), fontsize="large")
    ax.set_ylim(0, 1.05)
    ax.set_xlim(0, T)
    ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(xmax=1, decimals=0))
    ax.set_xlabel(f"最后一次购买时的客户年龄 (recency, {unit})")
    ax.set_ylabel("存活概率")
    ax.set_title(title or f"重复购买 {frequency} 次、已观察 {T:g} {unit}的客户")
    return ax


def plot_spend_shrinkage(frequency: Any, monetary_value: Any, expected_spend: Any, ax: Axes | None = None, *,
                         population_mean: float | None = None, title: str | None = None) -> Axes:  # fmt: skip
    """Observed mean spend vs Gamma-Gamma expected spend: the pull towards the population mean (收缩效应).

    Points are coloured by number of repeat purchases; few purchases, strong pull.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> ax = plot_spend_shrinkage([1, 5], [10.0, 50.0], [20.0, 45.0], population_mean=30)
    >>> len(ax.collections), len(ax.get_lines())
    (1, 2)
    """
    ax = _axes(ax)
    x = np.asarray(frequency, dtype=float)
    m = np.asarray(monetary_value, dtype=float)
    e = np.asarray(expected_spend, dtype=float)
    repeat = x > 0
    points = ax.scatter(m[repeat], e[repeat], c=np.minimum(x[repeat], 10), cmap="viridis", s=18, alpha=0.8)
    top = float(max(m[repeat].max(), e[repeat].max())) * 1.05
    ax.plot([0, top], [0, top], color="gray", linestyle=":", linewidth=1.5, label="预测 = 自己的平均")
    if population_mean is not None:
        ax.axhline(population_mean, color=CLASS_COLORS[5], linestyle="--", linewidth=1.5, label=f"总体平均 {population_mean:.1f}")
    ax.set_xlabel("客户自己的平均金额 (校准期)")
    ax.set_ylabel("Gamma-Gamma 预测的客单价")
    ax.set_title(title or "购买次数越少, 预测越靠近总体平均")
    ax.figure.colorbar(points, ax=ax, shrink=0.85, label="重复购买次数 (10 = 10 次及以上)")
    ax.legend(loc="upper left")
    return ax


def plot_clv_distribution(clv: Any, ax: Axes | None = None, *, title: str | None = None, bins: int = 40) -> Axes:
    """Histogram of predicted CLV on a log scale, with the share of the top 20% (预测 CLV 分布).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> ax = plot_clv_distribution([1.0, 2.0, 5.0, 50.0, 100.0])
    >>> ax.get_xscale()
    'log'
    """
    ax = _axes(ax)
    values = np.sort(np.asarray(clv, dtype=float))[::-1]
    positive = values[values > 0]
    low = max(positive.min(), positive.max() * 1e-4) if len(positive) else 1.0
    edges = np.geomspace(low, max(positive.max(), low * 10) if len(positive) else 10.0, bins + 1)
    ax.hist(np.clip(positive, low, None), bins=edges, color=CLASS_COLORS[3])
    ax.set_xscale("log")
    share = top_share(pd.Series(values), top=0.2)
    ax.text(0.98, 0.95, f"前 20% 客户占总价值的 {share:.0%}", transform=ax.transAxes, ha="right", va="top", fontsize="large")
    ax.set_xlabel("预测 CLV (对数刻度)")
    ax.set_ylabel("客户数")
    ax.set_title(title or "预测 CLV 的分布")
    return ax


def plot_purchase_timelines(transactions: pd.DataFrame, customers: Sequence[Any], ax: Axes | None = None, *,
                            as_of: Any, customer: str = "customer_id", date: str = "date", time_unit: float = 7.0,
                            title: str | None = None) -> Axes:  # fmt: skip
    """Each customer's purchases on a line from the first purchase to ``as_of``, labelled with x, t_x and T (购买时间线).

    ``time_unit`` is the number of days in the unit of the labels (7 = weeks).
    Several purchases on one day show as one dot, as :func:`crmlab.btyd.btyd_summary` counts them.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"customer_id": [1, 1, 2], "date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-10"])})
    >>> ax = plot_purchase_timelines(t, [1, 2], as_of="2024-03-31")
    >>> [x.get_text() for x in ax.texts]
    ['x=1, t_x=4.4, T=12.9', 'x=0, t_x=0.0, T=11.6']
    """
    from .btyd import btyd_summary

    ax = _axes(ax)
    end = pd.Timestamp(as_of)
    frame = transactions[[customer, date]]
    chosen = frame[frame[customer].isin(list(customers))]
    summary = btyd_summary(chosen, customer=customer, date=date, amount=None, as_of=end, time_scaler=time_unit)
    for row, who in enumerate(customers):
        days = pd.to_datetime(chosen.loc[chosen[customer] == who, date]).dt.normalize()
        days = np.sort(days[days <= end].unique())
        if len(days) == 0:
            continue
        first, last = pd.Timestamp(days[0]), pd.Timestamp(days[-1])
        y = len(customers) - 1 - row
        ax.plot([first, end], [y, y], color="lightgray", linewidth=3, zorder=1)
        ax.plot([first, last], [y, y], color=CLASS_COLORS[3], linewidth=3, zorder=2)
        ax.scatter(days, np.full(len(days), y), s=90, color=CLASS_COLORS[5], zorder=3)
        x, tx, big_t = summary.loc[who, ["frequency", "recency", "T"]]
        ax.text(end, y + 0.18, f"x={x:.0f}, t_x={tx:.1f}, T={big_t:.1f}", ha="right", va="bottom", fontsize="small")
    ax.axvline(end, color="gray", linestyle=":", linewidth=1.5)
    ax.set_yticks(range(len(customers)), [f"客户 {c}" for c in reversed(list(customers))])
    ax.set_ylim(-0.6, len(customers) - 0.2)
    _date_axis(ax)
    ax.set_title(title or "购买时间线: 蓝线 = 首次到最后一次购买 (t_x), 灰线 = 到观察期末 (T)")
    return ax


def plot_clv_comparison(simple: Any, model: Any, probability_alive: Any, ax: Axes | None = None, *,
                        title: str | None = None) -> Axes:  # fmt: skip
    """Chapter 5's formula against the BG/NBD + Gamma-Gamma value, coloured by probability alive (两种 CLV 的比较).

    Only customers the formula values (those with repeat purchases) are drawn;
    values below 0.01 are drawn at 0.01 on the log scale.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> ax = plot_clv_comparison([10.0, 20.0], [8.0, 2.0], [0.9, 0.1])
    >>> ax.get_xscale(), len(ax.collections)
    ('log', 1)
    """
    ax = _axes(ax)
    s = np.asarray(simple, dtype=float)
    m = np.asarray(model, dtype=float)
    p = np.asarray(probability_alive, dtype=float)
    both = s > 0  # customers without repeat purchases have no past rate: the formula gives them nothing
    floor = 0.01  # values below a cent are drawn at a cent (BG/NBD can give 1e-9 to a customer long gone)
    shown_s, shown_m = np.maximum(s[both], floor), np.maximum(m[both], floor)
    points = ax.scatter(shown_s, shown_m, c=p[both], cmap="RdYlGn", vmin=0, vmax=1, s=22, alpha=0.85)
    low = float(min(shown_s.min(), shown_m.min()))
    high = float(max(shown_s.max(), shown_m.max()))
    ax.plot([low, high], [low, high], color="gray", linestyle=":", linewidth=1.5)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("第五章公式 (按历史速率, 统一流失率)")
    ax.set_ylabel("BG/NBD + Gamma-Gamma")
    ax.set_title(title or "同一批客户的两种 CLV (对数刻度; 颜色 = 存活概率)")
    bar = ax.figure.colorbar(points, ax=ax, shrink=0.85, label="存活概率")
    bar.formatter = mpl.ticker.PercentFormatter(xmax=1, decimals=0)
    bar.update_ticks()
    return ax
