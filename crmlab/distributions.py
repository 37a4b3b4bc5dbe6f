"""Probability distributions and maximum likelihood behind the customer-base models (附录 B：概率分布与最大似然).

The later chapters fit models built from a few distributions (chapter 8's sBG, chapter 10's
BG/NBD and Gamma-Gamma, chapter 11's life tables). This module gives each distribution in the
parameters those models use, so that appendix B can show them before the models do:

- ``"poisson"``: purchases of one customer in a period of length ``t`` at a purchase rate λ
  (``purchase_rate``, purchases per period);
- ``"exponential"``: the waiting time between two purchases at rate λ;
- ``"gamma"``: how purchase rates differ between customers (shape ``r``, rate ``alpha``; mean
  ``r / alpha``: BG/NBD's r and α);
- ``"nbd"``: purchases in ``t`` of a customer drawn at random when the rates follow that gamma
  (the negative binomial, the "NBD" of BG/NBD);
- ``"geometric"``: the period in which a customer with churn probability θ (``churn_rate``) leaves,
  1, 2, ... (mean 1/θ: chapter 6's "平均客户生命周期 = 1/流失率");
- ``"beta"``: how churn probabilities differ between customers (``a``, ``b``: sBG's α, β, BG/NBD's a, b).

:func:`churn_likelihood` is maximum likelihood on the smallest case: one churn probability for
every customer of a cohort, its log-likelihood over a grid and its maximum, which has a closed
form (customers lost / customer-periods at risk).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from ._validation import MAX_PARAMETER, MAX_PERIODS, CrmlabInputError, check_choice, check_number, check_numbers
from .glossary import with_terms
from .retention import _check_survivors

__all__ = ["DISTRIBUTIONS", "Distribution", "distribution", "ChurnLikelihood", "churn_likelihood"]

#: Each distribution's parameters, in order, and its Chinese name.
DISTRIBUTIONS: Mapping[str, tuple[tuple[str, ...], str]] = MappingProxyType(
    {
        "poisson": (("purchase_rate", "t"), "泊松分布"),
        "exponential": (("purchase_rate",), "指数分布"),
        "gamma": (("r", "alpha"), "Gamma 分布"),
        "nbd": (("r", "alpha", "t"), "负二项分布"),
        "geometric": (("churn_rate",), "几何分布"),
        "beta": (("a", "b"), "Beta 分布"),
    }
)
_DEFAULTS = {"t": 1.0}
_SYMBOLS = {"purchase_rate": "λ", "t": "t", "r": "r", "alpha": "α", "churn_rate": "θ", "a": "a", "b": "b"}
_DISCRETE = {"poisson", "nbd", "geometric"}
#: The largest outcome a default table of a discrete distribution lists.
MAX_OUTCOME = 200


@dataclass(frozen=True)
class Distribution:
    """One distribution with the parameters of the course's models (概率分布); see :func:`distribution`.

    Attributes
    ----------
    kind : str
        A key of :data:`DISTRIBUTIONS`.
    params : Mapping
        Its parameters by name.
    discrete : bool
        True for counts and periods (a probability per value), False for rates and
        waiting times (a density).
    mean, variance : float
    label : str
        The Chinese name with the parameters, e.g. ``"泊松分布（λ = 2）"``, for a legend.
    """

    kind: str
    params: Mapping[str, float]
    discrete: bool
    mean: float
    variance: float
    label: str

    def _frozen(self):
        from scipy import stats  # here, not at the top: scipy.stats adds ~1 s to `import crmlab.exercises`

        p = self.params
        if self.kind == "poisson":
            return stats.poisson(p["purchase_rate"] * p["t"])
        if self.kind == "exponential":
            return stats.expon(scale=1 / p["purchase_rate"])
        if self.kind == "gamma":
            return stats.gamma(p["r"], scale=1 / p["alpha"])
        if self.kind == "nbd":
            return stats.nbinom(p["r"], p["alpha"] / (p["alpha"] + p["t"]))
        if self.kind == "geometric":
            return stats.geom(p["churn_rate"])
        return stats.beta(p["a"], p["b"])

    def table(self, values: Any = None) -> pd.DataFrame:
        """Probability (or density) and cumulative probability at ``values`` (分布表).

        Parameters
        ----------
        values : sequence of numbers, optional
            Where to evaluate. Default: for a discrete distribution every value
            from the smallest up to where 99.9% of the probability is reached (at most
            :data:`MAX_OUTCOME`); for a continuous one 201 points over the middle 99%.

        Returns
        -------
        pandas.DataFrame
            Columns ``value``, ``probability`` (discrete) or ``density``
            (continuous), and ``cumulative`` (P(X ≤ value)); tagged for
            :func:`crmlab.glossary.label_columns`.

        Examples
        --------
        >>> distribution("poisson", purchase_rate=2).table([0, 1, 2]).round(4)
           value  probability  cumulative
        0      0       0.1353      0.1353
        1      1       0.2707      0.4060
        2      2       0.2707      0.6767
        >>> distribution("geometric", churn_rate=0.2).table([1, 2]).round(2)["probability"].tolist()
        [0.2, 0.16]
        """
        frozen = self._frozen()
        if values is None:
            if self.discrete:
                start = 1 if self.kind == "geometric" else 0
                stop = int(min(max(frozen.ppf(0.999), start + 4), MAX_OUTCOME))
                x = np.arange(start, stop + 1)
            else:
                x = np.linspace(frozen.ppf(0.005), frozen.ppf(0.995), 201)
        else:
            low = 1 if self.kind == "geometric" else 0
            x = check_numbers("values", values, low=low, integer=self.discrete).to_numpy()
            if self.kind == "beta" and (x > 1).any():
                raise CrmlabInputError("values", f"Beta 分布的取值 values 在 [0, 1] 内，收到 {x.max():g}", f"values of a beta distribution lie in [0, 1], got {x.max():g}")
            x = x.astype(int) if self.discrete else x
        column = "probability" if self.discrete else "density"
        mass = frozen.pmf(x) if self.discrete else frozen.pdf(x)
        frame = pd.DataFrame({"value": x, column: mass, "cumulative": frozen.cdf(x)})
        return with_terms(frame, "distributions")


def distribution(kind: str, **params: float) -> Distribution:
    """A distribution of the customer-base models with its mean and variance (概率分布).

    Parameters
    ----------
    kind : str
        ``"poisson"`` (``purchase_rate``, ``t`` = 1), ``"exponential"``
        (``purchase_rate``), ``"gamma"`` (``r``, ``alpha``), ``"nbd"`` (``r``,
        ``alpha``, ``t`` = 1), ``"geometric"`` (``churn_rate``) or ``"beta"``
        (``a``, ``b``); see the module docstring for what each describes.
    **params : float
        The parameters: rates, ``r``, ``alpha``, ``a``, ``b`` and ``t`` are
        positive; ``churn_rate`` is in (0, 1].

    Returns
    -------
    Distribution

    Examples
    --------
    >>> distribution("poisson", purchase_rate=2).mean
    2.0
    >>> d = distribution("geometric", churn_rate=0.2)
    >>> d.mean, d.label
    (5.0, '几何分布（θ = 0.2）')
    >>> round(distribution("gamma", r=0.243, alpha=4.414).mean, 4)  # CDNOW's BG/NBD: purchases per week
    0.0551
    >>> distribution("beta", a=1, b=4).mean
    0.2
    >>> distribution("poisson", rate=2)
    Traceback (most recent call last):
    ...
    crmlab._validation.CrmlabInputError: 泊松分布的参数是 purchase_rate、t，收到 rate (the parameters of 'poisson' are purchase_rate, t; got rate)
    """
    check_choice("kind", kind, list(DISTRIBUTIONS))
    names, zh = DISTRIBUTIONS[kind]
    unknown = [p for p in params if p not in names]
    missing = [p for p in names if p not in params and p not in _DEFAULTS]
    if unknown or missing:
        got = "、".join(params) or "（无）"
        raise CrmlabInputError(
            "kind",
            f"{zh}的参数是 {'、'.join(names)}，收到 {got}",
            f"the parameters of {kind!r} are {', '.join(names)}; got {', '.join(params) or 'none'}",
        )
    values = {}
    for name in names:
        value = params.get(name, _DEFAULTS.get(name))
        if name == "churn_rate":
            values[name] = check_number(name, value, low=0, high=1, low_open=True)
        else:
            values[name] = check_number(name, value, low=0, low_open=True, cap=MAX_PERIODS if name == "t" else MAX_PARAMETER)
    shown = [n for n in names if not (n == "t" and values[n] == 1.0)]
    label = f"{zh}（{'，'.join(f'{_SYMBOLS[n]} = {values[n]:g}' for n in shown)}）"
    d = Distribution(kind, MappingProxyType(values), kind in _DISCRETE, 0.0, 0.0, label)
    mean, variance = (float(v) for v in d._frozen().stats("mv"))
    return Distribution(kind, MappingProxyType(values), kind in _DISCRETE, mean, variance, label)


@dataclass(frozen=True)
class ChurnLikelihood:
    """The likelihood of one churn probability for a whole cohort (流失概率的似然); see :func:`churn_likelihood`.

    Attributes
    ----------
    churn_rate : float
        The maximum-likelihood estimate θ̂ = ``churned / exposure``.
    loglik : float
        The log-likelihood at θ̂.
    churned, exposure : int
        Customers lost over the periods, and customer-periods at risk (the sum
        of the counts at the start of each period).
    n_customers : int
        The cohort's size.
    table : pandas.DataFrame
        ``churn_rate``, ``log_likelihood`` and ``relative_likelihood`` (the
        likelihood divided by its maximum) over the grid.
    """

    churn_rate: float
    loglik: float
    churned: int
    exposure: int
    n_customers: int
    table: pd.DataFrame

    def log_likelihood(self, churn_rate: float) -> float:
        """The log-likelihood of ``churn_rate`` for this cohort (对数似然).

        Examples
        --------
        >>> fit = churn_likelihood([10, 7, 5, 4])
        >>> round(fit.log_likelihood(0.5), 3), round(fit.log_likelihood(fit.churn_rate), 3)
        (-15.249, -12.891)
        """
        theta = check_number("churn_rate", churn_rate, low=0, high=1, low_open=True, high_open=True)
        return float(self.churned * np.log(theta) + (self.exposure - self.churned) * np.log1p(-theta))


def churn_likelihood(survivors: Any, *, churn_rates: Any = None) -> ChurnLikelihood:
    """Maximum likelihood of one churn probability θ shared by every customer of a cohort (最大似然估计).

    A customer still there at the start of a period leaves in it with probability θ
    and stays with probability 1 − θ, independently of everything else (the
    geometric model). A customer who left in period k contributes θ(1 − θ)^(k−1);
    one still there after the last period contributes (1 − θ)^T. Multiplied over the
    cohort, the log-likelihood is ``churned · log θ + (exposure − churned) · log(1 − θ)``,
    highest at θ̂ = churned / exposure.

    Parameters
    ----------
    survivors : sequence of numbers
        Customers at the start of each period, the first being the cohort's
        size (as for :func:`crmlab.retention.fit_sbg`), e.g. ``[10, 7, 5, 4]``.
    churn_rates : sequence of numbers, optional
        The grid for ``table``, in (0, 1); default 199 points from 0.005 to 0.995.

    Returns
    -------
    ChurnLikelihood

    Examples
    --------
    Ten customers, 3 leave in the first period, 2 in the second, 1 in the third:

    >>> fit = churn_likelihood([10, 7, 5, 4])
    >>> fit.churned, fit.exposure, round(fit.churn_rate, 4)
    (6, 22, 0.2727)
    >>> float(fit.table.loc[fit.table["relative_likelihood"].idxmax(), "churn_rate"])
    0.275
    """
    s = _check_survivors(survivors)
    if not np.allclose(s, np.round(s)):
        raise CrmlabInputError("survivors", "survivors 是人数，必须是整数", "survivors are counts and must be whole numbers")
    churned, exposure = int(s[0] - s[-1]), int(s[:-1].sum())
    if churned == 0 or churned == exposure:
        raise CrmlabInputError(
            "survivors",
            "survivors 中没有客户流失（或每期所有客户都流失）：似然在 θ = 0（或 1）处最大，无法给出 0 与 1 之间的估计",
            "survivors: nobody churned (or everybody did): the likelihood peaks at theta = 0 (or 1)",
        )
    if churn_rates is None:
        grid = np.round(np.linspace(0.005, 0.995, 199), 3)
    else:
        grid = check_numbers("churn_rates", churn_rates, low=0, high=1).to_numpy()
        if ((grid <= 0) | (grid >= 1)).any():
            raise CrmlabInputError("churn_rates", "churn_rates 必须在 (0, 1) 内", "churn_rates must lie in (0, 1)")
    theta = churned / exposure
    loglik = churned * np.log(theta) + (exposure - churned) * np.log1p(-theta)
    curve = churned * np.log(grid) + (exposure - churned) * np.log1p(-grid)
    table = pd.DataFrame({"churn_rate": grid, "log_likelihood": curve, "relative_likelihood": np.exp(curve - loglik)})
    return ChurnLikelihood(float(theta), float(loglik), churned, exposure, int(s[0]), with_terms(table, "distributions"))
