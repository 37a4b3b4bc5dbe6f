"""Predictive customer lifetime value (预测型客户终生价值): BG/NBD and Gamma-Gamma.

"Buy till you die" (BTYD) models predict a customer's future purchases from
three numbers of their past, and their future spend from one more:

- :func:`btyd_summary` turns a transaction log into ``frequency`` (repeat
  purchases), ``recency`` (first to last purchase), ``T`` (first purchase to the
  end of the data) and ``monetary_value`` (mean spend of the repeat purchases),
  with the conventions of ``lifetimes`` and ``pymc-marketing`` so that results
  carry over; :func:`calibration_holdout` does the same for a calibration
  period and counts what happened in the holdout period after it.
- :func:`fit_bgnbd` fits the BG/NBD model of Fader, Hardie & Lee (2005a),
  "Counting your customers the easy way" (Marketing Science 24(2)), by maximum
  likelihood: while "alive" a customer buys at a Poisson rate ``λ`` (gamma
  distributed across customers, parameters ``r``, ``alpha``) and after each
  repeat purchase "dies" with probability ``p`` (beta distributed, ``a``, ``b``).
- :func:`fit_gamma_gamma` fits the Gamma-Gamma spend model of Fader, Hardie &
  Lee (2005b), "RFM and CLV: using iso-value curves for customer base analysis"
  (Journal of Marketing Research 42(4)), and :func:`spend_frequency_correlation`
  checks the assumption it rests on.
- :func:`customer_lifetime_value` combines both into a discounted value per
  customer, with the time unit of the data stated explicitly.
- Diagnostics: :func:`frequency_histogram`, :func:`holdout_by_frequency`,
  :func:`tracking_table`, :func:`frequency_recency_matrix`.

Everything is computed in log space or in transformed series where it matters,
so heavy buyers with thousands of purchases and horizons of many times their age
give finite, exact results (tested against 50-digit values). Time is measured in the unit of the
summary (days, weeks, ...), and the fitted ``alpha`` is in that unit too.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy.special import betaln, digamma, expit, exprel, gammaln, hyp2f1
from scipy.stats import nbinom, pearsonr

from ._fit import FittedModel, maximise, runaway_note, std_errors
from ._validation import (
    MAX_CELLS,
    MAX_CUSTOMERS,
    MAX_DURATION,
    MAX_FREQUENCY,
    MAX_PARAMETER,
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
from .glossary import BTYD_TERMS

__all__ = [
    "TIME_UNITS",
    "btyd_summary",
    "calibration_holdout",
    "bgnbd_loglik",
    "BGNBDFit",
    "fit_bgnbd",
    "simulate_bgnbd",
    "gamma_gamma_loglik",
    "GammaGammaFit",
    "fit_gamma_gamma",
    "simulate_gamma_gamma",
    "SpendCorrelation",
    "spend_frequency_correlation",
    "customer_lifetime_value",
    "CustomerForecast",
    "customer_forecast",
    "run_rate_forecast",
    "simple_clv",
    "compare_forecasts",
    "segment_comparison",
    "frequency_histogram",
    "holdout_by_frequency",
    "tracking_table",
    "tracking_totals",
    "frequency_recency_matrix",
    "matches_published",
    "published_comparison",
    "holdout_by_segment",
    "largest_gaps",
    "customer_forecasts",
    "top_customers",
]

#: Days in one unit of time for the periods crmlab summarises by (a month is 365.25 / 12 days on average).
TIME_UNITS: dict[str, float] = {"D": 1.0, "W": 7.0, "M": 365.25 / 12}
_UNIT_NAMES = {"D": "天", "W": "周", "M": "月"}

def _label(name: str) -> str:
    """``"重复购买次数 x frequency"``: the chapter-7 term (not the RFM one of the same English name) and the identifier."""
    return f"{BTYD_TERMS[name].split(' ')[0]} {name}" if name in BTYD_TERMS else name


# -------------------------------------------------------------------- summary


def _period_index(dates: pd.Series, freq: str) -> np.ndarray:
    """Integer index of the period (day, Monday-start week, month) each date falls in."""
    values = dates.to_numpy(dtype="datetime64[ns]")
    if freq == "M":
        return values.astype("datetime64[M]").astype(np.int64)
    days = values.astype("datetime64[D]").astype(np.int64)
    if freq == "W":
        return (days + 3) // 7  # 1970-01-01 was a Thursday: weeks start on Monday, as pandas' "W" periods
    return days


def _check_time(time_unit: Any, period: Any) -> tuple[str, float, float]:
    """``(period, divisor, unit_days)``: times are period-index differences divided by ``divisor``."""
    p = check_choice("period", period, list(TIME_UNITS))
    unit_days = _unit_days(time_unit)
    return p, unit_days / TIME_UNITS[p], unit_days


def _summarise(
    customers: np.ndarray, periods: np.ndarray, amounts: np.ndarray | None, end_period: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    """Per customer (codes 0..n-1, all present): repeat periods, first period, last period, T and mean repeat spend.

    Minima and maxima by ``ufunc.at``, sums by ``bincount``, and distinct
    (customer, period) pairs from one plain (SIMD) sort of an integer key.
    """
    n = int(customers.max()) + 1
    low = int(periods.min())
    span = int(periods.max()) - low + 1
    first = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first, customers, periods)
    last = np.full(n, np.iinfo(np.int64).min)
    np.maximum.at(last, customers, periods)
    key = customers.astype(np.int64) * span + (periods - low)
    if n * span < 2**31:
        key = key.astype(np.int32)  # sorts about three times faster
    key = np.sort(key)
    pairs = key[np.concatenate([[True], key[1:] != key[:-1]])]
    frequency = np.bincount(pairs // span, minlength=n) - 1
    monetary = None
    if amounts is not None:
        total = np.bincount(customers, weights=amounts, minlength=n)
        in_first = periods == first[customers]
        first_spend = np.bincount(customers[in_first], weights=amounts[in_first], minlength=n)
        monetary = np.divide(total - first_spend, frequency, out=np.zeros(n), where=frequency > 0)
    return frequency, first, last, end_period - first, monetary


def _prepare(
    transactions: Any, customer: str, date: str, amount: str | None
) -> pd.DataFrame:
    columns = [customer, date] + ([amount] if amount is not None else [])
    check_frame(transactions, "transactions", columns)
    frame = transactions if transactions.shape[1] == len(columns) else transactions[columns]
    return check_transactions(frame, customer=customer, date=date, amount=amount)


@renamed(freq="freq", time_scaler="time_scaler")
def btyd_summary(
    transactions: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "date",
    amount: str | None = "amount",
    as_of: Any = None,
    time_unit: str | float = "D",
    period: str = "D",
) -> pd.DataFrame:
    """Per customer: repeat purchases, recency, age and mean repeat spend (BTYD 汇总表).

    The input of every "buy till you die" model. Purchases are first grouped
    into periods of ``period`` (by default days: several purchases of one
    customer on one day count as one purchase, and their amounts are added);
    then for each customer

    - ``frequency``: the number of *repeat* periods with a purchase (all
      periods with a purchase minus the first one);
    - ``recency``: time from the first to the last purchase (0 when there is
      no repeat purchase);
    - ``T``: time from the first purchase to ``as_of`` (the customer's age);
    - ``monetary_value``: mean spend of the *repeat* periods (the first
      purchase is left out; 0 when there is none).

    Times are expressed in ``time_unit``: ``time_unit="W"`` gives weeks with
    fractions (days / 7, as the published CDNOW summary); with ``period="W"``
    as well, purchases are grouped by calendar week (Monday to Sunday) and
    times are whole weeks. ``time_unit`` is the one name for the unit of time
    in every BTYD and CLV function of crmlab (``time_unit="W"`` here equals
    ``freq="D", freq_multiplier=7`` of ``lifetimes.utils.summary_data_from_transaction_data``
    and ``time_unit="D", time_scaler=7`` of ``pymc_marketing.clv.rfm_summary``).
    Note the difference from the RFM table
    of chapter 3: there recency is the time *since* the last purchase and
    frequency counts *every* purchase.

    Parameters
    ----------
    transactions : DataFrame
        One row per transaction (never modified).
    customer, date : str
        Column names.
    amount : str or None
        Column of amounts; ``None`` leaves out ``monetary_value``.
    as_of : date-like, optional
        End of the observation period; default the last transaction date.
        Transactions after it are left out (counted in ``attrs``).
    time_unit : {"D", "W", "M"} or float
        Unit of ``recency`` and ``T``: day, week (7 days), month (365.25/12
        days), or a number of days.
    period : {"D", "W", "M"}
        What counts as one purchase occasion: a day (default), a calendar week
        (Monday to Sunday) or a calendar month.

    Returns
    -------
    DataFrame
        Indexed by customer (sorted), columns ``frequency``, ``recency``,
        ``T`` (and ``monetary_value``), all float. ``attrs`` records
        ``as_of``, ``period``, ``time_unit``, ``unit_days`` (days in one unit
        of time), the transactions and customers left out, and ``note``, a
        sentence saying so.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": [1, 1, 1, 2],
    ...                   "date": ["2024-01-01", "2024-01-01", "2024-01-11", "2024-01-05"],
    ...                   "amount": [10.0, 5.0, 30.0, 8.0]})
    >>> btyd_summary(t, as_of="2024-01-31")
                 frequency  recency     T  monetary_value
    customer_id
    1                  1.0     10.0  30.0            30.0
    2                  0.0      0.0  26.0             0.0
    >>> btyd_summary(t, as_of="2024-01-31", time_unit="W").loc[1, "T"].round(3)
    np.float64(4.286)
    """
    f, scaler, unit_days = _check_time(time_unit, period)
    checked = _prepare(transactions, customer, date, amount)
    stamp = checked[date].max() if as_of is None else check_as_of(as_of, checked[date])
    dates = checked[date]
    keep = (dates <= stamp).to_numpy()
    excluded = int(len(checked) - keep.sum())
    codes_all, uniques_all = pd.factorize(checked[customer], sort=True)
    codes = codes_all[keep] if excluded else codes_all
    present = np.zeros(len(uniques_all), dtype=bool)
    present[codes] = True
    excluded_customers = int((~present).sum())
    if excluded_customers:
        remap = np.cumsum(present) - 1
        codes = remap[codes]
        uniques = uniques_all[present]
    else:
        uniques = uniques_all
    periods = _period_index(dates[keep] if excluded else dates, f)
    end_period = int(_period_index(pd.Series([stamp]), f)[0])
    amounts = None
    if amount is not None:
        values = checked[amount].to_numpy(dtype=float)
        amounts = values[keep] if excluded else values
    frequency, first, last, age, monetary = _summarise(codes, periods, amounts, end_period)
    out = pd.DataFrame(
        {
            "frequency": frequency.astype(float),
            "recency": (last - first) / scaler,
            "T": age / scaler,
        },
        index=pd.Index(uniques, name=customer),
    )
    if monetary is not None:
        out["monetary_value"] = monetary
    note = f"BTYD 汇总表: {len(out):,} 位客户, 截至 {stamp.date()}, 时间单位 {_unit_text(unit_days)}"
    if excluded:
        note += f"; 另有 {excluded:,} 行交易晚于 as_of, 未计入"
        if excluded_customers:
            note += f" (其中 {excluded_customers:,} 位客户此时还没有购买, 不在表中)"
    out.attrs.update(
        as_of=stamp,
        period=f,
        time_unit=time_unit,
        unit_days=unit_days,
        excluded_rows=excluded,
        excluded_customers=excluded_customers,
        note=note + "。",
    )
    return out


def _unit_text(unit_days: float) -> str:
    for key, days in TIME_UNITS.items():
        if math.isclose(unit_days, days):
            return _UNIT_NAMES[key]
    return f"{fmt(round(unit_days, 6))} 天"


@renamed(freq="freq", time_scaler="time_scaler")
def calibration_holdout(
    transactions: pd.DataFrame,
    *,
    calibration_end: Any,
    observation_end: Any = None,
    customer: str = "customer_id",
    date: str = "date",
    amount: str | None = "amount",
    time_unit: str | float = "D",
    period: str = "D",
) -> pd.DataFrame:
    """A calibration summary and what each customer did afterwards (校准期/验证期划分).

    The model is fitted on the calibration period (up to and including
    ``calibration_end``) and judged on the holdout period after it (up to
    ``observation_end``), which it has not seen. Customers whose first purchase
    falls in the holdout period are not in the table (the model knows nothing
    about them); ``attrs`` counts them.

    Returns
    -------
    DataFrame
        Indexed by customer: ``frequency_cal``, ``recency_cal``, ``T_cal``,
        (``monetary_value_cal``), ``frequency_holdout`` (periods with a
        purchase in the holdout), (``monetary_value_holdout``: mean spend per
        such period; ``spend_holdout``: total) and ``duration_holdout``.
        ``lifetimes.utils.calibration_and_holdout_data`` gives the same
        columns, except that its ``monetary_value_holdout`` averages
        transactions rather than periods.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": [1, 1, 1, 2, 3],
    ...                   "date": ["2024-01-01", "2024-01-11", "2024-02-05", "2024-01-05", "2024-02-10"],
    ...                   "amount": [10.0, 30.0, 12.0, 8.0, 9.0]})
    >>> ch = calibration_holdout(t, calibration_end="2024-01-31", observation_end="2024-02-29")
    >>> ch[["frequency_cal", "T_cal", "frequency_holdout", "spend_holdout"]]
                 frequency_cal  T_cal  frequency_holdout  spend_holdout
    customer_id
    1                      1.0   30.0                1.0           12.0
    2                      0.0   26.0                0.0            0.0
    >>> ch["duration_holdout"].iloc[0]
    np.float64(29.0)
    >>> ch.attrs["note"]
    '校准期 2024-01-01 至 2024-01-31 (2 位客户), 验证期 2024-02-01 至 2024-02-29 (29 天); 1 位客户在验证期才首次购买, 不在表中。'
    """
    f, scaler, unit_days = _check_time(time_unit, period)
    checked = _prepare(transactions, customer, date, amount)
    dates = checked[date]
    cal_end = check_as_of(calibration_end, dates, name="calibration_end")
    obs_end = dates.max() if observation_end is None else check_as_of(observation_end, dates, name="observation_end")
    if obs_end <= cal_end:
        raise CrmlabInputError(
            "observation_end",
            f"验证期结束日 observation_end ({obs_end.date()}) 必须晚于校准期结束日 calibration_end ({cal_end.date()})",
            f"observation_end ({obs_end.date()}) must be after calibration_end ({cal_end.date()})",
        )
    in_cal = (dates <= cal_end).to_numpy()
    in_hold = (~in_cal) & (dates <= obs_end).to_numpy()
    calibration = btyd_summary(
        checked[in_cal], customer=customer, date=date, amount=amount, as_of=cal_end, time_unit=time_unit, period=f
    )
    out = calibration.rename(columns=lambda c: f"{c}_cal")
    out.attrs = {}
    hold = checked[in_hold]
    known = hold[customer].isin(out.index).to_numpy()
    new_customers = int(hold.loc[~known, customer].nunique())
    hold = hold[known]
    per_period = pd.DataFrame(
        {customer: hold[customer].to_numpy(), "period": _period_index(hold[date], f)}
        | ({"spend": hold[amount].to_numpy(dtype=float)} if amount is not None else {})
    )
    grouped = per_period.groupby([customer, "period"], sort=False, observed=True)
    if amount is not None:
        spend = grouped["spend"].sum().groupby(level=0, observed=True)
        counts = spend.size()
        totals = spend.sum()
    else:
        counts = grouped.size().groupby(level=0, observed=True).size()
    out["frequency_holdout"] = counts.reindex(out.index, fill_value=0).astype(float)
    if amount is not None:
        total = totals.reindex(out.index, fill_value=0.0).astype(float)
        out["monetary_value_holdout"] = np.divide(
            total.to_numpy(), out["frequency_holdout"].to_numpy(), out=np.zeros(len(out)), where=out["frequency_holdout"].to_numpy() > 0
        )
        out["spend_holdout"] = total
    end_periods = _period_index(pd.Series([cal_end, obs_end]), f)
    duration = float(end_periods[1] - end_periods[0]) / scaler
    out["duration_holdout"] = duration
    first = dates[in_cal].min().date() if in_cal.any() else cal_end.date()
    note = (
        f"校准期 {first} 至 {cal_end.date()} ({len(out):,} 位客户), "
        f"验证期 {(cal_end + pd.Timedelta(days=1)).date()} 至 {obs_end.date()} ({fmt(round(duration, 4))} {_unit_text(unit_days)})"
    )
    if new_customers:
        note += f"; {new_customers:,} 位客户在验证期才首次购买, 不在表中"
    later = int((dates > obs_end).sum())
    if later:
        note += f"; {later:,} 行交易晚于 observation_end, 未计入"
    out.attrs.update(
        calibration_end=cal_end,
        observation_end=obs_end,
        period=f,
        time_unit=time_unit,
        unit_days=unit_days,
        new_customers=new_customers,
        note=note + "。",
    )
    return out


# ------------------------------------------------------------- input checks


def _as_array(name: str, values: Any) -> np.ndarray:
    if isinstance(values, (str, bytes)) or values is None:
        raise CrmlabTypeError(name, f"{_label(name)} 必须是一列数字, 收到 {values!r}", f"{name} must be a sequence of numbers")
    if isinstance(values, pd.DataFrame):
        raise CrmlabTypeError(
            name,
            f"{_label(name)} 必须是一列数字, 收到整张表; 请传入一列, 例如 summary[{name!r}]",
            f"{name} must be one column, e.g. summary[{name!r}], not a whole table",
        )
    if not isinstance(values, pd.Series) and np.ndim(values) > 1:
        check_numbers(name, values)  # raises: a 2-D array is not one column
    series = values if isinstance(values, pd.Series) else pd.Series(np.atleast_1d(np.asarray(values, dtype=object)))
    if series.dtype == object:
        inferred = pd.Series(series.tolist()) if len(series) else series
        if pd.api.types.is_bool_dtype(inferred) or pd.api.types.is_complex_dtype(inferred) or pd.api.types.is_datetime64_any_dtype(inferred):
            series = inferred
    if (
        pd.api.types.is_bool_dtype(series) or pd.api.types.is_complex_dtype(series)
        or pd.api.types.is_datetime64_any_dtype(series) or pd.api.types.is_timedelta64_dtype(series)
        or (series.dtype == object and any(isinstance(v, (bool, np.bool_, complex)) for v in series))
    ):  # fmt: skip
        check_numbers(name, series)  # raises, naming the kind of value
    if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        numeric = pd.to_numeric(series, errors="coerce")
        bad = numeric.isna() & series.notna()
        if bad.any():
            raise CrmlabTypeError(
                name,
                f"{_label(name)} 有 {int(bad.sum())} 个值不是数字 (例如 {series[bad].iloc[0]!r})",
                f"{name} has {int(bad.sum())} value(s) that are not numbers",
            )
        series = numeric
    array = series.to_numpy(dtype=float, na_value=np.nan)
    if array.size == 0:
        raise CrmlabInputError(name, f"{_label(name)} 是空的, 没有任何客户", f"{name} is empty: there are no customers")
    if not np.isfinite(array).all():
        n = int((~np.isfinite(array)).sum())
        raise CrmlabInputError(name, f"{_label(name)} 有 {n} 个缺失或无穷大的值", f"{name} has {n} missing or infinite value(s)")
    return array


def _model_parameter(name: str, value: Any) -> float:
    """A model parameter given by hand: a positive number up to :data:`crmlab._validation.MAX_PARAMETER`."""
    return check_number(name, value, low=0, low_open=True, cap=MAX_PARAMETER)


def _where(mask: np.ndarray, index: Any) -> str:
    """``"共 2 位客户, 例如 '乙'"`` (or ``"例如第 2 位"`` when the values carry no customer index)."""
    i = int(np.flatnonzero(mask)[0])
    example = f" {index[i]!r}" if index is not None else f"第 {i + 1} 位"
    return f"共 {int(mask.sum())} 位客户, 例如{example}"


def _check_rft(frequency: Any, recency: Any, T: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    index = frequency.index if isinstance(frequency, pd.Series) else None
    x = _as_array("frequency", frequency)
    tx = _as_array("recency", recency)
    t = _as_array("T", T)
    if not (len(x) == len(tx) == len(t)):
        raise CrmlabInputError(
            "frequency",
            f"frequency, recency, T 的长度必须相同, 收到 {len(x)}, {len(tx)}, {len(t)}",
            f"frequency, recency and T must have the same length, got {len(x)}, {len(tx)}, {len(t)}",
        )
    for name, values in (("frequency", x), ("recency", tx), ("T", t)):
        negative = values < 0
        if negative.any():
            raise CrmlabInputError(
                name, f"{_label(name)} 不能为负数: {_where(negative, index)}", f"{name} cannot be negative ({int(negative.sum())} customers)"
            )
        huge = values > MAX_DURATION
        if huge.any():
            raise CrmlabInputError(
                name, f"{_label(name)} 不能大于 {MAX_DURATION}（MAX_DURATION）：{_where(huge, index)}", f"{name} cannot exceed {MAX_DURATION} (MAX_DURATION)"
            )
    fractional = x != np.round(x)
    if fractional.any():
        raise CrmlabInputError(
            "frequency",
            f"{_label('frequency')} 必须是整数 (重复购买的期数): {_where(fractional, index)}",
            f"frequency must be whole numbers ({int(fractional.sum())} are not)",
        )
    late = tx > t * (1 + 1e-9) + 1e-12
    if late.any():
        i = int(np.flatnonzero(late)[0])
        raise CrmlabInputError(
            "recency",
            f"{_label('recency')} 不能大于 {_label('T')}: {_where(late, index)} (recency={fmt(tx[i])} > T={fmt(t[i])}); "
            f"recency 是首次到最后一次购买的时间, T 是首次购买到观察期末的时间",
            f"recency cannot exceed T ({int(late.sum())} customers)",
        )
    odd = (x == 0) & (tx > 0)
    if odd.any():
        raise CrmlabInputError(
            "recency",
            f"没有重复购买 (frequency=0) 的客户 recency 应为 0: {_where(odd, index)}",
            f"customers with frequency 0 must have recency 0 ({int(odd.sum())} do not)",
        )
    if not (t > 0).any():
        raise CrmlabInputError("T", f"{_label('T')} 全为 0: 观察期太短, 无法估计", "T is 0 for everyone: nothing to estimate")
    return x, tx, t


# --------------------------------------------------------------------- BG/NBD


def _bgnbd_terms(r, alpha, a, b, x, tx, t):
    """The two log-likelihood terms of each customer (the second is -inf when x = 0)."""
    common = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    term1 = betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + t)
    with np.errstate(divide="ignore", invalid="ignore"):
        term2 = np.where(
            x > 0,
            betaln(a + 1, np.maximum(b + x - 1, 1e-300)) - betaln(a, b) - (r + x) * np.log(alpha + tx),
            -np.inf,
        )
    return common, term1, term2


def bgnbd_loglik(
    *, r: float, alpha: float, a: float, b: float, frequency: Any, recency: Any, T: Any
) -> np.ndarray:
    """Log-likelihood of each customer under the BG/NBD model (BG/NBD 对数似然).

    ``L = B(a, b+x)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+T)^(r+x))
    + [x > 0] B(a+1, b+x-1)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x))``
    (Fader, Hardie & Lee 2005a, eq. 6), computed in log space.

    Examples
    --------
    >>> bgnbd_loglik(r=1, alpha=1, a=1, b=1, frequency=[0], recency=[0], T=[1]).round(6)  # log(B(1,1)/B(1,1) · 1/2)
    array([-0.693147])
    """
    r, alpha, a, b = (_model_parameter(k, v) for k, v in (("r", r), ("alpha", alpha), ("a", a), ("b", b)))
    x, tx, t = _check_rft(frequency, recency, T)
    common, t1, t2 = _bgnbd_terms(r, alpha, a, b, x, tx, t)
    return common + np.logaddexp(t1, t2)


def _bgnbd_objective(log_params: np.ndarray, x, tx, t, w) -> tuple[float, np.ndarray]:
    """Negative log-likelihood and its gradient with respect to the log parameters."""
    r, alpha, a, b = np.exp(log_params)
    common, t1, t2 = _bgnbd_terms(r, alpha, a, b, x, tx, t)
    mix = np.logaddexp(t1, t2)
    ll = common + mix
    w1 = np.exp(t1 - mix)
    w2 = 1.0 - w1
    pos = x > 0
    bx1 = np.where(pos, b + x - 1, 1.0)
    d_ab = digamma(a + b)
    d_abx = digamma(a + b + x)
    d_r = digamma(r + x) - digamma(r) + np.log(alpha) - w1 * np.log(alpha + t) - w2 * np.log(alpha + tx)
    d_alpha = r / alpha - w1 * (r + x) / (alpha + t) - w2 * (r + x) / (alpha + tx)
    d_a = w1 * (d_ab - d_abx) + w2 * (digamma(a + 1) - d_abx - digamma(a) + d_ab)
    d_b = w1 * (digamma(b + x) - d_abx - digamma(b) + d_ab) + w2 * np.where(pos, digamma(bx1) - d_abx - digamma(b) + d_ab, 0.0)
    grad = np.array([np.dot(w, d_r) * r, np.dot(w, d_alpha) * alpha, np.dot(w, d_a) * a, np.dot(w, d_b) * b])
    return -float(np.dot(w, ll)), -grad


def _unique_rows(*columns: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    stacked = np.column_stack(columns)
    rows, counts = np.unique(stacked, axis=0, return_counts=True)
    return [rows[:, i] for i in range(rows.shape[1])], counts.astype(float)


@dataclass(frozen=True, repr=False)
class BGNBDFit(FittedModel):
    """A fitted BG/NBD model (BG/NBD 模型): how often customers buy, and how likely they are still "alive".

    While alive a customer makes repeat purchases at rate ``λ`` per unit of
    time; ``λ`` is Gamma(``r``, ``alpha``) across customers (mean ``r/alpha``).
    After each repeat purchase a customer drops out with probability ``p``;
    ``p`` is Beta(``a``, ``b``) across customers (mean ``a/(a+b)``).

    Attributes
    ----------
    r, alpha, a, b : float
        The model's parameters; ``alpha`` is in the time unit of the data.
    loglik : float
        The maximised log-likelihood.
    n_customers : int
        Customers in the data fitted.
    std_errors : tuple of float
        Standard errors of ``r, alpha, a, b`` (from the Hessian).
    converged : bool
        Whether the optimiser converged to a proper maximum (``False`` when
        the data cannot identify the model; ``note`` says why).
    note : str
        Why the fit did not converge (Chinese), ``""`` otherwise.

    ``params``, ``summary()`` and the checks of a fit built by hand (every
    parameter positive and finite) are shared with the other fitted models.
    """

    _PARAMETERS: ClassVar[tuple[str, ...]] = ("r", "alpha", "a", "b")
    _MODEL: ClassVar[str] = "BG/NBD"

    r: float
    alpha: float
    a: float
    b: float
    loglik: float
    n_customers: int
    std_errors: tuple[float, float, float, float] = (math.nan,) * 4
    converged: bool = True
    note: str = ""

    def __post_init__(self) -> None:
        self._check_fields()
        object.__setattr__(self, "n_customers", self._check_count("n_customers", self.n_customers, 1))

    @property
    def mean_purchase_rate(self) -> float:
        """Mean purchase rate of alive customers, ``r / alpha`` purchases per unit of time.

        Examples
        --------
        >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
        >>> fit.mean_purchase_rate  # 0.25 / 4
        0.0625
        """
        return self.r / self.alpha

    def purchases_per_year(self, time_unit: str | float) -> float:
        """:attr:`mean_purchase_rate` per year (365.25 days), given the time unit the model was fitted in.

        Examples
        --------
        >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
        >>> round(fit.purchases_per_year("W"), 3)  # fitted in weeks: 0.0625 · 365.25 / 7
        3.261
        """
        return self.mean_purchase_rate * 365.25 / _unit_days(time_unit)

    @property
    def mean_dropout(self) -> float:
        """Mean probability of dropping out after a purchase, ``a / (a + b)``.

        Examples
        --------
        >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
        >>> round(fit.mean_dropout, 4)  # 0.8 / 3.3
        0.2424
        """
        return self.a / (self.a + self.b)

    def expected_purchases(self, t: Any) -> np.ndarray:
        """``E[X(t)]``: expected repeat purchases in ``t`` units of time of a customer who just made a first purchase.

        ``(a+b-1)/(a-1) · [1 - (α/(α+t))^r 2F1(r, b; a+b-1; t/(α+t))]``
        (eq. 9), evaluated after two Pfaff transformations as a series that
        stays accurate for long horizons and at ``a = 1`` (the same evaluation
        as :meth:`conditional_expected_purchases` for ``x = 0``, ``T = 0``).

        Examples
        --------
        >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
        >>> fit.expected_purchases([0, 1, 52]).round(3)
        array([0.   , 0.06 , 1.588])
        """
        t = np.asarray(_nonneg("t", t), dtype=float)
        return _if_alive_expectation(self.r, self.a, self.b, 0.0, t / self.alpha)

    def conditional_expected_purchases(self, t: Any, frequency: Any, recency: Any, T: Any) -> np.ndarray:
        """Expected repeat purchases in the next ``t`` units of time of a customer with history ``(x, t_x, T)``.

        Fader, Hardie & Lee (2005a), eq. 10, multiplied by
        :meth:`probability_alive`. As printed, eq. 10 overflows for heavy
        buyers (a power that underflows times a hypergeometric function that
        overflows); it is evaluated after two Pfaff transformations, as a
        series whose parameters do not grow with ``x``, so that customers with
        thousands of repeat purchases and horizons of many times their age get
        finite, exact values (checked against 50-digit values).

        Examples
        --------
        >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
        >>> fit.conditional_expected_purchases(52, frequency=[0, 3, 3], recency=[0, 13, 38], T=[39, 39, 39]).round(2)
        array([0.26, 0.66, 2.57])
        """
        x, tx, big_t = _check_rft(frequency, recency, T)
        t = np.asarray(_nonneg("t", t), dtype=float)
        return self._if_alive(t, x, big_t) * self._alive(x, tx, big_t)

    def _if_alive(self, t, x, big_t) -> np.ndarray:
        """Expected repeat purchases in the next ``t`` of a customer known to be alive (broadcasts)."""
        return _if_alive_expectation(self.r, self.a, self.b, x, t / (self.alpha + big_t))

    def _alive(self, x, tx, t) -> np.ndarray:
        with np.errstate(divide="ignore"):
            log_odds = np.where(
                x > 0,
                np.log(self.a) - np.log(np.maximum(self.b + x - 1, 1e-300)) + (self.r + x) * (np.log(self.alpha + t) - np.log(self.alpha + tx)),
                -np.inf,
            )
        return expit(-log_odds)

    def probability_alive(self, frequency: Any, recency: Any, T: Any) -> np.ndarray:
        """``P(alive | x, t_x, T)``: the probability that a customer has not dropped out (存活概率).

        ``1 / (1 + [x > 0] a/(b+x-1) · ((α+T)/(α+t_x))^(r+x))`` (eq. 11): 1
        for a customer who has never made a repeat purchase (in this model one
        can only drop out right after a repeat purchase), and falling the
        longer a frequent buyer has been silent.

        Examples
        --------
        >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
        >>> fit.probability_alive(frequency=[0, 3, 3], recency=[0, 13, 38], T=[39, 39, 39]).round(3)
        array([1.   , 0.216, 0.839])
        """
        x, tx, t = _check_rft(frequency, recency, T)
        return self._alive(x, tx, t)

    def probability_of_purchases(self, x: Any, t: float) -> np.ndarray:
        """``P(X(t) = x)``: the probability that a new customer makes exactly ``x`` repeat purchases in ``t`` (eq. 8).

        Examples
        --------
        >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
        >>> fit.probability_of_purchases([0, 1, 2], t=39).round(3)
        array([0.552, 0.203, 0.089])
        """
        k = np.asarray(x, dtype=float)
        if np.any(k < 0) or np.any(k != np.round(k)):
            raise CrmlabInputError("x", "购买次数 x 必须是非负整数", "x must be non-negative whole numbers")
        t = check_number("t", t, low=0)
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        p = alpha / (alpha + t)
        first = np.exp(betaln(a, b + k) - betaln(a, b) + nbinom.logpmf(k, r, p))
        with np.errstate(divide="ignore", invalid="ignore"):
            second = np.where(
                k > 0,
                np.exp(betaln(a + 1, np.maximum(b + k - 1, 1e-300)) - betaln(a, b)) * nbinom.sf(k - 1, r, p),
                0.0,
            )
        return first + second

    def expected_frequency_counts(self, T: Any, max_frequency: int = 7) -> np.ndarray:
        """Expected number of customers with 0, 1, ..., ``max_frequency - 1`` and at least ``max_frequency`` repeat purchases.

        Each customer observed for their own ``T``: ``Σ_i P(X(T_i) = x)``.

        Examples
        --------
        >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
        >>> fit.expected_frequency_counts([39, 39, 39], max_frequency=2).round(2)  # 0, 1 and 2+ of 3 customers
        array([1.66, 0.61, 0.73])
        """
        m = int(check_number("max_frequency", max_frequency, low=1, integer=True))
        ages = _as_array("T", T)
        uniq, counts = np.unique(ages, return_counts=True)
        k = np.arange(m)
        table = np.array([self.probability_of_purchases(k, float(t)) for t in uniq])  # (unique T, m)
        expected = counts @ table
        return np.concatenate([expected, [len(ages) - expected.sum()]])


def _if_alive_expectation(r: float, a: float, b: float, x: Any, u: Any) -> np.ndarray:
    """Expected repeat purchases in the next ``t`` of a customer known to be alive, ``u = t / (alpha + T)``.

    Fader, Hardie & Lee (2005a), eq. 10 without ``P(alive)``:
    ``c/(a-1) · [1 - ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; c; t/(α+T+t))]`` with
    ``c = a+b+x-1``. As printed it overflows for heavy buyers (a power that
    underflows times a 2F1 that overflows). Two Pfaff transformations turn it
    into ``c/(a-1) · [1 - (1+u)^(1-a) 2F1(a+b-1-r, a-1; c; u/(1+u))]``, whose
    numerator parameters do not grow with ``x``; with the ``1/(a-1)`` divided
    out exactly this is

    ``c·log(1+u)·exprel(-(a-1)·log(1+u)) - (1+u)^(1-a) Σ_{n≥1} (A)_n (a)_(n-1) z^n / ((c+1)_(n-1) n!)``

    (``A = a+b-1-r``, ``z = u/(1+u)``), a series of terms of one sign (after
    the first few) that converges for every ``z < 1``, fastest for heavy buyers,
    and that has no singularity at ``a = 1``. It is summed in blocks until the
    tail is below 1e-17 of the sum. Light buyers (``c < 25``) with a horizon
    longer than ``α + T`` (``u > 1``), for whom it converges slowly, are left
    to scipy's ``hyp2f1``, which is accurate and fast there (small parameters;
    it uses the ``1 - z`` transformation), as are the rare elements for which
    the series has not converged after a few thousand terms.
    tests/test_btyd.py checks both against 50-digit mpmath values of eq. 10 as
    printed, for up to 10,000 repeat purchases and horizons up to 100 ``T``.
    """
    x, u = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(u, dtype=float))
    shape = x.shape
    x = x.ravel()
    u = u.ravel()
    c = a + b + x - 1
    log1pu = np.log1p(u)
    z = u / (1.0 + u)
    out = np.empty(len(x))
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        # light buyers and long horizons: the series converges slowly and scipy is accurate (and fast)
        light = (c < _LIGHT_C) & (u > 1) & (abs(a - 1) > 1e-3)  # near a = 1 the series avoids 1 - 2F1's cancellation
        out[light] = _hyp2f1_expectation(r, a, b, x[light], u[light])
        series = ~light | ~np.isfinite(out)  # scipy has no value at c = 0 (a + b = 1 and x = 0); the series has
        if series.any():
            cs, ls = c[series], log1pu[series]
            total, done = _pfaff_series(a + b - 1 - r, a, cs, z[series], max_terms=_SERIES_TERMS)
            values = cs * ls * exprel(-(a - 1) * ls) - np.exp(-(a - 1) * ls) * total
            slow = ~done
            if slow.any():  # parameters where the series converges slowly (e.g. a large b): scipy, else a longer series
                fallback = _hyp2f1_expectation(r, a, b, x[series][slow], u[series][slow])
                bad = ~np.isfinite(fallback)
                if bad.any():
                    more, _ = _pfaff_series(a + b - 1 - r, a, cs[slow][bad], z[series][slow][bad], max_terms=2**24)
                    lb = ls[slow][bad]
                    fallback[bad] = cs[slow][bad] * lb * exprel(-(a - 1) * lb) - np.exp(-(a - 1) * lb) * more
                values[slow] = fallback
            out[series] = values
    return out.reshape(shape) + 0.0  # + 0.0: no -0.0 at t = 0


#: Terms of the series in :func:`_if_alive_expectation` before scipy's ``hyp2f1`` takes over.
_SERIES_TERMS = 4096
#: Below this ``c = a + b + x - 1`` and for ``u > 1``, scipy's ``hyp2f1`` is used (checked against mpmath to 1e-10).
_LIGHT_C = 25.0


def _pfaff_series(A: float, a: float, c: np.ndarray, z: np.ndarray, *, max_terms: int) -> tuple[np.ndarray, np.ndarray]:
    """``Σ_{n≥1} (A)_n (a)_(n-1) z^n / ((c+1)_(n-1) n!)`` and whether it converged within ``max_terms`` terms.

    Summed in blocks of growing length (each block one ``cumprod`` of the term
    ratios), only for the elements that have not converged yet.
    """
    total = A * z  # the first term
    last = total.copy()
    done = np.zeros(len(z), dtype=bool)
    active = np.arange(len(z))
    n0, block = 1, 16
    while active.size and n0 < max_terms:
        n = n0 + np.arange(block, dtype=float)
        zc = z[active, None]
        ratio = (A + n) * (a + n - 1) * zc / ((c[active, None] + n) * (n + 1))
        terms = last[active, None] * np.cumprod(ratio, axis=1)
        total[active] += terms.sum(axis=1)
        last[active] = terms[:, -1]
        q = np.maximum(ratio[:, -1], zc[:, 0])  # the ratios tend to z: the tail is below last · q / (1 - q)
        ok = (q < 1) & (np.abs(last[active]) * q <= 1e-17 * (1 - q) * np.abs(total[active]))
        done[active[ok]] = True
        active = active[~ok]
        n0 += block
        block = min(2 * block, 4096)
    return total, done


def _hyp2f1_expectation(r: float, a: float, b: float, x: np.ndarray, u: np.ndarray) -> np.ndarray:
    """``c/(a-1) · (1 - 2F1(r+x, a-1; c; -u))`` by scipy, for light buyers and long horizons."""
    if abs(a - 1) < 5e-7:  # removable singularity: interpolate linearly between a = 1 ± 1e-6
        h = 1e-6
        low, high = _hyp2f1_expectation(r, 1 - h, b, x, u), _hyp2f1_expectation(r, 1 + h, b, x, u)
        return low + (a - 1 + h) / (2 * h) * (high - low)
    c = a + b + x - 1
    return c / (a - 1) * (1.0 - hyp2f1(r + x, a - 1, c, -u))


def _nonneg(name: str, t: Any) -> Any:
    values = np.asarray(t, dtype=float)
    if not np.all(np.isfinite(values)) or np.any(values < 0):
        raise CrmlabInputError(name, f"预测时长 {name} 必须是非负的有限数, 收到 {t!r}", f"{name} must be finite and non-negative")
    return values


def fit_bgnbd(frequency: Any, recency: Any, T: Any) -> BGNBDFit:
    """Fit the BG/NBD model by maximum likelihood (拟合 BG/NBD 模型).

    Parameters
    ----------
    frequency, recency, T : array-like
        From :func:`btyd_summary` (any one time unit; ``alpha`` comes out in it).

    Returns
    -------
    BGNBDFit

    Raises
    ------
    CrmlabInputError
        For empty, missing or negative values, fractional ``frequency``,
        ``recency > T``, or ``recency > 0`` with ``frequency = 0``.

    Notes
    -----
    Customers with the same ``(x, t_x, T)`` are fitted once with a weight;
    times are rescaled so that the largest ``T`` is 10 before optimising
    (L-BFGS-B on the log parameters with the analytic gradient, from three
    starting points), and ``alpha`` is scaled back.

    Examples
    --------
    The CDNOW sample of Fader, Hardie & Lee (2005a), in weeks:

    >>> from crmlab.datasets import load_cdnow_summary
    >>> s = load_cdnow_summary()
    >>> fit = fit_bgnbd(s["frequency"], s["recency"], s["T"])
    >>> [round(v, 3) for v in fit.params.values()], round(fit.loglik, 1)
    ([0.243, 4.414, 0.793, 2.426], -9582.4)
    """
    x, tx, t = _check_rft(frequency, recency, T)
    if len(x) < 2:
        raise CrmlabInputError(
            "frequency",
            "只有 1 位客户：BG/NBD 模型描述的是客户之间的差异，一位客户的数据无法估计它的 4 个参数（模型不可识别），请用全部客户拟合",
            "a single customer cannot identify the BG/NBD model's 4 parameters: fit it on all customers",
        )
    if not (x > 0).any():
        raise CrmlabInputError(
            "frequency",
            f"{_label('frequency')} 全为 0：没有任何客户重复购买，无法估计购买率和流失概率（模型不可识别）；"
            "请延长观察期，或检查 frequency 是否为重复购买次数",
            "nobody made a repeat purchase (frequency is 0 for everyone): the BG/NBD model cannot be identified",
        )
    scale = 10.0 / t.max()
    (ux, utx, ut), w = _unique_rows(x, tx * scale, t * scale)
    starts = [np.zeros(4), np.log([0.5, 1.0, 0.5, 2.0]), np.log([2.0, 5.0, 2.0, 5.0])]
    best, converged = maximise(_bgnbd_objective, starts, (ux, utx, ut, w))
    r, alpha_scaled, a, b = np.exp(best.x)
    errors = std_errors(lambda p: _bgnbd_objective(p, ux, utx, ut, w)[1], best.x)
    note = runaway_note(best, BGNBDFit._PARAMETERS, errors)  # both in the rescaled time unit
    errors[1] /= scale
    loglik = float(np.sum(bgnbd_loglik(r=r, alpha=alpha_scaled / scale, a=a, b=b, frequency=x, recency=tx, T=t)))
    return BGNBDFit(
        r=float(r), alpha=float(alpha_scaled / scale), a=float(a), b=float(b), loglik=loglik,
        n_customers=len(x), std_errors=tuple(float(e) for e in errors), converged=converged and not note,
        note=note or ("" if converged else "优化算法没有报告收敛。"),
    )  # fmt: skip


@renamed(customers="customers_count")
def simulate_bgnbd(*, r: float, alpha: float, a: float, b: float, T: Any, n_customers: int | None = None, seed: int) -> pd.DataFrame:
    """Customers simulated from the BG/NBD model (用 BG/NBD 模型模拟客户).

    Each customer draws a purchase rate ``λ ~ Gamma(r, alpha)`` and a dropout
    probability ``p ~ Beta(a, b)``, buys at the times of a Poisson process
    with rate ``λ`` and drops out after each repeat purchase with probability
    ``p``; they are observed for ``T`` units of time.

    Parameters
    ----------
    T : float or array-like
        Observation time of every customer (one number for all, or one each),
        at most :data:`crmlab._validation.MAX_DURATION`.
    n_customers : int, optional
        Number of customers when ``T`` is one number (at most
        :data:`crmlab._validation.MAX_CUSTOMERS`); with a list ``T``, leave it
        out or give the same number.
    seed : int
        Random seed.

    Returns
    -------
    DataFrame
        ``frequency``, ``recency``, ``T``, and the drawn ``rate``,
        ``dropout`` and ``alive`` (whether the customer is still alive at ``T``).

    Examples
    --------
    >>> sim = simulate_bgnbd(r=0.25, alpha=4.0, a=0.8, b=2.5, T=39, n_customers=3, seed=1)
    >>> list(sim.columns)
    ['frequency', 'recency', 'T', 'rate', 'dropout', 'alive']
    """
    r, alpha, a, b = (_model_parameter(k, v) for k, v in (("r", r), ("alpha", alpha), ("a", a), ("b", b)))
    rng = np.random.default_rng(int(check_number("seed", seed, low=0, integer=True)))
    if np.ndim(T) == 0:
        n = check_size("n_customers", n_customers, high=MAX_CUSTOMERS)
        ages = np.full(n, check_number("T", T, low=0, low_open=True, cap=MAX_DURATION))
    else:
        ages = _as_array("T", T)
        if np.any(ages <= 0) or np.any(ages > MAX_DURATION):
            raise CrmlabInputError("T", f"{_label('T')} 必须在 (0, {MAX_DURATION}] 内", f"T must be in (0, {MAX_DURATION}]")
        n = len(ages)
        if len(ages) > MAX_CUSTOMERS:
            raise CrmlabInputError("T", f"{_label('T')} 最多 {MAX_CUSTOMERS} 个客户", f"T has more than {MAX_CUSTOMERS} customers")
        if n_customers is not None and check_size("n_customers", n_customers, high=MAX_CUSTOMERS) != n:
            raise CrmlabInputError(
                "n_customers",
                f"n_customers={n_customers} 与 T 的长度 {n} 不符；T 是一列时每位客户一个值，不要再给 n_customers",
                f"n_customers={n_customers} disagrees with the {n} values of T; leave n_customers out when T is a list",
            )
    rate = rng.gamma(r, 1.0 / alpha, n)
    dropout = rng.beta(a, b, n)
    purchases = rng.poisson(rate * ages)  # repeat purchases if nobody ever dropped out
    survive = rng.geometric(np.clip(dropout, 1e-12, 1.0))  # the repeat purchase after which the customer drops out
    x = np.minimum(purchases, survive)
    # given n arrivals in [0, T], the x-th arrival time is T · Beta(x, n - x + 1)
    tx = np.zeros(n)
    some = x > 0
    tx[some] = ages[some] * rng.beta(x[some], purchases[some] - x[some] + 1)
    return pd.DataFrame(
        {"frequency": x.astype(float), "recency": tx, "T": ages, "rate": rate, "dropout": dropout, "alive": purchases < survive}
    )


# --------------------------------------------------------------- Gamma-Gamma


def _check_spend(frequency: Any, monetary_value: Any) -> tuple[np.ndarray, np.ndarray, pd.Index | None]:
    index = frequency.index if isinstance(frequency, pd.Series) else None
    x = _as_array("frequency", frequency)
    m = _as_array("monetary_value", monetary_value)
    if len(x) != len(m):
        raise CrmlabInputError(
            "monetary_value",
            f"frequency 和 monetary_value 的长度必须相同, 收到 {len(x)} 和 {len(m)}",
            f"frequency and monetary_value must have the same length, got {len(x)} and {len(m)}",
        )
    if np.any(x < 0) or np.any(x != np.round(x)):
        bad = (x < 0) | (x != np.round(x))
        raise CrmlabInputError("frequency", f"{_label('frequency')} 必须是非负整数: {_where(bad, index)}", "frequency must be non-negative whole numbers")
    if np.any(m < 0):
        raise CrmlabInputError("monetary_value", f"{_label('monetary_value')} 不能为负数: {_where(m < 0, index)}", "monetary_value cannot be negative")
    return x, m, index


def gamma_gamma_loglik(*, p: float, q: float, gamma: float, frequency: Any, monetary_value: Any) -> np.ndarray:
    """Log-likelihood of each repeat customer's mean spend under the Gamma-Gamma model (Gamma-Gamma 对数似然).

    The mean ``m`` of ``x`` purchases has density
    ``Γ(px+q) / (Γ(px) Γ(q)) · γ^q m^(px-1) x^(px) / (γ + m x)^(px+q)``
    (Fader, Hardie & Lee 2005b, appendix). Only customers with ``x > 0``.

    Examples
    --------
    >>> gamma_gamma_loglik(p=1, q=2, gamma=1, frequency=[1], monetary_value=[1.0]).round(6)  # log(2 · 1 / 2^3)
    array([-1.386294])
    """
    p, q, gamma = (_model_parameter(k, v) for k, v in (("p", p), ("q", q), ("gamma", gamma)))
    x, m, index = _check_spend(frequency, monetary_value)
    if np.any(x == 0):
        raise CrmlabInputError("frequency", "Gamma-Gamma 只用于有重复购买 (frequency > 0) 的客户", "only customers with frequency > 0")
    _check_positive_spend(m, index)
    return _gg_ll(p, q, gamma, x, m)


def _gg_ll(p, q, g, x, m):
    px = p * x
    return gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(g) + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * np.log(g + m * x)


def _gg_objective(log_params: np.ndarray, x, m, w) -> tuple[float, np.ndarray]:
    p, q, g = np.exp(log_params)
    px = p * x
    ll = _gg_ll(p, q, g, x, m)
    log_gmx = np.log(g + m * x)
    d_p = x * (digamma(px + q) - digamma(px) + np.log(m) + np.log(x) - log_gmx)
    d_q = digamma(px + q) - digamma(q) + np.log(g) - log_gmx
    d_g = q / g - (px + q) / (g + m * x)
    grad = np.array([np.dot(w, d_p) * p, np.dot(w, d_q) * q, np.dot(w, d_g) * g])
    return -float(np.dot(w, ll)), -grad


def _check_positive_spend(m: np.ndarray, index) -> None:
    zero = m <= 0
    if zero.any():
        raise CrmlabInputError(
            "monetary_value",
            f"有重复购买的客户, {_label('monetary_value')} 必须大于 0; 有的客户为 0 ({_where(zero, index)})。"
            f"请先决定如何处理金额为 0 的交易 (例如赠品), 再拟合",
            f"monetary_value must be positive for repeat customers ({int(zero.sum())} are 0)",
        )


@dataclass(frozen=True, repr=False)
class GammaGammaFit(FittedModel):
    """A fitted Gamma-Gamma spend model (Gamma-Gamma 消费金额模型).

    Each purchase of a customer is Gamma(``p``, ``ν``) distributed, so the
    customer's true mean spend is ``p/ν``; across customers ``ν`` is
    Gamma(``q``, ``gamma``). The population mean spend is ``p·gamma/(q-1)``.

    Attributes
    ----------
    p, q, gamma : float
        The parameters (``gamma`` in the currency of the data).
    loglik : float
        The maximised log-likelihood.
    n_customers : int
        Repeat customers fitted.
    n_excluded : int
        Customers without a repeat purchase, left out (they have no repeat spend).
    std_errors : tuple of float
        Standard errors of ``p, q, gamma``.
    converged : bool
        Whether the optimiser converged to a proper maximum.
    note : str
        Why the fit did not converge (Chinese), ``""`` otherwise.
    """

    _PARAMETERS: ClassVar[tuple[str, ...]] = ("p", "q", "gamma")
    _MODEL: ClassVar[str] = "Gamma-Gamma"

    p: float
    q: float
    gamma: float
    loglik: float
    n_customers: int
    n_excluded: int = 0
    std_errors: tuple[float, float, float] = (math.nan,) * 3
    converged: bool = True
    note: str = ""

    def __post_init__(self) -> None:
        self._check_fields()
        object.__setattr__(self, "n_customers", self._check_count("n_customers", self.n_customers, 1))
        object.__setattr__(self, "n_excluded", self._check_count("n_excluded", self.n_excluded, 0))

    @property
    def mean_spend(self) -> float:
        """Population mean spend per purchase, ``p·gamma/(q-1)`` (needs ``q > 1``).

        Examples
        --------
        >>> gg = GammaGammaFit(p=6.0, q=4.0, gamma=15.0, loglik=0.0, n_customers=1)
        >>> gg.mean_spend  # 6 · 15 / 3
        30.0
        """
        if self.q <= 1:
            raise CrmlabInputError("q", f"q = {fmt(self.q)} ≤ 1: 平均消费金额不存在 (分布尾部太厚)", "q <= 1: the mean spend does not exist")
        return self.p * self.gamma / (self.q - 1)

    def conditional_expected_spend(self, frequency: Any, monetary_value: Any) -> np.ndarray:
        """Expected spend per future purchase given ``x`` repeat purchases with mean ``m`` (预测客单价).

        ``(γ + m x) p / (p x + q - 1)``: a weighted average of the population
        mean (weight :meth:`population_weight`, ``(q-1)/(px+q-1)``) and the
        customer's own mean, which gets more weight the more purchases it
        rests on. Customers without a repeat purchase get the population mean.

        Examples
        --------
        >>> gg = GammaGammaFit(p=6.0, q=4.0, gamma=15.0, loglik=0.0, n_customers=1)
        >>> gg.conditional_expected_spend([0, 1, 10], [0.0, 50.0, 50.0]).round(2)  # 30 · 1/3 + 50 · 2/3 for x = 1
        array([30.  , 43.33, 49.05])
        """
        x, m, _ = _check_spend(frequency, monetary_value)
        weight = self.population_weight(x)
        own = np.divide(m * x, x, out=np.zeros(len(x)), where=x > 0)  # the customer's mean (0 when there is none)
        return weight * self.mean_spend + (1 - weight) * own

    def population_weight(self, frequency: Any) -> np.ndarray:
        """Weight of the population mean in :meth:`conditional_expected_spend`, ``(q-1) / (p x + q - 1)`` (1 for x = 0).

        Examples
        --------
        >>> gg = GammaGammaFit(p=6.0, q=4.0, gamma=15.0, loglik=0.0, n_customers=1)
        >>> gg.population_weight([0, 1, 10]).round(3)  # 3/3, 3/9, 3/63
        array([1.   , 0.333, 0.048])
        """
        x = np.asarray(_as_array("frequency", frequency))
        return (self.q - 1) / (self.p * x + self.q - 1)


def fit_gamma_gamma(frequency: Any, monetary_value: Any) -> GammaGammaFit:
    """Fit the Gamma-Gamma spend model by maximum likelihood (拟合 Gamma-Gamma 模型).

    Only customers with at least one repeat purchase carry information about
    repeat spend; the others are left out and counted in ``n_excluded``.

    Raises
    ------
    CrmlabInputError
        For empty, missing or negative values, a repeat customer with
        ``monetary_value`` 0, or fewer than two repeat customers.

    Examples
    --------
    The CDNOW sample (Fader, Hardie & Lee 2005b):

    >>> from crmlab.datasets import load_cdnow
    >>> t = load_cdnow("sample")
    >>> s = btyd_summary(t, as_of="1997-09-30", time_unit="W")
    >>> gg = fit_gamma_gamma(s["frequency"], s["monetary_value"])
    >>> [round(v, 2) for v in gg.params.values()], gg.n_customers, gg.n_excluded
    ([6.25, 3.74, 15.44], 946, 1411)
    """
    x, m, index = _check_spend(frequency, monetary_value)
    repeat = x > 0
    if repeat.sum() < 2:
        raise CrmlabInputError(
            "frequency", f"至少需要两位有重复购买的客户, 收到 {int(repeat.sum())} 位", "at least two repeat customers are needed"
        )
    _check_positive_spend(m[repeat], index[repeat] if index is not None else None)
    (ux, um), w = _unique_rows(x[repeat], m[repeat])
    scale = 10.0 / float(np.mean(m[repeat]))  # work in units where the mean spend is 10
    starts = [np.zeros(3), np.log([5.0, 3.0, 10.0]), np.log([2.0, 2.0, 3.0])]
    best, converged = maximise(_gg_objective, starts, (ux, um * scale, w))
    p, q, g_scaled = np.exp(best.x)
    errors = std_errors(lambda v: _gg_objective(v, ux, um * scale, w)[1], best.x)
    note = runaway_note(best, GammaGammaFit._PARAMETERS, errors)  # both in the rescaled currency
    errors[2] /= scale
    g = g_scaled / scale
    loglik = float(np.sum(_gg_ll(p, q, g, x[repeat], m[repeat])))
    return GammaGammaFit(
        p=float(p), q=float(q), gamma=float(g), loglik=loglik, n_customers=int(repeat.sum()),
        n_excluded=int((~repeat).sum()), std_errors=tuple(float(e) for e in errors), converged=converged and not note,
        note=note or ("" if converged else "优化算法没有报告收敛。"),
    )  # fmt: skip


def simulate_gamma_gamma(*, p: float, q: float, gamma: float, frequency: Any, seed: int) -> np.ndarray:
    """Mean spend of customers with the given numbers of purchases, simulated from the Gamma-Gamma model.

    Examples
    --------
    >>> simulate_gamma_gamma(p=6, q=4, gamma=15, frequency=[1, 2, 0], seed=1).shape
    (3,)
    """
    p, q, g = (_model_parameter(k, v) for k, v in (("p", p), ("q", q), ("gamma", gamma)))
    x = _as_array("frequency", frequency)
    if np.any(x < 0) or np.any(x > MAX_DURATION) or np.any(x != np.round(x)):
        raise CrmlabInputError(
            "frequency", f"{_label('frequency')} 必须是 0 到 {MAX_DURATION} 的整数", f"frequency must be whole numbers from 0 to {MAX_DURATION}"
        )
    rng = np.random.default_rng(int(check_number("seed", seed, low=0, integer=True)))
    nu = rng.gamma(q, 1.0 / g, len(x))
    out = np.zeros(len(x))
    some = x > 0
    # the mean of x Gamma(p, ν) purchases is Gamma(p·x, ν·x)
    out[some] = rng.gamma(p * x[some], 1.0 / (nu[some] * x[some]))
    return out


@dataclass(frozen=True)
class SpendCorrelation:
    """The check of the Gamma-Gamma assumption that spend does not depend on purchase frequency (独立性检验).

    Attributes
    ----------
    correlation : float
        Pearson correlation of ``frequency`` and ``monetary_value`` among repeat customers.
    p_value : float
        Two-sided p-value of zero correlation.
    n_customers : int
        Repeat customers used.
    """

    correlation: float
    p_value: float
    n_customers: int

    @property
    def acceptable(self) -> bool:
        """True when the correlation is weak (|r| < 0.3), the usual rule for using the model.

        Examples
        --------
        >>> SpendCorrelation(correlation=0.05, p_value=0.2, n_customers=946).acceptable
        True
        """
        return abs(self.correlation) < 0.3

    @property
    def verdict(self) -> str:
        """A sentence in Chinese saying whether the assumption looks acceptable.

        Examples
        --------
        >>> "近似独立" in SpendCorrelation(correlation=0.05, p_value=0.2, n_customers=946).verdict
        True
        """
        strength = "很弱" if abs(self.correlation) < 0.1 else "较弱" if abs(self.correlation) < 0.3 else "明显"
        text = f"{self.n_customers:,} 位重复购买客户中, 购买次数与平均金额的相关系数为 {self.correlation:.3f} ({strength})"
        if self.acceptable:
            return text + "; 可以认为二者近似独立, Gamma-Gamma 模型的前提基本成立。"
        return text + "; 独立性假设不成立, Gamma-Gamma 的预测会有偏差, 应按购买次数分组建模或换用其他模型。"


def spend_frequency_correlation(frequency: Any, monetary_value: Any) -> SpendCorrelation:
    """Correlation of purchase frequency and mean spend among repeat customers (检验独立性假设).

    Examples
    --------
    >>> c = spend_frequency_correlation([1, 2, 3, 0], [10.0, 12.0, 11.0, 0.0])
    >>> round(c.correlation, 3), c.n_customers
    (0.5, 3)
    """
    x, m, _ = _check_spend(frequency, monetary_value)
    repeat = x > 0
    if repeat.sum() < 3:
        raise CrmlabInputError("frequency", "至少需要三位有重复购买的客户才能计算相关系数", "at least three repeat customers are needed")
    if np.ptp(x[repeat]) == 0 or np.ptp(m[repeat]) == 0:
        raise CrmlabInputError(
            "frequency", "重复购买次数或平均金额全部相同, 相关系数没有定义", "frequency or monetary_value is constant: no correlation"
        )
    result = pearsonr(x[repeat], m[repeat])
    return SpendCorrelation(correlation=float(result.statistic), p_value=float(result.pvalue), n_customers=int(repeat.sum()))


# ----------------------------------------------------------------------- CLV


def _unit_days(time_unit: Any) -> float:
    if isinstance(time_unit, str):
        return TIME_UNITS[check_choice("time_unit", time_unit, list(TIME_UNITS))]
    return check_number("time_unit", time_unit, low=0, low_open=True)


def _summary_unit(summary: pd.DataFrame, time_unit: Any) -> float:
    """Days in ``time_unit``, refused when the summary records a different unit (``attrs["unit_days"]``)."""
    unit = _unit_days(time_unit)
    recorded = summary.attrs.get("unit_days")
    if recorded is not None and not math.isclose(recorded, unit, rel_tol=1e-9):
        raise CrmlabInputError(
            "time_unit",
            f"时间单位不一致: summary 的时间单位是 {_unit_text(recorded)} ({fmt(round(recorded, 4))} 天), "
            f"但 time_unit 是 {_unit_text(unit)} ({fmt(round(unit, 4))} 天)",
            f"time_unit ({fmt(round(unit, 4))} days) disagrees with the summary's unit ({fmt(round(recorded, 4))} days)",
        )
    return unit


def _history_columns(summary: Any) -> list[str]:
    """The columns ``frequency, recency, T, monetary_value`` of a summary, or their ``_cal`` versions."""
    check_frame(summary, "summary", [])
    suffix = "_cal" if "frequency" not in summary.columns and "frequency_cal" in summary.columns else ""
    cols = [f"{c}{suffix}" for c in ("frequency", "recency", "T", "monetary_value")]
    missing = [c for c in cols if c not in summary.columns]
    if missing:
        raise CrmlabInputError(
            missing[0],
            f"summary 缺少列 {', '.join(missing)} (现有列: {', '.join(map(str, summary.columns))}); "
            f"请传入 btyd_summary 或 calibration_holdout 的结果",
            f"summary has no column {', '.join(missing)}: pass the result of btyd_summary or calibration_holdout",
        )
    return cols


def customer_lifetime_value(
    summary: pd.DataFrame,
    *,
    bgnbd: BGNBDFit,
    gamma_gamma: GammaGammaFit,
    time_unit: str | float,
    horizon: float,
    discount_rate: float,
    margin: float = 1.0,
    steps_per_year: int = 12,
) -> pd.DataFrame:
    """Discounted future value of each customer from BG/NBD and Gamma-Gamma (预测型客户终生价值).

    The horizon is cut into ``steps_per_year`` steps a year (months by
    default; a last step may be shorter). In step ``k`` a customer is expected to make
    ``E[Y(t_k)] - E[Y(t_{k-1})]`` purchases (BG/NBD, given their history),
    each worth ``margin`` times their expected spend (Gamma-Gamma); the
    step's value is discounted to today at the annual ``discount_rate``:
    ``CLV = Σ_k margin · spend · ΔE[Y]_k / (1 + d)^(k / steps_per_year)``.

    The time unit is explicit: ``time_unit`` says what one unit of the
    summary's ``recency`` and ``T`` (and so of the fitted ``alpha``) is, in
    which ``horizon`` in years is converted (a year is 365.25 days). Getting
    it wrong is a classic error: treating weekly data as daily stretches a
    one-year horizon to seven years.

    Parameters
    ----------
    summary : DataFrame
        ``frequency``, ``recency``, ``T``, ``monetary_value`` per customer
        (from :func:`btyd_summary`; columns ending in ``_cal`` from
        :func:`calibration_holdout` are accepted too).
    bgnbd, gamma_gamma : BGNBDFit, GammaGammaFit
        The fitted models.
    time_unit : {"D", "W", "M"} or float
        Unit of ``recency``/``T``: day, week, month, or a number of days. If
        the summary records its unit (``attrs["unit_days"]``) they must agree.
    horizon : float
        Years ahead (a last step may be shorter, e.g. 0.75 years of 39 weeks).
    discount_rate : float
        Annual discount rate.
    margin : float
        Share of spend that is profit (1 = value in revenue).
    steps_per_year : int
        Discounting steps per year.

    Returns
    -------
    DataFrame
        Indexed like ``summary``: ``probability_alive``,
        ``expected_purchases`` (over the horizon, undiscounted),
        ``expected_spend`` (per purchase) and ``clv``.

    Examples
    --------
    >>> bg = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
    >>> gg = GammaGammaFit(p=6.0, q=4.0, gamma=15.0, loglik=0.0, n_customers=1)
    >>> s = pd.DataFrame({"frequency": [2.0], "recency": [30.0], "T": [39.0], "monetary_value": [25.0]})
    >>> out = customer_lifetime_value(s, bgnbd=bg, gamma_gamma=gg, time_unit="W", horizon=1, discount_rate=0.1)
    >>> out.round(2).values.tolist()
    [[0.72, 1.56, 26.0, 38.77]]
    """
    cols = _history_columns(summary)
    if not isinstance(bgnbd, BGNBDFit):
        raise CrmlabTypeError("bgnbd", "bgnbd 必须是 fit_bgnbd 的结果", "bgnbd must be a BGNBDFit")
    if not isinstance(gamma_gamma, GammaGammaFit):
        raise CrmlabTypeError("gamma_gamma", "gamma_gamma 必须是 fit_gamma_gamma 的结果", "gamma_gamma must be a GammaGammaFit")
    unit = _summary_unit(summary, time_unit)
    years = check_number("horizon", horizon, low=0, low_open=True, cap=MAX_PERIODS)
    d = check_rate("discount_rate", discount_rate)
    mg = check_rate("margin", margin)
    per_year = int(check_number("steps_per_year", steps_per_year, low=1, integer=True, cap=MAX_PERIODS))
    if years * per_year > MAX_PERIODS:
        raise CrmlabInputError(
            "steps_per_year",
            f"horizon × steps_per_year = {fmt(years * per_year)} 步，超过 {MAX_PERIODS}（MAX_PERIODS）",
            f"horizon × steps_per_year = {fmt(years * per_year)} steps, more than {MAX_PERIODS} (MAX_PERIODS)",
        )
    full = int(math.floor(years * per_year + 1e-9))
    step_years = np.arange(1, full + 1) / per_year
    if years - full / per_year > 1e-9:  # a last, shorter step up to the horizon
        step_years = np.append(step_years, years)
    t = step_years * 365.25 / unit  # end of each step in the model's time unit
    x, tx, big_t = _check_rft(summary[cols[0]], summary[cols[1]], summary[cols[2]])
    if len(x) * len(t) > MAX_CELLS:
        raise CrmlabInputError(
            "steps_per_year",
            f"{len(x)} 位客户 × {len(t)} 步超过 {MAX_CELLS} 个格子（MAX_CELLS）；请减小 steps_per_year 或 horizon，或分批计算",
            f"{len(x)} customers x {len(t)} steps is more than {MAX_CELLS} cells (MAX_CELLS); use fewer steps or batches",
        )
    spend = gamma_gamma.conditional_expected_spend(summary[cols[0]], summary[cols[3]])
    cumulative = _conditional_grid(bgnbd, t, x, tx, big_t)  # (customers, steps)
    increments = np.diff(np.concatenate([np.zeros((len(x), 1)), cumulative], axis=1), axis=1)
    discount = (1.0 + d) ** (-step_years)
    return pd.DataFrame(
        {
            "probability_alive": bgnbd._alive(x, tx, big_t),
            "expected_purchases": cumulative[:, -1],
            "expected_spend": spend,
            "clv": mg * spend * (increments @ discount),
        },
        index=summary.index,
    )


def _conditional_grid(fit: BGNBDFit, t: np.ndarray, x, tx, big_t) -> np.ndarray:
    """Conditional expected purchases for every customer (rows) at every time in ``t`` (columns)."""
    (ux, utx, ut), _ = _unique_rows(x, tx, big_t)
    values = fit._if_alive(t[None, :], ux[:, None], ut[:, None]) * fit._alive(ux, utx, ut)[:, None]
    lookup = pd.MultiIndex.from_arrays([ux, utx, ut]).get_indexer(pd.MultiIndex.from_arrays([x, tx, big_t]))
    return values[lookup]


def run_rate_forecast(
    frequency: Any, recency: Any, T: Any, monetary_value: Any, *, duration: float, churn_rate: float = 0.0, period_length: float = 52.0
) -> np.ndarray:
    """The naive forecast the simple CLV formula implies: everyone keeps buying at their past rate (按历史速率外推).

    ``frequency / T · duration · monetary_value``, times an average survival
    over ``duration`` when a constant ``churn_rate`` per ``period_length``
    units of time (a year of weeks by default) is applied, as in chapter 5.
    It ignores that a customer who has been silent for long has probably
    left: the comparison point for BG/NBD.

    Examples
    --------
    >>> run_rate_forecast([2], [30], [40], [25.0], duration=39).round(2)
    array([48.75])
    """
    x, tx, t = _check_rft(frequency, recency, T)
    _, m, _ = _check_spend(frequency, monetary_value)
    length = check_number("duration", duration, low=0, low_open=True)
    c = check_rate("churn_rate", churn_rate)
    per = check_number("period_length", period_length, low=0, low_open=True)
    rate = np.divide(x, t, out=np.zeros(len(x)), where=t > 0)
    if c == 0:
        survival = 1.0
    else:
        hazard = -math.log(1 - c) / per  # continuous churn with the same yearly rate
        survival = (1 - math.exp(-hazard * length)) / (hazard * length)  # average survival over the window
    return rate * length * m * survival


def simple_clv(
    summary: pd.DataFrame,
    *,
    time_unit: str | float,
    churn_rate: float,
    discount_rate: float,
    horizon: int | None = 5,
    margin: float = 1.0,
) -> pd.DataFrame:
    """The chapter-5 formula applied to every customer alike (教材公式的客户终生价值).

    Each customer's yearly revenue is their past repeat-purchase rate times
    their mean repeat spend, ``frequency / T · (units per year) ·
    monetary_value``; it is multiplied by ``margin`` and by the discounted
    number of future years of :func:`crmlab.clv.discounted_lifetime` with one
    ``churn_rate`` for everybody. The formula cannot tell a customer who
    bought last week from one who has been silent for months.

    Returns
    -------
    DataFrame
        Indexed like ``summary``: ``annual_revenue`` and ``clv``.

    Examples
    --------
    >>> s = pd.DataFrame({"frequency": [2.0, 2.0], "recency": [38.0, 4.0], "T": [39.0, 39.0], "monetary_value": [20.0, 20.0]})
    >>> simple_clv(s, time_unit="W", churn_rate=0.2, discount_rate=0.1).round(1).values.tolist()  # same value for both
    [[53.5, 113.7], [53.5, 113.7]]
    """
    from .clv import discounted_lifetime

    cols = _history_columns(summary)
    unit = _summary_unit(summary, time_unit)
    mg = check_rate("margin", margin)
    x, _, t = _check_rft(summary[cols[0]], summary[cols[1]], summary[cols[2]])
    _, m, _ = _check_spend(summary[cols[0]], summary[cols[3]])
    annual = np.divide(x, t, out=np.zeros(len(x)), where=t > 0) * (365.25 / unit) * m
    years = discounted_lifetime(churn_rate=churn_rate, discount_rate=discount_rate, horizon=horizon)
    return pd.DataFrame({"annual_revenue": annual, "clv": mg * annual * years}, index=summary.index)


def compare_forecasts(actual: Any, forecasts: dict[str, Any]) -> pd.DataFrame:
    """How well each forecast of per-customer values matches what happened (预测准确度比较).

    Parameters
    ----------
    actual : array-like
        What each customer actually did (e.g. holdout spend).
    forecasts : dict
        Name -> forecast per customer, in the same order.

    Returns
    -------
    DataFrame
        One row per forecast: ``total`` predicted (and the actual total in
        ``actual_total``), ``total_error`` (predicted / actual - 1),
        ``mae`` (mean absolute error per customer) and ``correlation``.

    Examples
    --------
    >>> compare_forecasts([0, 10, 20], {"a": [0, 10, 20], "b": [5, 5, 5]})[["total", "mae"]].values.tolist()
    [[30.0, 0.0], [15.0, 8.333333333333334]]
    """
    y = _as_array("actual", actual)
    if not isinstance(forecasts, Mapping) or not forecasts:
        raise CrmlabTypeError("forecasts", "forecasts 必须是 {名称: 每位客户的预测} 的字典", "forecasts must be a non-empty dict name -> forecast")
    rows = []
    for name, values in forecasts.items():
        f = _as_array(name, values)
        if len(f) != len(y):
            raise CrmlabInputError(name, f"预测 {name} 的长度 {len(f)} 与 actual 的长度 {len(y)} 不同", f"forecast {name} has length {len(f)}, actual {len(y)}")
        corr = float(np.corrcoef(y, f)[0, 1]) if np.ptp(f) > 0 and np.ptp(y) > 0 else math.nan
        rows.append(
            {"forecast": name, "total": float(f.sum()), "actual_total": float(y.sum()),
             "total_error": float(f.sum() / y.sum() - 1) if y.sum() else math.nan,
             "mae": float(np.mean(np.abs(f - y))), "correlation": corr}  # fmt: skip
        )
    return pd.DataFrame(rows).set_index("forecast")


def segment_comparison(segments: pd.Series, values: pd.DataFrame) -> pd.DataFrame:
    """Customers and the mean of each column of ``values`` per segment (按细分比较).

    ``segments`` and ``values`` are matched on their index (customer);
    customers in only one of them are reported in ``attrs["unmatched"]``.

    Examples
    --------
    >>> seg = pd.Series(["A", "B", "A"], index=[1, 2, 3])
    >>> segment_comparison(seg, pd.DataFrame({"clv": [10.0, 2.0, 20.0]}, index=[1, 2, 3]))
             customers   clv
    segment
    A                2  15.0
    B                1   2.0
    """
    if not isinstance(segments, pd.Series):
        raise CrmlabTypeError("segments", "segments 必须是以客户为索引的一列细分标签", "segments must be a Series indexed by customer")
    check_frame(values, "values", [])
    if segments.isna().any():
        n = int(segments.isna().sum())
        raise CrmlabInputError("segments", f"segments 有 {n} 位客户没有细分标签；请先补上或删除", f"segments has {n} missing label(s)")
    for column in values.columns:
        check_numbers(str(column), values[column], low=-1e300, high=1e300)
    if not segments.index.is_unique or not values.index.is_unique:
        raise CrmlabInputError("segments", "segments 和 values 的索引（客户）不能有重复", "segments and values need unique customer indexes")
    frame = values
    common = segments.index.intersection(frame.index)
    if len(common) == 0:
        raise CrmlabInputError("segments", "segments 与 values 没有共同的客户 (索引)", "segments and values share no customer")
    joined = frame.loc[common].assign(segment=segments.loc[common].array)  # .array keeps a categorical's order
    out = joined.groupby("segment", sort=True, observed=True).agg(customers=("segment", "size"), **{c: (c, "mean") for c in frame.columns})
    out.attrs["unmatched"] = int(len(segments) + len(frame) - 2 * len(common))
    return out


@dataclass(frozen=True)
class CustomerForecast:
    """What BG/NBD says about one customer (单个客户的预测).

    Attributes
    ----------
    frequency, recency, T : float
        The customer's history.
    t : float
        Forecast length, in the same time unit.
    probability_alive : float
        ``P(alive | x, t_x, T)``.
    expected_purchases : float
        Expected repeat purchases in the next ``t``.
    if_alive : float
        Expected purchases in the next ``t`` if the customer is certainly alive.
    """

    frequency: float
    recency: float
    T: float
    t: float
    probability_alive: float
    expected_purchases: float
    if_alive: float


def customer_forecast(fit: BGNBDFit, *, frequency: float, recency: float, T: float, t: float) -> CustomerForecast:
    """Probability alive and expected purchases of one customer (单个客户的存活概率与预测购买).

    Examples
    --------
    >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
    >>> f = customer_forecast(fit, frequency=3, recency=13, T=39, t=52)
    >>> round(f.probability_alive, 3), round(f.expected_purchases, 2), round(f.if_alive, 2)
    (0.216, 0.66, 3.06)
    """
    if not isinstance(fit, BGNBDFit):
        raise CrmlabTypeError("fit", "fit 必须是 fit_bgnbd 的结果", "fit must be a BGNBDFit")
    horizon = check_number("t", t, low=0)
    x, tx, age = _check_rft([check_number("frequency", frequency)], [check_number("recency", recency)], [check_number("T", T)])
    alive = float(fit._alive(x, tx, age)[0])
    if_alive = float(fit._if_alive(horizon, x, age)[0])
    return CustomerForecast(
        frequency=float(x[0]), recency=float(tx[0]), T=float(age[0]), t=horizon, probability_alive=alive,
        expected_purchases=alive * if_alive, if_alive=if_alive,
    )  # fmt: skip


# ---------------------------------------------------------------- diagnostics


def _check_fit(fit: Any) -> None:
    if not isinstance(fit, BGNBDFit):
        raise CrmlabTypeError("fit", f"fit 必须是 fit_bgnbd 的结果（BGNBDFit），收到 {type(fit).__name__}", f"fit must be a BGNBDFit, got {type(fit).__name__}")


def frequency_histogram(fit: BGNBDFit, frequency: Any, T: Any, *, max_frequency: int = 7) -> pd.DataFrame:
    """Observed vs expected number of customers by repeat purchases in the calibration period (拟合优度).

    Returns
    -------
    DataFrame
        ``frequency`` ("0", "1", ..., "7+"), ``actual``, ``expected``.

    Examples
    --------
    >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=3)
    >>> frequency_histogram(fit, [0, 1, 3], [39, 39, 39], max_frequency=2)["actual"].tolist()
    [1, 1, 1]
    """
    _check_fit(fit)
    m = check_size("max_frequency", max_frequency, high=MAX_FREQUENCY)
    x = _as_array("frequency", frequency)
    ages = _as_array("T", T)
    if len(ages) != len(x):
        raise CrmlabInputError("T", f"frequency 和 T 的长度必须相同，收到 {len(x)} 和 {len(ages)}", f"frequency and T must have the same length, got {len(x)} and {len(ages)}")
    if np.any(x < 0) or np.any(x != np.round(x)):
        raise CrmlabInputError("frequency", f"{_label('frequency')} 必须是非负整数", "frequency must be non-negative whole numbers")
    if np.any(ages <= 0) or np.any(ages > MAX_DURATION):
        raise CrmlabInputError("T", f"{_label('T')} 必须在 (0, {MAX_DURATION}] 内", f"T must be in (0, {MAX_DURATION}]")
    expected = fit.expected_frequency_counts(T, m)
    actual = np.bincount(np.minimum(x.astype(int), m), minlength=m + 1)
    labels = [str(i) for i in range(m)] + [f"{m}+"]
    return pd.DataFrame({"frequency": labels, "actual": actual, "expected": expected})


def holdout_by_frequency(fit: BGNBDFit, holdout: pd.DataFrame, *, max_frequency: int = 7) -> pd.DataFrame:
    """Actual vs predicted holdout purchases, by calibration frequency (条件期望检验).

    For customers grouped by the number of repeat purchases they made in the
    calibration period, the mean number they made in the holdout period and
    the mean BG/NBD predicted given their history (Fader, Hardie & Lee 2005a, Figure 4).

    Parameters
    ----------
    holdout : DataFrame
        From :func:`calibration_holdout`.

    Returns
    -------
    DataFrame
        ``frequency_cal`` ("0", ..., "7+"), ``customers``, ``actual``, ``predicted``.

    Examples
    --------
    >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=3)
    >>> h = pd.DataFrame({"frequency_cal": [0, 1, 3], "recency_cal": [0, 10, 30], "T_cal": [39, 39, 39],
    ...                   "frequency_holdout": [0, 1, 2], "duration_holdout": [39, 39, 39]})
    >>> holdout_by_frequency(fit, h, max_frequency=2).round(2)
      frequency_cal  customers  actual  predicted
    0             0          1     0.0       0.20
    1             1          1     1.0       0.42
    2            2+          1     2.0       1.75
    """
    _check_fit(fit)
    m = check_size("max_frequency", max_frequency, high=MAX_FREQUENCY)
    cols = ["frequency_cal", "recency_cal", "T_cal", "frequency_holdout", "duration_holdout"]
    check_frame(holdout, "holdout", cols)
    for column in cols:
        check_numbers(column, holdout[column], low=0, high=MAX_DURATION)
    ch = holdout
    predicted = fit.conditional_expected_purchases(ch["duration_holdout"].to_numpy(), ch["frequency_cal"], ch["recency_cal"], ch["T_cal"])
    group = np.minimum(ch["frequency_cal"].to_numpy().astype(int), m)
    frame = pd.DataFrame({"group": group, "actual": ch["frequency_holdout"].to_numpy(), "predicted": predicted})
    out = frame.groupby("group").agg(customers=("actual", "size"), actual=("actual", "mean"), predicted=("predicted", "mean"))
    out = out.reindex(range(m + 1))
    out.insert(0, "frequency_cal", [str(i) for i in range(m)] + [f"{m}+"])
    out["customers"] = out["customers"].fillna(0).astype(int)
    return out.reset_index(drop=True)


@renamed(freq="freq")
def tracking_table(
    transactions: pd.DataFrame,
    fit: BGNBDFit,
    *,
    time_unit: str | float,
    calibration_end: Any,
    customer: str = "customer_id",
    date: str = "date",
    period: str = "D",
    step: str = "W",
) -> pd.DataFrame:
    """Actual vs expected repeat purchases of the whole cohort over calendar time (跟踪图数据).

    Each customer enters at their first purchase; from then on the model
    expects ``E[X(τ - s_i)]`` repeat purchases by time ``τ``. Summed over
    customers this gives the expected cumulative curve, to compare with the
    actual count of repeat purchase periods (``period``, as in the summary the
    model was fitted on) at the end of each ``step``: 7-day weeks counted from
    the first day of the data (``"W"``), or calendar months (``"M"``); a last
    step may be shorter.

    Returns
    -------
    DataFrame
        ``end`` (last day of each step, included), ``actual``, ``expected``
        (both per step), ``actual_cumulative``, ``expected_cumulative`` and
        ``calibration`` (whether the step ends on or before ``calibration_end``).

    Examples
    --------
    Two customers; the repeat purchases fall on 9 and 10 January (week 2) and on 20 January,
    the last, shorter step:

    >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=2)
    >>> t = pd.DataFrame({"customer_id": [1, 1, 2, 2, 2],
    ...                   "date": ["2024-01-01", "2024-01-10", "2024-01-03", "2024-01-09", "2024-01-20"]})
    >>> tr = tracking_table(t, fit, time_unit="W", calibration_end="2024-01-14")
    >>> tr["end"].dt.day.tolist(), tr["actual"].tolist(), tr["calibration"].tolist()
    ([7, 14, 20], [0, 2, 1], [True, True, False])
    >>> tr["expected_cumulative"].round(3).tolist()
    [0.087, 0.202, 0.295]
    """
    _check_fit(fit)
    f = check_choice("period", period, list(TIME_UNITS))
    s = check_choice("step", step, ["W", "M"])
    unit = _unit_days(time_unit)
    checked = _prepare(transactions, customer, date, None)
    dates = checked[date]
    cal_end = check_as_of(calibration_end, dates, name="calibration_end")
    codes, _ = pd.factorize(checked[customer])
    periods = _period_index(dates, f)
    frame = pd.DataFrame({"c": codes, "p": periods, "d": dates.dt.normalize().to_numpy()}).drop_duplicates(["c", "p"])
    frame = frame.sort_values(["c", "p"], kind="stable")
    first_rows = ~frame["c"].duplicated()
    first_day = frame.loc[first_rows, "d"]
    repeats = frame.loc[~first_rows, "d"]
    start = dates.min().normalize()
    last = dates.max().normalize()
    if s == "W":  # 7-day weeks counted from the first day of the data, as Fader, Hardie & Lee's 78 CDNOW weeks
        n_steps = int(math.ceil(((last - start).days + 1) / 7))
        ends = pd.DatetimeIndex(start + pd.to_timedelta(7 * np.arange(1, n_steps + 1) - 1, unit="D"))
    else:
        ends = pd.date_range(pd.offsets.MonthEnd().rollforward(start), pd.offsets.MonthEnd().rollforward(last), freq="ME")
    if ends[-1] > last:  # a last, shorter step ends with the data
        ends = ends[:-1].append(pd.DatetimeIndex([last]))
    actual_cum = np.searchsorted(np.sort(repeats.to_numpy()), ends.to_numpy(), side="right")
    entry_days, entry_counts = np.unique(first_day.to_numpy(), return_counts=True)
    # model time from each first purchase to the end of each step, counted as T is in btyd_summary
    elapsed = (ends.to_numpy()[:, None] - entry_days[None, :]) / np.timedelta64(1, "D") / unit
    # purchases on the first day are the first purchase; repeat purchases can happen from the next period on
    expected_cum = (np.where(elapsed > 0, fit.expected_purchases(np.clip(elapsed, 0, None)), 0.0) * entry_counts).sum(axis=1)
    return pd.DataFrame(
        {
            "end": ends,
            "actual": np.diff(np.concatenate([[0], actual_cum])),
            "expected": np.diff(np.concatenate([[0.0], expected_cum])),
            "actual_cumulative": actual_cum,
            "expected_cumulative": expected_cum,
            "calibration": ends <= cal_end,
        }
    )


def tracking_totals(tracking: pd.DataFrame) -> pd.DataFrame:
    """Actual and expected repeat purchases summed over the calibration and the holdout period (跟踪总量).

    Parameters
    ----------
    tracking : DataFrame
        From :func:`tracking_table`.

    Returns
    -------
    DataFrame
        Index ``calibration``, ``holdout``; columns ``actual``, ``expected``
        and ``error`` (expected / actual - 1; NaN for a period without purchases).

    Examples
    --------
    >>> t = pd.DataFrame({"actual": [10, 20], "expected": [11.0, 15.0], "calibration": [True, False]})
    >>> tracking_totals(t)["error"].round(2).tolist()
    [0.1, -0.25]
    """
    check_frame(tracking, "tracking", ["actual", "expected", "calibration"])
    check_numbers("actual", tracking["actual"], low=0)
    check_numbers("expected", tracking["expected"], low=0)
    flag = check_flags("calibration", tracking["calibration"]).to_numpy()
    rows = {name: tracking.loc[mask, ["actual", "expected"]].sum() for name, mask in (("calibration", flag), ("holdout", ~flag))}
    out = pd.DataFrame(rows).T.astype(float)
    out["error"] = np.divide(out["expected"] - out["actual"], out["actual"], out=np.full(2, np.nan), where=out["actual"].to_numpy() > 0)
    return out


def frequency_recency_matrix(
    fit: BGNBDFit,
    *,
    T: float,
    kind: str = "purchases",
    t: float = 1.0,
    max_frequency: int | None = None,
    recency_points: int = 40,
) -> pd.DataFrame:
    """Expected purchases (or probability alive) for every combination of frequency and recency (频次-近度矩阵).

    All customers have the same age ``T``. Rows are ``frequency`` 0 ..
    ``max_frequency``; columns are ``recency`` from 0 to ``T``. The cell for
    ``frequency = 0`` and ``recency > 0`` cannot occur and is NaN.

    Parameters
    ----------
    kind : {"purchases", "alive"}
        Conditional expected purchases in the next ``t`` units of time, or
        the probability of being alive.

    Examples
    --------
    >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
    >>> m = frequency_recency_matrix(fit, T=39, kind="alive", max_frequency=3, recency_points=4)
    >>> m.round(2).loc[3].tolist()  # a customer with 3 repeat purchases, last one at recency 0, 13, 26, 39
    [0.0, 0.22, 0.64, 0.85]
    """
    _check_fit(fit)
    check_choice("kind", kind, ["purchases", "alive"])
    age = check_number("T", T, low=0, low_open=True, cap=MAX_DURATION)
    horizon = check_number("t", t, low=0, low_open=True, cap=MAX_DURATION)
    top = check_size("max_frequency", max_frequency, high=MAX_FREQUENCY) if max_frequency is not None else None
    if top is None:
        top = min(MAX_FREQUENCY, max(10, int(math.ceil(fit.mean_purchase_rate * age * 3))))
    points = check_size("recency_points", recency_points, low=2, high=MAX_FREQUENCY)
    if (top + 1) * points > MAX_CELLS:
        raise CrmlabInputError(
            "recency_points",
            f"矩阵太大：{top + 1} × {points} 个格子，超过 {MAX_CELLS}（MAX_CELLS）",
            f"the matrix would have {top + 1} x {points} cells, more than {MAX_CELLS} (MAX_CELLS)",
        )
    x = np.arange(top + 1, dtype=float)
    tx = np.linspace(0, age, points)
    xx, rr = np.meshgrid(x, tx, indexing="ij")
    tt = np.full_like(xx, age)
    if kind == "alive":
        values = fit._alive(xx, rr, tt)
    else:
        values = fit._if_alive(horizon, xx, tt) * fit._alive(xx, rr, tt)
    values[0, 1:] = np.nan
    return pd.DataFrame(values, index=pd.Index(x.astype(int), name="frequency"), columns=pd.Index(tx, name="recency"))


# ------------------------------------------------------- comparison tables of chapter 7


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
    from .datasets import btyd_published

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
