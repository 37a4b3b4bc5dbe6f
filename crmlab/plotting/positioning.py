"""Figures of chapter 1 (CRM 与客户定位): counts, the marketing mix, the target-group funnel, segments and maps."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from ..glossary import term
from ._style import CLASS_COLORS, _axes, _text_color

__all__ = [
    "plot_counts",
    "plot_marketing_mix",
    "plot_target_funnel",
    "plot_choose_k",
    "plot_crosstab",
    "plot_positioning_map",
    "plot_incremental",
    "plot_experience",
    "plot_band_rates",
]


def plot_counts(
    table: pd.DataFrame, value: str, ax: Axes | None = None, *, labels: str | Sequence[str] | None = None,
    title: str | None = None, percent: bool = False,
) -> Axes:
    """Horizontal bars of one column of a small table, each bar labelled (计数条形图).

    The bars are named by the index, or by the columns ``labels`` (joined with " / ").
    The first row is drawn at the top. ``percent`` writes the labels as percentages.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"people": [800, 373]}, index=pd.Index(["潜在客户", "首次购买者"], name="rung"))
    >>> ax = plot_counts(t, "people")
    >>> [float(p.get_width()) for p in ax.patches], ax.get_ylabel()
    ([800.0, 373.0], '关系阶梯')
    """
    ax = _axes(ax)
    values = pd.to_numeric(table[value], errors="coerce").fillna(0.0).to_numpy(dtype=float)
    if labels is None:
        names = [n for n in table.index.names if n]
        keys = list(table.index)
    else:
        names = [labels] if isinstance(labels, str) else list(labels)
        keys = list(table[names].itertuples(index=False, name=None))
    text = [" / ".join(map(str, k)) if isinstance(k, tuple) else str(k) for k in keys]
    y = np.arange(len(values))[::-1]
    bars = ax.barh(y, values, color=CLASS_COLORS[3], alpha=0.85)
    ax.bar_label(bars, labels=[f"{v:.0%}" if percent else f"{v:,.0f}" for v in values], padding=4)
    ax.set_yticks(y, text)
    ax.set_ylabel(" / ".join(term(n) for n in names))
    ax.set_xlabel(term(value))
    ax.set_xlim(0, max(values.max() * 1.18, 1e-9) if len(values) else 1)
    ax.grid(axis="y", visible=False)
    if title:
        ax.set_title(title)
    return ax


def plot_marketing_mix(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """4P → 4C → 4R as three columns of boxes, row by row (从 4P 到 4C 再到 4R).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.datasets import crm_reference
    >>> ax = plot_marketing_mix(crm_reference("marketing_mix"))
    >>> sum(t.get_text() == "回报" for t in ax.texts)
    1
    """
    ax = _axes(ax)
    columns = ["four_p", "four_c", "four_r"]
    views = {"four_p": "企业视角", "four_c": "客户视角", "four_r": "关系视角"}
    n = len(table)
    for j, column in enumerate(columns):
        ax.text(j, n - 0.35, f"{term(column)}（{views[column]}）", ha="center", va="center", fontsize="large")
        for i, text in enumerate(table[column]):
            y = n - 1 - i
            ax.text(j, y - 0.2, str(text), ha="center", va="center", fontsize="large",
                    bbox=dict(boxstyle="round,pad=0.5", facecolor=CLASS_COLORS[3 + j], alpha=0.25, edgecolor="none"))  # fmt: skip
            if j < 2:
                ax.annotate("", xy=(j + 0.68, y - 0.2), xytext=(j + 0.32, y - 0.2), arrowprops=dict(arrowstyle="->", color="gray"))
    ax.set_xlim(-0.6, 2.6)
    ax.set_ylim(-0.8, n)
    ax.axis("off")
    ax.set_title("营销组合的演变：每一行是同一个问题的三种回答")
    return ax


def plot_target_funnel(funnel: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """The target-group funnel (目标客户群漏斗): people per layer, and the real pre-order rate of each layer.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> f = pd.DataFrame({"layer": ["全部", "用得上"], "people": [100, 60], "share_of_all": [1.0, 0.6],
    ...                   "kept": [1.0, 0.6], "outcome_rate": [0.1, 0.15]})
    >>> ax = plot_target_funnel(f)
    >>> [float(p.get_width()) for p in ax.patches], ax.texts[1].get_text()
    ([100.0, 60.0], '60 人；预订率 15%')
    """
    ax = _axes(ax)
    n = len(funnel)
    y = np.arange(n)[::-1]
    people = funnel["people"].to_numpy(dtype=float)
    top = people.max() if len(people) else 1.0
    left = (top - people) / 2
    ax.barh(y, people, left=left, color=CLASS_COLORS[3], alpha=0.8)
    rate = "outcome_rate" in funnel
    for yi, p, edge, r in zip(y, people, left + people, funnel.get("outcome_rate", people)):
        ax.text(edge + 0.015 * top, yi, f"{p:,.0f} 人" + (f"；预订率 {r:.0%}" if rate else ""), va="center", fontsize="medium")
    ax.set_xlim(0, 1.4 * top)
    ax.set_yticks(y, funnel["layer"].astype(str).tolist())
    ax.set_xticks([])
    ax.grid(False)
    ax.set_xlabel(term("people"))
    ax.set_title(title or "目标客户群法：每加一个条件，人更少，但更可能购买")
    return ax


def plot_choose_k(table: pd.DataFrame, ax: Axes | None = None, *, chosen: int | None = None) -> Axes:
    """Inertia (the elbow) and silhouette against the number of segments k (选择细分数目).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> ax = plot_choose_k(pd.DataFrame({"k": [2, 3, 4], "inertia": [9.0, 5.0, 4.0], "silhouette": [0.3, 0.4, 0.35]}))
    >>> len(ax.lines), ax.get_xlabel()
    (1, '细分数目 k')
    """
    ax = _axes(ax)
    ax.plot(table["k"], table["inertia"], marker="o", color=CLASS_COLORS[3], label=term("inertia"))
    ax.set_xlabel(term("k"))
    ax.set_ylabel(term("inertia"), color=CLASS_COLORS[3])
    right = ax.twinx()
    right.plot(table["k"], table["silhouette"], marker="s", color=CLASS_COLORS[1], label=term("silhouette"))
    right.set_ylabel(term("silhouette"), color=CLASS_COLORS[1])
    right.grid(False)
    if chosen is not None:
        ax.axvline(chosen, color="gray", linestyle="--", linewidth=1)
    ax.set_xticks(table["k"].tolist())
    ax.set_title("组内平方和（左，看拐点）与轮廓系数（右，越大越分得开）")
    return ax


def plot_crosstab(table: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """A cross-table of customers as a heat map with the counts in the cells (交叉表热力图).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame([[30, 2], [1, 20]], index=pd.Index(["重价格", "重品牌"], name="segment"),
    ...                  columns=pd.Index(["逐利型", "跟随型"], name="true_value_type"))
    >>> ax = plot_crosstab(t)
    >>> [x.get_text() for x in ax.texts], ax.get_xlabel()
    (['30', '2', '1', '20'], '模拟的真实类型')
    """
    ax = _axes(ax)
    values = table.to_numpy(dtype=float)
    image = ax.imshow(values, cmap="Blues", aspect="auto", vmin=0)
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            ax.text(j, i, f"{values[i, j]:,.0f}", ha="center", va="center", color=_text_color(image.to_rgba(values[i, j])))
    ax.set_xticks(range(values.shape[1]), [str(c) for c in table.columns])
    ax.set_yticks(range(values.shape[0]), [str(i) for i in table.index])
    ax.set_xlabel(term(str(table.columns.name)) if table.columns.name else "")
    ax.set_ylabel(term(str(table.index.name)) if table.index.name else "")
    ax.grid(False)
    if title:
        ax.set_title(title)
    return ax


def plot_positioning_map(
    profile: pd.DataFrame, ax: Axes | None = None, *, x: str = "price_sensitivity", y: str = "novelty_seeking",
    title: str | None = None, colorbar: bool = True,
) -> Axes:
    """Positioning map (定位图): each needs segment at its mean answers, bubble area = its size.

    Colour is the segment's mean profit when ``profile`` has ``mean_profit``; target
    segments (``is_target``) get a black ring. The dashed lines are the 1-5 scale's middle.
    ``colorbar=False`` leaves out the colour bar (an explorer redrawing the same Axes).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> p = pd.DataFrame({"size": [60, 40], "price_sensitivity": [4.5, 2.0], "novelty_seeking": [2.0, 4.4],
    ...                   "is_target": [False, True]}, index=["重价格", "重新鲜"])
    >>> ax = plot_positioning_map(p)
    >>> ax.get_xlabel(), len(ax.collections)
    ('价格敏感（1-5）', 2)
    """
    ax = _axes(ax)
    sizes = profile["size"].to_numpy(dtype=float)
    area = 3000 * sizes / sizes.max()
    if "mean_profit" in profile:
        color = profile["mean_profit"].to_numpy(dtype=float)
        points = ax.scatter(profile[x], profile[y], s=area, c=color, cmap="viridis", alpha=0.75, edgecolors="white")
        if colorbar:
            ax.figure.colorbar(points, ax=ax, shrink=0.8, label=term("mean_profit") + "（元）")
    else:
        ax.scatter(profile[x], profile[y], s=area, color=CLASS_COLORS[3], alpha=0.6, edgecolors="white")
    if "is_target" in profile and profile["is_target"].any():
        chosen = profile[profile["is_target"].astype(bool)]
        ax.scatter(chosen[x], chosen[y], s=area[profile["is_target"].astype(bool).to_numpy()] * 1.25, facecolors="none",
                   edgecolors="black", linewidths=2)  # fmt: skip
        ring = Line2D([], [], marker="o", markersize=14, markerfacecolor="none", markeredgecolor="black", markeredgewidth=2,
                      linestyle="none", label="目标细分")  # fmt: skip
        ax.legend(handles=[ring], loc="lower left")
    for name, s, px, py in zip(profile.index, sizes, profile[x], profile[y]):
        ax.text(px, py, f"{name}\n{int(s)} 人", ha="center", va="center", fontsize="medium")
    ax.axhline(3, color="gray", linestyle="--", linewidth=1)
    ax.axvline(3, color="gray", linestyle="--", linewidth=1)
    ax.set_xlim(1, 5)
    ax.set_ylim(1, 5)
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))
    ax.set_xlabel(f"{term(x)}（1-5）")
    ax.set_ylabel(f"{term(y)}（1-5）")
    ax.set_title(title or f"定位图：各细分的{term(x)}与{term(y)}（气泡面积为人数）")
    return ax


def plot_incremental(table: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Uplift per group with its 95% interval against the cost per customer (增量客户价值).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"uplift": [30.0, 2.0], "lower": [15.0, -8.0], "upper": [45.0, 12.0],
    ...                   "cost_per_customer": [15.0, 15.0], "verdict": ["继续", "停止"]}, index=["甲", "乙"])
    >>> ax = plot_incremental(t)
    >>> len(ax.patches), ax.get_ylabel()
    (2, '提升（元/人）')
    """
    ax = _axes(ax)
    x = np.arange(len(table))
    colors = {"继续": "#2ca02c", "停止": "#d62728", "再观察": "#7f7f7f"}
    up = table["uplift"].to_numpy(dtype=float)
    ax.bar(x, up, color=[colors.get(v, "#1f77b4") for v in table["verdict"]], alpha=0.8, width=0.6)
    ax.errorbar(x, up, yerr=[up - table["lower"].to_numpy(dtype=float), table["upper"].to_numpy(dtype=float) - up], fmt="none",
                ecolor="black", capsize=6)  # fmt: skip
    cost = float(table["cost_per_customer"].iloc[0])
    ax.axhline(cost, color="black", linestyle="--", linewidth=1.5, label=f"每人成本 {cost:,.0f} 元")
    ax.axhline(0, color="gray", linewidth=0.8)
    ax.set_xticks(x, [f"{i}\n{v}" for i, v in zip(table.index, table["verdict"])])
    ax.set_ylabel(f"{term('uplift', 'positioning')}（元/人）")
    ax.legend(loc="upper right")
    ax.grid(axis="x", visible=False)
    ax.set_title(title or "回访的提升与 95% 区间：高出成本线才值得做")
    return ax


def plot_experience(profile: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Mean rating of each touchpoint (客户体验), one line per group, the weakest touchpoint marked.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> p = pd.DataFrame({"全部": [3.7, 3.6, 2.9, 3.4]}, index=["浏览选购", "下单支付", "物流配送", "售后服务"])
    >>> ax = plot_experience(p)
    >>> len(ax.lines), ax.get_title()
    (1, '客户体验：最弱的触点是物流配送')
    """
    ax = _axes(ax)
    x = np.arange(len(profile))
    for k, column in enumerate(profile.columns):
        ax.plot(x, profile[column], marker="o", linewidth=2, color=CLASS_COLORS[k % len(CLASS_COLORS)], label=str(column))
    weakest = int(np.argmin(profile.mean(axis=1).to_numpy()))
    ax.axvspan(weakest - 0.3, weakest + 0.3, color="#d62728", alpha=0.12)
    ax.set_xticks(x, [str(i) for i in profile.index])
    ax.set_ylim(1, 5)
    ax.set_ylabel("平均评分（1-5）")
    if len(profile.columns) > 1:
        ax.legend(loc="lower left", ncols=min(4, len(profile.columns)))
    ax.set_title(title or f"客户体验：最弱的触点是{profile.index[weakest]}")
    return ax


def plot_band_rates(table: pd.DataFrame, ax: Axes | None = None, *, xlabel: str = "", ylabel: str = "比例", title: str | None = None) -> Axes:
    """The rate of an outcome per score band (按得分区间的比例), customers per band written on the bars.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"customers": [10, 20], "rate": [0.9, 0.1]}, index=["[0, 50)", "[50, 100]"])
    >>> [float(p.get_height()) for p in plot_band_rates(t).patches]
    [0.9, 0.1]
    """
    ax = _axes(ax)
    x = np.arange(len(table))
    bars = ax.bar(x, table["rate"].to_numpy(dtype=float), color=CLASS_COLORS[5], alpha=0.8, width=0.6)
    ax.bar_label(bars, labels=[f"{r:.0%}\n（{n:,} 人）" for r, n in zip(table["rate"], table["customers"])], padding=3)
    ax.set_xticks(x, [str(i) for i in table.index])
    ax.set_ylim(0, 1.15)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(axis="x", visible=False)
    if title:
        ax.set_title(title)
    return ax
