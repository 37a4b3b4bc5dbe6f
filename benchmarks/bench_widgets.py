"""How long one update of the CLV explorer takes: recompute + redraw (target: under 100 ms).

Moves the churn slider back and forth and times each update (clv_breakdown, the two
charts updated in place, PNG encoding, the DCF table as HTML). As a reference measured
in the same run it times the straightforward way: clear both axes, draw them anew with
plot_dcf / plot_clv_composition, and save a PNG. Prints medians and ratios.

    python benchmarks/bench_widgets.py [repeats]
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time

TARGET_MS = 100.0


def median_ms(action, repeats: int) -> float:
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        action(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(repeats: int = 40) -> None:
    from crmlab.clv import clv_breakdown
    from crmlab.datasets import zhangsan
    from crmlab.plotting import plot_clv_composition, plot_dcf
    from crmlab.widgets import clv_explorer

    explorer = clv_explorer()
    churn = [0.15, 0.25]

    def update(i: int) -> None:
        explorer.controls["churn_rate"].value = churn[i % 2]

    def compute_only(i: int) -> None:
        clv_breakdown(**{**zhangsan(), "churn_rate": churn[i % 2]})

    def redraw_from_scratch(i: int) -> None:
        result = clv_breakdown(**{**zhangsan(), "churn_rate": churn[i % 2]})
        left, right = explorer._axes
        left.clear()
        right.clear()
        plot_dcf(result, ax=left)
        plot_clv_composition(result, ax=right)
        explorer.figure.savefig(io.BytesIO(), format="png")

    update(1)  # warm up fonts and caches
    t_update = median_ms(update, repeats)
    t_compute = median_ms(compute_only, repeats)
    t_reference = median_ms(redraw_from_scratch, max(repeats // 2, 5))  # last: it rebuilds the axes

    cores = os.cpu_count()
    print(f"machine: {cores} cores, Python {sys.version.split()[0]}")
    print(f"explorer update (recompute + redraw), median of {repeats}: {t_update:7.1f} ms")
    print(f"  of which clv_breakdown alone:                     {t_compute:7.2f} ms")
    print(f"reference: clear + redraw from scratch + savefig:    {t_reference:7.1f} ms")
    print(f"ratio update / reference:  {t_update / t_reference:.2f}")
    print(f"ratio update / target ({TARGET_MS:.0f} ms): {t_update / TARGET_MS:.2f}  "
          f"({'meets' if t_update < TARGET_MS else 'MISSES'} the target)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
