"""crmlab.widgets.telecom: the four-optimisations and CLTV explorers' wiring."""

import pytest

from crmlab import cltv, telecom
from crmlab.widgets import cltv_explorer, optimisation_explorer

HAZARDS = [0.0] + [0.05] * 23
BASE = {"arpu": 90.0, "margin": 0.6, "service_cost": 5.0, "acquisition_cost": 150.0}


def test_optimisation_explorer_wiring():
    ex = optimisation_explorer(HAZARDS, BASE)
    assert ex.result.value == pytest.approx(telecom.subscriber_value(HAZARDS, **BASE).value)
    ex.controls["arpu"].value = 100.0
    assert ex.result.value == pytest.approx(telecom.subscriber_value(HAZARDS, **{**BASE, "arpu": 100.0}).value)
    ex.controls["cross_sell_rate"].value = 0.2
    ex.controls["churn_change"].value = -0.2
    expected = telecom.subscriber_value(HAZARDS, **{**BASE, "arpu": 100.0, "cross_sell_rate": 0.2, "churn_change": -0.2})
    assert ex.result.value == pytest.approx(expected.value)
    assert ex.baseline.value == pytest.approx(telecom.subscriber_value(HAZARDS, **BASE).value)
    assert "元" in ex.summary.value and ex.plot.widget.value[:4] == b"\x89PNG"


@pytest.mark.slow
def test_optimisation_explorer_on_the_course_operator():
    ex = optimisation_explorer()
    assert ex.result.value == pytest.approx(ex.baseline.value)
    ex.controls["acquisition_cost"].value = ex.base["acquisition_cost"] - 50
    assert ex.result.value - ex.baseline.value == pytest.approx(50.0)


def test_cltv_explorer_wiring():
    ex = cltv_explorer()
    expected = cltv.cltv_function(pgs=2400, cs=960, cm=0, mpa=2400, horizon=5, retention_rate=0.8, discount_rate=0.1, nca=0.5,
                                  referral_cost=500)  # fmt: skip
    assert ex.result.cltv == pytest.approx(expected.cltv)
    ex.controls["price_effect"].value = 2.0
    ex.controls["mpa"].value = 2000.0
    assert ex.result.retention_rate == pytest.approx(0.8 * (2000 / 2400) ** 2)
    assert "CLTV" in ex.summary.value and ex.plot.widget.value[:4] == b"\x89PNG"
