"""Figures of the lifecycle chapter (客户生命周期): model curves, patterns, customer series, funnel, visits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..glossary import term
from ._style import CLASS_COLORS, _axes, _date_axis, _legend_over_data

__all__ = [
    "STAGE_COLORS",
    "PATTERN_COLORS",
    "plot_lifecycle_curve",
    "plot_pattern_curves",
    "plot_customer_series",
    "plot_funnel",
    "plot_visits",
]


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
    ax.plot(t, curve["transaction_volume"], color=CLASS_COLORS[3], linewidth=3, marker="o", markersize=4, label=term("transaction_volume"))
    ax.plot(t, curve["profit"], color=CLASS_COLORS[5], linewidth=3, marker="s", markersize=4, label=f"{term('profit')} P(t)")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_ylim(min(float(curve["profit"].min()) * 1.3, -0.05 * top), top * 1.25)
    ax.set_xlabel(term("period"))
    ax.set_ylabel("相对水平")
    ax.set_title(title or "客户生命周期：各阶段的交易额与利润")
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
    ax.set_xlabel(term("period"))
    ax.set_ylabel(f"{term('transaction_volume')}（相对水平）")
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
    from ..lifecycle import smooth_series

    ax = _axes(ax)
    values = series.dropna()
    smooth = smooth_series(values.to_frame().T, window=window).iloc[0]
    ax.bar(np.arange(len(values)), values.to_numpy(), color=CLASS_COLORS[3], alpha=0.55, label=f"每期{term('orders')}")
    ax.plot(np.arange(len(values)), smooth.to_numpy(), color=CLASS_COLORS[5], linewidth=2.5, label=f"{window} 期移动平均")
    ax.set_xlim(-0.6, max(len(values), 6) - 0.4)  # room for a short history
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.set_xlabel(f"首次购买后的{term('period')}")
    ax.set_ylabel(term("orders"))
    ax.set_title(title or "一位客户的购买序列")
    _legend_over_data(ax, ncols=2)
    return ax


def plot_funnel(funnel: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """The customer journey funnel (客户旅程漏斗), log scale, with counts and stage-to-stage rates.

    ``funnel`` is :func:`crmlab.lifecycle.journey_funnel`.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> f = pd.DataFrame({"stage": ["到达", "获取"], "count": [1000, 50], "rate": [np.nan, 0.05], "rate_of": ["", "到达"]})
    >>> [t.get_text() for t in plot_funnel(f).texts]
    ['1,000', '50（到达的 5.0%）']
    """
    ax = _axes(ax)
    y = np.arange(len(funnel))[::-1]
    colors = [CLASS_COLORS[3]] * 4 + [CLASS_COLORS[5], CLASS_COLORS[0]]
    ax.barh(y, funnel["count"].clip(lower=1), color=colors[: len(funnel)], alpha=0.85)
    for yi, row in zip(y, funnel.itertuples()):
        text = f"{row.count:,}" if not row.rate_of else f"{row.count:,}（{row.rate_of}的 {row.rate:.1%}）"
        ax.text(max(row.count, 1) * 1.15, yi, text, va="center")
    ax.set_xscale("log")
    ax.set_xlim(right=float(funnel["count"].max()) * 40)
    ax.set_yticks(y, funnel["stage"].tolist())
    ax.set_xlabel(f"{term('count')}（对数刻度）")
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
    counts = visits.groupby([week, "stage"], sort=False, observed=True).size().rename("visits").reset_index()
    for stage in dict.fromkeys(visits["stage"]):
        part = counts[counts["stage"] == stage]
        ax.bar(part["date"], part["visits"], width=6, color=STAGE_COLORS.get(stage), edgecolor="gray", label=stage)
    for k, when in enumerate(warnings or []):
        ax.axvline(pd.Timestamp(when), color="#d62728", linestyle="--", linewidth=2, label="流失预警" if k == 0 else None)
    if until is not None:
        ax.set_xlim(right=pd.Timestamp(until))
    _date_axis(ax)
    ax.set_ylabel("每周到店次数")
    ax.set_title(title or "小林在臻选咖啡的到店记录")
    _legend_over_data(ax, ncols=3)
    return ax
