"""Every explorer's slider is labelled with the glossary term of its parameter (issue 9, one vocabulary).

Chapter 10's explorers use :data:`crmlab.glossary.BTYD_TERMS` first, since there
``frequency`` and ``recency`` mean something else than in RFM.
"""

import pandas as pd
import pytest

from crmlab import rfm, widgets
from crmlab.btyd import BGNBDFit, GammaGammaFit
from crmlab.glossary import BTYD_TERMS, TERM_SETS, TERMS, term  # noqa: F401  (BTYD_TERMS: chapter 10's set, in TERM_SETS)

from ..plotting.test_labels import DEPRECATED

FIT = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=2)
TRANSACTIONS = pd.DataFrame(
    {
        "customer_id": ["a", "b", "c", "d", "b"],
        "date": pd.to_datetime(["2024-01-01", "2024-06-01", "2024-06-20", "2024-06-25", "2024-02-03"]),
        "amount": [100.0, 20.0, 50.0, 80.0, 30.0],
    }
)
SUMMARY = pd.DataFrame({"frequency": [2.0, 0.0], "recency": [30.0, 0.0], "T": [39.0, 39.0], "monetary_value": [25.0, 0.0]})

_PROFILES = pd.DataFrame({"needs_fit": [True, True], "budget": [300, 100], "trust": [5, 3], "appeal": [4, 5], "urgent": [True, False],
                          "preordered": [True, False]})  # fmt: skip
_SURVEY = pd.DataFrame({"customer_id": list("abcdefgh"), "price_sensitivity": [5, 5, 4, 1, 2, 1, 3, 3],
                        "novelty_seeking": [1, 2, 1, 5, 5, 4, 2, 2], "brand_attention": [2, 2, 2, 3, 3, 3, 5, 5]})  # fmt: skip

# explorer class -> (open it, term set of its chapter)
EXPLORERS = {
    "CLVExplorer": (lambda: widgets.clv_explorer(), None),
    "DeliveredValueExplorer": (lambda: widgets.delivered_value_explorer(), None),
    "ABCExplorer": (lambda: widgets.abc_explorer({"甲": pd.Series([5.0, 3.0, 1.0]), "乙": pd.Series([2.0, 1.0])}), None),
    "StatusExplorer": (lambda: widgets.status_explorer(TRANSACTIONS), None),
    "RFMExplorer": (lambda: widgets.rfm_explorer(rfm.rfm_table(TRANSACTIONS)), None),
    "LifecycleExplorer": (lambda: widgets.lifecycle_explorer(), None),
    "ChurnWarningExplorer": (lambda: widgets.churn_warning_explorer(TRANSACTIONS, as_of="2024-06-30"), None),
    "SBGExplorer": (lambda: widgets.sbg_explorer(), None),
    "PredictiveCLVExplorer": (
        lambda: widgets.predictive_clv_explorer(
            SUMMARY, bgnbd=FIT, gamma_gamma=GammaGammaFit(p=6.0, q=4.0, gamma=15.0, loglik=0.0, n_customers=1), time_unit="W"
        ),
        "btyd",
    ),
    "AliveExplorer": (lambda: widgets.alive_explorer(FIT), "btyd"),
    "HeterogeneityExplorer": (lambda: widgets.heterogeneity_explorer(), "distributions"),
    "TargetFunnelExplorer": (lambda: widgets.target_funnel_explorer(_PROFILES), None),
    "SegmentationExplorer": (lambda: widgets.segmentation_explorer(_SURVEY), None),
    "CampaignValueExplorer": (
        lambda: widgets.campaign_value_explorer(
            pd.DataFrame({"treated": [True, True, False, False], "purchased": [True, False, True, False], "profit": [30.0, 0.0, 10.0, 0.0]})
        ),
        None,
    ),
    "MailingDepthExplorer": (lambda: widgets.mailing_depth_explorer([1, 0, 1, 0], [0.9, 0.8, 0.2, 0.1]), None),
    "StrategyExplorer": (
        lambda: widgets.strategy_explorer(pd.DataFrame({"segment": ["重要价值客户", "一般挽留客户"], "predictive_clv": [900.0, 10.0]})),
        None,
    ),
}
# the mobile-operator case (chapter 11)
EXPLORERS.update({
    "OptimisationExplorer": (lambda: widgets.optimisation_explorer([0.0, 0.1], {"arpu": 90.0, "margin": 0.6, "service_cost": 5.0,
                                                                          "acquisition_cost": 150.0}), None),
    "CLTVExplorer": (lambda: widgets.cltv_explorer(), None),
})  # fmt: skip

# chapter 7: satisfaction and loyalty
EXPLORERS.update({
    "RetentionLiftExplorer": (lambda: widgets.retention_lift_explorer(), None),
    "LoyaltyExplorer": (lambda: widgets.loyalty_explorer(), None),
    "ServiceProfitChainExplorer": (lambda: widgets.service_profit_chain_explorer(), None),
})  # fmt: skip


def test_every_explorer_is_checked():
    names = {name for name in widgets.__all__ if name.endswith("Explorer") and name != "Explorer"}
    assert names == set(EXPLORERS)


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_slider_descriptions_are_glossary_terms(name):
    open_explorer, terms = EXPLORERS[name]
    explorer = open_explorer()
    assert type(explorer).__name__ == name
    known = {**TERMS, **(TERM_SETS[terms] if terms else {})}
    for parameter, control in explorer.controls.items():
        if parameter in known:
            assert control.description == term(parameter, terms), (name, parameter)
        for variant in DEPRECATED:
            assert variant not in control.description, (name, parameter, variant)


def test_parameters_without_a_term_are_symbols_or_data_choices():
    # the only control not named by the glossary: the choice of data set (model symbols are terms: α, β)
    untermed = set()
    for name, (open_explorer, terms) in EXPLORERS.items():
        known = {**TERMS, **(TERM_SETS[terms] if terms else {})}
        untermed |= {p for p in open_explorer().controls if p not in known}
    assert untermed == {"data"}


def test_tables_tagged_with_chapter_7_terms_keep_their_formats():
    from crmlab.glossary import with_terms
    from crmlab.widgets._base import _table_html

    frame = with_terms(pd.DataFrame({"frequency": [2.0], "clv": [1234.5]}), "btyd")
    html = _table_html(frame, {"clv": "{:,.1f}"})
    assert "重复购买次数 x" in html and "预测 CLV" in html and "1,234.5" in html
    assert "F 购买次数" in _table_html(pd.DataFrame({"frequency": [2.0]}), {})
