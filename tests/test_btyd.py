"""crmlab.btyd: summaries, BG/NBD and Gamma-Gamma against hand computations, published results,
independent computations (numerical integration, 50-digit values), simulations, and lifetimes."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats
from scipy.optimize import check_grad

from crmlab import CrmlabInputError
from crmlab import btyd as B
from crmlab.btyd._bgnbd import _bgnbd_objective
from crmlab.btyd._gamma_gamma import _gg_ll, _gg_objective
from crmlab.datasets import btyd_published, load_cdnow, load_cdnow_summary

# as printed: Fader, Hardie & Lee (2005), section 5; Fader & Hardie (2013), the Gamma-Gamma note (data/README.md)
_PUBLISHED = btyd_published().set_index(["model", "parameter"])["value"]
PUBLISHED_BGNBD = {k: _PUBLISHED["BG/NBD", k] for k in ("r", "alpha", "a", "b")}
PUBLISHED_LL = _PUBLISHED["BG/NBD", "loglik"]
PUBLISHED_GG = {k: _PUBLISHED["Gamma-Gamma", k] for k in ("p", "q", "gamma")}

FIT = B.BGNBDFit(r=0.243, alpha=4.414, a=0.793, b=2.426, loglik=0.0, n_customers=1)


def _log():
    return pd.DataFrame(
        {
            "customer_id": ["b", "a", "a", "a", "a", "c"],
            "date": ["2024-01-03", "2024-01-01", "2024-01-01", "2024-01-08", "2024-01-22", "2024-02-10"],
            "amount": [7.0, 10.0, 5.0, 20.0, 40.0, 9.0],
        }
    )


@pytest.fixture(scope="module")
def cdnow():
    t = load_cdnow("sample")
    ch = B.calibration_holdout(t, customer="sample_id", calibration_end="1997-09-30", time_unit="W")
    fit = B.fit_bgnbd(ch["frequency_cal"], ch["recency_cal"], ch["T_cal"])
    gg = B.fit_gamma_gamma(ch["frequency_cal"], ch["monetary_value_cal"])
    return t, ch, fit, gg


# ------------------------------------------------------------------ summaries


def test_summary_by_hand():
    log = _log()
    before = log.copy()
    s = B.btyd_summary(log, as_of="2024-01-31")
    assert log.equals(before)  # the caller's frame is not modified
    assert s.index.tolist() == ["a", "b"]  # c bought after as_of
    # a: days 0 (10 + 5 on one day), 7, 21 -> 2 repeat days, recency 21, T 30, mean repeat spend (20 + 40) / 2
    assert s.loc["a"].tolist() == [2.0, 21.0, 30.0, 30.0]
    assert s.loc["b"].tolist() == [0.0, 0.0, 28.0, 0.0]
    assert s.attrs["excluded_rows"] == 1 and s.attrs["excluded_customers"] == 1
    assert "1 行交易晚于 as_of" in s.attrs["note"] and "1 位客户此时还没有购买" in s.attrs["note"]
    assert s.attrs["unit_days"] == 1.0


def test_summary_units():
    log = _log()
    weeks = B.btyd_summary(log, as_of="2024-01-31", period="W", time_unit="W")
    # 2024-01-01 is a Monday: a bought in weeks 0, 1 and 3; as_of falls in week 4
    assert weeks.loc["a", ["frequency", "recency", "T"]].tolist() == [2.0, 3.0, 4.0]
    scaled = B.btyd_summary(log, as_of="2024-01-31", time_unit="W")
    assert scaled.loc["a", "recency"] == pytest.approx(3.0) and scaled.loc["a", "T"] == pytest.approx(30 / 7)
    assert scaled.attrs["unit_days"] == 7.0
    months = B.btyd_summary(log, as_of="2024-03-31", period="M", time_unit="M")
    assert months.loc["a", ["frequency", "recency", "T"]].tolist() == [0.0, 0.0, 2.0]  # all of a's purchases in January
    assert months.loc["a", "monetary_value"] == 0.0
    assert months.loc["c", "T"] == 1.0
    assert "monetary_value" not in B.btyd_summary(log, amount=None).columns


def test_summary_reproduces_the_published_cdnow_summary():
    s = B.btyd_summary(load_cdnow("sample"), customer="sample_id", as_of="1997-09-30", time_unit="W")
    published = load_cdnow_summary().set_index("sample_id")
    assert s.index.tolist() == published.index.tolist()
    assert s["frequency"].tolist() == published["frequency"].tolist()
    np.testing.assert_array_equal(s["recency"].round(2), published["recency"])
    np.testing.assert_array_equal(s["T"].round(2), published["T"])
    assert s.attrs["excluded_rows"] == 1959


def test_summary_errors():
    with pytest.raises(CrmlabInputError, match="period"):
        B.btyd_summary(_log(), period="Q")
    with pytest.raises(CrmlabInputError, match="time_unit"):
        B.btyd_summary(_log(), time_unit=0)
    with pytest.raises(CrmlabInputError, match="参数 time_scaler 已改名.*time_unit"):
        B.btyd_summary(_log(), time_scaler=7)
    with pytest.raises(CrmlabInputError, match="参数 freq 已改名"):
        B.calibration_holdout(_log(), calibration_end="2024-01-15", freq="D")
    with pytest.raises(CrmlabInputError, match="负数"):
        B.btyd_summary(_log().assign(amount=[-1.0, 1, 1, 1, 1, 1]))
    with pytest.raises(CrmlabInputError, match="空表"):
        B.btyd_summary(_log().iloc[:0])
    with pytest.raises(CrmlabInputError, match="as_of"):
        B.btyd_summary(_log(), as_of="2023-01-01")
    with pytest.raises(CrmlabInputError, match="customer_id"):
        B.btyd_summary(_log().drop(columns="customer_id"))


def test_calibration_holdout_by_hand():
    log = _log()
    before = log.copy()
    ch = B.calibration_holdout(log, calibration_end="2024-01-10", observation_end="2024-01-31")
    assert log.equals(before)
    assert ch.index.tolist() == ["a", "b"]
    assert ch.loc["a", ["frequency_cal", "recency_cal", "T_cal", "monetary_value_cal"]].tolist() == [1.0, 7.0, 9.0, 20.0]
    assert ch.loc["a", ["frequency_holdout", "monetary_value_holdout", "spend_holdout", "duration_holdout"]].tolist() == [1.0, 40.0, 40.0, 21.0]
    assert ch.loc["b", "frequency_holdout"] == 0.0
    assert ch.attrs["new_customers"] == 0 and "1 行交易晚于 observation_end" in ch.attrs["note"]
    with pytest.raises(CrmlabInputError, match="observation_end"):
        B.calibration_holdout(log, calibration_end="2024-01-10", observation_end="2024-01-05")
    late = B.calibration_holdout(log, calibration_end="2024-01-10")
    assert late.attrs["new_customers"] == 1 and "1 位客户在验证期才首次购买" in late.attrs["note"]


# -------------------------------------------------------------------- BG/NBD


def _integrated_likelihood(r, alpha, a, b, x, tx, t):
    """BG/NBD likelihood of one customer by integrating the individual likelihood over λ and p."""
    log_gamma_norm = r * math.log(alpha) - math.lgamma(r)
    log_beta_norm = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)

    def individual(p, lam):
        value = (1 - p) ** x * lam**x * math.exp(-lam * t)
        if x > 0:
            value += p * (1 - p) ** (x - 1) * lam**x * math.exp(-lam * tx)
        density = math.exp(log_gamma_norm + (r - 1) * math.log(lam) - alpha * lam + log_beta_norm) * p ** (a - 1) * (1 - p) ** (b - 1)
        return value * density

    value, _ = integrate.dblquad(individual, 0, 40, 0, 1, epsabs=1e-12, epsrel=1e-9)
    return value


@pytest.mark.parametrize("x, tx, t", [(0, 0.0, 5.0), (1, 2.0, 5.0), (3, 4.5, 6.0)])
def test_loglik_matches_numerical_integration(x, tx, t):
    params = {"r": 1.5, "alpha": 2.0, "a": 1.3, "b": 2.2}  # parameters with smooth densities for quadrature
    ours = B.bgnbd_loglik(**params, frequency=[x], recency=[tx], T=[t])[0]
    assert ours == pytest.approx(math.log(_integrated_likelihood(*params.values(), x, tx, t)), abs=1e-7)


def _objective_args(x, tx, t, w):
    """The arguments of ``_bgnbd_objective``: frequencies as distinct values and an index, their weights, then the rows."""
    xv, xi = np.unique(x, return_inverse=True)
    return xv, xi, np.bincount(xi, weights=w), tx, t, w


def test_objective_is_the_weighted_loglik():
    x, tx, t, w = np.array([0.0, 1, 2, 5, 30, 1]), np.array([0.0, 3, 10, 20, 38, 1]), np.array([39.0, 39, 30, 25, 39, 2]), np.array([3.0, 1, 1, 2, 1, 4])
    for r, alpha, a, b in ((1.0, 1.0, 1.0, 1.0), (0.24, 4.4, 0.79, 2.4), (3.0, 0.5, 4.0, 0.3)):
        value, _ = _bgnbd_objective(np.log([r, alpha, a, b]), *_objective_args(x, tx, t, w))
        expected = -np.dot(w, B.bgnbd_loglik(r=r, alpha=alpha, a=a, b=b, frequency=x, recency=tx, T=t))
        assert value == pytest.approx(expected, rel=1e-12)


def test_gradients_are_exact():
    x = _objective_args(np.array([0.0, 1, 2, 5, 30]), np.array([0.0, 3, 10, 20, 38]), np.array([39.0, 39, 30, 25, 39]), np.array([3.0, 1, 1, 2, 1]))
    for point in (np.zeros(4), np.log([0.24, 4.4, 0.79, 2.4]), np.log([3.0, 0.5, 4.0, 0.3])):
        err = check_grad(lambda p: _bgnbd_objective(p, *x)[0], lambda p: _bgnbd_objective(p, *x)[1], point)
        assert err < 1e-4 * max(1.0, abs(_bgnbd_objective(point, *x)[0]))
    m = np.array([1.0, 2, 5]), np.array([10.0, 25.5, 70.0]), np.array([2.0, 1, 1])
    for point in (np.zeros(3), np.log([6.0, 3.7, 15.0])):
        err = check_grad(lambda p: _gg_objective(p, *m)[0], lambda p: _gg_objective(p, *m)[1], point)
        assert err < 1e-5 * max(1.0, abs(_gg_objective(point, *m)[0]))


def test_fit_reproduces_fader_hardie_lee_2005():
    s = load_cdnow_summary()
    fit = B.fit_bgnbd(s["frequency"], s["recency"], s["T"])
    assert {k: round(v, 3) for k, v in fit.params.items()} == PUBLISHED_BGNBD
    assert round(fit.loglik, 1) == PUBLISHED_LL
    assert fit.converged and fit.n_customers == 2357
    # standard errors as lifetimes reports them (r 0.0126, alpha 0.378, a 0.186, b 0.705)
    assert fit.std_errors == pytest.approx((0.01256, 0.3782, 0.1857, 0.7053), rel=2e-3)
    table = fit.summary()
    assert table.index.tolist() == ["r", "alpha", "a", "b"]
    assert (table["lower_95"] < table["estimate"]).all() and (table["estimate"] < table["upper_95"]).all()


def test_fit_on_the_unrounded_summary(cdnow):
    fit = cdnow[2]  # from the transactions, not the published summary rounded to 0.01 week
    assert {k: round(v, 3) for k, v in fit.params.items()} == PUBLISHED_BGNBD
    assert fit.loglik == pytest.approx(-9582.429, abs=1e-3)  # the exact maximum, as CLVTools' tests give it


def test_fit_recovers_simulated_parameters():
    truth = {"r": 0.5, "alpha": 6.0, "a": 0.7, "b": 2.5}
    sim = B.simulate_bgnbd(**truth, T=np.repeat([39.0, 52.0, 78.0], 4000), seed=7)
    fit = B.fit_bgnbd(sim["frequency"], sim["recency"], sim["T"])
    for name, value in truth.items():
        error = fit.std_errors[list(truth).index(name)]
        assert abs(fit.params[name] - value) < 4 * error, (name, fit.params[name], error)


def test_expectations_agree_with_simulation():
    params = {"r": 0.8, "alpha": 5.0, "a": 1.2, "b": 3.0}
    fit = B.BGNBDFit(**params, loglik=0.0, n_customers=1)
    sim = B.simulate_bgnbd(**params, T=30.0, n_customers=200_000, seed=3)
    assert sim["frequency"].mean() == pytest.approx(float(fit.expected_purchases(30.0)), rel=0.01)
    shares = np.bincount(sim["frequency"].astype(int), minlength=6)[:6] / len(sim)
    np.testing.assert_allclose(shares, fit.probability_of_purchases(np.arange(6), 30.0), atol=3e-3)
    assert fit.probability_of_purchases(np.arange(400), 30.0).sum() == pytest.approx(1.0, abs=1e-9)
    # P(alive) is calibrated: among simulated customers with the same history, the share alive
    alive = sim["alive"].to_numpy()
    group = (sim["frequency"] == 2) & (sim["recency"] < 10)
    predicted = fit.probability_alive(sim.loc[group, "frequency"], sim.loc[group, "recency"], sim.loc[group, "T"]).mean()
    assert alive[group.to_numpy()].mean() == pytest.approx(predicted, abs=0.02)


def test_heavy_buyers_are_finite_and_exact():
    # values computed independently with mpmath at 50 digits from eq. 10 as printed (no transformation)
    cases = [((300, 39, 39), 205.5427327802811), ((300, 38, 39), 53.17512147242395), ((1000, 500, 500), 75.01422073990993)]
    for (x, tx, t), expected in cases:
        value = FIT.conditional_expected_purchases(39, [x], [tx], [t])[0]
        assert value == pytest.approx(expected, rel=1e-9)
    gone = FIT.conditional_expected_purchases(39, [5000], [1], [1000])
    assert np.isfinite(gone).all() and gone[0] < 1e-100
    assert np.isfinite(FIT.probability_alive([5000], [1], [1000])).all()
    assert np.isfinite(FIT.expected_purchases([1e6]))


def test_one_purchase_customer():
    value = FIT.conditional_expected_purchases(39, [0], [0], [39])[0]
    assert 0 < value < float(FIT.expected_purchases(39))  # a customer silent for 39 weeks buys less than a new one
    assert FIT.probability_alive([0], [0], [39])[0] == 1.0  # in BG/NBD one can only drop out after a repeat purchase


def test_a_equal_to_one_is_continuous():
    base = {"r": 0.5, "alpha": 4.0, "b": 2.0, "loglik": 0.0, "n_customers": 1}
    at_one = B.BGNBDFit(a=1.0, **base)
    near = B.BGNBDFit(a=1.0 + 1e-4, **base)
    assert float(at_one.expected_purchases(20.0)) == pytest.approx(float(near.expected_purchases(20.0)), rel=1e-3)
    assert at_one.conditional_expected_purchases(20.0, [2], [5], [10])[0] == pytest.approx(
        near.conditional_expected_purchases(20.0, [2], [5], [10])[0], rel=1e-3
    )


@settings(max_examples=60, deadline=None)
@given(x=st.integers(1, 50), t=st.floats(1, 100), early=st.floats(0, 1), late=st.floats(0, 1))
def test_alive_rises_with_recency(x, t, early, late):
    low, high = sorted([early * t, late * t])
    p = FIT.probability_alive([x, x], [low, high], [t, t])
    assert 0 <= p[0] <= p[1] + 1e-12 <= 1 + 1e-12


@settings(max_examples=60, deadline=None)
@given(x=st.integers(0, 40), t=st.floats(1, 80), share=st.floats(0, 1), horizon=st.floats(0.5, 100))
def test_conditional_expectation_grows_with_time(x, t, share, horizon):
    tx = share * t if x > 0 else 0.0
    values = FIT.conditional_expected_purchases(np.array([horizon, 2 * horizon]), [x, x], [tx, tx], [t, t])
    assert np.isfinite(values).all() and 0 <= values[0] <= values[1]


def test_rft_errors():
    with pytest.raises(CrmlabInputError, match="recency 不能大于"):
        B.fit_bgnbd([1, 2], [3.0, 50.0], [39.0, 39.0])
    with pytest.raises(CrmlabInputError, match="不能为负数"):
        B.fit_bgnbd([1, -2], [3.0, 5.0], [39.0, 39.0])
    with pytest.raises(CrmlabInputError, match="空的"):
        B.fit_bgnbd([], [], [])
    with pytest.raises(CrmlabInputError, match="整数"):
        B.fit_bgnbd([1.5], [3.0], [39.0])
    with pytest.raises(CrmlabInputError, match="recency 应为 0"):
        B.fit_bgnbd([0], [3.0], [39.0])
    with pytest.raises(CrmlabInputError, match="长度必须相同"):
        B.fit_bgnbd([1, 2], [3.0], [39.0, 39.0])
    with pytest.raises(CrmlabInputError, match="不是数字"):
        B.fit_bgnbd(["2次"], [3.0], [39.0])
    with pytest.raises(CrmlabInputError, match="缺失或无穷大"):
        B.fit_bgnbd([1, np.nan], [3.0, 0.0], [39.0, 39.0])
    with pytest.raises(CrmlabInputError, match=r"summary\['frequency'\]"):
        B.fit_bgnbd(pd.DataFrame({"frequency": [1]}), [3.0], [39.0])
    with pytest.raises(CrmlabInputError, match="预测时长"):
        FIT.conditional_expected_purchases(-1, [1], [3.0], [39.0])
    errors = pd.Series([1.0, 2.0], index=["甲", "乙"])
    with pytest.raises(CrmlabInputError, match="例如 '乙'"):  # names the first offending customer
        B.fit_bgnbd(errors, pd.Series([3.0, 50.0], index=errors.index), [39.0, 39.0])


def test_frequency_histogram_and_holdout_tables(cdnow):
    _, ch, fit, _ = cdnow
    hist = B.frequency_histogram(fit, ch["frequency_cal"], ch["T_cal"])
    assert hist["frequency"].tolist() == ["0", "1", "2", "3", "4", "5", "6", "7+"]
    assert hist["actual"].sum() == 2357 and hist["expected"].sum() == pytest.approx(2357)
    assert hist["actual"].tolist()[:3] == [1411, 439, 214]
    table = B.holdout_by_frequency(fit, ch)
    assert table["customers"].sum() == 2357
    weights = table["customers"] / table["customers"].sum()
    assert (table["actual"] * weights).sum() * 2357 == pytest.approx(ch["frequency_holdout"].sum())
    assert (table["predicted"] * weights).sum() * 2357 == pytest.approx(
        fit.conditional_expected_purchases(39.0, ch["frequency_cal"], ch["recency_cal"], ch["T_cal"]).sum()
    )


def test_tracking_table(cdnow):
    t, ch, fit, _ = cdnow
    tr = B.tracking_table(t, fit, customer="sample_id", time_unit="W", calibration_end="1997-09-30")
    assert len(tr) == 78 and tr["end"].iloc[-1] == pd.Timestamp("1998-06-30")  # Fader, Hardie & Lee's 78 weeks
    assert tr.loc[tr["calibration"], "actual"].sum() == ch["frequency_cal"].sum() == 2457
    assert tr["actual"].sum() == 2457 + ch["frequency_holdout"].sum()
    # at the end of calibration, the expected cumulative count is Σ E[X(T_i)] over customers
    end = tr.loc[tr["calibration"], "expected_cumulative"].iloc[-1]
    assert end == pytest.approx(fit.expected_purchases(ch["T_cal"].to_numpy()).sum(), rel=1e-12)


def test_tracking_totals(cdnow):
    t, ch, fit, _ = cdnow
    totals = B.tracking_totals(B.tracking_table(t, fit, customer="sample_id", time_unit="W", calibration_end="1997-09-30"))
    assert totals.loc["calibration", "actual"] == 2457 and totals.loc["holdout", "actual"] == ch["frequency_holdout"].sum()
    assert totals.loc["holdout", "error"] == pytest.approx(totals.loc["holdout", "expected"] / totals.loc["holdout", "actual"] - 1)


def test_frequency_recency_matrix():
    m = B.frequency_recency_matrix(FIT, T=39, kind="alive", max_frequency=5, recency_points=5)
    assert m.shape == (6, 5) and np.isnan(m.iloc[0, 1:]).all() and m.iloc[0, 0] == 1.0
    assert (np.diff(m.iloc[1:].to_numpy(), axis=1) > 0).all()  # more recent last purchase, more likely alive
    p = B.frequency_recency_matrix(FIT, T=39, t=10, max_frequency=5, recency_points=5)
    assert p.iloc[3, 2] == pytest.approx(FIT.conditional_expected_purchases(10, [3], [19.5], [39])[0])
    with pytest.raises(CrmlabInputError, match="kind"):
        B.frequency_recency_matrix(FIT, T=39, kind="money")


def test_customer_forecast():
    f = B.customer_forecast(FIT, frequency=3, recency=13, T=39, t=52)
    assert f.probability_alive == pytest.approx(FIT.probability_alive([3], [13], [39])[0])
    assert f.expected_purchases == pytest.approx(f.probability_alive * f.if_alive)
    with pytest.raises(CrmlabInputError, match="recency"):
        B.customer_forecast(FIT, frequency=3, recency=50, T=39, t=52)
    gone = B.customer_forecast(FIT, frequency=5000, recency=1, T=1000, t=52)  # P(alive) underflows to 0
    assert gone.probability_alive == 0.0 and gone.expected_purchases == 0.0 and np.isfinite(gone.if_alive) and gone.if_alive > 0
    assert FIT.purchases_per_year("W") == pytest.approx(0.243 / 4.414 * 365.25 / 7)
    assert FIT.purchases_per_year("D") == pytest.approx(7 * FIT.purchases_per_year("W"))


# --------------------------------------------------------------- Gamma-Gamma


def test_gamma_gamma_loglik_matches_numerical_integration():
    p, q, g = 3.0, 4.0, 10.0
    x, m = 3, 4.2

    def integrand(nu):  # density of the mean of x Gamma(p, ν) spends, times the Gamma(q, γ) density of ν
        return stats.gamma.pdf(m, p * x, scale=1 / (nu * x)) * stats.gamma.pdf(nu, q, scale=1 / g)

    value, _ = integrate.quad(integrand, 0, np.inf, epsabs=1e-14)
    assert B.gamma_gamma_loglik(p=p, q=q, gamma=g, frequency=[x], monetary_value=[m])[0] == pytest.approx(math.log(value), abs=1e-8)


def test_gamma_gamma_reproduces_fader_hardie_lee_2005b(cdnow):
    _, ch, _, gg = cdnow
    assert {k: round(v, 2) for k, v in gg.params.items()} == PUBLISHED_GG
    assert gg.loglik == pytest.approx(-4055.9177, abs=1e-4)  # the exact maximum, as CLVTools' tests give it
    assert gg.n_customers == 946 and gg.n_excluded == 1411 and gg.converged
    assert gg.mean_spend == pytest.approx(gg.p * gg.gamma / (gg.q - 1))
    corr = B.spend_frequency_correlation(ch["frequency_cal"], ch["monetary_value_cal"])
    assert round(corr.correlation, 2) == 0.11 and corr.acceptable and corr.n_customers == 946
    assert "近似独立" in corr.verdict


def test_conditional_spend_by_hand():
    gg = B.GammaGammaFit(p=6.0, q=4.0, gamma=15.0, loglik=0.0, n_customers=1)
    spend = gg.conditional_expected_spend([0, 1, 10], [0.0, 50.0, 50.0])
    population = 6 * 15 / 3
    assert spend.tolist() == pytest.approx([population, (15 + 50) * 6 / (6 + 3), (15 + 500) * 6 / (60 + 3)])
    # a weighted average of the population mean and the customer's own mean
    w = 3 / (6 * 10 + 3)
    assert spend[2] == pytest.approx(w * population + (1 - w) * 50)
    assert gg.population_weight([0, 10]).tolist() == pytest.approx([1.0, w])


def test_gamma_gamma_recovers_simulated_parameters():
    truth = {"p": 4.0, "q": 5.0, "gamma": 20.0}
    x = np.random.default_rng(0).integers(1, 12, 6000).astype(float)
    m = B.simulate_gamma_gamma(**truth, frequency=x, seed=11)
    gg = B.fit_gamma_gamma(x, m)
    for k, (name, value) in enumerate(truth.items()):
        assert abs(gg.params[name] - value) < 4 * gg.std_errors[k], (name, gg.params[name])


def test_gamma_gamma_errors():
    with pytest.raises(CrmlabInputError, match="必须大于 0"):
        B.fit_gamma_gamma([1, 2, 3], [10.0, 0.0, 5.0])
    with pytest.raises(CrmlabInputError, match="至少需要两位"):
        B.fit_gamma_gamma([0, 2], [0.0, 5.0])
    with pytest.raises(CrmlabInputError, match="不能为负数"):
        B.fit_gamma_gamma([1, 2], [-10.0, 5.0])
    with pytest.raises(CrmlabInputError, match="q = 0.5"):
        _ = B.GammaGammaFit(p=1.0, q=0.5, gamma=1.0, loglik=0.0, n_customers=1).mean_spend
    with pytest.raises(CrmlabInputError, match="三位"):
        B.spend_frequency_correlation([1, 2], [3.0, 4.0])


# ----------------------------------------------------------------------- CLV

GG = B.GammaGammaFit(p=6.0, q=4.0, gamma=15.0, loglik=0.0, n_customers=1)
ONE = pd.DataFrame({"frequency": [2.0], "recency": [30.0], "T": [39.0], "monetary_value": [25.0]})


def test_clv_by_direct_summation():
    out = B.customer_lifetime_value(ONE, bgnbd=FIT, gamma_gamma=GG, time_unit="W", horizon=2, discount_rate=0.1, margin=0.3)
    weeks_per_month = 365.25 / 12 / 7
    cumulative = [FIT.conditional_expected_purchases(k * weeks_per_month, [2], [30], [39])[0] for k in range(0, 25)]
    spend = (15 + 50) * 6 / (12 + 3)
    expected = sum(0.3 * spend * (cumulative[k] - cumulative[k - 1]) / 1.1 ** (k / 12) for k in range(1, 25))
    assert out["clv"].iloc[0] == pytest.approx(expected, rel=1e-12)
    assert out["expected_purchases"].iloc[0] == pytest.approx(cumulative[24])
    assert out["expected_spend"].iloc[0] == pytest.approx(spend)


def test_clv_partial_last_step():
    short = B.customer_lifetime_value(ONE, bgnbd=FIT, gamma_gamma=GG, time_unit="W", horizon=39 * 7 / 365.25, discount_rate=0.0)
    assert short["expected_purchases"].iloc[0] == pytest.approx(FIT.conditional_expected_purchases(39, [2], [30], [39])[0])
    assert short["clv"].iloc[0] == pytest.approx(short["expected_purchases"].iloc[0] * short["expected_spend"].iloc[0])


def test_clv_is_the_same_in_days_and_weeks(cdnow):
    t = cdnow[0]
    results = []
    for scaler, unit in ((1, "D"), (7, "W")):
        s = B.btyd_summary(t, customer="sample_id", as_of="1997-09-30", time_unit=unit)
        fit = B.fit_bgnbd(s["frequency"], s["recency"], s["T"])
        gg = B.fit_gamma_gamma(s["frequency"], s["monetary_value"])
        results.append(B.customer_lifetime_value(s, bgnbd=fit, gamma_gamma=gg, time_unit=unit, horizon=1, discount_rate=0.1)["clv"])
    np.testing.assert_allclose(results[0], results[1], rtol=1e-4)
    assert results[0].index.equals(results[1].index)


def test_clv_guards_the_time_unit(cdnow):
    _, ch, fit, gg = cdnow
    with pytest.raises(CrmlabInputError, match="时间单位不一致"):
        B.customer_lifetime_value(ch, bgnbd=fit, gamma_gamma=gg, time_unit="D", horizon=1, discount_rate=0.1)
    bare = ch.copy()
    bare.attrs.clear()
    wrong = B.customer_lifetime_value(bare, bgnbd=fit, gamma_gamma=gg, time_unit="D", horizon=1, discount_rate=0.1)
    right = B.customer_lifetime_value(ch, bgnbd=fit, gamma_gamma=gg, time_unit="W", horizon=1, discount_rate=0.1)
    assert wrong["clv"].sum() > 3 * right["clv"].sum()  # weeks read as days: one year becomes seven


def test_clv_errors():
    common = {"bgnbd": FIT, "gamma_gamma": GG, "time_unit": "W", "discount_rate": 0.1}
    with pytest.raises(CrmlabInputError, match="horizon"):
        B.customer_lifetime_value(ONE, **common, horizon=0)
    with pytest.raises(CrmlabInputError, match="time_unit"):
        B.customer_lifetime_value(ONE, **{**common, "time_unit": "fortnight"}, horizon=1)
    with pytest.raises(CrmlabInputError, match="margin"):
        B.customer_lifetime_value(ONE, **common, horizon=1, margin=1.5)
    with pytest.raises(CrmlabInputError, match="缺少列"):
        B.customer_lifetime_value(ONE.drop(columns="monetary_value"), **common, horizon=1)
    with pytest.raises(CrmlabInputError, match="fit_bgnbd"):
        B.customer_lifetime_value(ONE, **{**common, "bgnbd": "fit"}, horizon=1)


@settings(max_examples=40, deadline=None)
@given(d=st.floats(0, 0.5), extra=st.floats(0.01, 0.5), years=st.integers(1, 8), margin=st.floats(0.05, 1))
def test_clv_moves_the_right_way(d, extra, years, margin):
    common = {"bgnbd": FIT, "gamma_gamma": GG, "time_unit": "W"}
    base = B.customer_lifetime_value(ONE, **common, horizon=years, discount_rate=d, margin=margin)["clv"].iloc[0]
    assert B.customer_lifetime_value(ONE, **common, horizon=years, discount_rate=d + extra, margin=margin)["clv"].iloc[0] < base
    assert B.customer_lifetime_value(ONE, **common, horizon=years + 1, discount_rate=d, margin=margin)["clv"].iloc[0] > base
    full = B.customer_lifetime_value(ONE, **common, horizon=years, discount_rate=d, margin=1.0)["clv"].iloc[0]
    assert base == pytest.approx(margin * full)


def test_simple_formula_and_comparisons():
    two = pd.DataFrame({"frequency": [2.0, 2.0], "recency": [38.0, 4.0], "T": [39.0, 39.0], "monetary_value": [20.0, 20.0]})
    simple = B.simple_clv(two, time_unit="W", churn_rate=0.2, discount_rate=0.1, horizon=5)
    annual = 2 / 39 * 365.25 / 7 * 20
    assert simple["annual_revenue"].tolist() == pytest.approx([annual, annual])
    assert simple["clv"].iloc[0] == pytest.approx(annual * sum(0.8**k / 1.1**k for k in range(1, 6)))
    model = B.customer_lifetime_value(two, bgnbd=FIT, gamma_gamma=GG, time_unit="W", horizon=5, discount_rate=0.1)
    assert model["clv"].iloc[0] > 5 * model["clv"].iloc[1]  # the model tells them apart; the formula cannot
    naive = B.run_rate_forecast(two["frequency"], two["recency"], two["T"], two["monetary_value"], duration=39)
    assert naive.tolist() == pytest.approx([40.0, 40.0])
    churned = B.run_rate_forecast([2], [38], [39], [20.0], duration=52, churn_rate=0.2)[0]
    h = -math.log(0.8) / 52
    assert churned == pytest.approx(2 / 39 * 52 * 20 * (1 - math.exp(-h * 52)) / (h * 52))
    acc = B.compare_forecasts([10.0, 0.0], {"好": [9.0, 1.0], "差": [0.0, 10.0]})
    assert acc.loc["好", "mae"] == 1.0 and acc.loc["差", "correlation"] == pytest.approx(-1.0)
    assert acc.loc["好", "total_error"] == 0.0
    seg = B.segment_comparison(pd.Series(["x", "y", "x"], index=[1, 2, 3]), pd.DataFrame({"v": [1.0, 2.0, 5.0]}, index=[1, 2, 4]))
    assert seg.loc["x", "customers"] == 1 and seg.attrs["unmatched"] == 2


# ---------------------------------------------------------- lifetimes cross-check


def _lifetimes():
    return pytest.importorskip("lifetimes", reason="lifetimes needs pandas < 3: .ci/run runs this cross-check in its second environment")


def test_summary_matches_lifetimes_on_cdnow_by_day_and_week():
    lifetimes = _lifetimes()
    master = load_cdnow()
    for freq in ("D", "W"):
        theirs = lifetimes.utils.summary_data_from_transaction_data(master, "customer_id", "date", monetary_value_col="amount", freq=freq)
        ours = B.btyd_summary(master, period=freq, time_unit=freq)
        assert ours.index.tolist() == theirs.index.tolist()
        for column in theirs.columns:
            np.testing.assert_allclose(ours[column], theirs[column], rtol=1e-12, atol=1e-9, err_msg=f"{freq} {column}")


def test_calibration_holdout_and_models_match_lifetimes(cdnow):
    lifetimes = _lifetimes()
    t, ch, fit, gg = cdnow
    theirs = lifetimes.utils.calibration_and_holdout_data(
        t, "sample_id", "date", calibration_period_end="1997-09-30", observation_period_end="1998-06-30",
        freq="D", freq_multiplier=7, monetary_value_col="amount",
    )  # fmt: skip
    for column in ("frequency_cal", "recency_cal", "T_cal", "monetary_value_cal", "frequency_holdout", "duration_holdout"):
        np.testing.assert_allclose(ch[column], theirs[column], rtol=1e-12, atol=1e-9, err_msg=column)
    bgf = lifetimes.BetaGeoFitter().fit(theirs["frequency_cal"], theirs["recency_cal"], theirs["T_cal"])
    assert list(fit.params.values()) == pytest.approx(bgf.params_.tolist(), rel=1e-4)
    theirs_ll = B.bgnbd_loglik(**dict(bgf.params_), frequency=theirs["frequency_cal"], recency=theirs["recency_cal"], T=theirs["T_cal"]).sum()
    assert fit.loglik >= theirs_ll - 1e-6  # our maximum is at least as high
    same = B.BGNBDFit(**dict(bgf.params_), loglik=0.0, n_customers=1)
    args = (theirs["frequency_cal"], theirs["recency_cal"], theirs["T_cal"])
    np.testing.assert_allclose(same.conditional_expected_purchases(39, *args),
                               bgf.conditional_expected_number_of_purchases_up_to_time(39, *args), rtol=1e-8)  # fmt: skip
    np.testing.assert_allclose(same.probability_alive(*args), bgf.conditional_probability_alive(*args), rtol=1e-8)
    np.testing.assert_allclose(same.expected_purchases([1.0, 39.0, 78.0]), bgf.expected_number_of_purchases_up_to_time(np.array([1.0, 39.0, 78.0])), rtol=1e-8)
    repeat = theirs[theirs["frequency_cal"] > 0]
    ggf = lifetimes.GammaGammaFitter().fit(repeat["frequency_cal"], repeat["monetary_value_cal"])
    assert list(gg.params.values()) == pytest.approx(ggf.params_.tolist(), rel=2e-3)
    assert gg.loglik >= float(np.sum(_gg_ll(*ggf.params_.tolist(), repeat["frequency_cal"].to_numpy(), repeat["monetary_value_cal"].to_numpy()))) - 1e-6
    gg_same = B.GammaGammaFit(p=ggf.params_["p"], q=ggf.params_["q"], gamma=ggf.params_["v"], loglik=0.0, n_customers=1)
    np.testing.assert_allclose(gg_same.conditional_expected_spend(theirs["frequency_cal"], theirs["monetary_value_cal"]),
                               ggf.conditional_expected_average_profit(theirs["frequency_cal"], theirs["monetary_value_cal"]), rtol=1e-10)  # fmt: skip
    # lifetimes' CLV: months of 4.345 weeks, a monthly discount rate; ours with the same month length and the equivalent annual rate
    theirs_clv = ggf.customer_lifetime_value(bgf, *args, theirs["monetary_value_cal"], time=12, discount_rate=0.01, freq="W")
    summary = pd.DataFrame({"frequency": args[0], "recency": args[1], "T": args[2], "monetary_value": theirs["monetary_value_cal"]})
    ours_clv = B.customer_lifetime_value(summary, bgnbd=same, gamma_gamma=gg_same, time_unit=365.25 / 12 / 4.345,
                                         horizon=1, discount_rate=1.01**12 - 1)  # fmt: skip
    np.testing.assert_allclose(ours_clv["clv"], theirs_clv, rtol=1e-8)


# ------------------------------------------------- comparison tables of chapter 10


def test_matches_published_by_hand():
    ours = pd.DataFrame({"frequency_cal": [2.0, 0.0], "recency_cal": [30.4286, 0.0], "T_cal": [38.857, 38.857]}, index=[1, 2])
    paper = pd.DataFrame({"frequency": [0.0, 2.0], "recency": [0.0, 30.43], "T": [38.86, 38.86]}, index=[2, 1])
    assert B.matches_published(ours, paper) is True
    assert B.matches_published(ours, paper.assign(recency=[0.0, 30.42])) is False
    assert B.matches_published(ours, paper, decimals=1) is False  # 38.9 vs 38.86
    with pytest.raises(CrmlabInputError, match="1 位只在 published"):
        B.matches_published(ours, pd.concat([paper, paper.iloc[[0]].set_axis([3])]))


def test_matches_published_on_cdnow():
    cdnow = load_cdnow("sample")
    ch = B.calibration_holdout(cdnow, customer="sample_id", calibration_end="1997-09-30", time_unit="W")
    assert B.matches_published(ch, load_cdnow_summary().set_index("sample_id"))


def test_published_comparison():
    fit = B.BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
    t = B.published_comparison(fit)
    p = btyd_published().set_index(["model", "parameter"])["value"]
    assert t.columns.tolist() == ["estimate", "std_error", "published"] and t.index.tolist() == ["r", "alpha", "a", "b"]
    assert t.loc["b", "published"] == p["BG/NBD", "b"] and t.attrs["published_loglik"] == p["BG/NBD", "loglik"]
    gg = B.fit_gamma_gamma([1, 2, 3, 1, 4], [10.0, 20.0, 15.0, 30.0, 12.0])
    assert B.published_comparison(gg).loc["gamma", "published"] == p["Gamma-Gamma", "gamma"]
    with pytest.raises(CrmlabInputError, match="fit_bgnbd"):
        B.published_comparison("fit")


def test_holdout_by_segment_by_hand():
    idx = [1, 2, 3]
    value = pd.DataFrame({"probability_alive": [0.9, 0.2, 0.7], "clv": [30.0, 1.0, 10.0]}, index=idx)
    holdout = pd.DataFrame({"clv": [12.0, 0.5, 4.0]}, index=idx)
    summary = pd.DataFrame({"spend_holdout": [10.0, 0.0, 6.0]}, index=idx)
    t = B.holdout_by_segment(pd.Series(["A", "B", "A"], index=idx), value, holdout, summary)
    assert t.columns.tolist() == ["customers", "probability_alive", "clv", "predicted_holdout", "spend_holdout"]
    assert t.loc["A"].tolist() == pytest.approx([2, 0.8, 20.0, 8.0, 8.0])
    with pytest.raises(CrmlabInputError, match="holdout_value"):
        B.holdout_by_segment(pd.Series(["A"], index=[1]), value, holdout.iloc[:2], summary)


def test_largest_gaps_by_hand():
    idx = [1, 2, 3]
    summary = pd.DataFrame({"frequency_cal": [5.0, 1.0, 0.0], "recency_cal": [30.0, 2.0, 0.0],
                            "T_cal": [39.0, 39.0, 39.0], "spend_holdout": [0.0, 20.0, 0.0]}, index=idx)
    simple = pd.DataFrame({"clv": [300.0, 50.0, 10.0]}, index=idx)
    value = pd.DataFrame({"clv": [40.0, 45.0, 9.0], "probability_alive": [0.1, 0.9, 1.0]}, index=idx)
    gaps = B.largest_gaps(summary, simple, value, n=3)  # gaps 260, 5, 1
    assert gaps.index.tolist() == [1, 2, 3] and gaps["simple_clv"].tolist() == [300.0, 50.0, 10.0]
    assert gaps.attrs["no_holdout_spend"] == 2
    assert gaps.columns.tolist() == ["frequency_cal", "recency_cal", "T_cal", "spend_holdout", "simple_clv", "model_clv",
                                     "probability_alive"]
    with pytest.raises(CrmlabInputError, match="n"):
        B.largest_gaps(summary, simple, value, n=0)
    with pytest.raises(CrmlabInputError, match="simple"):
        B.largest_gaps(summary, simple.iloc[:2], value)


def test_customer_forecasts_match_one_by_one():
    fit = B.BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
    s = pd.DataFrame({"frequency": [3.0, 0.0], "recency": [13.0, 0.0], "T": [39.0, 39.0]}, index=pd.Index(["甲", "乙"], name="id"))
    t = B.customer_forecasts(fit, s, ["乙", "甲"], t=52)
    assert t.index.tolist() == ["乙", "甲"] and t.index.name == "id"
    one = B.customer_forecast(fit, frequency=3, recency=13, T=39, t=52)
    assert t.loc["甲", "expected_purchases"] == pytest.approx(one.expected_purchases)
    with pytest.raises(CrmlabInputError, match="丙"):
        B.customer_forecasts(fit, s, ["丙"], t=52)


def test_top_customers_by_hand():
    s = pd.DataFrame({"frequency_cal": [1.0, 5.0, 2.0], "recency_cal": [3.0, 30.0, 9.0], "T_cal": [39.0] * 3,
                      "monetary_value_cal": [20.0, 40.0, 10.0], "spend_holdout": [0.0, 5.0, 1.0]}, index=[1, 2, 3])
    value = pd.DataFrame({"clv": [15.0, 90.0, 30.0], "probability_alive": [0.5, 0.9, 0.7]}, index=[1, 2, 3])
    top = B.top_customers(s, value, n=2)
    assert top.index.tolist() == [2, 3]
    assert top.columns.tolist() == ["frequency_cal", "recency_cal", "T_cal", "monetary_value_cal", "clv", "probability_alive"]
    with pytest.raises(CrmlabInputError, match="value"):
        B.top_customers(s, value.iloc[:2])
# ------------------------------------------- heavy buyers against 50-digit mpmath (issue 10)


def _mpmath_reference():
    """The generator of tests/data/bgnbd_mpmath.csv (eq. 10 as printed, mpmath at 50 digits and more)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).with_name("data") / "bgnbd_mpmath.py"
    spec = importlib.util.spec_from_file_location("bgnbd_mpmath", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, pd.read_csv(path.with_suffix(".csv"))


def test_conditional_expectation_matches_mpmath_on_a_grid_of_heavy_buyers_and_long_horizons():
    _, grid = _mpmath_reference()
    assert grid["frequency"].max() == 10_000 and (grid["t"] / grid["T"]).max() == 100
    for (r, alpha, a, b), rows in grid.groupby(["r", "alpha", "a", "b"]):
        fit = B.BGNBDFit(r=r, alpha=alpha, a=a, b=b, loglik=0.0, n_customers=1)
        ours = fit.conditional_expected_purchases(rows["t"].to_numpy(), rows["frequency"], rows["recency"], rows["T"])
        assert np.isfinite(ours).all()
        np.testing.assert_allclose(ours, rows["expected"], rtol=1e-8, err_msg=f"r={r}, alpha={alpha}, a={a}, b={b}")


def test_the_mpmath_reference_is_what_its_generator_computes():
    pytest.importorskip("mpmath")
    module, grid = _mpmath_reference()
    for row in grid[grid["frequency"] <= 98].sample(12, random_state=1).itertuples():  # the fast ones
        value = module.conditional_expectation(row.r, row.alpha, row.a, row.b, row.frequency, row.recency, row.T, row.t)
        assert float(value) == pytest.approx(row.expected, rel=1e-15)


def test_heavy_buyer_of_the_issue_is_finite_and_exact():
    module, _ = _mpmath_reference()
    s = load_cdnow_summary()
    fit = B.fit_bgnbd(s["frequency"], s["recency"], s["T"])
    value = fit.conditional_expected_purchases(104, [98], [38], [39])[0]
    expected = module.conditional_expectation(fit.r, fit.alpha, fit.a, fit.b, 98, 38, 39, 104)
    assert value == pytest.approx(float(expected), rel=1e-10)
    forecast = B.customer_forecast(fit, frequency=300, recency=39, T=39, t=520)
    assert all(np.isfinite([forecast.probability_alive, forecast.expected_purchases, forecast.if_alive]))
    # a 10-year weekly CLV of a customer with 300 repeat purchases (the issue's NaN)
    heavy = pd.DataFrame({"frequency": [300.0, 2.0], "recency": [38.0, 30.0], "T": [39.0, 39.0], "monetary_value": [20.0, 25.0]})
    gg = B.GammaGammaFit(p=6.25, q=3.74, gamma=15.44, loglik=0.0, n_customers=1)
    clv = B.customer_lifetime_value(heavy, bgnbd=fit, gamma_gamma=gg, time_unit="W", horizon=10, discount_rate=0.1)
    assert np.isfinite(clv.to_numpy()).all() and clv["clv"].iloc[0] > 10 * clv["clv"].iloc[1]
    exact = module.conditional_expectation(fit.r, fit.alpha, fit.a, fit.b, 300, 38, 39, 10 * 365.25 / 7)
    assert clv["expected_purchases"].iloc[0] == pytest.approx(float(exact), rel=1e-9)


def test_expectations_are_continuous_at_a_equal_to_one_and_finite_for_huge_horizons():
    base = {"r": 0.5, "alpha": 4.0, "b": 2.0, "loglik": 0.0, "n_customers": 1}
    at_one = B.BGNBDFit(a=1.0, **base)
    near = B.BGNBDFit(a=1.0 + 1e-9, **base)
    for x, t in ((0, 500.0), (2, 5000.0), (50, 5000.0)):
        assert at_one.conditional_expected_purchases(t, [x], [10.0 if x else 0.0], [10.0])[0] == pytest.approx(
            near.conditional_expected_purchases(t, [x], [10.0 if x else 0.0], [10.0])[0], rel=1e-7
        )
    huge = FIT.expected_purchases([1e4, 1e6, 1e9])
    assert np.isfinite(huge).all() and (np.diff(huge) > 0).all()
    unusual = B.BGNBDFit(r=0.5, alpha=2.0, a=0.5, b=0.5, loglik=0.0, n_customers=1)  # a + b = 1: 2F1 has c = 0
    assert np.isfinite(unusual.expected_purchases([1.0, 100.0, 1e4])).all()


# ------------------------------------------------- fits built by hand, unidentifiable fits (issue 10)


@pytest.mark.parametrize(
    "cls, fields, name",
    [(B.BGNBDFit, {"r": -1.0}, "r"), (B.BGNBDFit, {"alpha": 0.0}, "alpha"), (B.BGNBDFit, {"b": math.inf}, "b"),
     (B.BGNBDFit, {"a": math.nan}, "a"), (B.GammaGammaFit, {"p": -1.0}, "p"), (B.GammaGammaFit, {"gamma": 0.0}, "gamma")],
)  # fmt: skip
def test_fits_built_by_hand_are_checked(cls, fields, name):
    base = {"r": 0.25, "alpha": 4.0, "a": 0.8, "b": 2.5} if cls is B.BGNBDFit else {"p": 6.0, "q": 4.0, "gamma": 15.0}
    with pytest.raises(CrmlabInputError, match=rf"模型参数 {name} 必须是大于 0 的有限数，收到 .*\({'.*'} parameter {name} must be"):
        cls(**{**base, **fields}, loglik=0.0, n_customers=1)


def test_other_fields_of_a_fit_are_checked():
    base = {"r": 0.25, "alpha": 4.0, "a": 0.8, "b": 2.5, "loglik": 0.0, "n_customers": 1}
    with pytest.raises(CrmlabInputError, match="必须是数字"):
        B.BGNBDFit(**{**base, "r": "0.25"})
    with pytest.raises(CrmlabInputError, match="对数似然 loglik"):
        B.BGNBDFit(**{**base, "loglik": math.inf})
    with pytest.raises(CrmlabInputError, match="客户数 n_customers"):
        B.BGNBDFit(**{**base, "n_customers": 0})
    with pytest.raises(CrmlabInputError, match="标准误 std_errors 必须是 4 个非负数"):
        B.BGNBDFit(**base, std_errors=(0.1, 0.2))
    with pytest.raises(CrmlabInputError, match="n_excluded"):
        B.GammaGammaFit(p=6.0, q=4.0, gamma=15.0, loglik=0.0, n_customers=1, n_excluded=-1)
    fit = B.BGNBDFit(**{**base, "r": np.float64(0.25), "loglik": math.nan})  # numpy numbers and nan (not fitted) are fine
    assert type(fit.r) is float and math.isnan(fit.loglik)


def test_unidentifiable_bgnbd_fits_say_so():
    with pytest.raises(CrmlabInputError, match="没有任何客户重复购买"):
        B.fit_bgnbd([0, 0, 0], [0.0, 0.0, 0.0], [39.0, 20.0, 10.0])
    with pytest.raises(CrmlabInputError, match="只有 1 位客户"):
        B.fit_bgnbd([3], [20.0], [39.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning from numpy or scipy reaches the student
        for data in (([1, 0], [1.0, 0.0], [5.0, 5.0]), ([3, 0, 0], [2.0, 0.0, 0.0], [5.0, 4.0, 3.0])):
            fit = B.fit_bgnbd(*data)
            assert not fit.converged and "识别" in fit.note and "未收敛" in fit.summary().attrs["note"]
        gg = B.fit_gamma_gamma([5, 5, 5], [10.0, 10.5, 9.5])  # three customers with the same spend
        assert not gg.converged and "趋向无穷大" in gg.note


def test_fits_keep_their_published_values_and_converge(cdnow):
    _, _, fit, gg = cdnow
    assert fit.converged and gg.converged and fit.note == gg.note == ""


def test_one_contract_for_the_fitted_models(cdnow):
    from crmlab.retention import fit_sbg

    _, _, fit, gg = cdnow
    sbg = fit_sbg([1000, 869, 743, 653, 593, 551, 517, 491])
    for model, names, customers in ((fit, ["r", "alpha", "a", "b"], 2357), (gg, ["p", "q", "gamma"], 946), (sbg, ["alpha", "beta"], 1000)):
        assert list(model.params) == names and model.n_customers == customers and model.converged
        assert len(model.std_errors) == len(names) and all(e > 0 for e in model.std_errors)
        table = model.summary()
        assert table.index.tolist() == names and table.columns.tolist() == ["estimate", "std_error", "lower_95", "upper_95"]
        assert table["std_error"].tolist() == list(model.std_errors)
        assert table.attrs["loglik"] == model.loglik and f"{customers:,} 位客户" in table.attrs["note"]
        assert repr(model).startswith(type(model).__name__ + "(") and f"n_customers={customers}" in repr(model)


def test_optimisers_run_with_one_blas_thread_and_restore_the_setting():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    from crmlab import _fit

    before = [(lib["internal_api"], lib["num_threads"]) for lib in threadpoolctl.threadpool_info()]
    seen = []

    def objective(p):
        seen.extend(lib["num_threads"] for lib in threadpoolctl.threadpool_info() if lib["user_api"] == "blas")
        return float((p[0] - 1) ** 2), 2 * (p - 1)

    best, converged = _fit.maximise(objective, [[0.0]])
    assert converged and best.x[0] == pytest.approx(1.0)
    assert set(seen) <= {1}
    assert [(lib["internal_api"], lib["num_threads"]) for lib in threadpoolctl.threadpool_info()] == before


@settings(max_examples=80, deadline=None)
@given(r=st.floats(0.05, 5), alpha=st.floats(0.1, 50), a=st.floats(0.1, 5), b=st.floats(0.1, 20), x=st.integers(0, 10_000),
       big_t=st.floats(0.5, 200), share=st.floats(0, 1), ratio=st.floats(0.001, 100))  # fmt: skip
def test_heavy_buyers_are_finite_and_increasing_for_any_parameters(r, alpha, a, b, x, big_t, share, ratio):
    fit = B.BGNBDFit(r=r, alpha=alpha, a=a, b=b, loglik=0.0, n_customers=1)
    tx = share * big_t if x > 0 else 0.0
    t = ratio * big_t
    values = fit.conditional_expected_purchases(np.array([t, 2 * t]), [x, x], [tx, tx], [big_t, big_t])
    assert np.isfinite(values).all() and 0 <= values[0] <= values[1] * (1 + 1e-12)
    # never more than an alive customer buying at the posterior mean rate for the whole horizon
    assert values[0] <= (r + x) / (alpha + big_t) * t * (1 + 1e-9)


def test_matches_published_bounds_decimals():
    s = pd.DataFrame({"frequency": [2.0], "recency": [30.4286], "T": [38.857]}, index=[1])
    with pytest.raises(CrmlabInputError, match="decimals"):
        B.matches_published(s, s, decimals=10**12)
    assert B.matches_published(s, s, decimals=15)


def test_largest_gaps_and_top_customers_refuse_missing_clv():
    idx = [1, 2, 3]
    summary = pd.DataFrame({"frequency_cal": [5.0, 1.0, 0.0], "recency_cal": [30.0, 2.0, 0.0], "T_cal": [39.0, 39.0, 39.0],
                            "monetary_value_cal": [20.0, 5.0, 0.0], "spend_holdout": [0.0, 20.0, 0.0]}, index=idx)  # fmt: skip
    simple = pd.DataFrame({"clv": [300.0, 50.0, 10.0]}, index=idx)
    value = pd.DataFrame({"clv": [40.0, np.nan, 9.0], "probability_alive": [0.1, 0.9, 1.0]}, index=idx)
    with pytest.raises(CrmlabInputError, match="clv 有 ?1 个缺失值"):
        B.largest_gaps(summary, simple, value, n=2)
    with pytest.raises(CrmlabInputError, match="clv 有 ?1 个缺失值"):
        B.top_customers(summary, value, n=2)


def test_rfm_side_by_side_labels_each_half_with_its_own_terms():
    from crmlab.glossary import label_columns

    r = pd.DataFrame({"recency": [3, 40], "frequency": [4, 1], "monetary": [90.0, 20.0]}, index=[1, 2])
    s = pd.DataFrame({"frequency_cal": [3.0, 0.0], "recency_cal": [30.0, 0.0], "T_cal": [33.0, 2.0],
                      "monetary_value_cal": [25.0, 0.0]}, index=[1, 2])
    table = B.rfm_side_by_side(r, s, [2, 1])
    assert table.index.tolist() == [2, 1]
    assert table[("rfm", "frequency")].tolist() == [1, 4] and table[("btyd", "frequency_cal")].tolist() == [0.0, 3.0]
    shown = label_columns(table).columns.tolist()
    assert shown[1] == ("第 4 章 RFM", "F 购买次数") and shown[3] == ("本章 BTYD", "校准期重复购买次数")
    with pytest.raises(CrmlabInputError, match="summary 中没有这些客户"):
        B.rfm_side_by_side(r, s.iloc[:1], [2])
    with pytest.raises(CrmlabInputError, match="ids 必须是非空"):
        B.rfm_side_by_side(r, s, "1")
def test_maximise_stops_at_the_first_proper_maximum_and_tries_the_other_starts_otherwise():
    from crmlab import _fit

    starts_seen = []

    def bowl(p):  # a proper maximum at log θ = (1, -1)
        if not starts_seen or starts_seen[-1] is None:
            starts_seen[-1:] = [p.copy()]
        return float(np.sum((p - [1.0, -1.0]) ** 2)), 2 * (p - [1.0, -1.0])

    def counting(objective):
        def run(p):
            calls.append(p.copy())
            return objective(p)

        return run

    calls = []
    best, converged = _fit.maximise(counting(bowl), [[0.0, 0.0], [3.0, 3.0], [-3.0, 2.0]])
    assert converged and best.x == pytest.approx([1.0, -1.0])
    assert not any(np.allclose(c, [3.0, 3.0]) or np.allclose(c, [-3.0, 2.0]) for c in calls)  # later starts never evaluated

    def ridge(p):  # flat along p0 = p1: no proper maximum, so every start is tried
        d = p[0] - p[1]
        return float(d**2), np.array([2 * d, -2 * d])

    calls = []
    _fit.maximise(counting(ridge), [[0.0, 0.0], [3.0, 3.0]])
    assert any(np.allclose(c, [3.0, 3.0]) for c in calls)


@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from([0.0, -0.0, 0.5, 1.0]), st.integers(0, 2)), min_size=1, max_size=40))
def test_unique_rows_are_those_of_np_unique(rows):
    from crmlab.btyd._common import _unique_rows

    columns = [np.array(c, dtype=float) for c in zip(*rows)]
    expected, counts = np.unique(np.column_stack(columns), axis=0, return_counts=True)
    got, weights = _unique_rows(*columns)
    assert np.array_equal(np.column_stack(got), expected) and weights.tolist() == counts.tolist()


def test_clv_grid_is_reused_when_only_discount_or_margin_change(cdnow):
    from crmlab.btyd import _grid as _forecast

    t, ch, fit, gg = cdnow
    common = dict(bgnbd=fit, gamma_gamma=gg, time_unit="W", horizon=2)
    _forecast._GRID_CACHE.clear()
    first = B.customer_lifetime_value(ch, **common, discount_rate=0.1, margin=0.3)
    assert len(_forecast._GRID_CACHE) == 1
    again = B.customer_lifetime_value(ch, **common, discount_rate=0.2, margin=0.5)
    assert len(_forecast._GRID_CACHE) == 1  # same customers and horizon: the grid was reused
    _forecast._GRID_CACHE.clear()
    fresh = B.customer_lifetime_value(ch, **common, discount_rate=0.2, margin=0.5)
    pd.testing.assert_frame_equal(again, fresh)
    assert not again["clv"].equals(first["clv"])
    again.loc[again.index[0], "expected_purchases"] = -1.0  # the caller's result is theirs to change
    assert B.customer_lifetime_value(ch, **common, discount_rate=0.1)["expected_purchases"].iloc[0] >= 0
