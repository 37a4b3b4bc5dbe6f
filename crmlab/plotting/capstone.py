"""Figures of the capstone (综合实训): the data check, CLV:CAC per channel and the strategy per segment."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import NullLocator

from ..capstone import DataCheck
from ..glossary import term
from ._style import CLASS_COLORS, COLORS, _axes, _yuan

__all__ = ["plot_data_problems", "plot_channel_value", "plot_strategy"]


def plot_data_problems(check: DataCheck | pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Rows with each problem of a raw log, one bar per check (数据问题条形图).

    ``check`` is :func:`crmlab.capstone.data_check` (or its ``table``). Checks
    that found nothing are drawn as empty grey rows, so the figure also shows
    what was checked.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.capstone import data_check
    >>> t = pd.DataFrame({"customer_id": ["a", "a", None], "date": ["2024-01-05"] * 3, "amount": [10.0, 10.0, 5.0]})
    >>> ax = plot_data_problems(data_check(t))
    >>> [int(p.get_width()) for p in ax.patches][:3]
    [1, 0, 1]
    """
    table = check.table if isinstance(check, DataCheck) else check
    ax = _axes(ax)
    y = np.arange(len(table))[::-1]
    rows = table["rows"].to_numpy(dtype=float)
    colors = [CLASS_COLORS[5] if n > 0 else CLASS_COLORS[2] for n in rows]
    ax.barh(y, rows, color=colors)
    for yi, n in zip(y, rows):
        ax.text(n, yi, f" {n:,.0f}", va="center", fontsize="small", color="black" if n > 0 else "gray")
    ax.set_yticks(y, [str(p) for p in table["problem"]])
    ax.set_xlim(0, max(1.0, rows.max()) * 1.15)
    ax.set_xlabel(term("rows"))
    ax.set_title(title or "原始交易记录中的问题")
    return ax


def plot_channel_value(table: pd.DataFrame, ax: Axes | None = None, *, target: float = 3.0, title: str | None = None) -> Axes:
    """CLV:CAC of each acquisition channel, with the 1:1 and 3:1 lines (各渠道 CLV:CAC).

    ``table`` is :func:`crmlab.capstone.channel_value`.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"channel": ["甲", "乙"], "ratio": [5.0, 0.8]})
    >>> ax = plot_channel_value(t)
    >>> [float(p.get_height()) for p in ax.patches]
    [5.0, 0.8]
    """
    ax = _axes(ax)
    ratios = table["ratio"].to_numpy(dtype=float)
    x = np.arange(len(table))
    colors = [COLORS["low"] if r < 1 else (COLORS["high"] if r >= target else CLASS_COLORS[1]) for r in ratios]
    ax.bar(x, ratios, color=colors)
    for xi, r in zip(x, ratios):
        ax.text(xi, r, f"{r:.1f}", ha="center", va="bottom", fontsize="small")
    ax.axhline(1, color="gray", linestyle=":", linewidth=1.5, label="1:1（刚好收回获客成本）")
    ax.axhline(target, color="black", linestyle="--", linewidth=1.5, label=f"{target:g}:1（经验标准）")
    ax.set_xticks(x, [str(c) for c in table["channel"]])
    ax.set_ylabel(term("ratio"))
    ax.set_ylim(0, max(target, float(ratios.max())) * 1.15)
    ax.set_title(title or "各获客渠道的 CLV:CAC")
    ax.legend(loc="upper right")
    return ax


def plot_strategy(strategy: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None, annotate: bool = True) -> Axes:
    """Budget and expected value of each segment's action, funded segments in colour (细分策略的预算与预期价值).

    ``strategy`` is :func:`crmlab.capstone.strategy_table`. The value axis is
    logarithmic, since segments differ by orders of magnitude. ``annotate``
    writes each bar's amount beside it (the explorer, which shows a table,
    leaves them out).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> s = pd.DataFrame({"segment": ["甲", "乙"], "budget": [20.0, 5.0], "expected_value": [100.0, 2.0], "funded": [True, False]})
    >>> ax = plot_strategy(s)
    >>> [float(p.get_width()) for p in ax.patches]
    [20.0, 5.0, 100.0, 2.0]
    """
    ax = _axes(ax)
    n = len(strategy)
    y = np.arange(n)[::-1]
    funded = strategy["funded"].astype(bool).to_numpy()
    budget = strategy["budget"].to_numpy(dtype=float)
    value = strategy["expected_value"].to_numpy(dtype=float)
    ax.barh(y + 0.2, budget, height=0.4, color=[COLORS["low"] if f else "#f4b6b6" for f in funded], label=term("budget"))
    ax.barh(y - 0.2, value, height=0.4, color=[COLORS["high"] if f else "#b7dfb7" for f in funded], label=term("expected_value"))
    for yi, b, v in zip(y, budget, value) if annotate else ():
        ax.text(max(b, 1), yi + 0.2, f" {_yuan(b)}", va="center", fontsize="x-small")
        ax.text(max(v, 1), yi - 0.2, f" {_yuan(v)}", va="center", fontsize="x-small")
    labels = [f"{s}{'' if f else '（不投入）'}" for s, f in zip(strategy["segment"], funded)]
    ax.set_yticks(y, labels)
    ax.set_xscale("log")
    ax.xaxis.set_minor_locator(NullLocator())  # log minor ticks are many and slow to draw (the explorer redraws)
    ax.set_xlim(left=1, right=max(10.0, float(np.nanmax(np.concatenate([budget, value])))) * 8)
    ax.set_xlabel("元（对数刻度）")
    ax.set_title(title or "各细分的预算与预期增加价值")
    ax.legend(loc="best")
    return ax
