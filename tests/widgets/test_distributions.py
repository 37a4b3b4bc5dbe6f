"""crmlab.widgets.distributions: the heterogeneity explorer's wiring (appendix B)."""

import pytest

from crmlab.distributions import distribution
from crmlab.widgets import heterogeneity_explorer


def _zero(d):
    return d.table([0])["probability"].item()


def test_heterogeneity_explorer_wiring():
    ex = heterogeneity_explorer(r=0.5, mean_rate=0.1, weeks=20)
    mixed, same_rate = ex.result
    assert mixed.params == distribution("nbd", r=0.5, alpha=5.0, t=20).params
    assert mixed.mean == pytest.approx(same_rate.mean) == pytest.approx(2.0)
    ex.controls["weeks"].value = 52
    spread = _zero(ex.result[0])
    assert ex.result[0].params["t"] == 52 and f"{spread:.1%}" in ex.summary.value
    ex.controls["r"].value = 10.0  # little difference between customers: much closer to the Poisson
    mixed, same_rate = ex.result
    assert _zero(same_rate) < _zero(mixed) < spread / 5
    assert ex.plot.widget.value[:4] == b"\x89PNG" and ex.error is None
