"""crmlab.cltv: the source's CLTV function F(R, L, I), by hand and against chapter 6's CLV."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlab import CrmlabInputError
from crmlab.cltv import cltv_function, compare_with_clv
from crmlab.clv import clv_breakdown, discounted_lifetime
from crmlab.datasets import zhangsan

BASE = dict(pgs=2400, cs=960, cm=0, mpa=2400, horizon=5, retention_rate=0.8, discount_rate=0.1)


def test_by_hand_one_year():
    r = cltv_function(pgs=100, cs=30, cm=20, mpa=100, horizon=1, retention_rate=0.5, discount_rate=0.0, nca=2, referral_cost=5)
    # R = 50; L = 0.5; R*L = 25; I = L * NCA * (R*L - cost) = 0.5 * 2 * 20 = 20
    assert (r.revenue, r.loyalty, r.influence, r.cltv) == pytest.approx((50, 0.5, 20, 45))


def test_loyalty_is_chapter_6s_discounted_lifetime_and_rl_its_current_value():
    r = cltv_function(**BASE)
    assert r.loyalty == pytest.approx(discounted_lifetime(churn_rate=0.2, discount_rate=0.1, horizon=5))
    assert r.revenue * r.loyalty == pytest.approx(clv_breakdown(**zhangsan()).current)


def test_influence_is_chapter_6s_lifetime_referral_value():
    params = zhangsan()
    r = cltv_function(**BASE, nca=params["referrals_per_year"], referral_cost=params["referral_cost"])
    lifetime = clv_breakdown(**{**params, "referral_model": "lifetime"})
    assert r.influence == pytest.approx(lifetime.referral)


def test_comparison_with_zhangsan():
    t = compare_with_clv(zhangsan())
    assert t.loc["客户终生价值", "clv"] == pytest.approx(clv_breakdown(**zhangsan()).total)
    assert t.loc["历史价值", "cltv"] == 0 and t.loc["升级价值", "cltv"] == 0
    assert t.loc["当前价值", "cltv"] == pytest.approx(t.loc["当前价值", "clv"])
    assert t["cltv"].iloc[:4].sum() == pytest.approx(t.loc["客户终生价值", "cltv"])


def test_price_above_the_market_lowers_loyalty_and_below_does_not_raise_it():
    same = cltv_function(**BASE, price_effect=2)
    dear = cltv_function(**{**BASE, "mpa": 2000}, price_effect=2)
    cheap = cltv_function(**{**BASE, "mpa": 3000}, price_effect=2)
    assert dear.retention_rate == pytest.approx(0.8 * (2000 / 2400) ** 2) and dear.loyalty < same.loyalty
    assert cheap.loyalty == same.loyalty and cltv_function(**{**BASE, "mpa": 2000}).loyalty == same.loyalty


@given(factor=st.sampled_from(["pgs", "cs", "cm", "nca", "pe", "horizon", "retention_rate"]), step=st.floats(0.05, 0.5))
def test_each_variable_moves_cltv_in_its_direction(factor, step):
    base = {**BASE, "cm": 100.0, "nca": 0.3, "pe": 1.0, "endorsement_value": 50.0, "mpa": 2600.0}  # price_effect 0: a price rise can cost loyalty otherwise
    before = cltv_function(**base).cltv
    moved = dict(base)
    if factor == "horizon":
        moved["horizon"] = base["horizon"] + 1
    elif factor == "retention_rate":
        moved["retention_rate"] = base["retention_rate"] + step / 5
    else:
        moved[factor] = base[factor] * (1 + step)
    after = cltv_function(**moved).cltv
    assert (after > before) if factor not in ("cs", "cm") else (after < before)


def test_bad_input_names_the_variable():
    with pytest.raises(CrmlabInputError, match="匹配价格均值 MPA mpa"):
        cltv_function(**{**BASE, "mpa": 0})
    with pytest.raises(CrmlabInputError, match="保留率 retention_rate"):
        cltv_function(**{**BASE, "retention_rate": 1.5})
    with pytest.raises(CrmlabInputError, match="计算年限 horizon"):
        cltv_function(**{**BASE, "horizon": 0})
