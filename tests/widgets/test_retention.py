"""crmlab.widgets.retention: the sBG explorer's wiring."""

import pytest

from crmlab import retention as RT
from crmlab.widgets import sbg_explorer


def test_sbg_explorer_wiring():
    ex = sbg_explorer(alpha=0.7, beta=1.2)
    assert ex.result.retention(3) == pytest.approx(RT.SBGFit(alpha=0.7, beta=1.2, loglik=0.0, survivors=(1.0,)).retention(3))
    ex.controls["alpha"].value = 5.0
    assert ex.result.alpha == 5.0
    assert ex.plot.widget.value[:4] == b"\x89PNG"
