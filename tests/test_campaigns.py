"""crmlab.campaigns: lift with a confidence interval, before/after, the cost side; chapter 9's data files."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlab import CrmlabInputError
from crmlab import campaigns as C
from crmlab.datasets import data_path, load_basket_lines, load_campaign, load_course_shop, write_campaign_tables

SMALL = pd.DataFrame(
    {"customer_id": list("abcdefgh"), "treated": [1, 1, 1, 1, 0, 0, 0, 0], "purchased": [1, 1, 0, 0, 1, 0, 0, 0],
     "profit": [40.0, 30.0, 0.0, 0.0, 30.0, 0.0, 0.0, 0.0]}
)  # fmt: skip


def test_lift_by_hand():
    r = C.campaign_lift(SMALL)
    # treatment 2/4, control 1/4; variances (ddof 1) 1/3 and 1/4: se = sqrt(1/12 + 1/16)
    assert (r.treated_mean, r.control_mean, r.lift) == (0.5, 0.25, 0.25)
    assert r.std_error == pytest.approx(math.sqrt(1 / 12 + 1 / 16))
    assert r.lower == pytest.approx(0.25 - 1.959964 * r.std_error, abs=1e-6)
    assert r.relative_lift == 1.0 and r.verdict == "无法确定" and r.true_lift is None
    table = r.table()
    assert table.index.tolist() == ["实验组", "对照组", "提升（实验组 − 对照组）"]
    assert table["customers"].tolist() == [4, 4, 8]


def test_lift_matches_scipy_welch_for_large_samples():
    from scipy import stats

    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"treated": np.repeat([True, False], 400), "revenue": rng.gamma(2.0, 50.0, 800)})
    r = C.campaign_lift(frame, outcome="revenue")
    t = stats.ttest_ind(frame.loc[frame.treated, "revenue"], frame.loc[~frame.treated, "revenue"], equal_var=False)
    low, high = t.confidence_interval(0.95)
    assert r.lower == pytest.approx(low, rel=0.01) and r.upper == pytest.approx(high, rel=0.01)  # z vs t quantile


def test_lift_matches_statsmodels_wald_interval_for_rates():
    proportion = pytest.importorskip("statsmodels.stats.proportion", reason="statsmodels cross-check (optional)")
    frame = pd.DataFrame({"treated": np.repeat([True, False], [500, 400]), "purchased": [1] * 220 + [0] * 280 + [1] * 140 + [0] * 260})
    r = C.campaign_lift(frame)
    low, high = proportion.confint_proportions_2indep(220, 500, 140, 400, method="wald")
    # Wald uses p(1 - p)/n; the Welch variance has n - 1: equal to 3 decimals at these sizes
    assert r.lower == pytest.approx(low, abs=1e-3) and r.upper == pytest.approx(high, abs=1e-3)


@given(st.lists(st.floats(0, 1000), min_size=2, max_size=20), st.lists(st.floats(0, 1000), min_size=2, max_size=20),
       st.floats(0.5, 0.99))  # fmt: skip
def test_interval_contains_the_lift_and_widens_with_confidence(treated, control, level):
    frame = pd.DataFrame({"treated": [True] * len(treated) + [False] * len(control), "y": treated + control})
    r = C.campaign_lift(frame, outcome="y", confidence=level)
    wider = C.campaign_lift(frame, outcome="y", confidence=min(0.999, level + 0.005))
    assert r.lower <= r.lift <= r.upper
    assert wider.lower <= r.lower + 1e-9 and wider.upper >= r.upper - 1e-9


def test_bad_input():
    with pytest.raises(CrmlabInputError, match="confidence"):
        C.campaign_lift(SMALL, confidence=1.0)
    with pytest.raises(CrmlabInputError, match="至少要有 2 位客户"):
        C.campaign_lift(SMALL.iloc[:5])
    with pytest.raises(CrmlabInputError, match="treated"):
        C.campaign_lift(SMALL.assign(treated=["x"] * 8))
    with pytest.raises(CrmlabInputError, match="coupon_value"):
        C.campaign_value(SMALL, coupon_value=-1)
    with pytest.raises(CrmlabInputError, match="outcome"):
        C.before_after(SMALL, pd.DataFrame({"customer_id": ["a"], "date": ["2025-06-01"], "amount": [1.0]}),
                       campaign_date="2025-07-01", outcome="profit")  # fmt: skip


def test_campaign_value_by_hand():
    v = C.campaign_value(SMALL, contact_cost=1, coupon_value=10)
    # gross profit lift 17.5 - 7.5 = 10; coupons 10 x 2/4 = 5, of which 10 x 1/4 = 2.5 to customers who would buy anyway
    assert v.table["per_customer"].tolist() == [10.0, -1.0, -5.0, -2.5, 4.0]
    assert v.table["group_total"].tolist() == [40.0, -4.0, -20.0, -10.0, 16.0]
    assert v.net.lift == pytest.approx(4.0) and v.break_even_coupon == 18.0 and v.true_net is None
    assert SMALL["profit"].tolist() == [40.0, 30.0, 0.0, 0.0, 30.0, 0.0, 0.0, 0.0]  # the caller's table


def test_before_after_by_hand():
    c = pd.DataFrame({"customer_id": ["a", "b", "c", "d"], "treated": [1, 1, 0, 0], "purchased": [1, 1, 0, 1], "revenue": [5.0, 0, 0, 8]})
    t = pd.DataFrame({"customer_id": ["a", "b", "c", "d", "d"], "date": ["2025-06-01", "2025-06-20", "2025-03-01", "2025-06-02", "2025-07-01"],
                      "amount": [10.0, 20.0, 5.0, 5.0, 8.0]})  # fmt: skip
    out = C.before_after(c, t, campaign_date="2025-07-01")
    assert out.loc["实验组"].tolist() == [2, 1.0, 1.0, 0.0] and out["change"].iloc[2] == 0.0
    assert out.loc["对照组"].tolist() == [2, 0.5, 0.5, 0.0]  # c's order is older than 90 days; d's July order is "after"
    revenue = C.before_after(c, t, campaign_date="2025-07-01", outcome="revenue")
    assert revenue["before_campaign"].tolist() == [15.0, 2.5, 12.5] and revenue["after_campaign"].tolist() == [2.5, 4.0, -1.5]


# ------------------------------------------------------------------ the data files


def test_campaign_files_regenerate_byte_for_byte(tmp_path):
    for path in write_campaign_tables(tmp_path):
        assert path.read_bytes() == data_path(path.name).read_bytes(), f"{path.name} differs from the committed file"


def test_campaign_table_agrees_with_the_shop():
    campaign = load_campaign()
    shop = load_course_shop()
    t = shop.transactions
    # eligible: every buyer with an order before 2025-07-01
    assert set(campaign["customer_id"]) == set(t.loc[t["date"] < "2025-07-01", "customer_id"])
    # the control potential outcome is what the log shows in the 90 days from 2025-07-01
    window = t[(t["date"] >= "2025-07-01") & (t["date"] < "2025-09-29")].groupby("customer_id")["amount"].sum()
    expected = campaign["customer_id"].map(window).fillna(0.0)
    assert np.allclose(campaign["revenue_control"], expected, atol=0.006)
    assert (campaign["purchased_control"] == (expected > 0)).all()
    # observed = the potential outcome of the customer's group; the coupon never lowers an outcome
    for name in ("purchased", "revenue", "profit"):
        picked = campaign[f"{name}_treated"].where(campaign["treated"], campaign[f"{name}_control"])
        assert (campaign[name] == picked).all()
        assert (campaign[f"{name}_treated"] >= campaign[f"{name}_control"]).all()
    assert campaign["treated"].mean() == pytest.approx(0.5, abs=0.03)
    assert campaign["offer_effect"].between(0, 0.6).all()


def test_campaign_story_on_the_data():
    campaign = load_campaign()
    r = C.campaign_lift(campaign)
    assert r.verdict == "有效" and r.lower < r.true_lift < r.upper
    revenue = C.campaign_lift(campaign, outcome="revenue")
    assert revenue.verdict == "无法确定" and revenue.lower < revenue.true_lift < revenue.upper
    value = C.campaign_value(campaign, contact_cost=1, coupon_value=20)
    assert value.true_net < 0 and value.net.lower < value.true_net  # the coupon mostly pays customers who buy anyway
    ba = C.before_after(campaign, load_course_shop().transactions, campaign_date="2025-07-01")
    assert ba.loc["对照组", "change"] < 0 and abs(ba.loc["实验组", "change"]) < r.lift / 2  # before/after hides the effect


def test_basket_lines_agree_with_the_orders():
    lines = load_basket_lines()
    orders = load_course_shop().transactions.set_index("order_id")["quantity"]
    per_order = lines.groupby("order_id")["quantity"].sum()
    assert per_order.reindex(orders.index).equals(orders)
    assert not lines.duplicated(["order_id", "category"]).any() and (lines["quantity"] > 0).all()
