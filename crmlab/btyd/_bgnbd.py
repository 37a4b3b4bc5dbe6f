"""The BG/NBD model of Fader, Hardie & Lee (2005a): likelihood, fit, predictions and simulation."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from .._fit import FittedModel, maximise, runaway_note, std_errors
from .._special import betaln, digamma, expit, gammaln
from .._validation import (
    MAX_CUSTOMERS,
    MAX_DURATION,
    CrmlabInputError,
    CrmlabTypeError,
    check_number,
    check_size,
    renamed,
)
from ._common import (
    _as_array,
    _check_rft,
    _label,
    _model_parameter,
    _nonneg,
    _unique_rows,
    _unit_days,
    btyd_table,
)
from ._series import _if_alive_expectation

__all__ = [
    "bgnbd_loglik",
    "BGNBDFit",
    "fit_bgnbd",
    "simulate_bgnbd",
]


def _bgnbd_terms(r, alpha, a, b, x, tx, t):
    """The two log-likelihood terms of each customer (the second is -inf when x = 0)."""
    common = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    term1 = betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + t)
    with np.errstate(divide="ignore", invalid="ignore"):
        term2 = np.where(
            x > 0,
            betaln(a + 1, np.maximum(b + x - 1, 1e-300)) - betaln(a, b) - (r + x) * np.log(alpha + tx),
            -np.inf,
        )
    return common, term1, term2


def bgnbd_loglik(
    *, r: float, alpha: float, a: float, b: float, frequency: Any, recency: Any, T: Any
) -> np.ndarray:
    """Log-likelihood of each customer under the BG/NBD model (BG/NBD 对数似然).

    ``L = B(a, b+x)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+T)^(r+x))
    + [x > 0] B(a+1, b+x-1)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x))``
    (Fader, Hardie & Lee 2005a, eq. 6), computed in log space.

    Examples
    --------
    >>> bgnbd_loglik(r=1, alpha=1, a=1, b=1, frequency=[0], recency=[0], T=[1]).round(6)  # log(B(1,1)/B(1,1) · 1/2)
    array([-0.693147])
    """
    r, alpha, a, b = (_model_parameter(k, v) for k, v in (("r", r), ("alpha", alpha), ("a", a), ("b", b)))
    x, tx, t = _check_rft(frequency, recency, T)
    common, t1, t2 = _bgnbd_terms(r, alpha, a, b, x, tx, t)
    return common + np.logaddexp(t1, t2)


def _bgnbd_objective(log_params: np.ndarray, xv, xi, wx, tx, t, w) -> tuple[float, np.ndarray]:
    """Negative log-likelihood and its gradient with respect to the log parameters.

    Customers are the rows of ``(tx, t, w)``; their frequencies are ``xv[xi]`` and ``wx`` is the
    weight of each distinct frequency ``xv`` (``np.bincount(xi, w)``). Every special function
    depends on the frequency only, so it is evaluated once per distinct frequency.
    """
    r, alpha, a, b = np.exp(log_params)
    pos = xv > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        log_beta = betaln(a, b)
        common_v = gammaln(r + xv) - gammaln(r) + r * np.log(alpha)
        beta1_v = betaln(a, b + xv) - log_beta
        beta2_v = np.where(pos, betaln(a + 1, np.maximum(b + xv - 1, 1e-300)) - log_beta, -np.inf)
    rx = r + xv[xi]
    log_t = np.log(alpha + t)
    log_tx = np.log(alpha + tx)
    t1 = beta1_v[xi] - rx * log_t
    t2 = beta2_v[xi] - rx * log_tx
    mix = np.logaddexp(t1, t2)
    w1 = w * np.exp(t1 - mix)  # weight times the share of the first term
    w2 = w - w1
    s1 = np.bincount(xi, weights=w1, minlength=len(xv))  # the same per distinct frequency
    s2 = wx - s1
    d_ab = digamma(a + b)
    d_abx = digamma(a + b + xv)
    d_rx = digamma(r + xv) - digamma(r)
    d_a1 = d_ab - d_abx
    d_a2 = digamma(a + 1) - d_abx - digamma(a) + d_ab
    d_b1 = digamma(b + xv) - d_abx - digamma(b) + d_ab
    d_b2 = np.where(pos, digamma(np.where(pos, b + xv - 1, 1.0)) - d_abx - digamma(b) + d_ab, 0.0)
    total = wx.sum()
    g_r = np.dot(wx, d_rx) + total * np.log(alpha) - np.dot(w1, log_t) - np.dot(w2, log_tx)
    g_alpha = total * r / alpha - np.dot(w1, rx / (alpha + t)) - np.dot(w2, rx / (alpha + tx))
    g_a = np.dot(s1, d_a1) + np.dot(s2, d_a2)
    g_b = np.dot(s1, d_b1) + np.dot(s2, d_b2)
    ll = np.dot(wx, common_v) + np.dot(w, mix)
    return -float(ll), -np.array([g_r * r, g_alpha * alpha, g_a * a, g_b * b])


@dataclass(frozen=True, repr=False)
class BGNBDFit(FittedModel):
    """A fitted BG/NBD model (BG/NBD 模型): how often customers buy, and how likely they are still "alive".

    While alive a customer makes repeat purchases at rate ``λ`` per unit of
    time; ``λ`` is Gamma(``r``, ``alpha``) across customers (mean ``r/alpha``).
    After each repeat purchase a customer drops out with probability ``p``;
    ``p`` is Beta(``a``, ``b``) across customers (mean ``a/(a+b)``).

    Attributes
    ----------
    r, alpha, a, b : float
        The model's parameters; ``alpha`` is in the time unit of the data.
    loglik : float
        The maximised log-likelihood.
    n_customers : int
        Customers in the data fitted.
    std_errors : tuple of float
        Standard errors of ``r, alpha, a, b`` (from the Hessian).
    converged : bool
        Whether the optimiser converged to a proper maximum (``False`` when
        the data cannot identify the model; ``note`` says why).
    note : str
        Why the fit did not converge (Chinese), ``""`` otherwise.

    ``params``, ``summary()`` and the checks of a fit built by hand (every
    parameter positive and finite) are shared with the other fitted models.
    """

    _PARAMETERS: ClassVar[tuple[str, ...]] = ("r", "alpha", "a", "b")
    _MODEL: ClassVar[str] = "BG/NBD"
    _TERM_SET: ClassVar[str | None] = "btyd"

    r: float
    alpha: float
    a: float
    b: float
    loglik: float
    n_customers: int
    std_errors: tuple[float, float, float, float] = (math.nan,) * 4
    converged: bool = True
    note: str = ""

    def __post_init__(self) -> None:
        self._check_fields()
        object.__setattr__(self, "n_customers", self._check_count("n_customers", self.n_customers, 1))

    @property
    def mean_purchase_rate(self) -> float:
        """Mean purchase rate of alive customers, ``r / alpha`` purchases per unit of time.

        Examples
        --------
        >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
        >>> fit.mean_purchase_rate  # 0.25 / 4
        0.0625
        """
        return self.r / self.alpha

    def purchases_per_year(self, time_unit: str | float) -> float:
        """:attr:`mean_purchase_rate` per year (365.25 days), given the time unit the model was fitted in.

        Examples
        --------
        >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
        >>> round(fit.purchases_per_year("W"), 3)  # fitted in weeks: 0.0625 · 365.25 / 7
        3.261
        """
        return self.mean_purchase_rate * 365.25 / _unit_days(time_unit)

    @property
    def mean_dropout(self) -> float:
        """Mean probability of dropping out after a purchase, ``a / (a + b)``.

        Examples
        --------
        >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
        >>> round(fit.mean_dropout, 4)  # 0.8 / 3.3
        0.2424
        """
        return self.a / (self.a + self.b)

    def expected_purchases(self, t: Any) -> np.ndarray:
        """``E[X(t)]``: expected repeat purchases in ``t`` units of time of a customer who just made a first purchase.

        ``(a+b-1)/(a-1) · [1 - (α/(α+t))^r 2F1(r, b; a+b-1; t/(α+t))]``
        (eq. 9), evaluated after two Pfaff transformations as a series that
        stays accurate for long horizons and at ``a = 1`` (the same evaluation
        as :meth:`conditional_expected_purchases` for ``x = 0``, ``T = 0``).

        Examples
        --------
        >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
        >>> fit.expected_purchases([0, 1, 52]).round(3)
        array([0.   , 0.06 , 1.588])
        """
        t = np.asarray(_nonneg("t", t), dtype=float)
        return _if_alive_expectation(self.r, self.a, self.b, 0.0, t / self.alpha)

    def conditional_expected_purchases(self, t: Any, frequency: Any, recency: Any, T: Any) -> np.ndarray:
        """Expected repeat purchases in the next ``t`` units of time of a customer with history ``(x, t_x, T)``.

        Fader, Hardie & Lee (2005a), eq. 10, multiplied by
        :meth:`probability_alive`. As printed, eq. 10 overflows for heavy
        buyers (a power that underflows times a hypergeometric function that
        overflows); it is evaluated after two Pfaff transformations, as a
        series whose parameters do not grow with ``x``, so that customers with
        thousands of repeat purchases and horizons of many times their age get
        finite, exact values (checked against 50-digit values).

        Examples
        --------
        >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
        >>> fit.conditional_expected_purchases(52, frequency=[0, 3, 3], recency=[0, 13, 38], T=[39, 39, 39]).round(2)
        array([0.26, 0.66, 2.57])
        """
        x, tx, big_t = _check_rft(frequency, recency, T)
        t = np.asarray(_nonneg("t", t), dtype=float)
        return self._if_alive(t, x, big_t) * self._alive(x, tx, big_t)

    def _if_alive(self, t, x, big_t) -> np.ndarray:
        """Expected repeat purchases in the next ``t`` of a customer known to be alive (broadcasts)."""
        return _if_alive_expectation(self.r, self.a, self.b, x, t / (self.alpha + big_t))

    def _alive(self, x, tx, t) -> np.ndarray:
        with np.errstate(divide="ignore"):
            log_odds = np.where(
                x > 0,
                np.log(self.a) - np.log(np.maximum(self.b + x - 1, 1e-300)) + (self.r + x) * (np.log(self.alpha + t) - np.log(self.alpha + tx)),
                -np.inf,
            )
        return expit(-log_odds)

    def probability_alive(self, frequency: Any, recency: Any, T: Any) -> np.ndarray:
        """``P(alive | x, t_x, T)``: the probability that a customer has not dropped out (存活概率).

        ``1 / (1 + [x > 0] a/(b+x-1) · ((α+T)/(α+t_x))^(r+x))`` (eq. 11): 1
        for a customer who has never made a repeat purchase (in this model one
        can only drop out right after a repeat purchase), and falling the
        longer a frequent buyer has been silent.

        Examples
        --------
        >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
        >>> fit.probability_alive(frequency=[0, 3, 3], recency=[0, 13, 38], T=[39, 39, 39]).round(3)
        array([1.   , 0.216, 0.839])
        """
        x, tx, t = _check_rft(frequency, recency, T)
        return self._alive(x, tx, t)

    def probability_of_purchases(self, x: Any, t: float) -> np.ndarray:
        """``P(X(t) = x)``: the probability that a new customer makes exactly ``x`` repeat purchases in ``t`` (eq. 8).

        Examples
        --------
        >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
        >>> fit.probability_of_purchases([0, 1, 2], t=39).round(3)
        array([0.552, 0.203, 0.089])
        """
        k = np.asarray(x, dtype=float)
        if np.any(k < 0) or np.any(k != np.round(k)):
            raise CrmlabInputError("x", "购买次数 x 必须是非负整数", "x must be non-negative whole numbers")
        t = check_number("t", t, low=0)
        from scipy.stats import (
            nbinom,  # here, not at the top: scipy.stats adds ~1 s to `import crmlab`
        )

        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        p = alpha / (alpha + t)
        first = np.exp(betaln(a, b + k) - betaln(a, b) + nbinom.logpmf(k, r, p))
        with np.errstate(divide="ignore", invalid="ignore"):
            second = np.where(
                k > 0,
                np.exp(betaln(a + 1, np.maximum(b + k - 1, 1e-300)) - betaln(a, b)) * nbinom.sf(k - 1, r, p),
                0.0,
            )
        return first + second

    def expected_frequency_counts(self, T: Any, max_frequency: int = 7) -> np.ndarray:
        """Expected number of customers with 0, 1, ..., ``max_frequency - 1`` and at least ``max_frequency`` repeat purchases.

        Each customer observed for their own ``T``: ``Σ_i P(X(T_i) = x)``.

        Examples
        --------
        >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
        >>> fit.expected_frequency_counts([39, 39, 39], max_frequency=2).round(2)  # 0, 1 and 2+ of 3 customers
        array([1.66, 0.61, 0.73])
        """
        m = int(check_number("max_frequency", max_frequency, low=1, integer=True))
        ages = _as_array("T", T)
        uniq, counts = np.unique(ages, return_counts=True)
        k = np.arange(m)
        table = np.array([self.probability_of_purchases(k, float(t)) for t in uniq])  # (unique T, m)
        expected = counts @ table
        return np.concatenate([expected, [len(ages) - expected.sum()]])


def fit_bgnbd(frequency: Any, recency: Any, T: Any) -> BGNBDFit:
    """Fit the BG/NBD model by maximum likelihood (拟合 BG/NBD 模型).

    Parameters
    ----------
    frequency, recency, T : array-like
        From :func:`btyd_summary` (any one time unit; ``alpha`` comes out in it).

    Returns
    -------
    BGNBDFit

    Raises
    ------
    CrmlabInputError
        For empty, missing or negative values, fractional ``frequency``,
        ``recency > T``, or ``recency > 0`` with ``frequency = 0``.

    Notes
    -----
    Customers with the same ``(x, t_x, T)`` are fitted once with a weight;
    times are rescaled so that the largest ``T`` is 10 before optimising
    (L-BFGS-B on the log parameters with the analytic gradient, from three
    starting points), and ``alpha`` is scaled back.

    Examples
    --------
    The CDNOW sample of Fader, Hardie & Lee (2005a), in weeks:

    >>> from crmlab.datasets import load_cdnow_summary
    >>> s = load_cdnow_summary()
    >>> fit = fit_bgnbd(s["frequency"], s["recency"], s["T"])
    >>> [round(v, 3) for v in fit.params.values()], round(fit.loglik, 1)
    ([0.243, 4.414, 0.793, 2.426], -9582.4)
    """
    x, tx, t = _check_rft(frequency, recency, T)
    if len(x) < 2:
        raise CrmlabInputError(
            "frequency",
            "只有 1 位客户：BG/NBD 模型描述的是客户之间的差异，一位客户的数据无法估计它的 4 个参数（模型不可识别），请用全部客户拟合",
            "a single customer cannot identify the BG/NBD model's 4 parameters: fit it on all customers",
        )
    if not (x > 0).any():
        raise CrmlabInputError(
            "frequency",
            f"{_label('frequency')} 全为 0：没有任何客户重复购买，无法估计购买率和流失概率（模型不可识别）；"
            "请延长观察期，或检查 frequency 是否为重复购买次数",
            "nobody made a repeat purchase (frequency is 0 for everyone): the BG/NBD model cannot be identified",
        )
    scale = 10.0 / t.max()
    (ux, utx, ut), w = _unique_rows(x, tx * scale, t * scale)
    xv, xi = np.unique(ux, return_inverse=True)
    args = (xv, xi, np.bincount(xi, weights=w, minlength=len(xv)), utx, ut, w)
    starts = [np.zeros(4), np.log([0.5, 1.0, 0.5, 2.0]), np.log([2.0, 5.0, 2.0, 5.0])]
    best, converged = maximise(_bgnbd_objective, starts, args)
    r, alpha_scaled, a, b = np.exp(best.x)
    errors = std_errors(lambda p: _bgnbd_objective(p, *args)[1], best.x)
    note = runaway_note(best, BGNBDFit._PARAMETERS, errors)  # both in the rescaled time unit
    errors[1] /= scale
    common, t1, t2 = _bgnbd_terms(float(r), float(alpha_scaled / scale), float(a), float(b), x, tx, t)  # checked above
    loglik = float(np.sum(common + np.logaddexp(t1, t2)))
    return BGNBDFit(
        r=float(r), alpha=float(alpha_scaled / scale), a=float(a), b=float(b), loglik=loglik,
        n_customers=len(x), std_errors=tuple(float(e) for e in errors), converged=converged and not note,
        note=note or ("" if converged else "优化算法没有报告收敛。"),
    )  # fmt: skip


@renamed(customers="customers_count")
@btyd_table
def simulate_bgnbd(*, r: float, alpha: float, a: float, b: float, T: Any, n_customers: int | None = None, seed: int) -> pd.DataFrame:
    """Customers simulated from the BG/NBD model (用 BG/NBD 模型模拟客户).

    Each customer draws a purchase rate ``λ ~ Gamma(r, alpha)`` and a dropout
    probability ``p ~ Beta(a, b)``, buys at the times of a Poisson process
    with rate ``λ`` and drops out after each repeat purchase with probability
    ``p``; they are observed for ``T`` units of time.

    Parameters
    ----------
    T : float or array-like
        Observation time of every customer (one number for all, or one each),
        at most :data:`crmlab._validation.MAX_DURATION`.
    n_customers : int, optional
        Number of customers when ``T`` is one number (at most
        :data:`crmlab._validation.MAX_CUSTOMERS`); with a list ``T``, leave it
        out or give the same number.
    seed : int
        Random seed.

    Returns
    -------
    DataFrame
        ``frequency``, ``recency``, ``T``, and the drawn ``rate``,
        ``dropout`` and ``alive`` (whether the customer is still alive at ``T``).

    Examples
    --------
    >>> sim = simulate_bgnbd(r=0.25, alpha=4.0, a=0.8, b=2.5, T=39, n_customers=3, seed=1)
    >>> list(sim.columns)
    ['frequency', 'recency', 'T', 'rate', 'dropout', 'alive']
    """
    r, alpha, a, b = (_model_parameter(k, v) for k, v in (("r", r), ("alpha", alpha), ("a", a), ("b", b)))
    rng = np.random.default_rng(int(check_number("seed", seed, low=0, integer=True)))
    if np.ndim(T) == 0:
        n = check_size("n_customers", n_customers, high=MAX_CUSTOMERS)
        ages = np.full(n, check_number("T", T, low=0, low_open=True, cap=MAX_DURATION))
    else:
        ages = _as_array("T", T)
        if np.any(ages <= 0) or np.any(ages > MAX_DURATION):
            raise CrmlabInputError("T", f"{_label('T')} 必须在 (0, {MAX_DURATION}] 内", f"T must be in (0, {MAX_DURATION}]")
        n = len(ages)
        if len(ages) > MAX_CUSTOMERS:
            raise CrmlabInputError("T", f"{_label('T')} 最多 {MAX_CUSTOMERS} 个客户", f"T has more than {MAX_CUSTOMERS} customers")
        if n_customers is not None and check_size("n_customers", n_customers, high=MAX_CUSTOMERS) != n:
            raise CrmlabInputError(
                "n_customers",
                f"n_customers={n_customers} 与 T 的长度 {n} 不符；T 是一列时每位客户一个值，不要再给 n_customers",
                f"n_customers={n_customers} disagrees with the {n} values of T; leave n_customers out when T is a list",
            )
    rate = rng.gamma(r, 1.0 / alpha, n)
    dropout = rng.beta(a, b, n)
    purchases = rng.poisson(rate * ages)  # repeat purchases if nobody ever dropped out
    survive = rng.geometric(np.clip(dropout, 1e-12, 1.0))  # the repeat purchase after which the customer drops out
    x = np.minimum(purchases, survive)
    # given n arrivals in [0, T], the x-th arrival time is T · Beta(x, n - x + 1)
    tx = np.zeros(n)
    some = x > 0
    tx[some] = ages[some] * rng.beta(x[some], purchases[some] - x[some] + 1)
    return pd.DataFrame(
        {"frequency": x.astype(float), "recency": tx, "T": ages, "rate": rate, "dropout": dropout, "alive": purchases < survive}
    )


def _check_fit(fit: Any) -> None:
    if not isinstance(fit, BGNBDFit):
        raise CrmlabTypeError("fit", f"fit 必须是 fit_bgnbd 的结果（BGNBDFit），收到 {type(fit).__name__}", f"fit must be a BGNBDFit, got {type(fit).__name__}")
