"""The BTYD summary (or RFM table) of a Parquet log of 2M, 20M and 100M rows: crmlab pandas, crmlab.engine on DuckDB, polars.

Issue 14 ("Beyond one machine"). For each size the log is generated into a
Parquet file by DuckDB itself (deterministic hashes, streamed: the log is never
held in memory whole), then each path runs in its own subprocess, so that its
peak memory (the child's maximum resident set size, from ``os.wait4``) is its
own:

- ``pandas``: ``pd.read_parquet`` + ``crmlab.btyd.btyd_summary``;
- ``duckdb``: ``crmlab.engine.btyd_summary(con.read_parquet(...))`` with
  ``SET memory_limit`` (default 1 GB) and a spill directory, so it shows how
  the engine copes with a log larger than the memory it may use;
- ``polars``: the same summary written in polars' lazy API (streaming engine),
  the baseline a data scientist would pick.

A checksum of each result (sums of frequency, recency, T and monetary value) is
printed so that the three paths can be seen to agree. The pandas path is not
run above ``--pandas-max`` rows (default 20M): it would need several GB, which
the DuckDB memory limit shows is not needed.

    pip install -e ".[engine,bench]"
    python benchmarks/bench_engine.py                 # 2M rows only (about a minute)
    python benchmarks/bench_engine.py 2M 20M 100M     # 870 MB of Parquet at 100M rows; pandas skipped there
    python benchmarks/bench_engine.py 100M --paths duckdb --memory-limit 8GB
    python benchmarks/bench_engine.py 2M 20M --summary rfm   # rfm_table instead of btyd_summary
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _rows(text: str) -> int:
    text = text.upper().replace("_", "")
    factor = {"K": 10**3, "M": 10**6}.get(text[-1], 1)
    return int(float(text.rstrip("KM")) * factor)


def generate(path: Path, n_rows: int, customers_per_row: float = 0.05) -> float:
    """Write ``n_rows`` purchases (integer ids, timestamps over three years, amounts) to Parquet; return seconds."""
    import duckdb

    customers = max(1, int(n_rows * customers_per_row))
    start = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET memory_limit = '2GB'; SET preserve_insertion_order = false")
    con.execute(
        f"""
        COPY (
            SELECT CAST(hash(i, 1) % {customers} AS BIGINT) AS customer_id,
                   TIMESTAMP '2023-01-01' + to_days(CAST(hash(i, 2) % 1095 AS INTEGER)) AS date,
                   round(CAST(hash(i, 3) % 40000 AS DOUBLE) / 100 + 1, 2) AS amount
            FROM range({n_rows}) r(i)
        ) TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)
        """
    )
    con.close()
    return time.perf_counter() - start


COLUMNS = {"btyd": ("frequency", "recency", "T", "monetary_value"), "rfm": ("recency", "frequency", "monetary")}


def _checksum(frame, summary: str) -> list[float]:
    return [round(float(frame[c].sum()), 4) for c in COLUMNS[summary]]


def _polars_rfm(path: str):
    import polars as pl

    lf = pl.scan_parquet(path)
    as_of = lf.select(pl.col("date").max()).collect().item()
    return (
        lf.filter(pl.col("date") <= as_of)
        .group_by("customer_id")
        .agg(last_purchase=pl.col("date").max(), frequency=pl.len(), monetary=pl.col("amount").sum())
        .with_columns(recency=(pl.lit(as_of) - pl.col("last_purchase")).dt.total_days())
        .sort("customer_id")
        .collect(engine="streaming")
    )


def child(path: str, how: str, memory_limit: str, spill: str, summary: str = "btyd") -> None:
    """Run one path and print its time and checksum as JSON (peak memory is read by the parent)."""
    import importlib
    import resource

    # imports are not timed; the resident memory after them is reported apart
    for module in {"pandas": ["pandas", "crmlab.btyd"], "duckdb": ["duckdb", "crmlab.engine"], "polars": ["polars"]}[how]:
        importlib.import_module(module)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    if how == "pandas":
        import pandas as pd

        from crmlab.btyd import btyd_summary

        from crmlab.rfm import rfm_table

        log = pd.read_parquet(path)
        out = btyd_summary(log) if summary == "btyd" else rfm_table(log).table
    elif how == "duckdb":
        import duckdb

        from crmlab import engine

        con = duckdb.connect()
        con.execute(f"SET memory_limit = '{memory_limit}'; SET temp_directory = '{spill}'")
        source = con.read_parquet(path)
        out = engine.btyd_summary(source) if summary == "btyd" else engine.rfm_table(source).table
    elif how == "polars" and summary == "rfm":
        out = _polars_rfm(path)
    elif how == "polars":
        import polars as pl

        lf = pl.scan_parquet(path)
        as_of = lf.select(pl.col("date").max()).collect().item()
        end = (as_of.date() - __import__("datetime").date(1970, 1, 1)).days
        per = (
            lf.filter(pl.col("date") <= as_of)
            .with_columns(period=pl.col("date").dt.date().cast(pl.Int32))
            .group_by("customer_id", "period")
            .agg(spend=pl.col("amount").sum())
        )
        periods = pl.col("periods")
        out = (
            per.group_by("customer_id")
            .agg(
                periods=pl.len(),
                first=pl.col("period").min(),
                last=pl.col("period").max(),
                total=pl.col("spend").sum(),
                first_spend=pl.col("spend").filter(pl.col("period") == pl.col("period").min()).sum(),
            )
            .select(
                "customer_id",
                frequency=(periods - 1).cast(pl.Float64),
                recency=(pl.col("last") - pl.col("first")).cast(pl.Float64),
                T=(end - pl.col("first")).cast(pl.Float64),
                monetary_value=pl.when(periods > 1)
                .then((pl.col("total") - pl.col("first_spend")) / (periods - 1))
                .otherwise(0.0),
            )
            .sort("customer_id")
            .collect(engine="streaming")
        )
    else:
        raise SystemExit(f"unknown path {how}")
    seconds = time.perf_counter() - start
    checksum = _checksum(out, summary)
    print(json.dumps({"seconds": seconds, "customers": len(out), "checksum": checksum, "base_mb": base}))


def run(path: Path, how: str, memory_limit: str, spill: str, summary: str) -> dict:
    """Run one path in a subprocess; its peak RSS comes from ``os.wait4`` on that child alone."""
    cmd = [sys.executable, __file__, "--child", how, "--file", str(path), "--memory-limit", memory_limit, "--spill", spill]
    cmd += ["--summary", summary]
    wall = time.perf_counter()
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:  # no pipe to fill up
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=stderr, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        stdout.seek(0)
        stderr.seek(0)
        out, err = stdout.read(), stderr.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - wall
    peak = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 1024**2  # MB
    if proc.returncode != 0:
        return {"error": (err.strip().splitlines() or ["failed"])[-1], "peak_mb": peak, "wall": wall}
    result = json.loads(out.strip().splitlines()[-1])
    return result | {"peak_mb": peak, "wall": wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", default=["2M"], help="rows, e.g. 2M 20M 100M (default 2M)")
    parser.add_argument("--dir", default=None, help="where the Parquet files go (default: a temporary directory)")
    parser.add_argument("--memory-limit", default="1GB", help="DuckDB's memory_limit (default 1GB)")
    parser.add_argument("--pandas-max", default="20M", help="largest log the pandas path is run on (default 20M)")
    parser.add_argument("--summary", default="btyd", choices=["btyd", "rfm"], help="btyd_summary (default) or rfm_table")
    parser.add_argument("--paths", default="pandas,duckdb,polars", help="which paths to run (default all three)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--spill", default=tempfile.gettempdir(), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.file, args.child, args.memory_limit, args.spill, args.summary)
        return
    pandas_max = _rows(args.pandas_max)
    with tempfile.TemporaryDirectory(prefix="crmlab-bench-", dir=args.dir) as tmp:
        spill = str(Path(tmp) / "spill")
        print(
            f"crmlab {'BTYD summary' if args.summary == 'btyd' else 'RFM table'} "
            f"({', '.join(COLUMNS[args.summary])} per customer) from Parquet; "
            f"DuckDB runs with memory_limit={args.memory_limit} (spilling to disk beyond it), "
            f"a stand-in for a machine smaller than the log, rather than filling this one; "
            f"peak MB = the child process's maximum RSS, imports = its RSS after importing the libraries"
        )
        header = f"{'rows':>6} {'customers':>10} {'path':<8} {'seconds':>8} {'peak MB':>8} {'imports':>8}  checksum (column sums)"
        print(header)
        print("-" * len(header))
        for size in args.sizes:
            n_rows = _rows(size)
            path = Path(tmp) / f"log_{n_rows}.parquet"
            made = generate(path, n_rows)
            print(f"{size:>6} generated in {made:.1f} s: {path.stat().st_size / 1e6:,.0f} MB of Parquet")
            for how in args.paths.split(","):
                if how == "pandas" and n_rows > pandas_max:
                    print(f"{size:>6} {'':>10} {how:<8} {'not run':>8} {'':>8}  (above --pandas-max {args.pandas_max})")
                    continue
                r = run(path, how, args.memory_limit, spill, args.summary)
                if "error" in r:
                    print(f"{size:>6} {'':>10} {how:<8} {'failed':>8} {r['peak_mb']:>8,.0f}  {r['error'][:80]}")
                    continue
                print(
                    f"{size:>6} {r['customers']:>10,} {how:<8} {r['seconds']:>8.1f} {r['peak_mb']:>8,.0f} {r['base_mb']:>8,.0f}  "
                    f"{', '.join(f'{v:,.2f}' for v in r['checksum'])}"
                )
            path.unlink()


if __name__ == "__main__":
    main()
