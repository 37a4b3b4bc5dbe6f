"""crmlab.widgets.capstone: the strategy explorer's wiring."""

import pandas as pd

from crmlab import capstone
from crmlab.widgets import strategy_explorer

VIEW = pd.DataFrame({"segment": ["甲"] * 2 + ["乙"] * 3 + ["丙"], "predictive_clv": [400.0, 600.0, 100.0, 100.0, 100.0, 50.0],
                     "warned": [True, False, True, True, False, False]})  # fmt: skip
ACTS = pd.DataFrame({"segment": ["甲", "乙", "丙"], "action": ["x", "y", "z"], "cost_per_customer": [20.0, 5.0, 10.0],
                     "effect": [0.1, 0.1, 0.1]})  # fmt: skip


def test_strategy_explorer_wiring():
    ex = strategy_explorer(VIEW, ACTS)
    assert set(ex.controls) == {"cost_factor", "effect_factor", "total_budget"}
    assert ex.controls["total_budget"].value == 65.0  # every segment's budget: 40 + 15 + 10
    pd.testing.assert_frame_equal(ex.result, capstone.strategy_table(VIEW, ACTS, total_budget=65.0, cost_factor=1.0, effect_factor=1.0))
    ex.set(total_budget=50.0)
    assert ex.result["funded"].tolist() == [True, True, False]  # 乙 covered in part (10 of 15)
    assert "预算 <b>50 元</b>" in ex.summary.value and "67%" in ex.table.value
    ex.set(cost_factor=0.5, effect_factor=2.0, total_budget=65.0)
    pd.testing.assert_frame_equal(ex.result, capstone.strategy_table(VIEW, ACTS, total_budget=65.0, cost_factor=0.5, effect_factor=2.0))
    assert ex.result["funded"].all() and "100%" in ex.table.value
    ex.set(cost_factor=0)  # refused by strategy_table: shown as a message, the result kept
    assert ex.error is not None and "cost_factor" in str(ex.error) and ex.result["funded"].all()


def test_strategy_explorer_starts_at_a_given_budget():
    ex = strategy_explorer(VIEW, ACTS, total_budget=20.0)
    assert ex.parameters["total_budget"] == 20.0 and ex.result["funded_share"].tolist() == [0.5, 0.0, 0.0]
