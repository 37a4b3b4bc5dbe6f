"""How long one slider update takes in every explorer of the course (target: median under 100 ms).

For each explorer, every control is moved back and forth between two values; each move is one
update (recompute through the crmlab function, redraw, PNG encoding, table HTML), timed with
the same clock. "frame kept" is the share of updates that drew only the data on the kept
background (the axes did not change; see crmlab/widgets/_image.py); the others drew all.
As a reference measured in the same run, the script times the straightforward way for the
CLV explorer: clear both axes, draw anew with plot_dcf / plot_clv_composition and save a PNG. Prints one line per explorer with its median, slowest control and ratio to the target.

    python benchmarks/bench_widgets.py [repeats]
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time

TARGET_MS = 100.0
CLOCK = time.process_time if os.environ.get("BENCH_CPU_TIME") else time.perf_counter


def _other(control, value):
    """A second legal value for a control, to move it back and forth."""
    if hasattr(control, "options") and control.options:
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        values = [v for v in values if v != value]
        return values[len(values) // 2]
    lo, hi = control.min, control.max
    step = control.step or 1
    if isinstance(value, tuple):  # a range slider: move its lower end
        low = value[0] + step if value[0] + step <= value[1] else value[0] - step
        return (type(value[0])(low), value[1])
    target = value + 3 * step if value + 3 * step <= hi else value - 3 * step
    return type(value)(min(max(target, lo), hi))


def explorers():
    """(name, factory) for every explorer of the course, built on the course data."""
    from crmlab import btyd, rfm
    from crmlab.customers import customer_totals
    from crmlab.datasets import load_campaign, load_cdnow, load_course_shop, load_shop_crm
    from crmlab.targeting import campaign_features
    from crmlab import widgets as W

    shop = load_course_shop()
    truth = shop.customers.set_index("customer_id")["value_type"]
    ch = btyd.calibration_holdout(load_cdnow("sample"), customer="sample_id", calibration_end="1997-09-30", time_unit="W")
    fit = btyd.fit_bgnbd(ch["frequency_cal"], ch["recency_cal"], ch["T_cal"])
    gg = btyd.fit_gamma_gamma(ch["frequency_cal"], ch["monetary_value_cal"])
    totals = customer_totals(shop.transactions)
    campaign = load_campaign()
    campaign["recency_days"] = campaign["customer_id"].map(
        campaign_features(shop.transactions, as_of="2025-06-30")["recency_days"]
    )  # a one-feature score: the mailing curve has every customer of the campaign
    return [
        ("clv_explorer (ch. 6)", W.clv_explorer),
        ("abc_explorer (ch. 2)", lambda: W.abc_explorer(totals)),
        ("status_explorer (ch. 2)", lambda: W.status_explorer(shop.transactions, shop.customers)),
        ("delivered_value_explorer (ch. 3)", W.delivered_value_explorer),
        ("rfm_explorer (ch. 4)", lambda: W.rfm_explorer(rfm.rfm_table(shop.transactions))),
        ("lifecycle_explorer (ch. 5)", W.lifecycle_explorer),
        ("churn_warning_explorer (ch. 5)", lambda: W.churn_warning_explorer(shop.transactions, as_of="2025-06-29")),
        ("retention_lift_explorer (ch. 7)", W.retention_lift_explorer),
        ("loyalty_explorer (ch. 7)", W.loyalty_explorer),
        ("service_profit_chain_explorer (ch. 7)", W.service_profit_chain_explorer),
        ("sbg_explorer (ch. 8)", W.sbg_explorer),
        ("predictive_clv_explorer (ch. 10)", lambda: W.predictive_clv_explorer(ch, bgnbd=fit, gamma_gamma=gg, time_unit="W")),
        ("alive_explorer (ch. 10)", lambda: W.alive_explorer(fit)),
        ("heterogeneity_explorer (appendix B)", W.heterogeneity_explorer),
        ("campaign_value_explorer (ch. 9)", lambda: W.campaign_value_explorer(campaign)),
        ("mailing_depth_explorer (ch. 9)", lambda: W.mailing_depth_explorer(campaign["purchased"], -campaign["recency_days"])),
        ("optimisation_explorer (ch. 11)", W.optimisation_explorer),
        ("cltv_explorer (ch. 11)", W.cltv_explorer),
        ("target_funnel_explorer (ch. 1)", lambda: W.target_funnel_explorer(load_shop_crm().profiles)),
        ("segmentation_explorer (ch. 1)", lambda: W.segmentation_explorer(shop.survey, truth=truth)),
        ("strategy_explorer (ch. 12)", lambda: W.strategy_explorer(_capstone_overview(shop))),
    ]


def _capstone_overview(shop):
    """Chapter 12's customer overview of the course shop (as in the notebook)."""
    from crmlab import capstone

    margin = capstone.gross_margin(shop.transactions)
    churn = capstone.yearly_churn(shop.transactions, as_of="2025-12-31")
    both = capstone.clv_side_by_side(shop.transactions, as_of="2025-12-31", margin=margin, churn_rate=churn)
    return capstone.customer_overview(shop.transactions, as_of="2025-12-31", clv=both, people=shop.customers)


def kept_frames(explorer) -> tuple[int, int]:
    """How many of the explorer's drawings kept the frame (data drawn on the background), out of all."""
    from crmlab.widgets._image import _PlotImage

    images = [v for v in vars(explorer).values() if isinstance(v, _PlotImage)]
    kept = sum(image.data_draws for image in images)
    return kept, kept + sum(image.full_draws for image in images)


def time_explorer(explorer, repeats: int) -> tuple[float, str, float]:
    """Median update time over all controls, and the slowest control with its median (ms)."""
    per_control = {}
    for name, control in explorer.controls.items():
        start_value = control.value
        other = _other(control, start_value)
        values = [other, start_value]
        control.value = other  # warm up this control's path
        control.value = start_value
        times = []
        for i in range(repeats):
            t0 = CLOCK()
            control.value = values[i % 2]
            times.append(CLOCK() - t0)
        control.value = start_value
        per_control[name] = times
    everything = [t for times in per_control.values() for t in times]
    slowest = max(per_control, key=lambda k: statistics.median(per_control[k]))
    return statistics.median(everything) * 1000, slowest, statistics.median(per_control[slowest]) * 1000


def reference_ms(repeats: int) -> float:
    """Clear + redraw from scratch + savefig, the straightforward way, for the CLV explorer's figure."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from crmlab.clv import clv_breakdown
    from crmlab.datasets import zhangsan
    from crmlab.plotting import plot_clv_composition, plot_dcf, use_course_style

    use_course_style()
    figure = Figure(figsize=(13, 4.8), dpi=90)  # as the CLV explorer's, on matplotlib's own Agg canvas
    FigureCanvasAgg(figure)
    figure.subplots_adjust(left=0.07, right=0.975, bottom=0.12, top=0.84, wspace=0.2)
    left, right = figure.subplots(1, 2, width_ratios=[1.15, 1])
    churn = [0.15, 0.25]
    times = []
    for i in range(repeats):
        t0 = CLOCK()
        result = clv_breakdown(**{**zhangsan(), "churn_rate": churn[i % 2]})
        left.clear()
        right.clear()
        plot_dcf(result, ax=left)
        plot_clv_composition(result, ax=right)
        figure.savefig(io.BytesIO(), format="png")
        times.append(CLOCK() - t0)
    return statistics.median(times) * 1000


def main(repeats: int = 10) -> None:
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; {repeats} moves per control")
    print(f"{'explorer':38s} {'median':>9s} {'/target':>8s} {'frame kept':>11s}   slowest control")
    worst = 0.0
    for name, factory in explorers():
        explorer = factory()
        before = kept_frames(explorer)
        med, slow, slow_ms = time_explorer(explorer, repeats)
        kept, total = (now - then for now, then in zip(kept_frames(explorer), before))
        worst = max(worst, med)
        share = f"{kept / total:.0%}" if total else "no figure"
        print(f"{name:38s} {med:7.1f} ms {med / TARGET_MS:7.2f} {share:>11s}   {slow} ({slow_ms:.1f} ms)")
    ref = reference_ms(max(repeats, 5))
    print(f"reference: CLV charts cleared and drawn anew + savefig: {ref:.1f} ms")
    print(f"slowest explorer median / target ({TARGET_MS:.0f} ms): {worst / TARGET_MS:.2f} "
          f"({'all meet' if worst <= TARGET_MS else 'MISSES'} the target)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
