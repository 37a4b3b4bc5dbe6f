"""Diagnostics of a BG/NBD fit: frequency histogram, holdout by frequency, tracking, frequency-recency matrix."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    MAX_CELLS,
    MAX_DURATION,
    MAX_FREQUENCY,
    CrmlabInputError,
    check_as_of,
    check_choice,
    check_flags,
    check_frame,
    check_number,
    check_numbers,
    check_size,
    renamed,
)
from ._bgnbd import BGNBDFit, _check_fit
from ._common import TIME_UNITS, _as_array, _label, _unit_days, btyd_table
from ._summary import _period_index, _prepare

__all__ = [
    "frequency_histogram",
    "holdout_by_frequency",
    "tracking_table",
    "tracking_totals",
    "frequency_recency_matrix",
]


@btyd_table
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


@btyd_table
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
    out = frame.groupby("group", observed=True).agg(customers=("actual", "size"), actual=("actual", "mean"), predicted=("predicted", "mean"))
    out = out.reindex(range(m + 1))
    out.insert(0, "frequency_cal", [str(i) for i in range(m)] + [f"{m}+"])
    out["customers"] = out["customers"].fillna(0).astype(int)
    return out.reset_index(drop=True)


@renamed(freq="freq")
@btyd_table
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


@btyd_table
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
