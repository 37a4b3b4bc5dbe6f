"""Slider explorers (互动探索): thin layers of ipywidgets over the crmlab functions.

This package holds the only modules that import ipywidgets: ``_base`` (the
:class:`Explorer` base class and shared helpers) and one module per chapter topic
(``clv``, ``customers``, ``value``, ``rfm``, ``lifecycle``, ``retention``, ``btyd``),
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
]
