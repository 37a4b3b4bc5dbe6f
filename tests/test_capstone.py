"""crmlab.capstone and the 小满茶铺 project data (chapter 12): checks, cleaning and the plan, by hand and against the truth."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import CrmlabInputError, capstone, lifecycle
from crmlab._capstone_data import COUNTS, MARGIN
from crmlab._capstone_data import simulate as simulate_capstone
from crmlab.datasets import data_path, load_capstone, write_capstone

# ------------------------------------------------------------------ the project data

FILES = ["transactions", "customers", "channels", "survey", "truth"]


def test_committed_capstone_files_regenerate_byte_for_byte(tmp_path):
    paths = write_capstone(tmp_path)
    assert [p.name for p in paths] == [f"capstone_{n}.csv" for n in FILES]
    for path in paths:
        assert path.read_bytes() == data_path(path.name).read_bytes(), f"{path.name} differs from the committed file"


def test_project_loads_raw_and_counts_match_the_truth():
    project = load_capstone()
    truth = project.truth.set_index("problem")["rows"]
    assert {k: int(truth[k]) for k in COUNTS} == COUNTS
    found = capstone.data_check(project.transactions, currency="currency").counts
    assert {k: found[k] for k in COUNTS} == COUNTS
    assert found["missing_date"] == 0 and found["bad_amount"] == 0
    assert len(project.transactions) == int(truth["clean_orders"]) + COUNTS["duplicate"] + COUNTS["return"] + COUNTS["test_order"]


def test_cleaning_the_project_recovers_the_clean_orders():
    project = load_capstone()
    raw = project.transactions
    cleaned = capstone.clean_log(raw, currency="currency", exchange_rates=project.exchange_rates)
    clean_orders = int(project.truth.set_index("problem").at["clean_orders", "rows"])
    lost = COUNTS["missing_customer"] + COUNTS["malformed_date"] + COUNTS["outlier"] + COUNTS["return"]
    assert len(cleaned.transactions) == clean_orders - lost
    # every return cancelled its own order: R000123 with O000123
    gone = cleaned.removed.loc[cleaned.removed["removal_reason"] == "退货（负金额）", "order_id"]
    returns = sorted(o[1:] for o in gone if o.startswith("R"))
    assert returns == sorted(o[1:] for o in gone if o.startswith("O")) and len(returns) == COUNTS["return"]
    # no test account, no dollar, no fen left; the log passes every check of the chapters
    assert capstone.data_check(cleaned.transactions).counts == dict.fromkeys(capstone.PROBLEMS, 0)
    assert "currency" not in cleaned.transactions.columns
    assert set(cleaned.removed["removal_reason"].value_counts().items()) >= {("完全重复的行", 50), ("测试订单", 12)}
    # the caller's frame is untouched
    assert raw["customer_id"].isna().sum() == COUNTS["missing_customer"]


def test_dollar_amounts_come_back_to_yuan_within_rounding():
    rows = simulate_capstone()["transactions"][1:]
    dollars = [r for r in rows if r[4] == "美元"]
    assert len(dollars) == COUNTS["other_currency"]
    project = load_capstone()
    cleaned = capstone.clean_log(project.transactions, currency="currency", exchange_rates=project.exchange_rates).transactions
    back = cleaned.set_index("order_id").loc[[r[0] for r in dollars], "amount"]
    assert np.allclose(back, [float(r[3]) * 7.1 for r in dollars], rtol=0, atol=0.006)


def test_stated_margin_is_the_simulated_one_rounded():
    from crmlab import _shop
    from crmlab._capstone_data import CUSTOMERS, PROSPECTS, SEED

    orders = _shop.simulate(CUSTOMERS, PROSPECTS, SEED).transactions[1:]
    margin = sum(float(r[5]) for r in orders) / sum(float(r[4]) for r in orders)
    assert abs(margin - MARGIN) < 0.005


# ------------------------------------------------------------------ data_check and clean_log by hand

RAW = pd.DataFrame(
    {
        "customer_id": ["a", "a", "测试01", None, "b", "b", "c", "c", "d"],
        "date": ["2024-01-05", "2024-01-05", "2024-02-01", "2024-02-03", "03/02/2024", "2024-02-10", "2024-02-30", "2024-03-01", "2024-03-02"],
        "amount": [10.0, 10.0, 0.01, 8.0, 12.0, -12.0, 9.0, 2.0, 1000.0],
        "currency": ["人民币"] * 7 + ["美元", "人民币"],
    }
)  # fmt: skip


def test_data_check_counts_each_problem_by_hand():
    check = capstone.data_check(RAW, currency="currency", outlier_factor=30)
    expected = {"duplicate": 1, "test_order": 1, "missing_customer": 1, "missing_date": 0, "day_first_date": 1,
                "malformed_date": 1, "bad_amount": 0, "other_currency": 1, "return": 1, "outlier": 1}  # fmt: skip
    assert check.counts == expected  # median of the positive yuan amounts is 10, so 1000 > 300
    assert check.table["rows"].tolist() == list(expected.values())
    assert check.table.loc[check.table["problem"] == "日在前的日期（日/月/年）", "example"].item() == "03/02/2024"
    assert check.n_rows == 9 and "8 类问题" in check.note


def test_clean_log_by_hand():
    cleaned = capstone.clean_log(RAW, currency="currency", exchange_rates={"美元": 7.1}, outlier_factor=30)
    # left: a 10 (duplicate dropped), c 2 dollars -> 14.2 yuan; gone: test, missing id, b's return pair, c's 02-30, d's outlier
    assert cleaned.transactions[["customer_id", "amount"]].values.tolist() == [["a", 10.0], ["c", 14.2]]
    assert cleaned.transactions["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-05", "2024-03-01"]
    steps = cleaned.steps.set_index("cleaning_step")
    assert steps.loc["日在前的日期（日/月/年）", "rows"] == 1 and steps.loc["外币金额", "operation"] == "改写"
    assert steps["rows_left"].iloc[-1] == 2 and len(cleaned.removed) == 7
    assert cleaned.note == "原始记录 9 行，清洗后 2 行：删除 7 行，改写 2 行。"
    kept = capstone.clean_log(RAW, currency="currency", exchange_rates={"美元": 7.1}, outliers="keep")
    assert kept.transactions["amount"].tolist() == [10.0, 14.2, 1000.0]


def test_a_return_without_its_purchase_is_dropped_alone():
    raw = pd.DataFrame({"customer_id": ["a", "a"], "date": ["2024-01-05", "2024-01-09"], "amount": [10.0, -7.0]})
    cleaned = capstone.clean_log(raw)
    assert cleaned.transactions["amount"].tolist() == [10.0]
    assert cleaned.steps.set_index("cleaning_step").at["退货（负金额）", "rows"] == 1


def test_a_return_cancels_the_latest_earlier_purchase_only_once():
    raw = pd.DataFrame({"customer_id": ["a"] * 4, "date": ["2024-01-05", "2024-02-05", "2024-02-06", "2024-03-01"],
                        "amount": [10.0, 10.0, -10.0, 10.0]})  # fmt: skip
    left = capstone.clean_log(raw).transactions
    assert left["date"].dt.strftime("%m-%d").tolist() == ["01-05", "03-01"]


def test_bad_options_are_refused_bilingually():
    with pytest.raises(CrmlabInputError, match="汇率 exchange_rates 缺少币种 '美元'"):
        capstone.clean_log(RAW, currency="currency")
    with pytest.raises(CrmlabInputError, match="outliers"):
        capstone.clean_log(RAW, outliers="divide")
    with pytest.raises(CrmlabInputError, match="outlier_factor"):
        capstone.data_check(RAW, outlier_factor=1)
    with pytest.raises(CrmlabInputError, match="test_pattern"):
        capstone.data_check(RAW, test_pattern=3)
    with pytest.raises(CrmlabInputError, match="currency"):
        capstone.data_check(RAW, currency=["currency"])
    with pytest.raises(CrmlabInputError, match="缺少列 'currency'"):
        capstone.data_check(RAW.drop(columns="currency"), currency="currency")


def test_datetime_dates_and_bool_amounts():
    raw = RAW.assign(date=pd.to_datetime(["2024-01-05"] * 9), amount=[True] * 9)
    counts = capstone.data_check(raw).counts
    assert counts["bad_amount"] == 9 and counts["day_first_date"] == counts["malformed_date"] == 0


@settings(deadline=None, max_examples=40)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c", None, "测试9"]), st.sampled_from(["2024-01-05", "05/01/2024", "2024-02-30", None]),
                  st.sampled_from([10.0, 12.5, -10.0, 0.0, 900.0])),
        min_size=1, max_size=25,
    )
)  # fmt: skip
def test_cleaning_accounts_for_every_row_and_leaves_a_clean_log(rows):
    raw = pd.DataFrame(rows, columns=["customer_id", "date", "amount"])
    before = raw.copy()
    cleaned = capstone.clean_log(raw)
    pd.testing.assert_frame_equal(raw, before)
    assert len(cleaned.transactions) + len(cleaned.removed) == len(raw)
    assert cleaned.removed.index.is_unique and set(cleaned.removed.index) <= set(range(len(raw)))
    if len(cleaned.transactions):  # rows equal only once their dates are read are kept: same-day purchases
        left = capstone.data_check(cleaned.transactions).counts
        assert {k: v for k, v in left.items() if k != "duplicate"} == dict.fromkeys(set(capstone.PROBLEMS) - {"duplicate"}, 0)
    found = capstone.data_check(raw).counts
    assert found["missing_customer"] == int(raw["customer_id"].isna().sum())


# ------------------------------------------------------------------ the plan

LOG = pd.DataFrame(
    {"customer_id": ["a", "b", "c", "a", "d"], "date": ["2024-03-01", "2024-05-01", "2024-06-01", "2025-02-01", "2025-03-01"],
     "amount": [100.0, 50.0, 80.0, 120.0, 60.0], "profit": [30.0, 10.0, 20.0, 40.0, 12.0]}
)  # fmt: skip


def test_yearly_churn_and_margin_by_hand():
    # bought in the year to 2024-12-31: a, b, c; of them only a bought in 2025
    assert capstone.yearly_churn(LOG, as_of="2025-12-31") == pytest.approx(2 / 3)
    assert capstone.gross_margin(LOG) == pytest.approx(112 / 410)
    with pytest.raises(CrmlabInputError, match="无法计算年流失率"):
        capstone.yearly_churn(LOG, as_of="2024-06-30")


def test_strategy_table_by_hand_and_the_budget_cap():
    view = pd.DataFrame({"segment": ["甲"] * 2 + ["乙"] * 3 + ["丙"], "predictive_clv": [400.0, 600.0, 100.0, 100.0, 100.0, 50.0],
                         "warned": [True, False, True, True, False, False]})  # fmt: skip
    acts = pd.DataFrame({"segment": ["甲", "乙", "丙"], "action": ["x", "y", "z"], "cost_per_customer": [20.0, 5.0, 10.0],
                         "effect": [0.1, 0.1, 0.1]})  # fmt: skip
    plan = capstone.strategy_table(view, acts).set_index("segment")
    assert plan["action_budget"].tolist() == [40.0, 15.0, 10.0]
    assert plan["expected_value"].tolist() == pytest.approx([100.0, 30.0, 5.0])
    assert plan["roi"].tolist() == pytest.approx([1.5, 1.0, -0.5])
    assert plan["warned"].tolist() == [1, 2, 0] and plan["funded"].tolist() == [True, True, False]
    capped = capstone.strategy_table(view, acts, total_budget=50).set_index("segment")
    # 甲 (best return) uses 40 of 50; the 10 left reach two thirds of 乙 (15 for all of them); 丙 loses money
    assert capped["funded_share"].tolist() == pytest.approx([1.0, 2 / 3, 0.0])
    assert capped["planned_spend"].tolist() == pytest.approx([40.0, 10.0, 0.0]) and capped["funded"].tolist() == [True, True, False]
    assert capped["planned_gain"].tolist() == pytest.approx([100.0, 20.0, 0.0])
    first = capstone.strategy_table(view, acts, total_budget=20).set_index("segment")
    assert first["funded_share"].tolist() == pytest.approx([0.5, 0.0, 0.0])  # the best return first, even if only in part
    cheaper = capstone.strategy_table(view, acts, cost_factor=0.5, effect_factor=2).set_index("segment")
    assert cheaper["roi"].tolist() == pytest.approx([9.0, 7.0, 1.0])
    with pytest.raises(CrmlabInputError, match="缺少细分 丙"):
        capstone.strategy_table(view, acts.iloc[:2])
    figures = capstone.key_figures(view.assign(revenue=1.0, abc_class="A"), plan.reset_index()).set_index("item")["figure"]
    assert figures["预算合计（元）"] == 55.0 and figures["预期净收益（元）"] == pytest.approx(75.0)
    capped_figures = capstone.key_figures(view.assign(revenue=1.0, abc_class="A"), capped.reset_index()).set_index("item")["figure"]
    assert capped_figures["预算合计（元）"] == pytest.approx(50.0) and capped_figures["预期增加的价值（元）"] == pytest.approx(120.0)
    nothing = capstone.key_figures(view.assign(revenue=1.0, abc_class="A"), plan.reset_index().assign(funded=False, planned_spend=0.0, planned_gain=0.0))
    assert "投入产出比（净收益 / 预算）" not in nothing["item"].tolist()


def test_default_actions_cover_the_eight_segments():
    from crmlab.rfm import segment_rules

    actions = capstone.default_actions()
    assert actions["segment"].tolist() == segment_rules("eight")["segment"].tolist()
    assert (actions["cost_per_customer"] > 0).all() and actions["effect"].between(0, 1).all()


def test_channel_value_by_hand():
    view = pd.DataFrame({"revenue": [100.0, 300.0, 50.0], "predictive_clv": [60.0, 80.0, 5.0], "channel": ["甲", "甲", "乙"],
                         "segment": ["好", "好", "差"]}, index=["a", "b", "c"])  # fmt: skip
    kpis = pd.DataFrame({"channel": ["甲", "乙"], "cac": [50.0, 40.0]})
    out = capstone.channel_value(view, kpis, margin=0.5).set_index("channel")
    assert out.loc["甲", "lifetime_value"] == pytest.approx(0.5 * 200 + 70)  # mean revenue 200, mean CLV 70
    assert out.loc["乙", "ratio"] == pytest.approx(30 / 40) and out.loc["乙", "verdict"].startswith("亏损")
    with pytest.raises(CrmlabInputError, match="没有渠道 乙"):
        capstone.channel_value(view, kpis.iloc[:1], margin=0.5)


@pytest.mark.slow
def test_the_course_shop_plan_end_to_end():
    from crmlab.datasets import load_course_shop

    shop = load_course_shop()
    margin = capstone.gross_margin(shop.transactions)
    churn = capstone.yearly_churn(shop.transactions, as_of="2025-12-31")
    both = capstone.clv_side_by_side(shop.transactions, as_of="2025-12-31", margin=margin, churn_rate=churn)
    assert both.bgnbd.converged and both.gamma_gamma.converged
    view = capstone.customer_overview(shop.transactions, as_of="2025-12-31", clv=both, people=shop.customers)
    assert len(view) == 2000 and not view.isna().any().any()
    # the overview agrees with the chapters' own functions
    warned = lifecycle.churn_warning(shop.transactions, as_of="2025-12-31")["flagged"]
    assert int(view["warned"].sum()) == int(warned.sum())
    assert view["abc_class"].value_counts()["A"] == 437
    # predictive CLV is near zero for customers the model thinks are gone, the formula is not
    gone = view["probability_alive"] < 0.01
    assert view.loc[gone, "predictive_clv"].median() < 1 < view.loc[gone, "textbook_clv"].median()
    plan = capstone.strategy_table(view)
    assert plan.set_index("segment").at["重要价值客户", "funded"]
    kpis = lifecycle.channel_kpis(shop.customers, shop.transactions, shop.channels, as_of="2025-12-31")
    channels = capstone.channel_value(view, kpis, margin=margin)
    assert channels["channel"].iloc[0] == "朋友推荐" and (channels["ratio"] > 1).all()
    assert math.isclose(channels["customers"].sum(), 2000)


# ---------------------------------------------------------------- the campaign by segment (12.7)

def _campaign_table():
    ids = [f"c{i}" for i in range(44)]
    table = pd.DataFrame({"customer_id": ids, "treated": [True, False] * 22,
                          "purchased": [True, False] * 5 + [False, False] * 5 + [True, True] * 10 + [True, False] * 2})
    segments = pd.Series(["甲"] * 20 + ["乙"] * 20 + ["丙"] * 2, index=ids[:42])
    return table, segments


def test_campaign_by_segment_by_hand():
    from crmlab.capstone import campaign_by_segment

    table, segments = _campaign_table()
    out = campaign_by_segment(table, segments, outcome="purchased")
    # 甲: 5 of 10 treated bought, 0 of 10 controls; 乙: everyone bought; 丙: one customer per group
    assert out.loc["甲", ["n_treated", "n_control", "treated_mean", "control_mean", "uplift"]].tolist() == [10, 10, 0.5, 0.0, 0.5]
    assert out.loc["甲", "verdict"] == "有效"
    assert out.loc["乙", "uplift"] == 0.0
    assert "丙" not in out.index and out.attrs["too_small"] == {"丙": 2}  # too few to estimate: listed, not in the table
    assert out.attrs["unmatched"] == 2  # c42 and c43 have no segment
    assert list(table.columns) == ["customer_id", "treated", "purchased"]  # the caller's table is untouched


def test_campaign_by_segment_refuses_bad_input():
    from crmlab.capstone import campaign_by_segment

    table, segments = _campaign_table()
    with pytest.raises(CrmlabInputError, match="segments"):
        campaign_by_segment(table, segments.to_dict(), outcome="purchased")
    with pytest.raises(CrmlabInputError, match="重复"):
        campaign_by_segment(table, pd.concat([segments, segments.head(1)]), outcome="purchased")
    with pytest.raises(CrmlabInputError, match="revenue"):
        campaign_by_segment(table, segments)  # the default outcome is revenue: not in this table
    with pytest.raises(CrmlabInputError, match="confidence"):
        campaign_by_segment(table, segments, outcome="purchased", confidence=1.5)
