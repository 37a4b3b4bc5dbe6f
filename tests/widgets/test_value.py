"""crmlab.widgets.value: the delivered-value explorer's wiring."""

import pytest

from crmlab.datasets import xiaolin_cup
from crmlab.value import COST_COMPONENTS, VALUE_COMPONENTS, delivered_value
from crmlab.widgets import delivered_value_explorer


@pytest.mark.slow
def test_delivered_value_explorer_wiring():
    ex = delivered_value_explorer()
    assert list(ex.controls) == [*VALUE_COMPONENTS, *COST_COMPONENTS]
    for name in ex.controls:
        ex.reset()
        ex.controls[name].value = ex.controls[name].value + 50
        assert ex.result == delivered_value(**{**xiaolin_cup(), name: xiaolin_cup()[name] + 50})
    ex.reset()
    ex.controls["psychological_cost"].value = 60
    assert ex.result.verdict == "不值" and "不值" in ex.verdict.value
    assert delivered_value_explorer("小王").result.verdict == "不值"
