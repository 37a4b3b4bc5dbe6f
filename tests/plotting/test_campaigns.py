"""crmlab.plotting.campaigns: the figures of the campaigns chapter, on Agg."""

import pytest

from crmlab import association, campaigns, plotting, targeting, uplift, winback
from crmlab.datasets import lifecycle_strategy_notes, load_basket_lines, load_campaign, load_course_shop

from ._helpers import draw_without_missing_glyphs


@pytest.fixture(scope="module")
def course():
    shop = load_course_shop()
    campaign = load_campaign()
    data = targeting.with_features(campaign, shop.transactions, as_of="2025-06-30")
    return shop, campaign, data


def test_stage_alignment_merges_equal_neighbours():
    notes = lifecycle_strategy_notes()
    ax = plotting.plot_stage_alignment(notes)
    texts = [t.get_text() for t in ax.texts]
    assert texts[:6] == notes["stage_003"].tolist()
    assert texts.count("获取") == 2  # once in the 000/002 lane (引入 + 考虑 merged), once in the journey lane
    assert len(ax.patches) == len(ax.texts)
    draw_without_missing_glyphs(ax.figure)


def test_effect_figures(course):
    shop, campaign, _ = course
    lifts = campaigns.campaign_lifts(campaign)
    ax = plotting.plot_lift_intervals(lifts)
    estimate = [line for line in ax.get_lines() if line.get_marker() == "o"][0]
    assert estimate.get_xdata()[0] == pytest.approx(lifts["uplift"].iloc[0] / lifts["control_mean"].iloc[0])
    assert [t.get_text() for t in ax.get_yticklabels()] == list(lifts.index)
    ba = campaigns.before_after(campaign, shop.transactions, campaign_date="2025-07-01")
    ax2 = plotting.plot_before_after(ba)
    assert [line.get_label() for line in ax2.get_lines()] == ["实验组", "对照组"]
    assert list(ax2.get_lines()[1].get_ydata()) == pytest.approx(ba.iloc[1, 1:3].tolist())
    value = campaigns.campaign_value(campaign, contact_cost=1, coupon_value=20)
    ax3 = plotting.plot_campaign_value(value)
    net_bar = ax3.patches[-1]
    assert net_bar.get_height() == pytest.approx(value.net.lift)
    assert "+3.75" in [t.get_text() for t in ax3.texts]
    for a in (ax, ax2, ax3):
        draw_without_missing_glyphs(a.figure)


def test_targeting_figures(course):
    _, _, data = course
    offered, _ = targeting.groups(data)
    fit_set, test_set = targeting.split_customers(offered, test_share=0.4, seed=9)
    score = targeting.fit_response_model(fit_set, fit_set["purchased"]).predict(test_set)
    gains = targeting.gains_table(test_set["purchased"], score)
    ax = plotting.plot_gains(gains)
    assert list(ax.get_lines()[0].get_ydata()[1:]) == pytest.approx(gains["captured_share"].tolist())
    ax2 = plotting.plot_lift_by_decile(gains)
    assert [p.get_height() for p in ax2.patches] == pytest.approx(gains["lift"].tolist())
    plan = targeting.mailing_depth(test_set["purchased"], score, value_per_response=30, cost_per_contact=5)
    ax3 = plotting.plot_mailing_depth(plan)
    assert ax3.get_lines()[-1].get_xdata()[0] == pytest.approx(plan.best_share)
    fit_all, test_all = targeting.split_customers(data, test_share=0.4, seed=9)
    model = uplift.fit_uplift_model(fit_all, fit_all["purchased"], fit_all["treated"])
    table = uplift.uplift_by_decile(test_all["purchased"], test_all["treated"], model.predict(test_all), bins=5,
                                    true_effect=campaigns.true_effect(test_all))  # fmt: skip
    ax4 = plotting.plot_uplift_by_decile({"提升模型": table})
    assert [p.get_height() for p in ax4.patches] == pytest.approx(table["uplift"].tolist())
    ax5 = plotting.plot_qini({"提升模型": uplift.qini_curve(test_all["purchased"], test_all["treated"], model.predict(test_all))})
    assert ax5.get_lines()[0].get_label() == "提升模型"
    for a in (ax, ax2, ax3, ax4, ax5):
        draw_without_missing_glyphs(a.figure)


def test_winback_and_association_figures(course):
    shop, _, _ = course
    priorities = winback.winback_priorities(winback.lifetime_episodes(shop.transactions, as_of="2025-12-31"))
    ax = plotting.plot_winback(priorities)
    assert [p.get_height() for p in ax.patches] == pytest.approx(priorities["expected_net"].tolist())
    assert ax.patches[0].get_facecolor()[0] > 0.8  # the negative group is red
    rules = association.pair_rules(association.baskets(load_basket_lines()))
    ax2 = plotting.plot_pair_lift(rules)
    shown = [t.get_text() for t in ax2.texts]
    assert len(shown) == 64 and shown.count("") == 8 and "2.24" in shown
    for a in (ax, ax2):
        draw_without_missing_glyphs(a.figure)
