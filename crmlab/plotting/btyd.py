"""Figures of the predictive-CLV chapter (预测型客户终生价值): BTYD diagnostics, P(alive), spend, CLV."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .._validation import renamed
from ..customers import top_share
from ..glossary import term
from ._style import CLASS_COLORS, _axes, _date_axis

__all__ = [
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


def _bt(name: str) -> str:
    """The chapter-7 term of ``name`` (:data:`crmlab.glossary.BTYD_TERMS` first, then ``TERMS``)."""
    return term(name, "btyd")


def _bare(name: str) -> str:
    """The chapter-7 term without its symbol: ``'重复购买次数 x'`` -> ``'重复购买次数'``."""
    return _bt(name).rsplit(" ", 1)[0]


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
    ax.bar(x - 0.2, table["actual"], width=0.4, color=CLASS_COLORS[5], label=_bt("actual"))
    ax.bar(x + 0.2, table["expected"], width=0.4, color=CLASS_COLORS[3], label=f"BG/NBD {_bt('expected')}")
    ax.set_xticks(x, table["frequency"].astype(str))
    ax.set_xlabel(_bt("frequency_cal"))
    ax.set_ylabel(term("customers"))
    ax.set_title(title or "BG/NBD 拟合：各购买次数的客户数")
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
    ax.plot(x, table["actual"], marker="o", color=CLASS_COLORS[5], linewidth=2.5, label=_bt("actual"))
    ax.plot(x, table["predicted"], marker="s", linestyle="--", color=CLASS_COLORS[3], linewidth=2.5, label=f"BG/NBD {_bt('predicted')}")
    ax.set_xticks(x, [f"{f}\n（{n}人）" for f, n in zip(table["frequency_cal"], table["customers"])])
    ax.set_xlabel(f"{_bt('frequency_cal')}（{term('count')}）")
    ax.set_ylabel(f"{_bt('frequency_holdout')}（人均）")
    ax.set_title(title or "没见过的数据：验证期的实际与预测")
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
    ax.plot(table["end"], table[f"actual{suffix}"], color=CLASS_COLORS[5], linewidth=2.5, label=_bt("actual"))
    ax.plot(table["end"], table[f"expected{suffix}"], color=CLASS_COLORS[3], linestyle="--", linewidth=2.5, label=f"BG/NBD {_bt('expected')}")
    cal = table.loc[table["calibration"], "end"]
    if len(cal) and not table["calibration"].all():
        ax.axvline(cal.max(), color="gray", linestyle=":", linewidth=1.5)
        ax.text(cal.max(), ax.get_ylim()[1] * 0.95, " 校准期结束 →\n 验证期", va="top", fontsize="small", color="gray")
    ax.set_xlabel("日期")
    ax.set_ylabel(f"累计{_bare('frequency')}" if cumulative else f"每期{_bare('frequency')}")
    ax.set_title(title or ("累计重复购买：实际与预测" if cumulative else "每期重复购买：实际与预测"))
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
    '首末购买间隔 t_x'
    """
    ax = _axes(ax)
    values = matrix.to_numpy(dtype=float)
    recency = matrix.columns.to_numpy(dtype=float)
    alive = kind == "alive"
    image = ax.imshow(values, origin="lower", aspect="auto", cmap="viridis", vmin=0, vmax=1 if alive else None,
                      extent=(recency[0], recency[-1], matrix.index[0] - 0.5, matrix.index[-1] + 0.5))  # fmt: skip
    ax.set_xlabel(_bt("recency"))
    ax.set_ylabel(_bt("frequency"))
    ax.grid(False)
    ax.set_title(title or (f"{_bt('probability_alive')} P(alive)" if alive else f"下一期的{_bt('expected_purchases')}"))
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
    ax.set_xlabel(f"{_bt('recency')}（{unit}）")
    ax.set_ylabel(_bt("probability_alive"))
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
    ax.set_xlabel(_bt("monetary_value_cal"))
    ax.set_ylabel(f"Gamma-Gamma {_bt('expected_spend')}")
    ax.set_title(title or "购买次数越少，预测越靠近总体平均")
    ax.figure.colorbar(points, ax=ax, shrink=0.85, label=f"{_bt('frequency')}（10 = 10 次及以上）")
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
    counts, _ = np.histogram(np.clip(positive, low, None), bins=edges)
    ax.stairs(counts, edges, fill=True, color=CLASS_COLORS[3])  # one artist, not one patch per bin
    ax.set_xscale("log")
    # minor ticks at 2 and 5 of each decade only, and plain numbers ("1,000" rather than 10^3):
    # fewer tick objects to rebuild when a slider redraws the histogram
    ax.xaxis.set_minor_locator(mpl.ticker.LogLocator(subs=(2.0, 5.0)))
    ax.xaxis.set_minor_formatter(mpl.ticker.NullFormatter())
    ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda x, _: f"{x:,.0f}" if x >= 1 else f"{x:g}"))
    share = top_share(pd.Series(values), top=0.2)
    ax.text(0.98, 0.95, f"前 20% 客户占总价值的 {share:.0%}", transform=ax.transAxes, ha="right", va="top", fontsize="large")
    ax.set_xlabel(f"{_bt('clv')}（对数刻度）")
    ax.set_ylabel(term("customers"))
    ax.set_title(title or f"{_bt('clv')}的分布")
    return ax


@renamed(customers="customer_ids")
def plot_purchase_timelines(transactions: pd.DataFrame, ids: Sequence[Any], ax: Axes | None = None, *,
                            as_of: Any, customer: str = "customer_id", date: str = "date", time_unit: str | float = "W",
                            title: str | None = None) -> Axes:  # fmt: skip
    """Each customer's purchases on a line from the first purchase to ``as_of``, labelled with x, t_x and T (购买时间线).

    ``time_unit`` is the unit of the labels (``"W"`` weeks, ``"D"`` days, or a number of days), as in :func:`crmlab.btyd.btyd_summary`; ``ids`` are the customers to draw, top to bottom.
    Several purchases on one day show as one dot, as :func:`crmlab.btyd.btyd_summary` counts them.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"customer_id": [1, 1, 2], "date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-10"])})
    >>> ax = plot_purchase_timelines(t, [1, 2], as_of="2024-03-31")
    >>> [x.get_text() for x in ax.texts]
    ['x=1, t_x=4.4, T=12.9', 'x=0, t_x=0.0, T=11.6']
    """
    from ..btyd import btyd_summary

    ax = _axes(ax)
    end = pd.Timestamp(as_of)
    frame = transactions[[customer, date]]
    chosen = frame[frame[customer].isin(list(ids))]
    summary = btyd_summary(chosen, customer=customer, date=date, amount=None, as_of=end, time_unit=time_unit)
    for row, who in enumerate(ids):
        days = pd.to_datetime(chosen.loc[chosen[customer] == who, date]).dt.normalize()
        days = np.sort(days[days <= end].unique())
        if len(days) == 0:
            continue
        first, last = pd.Timestamp(days[0]), pd.Timestamp(days[-1])
        y = len(ids) - 1 - row
        ax.plot([first, end], [y, y], color="lightgray", linewidth=3, zorder=1)
        ax.plot([first, last], [y, y], color=CLASS_COLORS[3], linewidth=3, zorder=2)
        ax.scatter(days, np.full(len(days), y), s=90, color=CLASS_COLORS[5], zorder=3)
        x, tx, big_t = summary.loc[who, ["frequency", "recency", "T"]]
        ax.text(end, y + 0.18, f"x={x:.0f}, t_x={tx:.1f}, T={big_t:.1f}", ha="right", va="bottom", fontsize="small")
    ax.axvline(end, color="gray", linestyle=":", linewidth=1.5)
    ax.set_yticks(range(len(ids)), [f"客户 {c}" for c in reversed(list(ids))])
    ax.set_ylim(-0.6, len(ids) - 0.2)
    _date_axis(ax)
    ax.set_title(title or "购买时间线：蓝线 = 首次到最后一次购买 (t_x)，灰线 = 到观察期末 (T)")
    return ax


def plot_clv_comparison(simple: Any, model: Any, probability_alive: Any, ax: Axes | None = None, *,
                        title: str | None = None) -> Axes:  # fmt: skip
    """Chapter 6's formula against the BG/NBD + Gamma-Gamma value, coloured by probability alive (两种 CLV 的比较).

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
    ax.set_xlabel("第 6 章公式（按历史速率，统一流失率）")
    ax.set_ylabel("BG/NBD + Gamma-Gamma")
    ax.set_title(title or "同一批客户的两种 CLV（对数刻度；颜色 = 存活概率）")
    bar = ax.figure.colorbar(points, ax=ax, shrink=0.85, label=_bt("probability_alive"))
    bar.formatter = mpl.ticker.PercentFormatter(xmax=1, decimals=0)
    bar.update_ticks()
    return ax
