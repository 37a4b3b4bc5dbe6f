"""The BTYD summary of a transaction log and the calibration/holdout split (BTYD 汇总表、校准期与验证期)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    CrmlabInputError,
    check_as_of,
    check_choice,
    check_frame,
    check_transactions,
    fmt,
    renamed,
)
from ._common import TIME_UNITS, _unit_days, _unit_text, btyd_table

__all__ = [
    "btyd_summary",
    "calibration_holdout",
]


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
@btyd_table
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
    of chapter 4: there recency is the time *since* the last purchase and
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
    _record_summary(out, stamp, f, time_unit, unit_days, excluded, excluded_customers)
    return out


@renamed(freq="freq", time_scaler="time_scaler")
@btyd_table
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
    '校准期 2024-01-01 至 2024-01-31（2 位客户），验证期 2024-02-01 至 2024-02-29（29 天）；1 位客户在验证期才首次购买，不在表中。'
    """
    f, scaler, unit_days = _check_time(time_unit, period)
    checked = _prepare(transactions, customer, date, amount)
    dates = checked[date]
    cal_end = check_as_of(calibration_end, dates, name="calibration_end")
    obs_end = dates.max() if observation_end is None else check_as_of(observation_end, dates, name="observation_end")
    if obs_end <= cal_end:
        raise CrmlabInputError(
            "observation_end",
            f"验证期结束日 observation_end（{obs_end.date()}）必须晚于校准期结束日 calibration_end（{cal_end.date()}）",
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
    later = int((dates > obs_end).sum())
    _record_holdout(out, first, cal_end, obs_end, f, time_unit, unit_days, duration, new_customers, later)
    return out


def _summary_note(customers: int, stamp: pd.Timestamp, unit_days: float, excluded: int, excluded_customers: int) -> str:
    """The note of a BTYD summary; the engine path (:mod:`crmlab.engine`) writes the same one.

    Dates are read to the day, so the data "截至" a date include that whole day.
    """
    note = f"BTYD 汇总表：{customers:,} 位客户，截至 {stamp.date()}（含当天），时间单位 {_unit_text(unit_days)}"
    if excluded:
        note += f"；另有 {excluded:,} 行交易晚于 as_of，未计入"
        if excluded_customers:
            note += f"（其中 {excluded_customers:,} 位客户此时还没有购买，不在表中）"
    return note + "。"


def _holdout_note(
    first: Any, cal_end: pd.Timestamp, customers: int, obs_end: pd.Timestamp, duration: float, unit_days: float,
    new_customers: int, later: int,
) -> str:  # fmt: skip
    """The note of a calibration/holdout table; the engine path writes the same one."""
    note = (
        f"校准期 {first} 至 {cal_end.date()}（{customers:,} 位客户），"
        f"验证期 {(cal_end + pd.Timedelta(days=1)).date()} 至 {obs_end.date()}（{fmt(round(duration, 4))} {_unit_text(unit_days)}）"
    )
    if new_customers:
        note += f"；{new_customers:,} 位客户在验证期才首次购买，不在表中"
    if later:
        note += f"；{later:,} 行交易晚于 observation_end，未计入"
    return note + "。"


def _record_summary(
    out: pd.DataFrame, stamp: pd.Timestamp, period: str, time_unit: Any, unit_days: float, excluded: int, excluded_customers: int
) -> None:  # fmt: skip
    """Record in ``out.attrs`` how a BTYD summary was made (the pandas and the engine path alike)."""
    out.attrs.update(
        as_of=stamp,
        period=period,
        time_unit=time_unit,
        unit_days=unit_days,
        excluded_rows=excluded,
        excluded_customers=excluded_customers,
        note=_summary_note(len(out), stamp, unit_days, excluded, excluded_customers),
    )


def _record_holdout(
    out: pd.DataFrame, first: Any, cal_end: pd.Timestamp, obs_end: pd.Timestamp, period: str, time_unit: Any,
    unit_days: float, duration: float, new_customers: int, later: int,
) -> None:  # fmt: skip
    """Record in ``out.attrs`` how a calibration/holdout table was made (the pandas and the engine path alike)."""
    out.attrs.update(
        calibration_end=cal_end,
        observation_end=obs_end,
        period=period,
        time_unit=time_unit,
        unit_days=unit_days,
        new_customers=new_customers,
        note=_holdout_note(first, cal_end, len(out), obs_end, duration, unit_days, new_customers, later),
    )
