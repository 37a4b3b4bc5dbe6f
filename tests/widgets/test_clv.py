"""crmlab.widgets.clv: every slider of the CLV explorer is wired to its parameter (tested directly, not through Output)."""

import math

import pytest

import crmlab.widgets as widgets_module
from crmlab import CrmlabInputError
from crmlab.clv import CLV_PARAMETERS, clv_breakdown
from crmlab.datasets import zhangsan
from crmlab.widgets import (
    clv_explorer,
)

NEW_VALUES = {
    "annual_revenue": 3000.0,
    "margin": 0.5,
    "years_active": 4.0,
    "churn_rate": 0.15,
    "discount_rate": 0.08,
    "horizon": 10,
    "revenue_growth": 0.05,
    "maintenance_cost": 100.0,
    "data_value": 50.0,
    "upsell_revenue": 2000.0,
    "upsell_probability": 0.5,
    "referrals_per_year": 1.0,
    "referral_cost": 200.0,
    "referral_model": "lifetime",
}


@pytest.fixture(scope="module")
def explorer():
    return clv_explorer()


def test_controls_cover_every_factor_and_start_at_zhangsan(explorer):
    assert set(explorer.controls) == set(NEW_VALUES)
    assert set(explorer.controls) == set(CLV_PARAMETERS) - {"referral_value", "past_annual_revenue"}
    full = dict(clv_breakdown(**zhangsan()).parameters)
    for name, control in explorer.controls.items():
        assert control.value == full[name], name
    assert explorer.result.total == pytest.approx(clv_breakdown(**zhangsan()).total)
    assert explorer.error is None


def test_churn_slider_recomputes(explorer):
    explorer.reset()
    explorer.controls["churn_rate"].value = 0.15
    expected = clv_breakdown(**{**zhangsan(), "churn_rate": 0.15})
    assert explorer.result.total == pytest.approx(expected.total)
    assert f"{expected.total:,.2f} 元" in explorer.summary.value
    assert explorer.result.table["present_value"].tolist() == pytest.approx(expected.table["present_value"].tolist())


@pytest.mark.parametrize("name", list(NEW_VALUES))
def test_each_control_is_wired_to_its_parameter(explorer, name):
    explorer.reset()
    before_image, before_updates = explorer.image.value, explorer.updates
    explorer.controls[name].value = NEW_VALUES[name]
    assert explorer.updates == before_updates + 1
    assert explorer.result.parameters[name] == NEW_VALUES[name]
    expected = clv_breakdown(**{**zhangsan(), name: NEW_VALUES[name]})
    assert explorer.result.total == pytest.approx(expected.total)
    assert explorer.image.value != before_image  # the figure was redrawn


def test_revenue_slider_changes_the_future_not_the_past(explorer):
    explorer.reset()
    explorer.controls["annual_revenue"].value = 1200
    assert explorer.result.historical == 4320
    assert explorer.result.current == pytest.approx(clv_breakdown(**zhangsan()).current / 2)


def test_infinite_horizon_stop(explorer):
    explorer.reset()
    explorer.controls["horizon"].value = math.inf
    assert explorer.result.parameters["horizon"] is None
    assert explorer.result.current == pytest.approx(3840)
    explorer.set(horizon=None)
    assert explorer.result.current == pytest.approx(3840)


def test_diverging_input_is_shown_not_raised_and_recovers(explorer):
    explorer.reset()
    good = explorer.result
    explorer.set(horizon=None, churn_rate=0.0, discount_rate=0.0)
    assert isinstance(explorer.error, CrmlabInputError)
    assert "发散" in explorer.message.value and "diverges" in explorer.message.value
    assert explorer.result is good  # the last good result stays on screen
    explorer.controls["churn_rate"].value = 0.2
    assert explorer.error is None and explorer.message.value == ""
    assert explorer.result.current == pytest.approx(1440 * 0.8 / 0.2)


def test_unexpected_errors_in_the_callback_propagate(explorer, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("bug in the model")

    monkeypatch.setattr(widgets_module.clv, "clv_breakdown", broken)
    with pytest.raises(RuntimeError, match="bug in the model"):
        explorer.controls["margin"].value = 0.55


def test_set_recomputes_once_and_reset_restores(explorer):
    explorer.reset()
    n = explorer.updates
    explorer.set(churn_rate=0.1, discount_rate=0.05, margin=0.7)
    assert explorer.updates == n + 1
    assert explorer.result.total == pytest.approx(
        clv_breakdown(**{**zhangsan(), "churn_rate": 0.1, "discount_rate": 0.05, "margin": 0.7}).total
    )
    explorer.reset()
    assert explorer.result.total == pytest.approx(clv_breakdown(**zhangsan()).total)
    with pytest.raises(CrmlabInputError, match="没有名为 price 的滑块"):
        explorer.set(price=1)


def test_overrides_start_point_and_extend_ranges():
    ex = clv_explorer(annual_revenue=20000, horizon=40, churn_rate=0.15)
    assert ex.controls["annual_revenue"].max >= 20000
    assert ex.controls["horizon"].value == 40
    assert ex.result.total == pytest.approx(
        clv_breakdown(**{**zhangsan(), "annual_revenue": 20000, "horizon": 40, "churn_rate": 0.15}).total
    )
    assert "变化 +0.00 元" in ex.summary.value
    with pytest.raises(CrmlabInputError, match="流失率 churn_rate"):
        clv_explorer(churn_rate=1.2)


def test_displays_as_a_widget(explorer):
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert explorer.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert "逐年现金流量表" in explorer.table.value


def test_set_outside_a_slider_shows_the_refusal_instead_of_clamping(explorer):
    explorer.reset()
    before = explorer.controls["churn_rate"].value
    explorer.set(churn_rate=1.5)
    assert isinstance(explorer.error, CrmlabInputError)
    assert "流失率 churn_rate" in explorer.message.value and "1.5" in explorer.message.value
    assert explorer.controls["churn_rate"].value == before  # not clamped to the slider's end
    assert explorer.stale and all("crmlab-stale" in o._dom_classes for o in explorer.outputs)
    explorer.reset()
    assert explorer.error is None and not explorer.stale
    assert not any("crmlab-stale" in o._dom_classes for o in explorer.outputs)


def test_set_outside_a_slider_widens_it_when_the_model_accepts_the_value(explorer):
    explorer.reset()
    explorer.set(annual_revenue=25000)
    assert explorer.controls["annual_revenue"].max >= 25000
    assert explorer.result.parameters["annual_revenue"] == 25000
    explorer.set(referral_model="no such model")
    assert "没有" in explorer.message.value and explorer.result.parameters["referral_model"] == "textbook"
    explorer.reset()


def test_student_messages_are_chinese_with_english_on_hover(explorer):
    explorer.reset()
    explorer.set(horizon=None, churn_rate=0.0, discount_rate=0.0)
    shown = explorer.message.value
    visible = shown.split("'>", 1)[1]  # what follows the hover title
    assert "(None)" not in visible and "diverges" not in visible and "发散" in visible
    assert explorer.widget.children[1].children[0].description == "恢复初始值"
    explorer.reset()
