"""crmlab.distributions: the distributions of the customer-base models and one churn likelihood (appendix B)."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlab import CrmlabInputError
from crmlab.distributions import DISTRIBUTIONS, churn_likelihood, distribution
from crmlab.glossary import label_columns


def test_poisson_by_hand():
    table = distribution("poisson", purchase_rate=1.5, t=2).table([0, 1, 4])
    # λt = 3: e^-3, 3 e^-3, 3^4 e^-3 / 4!
    assert table["probability"].tolist() == pytest.approx([math.exp(-3), 3 * math.exp(-3), 81 * math.exp(-3) / 24])
    assert distribution("poisson", purchase_rate=1.5, t=2).mean == pytest.approx(3.0)


def test_geometric_is_chapter_sixs_lifetime():
    d = distribution("geometric", churn_rate=0.2)
    assert (d.mean, d.variance) == pytest.approx((5.0, 20.0))  # 1/θ and (1-θ)/θ²
    table = d.table([1, 2, 3])
    assert table["probability"].tolist() == pytest.approx([0.2, 0.16, 0.128])
    assert table["cumulative"].iloc[-1] == pytest.approx(1 - 0.8**3)


def test_exponential_gamma_beta_by_hand():
    e = distribution("exponential", purchase_rate=0.5)
    assert e.table([2.0])["density"].item() == pytest.approx(0.5 * math.exp(-1))
    g = distribution("gamma", r=2, alpha=3)  # density α^r x^(r-1) e^(-αx) / Γ(r)
    assert g.table([1.0])["density"].item() == pytest.approx(9 * math.exp(-3))
    assert (g.mean, g.variance) == pytest.approx((2 / 3, 2 / 9))
    b = distribution("beta", a=2, b=3)  # x (1-x)^2 / B(2, 3), B(2, 3) = 1/12
    assert b.table([0.5])["density"].item() == pytest.approx(12 * 0.5 * 0.25)
    assert b.mean == pytest.approx(0.4)


def test_nbd_is_the_gamma_mixture_of_poissons():
    """P(X = x) = Γ(r+x) / (Γ(r) x!) (α/(α+t))^r (t/(α+t))^x, the count of BG/NBD before dropout."""
    r, alpha, t = 0.243, 4.414, 39.0
    table = distribution("nbd", r=r, alpha=alpha, t=t).table([0, 1, 2, 5])
    by_hand = [
        math.exp(math.lgamma(r + x) - math.lgamma(r) - math.lgamma(x + 1)) * (alpha / (alpha + t)) ** r * (t / (alpha + t)) ** x
        for x in (0, 1, 2, 5)
    ]
    assert table["probability"].tolist() == pytest.approx(by_hand)
    assert distribution("nbd", r=r, alpha=alpha, t=t).mean == pytest.approx(r * t / alpha)


@pytest.mark.parametrize("kind", list(DISTRIBUTIONS))
def test_every_default_table_is_labelled_and_covers_most_of_the_probability(kind):
    params = {"poisson": dict(purchase_rate=3), "exponential": dict(purchase_rate=2), "gamma": dict(r=0.5, alpha=2),
              "nbd": dict(r=0.5, alpha=2, t=10), "geometric": dict(churn_rate=0.3), "beta": dict(a=0.7, b=1.2)}[kind]  # fmt: skip
    d = distribution(kind, **params)
    table = d.table()
    assert table["cumulative"].iloc[-1] > 0.99 and np.isfinite(table.to_numpy()).all()
    if d.discrete:
        assert table["probability"].sum() == pytest.approx(table["cumulative"].iloc[-1])
    shown = label_columns(table).columns.tolist()
    assert shown[0] == "取值" and shown[-1] == "累计概率"


def test_bad_parameters_say_which():
    with pytest.raises(CrmlabInputError, match="泊松分布的参数是 purchase_rate、t，收到 lam"):
        distribution("poisson", lam=2)
    with pytest.raises(CrmlabInputError, match="几何分布的参数是 churn_rate"):
        distribution("geometric")
    with pytest.raises(CrmlabInputError, match=r"流失率 churn_rate 必须在 \(0, 1\] 内"):
        distribution("geometric", churn_rate=0)
    with pytest.raises(CrmlabInputError, match="kind"):
        distribution("normal", mu=0)
    with pytest.raises(CrmlabInputError, match="values"):
        distribution("poisson", purchase_rate=1).table([0.5])
    with pytest.raises(CrmlabInputError, match="Beta 分布的取值"):
        distribution("beta", a=1, b=1).table([1.5])


def test_churn_likelihood_by_hand():
    fit = churn_likelihood([10, 7, 5, 4])
    # 3 + 2 + 1 = 6 left; 10 + 7 + 5 = 22 customer-periods at risk
    assert (fit.churned, fit.exposure, fit.n_customers) == (6, 22, 10)
    assert fit.churn_rate == pytest.approx(6 / 22)
    # each leaver: θ(1-θ)^(k-1); each of the 4 stayers: (1-θ)^3
    theta = 0.3
    direct = 3 * math.log(theta) + 2 * math.log(theta * 0.7) + 1 * math.log(theta * 0.7**2) + 4 * math.log(0.7**3)
    assert fit.log_likelihood(theta) == pytest.approx(direct)
    assert label_columns(fit.table).columns.tolist() == ["流失概率 θ", "对数似然", "相对似然（似然 / 最大似然）"]


def test_churn_likelihood_agrees_with_a_numerical_maximum():
    from scipy.optimize import minimize_scalar

    survivors = [1000, 631, 468, 382, 326]  # Fader & Hardie's "regular" customers, years 0-4
    fit = churn_likelihood(survivors)
    best = minimize_scalar(lambda th: -fit.log_likelihood(th), bounds=(1e-6, 1 - 1e-6), method="bounded")
    assert best.x == pytest.approx(fit.churn_rate, abs=1e-5)
    assert fit.loglik == pytest.approx(-best.fun)


@given(st.lists(st.integers(0, 50), min_size=1, max_size=6), st.integers(1, 200))
def test_the_estimate_is_the_highest_point_of_the_grid(drops, start):
    survivors = [start]
    for d in drops:
        survivors.append(max(survivors[-1] - d, 0))
    churned, exposure = start - survivors[-1], sum(survivors[:-1])
    if churned == 0 or churned == exposure:
        with pytest.raises(CrmlabInputError, match="survivors"):
            churn_likelihood(survivors)
        return
    fit = churn_likelihood(survivors)
    assert fit.loglik >= fit.table["log_likelihood"].max() - 1e-9
    assert 0 < fit.churn_rate < 1 and fit.table["relative_likelihood"].max() <= 1 + 1e-12


def test_churn_likelihood_refuses_bad_cohorts():
    with pytest.raises(CrmlabInputError, match="不能增加"):
        churn_likelihood([10, 12])
    with pytest.raises(CrmlabInputError, match="整数"):
        churn_likelihood([10, 7.5])
    with pytest.raises(CrmlabInputError, match="没有客户流失"):
        churn_likelihood([10, 10, 10])
    with pytest.raises(CrmlabInputError, match="churn_rates"):
        churn_likelihood([10, 7], churn_rates=[0.0, 0.5])
