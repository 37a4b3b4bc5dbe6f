"""crmlab.loyalty: satisfaction and later behaviour, the loyalty programme, share of wallet, the service–profit chain."""

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import CrmlabInputError
from crmlab import loyalty as L
from crmlab.clv import clv_breakdown
from crmlab.datasets import load_course_shop

BASE = dict(annual_revenue=2400, margin=0.6, years_active=3, churn_rate=0.2, discount_rate=0.1)


def test_survey_followup_counts_only_the_window_after_the_survey():
    t = pd.DataFrame({"customer_id": ["a", "a", "a", "a", "b"],
                      "date": ["2023-12-31", "2024-01-01", "2024-01-02", "2024-12-31", "2024-06-01"],
                      "amount": [1.0, 2.0, 4.0, 8.0, 5.0]})  # fmt: skip
    s = pd.DataFrame({"customer_id": ["a", "b"], "survey_date": ["2024-01-01", "2024-05-01"], "csat": [5, 3], "nps": [9, 6]})
    f = L.survey_followup(t, s, as_of="2024-12-31", days=365)
    # a: the survey day itself is not "after"; 2024-01-02 and 2024-12-31 (day 365) are; b needs until 2025-05-01
    assert f.index.tolist() == ["a"] and f.loc["a", "orders_after"] == 2 and f.loc["a", "spend_after"] == 12.0
    assert f.attrs["dropped"] == 1 and "1 位" in f.attrs["note"]


def test_satisfaction_link_and_strength_by_hand():
    f = pd.DataFrame({"csat": [5, 5, 3, 1], "nps": [9, 9, 6, 0], "orders_after": [2, 0, 1, 0],
                      "spend_after": [20.0, 0.0, 5.0, 0.0], "active_after": [True, False, True, False]})  # fmt: skip
    link = L.satisfaction_link(f)
    assert link["csat"].tolist() == [1, 3, 5]
    assert link["active_share"].tolist() == [0.0, 1.0, 0.5]
    assert link["mean_spend"].tolist() == [0.0, 5.0, 10.0]
    s = L.link_strength(f)
    assert (s.satisfied_active, s.unsatisfied_active, s.satisfied_spend, s.unsatisfied_spend) == (0.5, 0.5, 10.0, 2.5)
    assert s.rank_correlation == pytest.approx(pd.Series([5, 5, 3, 1]).corr(pd.Series([20.0, 0, 5, 0]), method="spearman"))


def test_shop_link_is_strong_overall_and_vanishes_within_patterns():
    shop = load_course_shop()
    f = L.survey_followup(shop.transactions, shop.survey, as_of="2025-12-31")
    assert f.attrs["dropped"] == int((shop.survey["survey_date"] > "2024-12-31").sum())
    s = L.link_strength(f)
    assert s.rank_correlation > 0.4 and s.satisfied_active - s.unsatisfied_active > 0.2
    pattern = shop.customers.set_index("customer_id")["pattern"]
    within = L.stratified_link(f, pattern)
    # the simulation draws csat from the pattern only: within a pattern satisfaction says little
    assert within["active_difference"].abs().max() < 0.15


def test_value_per_point_is_a_clv_difference():
    expected = clv_breakdown(**{**BASE, "churn_rate": 0.15}).current - clv_breakdown(**BASE).current
    assert L.value_per_point(BASE, churn_per_point=0.05, n_customers=10) == pytest.approx(10 * expected)
    assert L.value_per_point(BASE, churn_per_point=0.5) == pytest.approx(clv_breakdown(**{**BASE, "churn_rate": 0}).current
                                                                         - clv_breakdown(**BASE).current)  # fmt: skip


def test_loyalty_programme_by_hand():
    r = L.loyalty_programme(BASE, reward_rate=0.05, cost_per_member=60, churn_reduction=0.05)
    q = 0.85 / 1.1
    with_programme = (2400 * 0.55 - 60) * q * (1 - q**5) / (1 - q)
    assert r.table["current"].tolist() == pytest.approx([clv_breakdown(**BASE).current, with_programme])
    assert r.gain == pytest.approx(with_programme - clv_breakdown(**BASE).current)
    at_even = L.loyalty_programme(BASE, reward_rate=0.05, cost_per_member=60, churn_reduction=r.break_even)
    assert at_even.gain == pytest.approx(0, abs=1e-6)
    assert r.table["scenario"].tolist() == ["不设会员计划", "设会员计划"]


def test_loyalty_programme_that_never_pays():
    r = L.loyalty_programme(BASE, reward_rate=0.5, cost_per_member=500, churn_reduction=0.1)
    assert r.gain < 0 and r.break_even is None
    free = L.loyalty_programme(BASE, reward_rate=0, cost_per_member=0, churn_reduction=0.0, spend_uplift=0.1)
    assert free.break_even == 0.0 and free.gain > 0
    with pytest.raises(CrmlabInputError, match="churn_reduction"):
        L.loyalty_programme(BASE, reward_rate=0.05, cost_per_member=60, churn_reduction=0.3)
    with pytest.raises(CrmlabInputError, match="reward_rate"):
        L.loyalty_programme(BASE, reward_rate=0.7, cost_per_member=60, churn_reduction=0.1)


@settings(deadline=None)
@given(st.lists(st.tuples(st.integers(1, 6), st.sampled_from(["甲", "乙", "丙"]), st.floats(0.01, 1000)), min_size=1, max_size=30))
def test_market_share_is_penetration_times_share_of_wallet_times_heaviness(rows):
    p = pd.DataFrame(rows, columns=["customer_id", "firm", "amount"])
    t = L.wallet_shares(p)
    assert t["market_share"].sum() == pytest.approx(1.0)
    product = t["penetration"] * t["share_of_wallet"] * t["heaviness"]
    assert t["market_share"].tolist() == pytest.approx(product.tolist(), abs=1e-9)  # the table is rounded to 10 decimals


def test_wallet_shares_by_hand():
    p = pd.DataFrame({"customer_id": [1, 1, 2, 3], "firm": ["甲", "乙", "乙", "甲"], "amount": [80.0, 20.0, 50.0, 50.0]})
    t = L.wallet_shares(p).set_index("firm")
    assert t.loc["甲", "market_share"] == pytest.approx(130 / 200)
    assert t.loc["甲", "share_of_wallet"] == pytest.approx(130 / 150)  # its buyers 1 and 3 spend 100 + 50 in all
    assert t.loc["乙", "share_of_wallet"] == pytest.approx(70 / 150)  # its buyers 1 and 2 spend 100 + 50
    with pytest.raises(CrmlabInputError, match="firm"):
        L.wallet_shares(p, firm="shop")


def test_service_profit_chain_converges_to_the_multiplier():
    t = L.service_profit_chain(years=60, service_boost=0.3, employee_link=0.6, customer_link=0.5)
    assert t.attrs["multiplier"] == pytest.approx(1 / 0.7)
    assert t["customer_satisfaction"].iloc[-1] == pytest.approx(0.3 / 0.7)
    assert t["employee_satisfaction"].iloc[-1] == pytest.approx(0.6 * 0.3 / 0.7)
    no_loop = L.service_profit_chain(years=3, service_boost=0.3, employee_link=0.0, customer_link=0.5)
    assert no_loop["customer_satisfaction"].tolist() == [0.3, 0.3, 0.3]
    steady = L.service_profit_chain(years=100, service_boost=0.0, churn_rate=0.2, customers=1000, new_customers=200)
    assert steady["customers"].iloc[-1] == pytest.approx(1000)  # inflow 200 = 20% of 1000
    with pytest.raises(CrmlabInputError, match="employee_link"):
        L.service_profit_chain(employee_link=1.0)
    assert math.isfinite(L.service_profit_chain(service_boost=4, churn_per_point=1)["churn_rate"].min())
