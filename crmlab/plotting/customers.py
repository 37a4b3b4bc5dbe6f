"""Figures of chapter 2 (客户与客户类型): activity, Pareto/ABC, Lorenz, class counts, transitions, survey profiles."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..glossary import term
from ._style import CLASS_COLORS, _axes, _date_axis

__all__ = [
    "plot_monthly_activity",
    "plot_pareto",
    "plot_lorenz",
    "plot_class_counts",
    "plot_transitions",
    "plot_survey_profiles",
]


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
    ax.bar(months, old, width=width, bottom=activity["new_customers"], color=CLASS_COLORS[3], label="老客户（以前买过）")
    _date_axis(ax)
    ax.set_ylabel(f"当月有购买的{term('customers')}")
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
    ax.set_ylabel(term("cumulative_share"))


def plot_pareto(table: pd.DataFrame, ax: Axes | None = None, *, by: str = "class", title: str | None = None) -> Axes:
    """Pareto curve: cumulative share of value against share of customers, coloured by class (帕累托曲线).

    ``table`` is :func:`crmlab.customers.abc_classes` (or ``value_tiers``, with ``by="tier"``).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.customers import abc_classes
    >>> ax = plot_pareto(abc_classes(pd.Series({"a": 500.0, "b": 300.0, "c": 100.0, "d": 60.0, "e": 40.0})))
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['A：40% 的客户，80% 的价值', 'B：40% 的客户，16% 的价值', 'C：20% 的客户，4% 的价值']
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
                        label=f"{name}：{customers:.0%} 的客户，{value:.0%} 的价值")  # fmt: skip
    ax.plot([0.2, 0.2, 0], [0, 0.8, 0.8], color="gray", linestyle=":", linewidth=1.2)
    ax.annotate("20/80", (0.2, 0.8), xytext=(6, -16), textcoords="offset points", color="gray")
    _share_axes(ax, f"{term('customer_share')}（按价值从高到低）", top=1.02)
    ax.set_title(title or "帕累托曲线：多少客户贡献了多少价值")
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
    ['均匀（基尼系数 0.00）', '集中（基尼系数 0.50）']
    """
    from ..customers import gini, lorenz_curve

    ax = _axes(ax)
    series = values if isinstance(values, dict) else {"客户价值": values}
    ax.plot([0, 1], [0, 1], color="gray", linestyle="--", linewidth=1.2, label="完全平均")
    for k, (name, v) in enumerate(series.items()):
        curve = lorenz_curve(v)
        color = CLASS_COLORS[(k + 3) % len(CLASS_COLORS)]
        ax.plot(curve["customer_share"], curve["value_share"], color=color, linewidth=2.5, label=f"{name}（基尼系数 {gini(v):.2f}）")
        ax.fill_between(curve["customer_share"], curve["value_share"], curve["customer_share"], color=color, alpha=0.12)
    _share_axes(ax, f"{term('customer_share')}（按价值从低到高）", top=1.0)
    ax.set_aspect("equal")
    ax.set_title("洛伦兹曲线：离对角线越远，价值越集中")
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
    ax.set_xlabel(term("count"))
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
    ax.set_title("客户状态转移：每行是起点状态，每列是终点状态")
    ax.figure.colorbar(image, ax=ax, shrink=0.8, label=term("count"))
    return ax


_SCORES = {name: term(name) for name in ("price_sensitivity", "novelty_seeking", "brand_attention")}


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
    ax.set_xticks(x, [f"{name}\n（{n} 人）" for name, n in counts.items()])
    ax.set_ylim(0, 5.4)
    ax.set_ylabel(f"平均{term('score')}（1-5）")
    ax.set_title("各类客户的调查得分")
    ax.legend(ncols=3, loc="upper center")
    return ax
