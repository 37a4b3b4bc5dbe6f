"""crmlab.customers: importance, loyalty and state, tiers, typology; errors and properties."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlab import CrmlabInputError, CrmlabTypeError
from crmlab import customers as C
from crmlab._validation import check_transactions

FIVE = pd.Series({"a": 500.0, "b": 300.0, "c": 100.0, "d": 60.0, "e": 40.0})


# ----------------------------------------------------------------- importance


def test_pareto_table_by_hand():
    t = C.pareto_table(FIVE)
    assert t["customer_id"].tolist() == ["a", "b", "c", "d", "e"]
    assert t["share"].tolist() == pytest.approx([0.5, 0.3, 0.1, 0.06, 0.04])
    assert t["cumulative_share"].tolist() == pytest.approx([0.5, 0.8, 0.9, 0.96, 1.0])
    assert t["customer_share"].tolist() == pytest.approx([0.2, 0.4, 0.6, 0.8, 1.0])


def test_ties_are_broken_by_id_and_input_untouched():
    v = pd.Series({"z": 5.0, "a": 5.0, "m": 1.0}, name="profit")
    before = v.copy()
    assert C.pareto_table(v)["customer_id"].tolist() == ["a", "z", "m"]
    pd.testing.assert_series_equal(v, before)


def test_abc_by_value_and_by_customers():
    assert C.abc_classes(FIVE)["class"].tolist() == ["A", "A", "B", "B", "C"]
    assert C.abc_classes(FIVE, cutoffs=(0.5, 0.9))["class"].tolist() == ["A", "B", "B", "C", "C"]
    by_count = C.abc_classes(FIVE, basis="customers", cutoffs=(0.2, 0.6), labels=C.IMPORTANCE_LABELS)
    assert by_count["class"].tolist() == ["贵宾型", "重要型", "重要型", "普通型", "普通型"]
    assert list(by_count["class"].cat.categories) == list(C.IMPORTANCE_LABELS)


def test_class_summary_by_hand():
    s = C.class_summary(C.abc_classes(FIVE))
    assert s["customers"].tolist() == [2, 2, 1]
    assert s["value"].tolist() == [800, 160, 40]
    assert s["value_share"].tolist() == pytest.approx([0.8, 0.16, 0.04])
    assert s["mean_value"].tolist() == [400, 80, 40]


@pytest.mark.parametrize(
    "cutoffs, fragment",
    [((0.9, 0.8), "第一个分界值必须小于第二个"), ((0, 0.5), "必须在 \\(0, 1\\] 内"), ((0.5,), "需要两个分界值")],
)
def test_bad_cutoffs(cutoffs, fragment):
    with pytest.raises(CrmlabInputError, match=fragment):
        C.abc_classes(FIVE, cutoffs=cutoffs)


def test_lorenz_gini_top_share_by_hand():
    curve = C.lorenz_curve(pd.Series([1.0, 3.0]))
    assert curve.values.tolist() == [[0.0, 0.0], [0.5, 0.25], [1.0, 1.0]]
    assert C.gini(pd.Series([1.0, 3.0])) == pytest.approx(0.25)  # (2*1-3)*1 + (2*2-3)*3 = 2 → 2 / (2*4)
    assert C.gini(pd.Series([2.0] * 7)) == pytest.approx(0)
    assert C.top_share(FIVE, top=0.2) == pytest.approx(0.5)
    assert C.top_share(FIVE, top=0.4) == pytest.approx(0.8)
    assert C.top_share(FIVE, top=0.1) == pytest.approx(0.25)  # half of the largest customer, on the straight line
    assert C.top_share(FIVE, top=0) == 0 and C.top_share(FIVE, top=1) == pytest.approx(1)


@pytest.mark.parametrize(
    "values, fragment",
    [
        (pd.Series([1.0, -2.0]), "有 1 位客户的价值为负数"),
        (pd.Series([1.0, np.nan]), "有 1 位客户的价值缺失"),
        (pd.Series([1.0, "x"]), "缺失或不是数字"),
        (pd.Series([], dtype=float), "是空的"),
        (pd.Series([0.0, 0.0]), "都是 0"),
        (pd.Series([1.0, 2.0], index=["a", "a"]), "有 1 个重复"),
        ([1, 2], "必须是以客户编号为索引的 pandas Series"),
    ],
)
def test_bad_values(values, fragment):
    with pytest.raises(CrmlabInputError, match=fragment):
        C.gini(values)


def test_value_tiers_by_share_and_threshold():
    assert C.value_tiers(FIVE, shares=(0.2, 0.6))["tier"].tolist() == ["高价值", "中价值", "中价值", "低价值", "低价值"]
    assert C.value_tiers(FIVE, thresholds=(300, 60))["tier"].tolist() == ["高价值", "高价值", "中价值", "中价值", "低价值"]
    with pytest.raises(CrmlabInputError, match="高 ≥ 中"):
        C.value_tiers(FIVE, thresholds=(60, 300))


# property tests: shares add to one, every customer in exactly one class
value_series = st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=80).filter(
    lambda xs: sum(xs) > 0
)


@given(xs=value_series, a=st.floats(0.05, 0.6), gap=st.floats(0.05, 0.39), basis=st.sampled_from(["value", "customers"]))
def test_classes_partition_the_customers(xs, a, gap, basis):
    v = pd.Series(xs, index=[f"c{i}" for i in range(len(xs))])
    table = C.abc_classes(v, cutoffs=(a, a + gap), basis=basis)
    assert len(table) == len(v) and set(table["customer_id"]) == set(v.index)
    summary = C.class_summary(table)
    assert summary["customers"].sum() == len(v)
    assert summary["customer_share"].sum() == pytest.approx(1)
    assert summary["value_share"].sum() == pytest.approx(1)
    assert table["cumulative_share"].iloc[-1] == pytest.approx(1)
    # classes are ordered: no customer of a later class is worth more than one of an earlier class
    codes = table["class"].cat.codes.to_numpy()
    assert (np.diff(codes) >= 0).all()
    if basis == "value":
        assert summary["value_share"].iloc[0] >= a - 1e-9  # class A holds at least the first cut-off


@given(xs=value_series)
def test_gini_and_top_share_bounds(xs):
    v = pd.Series(xs)
    g = C.gini(v)
    assert -1e-12 <= g <= 1 - 1 / len(v) + 1e-12
    assert C.top_share(v, top=0.2) >= 0.2 - 1e-9  # the top 20% hold at least 20%
    curve = C.lorenz_curve(v)
    assert curve["value_share"].is_monotonic_increasing
    assert (curve["value_share"] <= curve["customer_share"] + 1e-12).all()


# ------------------------------------------------------------ loyalty and state

LOG = pd.DataFrame(
    {
        "customer_id": ["new", "old", "old", "loyal", "loyal", "loyal", "loyal", "loyal", "gone", "later"],
        "date": [
            "2024-12-20",  # new: first order 11 days before as_of
            "2024-06-01", "2024-11-30",  # old: two orders, first 213 days ago
            "2023-10-01", "2024-01-05", "2024-04-05", "2024-08-01", "2024-12-01",  # loyal: 5 orders, 457 days
            "2024-03-01",  # gone: last order 305 days ago
            "2025-02-01",  # later: after as_of, not yet known
        ],
        "amount": [10.0] * 10,
    }
)  # fmt: skip
PEOPLE = pd.DataFrame(
    {
        "customer_id": ["new", "old", "loyal", "gone", "later", "lead", "cold", "future"],
        "targeted": [True, True, False, True, True, True, False, True],
        "lead_date": ["2024-12-01", "2024-05-01", "2023-09-01", "2024-02-01", "2025-01-20", "2024-10-01", "2024-03-03", "2025-03-01"],
    }
)


def test_profile_by_hand():
    p = C.customer_profile(LOG, PEOPLE, as_of="2024-12-31")
    assert p.index.tolist() == ["cold", "gone", "lead", "loyal", "new", "old"]  # 'later' and 'future' not yet known
    assert p.loc["loyal", ["orders", "tenure_days", "recency_days"]].tolist() == [5, 457, 30]
    assert p.loc["lead", "orders"] == 0 and pd.isna(p.loc["lead", "tenure_days"])
    assert p.loc["lead", "targeted"] and not p.loc["cold", "targeted"]


def test_loyalty_classes_by_hand():
    classes = C.loyalty_classes(LOG, PEOPLE, as_of="2024-12-31")["loyalty"]
    assert classes.to_dict() == {
        "cold": "潜在客户", "gone": "流失客户", "lead": "潜在客户", "loyal": "忠诚客户", "new": "新客户", "old": "老客户",
    }  # fmt: skip
    # thresholds are parameters
    assert C.loyalty_classes(LOG, PEOPLE, as_of="2024-12-31", churn_days=365)["loyalty"]["gone"] == "老客户"
    assert C.loyalty_classes(LOG, PEOPLE, as_of="2024-12-31", loyal_orders=6)["loyalty"]["loyal"] == "老客户"
    assert C.loyalty_classes(LOG, PEOPLE, as_of="2024-12-31", new_days=5)["loyalty"]["new"] == "老客户"


def test_customer_states_by_hand():
    states = C.customer_states(LOG, PEOPLE, as_of="2024-12-31")["state"]
    assert states.to_dict() == {
        "cold": "潜在客户", "gone": "流失客户", "lead": "目标客户", "loyal": "忠诚客户", "new": "初次购买客户", "old": "重复购买客户",
    }  # fmt: skip
    assert list(states.cat.categories) == list(C.STATES)


def test_without_people_only_buyers_are_classified():
    classes = C.loyalty_classes(LOG, as_of="2024-12-31")["loyalty"]
    assert set(classes.index) == {"new", "old", "loyal", "gone"}
    assert "潜在客户" not in set(classes)


def test_state_transitions_by_hand():
    m = C.state_transitions(LOG, PEOPLE, start="2024-06-30", end="2024-12-31")
    assert m.loc["初次购买客户", "重复购买客户"] == 1  # old
    assert m.loc["尚未接触", "初次购买客户"] == 1  # new: met the shop in December and bought at once
    assert m.loc["重复购买客户", "忠诚客户"] == 1  # loyal: 3 orders in June, 5 and over a year by December
    assert m.loc["潜在客户", "潜在客户"] == 1  # cold
    assert m.loc["尚未接触", "目标客户"] == 1  # lead met the shop in October
    assert m.loc["初次购买客户", "流失客户"] == 1  # gone bought once in March
    assert int(m.to_numpy().sum()) == 6
    with pytest.raises(CrmlabInputError, match="早于 start"):
        C.state_transitions(LOG, PEOPLE, start="2024-12-31", end="2024-06-30")


def test_inputs_are_not_modified():
    log, people = LOG.copy(), PEOPLE.copy()
    C.customer_states(LOG, PEOPLE, as_of="2024-12-31")
    pd.testing.assert_frame_equal(LOG, log)
    pd.testing.assert_frame_equal(PEOPLE, people)


@pytest.mark.slow  # > 3 s with the default hypothesis profile
@given(
    days=st.lists(st.integers(0, 900), min_size=1, max_size=60),
    who=st.lists(st.integers(0, 9), min_size=60, max_size=60),
    as_of=st.integers(0, 1000),
)
def test_every_person_gets_exactly_one_class(days, who, as_of):
    log = pd.DataFrame(
        {"customer_id": [f"c{w}" for w in who[: len(days)]], "date": pd.Timestamp("2023-01-01") + pd.to_timedelta(days, unit="D")}
    )
    people = pd.DataFrame({"customer_id": [f"c{i}" for i in range(12)], "targeted": [i % 2 == 0 for i in range(12)]})
    stamp = max(pd.Timestamp("2023-01-01") + pd.Timedelta(days=as_of), log["date"].min())
    for result, column in (
        (C.loyalty_classes(log, people, as_of=stamp), "loyalty"),
        (C.customer_states(log, people, as_of=stamp), "state"),
    ):
        assert result.index.is_unique
        assert set(result.index) == set(people["customer_id"]) | set(log["customer_id"])
        assert result[column].notna().all()
        assert result[column].value_counts().sum() == len(result)


# --------------------------------------------------------------- bad input


def test_missing_columns_are_named():
    with pytest.raises(CrmlabInputError, match="transactions 缺少列 'date'.*现有列：customer_id, 日期"):
        C.customer_totals(pd.DataFrame({"customer_id": [1], "日期": ["2024-01-01"], "amount": [1.0]}))
    # the parameter names the column
    t = pd.DataFrame({"会员": [1], "日期": ["2024-01-01"], "金额": [5.0]})
    assert C.customer_totals(t, customer="会员", date="日期", value="金额").tolist() == [5.0]


def test_bad_dates_are_counted():
    t = pd.DataFrame({"customer_id": [1, 2, 3, 4], "date": ["2024-01-01", "2024-13-45", None, "昨天"], "amount": [1.0] * 4})
    with pytest.raises(CrmlabInputError, match="列 date 有1 行缺失、2 行无法解析（例如 '2024-13-45', '昨天'）的日期"):
        C.customer_totals(t)


def test_numeric_dates_get_a_hint():
    t = pd.DataFrame({"customer_id": [1], "date": [20240301], "amount": [1.0]})
    with pytest.raises(CrmlabTypeError, match="format='%Y%m%d'"):
        C.customer_totals(t)


def test_bad_amounts_are_counted():
    t = pd.DataFrame({"customer_id": [1, 2, 3], "date": ["2024-01-01"] * 3, "amount": ["12", "3元", None]})
    with pytest.raises(CrmlabInputError, match="列 amount 有 1 行不是数字（例如 '3元'）"):
        C.customer_totals(t)
    t = pd.DataFrame({"customer_id": [1, 2], "date": ["2024-01-01"] * 2, "amount": [np.nan, -4.0]})
    with pytest.raises(CrmlabInputError, match="列 amount 有 1 行缺失值"):
        C.customer_totals(t)
    with pytest.raises(CrmlabInputError, match="有 1 行为负数"):
        C.customer_totals(t.fillna(1.0))


def test_missing_customer_ids_are_counted():
    t = pd.DataFrame({"customer_id": [1, None, None], "date": ["2024-01-01"] * 3, "amount": [1.0] * 3})
    with pytest.raises(CrmlabInputError, match="列 customer_id 有 2 行缺少客户编号"):
        C.customer_totals(t)


def test_as_of_before_all_data():
    with pytest.raises(CrmlabInputError, match="as_of = 2020-01-01 早于全部交易（最早一笔在 2023-10-01）"):
        C.loyalty_classes(LOG, as_of="2020-01-01")
    with pytest.raises(CrmlabInputError, match="as_of 不是日期"):
        C.loyalty_classes(LOG, as_of="下周一")


def test_duplicates_are_a_documented_choice():
    t = pd.DataFrame({"customer_id": [1, 1], "date": ["2024-01-01"] * 2, "amount": [5.0, 5.0]})
    assert C.customer_totals(t).tolist() == [10.0]  # kept: two identical purchases
    assert len(check_transactions(t, duplicates="drop")) == 1
    with pytest.raises(CrmlabInputError, match="有 1 行与前面某行完全相同"):
        check_transactions(t, duplicates="raise")


def test_bad_people_and_survey():
    with pytest.raises(CrmlabInputError, match="有 1 个重复编号"):
        C.customer_profile(LOG, pd.concat([PEOPLE, PEOPLE.head(1)]), as_of="2024-12-31")
    survey = pd.DataFrame({"price_sensitivity": [3, 7], "novelty_seeking": [2, 2], "brand_attention": [1, None]})
    with pytest.raises(CrmlabInputError, match="列 price_sensitivity 有 1 行缺失或不在 1-5 分之间"):
        C.value_ability_types(survey)


# ---------------------------------------------------------------- typology


def test_typology_rules_in_order():
    s = pd.DataFrame(
        {
            "price_sensitivity": [1, 2, 5, 4, 5, 3, 3],
            "novelty_seeking": [5, 4, 2, 1, 5, 2, 3],
            "brand_attention": [3, 5, 2, 3, 5, 5, 2],
        }
    )
    types = C.value_ability_types(s)["value_type"].tolist()
    # 5 novelty + 1 price → lighthouse, even with high brand attention (rule 1 before rule 3)
    assert types == ["灯塔型", "灯塔型", "逐利型", "逐利型", "跟随型", "跟随型", "理性型"]
    assert [t for t, _ in C.TYPOLOGY_RULES] == ["灯塔型", "逐利型", "跟随型", "理性型"]
    # thresholds are parameters
    assert C.value_ability_types(s, high=5)["value_type"].tolist()[3] == "理性型"


def test_monthly_activity_by_hand():
    m = C.monthly_activity(LOG.iloc[:9])
    assert m["month"].iloc[0] == pd.Timestamp("2023-10-01") and len(m) == 15
    assert m["new_customers"].sum() == 4 and m["orders"].sum() == 9
    assert m.loc[m["month"] == "2024-12-01", ["orders", "customers", "new_customers"]].values.tolist() == [[2, 2, 1]]


# ------------------------------------------------- tables the notebook shows


def test_rule_vs_truth_by_hand():
    rule = pd.Series(pd.Categorical(["A", "A", "B", "B"], categories=["A", "B"]), index=["甲", "乙", "丙", "丁"], name="stage")
    truth = pd.Series({"甲": "A", "乙": "B", "丙": "B", "丁": "B", "戊": "A"})
    t = C.rule_vs_truth(rule, truth)
    assert (t.index.name, t.columns.name) == ("classified", "true_stage")
    assert t.loc["A"].tolist() == [1, 1] and t.loc["B"].tolist() == [0, 2]
    assert C.rule_vs_truth(rule, truth, among=["乙", "丁"]).to_numpy().tolist() == [[1], [1]]
    assert C.rule_vs_truth(rule.rename(None), truth).columns.name == "true_class"


def test_rule_vs_truth_errors():
    rule = pd.Series(["A", "B"], index=["甲", "乙"], name="stage")
    with pytest.raises(CrmlabInputError, match="1 位客户"):
        C.rule_vs_truth(rule, pd.Series({"甲": "A"}))
    with pytest.raises(CrmlabInputError, match="among"):
        C.rule_vs_truth(rule, pd.Series({"甲": "A", "乙": "B"}), among=["丙"])
    with pytest.raises(CrmlabTypeError, match="Series"):
        C.rule_vs_truth(rule, {"甲": "A", "乙": "B"})


def test_concentration_by_hand():
    t = C.concentration({"甲": pd.Series([5.0, 5.0]), "乙": pd.Series([10.0, 0.0])}, top=0.5)
    assert t.index.tolist() == ["甲", "乙"] and t.columns.tolist() == ["top_share", "gini"]
    assert t.loc["乙"].tolist() == pytest.approx([1.0, 0.5])
    single = C.concentration(pd.Series([3.0, 1.0], name="profit"), top=0.5)
    assert single.index.tolist() == ["profit"] and single.loc["profit", "top_share"] == pytest.approx(0.75)
    with pytest.raises(CrmlabInputError, match="至少"):
        C.concentration({})


def test_typology_rules_table():
    t = C.typology_rules()
    assert t.columns.tolist() == ["value_type", "rule"] and len(t) == len(C.TYPOLOGY_RULES)
    assert set(t["value_type"]) == set(C.VALUE_TYPES)


def test_tier_comparison_by_hand():
    v = pd.Series({"a": 500.0, "b": 300.0, "c": 100.0, "d": 60.0, "e": 40.0})
    t = C.tier_comparison({"占比": C.value_tiers(v, shares=(0.2, 0.6)), "门槛": C.value_tiers(v, thresholds=(300, 60))})
    assert t.index.name == "tier" and t.index.tolist() == list(C.TIER_LABELS)
    assert t.columns.tolist() == [("占比", "customers"), ("占比", "value_share"), ("门槛", "customers"), ("门槛", "value_share")]
    assert t[("占比", "customers")].tolist() == [1, 2, 2]
    assert t[("门槛", "value_share")].tolist() == pytest.approx([0.8, 0.16, 0.04])  # 800, 160, 40 of 1000
    with pytest.raises(CrmlabInputError, match="非空"):
        C.tier_comparison({})


def test_rule_vs_truth_refuses_a_bare_among_and_a_repeated_truth():
    rule = pd.Series(["A", "A", "B"], index=["甲", "乙", "丙"], name="class")
    truth = pd.Series({"甲": "A", "乙": "B", "丙": "B"})
    with pytest.raises(CrmlabTypeError, match="客户范围 among 必须是客户编号的列表"):
        C.rule_vs_truth(rule, truth, among=True)
    with pytest.raises(CrmlabTypeError, match="among"):
        C.rule_vs_truth(rule, truth, among="甲乙")  # a string is not a list of two customers
    with pytest.raises(CrmlabInputError, match="truth 的索引有 1 位客户重复出现"):
        C.rule_vs_truth(rule, pd.concat([truth, truth.iloc[:1]]))
    assert C.rule_vs_truth(rule, truth, among=("甲", "丙")).values.tolist() == [[1, 0], [0, 1]]


def test_tier_comparison_names_by():
    v = pd.Series({"a": 500.0, "b": 300.0, "c": 100.0, "d": 60.0, "e": 40.0})
    tables = {"占比": C.value_tiers(v)}
    with pytest.raises(CrmlabTypeError, match="by"):
        C.tier_comparison(tables, by=None)
    with pytest.raises(CrmlabInputError, match="没有分层列 by='class'") as err:
        C.tier_comparison(tables, by="class")
    assert err.value.parameter == "by"
