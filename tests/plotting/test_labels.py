"""Every figure names its concepts with the glossary's wording (issue 9, one vocabulary).

Each ``plot_*`` is drawn on small data; its axis labels, titles, legend entries and
colour-bar labels must contain the glossary terms listed for it, and none of them may
contain a wording the glossary has replaced.
"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from crmlab import clv as CLV
from crmlab import customers as C
from crmlab import lifecycle as LC
from crmlab import plotting
from crmlab import retention as RT
from crmlab import rfm as R
from crmlab.btyd import BGNBDFit, frequency_histogram, frequency_recency_matrix
from crmlab.datasets import fader_hardie_2007, streamnow_members, value_types, xiaolin_cup, zhangsan
from crmlab.glossary import term
from crmlab.value import delivered_value

from ._helpers import draw_without_missing_glyphs
from .test_customers import FIVE

#: Wordings that the glossary replaced (variant -> the glossary name of its concept).
DEPRECATED = {
    "年折现率": "discount_rate",
    "贴现率": "discount_rate",
    "终身价值": "clv",
    "预测年限": "horizon",
    "末次购买时年龄": "recency",
    "最后一次购买时的客户年龄": "recency",
    "客户自己的平均金额": "monetary_value_cal",
    "校准期内的重复购买次数": "frequency_cal",
    "验证期内的平均购买次数": "frequency_holdout",
    "模型预测": "expected",
    "仍是客户的概率": "survival",
    "已有期数": "periods",
    "预测期数": "periods",
    "时间 (期)": "period",
    "R: 距最近一次购买": "recency",
    "F: 购买次数": "frequency",
    "M: 消费金额": "monetary",
    "平均得分": "score",
    "分类方式": "scheme",
}

FIT = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=4)


def bt(name):
    return term(name, "btyd")


@pytest.fixture(scope="module")
def shop():
    from crmlab.datasets import load_course_shop

    return load_course_shop()


def _transactions():
    return pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "c", "c", "c", "d"],
            "date": pd.to_datetime(["2024-01-05", "2024-03-01", "2024-02-10", "2024-01-20", "2024-02-20", "2024-04-01", "2024-04-10"]),
            "amount": [100.0, 40.0, 20.0, 50.0, 80.0, 30.0, 10.0],
        }
    )


def _scores():
    return R.rfm_scores(R.rfm_table(_transactions()), bins=3)


def _c9_notes():
    from crmlab.datasets import lifecycle_strategy_notes

    return lifecycle_strategy_notes()


def _c9_value():
    from crmlab.campaigns import campaign_value

    return campaign_value(pd.DataFrame({"treated": [1, 1, 0, 0], "purchased": [1, 0, 1, 0], "profit": [30.0, 0, 10, 0]}))


def _c9_targeting():
    from crmlab import targeting

    return targeting


def _c9_uplift():
    from crmlab import uplift

    return uplift


def _c9_gains():
    return _c9_targeting().gains_table([1, 0, 1, 0], [4, 3, 2, 1], bins=2)


# name -> (draw(shop) -> Axes, glossary terms its labels must contain)
from crmlab.distributions import churn_likelihood, distribution  # noqa: E402  (appendix B)

CASES = {
    # chapter 2
    "plot_monthly_activity": (lambda shop: plotting.plot_monthly_activity(C.monthly_activity(shop.transactions)), [term("customers")]),
    "plot_pareto": (lambda shop: plotting.plot_pareto(C.abc_classes(FIVE)), [term("customer_share"), term("cumulative_share")]),
    "plot_lorenz": (lambda shop: plotting.plot_lorenz({"甲": FIVE, "乙": FIVE * 2}), [term("customer_share"), term("cumulative_share")]),
    "plot_class_counts": (
        lambda shop: plotting.plot_class_counts(pd.Series(pd.Categorical(["新客户", "新客户"], categories=C.LOYALTY_CLASSES))),
        [term("count")],
    ),
    "plot_transitions": (
        lambda shop: plotting.plot_transitions(pd.DataFrame([[3, 1], [0, 2]], index=["甲", "乙"], columns=["甲", "乙"])),
        [term("count")],
    ),
    "plot_survey_profiles": (
        lambda shop: plotting.plot_survey_profiles(C.value_ability_types(shop.survey)),
        [term("price_sensitivity"), term("novelty_seeking"), term("brand_attention"), term("score")],
    ),
    # chapter 3
    "plot_delivered_value": (lambda shop: plotting.plot_delivered_value(delivered_value(**xiaolin_cup())), [term("delivered_value")]),
    "plot_maslow": (lambda shop: plotting.plot_maslow(value_types()), []),
    "plot_value_distribution": (
        lambda shop: plotting.plot_value_distribution(pd.Series([10.0, 20.0, 40.0, 400.0])),
        [term("customers"), term("value")],
    ),
    # chapter 4
    "plot_rfm_scatter": (
        lambda shop: plotting.plot_rfm_scatter(R.rfm_table(_transactions()).table),
        [term("frequency"), term("recency"), term("monetary")],
    ),
    "plot_rfm_segments": (
        lambda shop: plotting.plot_rfm_segments(R.segment_profile(R.rfm_segments(_scores()))),
        [term("customer_share"), term("revenue_share")],
    ),
    "plot_rf_heatmap": (lambda shop: plotting.plot_rf_heatmap(_scores()), [term("r_score"), term("f_score")]),
    "plot_score_distribution": (
        lambda shop: plotting.plot_score_distribution(_scores(), score="r_score"),
        [term("r_score"), term("score"), term("customers")],
    ),
    # chapter 5
    "plot_lifecycle_curve": (
        lambda shop: plotting.plot_lifecycle_curve(LC.lifecycle_curve()),
        [term("period"), term("transaction_volume"), term("profit")],
    ),
    "plot_pattern_curves": (
        lambda shop: plotting.plot_pattern_curves({p: LC.pattern_curve(p) for p in LC.PATTERNS}),
        [term("period"), term("transaction_volume")],
    ),
    "plot_customer_series": (
        lambda shop: plotting.plot_customer_series(pd.Series([1.0, 0.0, 2.0, 1.0])),
        [term("period"), term("orders")],
    ),
    "plot_funnel": (
        lambda shop: plotting.plot_funnel(LC.journey_funnel(shop.customers, shop.transactions, shop.channels, as_of="2025-12-31")),
        [term("count")],
    ),
    "plot_visits": (lambda shop: plotting.plot_visits(LC.simulate_visits(seed=1), warnings=["2024-10-06"]), []),
    # chapter 6
    "plot_dcf": (lambda shop: plotting.plot_dcf(CLV.clv_breakdown(**zhangsan())), [term("year"), term("expected_profit"), term("present_value")]),
    "plot_clv_composition": (
        lambda shop: plotting.plot_clv_composition(CLV.clv_breakdown(**zhangsan())),
        [term("clv"), term("historical"), term("current"), term("potential")],
    ),
    "plot_tornado": (lambda shop: plotting.plot_tornado(CLV.tornado_table(zhangsan())), [term("clv"), term("base_value")]),
    "plot_sensitivity": (
        lambda shop: plotting.plot_sensitivity(
            CLV.sensitivity_table(zhangsan(), factor="discount_rate", values=[0.05, 0.1, 0.15]), base_value=0.1
        ),
        [term("discount_rate"), term("total"), term("base_value")],
    ),
    "plot_clv_segments": (
        lambda shop: plotting.plot_clv_segments(CLV.clv_analysis(streamnow_members(), margin=0.6, discount_rate=0.1).segments),
        [term("current"), term("potential")],
    ),
    "plot_clv_vs_cac": (
        lambda shop: plotting.plot_clv_vs_cac(CLV.clv_analysis(streamnow_members(), margin=0.6, discount_rate=0.1).investment),
        [term("cac"), term("clv")],
    ),
    # chapter 8
    "plot_cohort_heatmap": (
        lambda shop: plotting.plot_cohort_heatmap(RT.cohort_table(_transactions(), freq="M")),
        [term("period"), term("cohort"), term("size")],
    ),
    "plot_retention_curves": (
        lambda shop: plotting.plot_retention_curves(RT.cohort_table(_transactions(), freq="M")),
        [term("period"), term("retention")],
    ),
    "plot_survival": (
        lambda shop: plotting.plot_survival(RT.kaplan_meier([1.0, 2.0, 3.0, 3.0], [True, False, True, False])),
        [term("survival")],
    ),
    "plot_life_table": (
        lambda shop: plotting.plot_life_table(RT.life_table([1.0, 2.0, 5.0, 7.0], [True, False, True, False], width=3)),
        [term("start"), term("churn_probability")],
    ),
    "plot_sbg": (
        lambda shop: plotting.plot_sbg(RT.fit_sbg(fader_hardie_2007()["regular"].iloc[:5].tolist()), 8),
        [term("period"), term("customers"), term("observed")],
    ),
    # chapter 10: BTYD terms, which differ from RFM's for frequency and recency
    "plot_frequency_histogram": (
        lambda shop: plotting.plot_frequency_histogram(frequency_histogram(FIT, [0, 1, 2, 5], [30.0, 30.0, 30.0, 30.0])),
        [bt("frequency_cal"), term("customers"), bt("actual"), bt("expected")],
    ),
    "plot_holdout_by_frequency": (
        lambda shop: plotting.plot_holdout_by_frequency(
            pd.DataFrame({"frequency_cal": ["0", "1+"], "customers": [3, 1], "actual": [0.3, 1.0], "predicted": [0.25, 1.2]})
        ),
        [bt("frequency_cal"), bt("frequency_holdout"), bt("actual"), bt("predicted")],
    ),
    "plot_tracking": (
        lambda shop: plotting.plot_tracking(
            pd.DataFrame(
                {"end": pd.date_range("2024-01-07", periods=4, freq="W"), "actual": [1, 2, 2, 1], "expected": [1.2, 1.8, 2.1, 1.5],
                 "actual_cumulative": [1, 3, 5, 6], "expected_cumulative": [1.2, 3.0, 5.1, 6.6],
                 "calibration": [True, True, False, False]}  # fmt: skip
            )
        ),
        [bt("actual"), bt("expected"), bt("frequency").split(" ")[0]],
    ),
    "plot_frequency_recency_matrix": (
        lambda shop: plotting.plot_frequency_recency_matrix(frequency_recency_matrix(FIT, T=10, kind="alive"), kind="alive"),
        [bt("recency"), bt("frequency"), bt("probability_alive")],
    ),
    "plot_alive_curve": (
        lambda shop: plotting.plot_alive_curve(FIT, frequency=2, T=39, recency=30.0, unit="周"),
        [bt("recency"), bt("probability_alive")],
    ),
    "plot_spend_shrinkage": (
        lambda shop: plotting.plot_spend_shrinkage([1, 2, 0, 6], [20.0, 35.0, 0.0, 30.0], [24.0, 33.0, 28.0, 30.0], population_mean=28.0),
        [bt("monetary_value_cal"), bt("expected_spend"), bt("frequency")],
    ),
    "plot_clv_distribution": (lambda shop: plotting.plot_clv_distribution(np.array([5.0, 20.0, 80.0, 400.0])), [bt("clv"), term("customers")]),
    "plot_purchase_timelines": (
        lambda shop: plotting.plot_purchase_timelines(_transactions(), ["a", "c"], as_of="2024-05-01"),
        [],
    ),
    "plot_clv_comparison": (
        lambda shop: plotting.plot_clv_comparison([10.0, 20.0, 0.0], [12.0, 5.0, 1.0], [0.9, 0.3, 0.5]),
        [bt("probability_alive")],
    ),
    # appendix B
    "plot_distributions": (
        lambda shop: plotting.plot_distributions(distribution("poisson", purchase_rate=2)),
        [term("probability", "distributions"), term("value", "distributions")],
    ),
    "plot_likelihood": (
        lambda shop: plotting.plot_likelihood(churn_likelihood([10, 7, 5, 4])),
        [term("churn_rate", "distributions"), term("log_likelihood", "distributions")],
    ),
    # chapter 9: campaigns, targeting, uplift, win-back, association
    "plot_stage_alignment": (lambda shop: plotting.plot_stage_alignment(_c9_notes()), []),
    "plot_lift_intervals": (
        lambda shop: plotting.plot_lift_intervals(pd.DataFrame({"control_mean": [0.3], "uplift": [0.1], "lower": [0.02], "upper": [0.18]}, index=["购买率"])),
        [],
    ),
    "plot_before_after": (
        lambda shop: plotting.plot_before_after(pd.DataFrame({"before_campaign": [0.4, 0.4], "after_campaign": [0.42, 0.33]}, index=["实验组", "对照组"])),
        [],
    ),
    "plot_campaign_value": (lambda shop: plotting.plot_campaign_value(_c9_value()), []),
    "plot_gains": (lambda shop: plotting.plot_gains(_c9_gains()), [term("contacted_share")]),
    "plot_lift_by_decile": (lambda shop: plotting.plot_lift_by_decile(_c9_gains()), [term("decile"), term("lift")]),
    "plot_mailing_depth": (
        lambda shop: plotting.plot_mailing_depth(_c9_targeting().mailing_depth([1, 0, 1, 0], [4, 3, 2, 1], value_per_response=10, cost_per_contact=3)),
        [term("contacted_share")],
    ),
    "plot_uplift_by_decile": (
        lambda shop: plotting.plot_uplift_by_decile({"模型": pd.DataFrame({"uplift": [0.2, 0.0]}, index=pd.Index([1, 2], name="decile"))}),
        [term("decile")],
    ),
    "plot_qini": (
        lambda shop: plotting.plot_qini({"模型": _c9_uplift().qini_curve([1, 0, 0, 1], [1, 0, 1, 0], [4, 3, 2, 1])}),
        [term("contacted_share"), term("incremental")],
    ),
    "plot_winback": (
        lambda shop: plotting.plot_winback(
            pd.DataFrame({"return_rate": [0.1, 0.1], "value_if_back": [40.0, 300.0], "expected_net": [-6.0, 20.0]},
                         index=pd.Index(["[0, 15)", "≥ 15"], name="band"))
        ),
        [term("expected_net"), term("value_per_order")],
    ),  # fmt: skip
    "plot_pair_lift": (
        lambda shop: plotting.plot_pair_lift(pd.DataFrame({"antecedent": ["茶叶", "茶具"], "consequent": ["茶具", "茶叶"], "lift": [2.0, 2.0]})),
        [term("antecedent"), term("consequent")],
    ),
    # chapter 12
    "plot_data_problems": (
        lambda shop: plotting.plot_data_problems(pd.DataFrame({"problem": ["测试订单", "退货（负金额）"], "rows": [3, 0]})),
        [term("rows")],
    ),
    "plot_channel_value": (
        lambda shop: plotting.plot_channel_value(pd.DataFrame({"channel": ["朋友推荐", "广告投放"], "ratio": [8.0, 2.0]})),
        [term("ratio")],
    ),
    "plot_strategy": (
        lambda shop: plotting.plot_strategy(
            pd.DataFrame({"segment": ["甲", "乙"], "action_budget": [20.0, 5.0], "expected_value": [100.0, 2.0], "funded": [True, False]})
        ),
        [term("action_budget"), term("expected_value")],
    ),
}

# chapter 7: satisfaction and loyalty
from crmlab import loyalty as _LOY  # noqa: E402
from crmlab import retention_lift as _RL  # noqa: E402
from crmlab import satisfaction as _SAT  # noqa: E402

_RATINGS = pd.DataFrame({"customer_id": [1] * 4, "attribute": ["质量", "价格", "配送", "包装"],
                         "importance": [5, 5, 2, 2], "performance": [4, 2, 2, 5]})  # fmt: skip
_ZS_INF = {**zhangsan(), "horizon": None}
CASES.update({
    "plot_weight_comparison": (
        lambda shop: plotting.plot_weight_comparison(pd.DataFrame({"attribute": ["质量", "价格"], "stated_weight": [0.5, 0.5],
                                                                   "derived_weight": [0.7, 0.3], "true_weight": [0.75, 0.25]})),
        [term("stated_weight"), term("derived_weight"), term("true_weight"), term("weight")],
    ),
    "plot_importance_performance": (lambda shop: plotting.plot_importance_performance(_SAT.importance_performance(_RATINGS)),
                                    [term("importance"), term("performance")]),
    "plot_satisfaction_link": (
        lambda shop: plotting.plot_satisfaction_link(pd.DataFrame({"csat": [2, 5], "respondents": [1, 2], "active_share": [0.0, 1.0],
                                                                   "mean_orders": [0.0, 3.0], "mean_spend": [0.0, 40.0]})),
        [term("csat"), term("active_share")],
    ),
    "plot_retention_lift": (
        lambda shop: plotting.plot_retention_lift(_RL.lift_curve(_ZS_INF, factor="churn_rate", values=[0.1, 0.2]),
                                                  point=_RL.retention_lift(_ZS_INF)),
        [term("churn_rate"), term("profit_lift")],
    ),
    "plot_loyalty_programme": (
        lambda shop: plotting.plot_loyalty_programme(_LOY.loyalty_programme(zhangsan(), reward_rate=0.05, cost_per_member=60,
                                                                            churn_reduction=0.05)),
        [term("current")],
    ),
    "plot_service_profit_chain": (lambda shop: plotting.plot_service_profit_chain(_LOY.service_profit_chain(years=3)),
                                  [term("customer_satisfaction"), term("employee_satisfaction"), term("year")]),
    "plot_wallet_shares": (
        lambda shop: plotting.plot_wallet_shares(_LOY.wallet_shares(pd.DataFrame({"customer_id": [1, 1, 2], "firm": ["甲", "乙", "甲"],
                                                                                  "amount": [5.0, 5.0, 2.0]}))),
        [term("market_share"), term("penetration"), term("share_of_wallet")],
    ),
    "plot_improvement_priorities": (
        lambda shop: plotting.plot_improvement_priorities(pd.DataFrame({"attribute": ["质量", "价格"], "gain": [0.5, 0.5],
                                                                        "satisfaction_gain": [0.15, 0.05], "value": [10.0, 3.0]})),
        [term("satisfaction_gain")],
    ),
    "plot_group_satisfaction": (
        lambda shop: plotting.plot_group_satisfaction(pd.DataFrame({"group": ["高", "低"], "respondents": [2, 2], "csat_share": [1.0, 0.0],
                                                                    "mean_csat": [4.5, 2.5], "nps_score": [100.0, -50.0]})),
        ["CSAT", "NPS"],
    ),
})  # fmt: skip


def _operator_cases():
    from crmlab import cltv, telecom
    from crmlab.churn_model import decile_table
    from crmlab.datasets import make_operator

    op = make_operator(n_subscribers=200, seed=3)
    s, m = op.subscribers, op.monthly
    km = RT.kaplan_meier(s["tenure_months"], s["churned"], groups=s["segment"])
    value = telecom.subscriber_value([0.0, 0.1, 0.1], arpu=90.0, margin=0.6, service_cost=5.0, acquisition_cost=150.0)
    base = {"arpu": 90.0, "margin": 0.6, "service_cost": 5.0, "acquisition_cost": 150.0}
    return {
        "plot_tenure_curves": (lambda shop: plotting.plot_tenure_curves(RT.split_groups(km)), []),
        "plot_churn_reasons": (lambda shop: plotting.plot_churn_reasons(telecom.churn_reasons(s)), [term("churn_month")]),
        "plot_stage_revenue": (lambda shop: plotting.plot_stage_revenue(telecom.stage_revenue(s, m)), []),
        "plot_health": (lambda shop: plotting.plot_health(telecom.health_scores(s, m, by="segment")),
                        [term("health"), term("acquisition_index"), term("value_index")]),
        "plot_optimisations": (lambda shop: plotting.plot_optimisations(telecom.optimisation_table([0.0, 0.1, 0.1], base)), []),
        "plot_score_deciles": (lambda shop: plotting.plot_score_deciles(decile_table([0.9, 0.1, 0.5, 0.3], [True, False, True, False], bins=2)), []),
        "plot_cltv_comparison": (lambda shop: plotting.plot_cltv_comparison(cltv.compare_with_clv(zhangsan())), []),
        "plot_value_curve": (lambda shop: plotting.plot_value_curve(value, baseline=value), []),
    }  # fmt: skip


CASES.update(_operator_cases())  # the mobile-operator case (chapter 11)

# chapter 1: CRM and positioning
CASES.update({
    "plot_counts": (
        lambda shop: plotting.plot_counts(pd.DataFrame({"people": [3, 1]}, index=pd.Index(["潜在客户", "倡导者"], name="rung")), "people"),
        [term("rung"), term("people")],
    ),
    "plot_marketing_mix": (lambda shop: plotting.plot_marketing_mix(_MIX), []),
    "plot_target_funnel": (
        lambda shop: plotting.plot_target_funnel(pd.DataFrame({"layer": ["全部", "用得上"], "people": [10, 6], "outcome_rate": [0.1, 0.2]})),
        [term("people")],
    ),
    "plot_choose_k": (
        lambda shop: plotting.plot_choose_k(pd.DataFrame({"k": [2, 3], "inertia": [9.0, 5.0], "silhouette": [0.3, 0.4]})),
        [term("k"), term("inertia"), term("silhouette")],
    ),
    "plot_crosstab": (
        lambda shop: plotting.plot_crosstab(pd.DataFrame([[2, 1], [0, 3]], index=pd.Index(["甲", "乙"], name="segment"),
                                                         columns=pd.Index(["高价值", "低价值"], name="tier"))),
        [term("segment"), term("tier")],
    ),
    "plot_positioning_map": (
        lambda shop: plotting.plot_positioning_map(pd.DataFrame({"size": [5, 3], "price_sensitivity": [4.0, 2.0], "novelty_seeking": [2.0, 4.0],
                                                                 "mean_profit": [10.0, 30.0]}, index=["重价格", "重新鲜"])),
        [term("price_sensitivity"), term("novelty_seeking"), term("mean_profit")],
    ),
    "plot_incremental": (
        lambda shop: plotting.plot_incremental(pd.DataFrame({"uplift": [5.0], "lower": [1.0], "upper": [9.0], "cost_per_customer": [3.0],
                                                             "verdict": ["继续"]}, index=["全部"])),
        [term("uplift", "positioning"), term("cost_per_customer")],
    ),
    "plot_experience": (lambda shop: plotting.plot_experience(pd.DataFrame({"全部": [3.0, 2.0]}, index=["浏览选购", "物流配送"])), []),
    "plot_band_rates": (
        lambda shop: plotting.plot_band_rates(pd.DataFrame({"customers": [3, 4], "rate": [0.5, 0.25]}, index=["[0, 50)", "[50, 100]"]),
                                              xlabel=term("quality")),
        [term("quality")],
    ),
})

_MIX = pd.DataFrame({"four_p": ["产品"], "four_c": ["顾客"], "four_r": ["关联"], "shop_example": ["例"]})


def _labels(ax):
    """Axis labels, titles, legend entries and colour-bar labels of ``ax``'s figure."""
    texts = []
    for a in ax.figure.axes:  # colour bars are axes of their own
        texts += [a.get_xlabel(), a.get_ylabel(), a.get_title()]
        legend = a.get_legend()
        if legend is not None:
            texts += [t.get_text() for t in legend.get_texts()]
    return [t for t in texts if t]


def test_every_plot_function_is_checked():
    names = {name for name in plotting.__all__ if name.startswith("plot_")}
    assert names == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_figure_labels_use_the_glossary(name, shop):
    draw, required = CASES[name]
    ax = draw(shop)
    labels = _labels(ax)
    text = "\n".join(labels)
    for wording in required:
        assert wording in text, f"{name}: no label says {wording!r}; labels: {labels}"
    for variant, concept in DEPRECATED.items():
        assert variant not in text, f"{name}: {variant!r} in {labels}; the glossary says {term(concept)!r} ({concept})"
    draw_without_missing_glyphs(ax.figure)  # the full-width punctuation of the labels too
    plt.close(ax.figure)


def test_deprecated_wordings_are_not_glossary_terms():
    from crmlab.glossary import BTYD_TERMS, TERMS

    for variant in DEPRECATED:
        assert not any(variant in t for t in (*TERMS.values(), *BTYD_TERMS.values())), variant
