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
the DuckDB memory limit shows is not needed. For every log the benchmark also
prints its size decoded (as Arrow columns) and the memory the
pandas path needs just to hold it (``memory_usage(deep=True)`` of the first row
group, scaled to all rows), next to DuckDB's ``memory_limit``.

``--cap`` gives every child the same hard memory budget (``RLIMIT_AS``, Linux):
a stand-in for a laptop smaller than the log. Under it the pandas path is run
at every size (the cap protects the machine) and fails with a ``MemoryError``
once the log does not fit, while DuckDB, told to stay below the budget with
``--memory-limit``, spills to disk and finishes with the same numbers.

    pip install -e ".[engine,bench]"
    python benchmarks/bench_engine.py                 # 2M rows only (about a minute)
    python benchmarks/bench_engine.py 2M 20M 100M     # 870 MB of Parquet at 100M rows; pandas skipped there
    python benchmarks/bench_engine.py 100M --paths duckdb --memory-limit 8GB
    python benchmarks/bench_engine.py 2M 20M --summary rfm   # rfm_table instead of btyd_summary
    python benchmarks/bench_engine.py 20M --cap 2GB --memory-limit 200MB --paths pandas,duckdb
        # a machine with 2 GB for the analysis: pandas fails, DuckDB finishes

On the shared 2-core development machine (load 7-9), that last command printed:
the 20M-row log is 164 MB of Parquet and 458 MB as a pandas DataFrame; pandas
failed (``ArrowMemoryError`` while reading, at 1,162 MB resident); DuckDB with a
``memory_limit`` of 200 MB (0.44x the pandas copy) finished in 55 s at 424 MB
peak. (DuckDB reserves more address space than it uses: under a 1 GB cap it
fails even with a 300 MB ``memory_limit``, so give it at least 2 GB.)
"""

from __future__ import annotations

import argparse
import json
import os
import re
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


def _bytes(text: str) -> int:
    """``"300MB"``, ``"1GB"`` or ``"1.5GB"`` in bytes (DuckDB's spelling of memory sizes)."""
    text = text.upper().replace("IB", "B").strip()
    for unit, factor in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * factor)
    return int(text)


def sizes(path: Path) -> tuple[float, float]:
    """MB of the log decoded (as Arrow) and held by pandas: the first row group measured, scaled to all rows."""
    import pyarrow.parquet as pq

    file = pq.ParquetFile(path)
    rows = file.metadata.num_rows
    first = file.read_row_group(0)
    decoded = first.nbytes / first.num_rows * rows
    in_pandas = first.to_pandas().memory_usage(deep=True, index=True).sum() / first.num_rows * rows
    return decoded / 2**20, float(in_pandas) / 2**20


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


def child(path: str, how: str, memory_limit: str, spill: str, summary: str = "btyd", cap: str = "") -> None:
    """Run one path and print its time and checksum as JSON (peak memory is read by the parent).

    With ``cap`` the process may not use more address space than that (``RLIMIT_AS``): an
    allocation beyond it fails with a ``MemoryError`` instead of growing into the machine's memory.
    """
    import importlib
    import resource

    if cap:
        resource.setrlimit(resource.RLIMIT_AS, (_bytes(cap), _bytes(cap)))

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


def run(path: Path, how: str, memory_limit: str, spill: str, summary: str, cap: str = "") -> dict:
    """Run one path in a subprocess; its peak RSS comes from ``os.wait4`` on that child alone."""
    cmd = [sys.executable, __file__, "--child", how, "--file", str(path), "--memory-limit", memory_limit, "--spill", spill]
    cmd += ["--summary", summary] + (["--cap", cap] if cap else [])
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
        lines = err.strip().splitlines() or ["failed"]
        memory = [line for line in lines if re.search(r"memory|alloc", line, flags=re.I)]
        return {"error": (memory or lines)[-1], "peak_mb": peak, "wall": wall}
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
    parser.add_argument(
        "--cap", default="", help="hard memory budget of every path, e.g. 1GB (RLIMIT_AS, Linux); pandas then runs at every size"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--spill", default=tempfile.gettempdir(), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.file, args.child, args.memory_limit, args.spill, args.summary, args.cap)
        return
    pandas_max = _rows(args.pandas_max) if not args.cap else float("inf")
    limit_mb = _bytes(args.memory_limit) / 2**20
    with tempfile.TemporaryDirectory(prefix="crmlab-bench-", dir=args.dir) as tmp:
        spill = str(Path(tmp) / "spill")
        print(
            f"crmlab {'BTYD summary' if args.summary == 'btyd' else 'RFM table'} "
            f"({', '.join(COLUMNS[args.summary])} per customer) from Parquet; "
            f"DuckDB runs with memory_limit={args.memory_limit} (spilling to disk beyond it), "
            f"a stand-in for a machine smaller than the log, rather than filling this one; "
            + (f"every path may use at most {args.cap} of address space (--cap); " if args.cap else "")
            + "peak MB = the child process's maximum RSS, imports = its RSS after importing the libraries"
        )
        header = f"{'rows':>6} {'customers':>10} {'path':<8} {'seconds':>8} {'peak MB':>8} {'imports':>8}  checksum (column sums)"
        print(header)
        print("-" * len(header))
        for size in args.sizes:
            n_rows = _rows(size)
            path = Path(tmp) / f"log_{n_rows}.parquet"
            made = generate(path, n_rows)
            decoded, in_pandas = sizes(path)
            print(
                f"{size:>6} generated in {made:.1f} s: {path.stat().st_size / 2**20:,.0f} MB of Parquet, "
                f"{decoded:,.0f} MB decoded, {in_pandas:,.0f} MB as a pandas DataFrame "
                f"(DuckDB's memory_limit: {limit_mb:,.0f} MB = {limit_mb / in_pandas:.2f}x the pandas copy)"
            )
            for how in args.paths.split(","):
                if how == "pandas" and n_rows > pandas_max:
                    print(f"{size:>6} {'':>10} {how:<8} {'not run':>8} {'':>8}  (above --pandas-max {args.pandas_max})")
                    continue
                r = run(path, how, args.memory_limit, spill, args.summary, args.cap)
                if "error" in r:
                    print(f"{size:>6} {'':>10} {how:<8} {'failed':>8} {r['peak_mb']:>8,.0f} {'':>8}  {r['error'][:100]}")
                    continue
                print(
                    f"{size:>6} {r['customers']:>10,} {how:<8} {r['seconds']:>8.1f} {r['peak_mb']:>8,.0f} {r['base_mb']:>8,.0f}  "
                    f"{', '.join(f'{v:,.2f}' for v in r['checksum'])}"
                )
            path.unlink()


if __name__ == "__main__":
    main()
