"""Figures of the mobile-operator case (移动运营商的客户生命周期)."""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..glossary import term
from ._style import CLASS_COLORS, _axes

__all__ = [
    "plot_tenure_curves",
    "plot_churn_reasons",
    "plot_stage_revenue",
    "plot_health",
    "plot_optimisations",
    "plot_score_deciles",
    "plot_cltv_comparison",
    "plot_value_curve",
]

_REASON_COLORS = {"资费与套餐": "#7f7f7f", "服务不满": "#ff7f0e", "竞争对手": "#d62728", "迁出异地": "#1f77b4"}


def _color(k: int) -> str:
    return CLASS_COLORS[(k + 3) % len(CLASS_COLORS)]


def plot_tenure_curves(curves: dict[str, pd.DataFrame], ax: Axes | None = None, *, band: bool = False,
                       title: str | None = None) -> Axes:  # fmt: skip
    """Survival (still-a-subscriber) curves by month of tenure, one per group (生命周期曲线).

    ``curves`` maps a group name to a :func:`crmlab.retention.kaplan_meier`
    result; ``band`` shades each 95% interval.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.retention import kaplan_meier
    >>> ax = plot_tenure_curves({"甲": kaplan_meier([1, 2, 3], [True, True, False]), "乙": kaplan_meier([2, 4], [True, False])})
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['甲', '乙']
    """
    ax = _axes(ax)
    for k, (name, km) in enumerate(curves.items()):
        ax.step(km.index, km["survival"], where="post", color=_color(k), linewidth=2.5, label=str(name))
        if band:
            ax.fill_between(km.index, km["lower"], km["upper"], step="post", color=_color(k), alpha=0.15)
    ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(xmax=1, decimals=0))
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("入网后的月数")
    ax.set_ylabel("仍在网的比例 S(t)")
    ax.set_title(title or "用户生命周期曲线")
    ax.legend()
    return ax


def plot_churn_reasons(counts: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Stacked bars of the subscribers who left each month, by reason (每月流失人数).

    ``counts`` is :func:`crmlab.telecom.churn_reasons` (one row per month).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> c = pd.DataFrame({"服务不满": [1, 2], "竞争对手": [0, 3]}, index=["2024-01", "2024-02"])
    >>> len(plot_churn_reasons(c).patches)
    4
    """
    ax = _axes(ax)
    bottom = np.zeros(len(counts))
    x = np.arange(len(counts))
    for k, reason in enumerate(counts.columns):
        values = counts[reason].to_numpy(dtype=float)
        ax.bar(x, values, bottom=bottom, width=0.85, label=str(reason), color=_REASON_COLORS.get(reason, _color(k)))
        bottom += values
    step = max(1, len(counts) // 12)
    ax.set_xticks(x[::step], [str(m) for m in counts.index[::step]], rotation=45, ha="right")
    ax.set_xlabel(term("churn_month"))
    ax.set_ylabel("流失人数")
    ax.set_title(title or "每月流失人数，按流失原因")
    ax.legend(ncol=len(counts.columns), loc="upper left")
    ax.set_ylim(0, bottom.max() * 1.2 if len(bottom) else 1)
    return ax


def _grouped_bars(ax: Axes, table: pd.DataFrame) -> None:
    n = len(table.columns)
    width = 0.8 / n
    x = np.arange(len(table))
    for k, column in enumerate(table.columns):
        ax.bar(x + (k - (n - 1) / 2) * width, table[column].to_numpy(dtype=float), width=width, label=term(str(column)), color=_color(k))
    ax.set_xticks(x, [str(i) for i in table.index])


def plot_stage_revenue(table: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """ARPU in each lifecycle stage, one line per branch (各阶段的每用户月均收入).

    ``table`` is :func:`crmlab.telecom.stage_revenue` (rows: groups, columns: stages).
    Lines, not bars: the axis does not start at 0, which bars would exaggerate.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"考察期": [90.0, 88.0], "形成期": [94.0, 90.0]}, index=["甲", "乙"])
    >>> [t.get_text() for t in plot_stage_revenue(t).get_legend().get_texts()]
    ['甲', '乙']
    """
    ax = _axes(ax)
    x = np.arange(len(table.columns))
    for k, (name, row) in enumerate(table.iterrows()):
        ax.plot(x, row.to_numpy(dtype=float), marker="o", linewidth=2.5, markersize=8, color=_color(k), label=str(name))
    ax.set_xticks(x, [str(c) for c in table.columns])
    ax.set_xlim(-0.3, len(x) - 0.7)
    ax.set_ylabel("每用户月均收入（元）")
    ax.set_title(title or "各生命周期阶段的用户价值")
    ax.legend(ncol=min(5, len(table)), loc="upper left", fontsize="small")
    values = table.to_numpy(dtype=float)
    ax.set_ylim(float(np.nanmin(values)) - 2, float(np.nanmax(values)) + 0.12 * (float(np.nanmax(values)) - float(np.nanmin(values))) + 3)
    return ax


def plot_health(table: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """The four component indices of each group and its health score (健康度), 100 = company level.

    ``table`` is :func:`crmlab.telecom.health_scores`.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.telecom import HEALTH_COMPONENTS
    >>> t = pd.DataFrame({**{k: [100.0, 95.0] for k in HEALTH_COMPONENTS}, "health": [100.0, 95.0], "focus": ["价值提升", "用户价值"]},
    ...                  index=["甲", "乙"])
    >>> len(plot_health(t).patches)
    8
    """
    from ..telecom import HEALTH_COMPONENTS

    ax = _axes(ax)
    parts = table[list(HEALTH_COMPONENTS)]
    _grouped_bars(ax, parts)
    x = np.arange(len(table))
    ax.plot(x, table["health"].to_numpy(dtype=float), "D", color="black", markersize=10, label=term("health"))
    ax.axhline(100, color="gray", linestyle="--", linewidth=1.2)
    values = parts.to_numpy(dtype=float)
    ax.set_ylim(min(80.0, float(values.min()) - 5), max(120.0, float(values.max()) + 8))
    ax.set_ylabel("指数（全公司 = 100）")
    ax.set_title(title or "各市公司的生命周期健康度")
    ax.legend(ncol=3, loc="upper right", fontsize="small")
    return ax


def plot_optimisations(table: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """How much value per subscriber each optimisation adds (四个最优化的效果), largest first.

    ``table`` is :func:`crmlab.telecom.optimisation_table`.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"value_gain": [15.0, 98.0]}, index=pd.Index(["获客成本", "经常收入"], name="lever"))
    >>> [t.get_text() for t in plot_optimisations(t).get_yticklabels()]
    ['获客成本', '经常收入']
    """
    ax = _axes(ax)
    ordered = table.sort_values("value_gain")
    colors = ["#7f7f7f" if "对照" in str(i) else CLASS_COLORS[0] for i in ordered.index]
    bars = ax.barh([str(i) for i in ordered.index], ordered["value_gain"].to_numpy(dtype=float), color=colors)
    ax.bar_label(bars, labels=[f"+{v:,.1f} 元" for v in ordered["value_gain"]], padding=4)
    ax.set_xlim(0, float(ordered["value_gain"].max()) * 1.25)
    ax.set_xlabel("每位用户的终生价值增加（元）")
    ax.set_title(title or "各方向改善 10% 时每位用户终生价值的增加")
    return ax


def plot_score_deciles(table: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Churn rate of each score decile against the overall rate (预警得分十分组).

    ``table`` is :func:`crmlab.churn_model.decile_table`.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"subscribers": [2, 2], "churners": [1, 0], "churn_rate": [0.5, 0.0], "lift": [2.0, 0.0]},
    ...                  index=pd.Index([1, 2], name="decile"))
    >>> len(plot_score_deciles(t).patches)
    2
    """
    ax = _axes(ax)
    rates = table["churn_rate"].to_numpy(dtype=float)
    base = float((table["churners"].sum()) / table["subscribers"].sum())
    ax.bar(table.index.astype(int), rates, color=CLASS_COLORS[5], width=0.75)
    ax.axhline(base, color="black", linestyle="--", linewidth=1.5, label=f"整体流失率 {base:.1%}")
    ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(xmax=1, decimals=0))
    ax.set_xticks(table.index.astype(int))
    ax.set_xlabel("按预警得分从高到低分成的十组")
    ax.set_ylabel("预警期内的流失率")
    ax.set_title(title or "流失预警：得分越高的组，流失率越高吗？")
    ax.legend()
    return ax


def plot_cltv_comparison(table: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Chapter 6's CLV and the source's CLTV function, part by part (两种算法对比).

    ``table`` is :func:`crmlab.cltv.compare_with_clv`.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"clv": [10.0, 20.0], "cltv": [0.0, 20.0]}, index=["历史价值", "当前价值"])
    >>> len(plot_cltv_comparison(t).patches)
    4
    """
    ax = _axes(ax)
    labels = {"clv": "第 6 章的 CLV（教材算法）", "cltv": "CLTV 函数 F(R, L, I)"}
    n = len(table.columns)
    x = np.arange(len(table))
    for k, column in enumerate(table.columns):
        bars = ax.bar(x + (k - (n - 1) / 2) * 0.38, table[column].to_numpy(dtype=float), width=0.38,
                      label=labels.get(column, term(column)), color=_color(k))  # fmt: skip
        ax.bar_label(bars, labels=[f"{v:,.0f}" for v in table[column]], padding=3, fontsize="small")
    ax.set_xticks(x, [str(i) for i in table.index])
    ax.set_ylabel("元")
    ax.set_ylim(0, float(table.to_numpy(dtype=float).max()) * 1.15)
    ax.set_title(title or "张三：第 6 章的 CLV 与 CLTV 函数")
    ax.legend(loc="upper left")
    return ax


def plot_value_curve(result: Any, ax: Axes | None = None, *, baseline: Any = None, title: str | None = None) -> Axes:
    """Cumulative discounted profit of a new subscriber minus the acquisition cost, month by month (回本曲线).

    ``result`` (and ``baseline``, drawn dashed) are :func:`crmlab.telecom.subscriber_value` results.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.telecom import subscriber_value
    >>> v = subscriber_value([0.0, 0.5], arpu=100, margin=0.5, service_cost=10, acquisition_cost=50)
    >>> len(plot_value_curve(v, baseline=v).get_lines())
    3
    """
    ax = _axes(ax)
    for k, (name, r, style) in enumerate((("调整前", baseline, "--"), ("调整后", result, "-"))):
        if r is None:
            continue
        curve = r.table["present_value"].cumsum().to_numpy() - r.acquisition_cost
        ax.plot(r.table["month"] + 1, curve, style, color="gray" if style == "--" else CLASS_COLORS[3], linewidth=2.5,
                label=f"{name}：{curve[-1]:,.0f} 元")  # fmt: skip
    ax.axhline(0, color="black", linewidth=1)
    ax.set_xlabel("入网后的月数")
    ax.set_ylabel("累计利润现值 − 获客成本（元）")
    ax.set_title(title or "一位新用户的累计价值（越过 0 即收回获客成本）")
    ax.legend(loc="lower right")
    return ax
