"""Figures of the retention chapter (客户保持与流失): cohorts, retention curves, survival, life table, sBG."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..glossary import term
from ._style import CLASS_COLORS, _axes

__all__ = [
    "plot_cohort_heatmap",
    "plot_retention_curves",
    "plot_survival",
    "plot_life_table",
    "plot_sbg",
]


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
    ax.set_xlabel(f"首次购买后的{term('period')}")
    ax.set_ylabel(f"{term('cohort')}（{term('size')}）")
    ax.grid(False)
    ax.set_title(title or "同期群留存表：每期仍在购买的客户占比")
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
    from ..retention import retention_curve

    ax = _axes(ax)
    shares = cohorts.drop(columns="size")
    for _, row in shares.iterrows():
        ax.plot(row.index.astype(int), row.to_numpy(dtype=float), color="gray", alpha=0.35, linewidth=1)
    mean = retention_curve(cohorts)
    ax.plot(mean["period"], mean["retention"], color=CLASS_COLORS[5], linewidth=3, marker="o", label="加权平均")
    ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(xmax=1, decimals=0))
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(f"首次购买后的{term('period')}")
    ax.set_ylabel(f"{term('retention')}（仍在购买的客户占比）")
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
    ax.set_ylabel(f"{term('survival')} S(t)")
    ax.set_title(title or "Kaplan-Meier 生存曲线（阴影：95% 置信区间）")
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
    groups = table.groupby("group", sort=False, observed=True) if "group" in table.columns else [("全部客户", table)]
    for k, (name, part) in enumerate(groups):
        ax.plot(part["start"], part["churn_probability"], marker="o", linewidth=2.5,
                color=CLASS_COLORS[(k + 3) % len(CLASS_COLORS)], label=str(name))  # fmt: skip
    ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(xmax=1, decimals=0))
    ax.set_xlabel(f"{term('start')}（首次购买后）")
    ax.set_ylabel(f"区间内的{term('churn_probability')} q")
    ax.set_title(title or "客户寿命表：各区间的流失概率")
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
    ['拟合用的观测值', 'sBG 模型', '固定流失率（第 1 期的 13.1%）']
    """
    ax = _axes(ax)
    proj = fit.projection(periods)
    n_fit = len(fit.survivors)
    ax.plot(proj["period"][:n_fit], proj["observed"][:n_fit], "o", color="black", markersize=7, label=f"拟合用的{term('observed')}")
    if actual is not None and len(actual) > n_fit:
        later = np.arange(n_fit, min(len(actual), periods + 1))
        ax.plot(later, np.asarray(actual, dtype=float)[later], "o", mfc="white", color="black", markersize=7, label=f"后来的{term('actual')}")
    ax.plot(proj["period"], proj["expected"], color=CLASS_COLORS[3], linewidth=2.5, label="sBG 模型")
    if constant_churn:
        first = 1 - proj["constant_churn"].iloc[1] / proj["constant_churn"].iloc[0]
        ax.plot(proj["period"], proj["constant_churn"], color=CLASS_COLORS[5], linestyle="--",
                linewidth=2, label=f"固定流失率（第 1 期的 {first:.1%}）")  # fmt: skip
    ax.axvline(n_fit - 1, color="gray", linestyle=":", linewidth=1.2)
    ax.set_xlabel(term("period"))
    ax.set_ylabel(f"仍在的{term('customers')}")
    ax.set_ylim(0, fit.survivors[0] * 1.05)
    ax.set_title(title or "sBG 模型：拟合与预测（虚线右侧为预测）")
    ax.legend()
    return ax
