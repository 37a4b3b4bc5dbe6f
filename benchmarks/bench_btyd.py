"""crmlab.btyd against lifetimes, measured in the same run (issue 6).

Targets:

1. ``btyd_summary`` on 2,000,000 synthetic transactions of 200,000 customers at
   least 5x faster than lifetimes' ``summary_data_from_transaction_data``
   (same log, same answer, checked before timing);
2. identical results on CDNOW (all 69,659 transactions) by day and by week;
3. the BG/NBD fit on CDNOW's 2,357-customer calibration sample no slower than
   lifetimes' ``BetaGeoFitter`` (ratio <= 1), and the same for the Gamma-Gamma
   fit against ``GammaGammaFitter`` (issue 14: with default thread settings);
4. for every fit (BG/NBD, Gamma-Gamma, sBG) also the time without the one-BLAS-thread
   limit of ``crmlab._fit.maximise`` (what crmlab did before issue 14), as a ratio
   "limited / unlimited" measured in the same run; lifetimes has no sBG model;
5. the BG/NBD and Gamma-Gamma fits on a synthetic summary of 200,000 customers whose
   rows are all distinct (continuous ``recency``, ``T`` and spend: no weights to gain
   from repeated rows), no slower than lifetimes (ratio <= 1), with the same estimates.

lifetimes is a benchmark and cross-check dependency only (unmaintained, needs
pandas < 3), so run this in the cross-check environment that ``.ci/run`` builds::

    .venv-crosscheck/bin/python benchmarks/bench_btyd.py [transactions] [customers] [repeats]
    .venv-crosscheck/bin/python benchmarks/bench_btyd.py fits [repeats]   # only the fits (3, 4 and 5)
    .venv-crosscheck/bin/python benchmarks/bench_btyd.py large [repeats]  # only the 200k fits (5)
"""

from __future__ import annotations

import contextlib
import sys
import warnings

import numpy as np
import pandas as pd
from _common import median_seconds, synthetic_log  # benchmarks/ is on sys.path when a script runs

from crmlab import _fit
from crmlab.btyd import btyd_summary, fit_bgnbd, fit_gamma_gamma, simulate_bgnbd
from crmlab.datasets import fader_hardie_2007, load_cdnow, load_cdnow_summary
from crmlab.retention import fit_sbg

SUMMARY_TARGET = 5.0
FIT_TARGET = 1.0


def same(ours: pd.DataFrame, theirs: pd.DataFrame) -> bool:
    return ours.index.tolist() == theirs.index.tolist() and all(
        np.allclose(ours[c].to_numpy(), theirs[c].to_numpy(), rtol=1e-12, atol=1e-9) for c in theirs.columns
    )


def main(n_rows: int = 2_000_000, n_customers: int = 200_000, repeats: int = 3) -> None:
    try:
        from lifetimes.utils import summary_data_from_transaction_data
    except ImportError:
        sys.exit("lifetimes is not installed here: run this in the cross-check environment (see the docstring)")
    warnings.simplefilter("ignore", FutureWarning)  # lifetimes on pandas 2

    # 2. identical on CDNOW, by day and by week
    master = load_cdnow()
    for freq in ("D", "W"):
        theirs = summary_data_from_transaction_data(master, "customer_id", "date", monetary_value_col="amount", freq=freq)
        ours = btyd_summary(master, period=freq, time_unit=freq)
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

    fits(max(5, repeats * 5))
    large(repeats)


def unlimited(action):
    """``action`` run without crmlab's one-BLAS-thread limit around the optimiser (as before issue 14)."""

    def run():
        limited = _fit.one_blas_thread
        _fit.one_blas_thread = contextlib.nullcontext
        try:
            return action()
        finally:
            _fit.one_blas_thread = limited

    return run


def fits(fit_repeats: int = 15) -> None:
    """3. and 4.: fit times on CDNOW (BG/NBD, Gamma-Gamma) and Fader & Hardie's cohort (sBG)."""
    try:
        from lifetimes import BetaGeoFitter, GammaGammaFitter
    except ImportError:
        sys.exit("lifetimes is not installed here: run this in the cross-check environment (see the docstring)")
    from threadpoolctl import threadpool_info

    warnings.simplefilter("ignore", FutureWarning)

    blas = ", ".join(f"{lib['internal_api']} {lib['num_threads']} threads" for lib in threadpool_info() if lib["user_api"] == "blas")
    print(f"BLAS with default settings: {blas}")
    s = load_cdnow_summary()
    f, r, t = s["frequency"], s["recency"], s["T"]
    spend = btyd_summary(load_cdnow("sample"), customer="sample_id", as_of="1997-09-30", time_unit="W")
    repeat = spend[spend["frequency"] > 0]
    cohort = fader_hardie_2007()["regular"].iloc[:8].tolist()
    cases = [
        (f"BG/NBD fit on CDNOW's {len(s):,} customers", lambda: fit_bgnbd(f, r, t), lambda: BetaGeoFitter().fit(f, r, t)),
        (f"Gamma-Gamma fit on CDNOW's {len(repeat):,} repeat customers", lambda: fit_gamma_gamma(spend["frequency"], spend["monetary_value"]),
         lambda: GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])),
        ("sBG fit on Fader & Hardie's 'regular' cohort (8 years)", lambda: fit_sbg(cohort), None),
    ]  # fmt: skip
    for title, ours, theirs in cases:
        ours()  # warm up (first calls load code and inspect the BLAS libraries)
        t_ours = median_seconds(ours, fit_repeats)
        t_free = median_seconds(unlimited(ours), fit_repeats)
        print(f"{title} (median of {fit_repeats}):")
        line = f"  crmlab {t_ours * 1000:.1f} ms; without the BLAS limit {t_free * 1000:.1f} ms: ratio limited/unlimited {t_ours / t_free:.2f}"
        if theirs is not None:
            t_theirs = median_seconds(theirs, fit_repeats)
            ratio = t_ours / t_theirs
            line += (f"\n  lifetimes {t_theirs * 1000:.1f} ms: ratio crmlab/lifetimes {ratio:.2f} "
                     f"(target <= {FIT_TARGET:g}: {'met' if ratio <= FIT_TARGET else 'NOT met'}); "
                     f"without the limit {t_free / t_theirs:.2f}")  # fmt: skip
        print(line)


def synthetic_summary(n_customers: int = 200_000, seed: int = 7) -> pd.DataFrame:
    """``frequency``, ``recency``, ``T`` (weeks) from the BG/NBD model and ``monetary_value`` from the Gamma-Gamma model.

    Parameters near CDNOW's (BG/NBD 0.25, 4, 0.8, 2.5; Gamma-Gamma 6.25, 3.74, 15.44); ``T``
    is uniform on 1-78 weeks, so that every row is distinct.
    """
    rng = np.random.default_rng(seed)
    sim = simulate_bgnbd(r=0.25, alpha=4.0, a=0.8, b=2.5, T=rng.uniform(1.0, 78.0, n_customers), seed=seed)
    x = sim["frequency"].to_numpy()
    nu = rng.gamma(3.74, 1 / 15.44, n_customers)  # each customer's spend rate
    spend = np.where(x > 0, rng.gamma(6.25 * np.maximum(x, 1), 1 / (nu * np.maximum(x, 1))), 0.0)  # mean of x spends
    return sim[["frequency", "recency", "T"]].assign(monetary_value=spend)


def large(fit_repeats: int = 3) -> None:
    """5.: BG/NBD and Gamma-Gamma on a 200,000-customer summary with all rows distinct, against lifetimes."""
    try:
        from lifetimes import BetaGeoFitter, GammaGammaFitter
    except ImportError:
        sys.exit("lifetimes is not installed here: run this in the cross-check environment (see the docstring)")
    warnings.simplefilter("ignore", FutureWarning)
    s = synthetic_summary()
    f, r, t = s["frequency"], s["recency"], s["T"]
    repeat = s[s["frequency"] > 0]
    distinct = len(s.drop_duplicates(["frequency", "recency", "T"]))
    cases = [
        (f"BG/NBD fit on {len(s):,} synthetic customers ({distinct:,} distinct rows)", lambda: fit_bgnbd(f, r, t),
         lambda: BetaGeoFitter().fit(f, r, t), ("r", "alpha", "a", "b")),
        (f"Gamma-Gamma fit on {len(repeat):,} synthetic repeat customers", lambda: fit_gamma_gamma(s["frequency"], s["monetary_value"]),
         lambda: GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"]), ("p", "q", "v")),
    ]  # fmt: skip
    for title, ours, theirs, names in cases:
        mine, other = ours(), theirs()  # warm up, and the same estimates first
        ours_values = np.array(list(mine.params.values()))
        their_values = np.array([other.params_[name] for name in names])
        t_ours = median_seconds(ours, fit_repeats)
        t_theirs = median_seconds(theirs, fit_repeats)
        ratio = t_ours / t_theirs
        print(f"{title} (median of {fit_repeats}):")
        print(f"  crmlab {t_ours * 1000:.0f} ms, lifetimes {t_theirs * 1000:.0f} ms: ratio crmlab/lifetimes {ratio:.2f} "
              f"(target <= {FIT_TARGET:g}: {'met' if ratio <= FIT_TARGET else 'NOT met'}); "
              f"largest relative difference of the estimates {np.max(np.abs(ours_values / their_values - 1)):.1e}")  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1:2] == ["fits"]:
        fits(*(int(a) for a in sys.argv[2:]))
        large()
    elif sys.argv[1:2] == ["large"]:
        large(*(int(a) for a in sys.argv[2:]))
    else:
        main(*(int(a) for a in sys.argv[1:]))
