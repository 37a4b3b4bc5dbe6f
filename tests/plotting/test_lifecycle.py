"""crmlab.plotting.lifecycle: the figures of the lifecycle chapter, on Agg."""

import pytest

from crmlab import lifecycle as LC
from crmlab import plotting
from crmlab.datasets import load_course_shop

from ._helpers import draw_without_missing_glyphs


def test_plot_lifecycle_figures():
    curve = LC.lifecycle_curve()
    ax = plotting.plot_lifecycle_curve(curve)
    assert ax.get_lines()[0].get_ydata().tolist() == pytest.approx(curve["transaction_volume"].tolist())
    assert [t.get_text() for t in ax.texts] == list(LC.STAGES)
    ax2 = plotting.plot_pattern_curves({p: LC.pattern_curve(p) for p in LC.PATTERNS})
    assert [t.get_text() for t in ax2.get_legend().get_texts()] == list(LC.PATTERNS)
    shop = load_course_shop()
    funnel = LC.journey_funnel(shop.customers, shop.transactions, shop.channels, as_of="2025-12-31")
    ax3 = plotting.plot_funnel(funnel)
    assert [p.get_width() for p in ax3.patches] == funnel["count"].tolist()
    visits = LC.simulate_visits(seed=1)
    ax4 = plotting.plot_visits(visits, warnings=["2024-10-06"], until="2024-11-11")
    assert sum(p.get_height() for p in ax4.patches) == len(visits)
    series = LC.period_series(shop.transactions, as_of="2025-12-31")
    ax5 = plotting.plot_customer_series(series.iloc[0])
    assert len(ax5.patches) == series.iloc[0].notna().sum()
    for a in (ax, ax2, ax3, ax4, ax5):
        draw_without_missing_glyphs(a.figure)
