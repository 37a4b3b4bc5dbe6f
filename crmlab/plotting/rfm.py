"""Figures of the RFM chapter (RFM 模型与客户分层): scatter, segment profiles, R×F heat map, score distribution."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..glossary import term
from ._style import CLASS_COLORS, _axes, _text_color

__all__ = [
    "SegmentChart",
    "plot_rfm_scatter",
    "plot_rfm_segments",
    "plot_rf_heatmap",
    "plot_score_distribution",
]


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
    ax.set_xlabel(f"{term('frequency')}（对数刻度，稍加抖动）")
    ax.set_ylabel(term("recency"))
    ax.figure.colorbar(points, ax=ax, label=term("monetary"))
    ax.set_title(title or "每位客户的 R、F、M")
    return ax


class SegmentChart:
    """Share of customers beside share of revenue for each RFM segment, updatable in place.

    ``SegmentChart(ax, segments)`` draws the empty chart for those segments (top to
    bottom); :meth:`update` sets it to a :func:`crmlab.rfm.segment_profile` with the
    same segments. The RFM explorer keeps one and updates it, which is much faster
    than drawing anew.
    """

    def __init__(self, ax: Axes, segments: Sequence[str]) -> None:
        self.ax, self.segments = ax, [str(s) for s in segments]
        y = np.arange(len(self.segments))[::-1]
        height = 0.38
        zeros = np.zeros(len(y))
        self.customers = ax.barh(y + height / 2, zeros, height, color=CLASS_COLORS[3], label=term("customer_share"))
        self.revenue = ax.barh(y - height / 2, zeros, height, color=CLASS_COLORS[1], label=term("revenue_share"))
        self.labels = [ax.bar_label(bars, fmt="{:.0%}", padding=3, fontsize="small") for bars in (self.customers, self.revenue)]
        ax.set_yticks(y, self.segments)
        # a fixed 0-100% axis (room for the labels on the right): bars can be compared as a slider moves,
        # and the layout never has to change
        ax.set_xlim(0, 1.1)
        ax.set_xticks(np.linspace(0, 1, 6))
        ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(xmax=1, decimals=0))
        ax.grid(axis="y", visible=False)
        ax.legend(loc="lower right")

    def update(self, profile: pd.DataFrame, *, title: str | None = None) -> None:
        """Show ``profile`` (the same segments in the same order): bar lengths, their labels and the title.

        Examples
        --------
        >>> import matplotlib; matplotlib.use("Agg")
        >>> import matplotlib.pyplot as plt
        >>> chart = SegmentChart(plt.subplots()[1], ["甲", "乙"])
        >>> chart.update(pd.DataFrame({"segment": ["甲", "乙"], "customer_share": [0.8, 0.2], "revenue_share": [0.3, 0.7]}))
        >>> [round(float(b.get_width()), 1) for b in chart.revenue], chart.labels[1][0].get_text()
        ([0.3, 0.7], '30%')
        """
        if [str(s) for s in profile["segment"]] != self.segments:
            raise ValueError(f"SegmentChart was built for {self.segments}, got {list(profile['segment'])}")
        for bars, texts, column in ((self.customers, self.labels[0], "customer_share"), (self.revenue, self.labels[1], "revenue_share")):
            for bar, text, value in zip(bars, texts, profile[column].to_numpy(dtype=float)):
                bar.set_width(value)
                text.set_text(f"{value:.0%}")
                text.xy = (value, text.xy[1])
        self.ax.set_title(title or "各类客户：人数占比与收入占比")


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
    SegmentChart(ax, list(profile["segment"])).update(profile, title=title)
    return ax


def plot_rf_heatmap(scores: pd.DataFrame, ax: Axes | None = None, *, value: str = "monetary") -> Axes:
    """Heat map of the mean monetary value in each (R score, F score) cell, with the number of customers (R×F 热力图).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> s = pd.DataFrame({"r_score": [2, 2, 1], "f_score": [1, 1, 2], "monetary": [10.0, 30.0, 5.0]})
    >>> [t.get_text() for t in plot_rf_heatmap(s).texts][:2]
    ['20\\n（2 人）', '']
    """
    from ..rfm import rf_grid

    ax = _axes(ax)
    mean, count = rf_grid(scores, value=value)
    image = ax.imshow(mean.to_numpy(dtype=float), cmap="YlOrRd", aspect="auto")
    for i, r in enumerate(mean.index):
        for j, f in enumerate(mean.columns):
            n = int(count.loc[r, f])
            colour = _text_color(image.cmap(image.norm(mean.loc[r, f]))) if n else "black"
            ax.text(j, i, f"{mean.loc[r, f]:,.0f}\n（{n} 人）" if n else "", ha="center", va="center", fontsize="small", color=colour)
    ax.set_xticks(range(len(mean.columns)), [str(c) for c in mean.columns])
    ax.set_yticks(range(len(mean.index)), [str(r) for r in mean.index])
    ax.set_xlabel(f"{term('f_score')}（购买频率，越大越频繁）")
    ax.set_ylabel(f"{term('r_score')}（越大越近）")
    ax.grid(False)
    ax.set_title(f"平均{term(value) if value != 'monetary' else '消费金额'}（{term('r_score')} × {term('f_score')}）")
    ax.figure.colorbar(image, ax=ax, shrink=0.8)
    return ax


_SCORE_TITLES = {"r_score": f"{term('r_score')}（最近一次购买）", "f_score": f"{term('f_score')}（购买频率）",
                 "m_score": f"{term('m_score')}（消费金额）"}  # fmt: skip


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
    ax.set_xlabel(term("score"))
    ax.set_ylabel(term("customers"))
    ax.margins(y=0.12)
    ax.set_title(_SCORE_TITLES.get(score, score))
    return ax
