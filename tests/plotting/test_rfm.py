"""crmlab.plotting.rfm: the figures of the RFM chapter, on Agg."""

import pytest

from crmlab import plotting
from crmlab import rfm as R
from crmlab.datasets import load_course_shop

from ._helpers import draw_without_missing_glyphs


def test_plot_rfm_figures():
    shop = load_course_shop()
    scores = R.rfm_scores(R.rfm_table(shop.transactions))
    profile = R.segment_profile(R.rfm_segments(scores))
    ax = plotting.plot_rfm_segments(profile)
    assert len(ax.patches) == 2 * len(profile)
    assert [p.get_width() for p in ax.patches[: len(profile)]] == pytest.approx(profile["customer_share"].tolist())
    ax2 = plotting.plot_rf_heatmap(scores)
    assert sum(int(t.get_text().split("（")[1].split(" ")[0]) for t in ax2.texts if t.get_text()) == len(scores)
    ax3 = plotting.plot_score_distribution(scores, score="r_score")
    assert sum(p.get_height() for p in ax3.patches) == len(scores)
    ax4 = plotting.plot_rfm_scatter(R.rfm_table(shop.transactions).table)
    assert len(ax4.collections[0].get_offsets()) == len(scores)
    for a in (ax, ax2, ax3, ax4):
        draw_without_missing_glyphs(a.figure)
