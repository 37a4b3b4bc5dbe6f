"""The bilingual input checks shared by every module."""

import math

import numpy as np
import pandas as pd
import pytest

from crmlab import CrmlabInputError, CrmlabTypeError
from crmlab._validation import check_choice, check_number, fmt


def test_message_names_parameter_in_chinese_and_english():
    with pytest.raises(CrmlabInputError) as info:
        check_number("churn_rate", 1.5, low=0, high=1, high_open=True)
    message = str(info.value)
    assert message.startswith("流失率 churn_rate 必须在 [0, 1) 内，收到 1.5")
    assert "churn_rate must be in [0, 1), got 1.5" in message
    assert info.value.parameter == "churn_rate"


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("2400元", "请去掉单位只写数字，例如 2400"),
        ("20%", "百分数请写成小数，例如 0.2"),
        ("两千四", "收到文字 '两千四'"),
        (None, "收到 None"),
        (True, "收到布尔值 True"),
        ([2400], "必须是单个数字"),
    ],
)
def test_wrong_types_are_type_errors_with_a_hint(value, fragment):
    with pytest.raises(CrmlabTypeError, match=fragment) as info:
        check_number("annual_revenue", value, low=0)
    assert isinstance(info.value, TypeError) and isinstance(info.value, ValueError)
    assert "年收入 annual_revenue" in str(info.value)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, np.float64("nan")])
def test_non_finite_numbers_are_rejected(value):
    with pytest.raises(CrmlabInputError, match="必须是有限的数字"):
        check_number("margin", value, low=0, high=1)


def test_numpy_numbers_are_accepted():
    assert check_number("margin", np.float32(0.5), low=0, high=1) == 0.5
    assert check_number("horizon", np.int64(5), low=1, integer=True) == 5


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        (dict(low=0), "不能为负数，收到 -3 (years_active must not be negative, got -3)"),
        (dict(low=-1, low_open=True), "必须大于 -1"),
        (dict(low=1), "必须不小于 1"),
        (dict(high=-4, high_open=True), "必须小于 -4"),
        (dict(high=-4), "必须不大于 -4"),
    ],
)
def test_one_sided_bounds(kwargs, fragment):
    with pytest.raises(CrmlabInputError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        check_number("years_active", -3, **kwargs)


def test_integer_check():
    with pytest.raises(CrmlabInputError, match="必须是整数，收到 2.5"):
        check_number("horizon", 2.5, low=1, integer=True)
    assert check_number("horizon", 3.0, low=1, integer=True) == 3


def test_choice():
    with pytest.raises(CrmlabInputError, match="只能是 'textbook', 'lifetime' 之一，收到 'book'"):
        check_choice("referral_model", "book", ["textbook", "lifetime"])


def test_fmt():
    assert fmt(2400.0) == "2400"
    assert fmt(0.2) == "0.2"
    assert fmt(1 / 3) == "0.333333"
    assert fmt("x") == "'x'"


def test_the_same_rate_has_the_same_bounds_everywhere():
    from crmlab import clv, retention

    fit = retention.SBGFit(alpha=1.0, beta=4.0, loglik=float("nan"), survivors=(1000.0,))
    base = dict(annual_revenue=2400, margin=0.6, years_active=3, churn_rate=0.2, horizon=5)
    # 0 (no discounting) is accepted by both with a finite horizon ...
    assert clv.clv_breakdown(**base, discount_rate=0.0).current > 0
    assert retention.sbg_current_value(fit, annual_profit=1000, renewals=0, discount_rate=0.0, horizon=5) > 0
    # ... and a negative rate refused by both with the same message
    for call in (
        lambda: clv.clv_breakdown(**base, discount_rate=-0.05),
        lambda: retention.sbg_current_value(fit, annual_profit=1000, renewals=0, discount_rate=-0.05, horizon=5),
    ):
        with pytest.raises(CrmlabInputError, match="折现率 discount_rate 不能为负数"):
            call()
    # with an infinite horizon, 0 is refused because the sum diverges
    with pytest.raises(CrmlabInputError, match="发散"):
        retention.sbg_current_value(fit, annual_profit=1000, renewals=0, discount_rate=0.0, horizon=None)


def test_old_parameter_spellings_get_a_clear_error():
    from crmlab import clv

    members = pd.DataFrame({"customer_id": ["A"], "annual_revenue": [2400], "years_active": [3], "cac": [1500]})
    with pytest.raises(CrmlabInputError, match="参数 id_column 已改名.*customer="):
        clv.clv_analysis(members, id_column="customer_id", margin=0.6, churn_rate=0.2, discount_rate=0.1)
