"""The BG/NBD expectation of purchases if alive, in a form that stays finite for heavy buyers (Pfaff-transformed 2F1 series)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._special import exprel, hyp2f1

__all__: list[str] = []


def _if_alive_expectation(r: float, a: float, b: float, x: Any, u: Any) -> np.ndarray:
    """Expected repeat purchases in the next ``t`` of a customer known to be alive, ``u = t / (alpha + T)``.

    Fader, Hardie & Lee (2005a), eq. 10 without ``P(alive)``:
    ``c/(a-1) · [1 - ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; c; t/(α+T+t))]`` with
    ``c = a+b+x-1``. As printed it overflows for heavy buyers (a power that
    underflows times a 2F1 that overflows). Two Pfaff transformations turn it
    into ``c/(a-1) · [1 - (1+u)^(1-a) 2F1(a+b-1-r, a-1; c; u/(1+u))]``, whose
    numerator parameters do not grow with ``x``; with the ``1/(a-1)`` divided
    out exactly this is

    ``c·log(1+u)·exprel(-(a-1)·log(1+u)) - (1+u)^(1-a) Σ_{n≥1} (A)_n (a)_(n-1) z^n / ((c+1)_(n-1) n!)``

    (``A = a+b-1-r``, ``z = u/(1+u)``), a series of terms of one sign (after
    the first few) that converges for every ``z < 1``, fastest for heavy buyers,
    and that has no singularity at ``a = 1``. It is summed in blocks until the
    tail is below 1e-17 of the sum. Light buyers (``c < 25``) with a horizon
    longer than ``α + T`` (``u > 1``), for whom it converges slowly, are left
    to scipy's ``hyp2f1``, which is accurate and fast there (small parameters;
    it uses the ``1 - z`` transformation), as are the rare elements for which
    the series has not converged after a few thousand terms.
    tests/test_btyd.py checks both against 50-digit mpmath values of eq. 10 as
    printed, for up to 10,000 repeat purchases and horizons up to 100 ``T``.
    """
    x, u = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(u, dtype=float))
    shape = x.shape
    x = x.ravel()
    u = u.ravel()
    c = a + b + x - 1
    log1pu = np.log1p(u)
    z = u / (1.0 + u)
    out = np.empty(len(x))
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        # light buyers and long horizons: the series converges slowly and scipy is accurate (and fast)
        light = (c < _LIGHT_C) & (u > 1) & (abs(a - 1) > 1e-3)  # near a = 1 the series avoids 1 - 2F1's cancellation
        out[light] = _hyp2f1_expectation(r, a, b, x[light], u[light])
        series = ~light | ~np.isfinite(out)  # scipy has no value at c = 0 (a + b = 1 and x = 0); the series has
        if series.any():
            cs, ls = c[series], log1pu[series]
            total, done = _pfaff_series(a + b - 1 - r, a, cs, z[series], max_terms=_SERIES_TERMS)
            values = cs * ls * exprel(-(a - 1) * ls) - np.exp(-(a - 1) * ls) * total
            slow = ~done
            if slow.any():  # parameters where the series converges slowly (e.g. a large b): scipy, else a longer series
                fallback = _hyp2f1_expectation(r, a, b, x[series][slow], u[series][slow])
                bad = ~np.isfinite(fallback)
                if bad.any():
                    more, _ = _pfaff_series(a + b - 1 - r, a, cs[slow][bad], z[series][slow][bad], max_terms=2**24)
                    lb = ls[slow][bad]
                    fallback[bad] = cs[slow][bad] * lb * exprel(-(a - 1) * lb) - np.exp(-(a - 1) * lb) * more
                values[slow] = fallback
            out[series] = values
    return out.reshape(shape) + 0.0  # + 0.0: no -0.0 at t = 0


#: Terms of the series in :func:`_if_alive_expectation` before scipy's ``hyp2f1`` takes over.
_SERIES_TERMS = 4096


#: Below this ``c = a + b + x - 1`` and for ``u > 1``, scipy's ``hyp2f1`` is used (checked against mpmath to 1e-10).
_LIGHT_C = 25.0


def _pfaff_series(A: float, a: float, c: np.ndarray, z: np.ndarray, *, max_terms: int) -> tuple[np.ndarray, np.ndarray]:
    """``Σ_{n≥1} (A)_n (a)_(n-1) z^n / ((c+1)_(n-1) n!)`` and whether it converged within ``max_terms`` terms.

    Summed in blocks of growing length (each block one ``cumprod`` of the term
    ratios), only for the elements that have not converged yet.
    """
    total = A * z  # the first term
    last = total.copy()
    done = np.zeros(len(z), dtype=bool)
    active = np.arange(len(z))
    n0, block = 1, 16
    while active.size and n0 < max_terms:
        n = n0 + np.arange(block, dtype=float)
        zc = z[active, None]
        ratio = (A + n) * (a + n - 1) * zc / ((c[active, None] + n) * (n + 1))
        terms = last[active, None] * np.cumprod(ratio, axis=1)
        total[active] += terms.sum(axis=1)
        last[active] = terms[:, -1]
        q = np.maximum(ratio[:, -1], zc[:, 0])  # the ratios tend to z: the tail is below last · q / (1 - q)
        ok = (q < 1) & (np.abs(last[active]) * q <= 1e-17 * (1 - q) * np.abs(total[active]))
        done[active[ok]] = True
        active = active[~ok]
        n0 += block
        block = min(2 * block, 4096)
    return total, done


def _hyp2f1_expectation(r: float, a: float, b: float, x: np.ndarray, u: np.ndarray) -> np.ndarray:
    """``c/(a-1) · (1 - 2F1(r+x, a-1; c; -u))`` by scipy, for light buyers and long horizons."""
    if abs(a - 1) < 5e-7:  # removable singularity: interpolate linearly between a = 1 ± 1e-6
        h = 1e-6
        low, high = _hyp2f1_expectation(r, 1 - h, b, x, u), _hyp2f1_expectation(r, 1 + h, b, x, u)
        return low + (a - 1 + h) / (2 * h) * (high - low)
    c = a + b + x - 1
    return c / (a - 1) * (1.0 - hyp2f1(r + x, a - 1, c, -u))
