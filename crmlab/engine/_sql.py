"""The engine side of :mod:`crmlab.engine`: where a query runs, the input checks as SQL, the period index and the summary query.

The SQL is written once in DuckDB's dialect; :class:`_Engine` runs it on DuckDB
as written and translates it with sqlglot for Spark.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    MAX_AMOUNT,
    CrmlabTypeError,
    _bad_dates_error,
    _empty_error,
    _huge_amounts_error,
    _infinite_amounts_error,
    _missing_amounts_error,
    _missing_ids_error,
    _negative_amounts_error,
    _not_numbers_error,
    _numeric_dates_error,
    check_as_of,
    check_frame,
)
from ..btyd._summary import _check_time, _period_index

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
        raise _numeric_dates_error(date, _examples(engine, date, "TRUE"))
    # read to the day, as the pandas path does (crmlab._validation.parse_dates): as_of includes its whole day
    date_expr = f"date_trunc('day', CAST({d} AS TIMESTAMP))" if date_kind == "temporal" else f"date_trunc('day', TRY_CAST({d} AS TIMESTAMP))"
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
            f"COUNT(*) FILTER (WHERE {amount_expr} > {MAX_AMOUNT!r} AND {amount_expr} <= 1.7976931348623157e308) AS huge",
        ]
    row = engine.query(f"SELECT {', '.join(parts)} FROM {engine.source}").iloc[0]
    if int(row["n"]) == 0:
        raise _empty_error("transactions")
    if int(row["no_customer"]):
        raise _missing_ids_error(customer, int(row["no_customer"]))
    missing, unreadable = int(row["no_date"]), int(row["bad_date"])
    if missing or unreadable:
        shown = _examples(engine, date, f"{d} IS NOT NULL AND {date_expr} IS NULL") if unreadable else ""
        raise _bad_dates_error(date, missing, unreadable, shown)
    if amount is not None:
        n = int(row["not_number"])
        if n:
            shown = _examples(engine, amount, f"{_quote(amount)} IS NOT NULL AND {amount_expr} IS NULL")
            raise _not_numbers_error(amount, n, shown)
        if int(row["no_amount"]):
            raise _missing_amounts_error(amount, int(row["no_amount"]))
        if int(row["infinite"]):
            raise _infinite_amounts_error(amount, int(row["infinite"]))
        if int(row["negative"]):
            raise _negative_amounts_error(amount, int(row["negative"]))
        if int(row["huge"]):
            raise _huge_amounts_error(amount, int(row["huge"]))
    return _Checked(date_expr, amount_expr, int(row["n"]), pd.Timestamp(row["first"]), pd.Timestamp(row["last"]))


def _stamp(value: Any, checked: _Checked, name: str) -> pd.Timestamp:
    if value is None:
        return checked.last
    return check_as_of(value, pd.Series([checked.first]), name=name)


def _literal(stamp: pd.Timestamp) -> str:
    return f"TIMESTAMP '{stamp.strftime('%Y-%m-%d %H:%M:%S.%f')}'"


# ------------------------------------------------------------ time periods


def _time_unit(time_unit: Any, period: Any) -> tuple[str, float, float]:
    """The one place where the time-unit parameters are read: the pandas path's own check."""
    return _check_time(time_unit, period)


def _period_sql(expr: str, freq: str) -> str:
    """Integer index of the period of a timestamp, as ``crmlab.btyd._period_index`` (day, Monday-start week, month)."""
    if freq == "M":
        return f"((EXTRACT(YEAR FROM {expr}) - 1970) * 12 + EXTRACT(MONTH FROM {expr}) - 1)"
    days = f"date_diff('day', DATE '1970-01-01', CAST({expr} AS DATE))"
    if freq == "W":
        return f"CAST(FLOOR(({days} + 3) / 7) AS BIGINT)"
    return days


def _end_period(stamp: pd.Timestamp, freq: str) -> int:
    return int(_period_index(pd.Series([stamp]), freq)[0])


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
