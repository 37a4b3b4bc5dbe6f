"""The comparison tables of chapter 10, computed so that the notebook only shows them."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from .._validation import (
    CrmlabInputError,
    CrmlabTypeError,
    check_frame,
    check_number,
    check_numbers,
    renamed,
)
from ._bgnbd import BGNBDFit
from ._common import btyd_table
from ._forecast import customer_forecast, segment_comparison
from ._gamma_gamma import GammaGammaFit

__all__ = [
    "matches_published",
    "published_comparison",
    "holdout_by_segment",
    "largest_gaps",
    "customer_forecasts",
    "top_customers",
    "rfm_side_by_side",
]


def _history_of(summary: Any, name: str = "summary") -> list[str]:
    """The (frequency, recency, T) column names of a btyd_summary or calibration_holdout table."""
    if isinstance(summary, pd.DataFrame) and {"frequency_cal", "recency_cal", "T_cal"} <= set(summary.columns):
        return ["frequency_cal", "recency_cal", "T_cal"]
    check_frame(summary, name, ["frequency", "recency", "T"])
    return ["frequency", "recency", "T"]


def matches_published(summary: pd.DataFrame, published: pd.DataFrame, *, decimals: int = 2) -> bool:
    """Whether a summary equals a published one, rounded as printed (与发表的汇总表一致吗).

    ``summary`` is a :func:`btyd_summary` or :func:`calibration_holdout`
    result, ``published`` a table with ``frequency``, ``recency`` and ``T``
    (e.g. :func:`crmlab.datasets.load_cdnow_summary` indexed by customer).
    Both must hold the same customers; rows are matched on the index.

    Examples
    --------
    >>> ours = pd.DataFrame({"frequency": [2.0, 0.0], "recency": [30.4286, 0.0], "T": [38.857, 38.857]}, index=[1, 2])
    >>> paper = pd.DataFrame({"frequency": [0.0, 2.0], "recency": [0.0, 30.43], "T": [38.86, 38.86]}, index=[2, 1])
    >>> matches_published(ours, paper)
    True
    >>> matches_published(ours.assign(T=[38.0, 38.857]), paper)
    False
    """
    ours = summary[_history_of(summary)]
    check_frame(published, "published", ["frequency", "recency", "T"])
    places = int(check_number("decimals", decimals, low=0, high=15, integer=True))  # a float has about 15 digits
    only_ours = int((~ours.index.isin(published.index)).sum())
    only_theirs = int((~published.index.isin(ours.index)).sum())
    if only_ours or only_theirs or not ours.index.is_unique or not published.index.is_unique:
        raise CrmlabInputError(
            "published",
            f"summary 与 published 的客户（索引）不同：{only_ours} 位只在 summary 中，{only_theirs} 位只在 published 中",
            f"summary and published hold different customers: {only_ours} only in summary, {only_theirs} only in published",
        )
    theirs = published.loc[ours.index, ["frequency", "recency", "T"]].to_numpy(dtype=float)
    return bool((ours.round(places).to_numpy(dtype=float) == theirs).all())


@btyd_table
def published_comparison(fit: BGNBDFit | GammaGammaFit) -> pd.DataFrame:
    """A fit's estimates and standard errors next to the published estimates on CDNOW (与论文的参数比较).

    The published values are :func:`crmlab.datasets.btyd_published`'s
    (BG/NBD for a :class:`BGNBDFit`, Gamma-Gamma for a
    :class:`GammaGammaFit`); the published log-likelihood is in
    ``attrs["published_loglik"]`` (NaN when none was published).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``parameter``: ``estimate``, ``std_error``, ``published``.

    Examples
    --------
    >>> fit = BGNBDFit(r=0.243, alpha=4.414, a=0.793, b=2.426, loglik=-9582.4, n_customers=2357)
    >>> t = published_comparison(fit)
    >>> t["published"].tolist(), t.attrs["published_loglik"]
    ([0.243, 4.414, 0.793, 2.426], -9582.4)
    """
    from ..datasets import btyd_published

    if isinstance(fit, BGNBDFit):
        model = "BG/NBD"
    elif isinstance(fit, GammaGammaFit):
        model = "Gamma-Gamma"
    else:
        raise CrmlabTypeError(
            "fit", f"fit 必须是 fit_bgnbd 或 fit_gamma_gamma 的结果，收到 {type(fit).__name__}",
            f"fit must be a BGNBDFit or a GammaGammaFit, got {type(fit).__name__}",
        )
    paper = btyd_published().set_index(["model", "parameter"])["value"][model]
    out = fit.summary()[["estimate", "std_error"]].assign(published=paper)
    out.attrs["published_loglik"] = float(paper["loglik"]) if "loglik" in paper.index else math.nan
    return out


@btyd_table
def holdout_by_segment(
    segments: pd.Series, value: pd.DataFrame, holdout_value: pd.DataFrame, summary: pd.DataFrame
) -> pd.DataFrame:
    """Per segment: mean probability alive, predicted CLV, and predicted vs actual holdout spend (按细分比较预测与实际).

    Parameters
    ----------
    segments : pandas.Series
        Each customer's segment (e.g. RFM), indexed by customer.
    value : pandas.DataFrame
        :func:`customer_lifetime_value` over the horizon of interest
        (``probability_alive``, ``clv``).
    holdout_value : pandas.DataFrame
        :func:`customer_lifetime_value` over the holdout period, undiscounted
        (its ``clv`` is the predicted holdout spend).
    summary : pandas.DataFrame
        :func:`calibration_holdout` (``spend_holdout``: the actual holdout spend).

    Returns
    -------
    pandas.DataFrame
        :func:`segment_comparison` of ``probability_alive``, ``clv``,
        ``predicted_holdout`` and ``spend_holdout``.

    Examples
    --------
    >>> idx = [1, 2, 3]
    >>> value = pd.DataFrame({"probability_alive": [0.9, 0.2, 0.7], "clv": [30.0, 1.0, 10.0]}, index=idx)
    >>> holdout = pd.DataFrame({"clv": [12.0, 0.5, 4.0]}, index=idx)
    >>> summary = pd.DataFrame({"spend_holdout": [10.0, 0.0, 6.0]}, index=idx)
    >>> holdout_by_segment(pd.Series(["A", "B", "A"], index=idx), value, holdout, summary).round(2).values.tolist()
    [[2.0, 0.8, 20.0, 8.0, 8.0], [1.0, 0.2, 1.0, 0.5, 0.0]]
    """
    check_frame(value, "value", ["probability_alive", "clv"])
    check_frame(holdout_value, "holdout_value", ["clv"])
    check_frame(summary, "summary", ["spend_holdout"])
    for name, frame in (("holdout_value", holdout_value), ("summary", summary)):
        if not frame.index.equals(value.index):
            raise CrmlabInputError(
                name, f"{name} 与 value 的客户（索引）不同", f"{name} and value hold different customers (index)"
            )
    compare = pd.DataFrame(
        {
            "probability_alive": value["probability_alive"],
            "clv": value["clv"],
            "predicted_holdout": holdout_value["clv"],
            "spend_holdout": summary["spend_holdout"],
        }
    )
    return segment_comparison(segments, compare)


@btyd_table
def largest_gaps(summary: pd.DataFrame, simple: pd.DataFrame, value: pd.DataFrame, *, n: int = 5) -> pd.DataFrame:
    """The customers whose formula CLV exceeds the model's CLV the most (公式高估最多的客户).

    Parameters
    ----------
    summary : pandas.DataFrame
        :func:`calibration_holdout` (history and ``spend_holdout``).
    simple, value : pandas.DataFrame
        :func:`simple_clv` and :func:`customer_lifetime_value` (``clv``,
        ``probability_alive``), for the same customers.
    n : int
        How many customers.

    Returns
    -------
    pandas.DataFrame
        The ``n`` customers, largest gap first: the calibration history,
        ``spend_holdout``, ``simple_clv``, ``model_clv``,
        ``probability_alive``. ``attrs["no_holdout_spend"]`` counts those
        among them who spent nothing in the holdout period.

    Examples
    --------
    >>> idx = [1, 2, 3]
    >>> summary = pd.DataFrame({"frequency_cal": [5.0, 1.0, 0.0], "recency_cal": [30.0, 2.0, 0.0],
    ...                         "T_cal": [39.0, 39.0, 39.0], "spend_holdout": [0.0, 20.0, 0.0]}, index=idx)
    >>> simple = pd.DataFrame({"clv": [300.0, 50.0, 10.0]}, index=idx)
    >>> value = pd.DataFrame({"clv": [40.0, 45.0, 9.0], "probability_alive": [0.1, 0.9, 1.0]}, index=idx)
    >>> gaps = largest_gaps(summary, simple, value, n=2)
    >>> gaps.index.tolist(), gaps["model_clv"].tolist(), gaps.attrs["no_holdout_spend"]
    ([1, 2], [40.0, 45.0], 1)
    """
    history = _history_of(summary)
    check_frame(summary, "summary", ["spend_holdout"])
    check_frame(simple, "simple", ["clv"])
    check_frame(value, "value", ["clv", "probability_alive"])
    for name, frame in (("simple", simple), ("value", value)):
        if not frame.index.equals(summary.index):
            raise CrmlabInputError(
                name, f"{name} 与 summary 的客户（索引）不同", f"{name} and summary hold different customers (index)"
            )
    for name, frame in (("simple", simple), ("value", value)):
        check_numbers("clv", frame["clv"], low=None, high=None)  # nlargest would pass over a NaN without a word
    k = int(check_number("n", n, low=1, integer=True))
    gap = (simple["clv"] - value["clv"]).nlargest(k).index
    out = summary.loc[gap, [*history, "spend_holdout"]].assign(
        simple_clv=simple.loc[gap, "clv"], model_clv=value.loc[gap, "clv"], probability_alive=value.loc[gap, "probability_alive"]
    )
    out.attrs["no_holdout_spend"] = int((out["spend_holdout"] == 0).sum())
    return out


@renamed(customers="customer_ids")
@btyd_table
def customer_forecasts(fit: BGNBDFit, summary: pd.DataFrame, ids: Sequence[Any], *, t: float) -> pd.DataFrame:
    """:func:`customer_forecast` for several customers of a summary, one row each (多个客户的预测).

    Examples
    --------
    >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
    >>> s = pd.DataFrame({"frequency": [3.0, 0.0], "recency": [13.0, 0.0], "T": [39.0, 39.0]}, index=["甲", "乙"])
    >>> customer_forecasts(fit, s, ["甲"], t=52)["probability_alive"].round(3).tolist()
    [0.216]
    """
    history = _history_of(summary)
    wanted = list(ids)
    unknown = [c for c in wanted if c not in summary.index]
    if unknown or not wanted:
        raise CrmlabInputError(
            "ids", f"summary 中没有这些客户：{unknown}", f"summary has no customers {unknown}"
        )
    rows = [
        customer_forecast(fit, frequency=x, recency=tx, T=age, t=t)
        for x, tx, age in summary.loc[wanted, history].to_numpy(dtype=float)
    ]
    return pd.DataFrame([dataclasses.asdict(r) for r in rows], index=pd.Index(wanted, name=summary.index.name))


@btyd_table
def top_customers(summary: pd.DataFrame, value: pd.DataFrame, *, n: int = 8) -> pd.DataFrame:
    """The ``n`` customers with the highest predicted CLV, with the history it rests on (预测 CLV 最高的客户).

    Returns
    -------
    pandas.DataFrame
        The calibration history (``frequency``, ``recency``, ``T``,
        ``monetary_value``, with ``_cal`` for a :func:`calibration_holdout`
        summary) joined with ``value`` (:func:`customer_lifetime_value`),
        highest ``clv`` first.

    Examples
    --------
    >>> s = pd.DataFrame({"frequency": [1.0, 5.0], "recency": [3.0, 30.0], "T": [39.0, 39.0],
    ...                   "monetary_value": [20.0, 40.0]}, index=[1, 2])
    >>> top_customers(s, pd.DataFrame({"clv": [15.0, 90.0]}, index=[1, 2]), n=1).index.tolist()
    [2]
    """
    history = _history_of(summary)
    money = "monetary_value_cal" if history[0].endswith("_cal") else "monetary_value"
    check_frame(summary, "summary", [money])
    check_frame(value, "value", ["clv"])
    if not value.index.equals(summary.index):
        raise CrmlabInputError("value", "value 与 summary 的客户（索引）不同", "value and summary hold different customers (index)")
    check_numbers("clv", value["clv"], low=None, high=None)  # nlargest would pass over a NaN without a word
    k = int(check_number("n", n, low=1, integer=True))
    return summary[[*history, money]].join(value).nlargest(k, "clv")


def rfm_side_by_side(rfm_table: pd.DataFrame, summary: pd.DataFrame, ids: Sequence[Any]) -> pd.DataFrame:
    """Chapter 4's RFM numbers beside this chapter's BTYD history for the same customers (RFM 与 BTYD 对照).

    The same English names mean different things in the two chapters (``recency``: time
    *since* the last purchase vs. first to last purchase; ``frequency``: all purchases vs.
    repeat purchases), so the columns are two-level: ``("rfm", ...)`` and ``("btyd", ...)``.
    :func:`crmlab.glossary.label_columns` gives each half its own terms.

    Parameters
    ----------
    rfm_table : DataFrame
        ``crmlab.rfm.rfm_table(...).table`` (``recency``, ``frequency``, ``monetary``).
    summary : DataFrame
        :func:`btyd_summary` or :func:`calibration_holdout`; its four history columns are shown.
    ids : sequence
        The customers to show, in this order.

    Examples
    --------
    >>> r = pd.DataFrame({"recency": [3, 40], "frequency": [4, 1], "monetary": [90.0, 20.0]}, index=[1, 2])
    >>> s = pd.DataFrame({"frequency": [3.0, 0.0], "recency": [30.0, 0.0], "T": [33.0, 2.0],
    ...                   "monetary_value": [25.0, 0.0]}, index=[1, 2])
    >>> from crmlab.glossary import label_columns
    >>> label_columns(rfm_side_by_side(r, s, [2])).columns.tolist()[:4]
    [('第 4 章 RFM', 'R 最近购买距今天数'), ('第 4 章 RFM', 'F 购买次数'), ('第 4 章 RFM', 'M 消费金额'), ('本章 BTYD', '重复购买次数 x')]
    """
    check_frame(rfm_table, "rfm_table", ["recency", "frequency", "monetary"])
    history = _history_of(summary)
    money = "monetary_value_cal" if history[0].endswith("_cal") else "monetary_value"
    if money in summary.columns:
        history = [*history, money]
    if isinstance(ids, (str, bytes)) or not isinstance(ids, Sequence) or len(ids) == 0:
        raise CrmlabTypeError("ids", "ids 必须是非空的客户编号列表，例如 [1, 2]", "ids must be a non-empty list of customer ids, e.g. [1, 2]")
    wanted = list(ids)
    for name, table in (("rfm_table", rfm_table), ("summary", summary)):
        unknown = [i for i in wanted if i not in table.index]
        if unknown:
            raise CrmlabInputError(name, f"{name} 中没有这些客户：{unknown}", f"{name} has no customers {unknown}")
    left = rfm_table.loc[wanted, ["recency", "frequency", "monetary"]]
    right = summary.loc[wanted, history]
    return pd.concat({"rfm": left, "btyd": right}, axis=1)
