"""crmlab.widgets: every slider recomputes through clv_breakdown; errors are never swallowed."""

import math

import pytest

import crmlab.widgets as widgets_module
from crmlab import CrmlabInputError
from crmlab.clv import CLV_PARAMETERS, clv_breakdown
from crmlab.datasets import zhangsan
from crmlab.widgets import clv_explorer

# a valid value different from 张三's for every control
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

    monkeypatch.setattr(widgets_module, "clv_breakdown", broken)
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


# ------------------------------------------------------------- chapter 1 explorers

import pandas as pd  # noqa: E402

from crmlab import customers as C  # noqa: E402
from crmlab.datasets import load_course_shop  # noqa: E402
from crmlab.widgets import abc_explorer, status_explorer  # noqa: E402

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


# ------------------------------------------------------- chapters 2 and 3 explorers

from crmlab import rfm as R  # noqa: E402
from crmlab.datasets import xiaolin_cup  # noqa: E402
from crmlab.value import COST_COMPONENTS, VALUE_COMPONENTS, delivered_value  # noqa: E402
from crmlab.widgets import delivered_value_explorer, rfm_explorer  # noqa: E402


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


def test_rfm_explorer_wiring():
    shop = load_course_shop()
    table = R.rfm_table(shop.transactions)
    ex = rfm_explorer({"课程商店": table, "小": R.rfm_table(shop.transactions.head(200))})
    assert set(ex.controls) == {"data", "bins", "threshold", "scheme"}
    expected = R.segment_profile(R.rfm_segments(R.rfm_scores(table)))
    pd.testing.assert_frame_equal(ex.result, expected)
    ex.set(bins=3, threshold="median", scheme="four")
    expected = R.segment_profile(R.rfm_segments(R.rfm_scores(table, bins=3), scheme="four", threshold="median"))
    pd.testing.assert_frame_equal(ex.result, expected)
    ex.controls["data"].value = "小"
    assert ex.result["customers"].sum() == shop.transactions.head(200)["customer_id"].nunique()


# ------------------------------------------------------- chapters 4 and 6 explorers

from crmlab import lifecycle as LC  # noqa: E402
from crmlab import retention as RT  # noqa: E402
from crmlab.widgets import churn_warning_explorer, lifecycle_explorer, sbg_explorer  # noqa: E402


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


def test_sbg_explorer_wiring():
    ex = sbg_explorer(alpha=0.7, beta=1.2)
    assert ex.result.retention(3) == pytest.approx(RT.SBGFit(alpha=0.7, beta=1.2, loglik=0.0, survivors=(1.0,)).retention(3))
    ex.controls["alpha"].value = 5.0
    assert ex.result.alpha == 5.0
    assert ex.plot.widget.value[:4] == b"\x89PNG"


# ------------------------------------------------------------------ chapter 7

from crmlab import btyd as BT  # noqa: E402
from crmlab.datasets import load_cdnow  # noqa: E402
from crmlab.widgets import alive_explorer, predictive_clv_explorer  # noqa: E402


@pytest.fixture(scope="module")
def cdnow_models():
    ch = BT.calibration_holdout(load_cdnow("sample"), customer="sample_id", calibration_end="1997-09-30", freq="D", time_scaler=7)
    return ch, BT.fit_bgnbd(ch["frequency_cal"], ch["recency_cal"], ch["T_cal"]), BT.fit_gamma_gamma(ch["frequency_cal"], ch["monetary_value_cal"])


def test_predictive_clv_explorer_wiring(cdnow_models):
    ch, fit, gg = cdnow_models
    ex = predictive_clv_explorer(ch, bgnbd=fit, gamma_gamma=gg, time_unit="W")
    assert ex.parameters == {"discount_rate": 0.1, "horizon": 3.0, "margin": 0.3}
    common = {"bgnbd": fit, "gamma_gamma": gg, "time_unit": "W"}
    for name, value in {"discount_rate": 0.2, "horizon": 10.0, "margin": 0.5}.items():
        ex.controls[name].value = value
        expected = BT.customer_lifetime_value(ch, **common, **ex.parameters)
        assert ex.result["clv"].sum() == pytest.approx(expected["clv"].sum()), name
    assert "预测价值合计" in ex.headline.value and f"{ex.result['clv'].sum():,.0f}" in ex.headline.value
    assert ex.table.value.count("<tr") == 11  # header + the 10 most valuable customers
    assert ex.plot.widget.value[:4] == b"\x89PNG"
    ex.reset()
    assert ex.parameters["horizon"] == 3.0


def test_predictive_clv_explorer_refuses_a_wrong_time_unit(cdnow_models):
    ch, fit, gg = cdnow_models
    ex = predictive_clv_explorer(ch, bgnbd=fit, gamma_gamma=gg, time_unit="D")  # shown in the explorer, not raised
    assert ex.result is None and ex.error.parameter == "time_unit" and "时间单位不一致" in ex.message.value


def test_alive_explorer_wiring(cdnow_models):
    fit = cdnow_models[1]
    ex = alive_explorer(fit)
    ex.set(frequency=4, recency=33.0, T=38.0, t=52.0)
    assert ex.result.probability_alive == pytest.approx(fit.probability_alive([4], [33], [38])[0])
    assert ex.result.expected_purchases == pytest.approx(fit.conditional_expected_purchases(52, [4], [33], [38])[0])
    assert f"{ex.result.probability_alive:.1%}" in ex.headline.value
    ex.controls["frequency"].value = 0  # no repeat purchase: recency counts as 0 whatever the slider says
    assert ex.result.recency == 0.0 and ex.result.probability_alive == 1.0
    ex.set(frequency=3, recency=60.0)  # later than T: refused with a message, the last result kept
    assert ex.error is not None and ex.error.parameter == "recency" and "recency" in ex.message.value
    assert ex.result.frequency == 0.0
    ex.controls["T"].value = 70.0
    assert ex.error is None and ex.result.recency == 60.0
