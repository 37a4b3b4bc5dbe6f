"""Helpers shared by the benchmark scripts: a synthetic transaction log and a median timer."""

from __future__ import annotations

import statistics
import time

import numpy as np
import pandas as pd


def synthetic_log(n_rows: int, n_customers: int, seed: int = 1) -> pd.DataFrame:
    """``n_rows`` purchases of ``n_customers`` customers over three years: integer ids, dates, amounts."""
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
    """Median wall time of ``repeats`` calls of ``action``."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
