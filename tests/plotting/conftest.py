"""Shared fixtures of the figure tests: a clean rc context."""

import matplotlib
import matplotlib.pyplot as plt
import pytest


@pytest.fixture(autouse=True)
def _clean_figures():
    with matplotlib.rc_context():
        yield
    plt.close("all")

