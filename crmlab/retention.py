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

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import betaln
from scipy.stats import norm

from ._validation import (
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
    check_size,
    check_transactions,
    fmt,
)

__all__ = [
    "DAYS_PER_MONTH",
    "cohort_table",
    "retention_curve",
    "customer_lifetimes",
    "life_table",
    "kaplan_meier",
    "survival_quantile",
    "SBGFit",
    "fit_sbg",
    "simulate_sbg",
    "sbg_current_value",
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
        raise CrmlabInputError("cohorts", "cohorts 应是 cohort_table 的结果 (缺少 size 列)", "cohorts must come from cohort_table")
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


def _check_durations(durations: Any, observed: Any, flag: str = "observed") -> tuple[np.ndarray, np.ndarray]:
    for name, values in (("durations", durations), (flag, observed)):
        if isinstance(values, (str, bytes, dict, pd.DataFrame)) or np.ndim(values) != 1:
            check_numbers(name, values)  # raises: not one column of values
    raw = durations if isinstance(durations, pd.Series) else pd.Series(list(durations), dtype=object)
    if pd.api.types.is_complex_dtype(raw) or any(isinstance(v, (complex, np.complexfloating)) for v in raw):
        check_numbers("durations", raw)  # raises: complex numbers are not durations
    t = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
    if len(t) == 0:
        raise CrmlabInputError("durations", "durations 是空的: 没有客户, 无法计算", "durations is empty: no customers")
    bad = int(np.isnan(t).sum())
    if bad:
        raise CrmlabInputError("durations", f"durations 有 {bad} 个缺失或不是数字", f"durations has {bad} missing or non-numeric value(s)")
    negative = int((t < 0).sum())
    if negative:
        raise CrmlabInputError("durations", f"durations 有 {negative} 个负数", f"durations has {negative} negative value(s)")
    check_numbers("durations", raw, low=0, high=MAX_DURATION)  # booleans, complex numbers, dates, infinities
    e = observed if isinstance(observed, pd.Series) else pd.Series(list(observed), dtype=object)
    if len(e) != len(t):
        raise CrmlabInputError(
            flag, f"{flag} 的长度 ({len(e)}) 与 durations ({len(t)}) 不同", f"{flag} and durations differ in length"
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


def kaplan_meier(durations: Any, observed: Any, *, confidence: float = 0.95) -> pd.DataFrame:
    """The Kaplan-Meier survival curve with censoring and a confidence band (Kaplan-Meier 生存曲线).

    At each time ``t`` with churn, ``S(t) = S(t-) * (1 - d_t / n_t)`` where
    ``n_t`` customers were at risk and ``d_t`` churned; censored customers
    leave the risk set without churning. The band is Greenwood's variance on
    the log(-log S) scale (the "exponential Greenwood" interval, as lifelines).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``time`` (0 and every observed duration): ``at_risk``,
        ``churned``, ``censored``, ``survival``, ``lower``, ``upper``.

    Examples
    --------
    >>> km = kaplan_meier([1, 2, 2, 3, 4], [True, True, False, True, False])
    >>> km["survival"].round(4).tolist()
    [1.0, 0.8, 0.6, 0.3, 0.3]
    """
    t, e = _check_durations(durations, observed)
    c = check_number("confidence", confidence, low=0, high=1, low_open=True, high_open=True)
    times = np.unique(np.concatenate([[0.0], t]))
    slot = np.searchsorted(times, t)
    churned = np.bincount(slot[e], minlength=len(times)).astype(float)
    censored = np.bincount(slot[~e], minlength=len(times)).astype(float)
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


def _check_survivors(survivors: Any) -> np.ndarray:
    if isinstance(survivors, (str, bytes)) or not isinstance(survivors, (Sequence, np.ndarray, pd.Series)):
        raise CrmlabInputError(
            "survivors", "survivors 必须是一列人数, 例如 [1000, 869, 743]", "survivors must be a sequence of counts"
        )
    values = [check_number("survivors", v, low=0) for v in list(survivors)]
    if len(values) < 2:
        raise CrmlabInputError(
            "survivors",
            f"survivors 至少需要两个数 (第 0 期的人数和第 1 期仍在的人数), 收到 {len(values)} 个",
            f"survivors needs at least two counts, got {len(values)}",
        )
    s = np.asarray(values, dtype=float)
    if s[0] <= 0:
        raise CrmlabInputError("survivors", "survivors 的第一个数 (期初人数) 必须大于 0", "the first count must be positive")
    rises = np.flatnonzero(np.diff(s) > 0)
    if rises.size:
        i = int(rises[0]) + 1
        raise CrmlabInputError(
            "survivors",
            f"survivors 不能增加: 第 {i} 期 ({fmt(s[i])}) 比第 {i - 1} 期 ({fmt(s[i - 1])}) 多。"
            f"同一批客户只会越来越少; 新加入的客户应作为另一批 (cohort) 分析",
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


@dataclass(frozen=True)
class SBGFit:
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
        The maximised log-likelihood.
    survivors : tuple of float
        The data fitted: customers alive at the start of each period.
    """

    alpha: float
    beta: float
    loglik: float
    survivors: tuple[float, ...]

    def survival(self, t: Any) -> np.ndarray:
        """``S(t)``: the share of a cohort still there after ``t`` periods, ``B(a, b+t) / B(a, b)``."""
        t = np.asarray(t, dtype=float)
        return np.exp(betaln(self.alpha, self.beta + t) - betaln(self.alpha, self.beta))

    def retention(self, t: Any) -> np.ndarray:
        """``r(t)``: the share of customers alive in period ``t - 1`` who renew into period ``t`` (t >= 1)."""
        t = np.asarray(t, dtype=float)
        return (self.beta + t - 1) / (self.alpha + self.beta + t - 1)

    def projection(self, periods: int) -> pd.DataFrame:
        """Observed and expected survivors, survival and retention for periods 0 .. ``periods``.

        ``observed`` holds the fitted data (NaN beyond it); ``constant_churn``
        is what the first period's churn rate, held constant, would project.
        """
        n = int(check_number("periods", periods, low=1, integer=True))
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
        """Probability of still being a customer 1 .. ``periods`` periods from now, for a customer who has made ``renewals`` renewals."""
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
        """
        d = check_number("discount_rate", discount_rate, low=0, low_open=True)
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
            "survivors", "没有任何客户流失, 无法估计流失率的分布", "nobody churned: the churn distribution cannot be estimated"
        )
    best = None
    for start in ((0.0, 0.0), (np.log(0.5), np.log(2.0)), (np.log(2.0), np.log(8.0))):
        res = minimize(lambda p: -_loglik(p, s), np.array(start), method="Nelder-Mead",
                       options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 4000})  # fmt: skip
        if best is None or res.fun < best.fun:
            best = res
    a, b = np.exp(best.x)
    return SBGFit(alpha=float(a), beta=float(b), loglik=float(-best.fun), survivors=tuple(float(v) for v in s))


def simulate_sbg(*, alpha: float, beta: float, customers: int, periods: int, seed: int) -> list[int]:
    """Survivors of a cohort simulated from the sBG model (用 sBG 模型模拟一批客户).

    Each customer draws a churn probability from Beta(``alpha``, ``beta``) and
    then churns at the end of each period with that probability.

    Examples
    --------
    >>> simulate_sbg(alpha=1, beta=4, customers=1000, periods=3, seed=1)[:2]
    [1000, 803]
    """
    a = check_number("alpha", alpha, low=0, low_open=True)
    b = check_number("beta", beta, low=0, low_open=True)
    n = int(check_number("customers", customers, low=1, integer=True))
    k = int(check_number("periods", periods, low=1, integer=True))
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
    profit = check_number("annual_profit", annual_profit)
    d = check_number("discount_rate", discount_rate, low=0, low_open=True)
    check_size("renewals", renewals, low=0, high=MAX_PERIODS)
    if horizon is None:
        return profit * fit.derl(d, renewals) / (1 + d)
    h = check_size("horizon", horizon, high=MAX_PERIODS)
    weights = fit.conditional_survival(renewals, h) / (1 + d) ** np.arange(1, h + 1)
    return float(profit * weights.sum())
