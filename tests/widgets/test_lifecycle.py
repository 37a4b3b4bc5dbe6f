"""crmlab.widgets.lifecycle: the lifecycle-model and churn-warning explorers' wiring."""

import pandas as pd

from crmlab import lifecycle as LC
from crmlab.datasets import load_course_shop
from crmlab.widgets import churn_warning_explorer, lifecycle_explorer


def test_lifecycle_explorer_wiring():
    ex = lifecycle_explorer()
    pd.testing.assert_frame_equal(ex.result, LC.lifecycle_curve())
    ex.set(exploration=5, stability=0, cost=0.3)
    pd.testing.assert_frame_equal(ex.result, LC.lifecycle_curve(exploration=5, stability=0, cost=0.3))
    assert f"{ex.result['profit'].sum():,.2f}" in ex.summary.value
    ex.set(exploration=0, formation=0, stability=0, decline=0)
    assert ex.error is not None and "不能都是 0" in ex.message.value


def test_churn_warning_explorer_wiring():
    shop = load_course_shop()
    ex = churn_warning_explorer(shop.transactions, as_of="2025-06-29")
    expected = LC.churn_warning(shop.transactions, as_of="2025-06-29")
    pd.testing.assert_frame_equal(ex.result, expected)
    ex.set(recent_days=14, drop=0.3)
    pd.testing.assert_frame_equal(ex.result, LC.churn_warning(shop.transactions, as_of="2025-06-29", recent_days=14, drop=0.3))
    assert f"{int(ex.result['flagged'].sum()):,}" in ex.summary.value
