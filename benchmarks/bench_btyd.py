"""crmlab.btyd against lifetimes, measured in the same run (issue 6).

Targets:

1. ``btyd_summary`` on 2,000,000 synthetic transactions of 200,000 customers at
   least 5x faster than lifetimes' ``summary_data_from_transaction_data``
   (same log, same answer, checked before timing);
2. identical results on CDNOW (all 69,659 transactions) by day and by week;
3. the BG/NBD fit on CDNOW's 2,357-customer calibration sample no slower than
   lifetimes' ``BetaGeoFitter`` (ratio <= 1).

lifetimes is a benchmark and cross-check dependency only (unmaintained, needs
pandas < 3), so run this in the cross-check environment that ``.ci/run`` builds::

    .venv-crosscheck/bin/python benchmarks/bench_btyd.py [transactions] [customers] [repeats]
"""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pandas as pd
from _common import median_seconds, synthetic_log  # benchmarks/ is on sys.path when a script runs

from crmlab.btyd import btyd_summary, fit_bgnbd
from crmlab.datasets import load_cdnow, load_cdnow_summary

SUMMARY_TARGET = 5.0
FIT_TARGET = 1.0


def same(ours: pd.DataFrame, theirs: pd.DataFrame) -> bool:
    return ours.index.tolist() == theirs.index.tolist() and all(
        np.allclose(ours[c].to_numpy(), theirs[c].to_numpy(), rtol=1e-12, atol=1e-9) for c in theirs.columns
    )


def main(n_rows: int = 2_000_000, n_customers: int = 200_000, repeats: int = 3) -> None:
    try:
        from lifetimes import BetaGeoFitter
        from lifetimes.utils import summary_data_from_transaction_data
    except ImportError:
        sys.exit("lifetimes is not installed here: run this in the cross-check environment (see the docstring)")
    warnings.simplefilter("ignore", FutureWarning)  # lifetimes on pandas 2

    # 2. identical on CDNOW, by day and by week
    master = load_cdnow()
    for freq in ("D", "W"):
        theirs = summary_data_from_transaction_data(master, "customer_id", "date", monetary_value_col="amount", freq=freq)
        ours = btyd_summary(master, freq=freq)
        print(f"CDNOW ({len(master):,} transactions) by {freq}: identical to lifetimes: {same(ours, theirs)}")

    # 1. summary speed on the synthetic log
    log = synthetic_log(n_rows, n_customers)
    as_of = log["date"].max()
    theirs = summary_data_from_transaction_data(log, "customer_id", "date", monetary_value_col="amount", observation_period_end=as_of)
    ours = btyd_summary(log, as_of=as_of)
    assert same(ours, theirs), "btyd_summary and lifetimes disagree on the synthetic log"
    t_theirs = median_seconds(
        lambda: summary_data_from_transaction_data(log, "customer_id", "date", monetary_value_col="amount", observation_period_end=as_of),
        repeats,
    )
    t_ours = median_seconds(lambda: btyd_summary(log, as_of=as_of), repeats)
    speedup = t_theirs / t_ours
    print(f"btyd_summary, {n_rows:,} transactions of {n_customers:,} customers (median of {repeats}):")
    print(f"  lifetimes {t_theirs:.2f} s, crmlab {t_ours:.2f} s: crmlab is {speedup:.1f}x faster "
          f"(target >= {SUMMARY_TARGET:g}x: {'met' if speedup >= SUMMARY_TARGET else 'NOT met'})")  # fmt: skip

    # 3. BG/NBD fit on the CDNOW calibration sample
    s = load_cdnow_summary()
    f, r, t = s["frequency"], s["recency"], s["T"]
    fit_repeats = max(5, repeats * 5)
    t_theirs = median_seconds(lambda: BetaGeoFitter().fit(f, r, t), fit_repeats)
    t_ours = median_seconds(lambda: fit_bgnbd(f, r, t), fit_repeats)
    ratio = t_ours / t_theirs
    print(f"BG/NBD fit on CDNOW's {len(s):,} customers (median of {fit_repeats}):")
    print(f"  lifetimes {t_theirs * 1000:.0f} ms, crmlab {t_ours * 1000:.0f} ms: ratio crmlab/lifetimes {ratio:.2f} "
          f"(target <= {FIT_TARGET:g}: {'met' if ratio <= FIT_TARGET else 'NOT met'})")  # fmt: skip


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
