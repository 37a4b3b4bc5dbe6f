"""crmlab.value: customer delivered value, by hand, with errors and properties."""

import inspect
import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlab import CrmlabInputError, CrmlabTypeError
from crmlab.datasets import value_type_cases, value_types, xiaolin_case, xiaolin_cup
from crmlab.value import COST_COMPONENTS, VALUE_COMPONENTS, break_even, delivered_value

CUP = xiaolin_cup()


def test_by_hand():
    r = delivered_value(**CUP)
    assert r.total_value == 240 + 45 + 20 + 70
    assert r.total_cost == 298 + 15 + 20 + 25
    assert r.delivered_value == 17 and r.verdict == "物超所值"
    assert r.ratio == pytest.approx(375 / 358)
    table = r.table
    assert table["yuan"].tolist() == [240, 45, 20, 70, 298, 15, 20, 25]
    assert table["term"].tolist()[:2] == ["产品价值", "服务价值"]


def test_verdicts():
    base = dict.fromkeys([*VALUE_COMPONENTS, *COST_COMPONENTS], 0.0)
    assert delivered_value(**{**base, "product_value": 10, "monetary_cost": 10}).verdict == "价值与成本相当"
    assert delivered_value(**{**base, "product_value": 5, "monetary_cost": 10}).verdict == "不值"
    free = delivered_value(**{**base, "product_value": 5})
    assert free.ratio == math.inf and free.verdict == "物超所值"


def test_xiaowang_sees_the_same_cup_differently():
    assert delivered_value(**xiaolin_cup("小王")).verdict == "不值"
    assert xiaolin_cup("小王")["monetary_cost"] == CUP["monetary_cost"] == xiaolin_case()["price"] == 298
    with pytest.raises(CrmlabInputError, match="没有顾客 '小张'"):
        xiaolin_cup("小张")


def test_parameters_are_the_components():
    assert list(inspect.signature(delivered_value).parameters) == [*VALUE_COMPONENTS, *COST_COMPONENTS]
    assert list(CUP) == [*VALUE_COMPONENTS, *COST_COMPONENTS]


@pytest.mark.parametrize(
    "change, error, fragment",
    [
        ({"image_value": -5}, CrmlabInputError, "形象价值 image_value 不能为负数"),
        ({"monetary_cost": "298元"}, CrmlabTypeError, "货币成本 monetary_cost 必须是数字，收到文字 '298元'，请去掉单位只写数字，例如 298"),
        ({"time_cost": float("nan")}, CrmlabInputError, "时间成本 time_cost 必须是有限的数字"),
    ],
)
def test_bad_input(change, error, fragment):
    with pytest.raises(error, match=fragment):
        delivered_value(**{**CUP, **change})


def test_break_even_by_hand():
    assert break_even("monetary_cost", CUP) == 298 + 17
    assert break_even("image_value", CUP) == 70 - 17
    with pytest.raises(CrmlabInputError, match="component 只能是"):
        break_even("price", CUP)


money = st.floats(min_value=0, max_value=2000, allow_nan=False)


@given(parts=st.fixed_dictionaries({k: money for k in [*VALUE_COMPONENTS, *COST_COMPONENTS]}),
       component=st.sampled_from([*VALUE_COMPONENTS, *COST_COMPONENTS]))  # fmt: skip
def test_at_break_even_the_customer_is_indifferent(parts, component):
    level = break_even(component, parts)
    if level >= 0:
        assert delivered_value(**{**parts, component: level}).delivered_value == pytest.approx(0, abs=1e-7)


@given(parts=st.fixed_dictionaries({k: money for k in [*VALUE_COMPONENTS, *COST_COMPONENTS]}), extra=money)
def test_more_value_or_less_cost_never_hurts(parts, extra):
    base = delivered_value(**parts).delivered_value
    for key in VALUE_COMPONENTS:
        assert delivered_value(**{**parts, key: parts[key] + extra}).delivered_value >= base - 1e-9
    for key in COST_COMPONENTS:
        assert delivered_value(**{**parts, key: parts[key] + extra}).delivered_value <= base + 1e-9


def test_value_type_tables():
    types = value_types()
    assert len(types) == 6 and types["value_type"].is_unique
    assert all(types[c].str.len().min() > 2 for c in types.columns)
    cases = value_type_cases()
    assert set(cases["value_type"]) <= set(types["value_type"])
    assert len(cases) == 6


def test_every_component_has_a_chinese_term():
    from crmlab.glossary import term

    for key in itertools.chain(VALUE_COMPONENTS, COST_COMPONENTS, ["total_value", "total_cost", "delivered_value"]):
        assert term(key) != key


def test_stacked_measures_accumulate():
    from crmlab.value import stacked_measures

    cup = dict(product_value=240, service_value=45, personnel_value=20, image_value=70,
               monetary_cost=298, time_cost=15, energy_cost=30, psychological_cost=40)
    t = stacked_measures(cup, {"现状": {}, "退货": {"psychological_cost": 15}, "降价": {"monetary_cost": 258}})
    assert t.columns.tolist() == ["measure", "total_value", "total_cost", "delivered_value", "verdict"]
    assert t["total_cost"].tolist() == [383.0, 358.0, 318.0]  # 298+15+30+40, then -25, then -40 more
    assert t["delivered_value"].tolist() == [-8.0, 17.0, 57.0]
    assert t["verdict"].tolist() == ["不值", "物超所值", "物超所值"]
    assert cup["psychological_cost"] == 40  # not modified


def test_stacked_measures_errors():
    from crmlab.value import stacked_measures

    cup = xiaolin_cup()
    with pytest.raises(CrmlabInputError, match="steps"):
        stacked_measures(cup, {"降价": {"price": 258}})
    with pytest.raises(CrmlabInputError, match="字典"):
        stacked_measures(cup, {"降价": 258})
    with pytest.raises(CrmlabInputError, match="至少"):
        stacked_measures(cup, {})
    with pytest.raises(CrmlabInputError, match="monetary_cost"):
        stacked_measures(cup, {"倒贴": {"monetary_cost": -5}})


def test_stacked_measures_needs_the_eight_components():
    from crmlab.value import stacked_measures

    cup = xiaolin_cup()
    with pytest.raises(CrmlabInputError, match="time_cost"):
        stacked_measures({k: v for k, v in cup.items() if k != "time_cost"}, {"现状": {}})
    with pytest.raises(CrmlabInputError, match="price"):
        stacked_measures({**cup, "price": 1}, {"现状": {}})
