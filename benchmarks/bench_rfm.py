"""rfm_table on 2,000,000 transactions of 200,000 customers against a bare pandas groupby.

Target (issue 4): rfm_table costs at most 1.5x one bare
``groupby(customer).agg(max date, size, sum)`` over the same frame. Both are
timed in this run, on the same synthetic log (integer ids, datetime dates,
float amounts), and the ratio of the medians is printed.

    python benchmarks/bench_rfm.py [transactions] [customers] [repeats]
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
from _common import median_seconds, synthetic_log  # benchmarks/ is on sys.path when a script runs

from crmlab.rfm import rfm_table

TARGET = 1.5


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
