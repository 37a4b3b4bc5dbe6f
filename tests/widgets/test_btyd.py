"""crmlab.widgets.btyd: the predictive-CLV and P(alive) explorers' wiring."""

import pytest

from crmlab import btyd as BT
from crmlab.datasets import load_cdnow
from crmlab.widgets import (
    alive_explorer,
    predictive_clv_explorer,
)


@pytest.fixture(scope="module")
def cdnow_models():
    ch = BT.calibration_holdout(load_cdnow("sample"), customer="sample_id", calibration_end="1997-09-30", time_unit="W")
    return ch, BT.fit_bgnbd(ch["frequency_cal"], ch["recency_cal"], ch["T_cal"]), BT.fit_gamma_gamma(ch["frequency_cal"], ch["monetary_value_cal"])


@pytest.mark.slow
def test_predictive_clv_explorer_wiring(cdnow_models):
    ch, fit, gg = cdnow_models
    ex = predictive_clv_explorer(ch, bgnbd=fit, gamma_gamma=gg, time_unit="W")
    assert ex.parameters == {"discount_rate": 0.1, "horizon": 3.0, "margin": 0.3}
    common = {"bgnbd": fit, "gamma_gamma": gg, "time_unit": "W"}
    for name, value in {"discount_rate": 0.2, "horizon": 10.0, "margin": 0.5}.items():
        ex.controls[name].value = value
        expected = BT.customer_lifetime_value(ch, **common, **ex.parameters)
        assert ex.result["clv"].sum() == pytest.approx(expected["clv"].sum()), name
    assert "预测价值合计" in ex.headline.value and f"{ex.result['clv'].sum():,.0f}" in ex.headline.value
    assert ex.table.value.count("<tr") == 11  # header + the 10 most valuable customers
    assert ex.plot.widget.value[:4] == b"\x89PNG"
    ex.reset()
    assert ex.parameters["horizon"] == 3.0


def test_predictive_clv_explorer_refuses_a_wrong_time_unit(cdnow_models):
    ch, fit, gg = cdnow_models
    ex = predictive_clv_explorer(ch, bgnbd=fit, gamma_gamma=gg, time_unit="D")  # shown in the explorer, not raised
    assert ex.result is None and ex.error.parameter == "time_unit" and "时间单位不一致" in ex.message.value


def test_alive_explorer_wiring(cdnow_models):
    fit = cdnow_models[1]
    ex = alive_explorer(fit)
    ex.set(frequency=4, recency=33.0, T=38.0, t=52.0)
    assert ex.result.probability_alive == pytest.approx(fit.probability_alive([4], [33], [38])[0])
    assert ex.result.expected_purchases == pytest.approx(fit.conditional_expected_purchases(52, [4], [33], [38])[0])
    assert f"{ex.result.probability_alive:.1%}" in ex.headline.value
    ex.controls["frequency"].value = 0  # no repeat purchase: recency counts as 0 whatever the slider says
    assert ex.result.recency == 0.0 and ex.result.probability_alive == 1.0
    ex.set(frequency=3, recency=60.0)  # later than T: refused with a message, the last result kept
    assert ex.error is not None and ex.error.parameter == "recency" and "recency" in ex.message.value
    assert ex.result.frequency == 0.0
    ex.controls["T"].value = 70.0
    assert ex.error is None and ex.result.recency == 60.0


def test_predictive_clv_tick_labels_stay_inside_the_image(cdnow_models):
    ch, fit, gg = cdnow_models
    ex = predictive_clv_explorer(ch, bgnbd=fit, gamma_gamma=gg, time_unit="W")
    for rate in (0.2, 0.05, 0.3):
        ex.controls["discount_rate"].value = rate
        ax, width = ex.plot.ax, ex.plot.figure.bbox.width
        low, high = sorted(ax.get_xlim())
        drawn = [t for loc, t in zip(ax.xaxis.get_majorticklocs(), ax.get_xticklabels()) if t.get_text() and low <= loc <= high]
        assert drawn and all(-0.5 <= t.get_window_extent().x0 and t.get_window_extent().x1 <= width + 0.5 for t in drawn)
