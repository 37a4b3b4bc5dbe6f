"""crmlab.widgets.campaigns: the campaign-value and mailing-depth explorers' wiring."""

import pytest

from crmlab import campaigns as C
from crmlab import targeting as T
from crmlab.datasets import load_campaign
from crmlab.widgets import campaign_value_explorer, mailing_depth_explorer


def test_campaign_value_explorer_wiring():
    campaign = load_campaign()
    ex = campaign_value_explorer(campaign, contact_cost=1, coupon_value=20)
    assert ex.result.net.lift == pytest.approx(C.campaign_value(campaign, contact_cost=1, coupon_value=20).net.lift)
    ex.controls["coupon_value"].value = 5.0
    assert ex.result.net.lift == pytest.approx(C.campaign_value(campaign, contact_cost=1, coupon_value=5).net.lift)
    assert "净收益" in ex.summary.value and ex.plot.widget.value[:4] == b"\x89PNG"
    ex.set(contact_cost=-1.0)
    assert ex.error is not None and ex.error.parameter == "contact_cost" and ex.stale


def test_mailing_depth_explorer_wiring():
    response, score = [1, 1, 0, 1, 0], [0.9, 0.8, 0.7, 0.6, 0.5]
    ex = mailing_depth_explorer(response, score, value_per_response=10, cost_per_contact=4)
    assert ex.result.best_contacts == 4
    ex.controls["cost_per_contact"].value = 9.5
    assert ex.result.best_contacts == T.mailing_depth(response, score, value_per_response=10, cost_per_contact=9.5).best_contacts == 2
    assert "利润最高" in ex.summary.value
