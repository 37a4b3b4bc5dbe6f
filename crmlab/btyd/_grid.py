"""The expected purchases of every customer at every step of a horizon, with a small cache (预测网格)."""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pandas as pd

from ._bgnbd import BGNBDFit
from ._common import _unique_rows

__all__: list[str] = []


#: The last few grids of :func:`_conditional_grid`: an explorer that moves only the discount rate or
#: the margin reuses the expected purchases of the same customers and horizon (the costly part).
_GRID_CACHE: OrderedDict[tuple, np.ndarray] = OrderedDict()
_GRID_CACHE_SIZE = 4


def _conditional_grid(fit: BGNBDFit, t: np.ndarray, x, tx, big_t) -> np.ndarray:
    """Conditional expected purchases for every customer (rows) at every time in ``t`` (columns).

    A pure function of its inputs, so recent results are kept (keyed by the fit's
    parameters and the bytes of the arrays) and returned read-only.
    """
    arrays = [np.ascontiguousarray(a, dtype=float) for a in (t, x, tx, big_t)]
    key = (tuple(fit.params.values()), *(a.shape for a in arrays), *(a.tobytes() for a in arrays))
    cached = _GRID_CACHE.get(key)
    if cached is not None:
        _GRID_CACHE.move_to_end(key)
        return cached
    grid = _compute_grid(fit, t, x, tx, big_t)
    grid.flags.writeable = False
    _GRID_CACHE[key] = grid
    while len(_GRID_CACHE) > _GRID_CACHE_SIZE:
        _GRID_CACHE.popitem(last=False)
    return grid


def _compute_grid(fit: BGNBDFit, t: np.ndarray, x, tx, big_t) -> np.ndarray:
    (ux, utx, ut), _ = _unique_rows(x, tx, big_t)
    values = fit._if_alive(t[None, :], ux[:, None], ut[:, None]) * fit._alive(ux, utx, ut)[:, None]
    lookup = pd.MultiIndex.from_arrays([ux, utx, ut]).get_indexer(pd.MultiIndex.from_arrays([x, tx, big_t]))
    return values[lookup]
