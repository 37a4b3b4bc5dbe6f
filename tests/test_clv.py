"""crmlab.clv: the textbook's CLV model, its helpers, errors and properties."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from crmlab import CrmlabInputError, CrmlabTypeError
from crmlab.clv import (
    CLV_PARAMETERS,
    FACTORS,
    INFINITE_TABLE_YEARS,
    SEGMENT_STRATEGIES,
    SEGMENTS,
    clv_analysis,
    clv_breakdown,
    clv_cac_ratio,
    clv_segments,
    clv_table,
    compare_with_textbook,
    discounted_lifetime,
    expected_lifetime,
    payback_period,
    sensitivity_table,
    textbook_walk,
    tornado_table,
)
from crmlab.datasets import streamnow_members, zhangsan, zhangsan_printed

BASE = dict(annual_revenue=1000, margin=0.5, years_active=2, churn_rate=0.5, discount_rate=0.0, horizon=2)


# ------------------------------------------------------------------ 张三, as printed


def test_zhangsan_reproduces_the_textbook():
    r = clv_breakdown(**zhangsan())
    printed = zhangsan_printed()
    assert r.historical == printed["historical"] == 4320
    # each yearly present value within 0.5 yuan of the printed (rounded) one
    assert np.allclose(r.table["present_value"], printed["present_value"], atol=0.5)
    assert abs(r.current - printed["current"]) < 1
    assert abs(r.upsell - printed["upsell"]) < 1
    assert abs(r.referral - printed["referral"]) < 0.5
    assert abs(r.potential - printed["potential"]) < 1.5
    assert abs(r.total - printed["total"]) < 2


def test_zhangsan_exact_figures_by_hand():
    q = 0.8 / 1.1
    current = 1440 * sum(q**t for t in range(1, 6))
    years = current / 1440
    r = clv_breakdown(**zhangsan())
    assert r.current == pytest.approx(current, rel=1e-12)
    assert r.discounted_lifetime == pytest.approx(years, rel=1e-12)
    assert r.upsell == pytest.approx(720 * 0.3 * years, rel=1e-12)
    assert r.referral == pytest.approx(0.5 * current - 500, rel=1e-12)
    assert r.total == pytest.approx(4320 + current + 720 * 0.3 * years + 0.5 * current - 500, rel=1e-12)
    assert round(r.total, 2) == 8866.86
    assert r.potential == pytest.approx(r.upsell + r.referral)


def test_dcf_table_columns_and_values():
    table = clv_breakdown(**zhangsan()).table
    assert list(table.columns) == ["year", "survival_probability", "expected_profit", "discount_factor", "present_value"]
    assert table["year"].tolist() == [1, 2, 3, 4, 5]
    assert np.allclose(table["survival_probability"], [0.8, 0.64, 0.512, 0.4096, 0.32768])
    assert np.allclose(table["expected_profit"], [1152, 921.6, 737.28, 589.824, 471.8592])
    assert np.allclose(table["discount_factor"], [1.1**-t for t in range(1, 6)])
    assert np.allclose(table["present_value"], table["expected_profit"] * table["discount_factor"])


def test_textbook_walk_reproduces_every_printed_figure():
    w = textbook_walk(**zhangsan())
    printed = zhangsan_printed()
    for column in ("survival_probability", "expected_profit", "discount_factor", "present_value"):
        assert w.table[column].tolist() == pytest.approx(printed[column], abs=1e-12), column
    assert (w.historical, w.current, w.upsell, w.referral, w.potential, w.total) == (
        printed["historical"],
        printed["current"],
        printed["upsell"],
        printed["referral"],
        printed["potential"],
        printed["total"],
    )
    assert w.discounted_lifetime == printed["remaining_years"]


def test_textbook_walk_rejects_what_the_textbook_does_not_use():
    with pytest.raises(CrmlabInputError, match="教材的手算过程不含 收入年增长率 revenue_growth"):
        textbook_walk(**{**zhangsan(), "revenue_growth": 0.05})
    with pytest.raises(CrmlabInputError, match="有限的计算年限"):
        textbook_walk(**{**zhangsan(), "horizon": None})


def test_compare_with_textbook_explains_each_difference():
    cmp = compare_with_textbook(clv_breakdown(**zhangsan()), textbook_walk(**zhangsan()))
    assert cmp["item"].tolist() == [
        "第1年利润现值", "第2年利润现值", "第3年利润现值", "第4年利润现值", "第5年利润现值",
        "历史价值", "当前价值", "升级价值", "推荐价值", "潜在价值", "客户终生价值",
    ]  # fmt: skip
    assert np.allclose(cmp["difference"], cmp["exact"] - cmp["textbook"])
    assert cmp.loc[cmp["item"] == "客户终生价值", "difference"].item() == pytest.approx(1.855269, abs=1e-5)
    assert cmp["reason"].str.len().min() > 5
    reasons = dict(zip(cmp["item"], cmp["reason"]))
    assert "留存概率取 41.0%，精确值 40.960%" in reasons["第4年利润现值"]
    assert "由上一年取整后的留存概率" in reasons["第5年利润现值"]
    assert "留存概率" not in reasons["第1年利润现值"]
    assert "3058.6" in reasons["当前价值"]
    assert "2.12" in reasons["升级价值"] and "2.1241" in reasons["升级价值"]


def test_infinite_horizon_closed_form():
    r = clv_breakdown(**{**zhangsan(), "horizon": None})
    assert r.current == pytest.approx(1440 * 0.8 / 0.3)
    assert round(r.current, 6) == 3840
    assert len(r.table) == INFINITE_TABLE_YEARS
    assert r.parameters["horizon"] is None
    assert clv_breakdown(**{**zhangsan(), "horizon": math.inf}).current == pytest.approx(3840)


def test_expected_and_discounted_lifetime():
    assert expected_lifetime(churn_rate=0.2) == 5
    assert discounted_lifetime(churn_rate=0.2, discount_rate=0.1) == pytest.approx(3058.700163302308 / 1440)
    assert discounted_lifetime(churn_rate=0.2, discount_rate=0.1, horizon=None) == pytest.approx(8 / 3)
    # without discounting, the expected number of future renewals is (1 - c) / c
    assert discounted_lifetime(churn_rate=0.2, discount_rate=0.0, horizon=None) == pytest.approx(4)
    with pytest.raises(CrmlabInputError, match="流失率 churn_rate"):
        expected_lifetime(churn_rate=1)


# ------------------------------------------------------------- hand-computed cases


def test_small_case_by_hand():
    # S = 0.5, 0.25; yearly profit 500; no discounting
    r = clv_breakdown(**BASE)
    assert r.table["expected_profit"].tolist() == [250, 125]
    assert r.current == 375
    assert r.historical == 1000
    assert r.total == 1375
    # discount rate 100%: D = 0.5, 0.25
    assert clv_breakdown(**{**BASE, "discount_rate": 1.0}).current == 125 + 31.25


def test_growth_maintenance_data_value_by_hand():
    flat = dict(annual_revenue=100, margin=1, years_active=0, churn_rate=0, discount_rate=0, horizon=3)
    assert clv_breakdown(**flat, revenue_growth=1.0).current == 100 + 200 + 400
    assert clv_breakdown(**{**flat, "horizon": 2}, maintenance_cost=30, data_value=10).current == 160


def test_past_revenue_sets_the_historical_value():
    assert clv_breakdown(**BASE).historical == 1000 * 0.5 * 2  # textbook: past fee = today's
    r = clv_breakdown(**BASE, past_annual_revenue=3000)
    assert r.historical == 3000 * 0.5 * 2
    assert r.current == clv_breakdown(**BASE).current
    # 张三 downgrades to a 1200-yuan plan: the past stays, the future halves
    down = clv_breakdown(**{**zhangsan(), "annual_revenue": 1200})
    assert down.historical == 4320
    assert down.current == pytest.approx(clv_breakdown(**zhangsan()).current / 2)


def test_upsell_and_referral_by_hand():
    p = dict(annual_revenue=1000, margin=0.5, years_active=0, churn_rate=0, discount_rate=0, horizon=2)
    assert clv_breakdown(**p, upsell_revenue=200, upsell_probability=0.5).upsell == 0.5 * 200 * 0.5 * 2
    r = clv_breakdown(**p, referrals_per_year=2, referral_cost=100)
    assert r.referral == 2 * 1000 - 100
    r = clv_breakdown(**p, referrals_per_year=2, referral_cost=100, referral_model="lifetime")
    assert r.referral == 2 * 2 * (1000 - 100)
    r = clv_breakdown(**p, referrals_per_year=1, referral_value=300, referral_cost=100, referral_model="lifetime")
    assert r.referral == 2 * 1 * (300 - 100)


def test_textbook_referral_formula_subtracts_cost_even_without_referrals():
    assert clv_breakdown(**{**zhangsan(), "referrals_per_year": 0}).referral == -500


def test_summary_table():
    s = clv_breakdown(**zhangsan()).summary()
    assert s["item"].tolist() == ["历史价值", "当前价值", "潜在价值", "升级价值", "推荐价值", "客户终生价值"]
    v = dict(zip(s["item"], s["value"]))
    assert v["客户终生价值"] == pytest.approx(v["历史价值"] + v["当前价值"] + v["潜在价值"])
    assert v["潜在价值"] == pytest.approx(v["升级价值"] + v["推荐价值"])


def test_result_is_frozen_and_parameters_read_only():
    r = clv_breakdown(**zhangsan())
    with pytest.raises(AttributeError):
        r.total = 0
    with pytest.raises(TypeError):
        r.parameters["churn_rate"] = 0.1
    assert "total=8866.86" in repr(r)


# ----------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "change, fragment",
    [
        ({"churn_rate": 1.5}, "流失率 churn_rate 必须在 [0, 1) 内，收到 1.5"),
        ({"churn_rate": 1.0}, "流失率 churn_rate 必须在 [0, 1) 内，收到 1"),
        ({"churn_rate": -0.1}, "流失率 churn_rate 必须在 [0, 1) 内，收到 -0.1"),
        ({"margin": 1.2}, "毛利率 margin 必须在 [0, 1] 内，收到 1.2"),
        ({"margin": -0.1}, "毛利率 margin 必须在 [0, 1] 内"),
        ({"discount_rate": -1}, "折现率 discount_rate 不能为负数，收到 -1"),
        ({"discount_rate": -0.05}, "折现率 discount_rate 不能为负数，收到 -0.05"),
        ({"years_active": -3}, "已合作年数 years_active 不能为负数，收到 -3"),
        ({"horizon": -1}, "计算年限 horizon 必须不小于 1，收到 -1"),
        ({"horizon": 0}, "计算年限 horizon 必须不小于 1，收到 0"),
        ({"horizon": 2.5}, "计算年限 horizon 必须是整数"),
        ({"annual_revenue": -1}, "年收入 annual_revenue 不能为负数"),
        ({"upsell_probability": 1.3}, "升级成功率 upsell_probability 必须在 [0, 1] 内"),
        ({"referrals_per_year": -0.5}, "年均推荐人数 referrals_per_year 不能为负数"),
        ({"referral_model": "magic"}, "推荐价值算法 referral_model 只能是"),
        ({"revenue_growth": -1}, "收入年增长率 revenue_growth 必须大于 -1"),
        ({"maintenance_cost": -5}, "年维系成本 maintenance_cost 不能为负数"),
        ({"past_annual_revenue": -1}, "过去的年收入 past_annual_revenue 不能为负数"),
        ({"data_value": math.nan}, "年信息价值 data_value 必须是有限的数字"),
    ],
)
def test_out_of_range_inputs_raise_bilingual_errors(change, fragment):
    with pytest.raises(CrmlabInputError) as info:
        clv_breakdown(**{**zhangsan(), **change})
    message = str(info.value)
    assert fragment in message
    name = next(iter(change))
    assert info.value.parameter == name
    assert f"({name} " in message  # the English half names the parameter too


@pytest.mark.parametrize("value", ["2400元", "2,400", " 2400 "])
def test_a_string_where_a_number_belongs(value):
    with pytest.raises(CrmlabTypeError, match="年收入 annual_revenue 必须是数字，收到文字") as info:
        clv_breakdown(**{**zhangsan(), "annual_revenue": value})
    assert "2400" in str(info.value)
    assert "annual_revenue must be a number" in str(info.value)


@pytest.mark.parametrize(
    "change",
    [
        dict(churn_rate=0.0, discount_rate=0.0),
        dict(churn_rate=0.05, discount_rate=0.0, revenue_growth=0.1),
        dict(churn_rate=0.1, discount_rate=0.05, revenue_growth=0.2),
    ],
)
def test_infinite_horizon_that_diverges(change):
    with pytest.raises(CrmlabInputError, match="计算年限 horizon 为无限（∞）时 CLV 发散") as info:
        clv_breakdown(**{**zhangsan(), "horizon": None, **change})
    assert info.value.parameter == "horizon"
    assert "diverges" in str(info.value)


def test_unknown_and_missing_parameters():
    with pytest.raises(TypeError):  # a misspelt keyword is caught by Python itself
        clv_breakdown(**{**zhangsan(), "churn": 0.2})
    with pytest.raises(CrmlabInputError, match="没有参数 churn"):
        sensitivity_table({**zhangsan(), "churn": 0.2}, factor="margin", values=[0.5])
    p = zhangsan()
    del p["margin"]
    with pytest.raises(CrmlabInputError, match="缺少必需的参数：毛利率 margin"):
        sensitivity_table(p, factor="churn_rate", values=[0.1])


# ------------------------------------------------------------------- properties

money = st.floats(min_value=100, max_value=20_000)
rate = st.floats(min_value=0.0, max_value=0.9)


@st.composite
def customers(draw):
    """Parameters with a positive yearly profit in every year."""
    p = dict(
        annual_revenue=draw(money),
        margin=draw(st.floats(min_value=0.05, max_value=1.0)),
        years_active=draw(st.floats(min_value=0, max_value=15)),
        churn_rate=draw(rate),
        discount_rate=draw(st.floats(min_value=0.0, max_value=0.4)),
        horizon=draw(st.integers(min_value=1, max_value=30)),
        revenue_growth=draw(st.floats(min_value=0.0, max_value=0.2)),
        data_value=draw(st.floats(min_value=0, max_value=500)),
        upsell_revenue=draw(st.floats(min_value=0, max_value=5000)),
        upsell_probability=draw(st.floats(min_value=0, max_value=1)),
        referrals_per_year=draw(st.floats(min_value=0, max_value=3)),
        referral_cost=draw(st.floats(min_value=0, max_value=2000)),
        referral_model=draw(st.sampled_from(["textbook", "lifetime"])),
    )
    p["maintenance_cost"] = draw(st.floats(min_value=0, max_value=0.9)) * p["annual_revenue"] * p["margin"]
    return p


def _total(p):
    r = clv_breakdown(**p)
    if p.get("referral_model") == "lifetime":
        # the textbook's directions assume referrals add value: a referred customer worth more than their cost
        assume(r.current >= p["referral_cost"])
    return r.total


# direction of each textbook factor: +1 raises CLV, -1 lowers it
DIRECTIONS = {
    "horizon": (+1, st.integers(min_value=1, max_value=30)),
    "discount_rate": (-1, st.floats(min_value=0.0, max_value=0.5)),
    "churn_rate": (-1, rate),
    "revenue_growth": (+1, st.floats(min_value=0.0, max_value=0.3)),
    "maintenance_cost": (-1, st.floats(min_value=0, max_value=300)),
    "annual_revenue": (+1, money),
    "referrals_per_year": (+1, st.floats(min_value=0, max_value=3)),
    "data_value": (+1, st.floats(min_value=0, max_value=500)),
}


def test_directions_cover_the_eight_factors():
    assert set(DIRECTIONS) == set(FACTORS)
    assert len(FACTORS) == 8


@pytest.mark.parametrize("factor", FACTORS)
@given(data=st.data())
def test_each_factor_moves_clv_the_textbook_way(factor, data):
    p = data.draw(customers())
    sign, values = DIRECTIONS[factor]
    a, b = sorted([data.draw(values), data.draw(values)])
    low, high = _total({**p, factor: a}), _total({**p, factor: b})
    tolerance = 1e-9 * max(abs(low), abs(high), 1)
    if sign > 0:
        assert high >= low - tolerance
    else:
        assert high <= low + tolerance


@given(p=customers())
def test_parts_add_up(p):
    r = clv_breakdown(**p)
    assert r.potential == pytest.approx(r.upsell + r.referral)
    assert r.total == pytest.approx(r.historical + r.current + r.potential)
    assert r.table["present_value"].sum() == pytest.approx(r.current, rel=1e-9, abs=1e-6)
    assert r.table["survival_probability"].is_monotonic_decreasing or p["churn_rate"] == 0


@given(p=customers())
def test_infinite_horizon_is_the_limit_of_long_horizons(p):
    q = (1 - p["churn_rate"]) * (1 + p["revenue_growth"]) / (1 + p["discount_rate"])
    assume(q < 0.97)
    infinite = clv_breakdown(**{**p, "horizon": None}).current
    long = clv_breakdown(**{**p, "horizon": 2000}).current
    assert long == pytest.approx(infinite, rel=1e-9, abs=1e-6)


# ----------------------------------------------------------------- CLV vs CAC


@pytest.mark.parametrize(
    "clv, verdict, meets",
    [(500, "亏损", False), (2000, "偏低", False), (3000, "健康", True), (5000, "健康", True), (6000, "很高", True)],
)
def test_cac_ratio_verdicts(clv, verdict, meets):
    r = clv_cac_ratio(clv=clv, cac=1000)
    assert r.ratio == clv / 1000
    assert r.verdict.startswith(verdict)
    assert r.meets_target is meets


def test_cac_must_be_positive():
    with pytest.raises(CrmlabInputError, match="cac 必须大于 0"):
        clv_cac_ratio(clv=1000, cac=0)


def test_payback_by_hand():
    assert payback_period(cac=1800, annual_revenue=2400, margin=0.6) == 1.25
    assert payback_period(cac=0, annual_revenue=2400, margin=0.6) == 0
    pv = [1440 * (0.8 / 1.1) ** t for t in (1, 2, 3)]
    expected = 2 + (2000 - pv[0] - pv[1]) / pv[2]
    assert payback_period(cac=2000, annual_revenue=2400, margin=0.6, churn_rate=0.2, discount_rate=0.1) == pytest.approx(
        expected
    )
    # the cumulative present value levels off at 3840 < 5000: never repaid
    assert payback_period(cac=5000, annual_revenue=2400, margin=0.6, churn_rate=0.2, discount_rate=0.1) == math.inf
    with pytest.raises(CrmlabInputError, match="cac"):
        payback_period(cac=-1, annual_revenue=2400, margin=0.6)


# --------------------------------------------------------- sensitivity and tornado


def test_sensitivity_table_matches_clv_breakdown():
    t = sensitivity_table(zhangsan(), factor="churn_rate", values=[0.1, 0.15, 0.2])
    assert list(t.columns) == ["churn_rate", "historical", "current", "upsell", "referral", "potential", "total"]
    for row in t.itertuples():
        assert row.total == pytest.approx(clv_breakdown(**{**zhangsan(), "churn_rate": row.churn_rate}).total)
    with pytest.raises(CrmlabInputError, match="factor 只能是"):
        sensitivity_table(zhangsan(), factor="price", values=[1])
    with pytest.raises(CrmlabInputError, match="流失率 churn_rate"):
        sensitivity_table(zhangsan(), factor="churn_rate", values=[1.2])
    with pytest.raises(CrmlabInputError, match="base 必须是参数字典"):
        sensitivity_table([1, 2], factor="churn_rate", values=[0.1])


def test_tornado_table():
    t = tornado_table(zhangsan(), change=0.2)
    assert t["factor"].tolist()[0] == "annual_revenue"
    assert t["swing"].is_monotonic_decreasing
    assert set(t["factor"]) == set(FACTORS)
    row = t.set_index("factor").loc["churn_rate"]
    assert (row.low_value, row.high_value) == pytest.approx((0.16, 0.24))
    assert row.total_at_low == pytest.approx(clv_breakdown(**{**zhangsan(), "churn_rate": 0.16}).total)
    horizon = t.set_index("factor").loc["horizon"]
    assert (horizon.low_value, horizon.high_value) == (4, 6)
    # a factor at zero does not move under a relative change...
    assert t.set_index("factor").loc["data_value", "swing"] == 0
    # ...but does with an absolute range
    t2 = tornado_table(zhangsan(), ranges={"data_value": (0, 100)})
    assert t2.set_index("factor").loc["data_value", "swing"] > 0
    # clipped at the parameter's limit
    t3 = tornado_table({**zhangsan(), "margin": 0.9}, factors=["margin"])
    assert t3["high_value"].item() == 1.0
    # an infinite horizon is not varied, unless given a range
    assert "horizon" not in tornado_table({**zhangsan(), "horizon": None})["factor"].tolist()
    t4 = tornado_table({**zhangsan(), "horizon": None}, factors=["horizon"], ranges={"horizon": (5, 10)})
    assert t4["base_value"].item() == math.inf and t4["total_at_high"].item() > t4["total_at_low"].item()
    with pytest.raises(CrmlabInputError, match="change 必须在 \\(0, 1\\) 内"):
        tornado_table(zhangsan(), change=1.5)


# ------------------------------------------------------ many customers, segments


def test_clv_table_by_hand_and_leaves_input_alone():
    members = pd.DataFrame(
        {"customer_id": ["A", "B"], "annual_revenue": [1000.0, 2000.0], "years_active": [1.0, 0.0], "cac": [10, 20]}
    )
    before = members.copy()
    t = clv_table(members, margin=0.5, churn_rate=0.5, discount_rate=0.0, horizon=2)
    pd.testing.assert_frame_equal(members, before)
    assert t.columns.tolist() == ["customer_id", "cac", "historical", "current", "upsell", "referral", "potential", "total"]
    assert t["current"].tolist() == [375, 750]
    assert t["total"].tolist() == [875, 750]


def test_clv_table_errors():
    members = pd.DataFrame({"annual_revenue": [1000.0, None, np.nan], "years_active": [1, 2, 3]})
    with pytest.raises(CrmlabInputError, match="列 年收入 annual_revenue 有 2 行缺失值"):
        clv_table(members, margin=0.5, churn_rate=0.2, discount_rate=0.1)
    ok = pd.DataFrame({"annual_revenue": [1000.0, 2000.0], "churn_rate": [0.2, 1.4]}, index=["x", "y"])
    with pytest.raises(CrmlabInputError, match="索引为 'y' 的行：流失率 churn_rate 必须在"):
        clv_table(ok, margin=0.5, years_active=1, discount_rate=0.1)
    with pytest.raises(CrmlabInputError, match="既是表中的列又作为关键字参数给出"):
        clv_table(ok, churn_rate=0.2, margin=0.5, years_active=1, discount_rate=0.1)
    with pytest.raises(CrmlabInputError, match="缺少必需的参数 已合作年数 years_active"):
        clv_table(ok, margin=0.5, discount_rate=0.1)
    with pytest.raises(CrmlabInputError, match="索引有 1 个重复值"):
        clv_table(ok.set_axis(["x", "x"]), margin=0.5, years_active=1, discount_rate=0.1)


def test_segments_quadrants_and_thresholds():
    v = pd.DataFrame({"current": [3000, 500, 2500, 400], "potential": [1500, 1200, 100, 50]})
    s = clv_segments(v)
    assert s.table["segment"].tolist() == ["高价值", "成长型", "需警惕", "低价值"]
    assert (s.current_threshold, s.potential_threshold) == (1500, 650)
    # at the threshold counts as high
    s2 = clv_segments(v, current_threshold=2500, potential_threshold=1200)
    assert s2.table["segment"].tolist() == ["高价值", "成长型", "需警惕", "低价值"]
    assert list(s.table["segment"].cat.categories) == list(SEGMENTS)
    summary = s.summary(value="current")
    assert summary["count"].tolist() == [1, 1, 1, 1]
    assert summary["strategy"].tolist() == [SEGMENT_STRATEGIES[k] for k in SEGMENTS]
    assert "segment" not in v.columns
    with pytest.raises(CrmlabInputError, match="表中没有列 'total'"):
        s.summary()


def test_segments_errors():
    with pytest.raises(CrmlabInputError, match="表中没有列 potential"):
        clv_segments(pd.DataFrame({"current": [1.0]}))
    with pytest.raises(CrmlabInputError, match="列 current 有 1 行缺失或不是数字"):
        clv_segments(pd.DataFrame({"current": [1.0, None], "potential": [1.0, 2.0]}))
    with pytest.raises(CrmlabInputError, match="空表"):
        clv_segments(pd.DataFrame({"current": [], "potential": []}))


@given(
    st.lists(
        st.tuples(st.floats(-1e4, 1e5, allow_nan=False), st.floats(-1e4, 1e5, allow_nan=False)), min_size=1, max_size=60
    )
)
def test_segments_place_every_customer_exactly_once(pairs):
    v = pd.DataFrame(pairs, columns=["current", "potential"])
    s = clv_segments(v)
    assert len(s.table) == len(v)
    assert s.table["segment"].notna().all()
    assert s.summary(value="current")["count"].sum() == len(v)
    assert s.summary(value="current")["share"].sum() == pytest.approx(1)


def test_clv_analysis_on_streamnow():
    a = clv_analysis(streamnow_members(), margin=0.6, discount_rate=0.1)
    zs = a.data["name"] == "张三"
    assert a.values.loc[zs, "total"].item() == pytest.approx(clv_breakdown(**zhangsan()).total)
    inv = a.investment.loc[zs].iloc[0]
    assert inv.ratio == pytest.approx(inv.clv / 2500)
    # 张三 has been a member for 3 years at 1,440 profit a year: the CAC 2,500 was repaid after 2500 / 1440 years
    assert inv.payback_years == pytest.approx(2500 / 1440)
    assert a.strategies["count"].sum() == len(a.data)
    assert a.strategies["segment"].tolist() == list(SEGMENTS)
    assert set(a.segments.table["segment"]) == set(SEGMENTS)


def test_clv_analysis_payback_agrees_with_the_verdict():
    a = clv_analysis(streamnow_members(), margin=0.6, discount_rate=0.1, horizon=5)
    inv = a.investment.set_index(a.data["name"])
    # 郑一: historical profit 1200 * 0.6 * 2 = 1,440 already exceeds his CAC 1,000: repaid after 1000 / 720 years
    assert inv.at["郑一", "payback_years"] == pytest.approx(1000 / 720)
    # 王五: 720 of his CAC 900 repaid in his first year; the remaining 180 from next year's expected,
    # discounted profit 720 * 0.65 / 1.1
    assert inv.at["王五", "payback_years"] == pytest.approx(1 + 180 / (720 * 0.65 / 1.1))
    # 钱七 is new: the expected, discounted payback of payback_period
    assert inv.at["钱七", "payback_years"] == pytest.approx(
        payback_period(cac=600, annual_revenue=1200, margin=0.6, churn_rate=0.4, discount_rate=0.1)
    )
    repays = inv["ratio"] >= 1
    assert np.isfinite(inv.loc[repays, "payback_years"]).all()


def test_parameters_table_lists_every_keyword():
    import inspect

    assert list(inspect.signature(clv_breakdown).parameters) == list(CLV_PARAMETERS)


# ------------------------------------------------- tables the notebook shows


def test_parameter_table():
    from crmlab.clv import parameter_table

    t = parameter_table({"annual_revenue": 2400, "churn_rate": 0.2, "referral_model": "lifetime"})
    assert t.columns.tolist() == ["term", "parameter", "setting"]
    assert t["term"].tolist() == ["年收入", "流失率", "推荐价值算法"] and t["setting"].tolist() == [2400, 0.2, "lifetime"]
    with pytest.raises(CrmlabInputError, match="params"):
        parameter_table([("annual_revenue", 2400)])


def test_compare_results_by_hand():
    from crmlab.clv import compare_results

    base = dict(annual_revenue=1000, margin=0.5, years_active=2, churn_rate=0.5, discount_rate=0.0, horizon=1)
    t = compare_results({"a": clv_breakdown(**base), "b": clv_breakdown(**{**base, "margin": 1.0})})
    # historical 2 * 500 and 2 * 1000; current 500 * 0.5 and 1000 * 0.5
    assert t.index.tolist() == ["历史价值", "当前价值", "潜在价值", "客户终生价值"]
    assert t["a"].tolist()[:2] == [1000.0, 250.0] and t["b"].tolist()[:2] == [2000.0, 500.0]
    with pytest.raises(CrmlabInputError, match="parts"):
        compare_results({"a": clv_breakdown(**base)}, parts=("table",))
    with pytest.raises(CrmlabTypeError, match="CLVBreakdown"):
        compare_results({"a": 3.0})
    with pytest.raises(CrmlabInputError, match="非空"):
        compare_results({})


def test_sensitivity_and_tornado_name_the_list_that_carried_a_bad_value():
    base = dict(annual_revenue=2400, margin=0.6, years_active=3, churn_rate=0.2, discount_rate=0.1)
    with pytest.raises(CrmlabInputError, match="values 的第 2 个值不可用：流失率 churn_rate") as err:
        sensitivity_table(base, factor="churn_rate", values=[0.1, 1])
    assert err.value.parameter == "values"
    with pytest.raises(CrmlabInputError, match="factors") as err:
        tornado_table(base, factors=[1])
    assert err.value.parameter == "factors"
    with pytest.raises(CrmlabInputError) as err:
        tornado_table(base, ranges={"price": (1, 2)})
    assert err.value.parameter == "ranges"


def test_compare_results_refuses_bare_parts():
    from crmlab.clv import compare_results

    results = {"a": clv_breakdown(annual_revenue=1000, margin=0.5, years_active=0, churn_rate=0.5, discount_rate=0.0, horizon=1)}
    for parts in (None, True, "current"):
        with pytest.raises(CrmlabTypeError, match="parts 必须是结果部分的列表"):
            compare_results(results, parts=parts)
