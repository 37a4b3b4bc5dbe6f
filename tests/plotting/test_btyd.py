"""crmlab.plotting.btyd: the figures of the predictive-CLV chapter, on Agg."""

import pytest

from crmlab import btyd as BT
from crmlab import plotting
from crmlab.datasets import load_cdnow

from ._helpers import draw_without_missing_glyphs


def test_plot_btyd_figures():
    t = load_cdnow("sample")
    ch = BT.calibration_holdout(t, customer="sample_id", calibration_end="1997-09-30", time_unit="W")
    fit = BT.fit_bgnbd(ch["frequency_cal"], ch["recency_cal"], ch["T_cal"])
    gg = BT.fit_gamma_gamma(ch["frequency_cal"], ch["monetary_value_cal"])
    hist = BT.frequency_histogram(fit, ch["frequency_cal"], ch["T_cal"])
    ax = plotting.plot_frequency_histogram(hist)
    assert [p.get_height() for p in ax.patches[:8]] == hist["actual"].tolist()
    ax2 = plotting.plot_holdout_by_frequency(BT.holdout_by_frequency(fit, ch))
    assert ax2.get_xticklabels()[0].get_text() == "0\n（1411人）"
    tr = BT.tracking_table(t, fit, customer="sample_id", time_unit="W", calibration_end="1997-09-30")
    ax3 = plotting.plot_tracking(tr)
    assert ax3.get_lines()[0].get_ydata()[-1] == tr["actual_cumulative"].iloc[-1]
    assert len(ax3.get_lines()) == 3  # actual, expected, end of calibration
    matrix = BT.frequency_recency_matrix(fit, T=39, kind="alive")
    ax4 = plotting.plot_frequency_recency_matrix(matrix, kind="alive")
    assert ax4.images[0].get_array().shape == matrix.shape
    ax5 = plotting.plot_alive_curve(fit, frequency=2, T=39, recency=30.43)
    assert ax5.get_lines()[1].get_ydata()[0] == pytest.approx(fit.probability_alive([2], [30.43], [39])[0])
    spend = gg.conditional_expected_spend(ch["frequency_cal"], ch["monetary_value_cal"])
    ax6 = plotting.plot_spend_shrinkage(ch["frequency_cal"], ch["monetary_value_cal"], spend, population_mean=gg.mean_spend)
    assert len(ax6.collections[0].get_offsets()) == 946
    value = BT.customer_lifetime_value(ch, bgnbd=fit, gamma_gamma=gg, time_unit="W", horizon=3, discount_rate=0.1, margin=0.3)
    ax7 = plotting.plot_clv_distribution(value["clv"])
    assert "前 20% 客户占总价值的" in ax7.texts[0].get_text()
    ax8 = plotting.plot_purchase_timelines(t, [1, 2], customer="sample_id", as_of="1997-09-30")
    assert [x.get_text() for x in ax8.texts] == ["x=2, t_x=30.4, T=38.9", "x=1, t_x=1.7, T=38.9"]
    simple = BT.simple_clv(ch, time_unit="W", churn_rate=0.2, discount_rate=0.1, horizon=3, margin=0.3)
    ax9 = plotting.plot_clv_comparison(simple["clv"], value["clv"], value["probability_alive"])
    offsets = ax9.collections[0].get_offsets()
    assert len(offsets) == 946 and offsets[:, 1].min() >= 0.01  # customers long gone drawn at a cent
    for a in (ax, ax2, ax3, ax4, ax5, ax6, ax7, ax8, ax9):
        draw_without_missing_glyphs(a.figure)
