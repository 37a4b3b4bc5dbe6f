"""Explorers of the campaigns chapter (营销活动): the cost side of a campaign and the mailing depth."""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import pandas as pd

from .. import campaigns, targeting
from ..glossary import term
from ..plotting._style import use_course_style
from ..plotting.campaigns import plot_campaign_value, plot_mailing_depth
from ._base import Explorer, _float_slider
from ._image import _PlotImage

__all__ = [
    "CampaignValueExplorer",
    "campaign_value_explorer",
    "MailingDepthExplorer",
    "mailing_depth_explorer",
]


class CampaignValueExplorer(Explorer):
    """Sliders for the contact cost and the coupon value: is the campaign still worth it? (活动投入产出探索器)

    ``result`` is the :class:`crmlab.campaigns.CampaignValue` of ``campaign`` (a table like
    :func:`crmlab.datasets.load_campaign`).
    """

    def __init__(self, campaign: pd.DataFrame, *, contact_cost: float = 1.0, coupon_value: float = 20.0) -> None:
        use_course_style()
        self.campaign = campaign
        controls: dict[str, w.ValueWidget] = {
            "contact_cost": _float_slider(term("contact_cost"), contact_cost, 0.0, 10.0, 0.5, ".1f"),
            "coupon_value": _float_slider(term("coupon_value"), coupon_value, 0.0, 50.0, 1.0, ".0f"),
        }
        self.summary = w.HTML()
        self.plot = _PlotImage((10, 5.2))
        super().__init__(controls, [self.summary, self.plot.widget], columns=[["contact_cost"], ["coupon_value"]])
        self.update()

    def compute(self, parameters: dict[str, Any]) -> campaigns.CampaignValue:
        return campaigns.campaign_value(self.campaign, **parameters)

    def render(self, result: campaigns.CampaignValue) -> None:
        net = result.net
        self.summary.value = (
            f"<div style='font-size:1.15em'>每位实验组客户的净收益 {net.lift:+.2f} 元"
            f"（95% 置信区间 {net.lower:+.2f}～{net.upper:+.2f}）：<b>{result.verdict}</b>；"
            f"优惠券面值低于 {result.break_even_coupon:.1f} 元时，期望净收益才为正。</div>"
        )
        self.plot.draw(plot_campaign_value, result)


def campaign_value_explorer(campaign: pd.DataFrame, *, contact_cost: float = 1.0, coupon_value: float = 20.0) -> CampaignValueExplorer:
    """Open the explorer of a campaign's costs (contact cost, coupon value).

    Examples
    --------
    >>> from crmlab.datasets import load_campaign
    >>> ex = campaign_value_explorer(load_campaign())
    >>> ex.result.verdict
    '无法确定'
    >>> ex.controls["coupon_value"].value = 0.0
    >>> float(ex.result.table.loc["优惠券成本", "per_customer"])
    0.0
    """
    return CampaignValueExplorer(campaign, contact_cost=contact_cost, coupon_value=coupon_value)


class MailingDepthExplorer(Explorer):
    """Sliders for the value of a response and the cost of a contact: how deep to mail (发送深度探索器).

    ``response`` and ``score`` are the held-out customers' responses and model scores;
    ``result`` is the :class:`crmlab.targeting.MailingPlan`.
    """

    def __init__(self, response: Any, score: Any, *, value_per_response: float = 30.0, cost_per_contact: float = 5.0) -> None:
        use_course_style()
        self.response = response
        self.score = score
        controls: dict[str, w.ValueWidget] = {
            "value_per_response": _float_slider(term("value_per_response"), value_per_response, 0.0, 100.0, 1.0, ".0f"),
            "cost_per_contact": _float_slider(term("cost_per_contact"), cost_per_contact, 0.0, 30.0, 0.5, ".1f"),
        }
        self.summary = w.HTML()
        self.plot = _PlotImage((10, 5.2))
        super().__init__(controls, [self.summary, self.plot.widget], columns=[["value_per_response"], ["cost_per_contact"]])
        self.update()

    def compute(self, parameters: dict[str, Any]) -> targeting.MailingPlan:
        return targeting.mailing_depth(self.response, self.score, **parameters)

    def render(self, result: targeting.MailingPlan) -> None:
        self.summary.value = (
            f"<div style='font-size:1.15em'>联系得分最高的 {result.best_contacts} 位（{result.best_share:.0%}）时利润最高："
            f"{result.best_profit:,.0f} 元；全部联系：{result.profit_all:,.0f} 元。</div>"
        )
        self.plot.draw(plot_mailing_depth, result)


def mailing_depth_explorer(response: Any, score: Any, *, value_per_response: float = 30.0, cost_per_contact: float = 5.0) -> MailingDepthExplorer:
    """Open the mailing-depth explorer (value of a response, cost of a contact).

    Examples
    --------
    >>> ex = mailing_depth_explorer([1, 1, 0, 0], [0.9, 0.8, 0.2, 0.1], value_per_response=10, cost_per_contact=3)
    >>> ex.result.best_contacts
    2
    >>> ex.controls["cost_per_contact"].value = 0.0
    >>> ex.result.best_contacts
    2
    """
    return MailingDepthExplorer(response, score, value_per_response=value_per_response, cost_per_contact=cost_per_contact)
