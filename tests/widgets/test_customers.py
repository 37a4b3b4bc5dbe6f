"""crmlab.widgets.customers: the ABC and customer-state explorers' wiring."""

import pandas as pd

from crmlab import customers as C
from crmlab.datasets import load_course_shop
from crmlab.widgets import abc_explorer, status_explorer

FIVE = pd.Series({"a": 500.0, "b": 300.0, "c": 100.0, "d": 60.0, "e": 40.0})


def test_abc_explorer_wiring():
    ex = abc_explorer({"五位": FIVE, "翻倍": FIVE * 2})
    assert set(ex.controls) == {"data", "cutoffs", "basis"}
    assert ex.result["class"].tolist() == C.abc_classes(FIVE)["class"].tolist()
    image = ex.plot.widget.value
    ex.controls["basis"].value = "customers"
    pd.testing.assert_frame_equal(ex.result, C.abc_classes(FIVE, basis="customers"))
    assert ex.plot.widget.value != image
    ex.controls["data"].value = "翻倍"
    assert ex.result["value"].sum() == 2000
    ex.set(cutoffs=(0.3, 0.3))
    assert "必须小于第二个" in ex.message.value and ex.error is not None
    ex.reset()
    assert ex.error is None and "80.0%" in ex.table.value


def test_status_explorer_wiring():
    shop = load_course_shop()
    ex = status_explorer(shop.transactions, shop.customers)
    assert ex.controls["as_of"].value == "2025-12-31"
    expected = C.loyalty_classes(shop.transactions, shop.customers, as_of="2025-12-31")
    pd.testing.assert_frame_equal(ex.result, expected)
    ex.set(scheme="state", churn_days=90, as_of="2024-06-30")
    expected = C.customer_states(shop.transactions, shop.customers, as_of="2024-06-30", churn_days=90)
    pd.testing.assert_frame_equal(ex.result, expected)
    assert ex.plot.widget.value[:4] == b"\x89PNG"
