"""Shared test settings: a headless matplotlib, hypothesis profiles, and slow tests marked by name."""

import os

import matplotlib
import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("MPLBACKEND", "Agg")
matplotlib.use("Agg")

settings.register_profile(
    "crmlab", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# the inner loop: HYPOTHESIS_PROFILE=dev python -m pytest -m "not notebooks and not slow"
settings.register_profile(
    "dev", max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "crmlab"))

#: Tests over ~3 s in files this branch does not edit (tests/test_widgets.py is being split into
#: tests/widgets/): marked slow by name, wherever they move. TODO: put @pytest.mark.slow on them
#: in their new files and empty this set.
SLOW_BY_NAME = {"test_delivered_value_explorer_wiring", "test_predictive_clv_explorer_wiring"}


def pytest_collection_modifyitems(items):
    for item in items:
        if getattr(item, "originalname", item.name) in SLOW_BY_NAME:
            item.add_marker(pytest.mark.slow)
