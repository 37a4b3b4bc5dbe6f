"""Retention and churn (客户保持与流失): cohorts, life tables, Kaplan-Meier and the sBG model.

- :func:`cohort_table`: share of each acquisition cohort that buys in each
  period after acquisition (同期群留存表), and :func:`retention_curve`.
- :func:`customer_lifetimes`: how long each customer has stayed, and whether
  the relationship has ended (churned) or is still going on (censored).
- :func:`life_table`: the actuarial life table (客户寿命表) per customer group,
  as the mobile-operator model uses to say how long groups stay.
- :func:`kaplan_meier`: the Kaplan-Meier survival curve with censoring and a
  95% confidence band.
- :func:`fit_sbg`: the shifted-beta-geometric model for contractual retention
  (Fader & Hardie 2007, "How to project customer retention"), with projections
  and the discounted expected residual lifetime (Fader & Hardie 2010).
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from ._fit import FittedModel, compare_fits, maximise, runaway_note, std_errors
from ._special import betaln, digamma
from ._validation import (
    MAX_AMOUNT,
    MAX_CUSTOMERS,
    MAX_DURATION,
    MAX_PERIODS,
    CrmlabInputError,
    CrmlabTypeError,
    check_as_of,
    check_choice,
    check_flags,
    check_frame,
    check_number,
    check_numbers,
    check_rate,
    check_size,
    check_transactions,
    fmt,
    renamed,
)

__all__ = [
    "DAYS_PER_MONTH",
    "cohort_table",
    "retention_curve",
    "customer_lifetimes",
    "lifetime_summary",
    "life_table",
    "kaplan_meier",
    "split_groups",
    "select_groups",
    "survival_quantile",
    "SBGFit",
    "fit_sbg",
    "compare_fits",
    "simulate_sbg",
    "sbg_current_value",
    "renewal_note",
    "churn_model_comparison",
]

#: Average days per month, to express durations in months.
DAYS_PER_MONTH = 365.25 / 12


# ------------------------------------------------------------------- cohorts


def cohort_table(
    transactions: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "date",
    freq: str = "M",
    as_of: Any = None,
) -> pd.DataFrame:
    """Share of each acquisition cohort that buys in each period after its first purchase (同期群留存表).

    Customers are grouped by the period (``"M"`` month, ``"Q"`` quarter, ``"W"``
    week) of their first purchase. Column ``k`` is the share of the cohort with
    at least one purchase in the ``k``-th period after the first (``0`` = the
    first period, always 1). Cells a cohort has not reached by ``as_of`` are
    NaN: not yet observable, not zero.

    Returns
    -------
    pandas.DataFrame
        Indexed by cohort (Period); column ``size`` (customers in the cohort)
        then the periods ``0, 1, 2, ...``.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c"],
    ...                   "date": ["2024-01-05", "2024-02-10", "2024-01-20", "2024-02-03", "2024-03-01"]})
    >>> c = cohort_table(t, as_of="2024-03-31")
    >>> c["size"].tolist(), c[0].tolist(), c[1].tolist()
    ([2, 1], [1.0, 1.0], [0.5, 1.0])
    >>> bool(np.isnan(c.loc[pd.Period("2024-02", "M"), 2]))  # February's cohort has not reached its third month
    True
    """
    check_choice("freq", freq, ["M", "Q", "W"])
    checked = check_transactions(transactions, customer=customer, date=date, amount=None)
    stamp = checked[date].max() if as_of is None else check_as_of(as_of, checked[date])
    checked = checked[checked[date] <= stamp]
    period = checked[date].dt.to_period(freq)
    ordinal = pd.Series(period.array.asi8, index=checked.index)  # periods counted from a fixed origin
    first = ordinal.groupby(checked[customer], observed=True).transform("min")
    cohort = pd.PeriodIndex.from_ordinals(first.to_numpy(), freq=period.dt.freq)
    active = pd.DataFrame({"cohort": cohort, "age": (ordinal - first).to_numpy(), "customer": checked[customer].to_numpy()})
    active = active.drop_duplicates()
    counts = active.groupby(["cohort", "age"], observed=True).size().unstack(fill_value=0)
    size = counts[0]
    shares = counts.div(size, axis=0)
    last = stamp.to_period(freq)
    max_age = pd.Series([(last - c).n for c in shares.index], index=shares.index)
    ages = np.arange(int(max_age.max()) + 1)
    shares = shares.reindex(columns=ages, fill_value=0.0)
    shares = shares.where(pd.DataFrame({a: a <= max_age for a in ages}, index=shares.index))
    shares.insert(0, "size", size.astype("int64"))
    shares.index.name = "cohort"
    shares.columns.name = None
    return shares


def retention_curve(cohorts: pd.DataFrame) -> pd.DataFrame:
    """The average retention curve of a :func:`cohort_table`, weighting cohorts by size (平均留存曲线).

    Each period uses only the cohorts that have reached it.

    Returns
    -------
    pandas.DataFrame
        ``period``, ``retention`` (share active) and ``cohorts`` (how many
        cohorts the point averages).

    Examples
    --------
    >>> c = pd.DataFrame({"size": [100, 300], 0: [1.0, 1.0], 1: [0.5, 0.3], 2: [0.4, np.nan]})
    >>> retention_curve(c)["retention"].tolist()
    [1.0, 0.35, 0.4]
    """
    check_frame(cohorts, "cohorts", [])
    if "size" not in cohorts.columns:
        raise CrmlabInputError("cohorts", "cohorts 应是 cohort_table 的结果（缺少 size 列）", "cohorts must come from cohort_table")
    size = cohorts["size"].astype(float)
    rows = []
    for period in [c for c in cohorts.columns if c != "size"]:
        seen = cohorts[period].notna()
        weight = size[seen]
        rows.append((int(period), float((cohorts.loc[seen, period] * weight).sum() / weight.sum()), int(seen.sum())))
    return pd.DataFrame(rows, columns=["period", "retention", "cohorts"])


# ---------------------------------------------------------------- lifetimes


def customer_lifetimes(
    transactions: pd.DataFrame,
    *,
    as_of: Any,
    churn_days: int = 180,
    customer: str = "customer_id",
    date: str = "date",
) -> pd.DataFrame:
    """How long each customer has stayed, and whether they have churned, as of a date (客户寿命).

    In a shop there is no contract to cancel: a customer counts as churned
    when they have not bought for more than ``churn_days`` days before
    ``as_of``, and their relationship is taken to have ended at their last
    purchase. Everyone else is still a customer: their duration so far is
    *censored* (we only know it is at least that long).

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``first_purchase``, ``last_purchase``,
        ``duration_days`` (first to last purchase if churned, first purchase
        to ``as_of`` if not), ``duration_months`` and ``churned``.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "a", "b"], "date": ["2024-01-01", "2024-03-01", "2024-11-20"]})
    >>> customer_lifetimes(t, as_of="2024-12-31")[["duration_days", "churned"]].values.tolist()
    [[60, True], [41, False]]
    """
    days = int(check_number("churn_days", churn_days, low=1, integer=True))
    checked = check_transactions(transactions, customer=customer, date=date, amount=None)
    stamp = check_as_of(as_of, checked[date])
    known = checked[checked[date] <= stamp]
    grouped = known.groupby(customer, observed=True)[date]
    out = pd.DataFrame({"first_purchase": grouped.min(), "last_purchase": grouped.max()})
    out["churned"] = (stamp - out["last_purchase"]).dt.days > days
    end = out["last_purchase"].where(out["churned"], stamp)
    out["duration_days"] = (end - out["first_purchase"]).dt.days.astype("int64")
    out["duration_months"] = out["duration_days"] / DAYS_PER_MONTH
    return out[["first_purchase", "last_purchase", "duration_days", "duration_months", "churned"]]


def lifetime_summary(lifetimes: pd.DataFrame, *, duration: str = "duration_months") -> pd.Series:
    """How many customers, how many have churned, and the (too short) mean lifetime of the churned (寿命概况).

    The mean over churned customers only is biased low: the customers still
    there (censored) are the ones who stay long. It is shown to motivate
    :func:`kaplan_meier`.

    Returns
    -------
    pandas.Series
        ``customers``, ``churned_share`` and ``mean_churned_duration`` (in
        the unit of ``duration``; NaN when nobody has churned).

    Examples
    --------
    >>> life = pd.DataFrame({"duration_months": [2.0, 4.0, 30.0], "churned": [True, True, False]})
    >>> lifetime_summary(life).round(3).to_dict()
    {'customers': 3.0, 'churned_share': 0.667, 'mean_churned_duration': 3.0}
    """
    if not isinstance(lifetimes, pd.DataFrame):
        raise CrmlabInputError(
            "lifetimes", f"lifetimes 必须是 customer_lifetimes 的结果，收到 {type(lifetimes).__name__}",
            f"lifetimes must be a customer_lifetimes result, got {type(lifetimes).__name__}",
        )
    missing = [c for c in (duration, "churned") if c not in lifetimes.columns]
    if missing or len(lifetimes) == 0:
        raise CrmlabInputError(
            "lifetimes", f"lifetimes 需要非空且有列 {[duration, 'churned']}", f"lifetimes must be non-empty with columns {[duration, 'churned']}"
        )
    t, e = _check_durations(lifetimes[duration], lifetimes["churned"], flag="churned")
    mean = float(t[e].mean()) if e.any() else math.nan
    return pd.Series({"customers": float(len(t)), "churned_share": float(e.mean()), "mean_churned_duration": mean})


def _as_series(values: Any) -> pd.Series:
    """A numpy array of numbers or booleans as it is (checked as a whole column); anything else value by value."""
    if isinstance(values, np.ndarray) and values.ndim == 1 and values.dtype.kind in "biuf":
        return pd.Series(values)
    return pd.Series(list(values), dtype=object)


def _check_durations(durations: Any, observed: Any, flag: str = "observed") -> tuple[np.ndarray, np.ndarray]:
    for name, values in (("durations", durations), (flag, observed)):
        if isinstance(values, (str, bytes, dict, pd.DataFrame)) or np.ndim(values) != 1:
            check_numbers(name, values)  # raises: not one column of values
    raw = durations if isinstance(durations, pd.Series) else _as_series(durations)
    if pd.api.types.is_complex_dtype(raw) or (raw.dtype == object and any(isinstance(v, (complex, np.complexfloating)) for v in raw)):
        check_numbers("durations", raw)  # raises: complex numbers are not durations
    t = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
    if len(t) == 0:
        raise CrmlabInputError("durations", "durations 是空的：没有客户，无法计算", "durations is empty: no customers")
    bad = int(np.isnan(t).sum())
    if bad:
        raise CrmlabInputError("durations", f"durations 有 {bad} 个缺失或不是数字", f"durations has {bad} missing or non-numeric value(s)")
    negative = int((t < 0).sum())
    if negative:
        raise CrmlabInputError("durations", f"durations 有 {negative} 个负数", f"durations has {negative} negative value(s)")
    check_numbers("durations", raw, low=0, high=MAX_DURATION)  # booleans, complex numbers, dates, infinities
    e = observed if isinstance(observed, pd.Series) else _as_series(observed)
    if len(e) != len(t):
        raise CrmlabInputError(
            flag, f"{flag} 的长度（{len(e)}）与 durations（{len(t)}）不同", f"{flag} and durations differ in length"
        )
    return t, check_flags(flag, e).to_numpy(dtype=bool)


def life_table(
    durations: Any,
    churned: Any,
    *,
    width: float = 1.0,
    groups: Any = None,
) -> pd.DataFrame:
    """Actuarial life table of customers (客户寿命表), optionally one per group.

    Time is cut into intervals ``[k*width, (k+1)*width)``. For each interval:
    customers ``at_risk`` at its start, ``churned`` and ``censored`` in it,
    the effective number at risk ``at_risk - censored / 2`` (censored customers
    count half, as if they left mid-interval), the churn probability
    ``q = churned / effective``, the survival ``S`` at the start of the interval
    and the expected remaining lifetime ``e`` of a customer who has reached the
    interval, in the same units. ``e`` sums the survival curve up to the end of
    the table, so it is a lower bound when customers are still there at the end.

    Parameters
    ----------
    durations, churned : array-like
        Each customer's duration and whether it ended in churn (``False`` =
        still a customer: censored), e.g. from :func:`customer_lifetimes`.
    width : float
        Interval length, in the units of ``durations``.
    groups : array-like, optional
        A group label per customer (e.g. the acquisition channel); one table
        per group, stacked, with a ``group`` column.

    Examples
    --------
    >>> lt = life_table([0.5, 1.5, 1.5, 2.5], [True, True, False, False])
    >>> lt[["at_risk", "churned", "censored", "churn_probability", "survival"]].round(4).values.tolist()
    [[4.0, 1.0, 0.0, 0.25, 1.0], [3.0, 1.0, 1.0, 0.4, 0.75], [1.0, 0.0, 1.0, 0.0, 0.45]]
    """
    t, e = _check_durations(durations, churned, "churned")
    w = check_number("width", width, low=0, low_open=True)
    if t.max() / w >= MAX_PERIODS:
        raise CrmlabInputError(
            "width",
            f"区间宽度 width={fmt(w)} 太小：会有超过 {MAX_PERIODS} 个区间（MAX_PERIODS）",
            f"width={fmt(w)} is too small: more than {MAX_PERIODS} intervals (MAX_PERIODS)",
        )
    if groups is not None:
        if isinstance(groups, (str, bytes, dict)) or np.ndim(groups) != 1:
            raise CrmlabTypeError("groups", "groups 必须是一列分组标签，与 durations 一样长", "groups must be one label per customer")
        labels = pd.Series(list(groups), dtype=object)
        if len(labels) != len(t):
            raise CrmlabInputError("groups", "groups 的长度与 durations 不同", "groups and durations differ in length")
        if labels.isna().any():
            n = int(labels.isna().sum())
            raise CrmlabInputError("groups", f"groups 有 {n} 个缺失的分组标签；请先补上或删除这些客户", f"groups has {n} missing label(s)")
        parts = []
        for name in pd.unique(labels.dropna()):
            mask = (labels == name).to_numpy()
            parts.append(life_table(t[mask], e[mask], width=w).assign(group=name))
        return pd.concat(parts, ignore_index=True)[["group", *parts[0].columns[:-1]]]
    k = np.floor(t / w).astype(int)
    n_intervals = int(k.max()) + 1
    churned_in = np.bincount(k[e], minlength=n_intervals).astype(float)
    censored_in = np.bincount(k[~e], minlength=n_intervals).astype(float)
    left = churned_in + censored_in
    at_risk = len(t) - np.concatenate([[0.0], np.cumsum(left)[:-1]])
    effective = at_risk - censored_in / 2
    q = np.divide(churned_in, effective, out=np.zeros_like(churned_in), where=effective > 0)
    survival = np.concatenate([[1.0], np.cumprod(1 - q)[:-1]])
    after = survival * (1 - q)
    person_time = w * (survival + after) / 2
    remaining = np.cumsum(person_time[::-1])[::-1]
    expected = np.divide(remaining, survival, out=np.zeros_like(remaining), where=survival > 0)
    start = np.arange(n_intervals) * w
    return pd.DataFrame(
        {
            "start": start,
            "end": start + w,
            "at_risk": at_risk,
            "churned": churned_in,
            "censored": censored_in,
            "effective_at_risk": effective,
            "churn_probability": q,
            "survival": survival,
            "expected_remaining": expected,
        }
    )


def _runs(ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of a sorted array and how often each occurs."""
    starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]])) if len(ordered) else np.zeros(0, dtype=np.intp)
    return ordered[starts], np.diff(np.append(starts, len(ordered)))


def kaplan_meier(durations: Any, observed: Any, *, confidence: float = 0.95, groups: Any = None) -> pd.DataFrame:
    """The Kaplan-Meier survival curve with censoring and a confidence band (Kaplan-Meier 生存曲线).

    At each time ``t`` with churn, ``S(t) = S(t-) * (1 - d_t / n_t)`` where
    ``n_t`` customers were at risk and ``d_t`` churned; censored customers
    leave the risk set without churning. The band is Greenwood's variance on
    the log(-log S) scale (the "exponential Greenwood" interval, as lifelines).

    Parameters
    ----------
    durations, observed : array-like
        Each customer's duration and whether it ended in churn (``False`` =
        still a customer: censored), e.g. from :func:`customer_lifetimes`.
    confidence : float
        Level of the confidence band.
    groups : array-like, optional
        A group label per customer (e.g. the acquisition channel), as in
        :func:`life_table`: one curve per group (in order of first
        appearance), stacked, with a ``group`` column; :func:`split_groups`
        turns the result into one table per group.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``time`` (0 and every observed duration): ``at_risk``,
        ``churned``, ``censored``, ``survival``, ``lower``, ``upper``
        (and first ``group`` with ``groups``).

    Examples
    --------
    >>> km = kaplan_meier([1, 2, 2, 3, 4], [True, True, False, True, False])
    >>> km["survival"].round(4).tolist()
    [1.0, 0.8, 0.6, 0.3, 0.3]
    >>> by = kaplan_meier([1, 2, 2, 3], [True, True, False, False], groups=["甲", "乙", "甲", "乙"])
    >>> by[["group", "survival"]].reset_index().values.tolist()
    [[0.0, '甲', 1.0], [1.0, '甲', 0.5], [2.0, '甲', 0.5], [0.0, '乙', 1.0], [2.0, '乙', 0.5], [3.0, '乙', 0.5]]
    """
    from scipy.stats import norm  # here, not at the top: scipy.stats adds ~1 s to `import crmlab`

    t, e = _check_durations(durations, observed)
    c = check_number("confidence", confidence, low=0, high=1, low_open=True, high_open=True)
    if groups is not None:
        labels = pd.Series(groups).reset_index(drop=True)
        if len(labels) != len(t):
            raise CrmlabInputError(
                "groups", f"groups 的长度（{len(labels)}）与 durations 的长度（{len(t)}）不同",
                f"groups and durations differ in length ({len(labels)} vs {len(t)})",
            )
        unlabelled = int(labels.isna().sum())
        if unlabelled:
            raise CrmlabInputError(
                "groups", f"groups 中有 {unlabelled} 位客户没有分组", f"{unlabelled} customers have no group in groups"
            )
        parts = []
        for name in pd.unique(labels):
            mask = (labels == name).to_numpy()
            part = kaplan_meier(t[mask], e[mask], confidence=c)
            part.insert(0, "group", name)
            parts.append(part)
        return pd.concat(parts)
    # sorted once: the distinct times and how many customers leave at each (all of them, and those who churn)
    times, leaving = _runs(np.sort(t))
    if times[0] != 0:  # durations are >= 0: the curve starts at time 0
        times, leaving = np.concatenate([[0.0], times]), np.concatenate([[0], leaving])
    churn_times, churn_counts = _runs(np.sort(t[e]))
    churned = np.zeros(len(times))
    churned[np.searchsorted(times, churn_times)] = churn_counts
    censored = leaving - churned
    at_risk = len(t) - np.concatenate([[0.0], np.cumsum(churned + censored)[:-1]])
    factor = np.where(at_risk > 0, 1 - churned / np.where(at_risk > 0, at_risk, 1), 1.0)
    survival = np.cumprod(factor)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where((at_risk - churned) > 0, churned / (at_risk * (at_risk - churned)), 0.0)
        greenwood = np.cumsum(terms)
        log_s = np.log(survival)
        se = np.sqrt(greenwood) / np.abs(log_s)
        z = norm.ppf(0.5 + c / 2)
        lower = np.where(log_s < 0, survival ** np.exp(z * se), 1.0)
        upper = np.where(log_s < 0, survival ** np.exp(-z * se), 1.0)
    lower = np.where(survival == 0, 0.0, lower)
    upper = np.where(survival == 0, 0.0, upper)
    out = pd.DataFrame(
        {"at_risk": at_risk, "churned": churned, "censored": censored, "survival": survival, "lower": lower, "upper": upper},
        index=pd.Index(times, name="time"),
    )
    return out


def split_groups(table: pd.DataFrame, groups: Any = None) -> dict[Any, pd.DataFrame]:
    """One table per group of a grouped :func:`kaplan_meier` or :func:`life_table` result (按组拆分).

    Parameters
    ----------
    table : pandas.DataFrame
        A result with a ``group`` column.
    groups : list-like, optional
        The groups wanted, in the order wanted; default every group, in the
        order of ``table``.

    Returns
    -------
    dict
        Group -> its rows, without the ``group`` column (e.g. for
        :func:`crmlab.plotting.plot_survival`).

    Examples
    --------
    >>> by = kaplan_meier([1, 2, 2, 3], [True, True, False, False], groups=["甲", "乙", "甲", "乙"])
    >>> curves = split_groups(by, ["乙"])
    >>> list(curves), curves["乙"]["survival"].tolist()
    (['乙'], [1.0, 0.5, 0.5])
    """
    if not isinstance(table, pd.DataFrame) or "group" not in table.columns:
        raise CrmlabInputError(
            "table", "table 需要有 group 列：用 groups= 调用 kaplan_meier 或 life_table 的结果",
            "table needs a group column: a kaplan_meier or life_table result computed with groups=",
        )
    if groups is not None and (isinstance(groups, (str, bytes, Mapping)) or not isinstance(groups, Iterable)):
        raise CrmlabTypeError(
            "groups", f"groups 必须是组名的列表，例如 [\"甲\"]，收到 {type(groups).__name__} {groups!r}",
            f"groups must be a list of group names, e.g. ['x'], got {type(groups).__name__} {groups!r}",
        )
    present = list(pd.unique(table["group"]))
    wanted = present if groups is None else list(groups)
    unknown = [g for g in wanted if g not in present]
    if unknown:
        raise CrmlabInputError(
            "groups", f"table 中没有这些组：{unknown}（现有：{present}）", f"table has no group {unknown} (groups: {present})"
        )
    return {g: table[(table["group"] == g).to_numpy()].drop(columns="group") for g in wanted}


def select_groups(table: pd.DataFrame, groups: Any) -> pd.DataFrame:
    """The rows of some groups of a grouped :func:`kaplan_meier` or :func:`life_table` result (选出部分组).

    Rows keep their order in ``table`` and the ``group`` column (e.g. for
    :func:`crmlab.plotting.plot_life_table`).

    Examples
    --------
    >>> lt = life_table([0.5, 1.5, 2.5, 0.2], [True, True, False, True], groups=["甲", "甲", "乙", "丙"])
    >>> select_groups(lt, ["丙", "甲"])["group"].tolist()
    ['甲', '甲', '丙']
    """
    wanted = split_groups(table, groups)
    return table[table["group"].isin(list(wanted)).to_numpy()]


def survival_quantile(km: pd.DataFrame, q: float = 0.5) -> float:
    """The first time at which a Kaplan-Meier curve falls to ``q`` or below (生存时间分位数); inf if it never does.

    With ``q=0.5`` this is the median lifetime, as lifelines' ``median_survival_time_``.

    Examples
    --------
    >>> survival_quantile(kaplan_meier([1, 2, 2, 3, 4], [True, True, False, True, False]))
    3.0
    """
    level = check_number("q", q, low=0, high=1, low_open=True, high_open=True)
    check_frame(km, "km", ["survival"])
    below = km.index[km["survival"].to_numpy() <= level]
    return float(below[0]) if len(below) else math.inf


# ------------------------------------------------------------------------ sBG


def _check_survivors(survivors: Any, minimum: int = 2) -> np.ndarray:
    if isinstance(survivors, (str, bytes)) or not isinstance(survivors, (Sequence, np.ndarray, pd.Series)):
        raise CrmlabInputError(
            "survivors", "survivors 必须是一列人数，例如 [1000, 869, 743]", "survivors must be a sequence of counts"
        )
    values = [check_number("survivors", v, low=0) for v in list(survivors)]
    if len(values) < minimum:
        raise CrmlabInputError(
            "survivors",
            f"survivors 至少需要两个数（第 0 期的人数和第 1 期仍在的人数），收到 {len(values)} 个",
            f"survivors needs at least two counts, got {len(values)}",
        )
    s = np.asarray(values, dtype=float)
    if s[0] <= 0:
        raise CrmlabInputError("survivors", "survivors 的第一个数（期初人数）必须大于 0", "the first count must be positive")
    rises = np.flatnonzero(np.diff(s) > 0)
    if rises.size:
        i = int(rises[0]) + 1
        raise CrmlabInputError(
            "survivors",
            f"survivors 不能增加：第 {i} 期（{fmt(s[i])}）比第 {i - 1} 期（{fmt(s[i - 1])}）多。"
            f"同一批客户只会越来越少；新加入的客户应作为另一批（cohort）分析",
            f"survivors cannot rise: period {i} ({fmt(s[i])}) exceeds period {i - 1} ({fmt(s[i - 1])})",
        )
    return s


def _loglik(log_params: np.ndarray, s: np.ndarray) -> float:
    a, b = np.exp(log_params)
    t = np.arange(1, len(s))
    died = s[:-1] - s[1:]
    log_p = betaln(a + 1, b + t - 1) - betaln(a, b)  # P(churn in period t)
    log_s = betaln(a, b + len(s) - 1) - betaln(a, b)  # P(still there after the last period)
    return float(np.sum(died * log_p) + s[-1] * log_s)


def _objective(log_params: np.ndarray, s: np.ndarray) -> tuple[float, np.ndarray]:
    """Negative log-likelihood of the sBG model and its gradient with respect to the log parameters."""
    a, b = np.exp(log_params)
    n = len(s)
    t = np.arange(1, n)
    died = s[:-1] - s[1:]
    dab = digamma(a + b)
    d_a = np.sum(died * (digamma(a + 1) - digamma(a + b + t) - digamma(a) + dab)) + s[-1] * (dab - digamma(a + b + n - 1))
    d_b = np.sum(died * (digamma(b + t - 1) - digamma(a + b + t) - digamma(b) + dab))
    d_b += s[-1] * (digamma(b + n - 1) - digamma(a + b + n - 1) - digamma(b) + dab)
    return -_loglik(log_params, s), -np.array([d_a * a, d_b * b])


def _check_periods(name: str, t: Any, low: int) -> np.ndarray:
    """``t`` as a float array of finite numbers of periods, at least ``low``."""
    try:
        values = np.asarray(t)
        bad_type = values.dtype == bool or not np.issubdtype(values.dtype, np.number) or np.iscomplexobj(values)
    except (TypeError, ValueError):
        bad_type = True
    if bad_type:
        raise CrmlabTypeError(name, f"期数 {name} 必须是数字或一列数字，收到 {t!r}", f"{name} must be a number of periods, got {t!r}")
    values = values.astype(float)
    bad = ~np.isfinite(values) | (values < low)
    if bad.any():
        first = fmt(float(values[bad].flat[0]))
        raise CrmlabInputError(
            name, f"期数 {name} 必须是不小于 {low} 的有限数，收到 {first}", f"{name} must be finite and at least {low}, got {first}"
        )
    return values


@dataclass(frozen=True, repr=False)
class SBGFit(FittedModel):
    """A fitted shifted-beta-geometric model (sBG 模型).

    Each customer has a fixed churn probability ``theta`` per period; across
    customers ``theta`` follows a Beta(``alpha``, ``beta``) distribution. The
    customers most likely to churn leave first, so the retention rate of those
    who remain rises with tenure.

    Attributes
    ----------
    alpha, beta : float
        Parameters of the Beta distribution of churn probabilities
        (mean churn probability ``alpha / (alpha + beta)``).
    loglik : float
        The maximised log-likelihood (``nan`` for a fit built by hand).
    survivors : tuple of float
        The data fitted: customers alive at the start of each period.
    std_errors : tuple of float
        Standard errors of ``alpha, beta`` (from the Hessian).
    converged : bool
        Whether the optimiser converged to a proper maximum (``False`` when
        the data cannot identify the model, e.g. a single period; ``note``
        says why).
    note : str
        Why the fit did not converge (Chinese), ``""`` otherwise.

    As the BG/NBD and Gamma-Gamma fits, it has ``params``, ``summary()``
    and ``n_customers`` (here the cohort's size, ``survivors[0]``).
    """

    _PARAMETERS: ClassVar[tuple[str, ...]] = ("alpha", "beta")
    _MODEL: ClassVar[str] = "sBG"

    alpha: float
    beta: float
    loglik: float
    survivors: tuple[float, ...]
    std_errors: tuple[float, float] = (math.nan, math.nan)
    converged: bool = True
    note: str = ""

    def __post_init__(self) -> None:
        self._check_fields()
        object.__setattr__(self, "survivors", tuple(float(v) for v in _check_survivors(self.survivors, minimum=1)))

    @property
    def n_customers(self) -> float:
        """Customers in the cohort at the start, ``survivors[0]`` (the same name as in the BG/NBD and Gamma-Gamma fits).

        Examples
        --------
        >>> SBGFit(alpha=0.7, beta=1.2, loglik=-10.0, survivors=(1000.0, 800.0)).n_customers
        1000
        """
        size = self.survivors[0]
        return int(size) if size == int(size) else size

    def survival(self, t: Any) -> np.ndarray:
        """``S(t)``: the share of a cohort still there after ``t >= 0`` periods, ``B(a, b+t) / B(a, b)`` (累计留存).

        Examples
        --------
        >>> SBGFit(alpha=1.0, beta=4.0, loglik=float("nan"), survivors=(1000.0,)).survival([0, 1, 2]).round(4).tolist()
        [1.0, 0.8, 0.6667]
        """
        t = _check_periods("t", t, 0)
        return np.exp(betaln(self.alpha, self.beta + t) - betaln(self.alpha, self.beta))

    def retention_rate(self, t: Any) -> np.ndarray:
        """``r(t)``: the share of customers still there in period ``t - 1`` who renew into period ``t`` (续费率, t >= 1).

        A period-to-period rate, ``(beta + t - 1) / (alpha + beta + t - 1)``,
        which rises with tenure; not the cumulative survival ``S(t)`` of
        :meth:`survival` (the ``survival_probability`` column of
        :func:`crmlab.clv.dcf_table` is cumulative too). ``S(t)`` is the
        product of ``r(1) .. r(t)``.

        Examples
        --------
        >>> fit = SBGFit(alpha=1.0, beta=4.0, loglik=float("nan"), survivors=(1000.0,))
        >>> fit.retention_rate([1, 2, 3]).round(3).tolist()
        [0.8, 0.833, 0.857]
        >>> round(float(np.prod(fit.retention_rate([1, 2, 3]))), 6) == round(float(fit.survival(3)), 6)
        True
        """
        t = _check_periods("t", t, 1)
        return (self.beta + t - 1) / (self.alpha + self.beta + t - 1)

    def retention(self, t: Any) -> np.ndarray:
        """The same as :meth:`retention_rate` (the older name, kept so existing code runs).

        Examples
        --------
        >>> SBGFit(alpha=1.0, beta=4.0, loglik=float("nan"), survivors=(1000.0,)).retention(1).round(3)
        np.float64(0.8)
        """
        return self.retention_rate(t)

    def projection(self, periods: int) -> pd.DataFrame:
        """Observed and expected survivors, survival and retention for periods 0 .. ``periods``.

        ``observed`` holds the fitted data (NaN beyond it); ``constant_churn``
        is what the first period's churn rate, held constant, would project.

        Examples
        --------
        >>> fit = SBGFit(alpha=1.0, beta=4.0, loglik=0.0, survivors=(1000.0, 800.0))
        >>> fit.projection(2)[["observed", "expected", "constant_churn", "retention"]].round(1).values.tolist()
        [[1000.0, 1000.0, 1000.0, nan], [800.0, 800.0, 800.0, 0.8], [nan, 666.7, 640.0, 0.8]]
        """
        n = check_size("periods", periods, low=1, high=MAX_PERIODS)
        t = np.arange(n + 1)
        observed = np.full(n + 1, np.nan)
        k = min(n + 1, len(self.survivors))
        observed[:k] = self.survivors[:k]
        survival = self.survival(t)
        retention = np.concatenate([[np.nan], self.retention(t[1:])])
        first = self.survivors[1] / self.survivors[0] if len(self.survivors) > 1 else float(self.retention(1))
        return pd.DataFrame(
            {
                "period": t,
                "observed": observed,
                "expected": self.survivors[0] * survival,
                "constant_churn": self.survivors[0] * first**t,
                "survival": survival,
                "retention": retention,
                "fitted": t < len(self.survivors),
            }
        )

    def conditional_survival(self, renewals: int, periods: int) -> np.ndarray:
        """Probability of still being a customer 1 .. ``periods`` periods from now, for a customer who has made ``renewals`` renewals.

        Examples
        --------
        >>> fit = SBGFit(alpha=1.0, beta=4.0, loglik=0.0, survivors=(1000.0, 800.0))
        >>> fit.conditional_survival(renewals=1, periods=2).round(3)  # S(2) / S(1), S(3) / S(1)
        array([0.833, 0.714])
        """
        n = int(check_number("renewals", renewals, low=0, integer=True))
        k = np.arange(1, int(check_number("periods", periods, low=1, integer=True)) + 1)
        return self.survival(n + k) / self.survival(n)

    def derl(self, discount_rate: float, renewals: int = 0) -> float:
        """Discounted expected residual lifetime (Fader & Hardie 2010) of a customer who has made ``renewals`` renewals.

        The customer is in period ``n = renewals + 1`` and has paid for it;
        DERL counts the periods they are still expected to pay for, the next
        one undiscounted: ``Σ_k P(alive in period n+1+k | alive in n) / (1+d)^k``,
        which Fader & Hardie write as ``r(n) * 2F1(1, b + n; a + b + n; 1 / (1 + d))``.
        The series is summed directly (the hypergeometric function loses
        precision for large ``alpha`` and ``beta``), to within 1e-15.

        Examples
        --------
        >>> fit = SBGFit(alpha=1.0, beta=4.0, loglik=0.0, survivors=(1000.0, 800.0))
        >>> round(fit.derl(0.1), 3), round(fit.derl(0.1, renewals=2), 3)  # Σ_k 4 / (5 + k) / 1.1^k, then for a loyal customer
        (4.216, 5.099)
        """
        d = check_rate("discount_rate", discount_rate)
        if d == 0:
            raise CrmlabInputError(
                "discount_rate",
                "折现率 discount_rate 为 0 时，DERL 是无限期未折现的续费之和，可能发散（alpha ≤ 1 时必然发散）："
                "请用大于 0 的折现率，或在 sbg_current_value 中给出有限的计算年限 horizon",
                "with discount_rate 0 the DERL is an undiscounted infinite sum that may diverge: use a positive "
                "discount_rate, or a finite horizon in sbg_current_value",
            )
        n = int(check_number("renewals", renewals, low=0, integer=True)) + 1
        terms = min(5_000_000, int(math.ceil(math.log(1e-15) / -math.log1p(d))) + 10)
        k = np.arange(terms)
        alive = np.cumprod(self.retention(n + k))  # P(alive in period n+1+k | alive in period n)
        return float(np.sum(alive / (1.0 + d) ** k))


def fit_sbg(survivors: Any) -> SBGFit:
    """Fit the shifted-beta-geometric model to a cohort's survivors by maximum likelihood (拟合 sBG 模型).

    Parameters
    ----------
    survivors : sequence of numbers
        Customers alive at the start of each period, the first being the
        cohort's size, e.g. ``[1000, 869, 743, 653]``. Counts never rise.

    Returns
    -------
    SBGFit

    Examples
    --------
    The "high end" customers of Fader & Hardie (2007), years 0-7:

    >>> fit = fit_sbg([1000, 869, 743, 653, 593, 551, 517, 491])
    >>> round(fit.alpha, 3), round(fit.beta, 3), round(fit.loglik, 1)
    (0.668, 3.806, -1611.2)
    >>> fit.projection(12)["expected"].round(0).tolist()[8:]
    [460.0, 436.0, 414.0, 395.0, 378.0]
    """
    s = _check_survivors(survivors)
    if s[-1] == s[0]:
        raise CrmlabInputError(
            "survivors", "没有任何客户流失，无法估计流失率的分布", "nobody churned: the churn distribution cannot be estimated"
        )
    if s[1] == 0:
        raise CrmlabInputError(
            "survivors",
            "第 1 期结束时所有客户都已流失：数据只说明每位客户的流失概率都是 1，"
            "无法估计流失概率的分布（模型不可识别）",
            "everybody churned in the first period: the churn distribution cannot be estimated",
        )
    starts = [(0.0, 0.0), (np.log(0.5), np.log(2.0)), (np.log(2.0), np.log(8.0))]
    best, converged = maximise(_objective, starts, (s,))
    a, b = np.exp(best.x)
    errors = std_errors(lambda p: _objective(p, s)[1], best.x)
    note = runaway_note(best, SBGFit._PARAMETERS, errors)
    if len(s) == 2:
        note = (
            "只有一期的数据：只能估计平均流失率 alpha / (alpha + beta)，"
            "无法区分客户之间流失概率的差异（模型不可识别），至少需要两期。"
        )
    elif not converged and not note:
        note = "优化算法没有报告收敛。"
    return SBGFit(
        alpha=float(a), beta=float(b), loglik=float(-best.fun), survivors=tuple(float(v) for v in s),
        std_errors=tuple(float(e) for e in errors), converged=converged and not note, note=note,
    )  # fmt: skip


@renamed(customers="customers_count")
def simulate_sbg(*, alpha: float, beta: float, n_customers: int, periods: int, seed: int) -> list[int]:
    """Survivors of a cohort simulated from the sBG model (用 sBG 模型模拟一批客户).

    Each customer draws a churn probability from Beta(``alpha``, ``beta``) and
    then churns at the end of each period with that probability.

    Examples
    --------
    >>> simulate_sbg(alpha=1, beta=4, n_customers=1000, periods=3, seed=1)[:2]
    [1000, 803]
    """
    a = check_number("alpha", alpha, low=0, low_open=True)
    b = check_number("beta", beta, low=0, low_open=True)
    n = check_size("n_customers", n_customers, low=1, high=MAX_CUSTOMERS)
    k = check_size("periods", periods, low=1, high=MAX_PERIODS)
    rng = np.random.default_rng(int(check_number("seed", seed, low=0, integer=True)))
    theta = rng.beta(a, b, n)
    lifetime = rng.geometric(np.clip(theta, 1e-12, 1.0))  # the period in which each customer churns
    return [int(np.sum(lifetime > t)) for t in range(k + 1)]


def sbg_current_value(
    fit: SBGFit,
    *,
    annual_profit: float,
    renewals: int,
    discount_rate: float,
    horizon: int | None = 5,
) -> float:
    """Current value of a customer under the sBG model, as :func:`crmlab.clv.clv_breakdown` counts it (sBG 当前价值).

    The same discounted cash flow as the textbook (profit at the end of each
    future year, weighted by the probability of still being a customer), but
    with sBG's retention, which rises with tenure, instead of a constant churn
    rate: ``Σ profit * S(n + k) / S(n) / (1 + d)^k`` for ``k = 1 .. horizon``,
    where ``n`` is the number of renewals so far. ``horizon=None`` sums all
    future years (``profit * DERL / (1 + d)``).

    Examples
    --------
    >>> fit = SBGFit(alpha=1.0, beta=4.0, loglik=0.0, survivors=(1000.0, 800.0))
    >>> round(sbg_current_value(fit, annual_profit=1440, renewals=0, discount_rate=0.1, horizon=1), 2)  # r(1) = 0.8
    1047.27
    """
    if not isinstance(fit, SBGFit):
        raise CrmlabTypeError("fit", f"fit 必须是 fit_sbg 的结果（SBGFit），收到 {type(fit).__name__}", f"fit must be an SBGFit, got {type(fit).__name__}")
    profit = check_number("annual_profit", annual_profit, cap=MAX_AMOUNT)
    d = check_rate("discount_rate", discount_rate)
    check_size("renewals", renewals, low=0, high=MAX_PERIODS)
    if horizon is None:
        return profit * fit.derl(d, renewals) / (1 + d)
    h = check_size("horizon", horizon, high=MAX_PERIODS)
    weights = fit.conditional_survival(renewals, h) / (1 + d) ** np.arange(1, h + 1)
    return float(profit * weights.sum())


def _check_sbg_fit(fit: Any) -> None:
    if not isinstance(fit, SBGFit):
        raise CrmlabTypeError(
            "fit", f"fit 必须是 fit_sbg 的结果，收到 {type(fit).__name__}", f"fit must be an SBGFit, got {type(fit).__name__}"
        )


def renewal_note(fit: SBGFit, periods: int = 8) -> str:
    """A one-line summary of the renewal rates ``r(1) .. r(periods)`` of an sBG fit (各年的续费率).

    Examples
    --------
    >>> renewal_note(SBGFit(alpha=1.0, beta=4.0, loglik=0.0, survivors=(1000.0, 800.0)), 3)
    '各年的续费率：第1年 80.0%，第2年 83.3%，第3年 85.7%'
    """
    _check_sbg_fit(fit)
    n = check_size("periods", periods)
    rates = fit.retention(np.arange(1, n + 1))
    return "各年的续费率：" + "，".join(f"第{t}年 {r:.1%}" for t, r in enumerate(rates, start=1))


def churn_model_comparison(
    fit: SBGFit,
    params: Mapping[str, Any],
    *,
    annual_profit: float,
    renewals: int,
    horizons: Sequence[int | None] = (5, None),
) -> pd.DataFrame:
    """Current value with the textbook's constant churn rate and with the sBG model, side by side (固定流失率与 sBG).

    For each horizon (``None``: all future years): the current value of
    :func:`crmlab.clv.clv_breakdown` with ``params`` (constant churn rate) and
    :func:`sbg_current_value` with ``fit``, ``annual_profit``, ``renewals``
    and ``params["discount_rate"]``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``horizon`` (``"未来 5 年"``, ``"所有未来年份"``):
        ``constant_churn`` and ``sbg``.

    Examples
    --------
    >>> fit = SBGFit(alpha=1.0, beta=4.0, loglik=0.0, survivors=(1000.0, 800.0))
    >>> p = dict(annual_revenue=2400, margin=0.6, years_active=0, churn_rate=0.2, discount_rate=0.1)
    >>> churn_model_comparison(fit, p, annual_profit=1440, renewals=0, horizons=(1,)).round(2).values.tolist()
    [[1047.27, 1047.27]]
    """
    from .clv import clv_breakdown

    _check_sbg_fit(fit)
    if not isinstance(params, Mapping):
        raise CrmlabInputError(
            "params", f"params 必须是 clv_breakdown 的参数字典，例如 zhangsan()，收到 {type(params).__name__}",
            f"params must be a mapping of clv_breakdown's parameters, e.g. zhangsan(), got {type(params).__name__}",
        )
    signature = inspect.signature(clv_breakdown).parameters
    missing = [k for k, p in signature.items() if p.default is inspect.Parameter.empty and k not in params]
    unknown = [k for k in params if k not in signature]
    if missing or unknown:
        raise CrmlabInputError(
            "params",
            f"params 不是 clv_breakdown 的参数：缺少 {missing}，多出 {unknown}",
            f"params do not fit clv_breakdown: missing {missing}, unknown {unknown}",
        )
    check_number("annual_profit", annual_profit, cap=MAX_AMOUNT)
    if isinstance(horizons, (str, bytes, Mapping)) or not isinstance(horizons, Iterable):
        raise CrmlabTypeError(
            "horizons", f"horizons 必须是计算年限的列表，例如 (5, None)，收到 {type(horizons).__name__} {horizons!r}",
            f"horizons must be a list of horizons, e.g. (5, None), got {type(horizons).__name__} {horizons!r}",
        )
    horizons = [None if h is None else check_size("horizons", h) for h in horizons]
    if len(horizons) == 0:
        raise CrmlabInputError("horizons", "horizons 至少要有一个计算年限", "horizons needs at least one horizon")
    rows = {}
    for horizon in horizons:
        label = "所有未来年份" if horizon is None else f"未来 {fmt(horizon)} 年"
        rows[label] = (
            clv_breakdown(**{**params, "horizon": horizon}).current,
            sbg_current_value(
                fit, annual_profit=annual_profit, renewals=renewals, discount_rate=params["discount_rate"], horizon=horizon
            ),
        )
    out = pd.DataFrame.from_dict(rows, orient="index", columns=["constant_churn", "sbg"])
    return out.rename_axis("horizon")
