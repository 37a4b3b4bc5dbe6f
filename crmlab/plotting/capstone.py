"""Figures of the capstone (综合实训): the data check, CLV:CAC per channel and the strategy per segment."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import NullLocator

from ..capstone import DataCheck
from ..glossary import term
from ._style import CLASS_COLORS, COLORS, _axes, _yuan

__all__ = ["plot_data_problems", "plot_channel_value", "StrategyChart", "plot_strategy"]


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


def _coverage(share: float) -> str:
    if share <= 0:
        return "（不投入）"
    return "" if share >= 1 else f"（覆盖 {share:.0%}）"


class StrategyChart:
    """Budget beside expected value for each segment, on a log axis, updatable in place (细分策略图).

    ``StrategyChart(ax, segments)`` draws the empty chart for those segments (top
    to bottom); :meth:`update` sets it to a :func:`crmlab.capstone.strategy_table`
    with the same segments. The strategy explorer keeps one and updates it.
    """

    def __init__(self, ax: Axes, segments: Sequence[str], *, annotate: bool = True) -> None:
        self.ax, self.segments = ax, [str(s) for s in segments]
        y = np.arange(len(self.segments))[::-1]
        ones = np.ones(len(y))
        self.budget = ax.barh(y + 0.2, ones, height=0.4, color=COLORS["low"], label=term("action_budget"))
        self.value = ax.barh(y - 0.2, ones, height=0.4, color=COLORS["high"], label=term("expected_value"))
        self.texts = [[ax.text(1, yi + dy, "", va="center", fontsize="x-small") for yi in y] for dy in (0.2, -0.2)] if annotate else []
        ax.set_yticks(y, self.segments)
        ax.set_xscale("log")
        ax.xaxis.set_minor_locator(NullLocator())  # log minor ticks are many and slow to draw (the explorer redraws)
        ax.set_xlabel("元（对数刻度）")
        ax.legend(loc="best")

    def update(self, strategy: pd.DataFrame, *, title: str | None = None) -> None:
        """Show ``strategy`` (the same segments in the same order): bar lengths and colours, labels, axis and title.

        Examples
        --------
        >>> import matplotlib; matplotlib.use("Agg")
        >>> import matplotlib.pyplot as plt
        >>> chart = StrategyChart(plt.subplots()[1], ["甲", "乙"])
        >>> chart.update(pd.DataFrame({"segment": ["甲", "乙"], "action_budget": [20.0, 5.0], "expected_value": [100.0, 2.0], "funded": [True, False]}))
        >>> [float(b.get_width()) for b in chart.value], [t.get_text() for t in chart.ax.get_yticklabels()]
        ([100.0, 2.0], ['甲', '乙（不投入）'])
        """
        if [str(s) for s in strategy["segment"]] != self.segments:
            raise ValueError(f"StrategyChart was built for {self.segments}, got {list(strategy['segment'])}")
        funded = strategy["funded"].astype(bool).to_numpy()
        shares = strategy["funded_share"].to_numpy(dtype=float) if "funded_share" in strategy.columns else funded.astype(float)
        columns = (("action_budget", self.budget, COLORS["low"], "#f4b6b6"), ("expected_value", self.value, COLORS["high"], "#b7dfb7"))
        top = 10.0
        for k, (column, bars, dark, light) in enumerate(columns):
            values = strategy[column].to_numpy(dtype=float)
            top = max(top, float(np.nanmax(values)))
            for i, (bar, v, f) in enumerate(zip(bars, values, funded)):
                bar.set_width(v)
                bar.set_color(dark if f else light)
                if self.texts:
                    self.texts[k][i].set_text(f" {_yuan(v)}")
                    self.texts[k][i].set_x(max(v, 1.0))
        self.ax.set_yticklabels([f"{s}{_coverage(share)}" for s, share in zip(self.segments, shares)])
        self.ax.set_xlim(1, top * 8)
        self.ax.set_title(title or "各细分的预算与预期增加价值")


def plot_strategy(strategy: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None, annotate: bool = True) -> Axes:
    """Budget and expected value of each segment's action, funded segments in colour (细分策略的预算与预期价值).

    ``strategy`` is :func:`crmlab.capstone.strategy_table`; a segment funded in
    part is labelled with the share covered. The value axis is
    logarithmic, since segments differ by orders of magnitude. ``annotate``
    writes each bar's amount beside it (the explorer, which shows a table,
    leaves them out).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> s = pd.DataFrame({"segment": ["甲", "乙"], "action_budget": [20.0, 5.0], "expected_value": [100.0, 2.0], "funded": [True, False]})
    >>> ax = plot_strategy(s)
    >>> [float(p.get_width()) for p in ax.patches]
    [20.0, 5.0, 100.0, 2.0]
    """
    ax = _axes(ax)
    StrategyChart(ax, strategy["segment"], annotate=annotate).update(strategy, title=title)
    return ax
