"""The RFM table and the BTYD summaries computed where the data lives (在数据库引擎上计算汇总).

The same three summaries as :func:`crmlab.rfm.rfm_table`,
:func:`crmlab.btyd.btyd_summary` and :func:`crmlab.btyd.calibration_holdout`,
with the same definitions, the same numbers and the same bad-input errors, but
computed by a SQL engine on a transaction log that may be far bigger than
memory: DuckDB on this computer (Parquet or CSV files, any size), or Spark on
a cluster. Only one row per customer comes back into pandas.

- :func:`rfm_table`, :func:`btyd_summary`, :func:`calibration_holdout`: the
  summaries. ``source`` is a DuckDB relation (``con.read_parquet("log/*.parquet")``),
  a Spark DataFrame (``spark.read.parquet("log/")``), or the name of a table
  or view together with ``con`` (a DuckDB connection or a SparkSession); with
  DuckDB the name may also be a table function such as
  ``"read_parquet('log/*.parquet')"``.
- :func:`compare_frames`, :func:`compare_errors`: check that two engines agree,
  number by number and error by error (pure pandas: no engine needed).

The queries are written once, in DuckDB's SQL (``crmlab/engine/_sql.py``);
for Spark sqlglot translates them. Spark cuts timestamps into days in its
session time zone: set ``spark.sql.session.timeZone`` to the zone the dates
were recorded in (e.g. ``"UTC"`` for dates without a time zone), as pandas
takes them. The checks
of :func:`crmlab._validation.check_transactions` run as one aggregate query
before the summary, so a missing column, a missing customer id or an amount
that is not a number is reported with the same bilingual message as in
pandas. What differs: text dates must be ISO dates (``2024-03-01`` or
``2024-03-01 10:30:00``) that the engine can cast, and rows are never read
into Python.

Install with ``pip install "crmlab[engine]"`` (DuckDB, sqlglot; Spark needs
``pyspark`` and Java 17 besides).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .. import rfm as _rfm
from .._validation import CrmlabInputError, check_as_of, check_choice, renamed
from ..btyd._common import btyd_table
from ..btyd._summary import _record_holdout, _record_summary
from ._compare import compare_errors, compare_frames
from ._sql import (
    _btyd_sql,
    _btyd_table,
    _check,
    _count,
    _end_period,
    _engine,
    _literal,
    _period_sql,
    _quote,
    _sorted,
    _stamp,
    _time_unit,
)

__all__ = ["rfm_table", "btyd_summary", "calibration_holdout", "compare_frames", "compare_errors"]


@renamed(freq="freq", time_scaler="time_scaler")
@btyd_table
def btyd_summary(
    source: Any,
    *,
    con: Any = None,
    customer: str = "customer_id",
    date: str = "date",
    amount: str | None = "amount",
    as_of: Any = None,
    time_unit: str | float = "D",
    period: str = "D",
) -> pd.DataFrame:
    """:func:`crmlab.btyd.btyd_summary` computed by DuckDB or Spark (在数据库引擎上计算 BTYD 汇总表).

    Parameters
    ----------
    source : DuckDB relation, Spark DataFrame or str
        The transaction log, one row per transaction; a table or view name
        needs ``con``.
    con : DuckDB connection or SparkSession, optional
        Where a named ``source`` lives.
    customer, date, amount, as_of, time_unit, period
        As in :func:`crmlab.btyd.btyd_summary`.

    Returns
    -------
    DataFrame
        The same table, with the same ``attrs``, as :func:`crmlab.btyd.btyd_summary`.

    Raises
    ------
    CrmlabInputError
        For the same bad input as :func:`crmlab.btyd.btyd_summary`.

    Examples
    --------
    >>> import duckdb
    >>> con = duckdb.connect()
    >>> log = con.sql("SELECT * FROM (VALUES (1, DATE '2024-01-01', 10.0), (1, DATE '2024-01-01', 5.0),"
    ...               " (1, DATE '2024-01-11', 30.0), (2, DATE '2024-01-05', 8.0)) t(customer_id, date, amount)")
    >>> btyd_summary(log, as_of="2024-01-31")
                 frequency  recency     T  monetary_value
    customer_id
    1                  1.0     10.0  30.0            30.0
    2                  0.0      0.0  26.0             0.0
    """
    f, scaler, unit_days = _time_unit(time_unit, period)
    engine = _engine(source, con)
    checked = _check(engine, customer, date, amount)
    stamp = _stamp(as_of, checked, "as_of")
    where = f"{checked.date} <= {_literal(stamp)}"
    agg = _sorted(engine.query(_btyd_sql(engine, checked, customer, f, where)))
    out = _btyd_table(agg, customer, _end_period(stamp, f), scaler, amount is not None)
    excluded = checked.rows - int(agg["n"].sum())
    excluded_customers = _count(engine, f"COUNT(DISTINCT {_quote(customer)})", "TRUE") - len(out) if excluded else 0
    _record_summary(out, stamp, f, time_unit, unit_days, excluded, excluded_customers)
    return out


@renamed(freq="freq", time_scaler="time_scaler")
@btyd_table
def calibration_holdout(
    source: Any,
    *,
    con: Any = None,
    calibration_end: Any,
    observation_end: Any = None,
    customer: str = "customer_id",
    date: str = "date",
    amount: str | None = "amount",
    time_unit: str | float = "D",
    period: str = "D",
) -> pd.DataFrame:
    """:func:`crmlab.btyd.calibration_holdout` computed by DuckDB or Spark (在数据库引擎上划分校准期/验证期).

    Parameters
    ----------
    source, con
        As in :func:`btyd_summary`.
    calibration_end, observation_end, customer, date, amount, time_unit, period
        As in :func:`crmlab.btyd.calibration_holdout`.

    Returns
    -------
    DataFrame
        The same table, with the same ``attrs``, as :func:`crmlab.btyd.calibration_holdout`.

    Examples
    --------
    >>> import duckdb
    >>> con = duckdb.connect()
    >>> log = con.sql("SELECT * FROM (VALUES (1, DATE '2024-01-01', 10.0), (1, DATE '2024-01-11', 30.0),"
    ...               " (1, DATE '2024-02-05', 12.0), (2, DATE '2024-01-05', 8.0), (3, DATE '2024-02-10', 9.0))"
    ...               " t(customer_id, date, amount)")
    >>> ch = calibration_holdout(log, calibration_end="2024-01-31", observation_end="2024-02-29")
    >>> ch[["frequency_cal", "T_cal", "frequency_holdout", "spend_holdout"]]
                 frequency_cal  T_cal  frequency_holdout  spend_holdout
    customer_id
    1                      1.0   30.0                1.0           12.0
    2                      0.0   26.0                0.0            0.0
    """
    f, scaler, unit_days = _time_unit(time_unit, period)
    engine = _engine(source, con)
    checked = _check(engine, customer, date, amount)
    dates = pd.Series([checked.first])
    cal_end = check_as_of(calibration_end, dates, name="calibration_end")
    obs_end = checked.last if observation_end is None else check_as_of(observation_end, dates, name="observation_end")
    if obs_end <= cal_end:
        raise CrmlabInputError(
            "observation_end",
            f"验证期结束日 observation_end ({obs_end.date()}) 必须晚于校准期结束日 calibration_end ({cal_end.date()})",
            f"observation_end ({obs_end.date()}) must be after calibration_end ({cal_end.date()})",
        )
    in_cal = f"{checked.date} <= {_literal(cal_end)}"
    in_hold = f"{checked.date} > {_literal(cal_end)} AND {checked.date} <= {_literal(obs_end)}"
    agg = _sorted(engine.query(_btyd_sql(engine, checked, customer, f, in_cal)))
    cal = _btyd_table(agg, customer, _end_period(cal_end, f), scaler, amount is not None)
    out = cal.rename(columns=lambda col: f"{col}_cal")
    c = _quote(customer)
    spend = f", SUM({checked.amount}) AS spend" if amount is not None else ""
    hold = engine.query(
        f"WITH p AS (SELECT {c} AS customer, {_period_sql(checked.date, f)} AS period{spend} "
        f"FROM {engine.source} WHERE {in_hold} GROUP BY 1, 2), "
        f"known AS (SELECT DISTINCT {c} AS customer FROM {engine.source} WHERE {in_cal}) "
        "SELECT p.customer, known.customer IS NOT NULL AS known, COUNT(*) AS periods"
        + (", SUM(spend) AS total" if spend else "")
        + " FROM p LEFT JOIN known ON p.customer = known.customer GROUP BY p.customer, known.customer"
    )
    new_customers = int((~hold["known"].astype(bool)).sum())
    hold = hold[hold["known"].astype(bool)].set_index("customer")
    out["frequency_holdout"] = hold["periods"].reindex(out.index, fill_value=0).astype(float)
    if amount is not None:
        total = hold["total"].reindex(out.index, fill_value=0.0).astype(float)
        count = out["frequency_holdout"].to_numpy()
        out["monetary_value_holdout"] = np.divide(total.to_numpy(), count, out=np.zeros(len(out)), where=count > 0)
        out["spend_holdout"] = total
    end_periods = [_end_period(cal_end, f), _end_period(obs_end, f)]
    duration = float(end_periods[1] - end_periods[0]) / scaler
    out["duration_holdout"] = duration
    first = checked.first.date()
    later = _count(engine, "COUNT(*)", f"{checked.date} > {_literal(obs_end)}")
    _record_holdout(out, first, cal_end, obs_end, f, time_unit, unit_days, duration, new_customers, later)
    return out


def rfm_table(
    source: Any,
    *,
    con: Any = None,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    as_of: Any = None,
    frequency: str = "rows",
    monetary: str = "sum",
) -> _rfm.RFM:
    """:func:`crmlab.rfm.rfm_table` computed by DuckDB or Spark (在数据库引擎上计算 RFM 表).

    Parameters
    ----------
    source, con
        As in :func:`btyd_summary`.
    customer, date, amount, as_of, frequency, monetary
        As in :func:`crmlab.rfm.rfm_table`.

    Returns
    -------
    crmlab.rfm.RFM
        The same result as :func:`crmlab.rfm.rfm_table`.

    Examples
    --------
    >>> import duckdb
    >>> con = duckdb.connect()
    >>> log = con.sql("SELECT * FROM (VALUES ('a', DATE '2024-01-01', 10.0), ('a', DATE '2024-03-01', 20.0),"
    ...               " ('b', DATE '2024-02-15', 5.0), ('a', DATE '2024-03-01', 30.0)) t(customer_id, date, amount)")
    >>> r = rfm_table(log, as_of="2024-03-31")
    >>> r.table[["recency", "frequency", "monetary"]].values.tolist()
    [[30.0, 3.0, 60.0], [45.0, 1.0, 5.0]]
    """
    check_choice("frequency", frequency, ["rows", "days"])
    check_choice("monetary", monetary, ["sum", "mean"])
    engine = _engine(source, con)
    checked = _check(engine, customer, date, amount)
    stamp = _stamp(as_of, checked, "as_of")
    where = f"{checked.date} <= {_literal(stamp)}"
    c = _quote(customer)
    if frequency == "days":
        inner = (
            f"SELECT {c} AS customer, CAST(CAST({checked.date} AS DATE) AS TIMESTAMP) AS d, SUM({checked.amount}) AS a, "
            f"COUNT(*) AS n FROM {engine.source} WHERE {where} GROUP BY 1, 2"
        )
    else:
        inner = f"SELECT {c} AS customer, {checked.date} AS d, {checked.amount} AS a, 1 AS n FROM {engine.source} WHERE {where}"
    agg = _sorted(
        engine.query(
            f"SELECT customer, MAX(d) AS last_purchase, COUNT(*) AS frequency, SUM(a) AS revenue, SUM(n) AS n "
            f"FROM ({inner}) r GROUP BY customer"
        )
    )
    table = pd.DataFrame(
        {
            "last_purchase": pd.to_datetime(agg["last_purchase"]).to_numpy(),
            "frequency": agg["frequency"].to_numpy(dtype=np.int64),
            "revenue": agg["revenue"].to_numpy(dtype=float),
        },
        index=pd.Index(agg["customer"].to_numpy(), name=customer),
    )
    table["recency"] = (stamp - table["last_purchase"]).dt.days
    table["monetary"] = table["revenue"] if monetary == "sum" else table["revenue"] / table["frequency"]
    table = table[["recency", "frequency", "monetary", "revenue", "last_purchase"]]
    used = int(agg["n"].sum())
    excluded = checked.rows - used
    excluded_customers = _count(engine, f"COUNT(DISTINCT {c})", "TRUE") - len(table) if excluded else 0
    return _rfm.RFM(
        table=table,
        as_of=stamp,
        used=used,
        excluded=excluded,
        excluded_customers=excluded_customers,
        frequency=frequency,
        monetary=monetary,
    )
