"""rfm_table on 2,000,000 transactions of 200,000 customers against a bare pandas groupby.

Target (issue 4): rfm_table costs at most 1.5x one bare
``groupby(customer).agg(max date, size, sum)`` over the same frame. Both are
timed in this run, on the same synthetic log (integer ids, datetime dates,
float amounts), and the ratio of the medians is printed.

    python benchmarks/bench_rfm.py [transactions] [customers] [repeats]
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np
import pandas as pd

from crmlab.rfm import rfm_table

TARGET = 1.5


def synthetic_log(n_rows: int, n_customers: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    start = np.datetime64("2023-01-01")
    return pd.DataFrame(
        {
            "customer_id": rng.integers(0, n_customers, n_rows),
            "date": start + rng.integers(0, 3 * 365, n_rows).astype("timedelta64[D]"),
            "amount": np.round(rng.gamma(2.0, 60.0, n_rows), 2),
        }
    )


def median_seconds(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(n_rows: int = 2_000_000, n_customers: int = 200_000, repeats: int = 7) -> None:
    log = synthetic_log(n_rows, n_customers)
    as_of = log["date"].max()

    def bare() -> pd.DataFrame:
        return log.groupby("customer_id").agg(last=("date", "max"), n=("date", "size"), total=("amount", "sum"))

    def crmlab() -> pd.DataFrame:
        return rfm_table(log, as_of=as_of).table

    # same answer first
    reference, ours = bare(), crmlab()
    assert (ours["frequency"].to_numpy() == reference["n"].to_numpy()).all()
    assert np.allclose(ours["monetary"].to_numpy(), reference["total"].to_numpy())
    bare()
    crmlab()  # warm up
    t_bare = median_seconds(bare, repeats)
    t_ours = median_seconds(crmlab, repeats)
    print(f"{n_rows:,} transactions, {n_customers:,} customers, median of {repeats} runs")
    print(f"bare pandas groupby(...).agg(max, size, sum): {t_bare * 1000:8.1f} ms")
    print(f"crmlab.rfm.rfm_table (checks included):       {t_ours * 1000:8.1f} ms")
    ratio = t_ours / t_bare
    print(f"ratio rfm_table / bare groupby: {ratio:.2f}  (target <= {TARGET}: {'met' if ratio <= TARGET else 'MISSED'})")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*args)
