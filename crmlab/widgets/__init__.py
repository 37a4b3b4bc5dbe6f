"""Slider explorers (互动探索): thin layers of ipywidgets over the crmlab functions.

This package holds the only modules that import ipywidgets: ``_base`` (the
:class:`Explorer` base class and shared helpers) and one module per chapter topic
(``clv``, ``customers``, ``value``, ``rfm``, ``lifecycle``, ``retention``, ``btyd``, ``positioning``),
re-exported here. An explorer recomputes through
the same tested function the notebook text uses, keeps the latest result in
``result`` and exposes its widgets in ``controls`` (parameter name -> widget),
so a test can move a slider and read the number::

    ex = clv_explorer()
    ex.controls["churn_rate"].value = 0.15
    ex.result.total

Bad input from the sliders (e.g. an infinite horizon whose sum diverges) is
shown in the explorer as a bilingual message and kept in ``error``; any other
exception is raised, never swallowed, so a test that moves a slider sees it.
"""

from ._base import Explorer
from .btyd import (
    AliveExplorer,
    PredictiveCLVExplorer,
    alive_explorer,
    predictive_clv_explorer,
)
from .campaigns import (
    CampaignValueExplorer,
    MailingDepthExplorer,
    campaign_value_explorer,
    mailing_depth_explorer,
)
from .clv import INFINITE, CLVExplorer, clv_explorer
from .customers import ABCExplorer, StatusExplorer, abc_explorer, status_explorer
from .lifecycle import (
    ChurnWarningExplorer,
    LifecycleExplorer,
    churn_warning_explorer,
    lifecycle_explorer,
)
from .retention import SBGExplorer, sbg_explorer
from .rfm import RFMExplorer, rfm_explorer
from .value import DeliveredValueExplorer, delivered_value_explorer
from .distributions import HeterogeneityExplorer, heterogeneity_explorer  # appendix B
from .positioning import SegmentationExplorer, TargetFunnelExplorer, segmentation_explorer, target_funnel_explorer
from .telecom import CLTVExplorer, OptimisationExplorer, cltv_explorer, optimisation_explorer
from .capstone import StrategyExplorer, strategy_explorer

__all__ = [
    "Explorer",
    "CLVExplorer",
    "clv_explorer",
    "INFINITE",
    "ABCExplorer",
    "abc_explorer",
    "StatusExplorer",
    "status_explorer",
    "DeliveredValueExplorer",
    "delivered_value_explorer",
    "RFMExplorer",
    "rfm_explorer",
    "LifecycleExplorer",
    "lifecycle_explorer",
    "ChurnWarningExplorer",
    "churn_warning_explorer",
    "SBGExplorer",
    "sbg_explorer",
    "PredictiveCLVExplorer",
    "predictive_clv_explorer",
    "AliveExplorer",
    "alive_explorer",
    "HeterogeneityExplorer",
    "heterogeneity_explorer",
    "TargetFunnelExplorer",
    "target_funnel_explorer",
    "SegmentationExplorer",
    "segmentation_explorer",
    "CampaignValueExplorer",
    "campaign_value_explorer",
    "MailingDepthExplorer",
    "mailing_depth_explorer",
    # the mobile-operator case (chapter 11)
    "OptimisationExplorer",
    "optimisation_explorer",
    "CLTVExplorer",
    "cltv_explorer",
]

# chapter 7: satisfaction and loyalty
from .satisfaction import (  # noqa: E402
    LoyaltyExplorer,
    RetentionLiftExplorer,
    ServiceProfitChainExplorer,
    loyalty_explorer,
    retention_lift_explorer,
    service_profit_chain_explorer,
)

__all__ += [
    "RetentionLiftExplorer",
    "retention_lift_explorer",
    "LoyaltyExplorer",
    "loyalty_explorer",
    "ServiceProfitChainExplorer",
    "service_profit_chain_explorer",
    "StrategyExplorer",
    "strategy_explorer",
]
