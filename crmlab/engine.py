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
  or view together with ``con`` (a DuckDB connection or a SparkSession).

The queries are written once, in DuckDB's SQL, by the private ``_*_sql``
builders; for Spark (and any other engine) sqlglot translates them. The checks
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

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import btyd as _btyd
from . import rfm as _rfm
from ._validation import CrmlabInputError, CrmlabTypeError, check_as_of, check_choice, check_frame, fmt

__all__ = ["rfm_table", "btyd_summary", "calibration_holdout"]

_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
            "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL", "REAL", "INT", "BYTE", "SHORT", "LONG")
_TEMPORAL = ("DATE", "TIMESTAMP")
_names = itertools.count()


# ------------------------------------------------------------------ engines


@dataclass
class _Engine:
    """Where the queries run: a FROM item, a sqlglot dialect and a function that runs SQL into pandas."""

    source: str
    dialect: str
    run: Callable[[str], pd.DataFrame]
    columns: dict[str, str]  # column name -> upper-case type name

    def query(self, sql: str) -> pd.DataFrame:
        if self.dialect != "duckdb":
            import sqlglot

            sql = sqlglot.transpile(sql, read="duckdb", write=self.dialect)[0]
        return self.run(sql)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _engine(source: Any, con: Any) -> _Engine:
    kind = type(source).__module__ + "." + type(source).__name__
    if kind.startswith("duckdb") or kind.startswith("_duckdb"):
        if not hasattr(source, "query"):
            raise _source_error(source)
        view = f"crmlab_source_{next(_names)}"
        columns = {c: str(t).upper() for c, t in zip(source.columns, source.types)}
        return _Engine(_quote(view), "duckdb", lambda sql: source.query(view, sql).df(), columns)
    if kind.startswith("pyspark") and hasattr(source, "createOrReplaceTempView"):
        view = f"crmlab_source_{next(_names)}"
        source.createOrReplaceTempView(view)
        spark = source.sparkSession
        columns = {c: t.upper() for c, t in source.dtypes}
        return _Engine(view, "spark", lambda sql: spark.sql(sql).toPandas(), columns)
    if isinstance(source, str) and con is not None:
        con_kind = type(con).__module__
        if con_kind.startswith("duckdb") or con_kind.startswith("_duckdb"):
            rel = con.sql(f"SELECT * FROM {source}")
            columns = {c: str(t).upper() for c, t in zip(rel.columns, rel.types)}
            return _Engine(source, "duckdb", lambda sql: con.sql(sql).df(), columns)
        if con_kind.startswith("pyspark"):
            frame = con.table(source)
            columns = {c: t.upper() for c, t in frame.dtypes}
            return _Engine(source, "spark", lambda sql: con.sql(sql).toPandas(), columns)
    raise _source_error(source)


def _source_error(source: Any) -> CrmlabTypeError:
    kind = type(source).__name__
    return CrmlabTypeError(
        "source",
        f"交易数据 source 必须是 DuckDB 关系、Spark DataFrame，或表名加连接 con，收到 {kind}；"
        "pandas DataFrame 请直接用 crmlab.rfm / crmlab.btyd 中的同名函数",
        f"source must be a DuckDB relation, a Spark DataFrame, or a table name with con, got {kind}; "
        "for a pandas DataFrame use the functions of the same name in crmlab.rfm / crmlab.btyd",
    )


def _kind(type_name: str) -> str:
    base = type_name.split("(")[0].strip()
    if base.startswith(_TEMPORAL):
        return "temporal"
    if base in _NUMERIC or base.startswith("DECIMAL"):
        return "numeric"
    if base in ("BOOLEAN", "BOOL"):
        return "boolean"
    return "text"


# ------------------------------------------------------------------- checks


@dataclass(frozen=True)
class _Checked:
    """Expressions for the parsed date and amount, and what the checks found."""

    date: str
    amount: str | None
    rows: int
    first: pd.Timestamp
    last: pd.Timestamp


def _examples(engine: _Engine, column: str, where: str) -> str:
    found = engine.query(f"SELECT DISTINCT {_quote(column)} AS v FROM {engine.source} WHERE {where} LIMIT 3")
    return ", ".join(repr(v) for v in found["v"].tolist())


def _check(engine: _Engine, customer: str, date: str, amount: str | None) -> _Checked:
    """The checks of ``check_transactions``, as one aggregate query (and one more to show examples of an error)."""
    needed = [customer, date] + ([amount] if amount is not None else [])
    # the same message as for a pandas DataFrame: check_frame on a one-row stand-in with the engine's columns
    check_frame(pd.DataFrame([[0] * len(engine.columns)], columns=list(engine.columns)), "transactions", needed)
    c, d = _quote(customer), _quote(date)
    date_kind = _kind(engine.columns[date])
    if date_kind in ("numeric", "boolean"):
        shown = _examples(engine, date, "TRUE")
        raise CrmlabTypeError(
            date,
            f"列 {date} 是数字而不是日期 (例如 {shown}); 如果是 20240301 这样的写法, "
            f"请先转换: pd.to_datetime(df[{date!r}].astype(str), format='%Y%m%d')",
            f"column {date} holds numbers, not dates; convert them first, e.g. with format='%Y%m%d'",
        )
    date_expr = f"CAST({d} AS TIMESTAMP)" if date_kind == "temporal" else f"TRY_CAST({d} AS TIMESTAMP)"
    parts = [
        "COUNT(*) AS n",
        f"COUNT(*) - COUNT({c}) AS no_customer",
        f"COUNT(*) - COUNT({d}) AS no_date",
        f"COUNT({d}) - COUNT({date_expr}) AS bad_date",
        f"MIN({date_expr}) AS first",
        f"MAX({date_expr}) AS last",
    ]
    amount_expr = None
    if amount is not None:
        a = _quote(amount)
        amount_kind = _kind(engine.columns[amount])
        amount_expr = f"CAST({a} AS DOUBLE)" if amount_kind != "text" else f"TRY_CAST({a} AS DOUBLE)"
        parts += [
            f"COUNT({a}) - COUNT({amount_expr}) AS not_number",
            f"COUNT(*) - COUNT({amount_expr}) + COUNT(*) FILTER (WHERE isnan({amount_expr})) AS no_amount",
            f"COUNT(*) FILTER (WHERE {amount_expr} > 1.7976931348623157e308 OR {amount_expr} < -1.7976931348623157e308)"
            " AS infinite",
            f"COUNT(*) FILTER (WHERE {amount_expr} < 0) AS negative",
        ]
    row = engine.query(f"SELECT {', '.join(parts)} FROM {engine.source}").iloc[0]
    if int(row["n"]) == 0:
        raise CrmlabInputError("transactions", "transactions 是空表, 没有可以分析的行", "transactions is empty")
    if int(row["no_customer"]):
        bad = int(row["no_customer"])
        raise CrmlabInputError(customer, f"列 {customer} 有 {bad} 行缺少客户编号", f"column {customer} has {bad} missing value(s)")
    missing, unreadable = int(row["no_date"]), int(row["bad_date"])
    if missing or unreadable:
        parts_zh, parts_en = [], []
        if missing:
            parts_zh.append(f"{missing} 行缺失")
            parts_en.append(f"{missing} missing")
        if unreadable:
            shown = _examples(engine, date, f"{d} IS NOT NULL AND {date_expr} IS NULL")
            parts_zh.append(f"{unreadable} 行无法解析 (例如 {shown})")
            parts_en.append(f"{unreadable} unreadable")
        raise CrmlabInputError(date, f"列 {date} 有{', '.join(parts_zh)}的日期", f"column {date} has {', '.join(parts_en)} date(s)")
    if amount is not None:
        n = int(row["not_number"])
        if n:
            shown = _examples(engine, amount, f"{_quote(amount)} IS NOT NULL AND {amount_expr} IS NULL")
            raise CrmlabInputError(
                amount,
                f"列 {amount} 有 {n} 行不是数字 (例如 {shown})",
                f"column {amount} has {n} row(s) that are not numbers, e.g. {shown}",
            )
        if int(row["no_amount"]):
            m = int(row["no_amount"])
            raise CrmlabInputError(amount, f"列 {amount} 有 {m} 行缺失值", f"column {amount} has {m} missing value(s)")
        if int(row["infinite"]):
            m = int(row["infinite"])
            raise CrmlabInputError(amount, f"列 {amount} 有 {m} 行是无穷大", f"column {amount} has {m} infinite value(s)")
        if int(row["negative"]):
            m = int(row["negative"])
            raise CrmlabInputError(
                amount,
                f"列 {amount} 有 {m} 行为负数 (退货?); 请先单独处理退货, 再做分析",
                f"column {amount} has {m} negative value(s) (returns?); handle returns before the analysis",
            )
    return _Checked(date_expr, amount_expr, int(row["n"]), pd.Timestamp(row["first"]), pd.Timestamp(row["last"]))


def _stamp(value: Any, checked: _Checked, name: str) -> pd.Timestamp:
    if value is None:
        return checked.last
    return check_as_of(value, pd.Series([checked.first]), name=name)


def _literal(stamp: pd.Timestamp) -> str:
    return f"TIMESTAMP '{stamp.strftime('%Y-%m-%d %H:%M:%S.%f')}'"


# ------------------------------------------------------------ time periods


def _time_unit(freq: Any, time_scaler: Any) -> tuple[str, float]:
    """The one place where the time-unit parameters are read: the pandas path's own check and table."""
    return _btyd._check_freq(freq, time_scaler)


def _period_sql(expr: str, freq: str) -> str:
    """Integer index of the period of a timestamp, as ``crmlab.btyd._period_index`` (day, Monday-start week, month)."""
    if freq == "M":
        return f"((EXTRACT(YEAR FROM {expr}) - 1970) * 12 + EXTRACT(MONTH FROM {expr}) - 1)"
    days = f"date_diff('day', DATE '1970-01-01', CAST({expr} AS DATE))"
    if freq == "W":
        return f"CAST(FLOOR(({days} + 3) / 7) AS BIGINT)"
    return days


def _end_period(stamp: pd.Timestamp, freq: str) -> int:
    return int(_btyd._period_index(pd.Series([stamp]), freq)[0])


# ---------------------------------------------------------------- summaries


def _btyd_sql(engine: _Engine, checked: _Checked, customer: str, freq: str, where: str) -> str:
    """Per customer: periods with a purchase, first and last period, rows, total spend and spend in the first period.

    One pass over the log: purchases are summed per (customer, period), then per
    customer; the first period's spend is ``arg_min(spend, period)`` (Spark: ``min_by``).
    """
    c = _quote(customer)
    spend = f", SUM({checked.amount}) AS spend" if checked.amount is not None else ""
    sums = ", SUM(spend) AS total, arg_min(spend, period) AS first_spend" if spend else ""
    return (
        f"WITH p AS (SELECT {c} AS customer, {_period_sql(checked.date, freq)} AS period, COUNT(*) AS n{spend} "
        f"FROM {engine.source} WHERE {where} GROUP BY 1, 2) "
        f"SELECT customer, COUNT(*) AS periods, MIN(period) AS first, MAX(period) AS last, SUM(n) AS n{sums} "
        "FROM p GROUP BY customer"
    )


def _sorted(agg: pd.DataFrame) -> pd.DataFrame:
    """Customers in pandas' order (the pandas functions sort the ids); sorting one row per customer is cheap."""
    return agg.sort_values("customer", kind="stable", ignore_index=True)


def _btyd_table(agg: pd.DataFrame, customer: str, end_period: int, scaler: float, amount: bool) -> pd.DataFrame:
    """The arithmetic of ``crmlab.btyd._summarise`` on the per-customer aggregates."""
    frequency = agg["periods"].to_numpy(dtype=np.int64) - 1
    first = agg["first"].to_numpy(dtype=np.int64)
    last = agg["last"].to_numpy(dtype=np.int64)
    out = pd.DataFrame(
        {"frequency": frequency.astype(float), "recency": (last - first) / scaler, "T": (end_period - first) / scaler},
        index=pd.Index(agg["customer"].to_numpy(), name=customer),
    )
    if amount:
        total = agg["total"].to_numpy(dtype=float)
        first_spend = agg["first_spend"].to_numpy(dtype=float)
        out["monetary_value"] = np.divide(
            total - first_spend, frequency, out=np.zeros(len(out)), where=frequency > 0
        )
    return out


def _count(engine: _Engine, what: str, where: str) -> int:
    return int(engine.query(f"SELECT {what} AS n FROM {engine.source} WHERE {where}").iloc[0]["n"])


def btyd_summary(
    source: Any,
    *,
    con: Any = None,
    customer: str = "customer_id",
    date: str = "date",
    amount: str | None = "amount",
    as_of: Any = None,
    freq: str = "D",
    time_scaler: float = 1.0,
) -> pd.DataFrame:
    """:func:`crmlab.btyd.btyd_summary` computed by DuckDB or Spark (在数据库引擎上计算 BTYD 汇总表).

    Parameters
    ----------
    source : DuckDB relation, Spark DataFrame or str
        The transaction log, one row per transaction; a table or view name
        needs ``con``.
    con : DuckDB connection or SparkSession, optional
        Where a named ``source`` lives.
    customer, date, amount, as_of, freq, time_scaler
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
    f, scaler = _time_unit(freq, time_scaler)
    engine = _engine(source, con)
    checked = _check(engine, customer, date, amount)
    stamp = _stamp(as_of, checked, "as_of")
    where = f"{checked.date} <= {_literal(stamp)}"
    agg = _sorted(engine.query(_btyd_sql(engine, checked, customer, f, where)))
    out = _btyd_table(agg, customer, _end_period(stamp, f), scaler, amount is not None)
    excluded = checked.rows - int(agg["n"].sum())
    excluded_customers = _count(engine, f"COUNT(DISTINCT {_quote(customer)})", "TRUE") - len(out) if excluded else 0
    unit_days = _btyd.TIME_UNITS[f] * scaler
    note = f"BTYD 汇总表: {len(out):,} 位客户, 截至 {stamp.date()}, 时间单位 {_btyd._unit_text(unit_days)}"
    if excluded:
        note += f"; 另有 {excluded:,} 行交易晚于 as_of, 未计入"
        if excluded_customers:
            note += f" (其中 {excluded_customers:,} 位客户此时还没有购买, 不在表中)"
    out.attrs.update(
        as_of=stamp,
        freq=f,
        time_scaler=scaler,
        unit_days=unit_days,
        excluded_rows=excluded,
        excluded_customers=excluded_customers,
        note=note + "。",
    )
    return out


def calibration_holdout(
    source: Any,
    *,
    con: Any = None,
    calibration_end: Any,
    observation_end: Any = None,
    customer: str = "customer_id",
    date: str = "date",
    amount: str | None = "amount",
    freq: str = "D",
    time_scaler: float = 1.0,
) -> pd.DataFrame:
    """:func:`crmlab.btyd.calibration_holdout` computed by DuckDB or Spark (在数据库引擎上划分校准期/验证期).

    Parameters
    ----------
    source, con
        As in :func:`btyd_summary`.
    calibration_end, observation_end, customer, date, amount, freq, time_scaler
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
    f, scaler = _time_unit(freq, time_scaler)
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
    unit_days = _btyd.TIME_UNITS[f] * scaler
    first = checked.first.date()
    note = (
        f"校准期 {first} 至 {cal_end.date()} ({len(out):,} 位客户), "
        f"验证期 {(cal_end + pd.Timedelta(days=1)).date()} 至 {obs_end.date()} "
        f"({fmt(round(duration, 4))} {_btyd._unit_text(unit_days)})"
    )
    if new_customers:
        note += f"; {new_customers:,} 位客户在验证期才首次购买, 不在表中"
    later = _count(engine, "COUNT(*)", f"{checked.date} > {_literal(obs_end)}")
    if later:
        note += f"; {later:,} 行交易晚于 observation_end, 未计入"
    out.attrs.update(
        calibration_end=cal_end,
        observation_end=obs_end,
        freq=f,
        time_scaler=scaler,
        unit_days=unit_days,
        new_customers=new_customers,
        note=note + "。",
    )
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
