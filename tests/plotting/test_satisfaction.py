"""crmlab.plotting.satisfaction: the figures of the satisfaction and loyalty chapter, on Agg."""

import pandas as pd
import pytest

from crmlab import loyalty as L
from crmlab import plotting
from crmlab import retention_lift as RL
from crmlab import satisfaction as S
from crmlab.datasets import attribute_weights_truth, load_attribute_ratings, load_course_shop, zhangsan

from ._helpers import draw_without_missing_glyphs


@pytest.fixture(scope="module")
def shop_fit():
    r = load_attribute_ratings()
    csat = load_course_shop().survey.set_index("customer_id")["csat"]
    return r, S.derived_weights(r, csat)


def test_weights_and_quadrant_figures(shop_fit):
    r, fit = shop_fit
    truth = attribute_weights_truth().set_index("attribute")["true_weight"]
    table = S.weight_comparison(S.stated_weights(r), fit.weights, truth)
    ax = plotting.plot_weight_comparison(table)
    assert len(ax.patches) == 3 * 6
    assert [t.get_text() for t in ax.get_yticklabels()] == table["attribute"].tolist()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["自述权重", "回归权重", "真实权重"]
    ipa = S.importance_performance(r, fit)
    ax2 = plotting.plot_importance_performance(ipa)
    offsets = ax2.collections[0].get_offsets()
    assert offsets[:, 0].tolist() == pytest.approx(ipa["importance"].tolist())
    assert "回归权重" in ax2.get_xlabel()
    assert {t.get_text() for t in ax2.texts} >= set(ipa["attribute"])  # every attribute is named
    for a in (ax, ax2):
        draw_without_missing_glyphs(a.figure)


def test_behaviour_and_value_figures():
    shop = load_course_shop()
    link = L.satisfaction_link(L.survey_followup(shop.transactions, shop.survey, as_of="2025-12-31"))
    ax = plotting.plot_satisfaction_link(link, metric="mean_spend")
    assert [p.get_height() for p in ax.patches] == pytest.approx(link["mean_spend"].tolist())
    assert ax.get_ylabel() == "平均消费额（元）"
    curve = RL.lift_curve({**zhangsan(), "horizon": None}, factor="churn_rate", values=[0.1, 0.2, 0.3])
    point = RL.retention_lift({**zhangsan(), "horizon": None})
    ax2 = plotting.plot_retention_lift(curve, point=point)
    assert ax2.get_lines()[1].get_ydata()[0] == pytest.approx(point.lift)
    ax3 = plotting.plot_loyalty_programme(L.loyalty_programme(zhangsan(), reward_rate=0.05, cost_per_member=60, churn_reduction=0.05))
    assert "增加" in ax3.get_title()
    chain = L.service_profit_chain(years=5)
    ax4 = plotting.plot_service_profit_chain(chain)
    assert ax4.get_lines()[2].get_ydata()[0] == pytest.approx(0.3 * chain.attrs["multiplier"])
    p = pd.DataFrame({"customer_id": [1, 1, 2, 3], "firm": ["甲", "乙", "乙", "甲"], "amount": [80.0, 20.0, 50.0, 50.0]})
    ax5 = plotting.plot_wallet_shares(L.wallet_shares(p))
    assert len(ax5.patches) == 6
    for a in (ax, ax2, ax3, ax4, ax5):
        draw_without_missing_glyphs(a.figure)


def test_priority_and_group_figures(shop_fit):
    r, fit = shop_fit
    table = S.improvement_priorities(r, fit, gain=0.5, value_per_point=1000.0)
    ax = plotting.plot_improvement_priorities(table)
    assert [p.get_width() for p in ax.patches] == pytest.approx(table["satisfaction_gain"].tolist())
    assert "0.5 分" in ax.get_title()
    shop = load_course_shop()
    groups = shop.customers.set_index("customer_id")["pattern"]
    by = S.satisfaction_by_group(shop.survey, groups)
    ax2 = plotting.plot_group_satisfaction(by)
    assert len(ax2.patches) == 2 * len(by)
    for a in (ax, ax2):
        draw_without_missing_glyphs(a.figure)
