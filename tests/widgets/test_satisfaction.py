"""crmlab.widgets.satisfaction: the Reichheld & Sasser and loyalty programme explorers' wiring."""

import pytest

from crmlab import loyalty as L
from crmlab import retention_lift as RL
from crmlab.datasets import zhangsan
from crmlab.widgets import loyalty_explorer, retention_lift_explorer


def test_retention_lift_explorer_wiring():
    ex = retention_lift_explorer()
    assert ex.result.lift.lift == pytest.approx(0.275)
    ex.controls["horizon"].value = 5
    assert ex.result.lift.lift == pytest.approx(RL.retention_lift(zhangsan()).lift)
    ex.set(cac=2000, retention_gain=0.1)
    expected = RL.retention_lift(zhangsan(), retention_gain=0.1, cac=2000)
    assert ex.result.lift.lift == pytest.approx(expected.lift)
    assert ex.result.curve["churn_rate"].min() >= 0.11
    assert "保留率从 80% 提高到 90%" in ex.summary.value
    assert ex.plot.widget.value[:4] == b"\x89PNG"
    ex.set(cac=3900)  # above the current value at a 5-year horizon: shown, not clamped
    assert ex.error is not None and ex.error.parameter == "cac" and ex.stale


def test_loyalty_explorer_wiring():
    ex = loyalty_explorer()
    assert ex.result.gain == pytest.approx(L.loyalty_programme(zhangsan(), reward_rate=0.05, cost_per_member=60,
                                                               churn_reduction=0.05).gain)  # fmt: skip
    ex.controls["reward_rate"].value = 0.15
    assert ex.result.gain < 0 and "不值得" in ex.summary.value
    ex.controls["churn_reduction"].value = 0.0
    assert "流失率至少要降低" in ex.summary.value or "都不够" in ex.summary.value


def test_service_profit_chain_explorer_wiring():
    from crmlab.widgets import service_profit_chain_explorer

    ex = service_profit_chain_explorer()
    assert ex.result.equals(L.service_profit_chain())
    ex.set(customer_link=0.9, employee_link=0.9)
    assert ex.result.attrs["multiplier"] == pytest.approx(1 / (1 - 0.81))
    assert "放大倍数" in ex.summary.value and ex.plot.widget.value[:4] == b"\x89PNG"
    ex.controls["years"].value = 12
    assert len(ex.result) == 12
