"""crmlab.plotting.clv: the figures of the CLV chapter, on Agg."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from crmlab import plotting
from crmlab.clv import clv_analysis, clv_breakdown, sensitivity_table, tornado_table
from crmlab.datasets import streamnow_members, zhangsan

from ._helpers import draw_without_missing_glyphs


def test_plot_dcf():
    plotting.use_course_style()
    r = clv_breakdown(**zhangsan())
    ax = plotting.plot_dcf(r)
    heights = [p.get_height() for p in ax.patches]
    assert heights[:5] == pytest.approx(r.table["expected_profit"].tolist())
    assert heights[5:] == pytest.approx(r.table["present_value"].tolist())
    assert "3,058.7" in ax.get_title()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["第1年", "第2年", "第3年", "第4年", "第5年"]
    draw_without_missing_glyphs(ax.figure)


def test_plot_dcf_infinite_horizon_and_given_axes():
    fig, (a, b) = plt.subplots(1, 2)
    r = clv_breakdown(**{**zhangsan(), "horizon": None})
    assert plotting.plot_dcf(r, ax=b) is b
    assert len(b.patches) == 2 * len(r.table)
    assert "无限期" in b.get_title()
    assert not a.patches


def test_dcf_chart_updates_in_place():
    fig, ax = plt.subplots()
    chart = plotting.DCFChart(ax, 5)
    chart.update(clv_breakdown(**zhangsan()))
    chart.update(clv_breakdown(**{**zhangsan(), "churn_rate": 0.5}))
    assert len(ax.patches) == 10
    assert ax.patches[0].get_height() == pytest.approx(1440 * 0.5)
    assert ax.get_ylim()[1] < 1000  # rescaled to the new, smaller bars
    with pytest.raises(ValueError, match="built for 5 years"):
        chart.update(clv_breakdown(**{**zhangsan(), "horizon": 3}))


def test_plot_clv_composition_waterfall():
    plotting.use_course_style()
    r = clv_breakdown(**zhangsan())
    ax = plotting.plot_clv_composition(r)
    bars = ax.patches
    tops = [b.get_y() + b.get_height() for b in bars]
    assert tops[:4] == pytest.approx(np.cumsum([r.historical, r.current, r.upsell, r.referral]).tolist())
    assert bars[-1].get_height() == pytest.approx(r.total)
    labels = [t.get_text() for t in ax.texts]
    assert "8,867" in labels and "4,320" in labels
    draw_without_missing_glyphs(ax.figure)


def test_waterfall_with_a_negative_part():
    r = clv_breakdown(**{**zhangsan(), "referrals_per_year": 0})
    ax = plotting.plot_clv_composition(r)
    assert ax.patches[3].get_height() == -500
    assert "-500" in [t.get_text() for t in ax.texts]


def test_plot_tornado():
    t = tornado_table(zhangsan())
    ax = plotting.plot_tornado(t)
    assert len(ax.patches) == 2 * len(t)
    labels = [x.get_text() for x in ax.get_yticklabels()]
    assert labels[-1].startswith("年收入")  # largest swing on top
    assert "16% → 24%" in " ".join(labels)
    draw_without_missing_glyphs(ax.figure)


def test_plot_sensitivity():
    t = sensitivity_table(zhangsan(), factor="discount_rate", values=[0.05, 0.1, 0.15])
    ax = plotting.plot_sensitivity(t, base_value=0.1)
    assert ax.get_xlabel() == "折现率"
    assert ax.get_lines()[0].get_ydata().tolist() == pytest.approx(t["total"].tolist())
    draw_without_missing_glyphs(ax.figure)


def test_plot_segments_and_cac():
    a = clv_analysis(streamnow_members(), margin=0.6, discount_rate=0.1)
    ax = plotting.plot_clv_segments(a.segments)
    assert sum(len(c.get_offsets()) for c in ax.collections) == 12
    assert "张三" in [t.get_text() for t in ax.texts]
    ax2 = plotting.plot_clv_vs_cac(a.investment)
    assert sum(len(c.get_offsets()) for c in ax2.collections) == 12
    draw_without_missing_glyphs(ax.figure)
    draw_without_missing_glyphs(ax2.figure)
