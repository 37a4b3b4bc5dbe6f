"""The Gamma-Gamma spend model of Fader, Hardie & Lee (2005b) and the check of its independence assumption."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from .._fit import FittedModel, maximise, runaway_note, std_errors
from .._special import digamma, gammaln
from .._validation import (
    MAX_DURATION,
    CrmlabInputError,
    check_number,
    fmt,
)
from ._common import _as_array, _label, _model_parameter, _unique_rows, _where

__all__ = [
    "gamma_gamma_loglik",
    "GammaGammaFit",
    "fit_gamma_gamma",
    "simulate_gamma_gamma",
    "SpendCorrelation",
    "spend_frequency_correlation",
]


def _check_spend(frequency: Any, monetary_value: Any) -> tuple[np.ndarray, np.ndarray, pd.Index | None]:
    index = frequency.index if isinstance(frequency, pd.Series) else None
    x = _as_array("frequency", frequency)
    m = _as_array("monetary_value", monetary_value)
    if len(x) != len(m):
        raise CrmlabInputError(
            "monetary_value",
            f"frequency 和 monetary_value 的长度必须相同，收到 {len(x)} 和 {len(m)}",
            f"frequency and monetary_value must have the same length, got {len(x)} and {len(m)}",
        )
    if np.any(x < 0) or np.any(x != np.round(x)):
        bad = (x < 0) | (x != np.round(x))
        raise CrmlabInputError("frequency", f"{_label('frequency')} 必须是非负整数：{_where(bad, index)}", "frequency must be non-negative whole numbers")
    if np.any(m < 0):
        raise CrmlabInputError("monetary_value", f"{_label('monetary_value')} 不能为负数：{_where(m < 0, index)}", "monetary_value cannot be negative")
    return x, m, index


def gamma_gamma_loglik(*, p: float, q: float, gamma: float, frequency: Any, monetary_value: Any) -> np.ndarray:
    """Log-likelihood of each repeat customer's mean spend under the Gamma-Gamma model (Gamma-Gamma 对数似然).

    The mean ``m`` of ``x`` purchases has density
    ``Γ(px+q) / (Γ(px) Γ(q)) · γ^q m^(px-1) x^(px) / (γ + m x)^(px+q)``
    (Fader, Hardie & Lee 2005b, appendix). Only customers with ``x > 0``.

    Examples
    --------
    >>> gamma_gamma_loglik(p=1, q=2, gamma=1, frequency=[1], monetary_value=[1.0]).round(6)  # log(2 · 1 / 2^3)
    array([-1.386294])
    """
    p, q, gamma = (_model_parameter(k, v) for k, v in (("p", p), ("q", q), ("gamma", gamma)))
    x, m, index = _check_spend(frequency, monetary_value)
    if np.any(x == 0):
        raise CrmlabInputError("frequency", "Gamma-Gamma 只用于有重复购买 (frequency > 0) 的客户", "only customers with frequency > 0")
    _check_positive_spend(m, index)
    return _gg_ll(p, q, gamma, x, m)


def _gg_ll(p, q, g, x, m):
    px = p * x
    return gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(g) + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * np.log(g + m * x)


def _gg_precompute(x: np.ndarray, m: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """What the objective needs that does not depend on the parameters: distinct frequencies and logs."""
    xv, xi = np.unique(x, return_inverse=True)
    return xv, xi, np.log(x), np.log(m)


def _gg_objective(log_params: np.ndarray, x, m, w, pre=None) -> tuple[float, np.ndarray]:
    """Minus the weighted log-likelihood and its gradient in log parameters.

    The gamma and digamma functions of ``p·x`` and ``p·x + q`` depend on the
    frequency only, so they are evaluated once per distinct frequency (a few
    dozen values) rather than once per customer.
    """
    p, q, g = np.exp(log_params)
    xv, xi, log_x, log_m = _gg_precompute(x, m) if pre is None else pre
    pxv = p * xv
    lg = (gammaln(pxv + q) - gammaln(pxv))[xi]
    dg = digamma(pxv + q)
    d_pq = (dg - digamma(pxv))[xi]
    px = pxv[xi]
    gmx = g + m * x
    log_gmx = np.log(gmx)
    ll = lg - gammaln(q) + q * np.log(g) + (px - 1) * log_m + px * log_x - (px + q) * log_gmx
    d_p = x * (d_pq + log_m + log_x - log_gmx)
    d_q = dg[xi] - digamma(q) + np.log(g) - log_gmx
    d_g = q / g - (px + q) / gmx
    grad = np.array([np.dot(w, d_p) * p, np.dot(w, d_q) * q, np.dot(w, d_g) * g])
    return -float(np.dot(w, ll)), -grad


def _check_positive_spend(m: np.ndarray, index) -> None:
    zero = m <= 0
    if zero.any():
        raise CrmlabInputError(
            "monetary_value",
            f"有重复购买的客户，{_label('monetary_value')} 必须大于 0；有的客户为 0（{_where(zero, index)}）。"
            f"请先决定如何处理金额为 0 的交易（例如赠品），再拟合",
            f"monetary_value must be positive for repeat customers ({int(zero.sum())} are 0)",
        )


@dataclass(frozen=True, repr=False)
class GammaGammaFit(FittedModel):
    """A fitted Gamma-Gamma spend model (Gamma-Gamma 消费金额模型).

    Each purchase of a customer is Gamma(``p``, ``ν``) distributed, so the
    customer's true mean spend is ``p/ν``; across customers ``ν`` is
    Gamma(``q``, ``gamma``). The population mean spend is ``p·gamma/(q-1)``.

    Attributes
    ----------
    p, q, gamma : float
        The parameters (``gamma`` in the currency of the data).
    loglik : float
        The maximised log-likelihood.
    n_customers : int
        Repeat customers fitted.
    n_excluded : int
        Customers without a repeat purchase, left out (they have no repeat spend).
    std_errors : tuple of float
        Standard errors of ``p, q, gamma``.
    converged : bool
        Whether the optimiser converged to a proper maximum.
    note : str
        Why the fit did not converge (Chinese), ``""`` otherwise.
    """

    _PARAMETERS: ClassVar[tuple[str, ...]] = ("p", "q", "gamma")
    _MODEL: ClassVar[str] = "Gamma-Gamma"
    _TERM_SET: ClassVar[str | None] = "btyd"

    p: float
    q: float
    gamma: float
    loglik: float
    n_customers: int
    n_excluded: int = 0
    std_errors: tuple[float, float, float] = (math.nan,) * 3
    converged: bool = True
    note: str = ""

    def __post_init__(self) -> None:
        self._check_fields()
        object.__setattr__(self, "n_customers", self._check_count("n_customers", self.n_customers, 1))
        object.__setattr__(self, "n_excluded", self._check_count("n_excluded", self.n_excluded, 0))

    @property
    def mean_spend(self) -> float:
        """Population mean spend per purchase, ``p·gamma/(q-1)`` (needs ``q > 1``).

        Examples
        --------
        >>> gg = GammaGammaFit(p=6.0, q=4.0, gamma=15.0, loglik=0.0, n_customers=1)
        >>> gg.mean_spend  # 6 · 15 / 3
        30.0
        """
        if self.q <= 1:
            raise CrmlabInputError("q", f"q = {fmt(self.q)} ≤ 1：平均消费金额不存在（分布尾部太厚）", "q <= 1: the mean spend does not exist")
        return self.p * self.gamma / (self.q - 1)

    def conditional_expected_spend(self, frequency: Any, monetary_value: Any) -> np.ndarray:
        """Expected spend per future purchase given ``x`` repeat purchases with mean ``m`` (预测客单价).

        ``(γ + m x) p / (p x + q - 1)``: a weighted average of the population
        mean (weight :meth:`population_weight`, ``(q-1)/(px+q-1)``) and the
        customer's own mean, which gets more weight the more purchases it
        rests on. Customers without a repeat purchase get the population mean.

        Examples
        --------
        >>> gg = GammaGammaFit(p=6.0, q=4.0, gamma=15.0, loglik=0.0, n_customers=1)
        >>> gg.conditional_expected_spend([0, 1, 10], [0.0, 50.0, 50.0]).round(2)  # 30 · 1/3 + 50 · 2/3 for x = 1
        array([30.  , 43.33, 49.05])
        """
        x, m, _ = _check_spend(frequency, monetary_value)
        weight = self.population_weight(x)
        own = np.divide(m * x, x, out=np.zeros(len(x)), where=x > 0)  # the customer's mean (0 when there is none)
        return weight * self.mean_spend + (1 - weight) * own

    def population_weight(self, frequency: Any) -> np.ndarray:
        """Weight of the population mean in :meth:`conditional_expected_spend`, ``(q-1) / (p x + q - 1)`` (1 for x = 0).

        Examples
        --------
        >>> gg = GammaGammaFit(p=6.0, q=4.0, gamma=15.0, loglik=0.0, n_customers=1)
        >>> gg.population_weight([0, 1, 10]).round(3)  # 3/3, 3/9, 3/63
        array([1.   , 0.333, 0.048])
        """
        x = np.asarray(_as_array("frequency", frequency))
        return (self.q - 1) / (self.p * x + self.q - 1)


def fit_gamma_gamma(frequency: Any, monetary_value: Any) -> GammaGammaFit:
    """Fit the Gamma-Gamma spend model by maximum likelihood (拟合 Gamma-Gamma 模型).

    Only customers with at least one repeat purchase carry information about
    repeat spend; the others are left out and counted in ``n_excluded``.

    Raises
    ------
    CrmlabInputError
        For empty, missing or negative values, a repeat customer with
        ``monetary_value`` 0, or fewer than two repeat customers.

    Examples
    --------
    The CDNOW sample (Fader, Hardie & Lee 2005b):

    >>> from crmlab.btyd import btyd_summary
    >>> from crmlab.datasets import load_cdnow
    >>> t = load_cdnow("sample")
    >>> s = btyd_summary(t, as_of="1997-09-30", time_unit="W")
    >>> gg = fit_gamma_gamma(s["frequency"], s["monetary_value"])
    >>> [round(v, 2) for v in gg.params.values()], gg.n_customers, gg.n_excluded
    ([6.25, 3.74, 15.44], 946, 1411)
    """
    x, m, index = _check_spend(frequency, monetary_value)
    repeat = x > 0
    if repeat.sum() < 2:
        raise CrmlabInputError(
            "frequency", f"至少需要两位有重复购买的客户，收到 {int(repeat.sum())} 位", "at least two repeat customers are needed"
        )
    _check_positive_spend(m[repeat], index[repeat] if index is not None else None)
    (ux, um), w = _unique_rows(x[repeat], m[repeat])
    scale = 10.0 / float(np.mean(m[repeat]))  # work in units where the mean spend is 10
    starts = [np.zeros(3), np.log([5.0, 3.0, 10.0]), np.log([2.0, 2.0, 3.0])]
    pre = _gg_precompute(ux, um * scale)
    best, converged = maximise(_gg_objective, starts, (ux, um * scale, w, pre))
    p, q, g_scaled = np.exp(best.x)
    errors = std_errors(lambda v: _gg_objective(v, ux, um * scale, w, pre)[1], best.x)
    note = runaway_note(best, GammaGammaFit._PARAMETERS, errors)  # both in the rescaled currency
    errors[2] /= scale
    g = g_scaled / scale
    loglik = float(np.sum(_gg_ll(p, q, g, x[repeat], m[repeat])))
    return GammaGammaFit(
        p=float(p), q=float(q), gamma=float(g), loglik=loglik, n_customers=int(repeat.sum()),
        n_excluded=int((~repeat).sum()), std_errors=tuple(float(e) for e in errors), converged=converged and not note,
        note=note or ("" if converged else "优化算法没有报告收敛。"),
    )  # fmt: skip


def simulate_gamma_gamma(*, p: float, q: float, gamma: float, frequency: Any, seed: int) -> np.ndarray:
    """Mean spend of customers with the given numbers of purchases, simulated from the Gamma-Gamma model.

    Examples
    --------
    >>> simulate_gamma_gamma(p=6, q=4, gamma=15, frequency=[1, 2, 0], seed=1).shape
    (3,)
    """
    p, q, g = (_model_parameter(k, v) for k, v in (("p", p), ("q", q), ("gamma", gamma)))
    x = _as_array("frequency", frequency)
    if np.any(x < 0) or np.any(x > MAX_DURATION) or np.any(x != np.round(x)):
        raise CrmlabInputError(
            "frequency", f"{_label('frequency')} 必须是 0 到 {MAX_DURATION} 的整数", f"frequency must be whole numbers from 0 to {MAX_DURATION}"
        )
    rng = np.random.default_rng(int(check_number("seed", seed, low=0, integer=True)))
    nu = rng.gamma(q, 1.0 / g, len(x))
    out = np.zeros(len(x))
    some = x > 0
    # the mean of x Gamma(p, ν) purchases is Gamma(p·x, ν·x)
    out[some] = rng.gamma(p * x[some], 1.0 / (nu[some] * x[some]))
    return out


@dataclass(frozen=True)
class SpendCorrelation:
    """The check of the Gamma-Gamma assumption that spend does not depend on purchase frequency (独立性检验).

    Attributes
    ----------
    correlation : float
        Pearson correlation of ``frequency`` and ``monetary_value`` among repeat customers.
    p_value : float
        Two-sided p-value of zero correlation.
    n_customers : int
        Repeat customers used.
    """

    correlation: float
    p_value: float
    n_customers: int

    @property
    def acceptable(self) -> bool:
        """True when the correlation is weak (|r| < 0.3), the usual rule for using the model.

        Examples
        --------
        >>> SpendCorrelation(correlation=0.05, p_value=0.2, n_customers=946).acceptable
        True
        """
        return abs(self.correlation) < 0.3

    @property
    def verdict(self) -> str:
        """A sentence in Chinese saying whether the assumption looks acceptable.

        Examples
        --------
        >>> "近似独立" in SpendCorrelation(correlation=0.05, p_value=0.2, n_customers=946).verdict
        True
        """
        strength = "很弱" if abs(self.correlation) < 0.1 else "较弱" if abs(self.correlation) < 0.3 else "明显"
        text = f"{self.n_customers:,} 位重复购买客户中，购买次数与平均金额的相关系数为 {self.correlation:.3f}（{strength}）"
        if self.acceptable:
            return text + "；可以认为二者近似独立，Gamma-Gamma 模型的前提基本成立。"
        return text + "；独立性假设不成立，Gamma-Gamma 的预测会有偏差，应按购买次数分组建模或换用其他模型。"


def spend_frequency_correlation(frequency: Any, monetary_value: Any) -> SpendCorrelation:
    """Correlation of purchase frequency and mean spend among repeat customers (检验独立性假设).

    Examples
    --------
    >>> c = spend_frequency_correlation([1, 2, 3, 0], [10.0, 12.0, 11.0, 0.0])
    >>> round(c.correlation, 3), c.n_customers
    (0.5, 3)
    """
    x, m, _ = _check_spend(frequency, monetary_value)
    repeat = x > 0
    if repeat.sum() < 3:
        raise CrmlabInputError("frequency", "至少需要三位有重复购买的客户才能计算相关系数", "at least three repeat customers are needed")
    if np.ptp(x[repeat]) == 0 or np.ptp(m[repeat]) == 0:
        raise CrmlabInputError(
            "frequency", "重复购买次数或平均金额全部相同，相关系数没有定义", "frequency or monetary_value is constant: no correlation"
        )
    from scipy.stats import (
        pearsonr,  # here, not at the top: scipy.stats adds ~1 s to `import crmlab`
    )

    result = pearsonr(x[repeat], m[repeat])
    return SpendCorrelation(correlation=float(result.statistic), p_value=float(result.pvalue), n_customers=int(repeat.sum()))
