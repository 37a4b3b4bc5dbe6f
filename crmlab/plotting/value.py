"""Figures of chapter 3 (客户价值与让渡价值): delivered value, Maslow value types, value distribution."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..glossary import term
from ..value import COST_COMPONENTS, VALUE_COMPONENTS, DeliveredValue
from ._style import CLASS_COLORS, _axes

__all__ = [
    "plot_delivered_value",
    "plot_maslow",
    "plot_value_distribution",
]


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
    (8, '让渡价值 = 375 - 358 = +17 元：物超所值')
    >>> [t.get_text() for t in ax.texts if t.get_text().endswith(" 元")]  # each bar's total on top of it
    ['375 元', '358 元']
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
        ax.text(x, bottom, f"{bottom:,.0f} 元", ha="center", va="bottom", fontsize="large")  # the total on top of its bar
    ax.set_xticks([0, 1], [term("total_value"), term("total_cost")])
    ax.set_xlim(-0.6, 1.9)
    low, high = sorted((result.total_value, result.total_cost))
    ax.annotate("", xy=(1.45, high), xytext=(1.45, low), arrowprops=dict(arrowstyle="<->", color="black", lw=1.5))
    ax.text(1.52, (low + high) / 2, f"{result.delivered_value:+,.0f}", va="center", fontsize="large")
    ax.set_ylim(0, top * 1.12 if top > 0 else 1)
    ax.set_ylabel("元（等值）")
    ax.grid(axis="x", visible=False)
    headline = (
        f"{term('delivered_value')} = {result.total_value:,.0f} - {result.total_cost:,.0f} = {result.delivered_value:+,.0f} 元：{result.verdict}"
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
    ax.set_xlabel(f"每位客户的{term('value')}（对数刻度）")
    ax.set_ylabel(term("customers"))
    ax.set_title(title or "客户对企业的价值：少数客户远高于大多数")
    ax.legend()
    return ax
