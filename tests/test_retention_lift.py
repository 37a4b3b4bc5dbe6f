"""crmlab.retention_lift: Reichheld & Sasser's 5% → 25–85% on the course's CLV model."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import CrmlabInputError
from crmlab import retention_lift as RL
from crmlab.clv import clv_breakdown
from crmlab.datasets import zhangsan

BASE = dict(annual_revenue=2400, margin=0.6, years_active=3, churn_rate=0.2, discount_rate=0.1, horizon=None)


def closed_form(c, d, g, cac=0.0, profit=1440.0):
    before = profit * (1 - c) / (d + c) - cac
    after = profit * (1 - c + g) / (d + c - g) - cac
    return after / before - 1


@settings(deadline=None)
@given(st.floats(0.06, 0.9), st.floats(0.01, 0.3), st.floats(0.0, 0.05), st.floats(0, 1000))
def test_lift_matches_the_closed_form_with_an_infinite_horizon(c, d, g, cac):
    params = {**BASE, "churn_rate": c, "discount_rate": d}
    if 1440 * (1 - c) / (d + c) <= cac * 1.01:
        return
    assert RL.retention_lift(params, retention_gain=g, cac=cac).lift == pytest.approx(closed_form(c, d, g, cac))


def test_zhangsan_lifts():
    assert RL.retention_lift(BASE).lift == pytest.approx(0.275)  # (0.85/0.25) / (0.8/0.3) - 1
    five = RL.retention_lift(zhangsan())
    assert five.before == pytest.approx(clv_breakdown(**zhangsan()).current)
    assert five.after == pytest.approx(clv_breakdown(**{**zhangsan(), "churn_rate": 0.15}).current)
    assert five.lift == pytest.approx(0.1597, abs=1e-4)


def test_solve_lift_hits_the_target():
    for factor in ("cac", "revenue_growth", "discount_rate"):
        for target in (0.25, 0.85):
            value = RL.solve_lift(BASE, target=target, factor=factor)
            if value is None:
                continue
            kwargs = {"cac": value} if factor == "cac" else {}
            params = BASE if factor == "cac" else {**BASE, factor: value}
            assert RL.retention_lift(params, **kwargs).lift == pytest.approx(target, abs=1e-6)
    # by hand: 1440 × 0.85/0.25 = 4896 and 3840 before; (4896 − cac) / (3840 − cac) = 1.85
    assert RL.solve_lift(BASE, target=0.85, factor="cac") == pytest.approx(3840 - 1056 / 0.85)


def test_reichheld_table_on_zhangsan():
    t = RL.reichheld_table(zhangsan(), factors=["horizon", "cac"]).set_index("factor")
    assert t.loc["计算年限", "at_25%"] == 13.0 and t.loc["计算年限", "at_85%"] == "范围内达不到"
    assert 1000 < t.loc["获客成本", "at_25%"] < t.loc["获客成本", "at_85%"] < clv_breakdown(**zhangsan()).current
    infinite = RL.reichheld_table(BASE, factors=["horizon"]).set_index("factor")
    assert infinite.loc["计算年限", "base_value"] == "∞"


def test_lift_curve_skips_undefined_points():
    curve = RL.lift_curve(BASE, factor="cac", values=[0, 1000, 5000])
    assert curve["cac"].tolist() == [0, 1000] and curve.attrs["skipped"] == 1
    growing = RL.lift_curve({**BASE, "revenue_growth": 0.1}, factor="churn_rate", values=[0.05, 0.3])
    assert growing.attrs["skipped"] == 1  # churn 0.05 − 0.05 with 10% growth: the infinite sum diverges
    with pytest.raises(CrmlabInputError, match="values"):
        RL.lift_curve(BASE, factor="churn_rate", values=[1.5])


def test_bad_lift_inputs():
    with pytest.raises(CrmlabInputError, match="retention_gain"):
        RL.retention_lift({**BASE, "churn_rate": 0.03})
    with pytest.raises(CrmlabInputError, match="cac"):
        RL.retention_lift(BASE, cac=5000)
    with pytest.raises(CrmlabInputError, match="low"):
        RL.solve_lift(BASE, target=0.5, factor="churn_rate", low=-1)
    with pytest.raises(CrmlabInputError, match="factors"):
        RL.reichheld_table(BASE, factors="cac")


@settings(deadline=None)
@given(st.floats(0.06, 0.6), st.floats(0.0, 0.2), st.sampled_from([5, 10, None]), st.floats(0, 0.9))
def test_lift_grows_with_the_acquisition_cost(churn, discount, horizon, share):
    params = {**BASE, "churn_rate": churn, "discount_rate": discount, "horizon": horizon}
    free = RL.retention_lift(params)
    costly = RL.retention_lift(params, cac=share * free.before)
    assert free.lift > 0
    assert costly.lift >= free.lift - 1e-12
    assert costly.lift == pytest.approx(free.lift / (1 - share), rel=1e-9)  # the same gain over a thinner profit
