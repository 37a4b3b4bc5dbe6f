"""scipy.special's functions that crmlab's models use, imported on first use (延迟导入).

``import scipy.special`` costs about as much as ``import pandas`` (0.3-0.5 s); the calculation
modules import these names from here, so that ``import crmlab`` (and every chapter's first
cell) does not pay for it until a model is fitted or evaluated. Each name calls the scipy
function of the same name with the same arguments.

Examples
--------
>>> from crmlab._special import gammaln
>>> float(gammaln(5.0)) == float(np.log(24.0))
True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np  # noqa: F401  (used by the doctest above)

__all__ = ["betaln", "digamma", "expit", "exprel", "gammaln", "hyp2f1"]


def _lazy(name: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        import scipy.special

        return getattr(scipy.special, name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"``scipy.special.{name}``, imported on first use."
    return call


betaln = _lazy("betaln")
digamma = _lazy("digamma")
expit = _lazy("expit")
exprel = _lazy("exprel")
gammaln = _lazy("gammaln")
hyp2f1 = _lazy("hyp2f1")
