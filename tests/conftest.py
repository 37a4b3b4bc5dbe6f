"""Shared test settings: a headless matplotlib and the hypothesis profiles (crmlab for CI, dev for the inner loop)."""

import os

import matplotlib
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
