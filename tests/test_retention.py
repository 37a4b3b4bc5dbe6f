"""crmlab.retention: cohorts, lifetimes, life tables, Kaplan-Meier (against lifelines) and the sBG model."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import betaln

from crmlab import CrmlabInputError
from crmlab import retention as R
from crmlab.clv import clv_breakdown
from crmlab.datasets import fader_hardie_2007, load_course_shop, zhangsan


def test_cohort_table_by_hand():
    t = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c"],
                      "date": ["2024-01-05", "2024-02-10", "2024-01-20", "2024-02-03", "2024-03-01"]})  # fmt: skip
    c = R.cohort_table(t, as_of="2024-03-31")
    assert c.index.astype(str).tolist() == ["2024-01", "2024-02"]
    assert c["size"].tolist() == [2, 1]
    assert c.loc[pd.Period("2024-01", "M"), [0, 1, 2]].tolist() == [1.0, 0.5, 0.0]
    assert np.isnan(c.loc[pd.Period("2024-02", "M"), 2])  # not yet observable
    curve = R.retention_curve(c)
    assert curve["retention"].tolist() == pytest.approx([1.0, (0.5 * 2 + 1.0 * 1) / 3, 0.0])
    assert curve["cohorts"].tolist() == [2, 2, 1]


def test_lifetimes_by_hand():
    t = pd.DataFrame({"customer_id": ["a", "a", "b"], "date": ["2024-01-01", "2024-03-01", "2024-11-20"]})
    life = R.customer_lifetimes(t, as_of="2024-12-31")
    assert life["duration_days"].tolist() == [60, 41] and life["churned"].tolist() == [True, False]
    assert R.customer_lifetimes(t, as_of="2024-12-31", churn_days=400)["churned"].tolist() == [False, False]


def test_life_table_by_hand():
    lt = R.life_table([0.5, 1.5, 1.5, 2.5], [True, True, False, False])
    assert lt["at_risk"].tolist() == [4, 3, 1]
    assert lt["effective_at_risk"].tolist() == [4, 2.5, 0.5]
    assert lt["churn_probability"].tolist() == pytest.approx([0.25, 0.4, 0.0])
    assert lt["survival"].tolist() == pytest.approx([1.0, 0.75, 0.45])
    # expected remaining lifetime: person-time from the interval on, per customer reaching it
    person_time = [(1 + 0.75) / 2, (0.75 + 0.45) / 2, 0.45]
    assert lt["expected_remaining"].tolist() == pytest.approx([sum(person_time), sum(person_time[1:]) / 0.75, 1.0])
    grouped = R.life_table([0.5, 1.5, 0.5], [True, False, False], groups=["甲", "甲", "乙"])
    assert grouped["group"].tolist() == ["甲", "甲", "乙"]


@pytest.mark.parametrize(
    "durations, churned, fragment",
    [([], [], "是空的"), ([1, -2], [True, True], "有 1 个负数"), ([1, None], [True, True], "缺失或不是数字"),
     ([1, 2], [True], "长度"), ([1, 2], [True, "yes"], "只能是 True/False")],
)  # fmt: skip
def test_life_table_and_km_errors(durations, churned, fragment):
    with pytest.raises(CrmlabInputError, match=fragment):
        R.life_table(durations, churned)
    with pytest.raises(CrmlabInputError, match=fragment):
        R.kaplan_meier(durations, churned)


def test_kaplan_meier_by_hand():
    km = R.kaplan_meier([1, 2, 2, 3, 4], [True, True, False, True, False])
    assert km.index.tolist() == [0, 1, 2, 3, 4]
    assert km["at_risk"].tolist() == [5, 5, 4, 2, 1]
    assert km["survival"].tolist() == pytest.approx([1, 0.8, 0.6, 0.3, 0.3])
    assert R.survival_quantile(km, 0.5) == 3 and R.survival_quantile(km, 0.1) == math.inf


def _lifelines_km(durations, observed):
    lifelines = pytest.importorskip(
        "lifelines", reason="lifelines needs pandas < 3: .ci/run runs this cross-check in its second environment"
    )
    return lifelines.KaplanMeierFitter().fit(durations, observed)


def _compare_with_lifelines(durations, observed):
    fitted = _lifelines_km(durations, observed)
    ours = R.kaplan_meier(durations, observed)
    theirs = fitted.survival_function_.iloc[:, 0]
    band = fitted.confidence_interval_
    assert np.allclose(ours["survival"].reindex(theirs.index), theirs, atol=1e-12)
    assert np.allclose(ours["lower"].reindex(theirs.index), band.iloc[:, 0], atol=1e-9)
    assert np.allclose(ours["upper"].reindex(theirs.index), band.iloc[:, 1], atol=1e-9)
    if not np.isclose(ours["survival"], 0.5).any():  # at an exact 0.5, median conventions differ (lifelines too)
        assert R.survival_quantile(ours, 0.5) == pytest.approx(fitted.median_survival_time_)


def test_kaplan_meier_matches_lifelines_on_the_course_shop():
    life = R.customer_lifetimes(load_course_shop().transactions, as_of="2025-12-31")
    _compare_with_lifelines(life["duration_months"], life["churned"])


@given(st.lists(st.tuples(st.integers(0, 20), st.booleans()), min_size=1, max_size=60))
def test_kaplan_meier_matches_lifelines_with_ties(data):
    durations = [d for d, _ in data]
    observed = [e for _, e in data]
    _compare_with_lifelines(durations, observed)


@given(st.lists(st.tuples(st.floats(0, 100, allow_nan=False), st.booleans()), min_size=1, max_size=80))
def test_survival_is_a_probability_that_never_rises(data):
    km = R.kaplan_meier([d for d, _ in data], [e for _, e in data])
    s = km["survival"].to_numpy()
    assert np.all(np.diff(s) <= 1e-12) and s[0] <= 1 and s[-1] >= 0
    assert np.all(km["lower"] <= s + 1e-12) and np.all(km["upper"] >= s - 1e-12)
    lt = R.life_table([d for d, _ in data], [e for _, e in data], width=10)
    assert np.all(np.diff(lt["survival"]) <= 1e-12)


# ------------------------------------------------------------------------ sBG


@pytest.mark.parametrize("column, alpha, beta, loglik", [("regular", 0.704, 1.182, -1680.27), ("high_end", 0.668, 3.806, -1611.16)])
def test_sbg_reproduces_fader_hardie_2007(column, alpha, beta, loglik):
    fit = R.fit_sbg(fader_hardie_2007()[column].iloc[:8].tolist())
    assert (round(fit.alpha, 3), round(fit.beta, 3)) == (alpha, beta)
    assert fit.loglik == pytest.approx(loglik, abs=0.01)


def test_sbg_projection_and_derl_match_published_values():
    fit = R.fit_sbg(fader_hardie_2007()["high_end"].iloc[:8].tolist())
    # jdmaturen/shifted_beta_geometric_py: survival in years 8-12 and DERL(10%) after 7 renewals
    assert fit.projection(12)["survival"].iloc[8:].round(3).tolist() == [0.460, 0.436, 0.414, 0.395, 0.378]
    assert round(fit.derl(0.1, renewals=7), 3) == 7.530


def test_derl_is_the_discounted_sum_of_future_survival_and_the_closed_form():
    from scipy.special import hyp2f1

    fit = R.SBGFit(alpha=0.9, beta=2.5, loglik=0.0, survivors=(1.0, 0.7))
    for n in (0, 3):
        series = sum(fit.survival(n + 1 + k) / fit.survival(n) / 1.12**k for k in range(5000))
        closed = fit.retention(n + 1) * hyp2f1(1, fit.beta + n + 1, fit.alpha + fit.beta + n + 1, 1 / 1.12)  # Fader & Hardie 2010
        assert fit.derl(0.12, renewals=n) == pytest.approx(float(series), rel=1e-9)
        assert fit.derl(0.12, renewals=n) == pytest.approx(float(closed), rel=1e-9)


def test_likelihood_by_hand():
    # two periods: 10 customers, 6 stay, 3 stay: log L = 4 log P(T=1) + 3 log P(T=2) + 3 log S(2)
    a, b = 1.3, 2.1
    p1 = a / (a + b)
    p2 = math.exp(betaln(a + 1, b + 1) - betaln(a, b))
    s2 = math.exp(betaln(a, b + 2) - betaln(a, b))
    expected = 4 * math.log(p1) + 3 * math.log(p2) + 3 * math.log(s2)
    assert R._loglik(np.log([a, b]), np.array([10.0, 6.0, 3.0])) == pytest.approx(expected)
    assert p1 + p2 + s2 == pytest.approx(1)


def test_sbg_recovers_parameters_from_simulated_data():
    survivors = R.simulate_sbg(alpha=0.7, beta=2.0, n_customers=200_000, periods=10, seed=7)
    fit = R.fit_sbg(survivors)
    assert fit.alpha == pytest.approx(0.7, rel=0.05) and fit.beta == pytest.approx(2.0, rel=0.05)


@given(alpha=st.floats(0.05, 20), beta=st.floats(0.05, 50))
def test_sbg_survival_falls_and_retention_rises(alpha, beta):
    fit = R.SBGFit(alpha=alpha, beta=beta, loglik=0.0, survivors=(1.0,))
    t = np.arange(0, 30)
    assert np.all(np.diff(fit.survival(t)) < 0)
    assert np.all(np.diff(fit.retention(t[1:])) > 0)
    assert fit.survival(1) == pytest.approx(fit.retention(1))


@pytest.mark.parametrize(
    "survivors, fragment",
    [([1000, 1001, 900], "不能增加：第 1 期"), ([1000, -5], "不能为负数"), ([], "至少需要两个数"), ([1000], "至少需要两个数"),
     ([0, 0], "必须大于 0"), ([50, 50, 50], "没有任何客户流失"), ("1000, 800", "必须是一列人数")],
)  # fmt: skip
def test_sbg_errors(survivors, fragment):
    with pytest.raises(CrmlabInputError, match=fragment):
        R.fit_sbg(survivors)


def test_sbg_current_value_reduces_to_the_textbook_without_heterogeneity():
    # Beta(a, 4a) with a huge a: every customer churns with probability 0.2, as the textbook assumes
    homogeneous = R.SBGFit(alpha=1e7, beta=4e7, loglik=0.0, survivors=(1000.0, 800.0))
    for horizon in (5, None):
        textbook = clv_breakdown(**{**zhangsan(), "horizon": horizon}).current
        ours = R.sbg_current_value(homogeneous, annual_profit=1440, renewals=2, discount_rate=0.1, horizon=horizon)
        assert ours == pytest.approx(textbook, rel=1e-5)
    heterogeneous = R.SBGFit(alpha=1.0, beta=4.0, loglik=0.0, survivors=(1000.0, 800.0))
    assert R.sbg_current_value(heterogeneous, annual_profit=1440, renewals=2, discount_rate=0.1) > clv_breakdown(**zhangsan()).current


# ------------------------------------------------- tables the notebook shows


def test_kaplan_meier_groups_by_hand():
    by = R.kaplan_meier([1, 2, 2, 3, 5], [True, True, False, False, True], groups=["甲", "乙", "甲", "乙", "甲"])
    assert by.columns[0] == "group" and by.index.name == "time"
    a = R.split_groups(by)["甲"]
    # 甲: durations 1 (churn), 2 (censored), 5 (churn): S = 1, 2/3, 2/3, 0
    assert a.index.tolist() == [0.0, 1.0, 2.0, 5.0]
    assert a["survival"].tolist() == pytest.approx([1.0, 2 / 3, 2 / 3, 0.0])
    assert a.equals(R.kaplan_meier([1, 2, 5], [True, False, True]))
    assert list(R.split_groups(by)) == ["甲", "乙"]


def test_kaplan_meier_groups_errors():
    with pytest.raises(CrmlabInputError, match="长度"):
        R.kaplan_meier([1, 2], [True, True], groups=["甲"])
    with pytest.raises(CrmlabInputError, match="1 位客户没有分组"):
        R.kaplan_meier([1, 2], [True, True], groups=["甲", None])


def test_split_and_select_groups():
    lt = R.life_table([0.5, 1.5, 2.5, 0.2], [True, True, False, True], groups=["甲", "甲", "乙", "丙"])
    parts = R.split_groups(lt, ["丙", "甲"])
    assert list(parts) == ["丙", "甲"] and "group" not in parts["甲"].columns and len(parts["甲"]) == 2
    assert R.select_groups(lt, ["丙", "甲"])["group"].tolist() == ["甲", "甲", "丙"]  # table order kept
    with pytest.raises(CrmlabInputError, match="没有这些组"):
        R.split_groups(lt, ["丁"])
    with pytest.raises(CrmlabInputError, match="group"):
        R.split_groups(R.kaplan_meier([1, 2], [True, False]))


def test_renewal_note_by_hand():
    fit = R.SBGFit(alpha=1.0, beta=4.0, loglik=0.0, survivors=(1000.0, 800.0))
    # r(t) = (b + t - 1) / (a + b + t - 1): 4/5, 5/6
    assert R.renewal_note(fit, 2) == "各年的续费率：第1年 80.0%，第2年 83.3%"
    with pytest.raises(CrmlabInputError, match="periods"):
        R.renewal_note(fit, 0)


def test_churn_model_comparison_by_hand():
    fit = R.SBGFit(alpha=1.0, beta=4.0, loglik=0.0, survivors=(1000.0, 800.0))
    p = dict(annual_revenue=2400, margin=0.6, years_active=0, churn_rate=0.2, discount_rate=0.1)
    t = R.churn_model_comparison(fit, p, annual_profit=1440, renewals=0, horizons=(1, 2))
    assert t.index.tolist() == ["未来 1 年", "未来 2 年"] and t.index.name == "horizon"
    # constant churn: 1440*0.8/1.1 + 1440*0.64/1.21; sBG: S(2) = 4/5 * 5/6 = 2/3
    assert t.loc["未来 2 年", "constant_churn"] == pytest.approx(1440 * 0.8 / 1.1 + 1440 * 0.64 / 1.21)
    assert t.loc["未来 2 年", "sbg"] == pytest.approx(1440 * 0.8 / 1.1 + 1440 * (2 / 3) / 1.21)
    assert R.churn_model_comparison(fit, p, annual_profit=1440, renewals=0).index.tolist() == ["未来 5 年", "所有未来年份"]
    with pytest.raises(CrmlabInputError, match="years_active"):
        R.churn_model_comparison(fit, {"annual_revenue": 2400}, annual_profit=1440, renewals=0)
    with pytest.raises(CrmlabInputError, match="至少"):
        R.churn_model_comparison(fit, p, annual_profit=1440, renewals=0, horizons=())


def test_churn_model_comparison_matches_the_case():
    fit = R.fit_sbg([1000, 869, 743, 653, 593, 551, 517, 491])
    params = zhangsan()
    t = R.churn_model_comparison(fit, params, annual_profit=1440, renewals=2)
    assert t.loc["未来 5 年", "constant_churn"] == pytest.approx(clv_breakdown(**params).current)
    assert t.loc["所有未来年份", "sbg"] == pytest.approx(
        R.sbg_current_value(fit, annual_profit=1440, renewals=2, discount_rate=0.1, horizon=None)
    )


def test_lifetime_summary_by_hand():
    life = pd.DataFrame({"duration_months": [2.0, 4.0, 30.0, 1.0], "churned": [True, True, False, False]})
    s = R.lifetime_summary(life)
    assert s["customers"] == 4 and s["churned_share"] == 0.5 and s["mean_churned_duration"] == 3.0
    assert math.isnan(R.lifetime_summary(life.assign(churned=False))["mean_churned_duration"])
    with pytest.raises(CrmlabInputError, match="churned"):
        R.lifetime_summary(life.drop(columns="churned"))
    with pytest.raises(CrmlabInputError, match="lifetimes"):
        R.lifetime_summary([2.0, 4.0])


def test_sbg_tables_check_their_inputs():
    fit = R.SBGFit(alpha=1.0, beta=4.0, loglik=0.0, survivors=(1000.0, 800.0))
    with pytest.raises(CrmlabInputError, match="fit_sbg"):
        R.renewal_note((1.0, 4.0))
    with pytest.raises(CrmlabInputError, match="fit_sbg"):
        R.churn_model_comparison("fit", zhangsan(), annual_profit=1440, renewals=2)
    with pytest.raises(CrmlabInputError, match="price"):
        R.churn_model_comparison(fit, {**zhangsan(), "price": 1}, annual_profit=1440, renewals=2)
# ------------------------------------------ the sBG fit: one contract with the other fits (issues 9, 10)


def test_sbg_fit_has_summary_standard_errors_and_customers():
    fit = R.fit_sbg(fader_hardie_2007()["regular"].iloc[:8].tolist())
    assert fit.converged and fit.note == "" and fit.n_customers == 1000
    assert list(fit.params) == ["alpha", "beta"]
    table = fit.summary()
    assert table.index.tolist() == ["alpha", "beta"] and table.loc["alpha", "estimate"] == fit.alpha
    assert table.attrs["loglik"] == fit.loglik and "1,000 位客户" in table.attrs["note"]
    # standard errors: the Hessian of the log-likelihood by second differences of its values (not of the gradient)
    s = np.asarray(fit.survivors)
    theta = np.array([fit.alpha, fit.beta])
    h = 1e-4

    def ll(values):
        return R._loglik(np.log(values), s)

    hess = np.empty((2, 2))
    for i in range(2):
        for j in range(2):
            ei, ej = np.eye(2)[i] * h, np.eye(2)[j] * h
            hess[i, j] = (ll(theta + ei + ej) - ll(theta + ei - ej) - ll(theta - ei + ej) + ll(theta - ei - ej)) / (4 * h * h)
    expected = np.sqrt(np.diag(np.linalg.inv(-hess)))
    assert fit.std_errors == pytest.approx(tuple(expected), rel=1e-3)


def test_sbg_gradient_is_exact():
    from scipy.optimize import check_grad

    s = np.array([1000.0, 869, 743, 653, 593])
    for point in (np.zeros(2), np.log([0.7, 3.8]), np.log([5.0, 0.2])):
        assert check_grad(lambda p: R._objective(p, s)[0], lambda p: R._objective(p, s)[1], point) < 1e-4


def test_retention_rate_is_the_period_to_period_rate_and_retention_its_old_name():
    fit = R.SBGFit(alpha=1.0, beta=4.0, loglik=float("nan"), survivors=(1000.0,))
    t = np.arange(1, 6)
    assert fit.retention_rate(t).tolist() == pytest.approx([(4 + k - 1) / (5 + k - 1) for k in t])
    assert fit.retention(t).tolist() == fit.retention_rate(t).tolist()
    assert np.cumprod(fit.retention_rate(t)) == pytest.approx(fit.survival(t))  # survival is cumulative


def test_unidentifiable_sbg_fits_say_so():
    with pytest.raises(CrmlabInputError, match="第 1 期结束时所有客户都已流失"):
        R.fit_sbg([1000, 0])  # was loglik = +inf and converged
    one_period = R.fit_sbg([1000, 800])
    assert not one_period.converged and "只有一期" in one_period.note
    assert one_period.alpha / (one_period.alpha + one_period.beta) == pytest.approx(0.2, rel=1e-6)
    homogeneous = R.fit_sbg([1000, 500, 250, 125])  # everybody churns with probability 0.5: no heterogeneity to estimate
    assert not homogeneous.converged and "标准误超过估计值的 3 倍" in homogeneous.note


@pytest.mark.parametrize(
    "fields, fragment",
    [({"alpha": -1.0}, "sBG 模型参数 alpha 必须是大于 0 的有限数"), ({"beta": math.inf}, "参数 beta"),
     ({"loglik": math.inf}, "loglik"), ({"survivors": ()}, "survivors"), ({"survivors": (100.0, 120.0)}, "不能增加"),
     ({"std_errors": (0.1,)}, "std_errors")],
)  # fmt: skip
def test_sbg_fit_built_by_hand_is_checked(fields, fragment):
    base = {"alpha": 1.0, "beta": 4.0, "loglik": 0.0, "survivors": (1000.0,)}
    with pytest.raises(CrmlabInputError, match=fragment):
        R.SBGFit(**{**base, **fields})


@pytest.mark.parametrize("method, t, fragment", [("survival", -1, "不小于 0"), ("survival", [0, np.nan], "不小于 0"),
                                                 ("retention_rate", 0, "不小于 1"), ("retention", "1", "必须是数字")])  # fmt: skip
def test_sbg_periods_are_checked(method, t, fragment):
    fit = R.SBGFit(alpha=1.0, beta=4.0, loglik=0.0, survivors=(1000.0,))
    with pytest.raises(CrmlabInputError, match=fragment):
        getattr(fit, method)(t)


def test_compare_fits_table_and_bad_input():
    a = R.SBGFit(alpha=0.7, beta=1.2, loglik=-10.0, survivors=(1000.0, 800.0), std_errors=(0.1, 0.2))
    b = R.SBGFit(alpha=1.5, beta=3.0, loglik=-12.5, survivors=(500.0, 450.0), converged=False, note="参数失控")
    table = R.compare_fits({"甲": a, "乙": b})
    assert table.index.tolist() == ["甲", "乙"]
    assert table.columns.tolist() == ["alpha", "beta", "alpha_se", "beta_se", "loglik", "n_customers", "status"]
    assert table.loc["乙", "status"] == "未收敛：参数失控" and table.loc["甲", "status"] == "已收敛"
    with pytest.raises(CrmlabInputError, match="fits 必须是"):
        R.compare_fits({})
    with pytest.raises(CrmlabInputError, match="同一个模型"):
        R.compare_fits({"甲": a, "乙": "fit"})


def test_group_selection_refuses_a_bare_group_name():
    by = R.kaplan_meier([1, 2, 2, 3], [True, True, False, False], groups=["甲", "乙", "甲", "乙"])
    for groups in (True, "甲", 3):
        with pytest.raises(CrmlabInputError, match="groups 必须是组名的列表"):
            R.split_groups(by, groups)
        with pytest.raises(CrmlabInputError, match="groups"):
            R.select_groups(by, groups)


def test_renewal_note_bounds_periods():
    fit = R.SBGFit(alpha=1.0, beta=4.0, loglik=0.0, survivors=(1000.0, 800.0))
    with pytest.raises(CrmlabInputError, match="periods 太大"):
        R.renewal_note(fit, 10**12)


def test_churn_model_comparison_checks_horizons_and_profit():
    fit = R.SBGFit(alpha=1.0, beta=4.0, loglik=0.0, survivors=(1000.0, 800.0))
    p = dict(annual_revenue=2400, margin=0.6, years_active=0, churn_rate=0.2, discount_rate=0.1)
    for horizons in (None, True, 5, "5"):
        with pytest.raises(CrmlabInputError, match="horizons"):
            R.churn_model_comparison(fit, p, annual_profit=1440, renewals=0, horizons=horizons)
    with pytest.raises(CrmlabInputError, match="horizons 太大"):
        R.churn_model_comparison(fit, p, annual_profit=1440, renewals=0, horizons=(10**9,))
    with pytest.raises(CrmlabInputError, match="annual_profit"):
        R.churn_model_comparison(fit, p, annual_profit=1e308, renewals=0, horizons=(None,))
    assert R.churn_model_comparison(fit, p, annual_profit=1440, renewals=0, horizons=[1]).round(2).values.tolist() == [[1047.27, 1047.27]]


def test_lifetime_summary_names_the_churned_column():
    life = pd.DataFrame({"duration_months": [2.0, 4.0, 30.0], "churned": [True, None, False]})
    with pytest.raises(CrmlabInputError, match="churned") as err:
        R.lifetime_summary(life)
    assert err.value.parameter == "churned"


def test_sbg_sizes_are_bounded_instead_of_hanging():
    fit = R.SBGFit(alpha=1.0, beta=4.0, loglik=float("nan"), survivors=(1000.0, 800.0))
    with pytest.raises(CrmlabInputError, match="periods"):
        fit.projection(10**9)
    with pytest.raises(CrmlabInputError, match="periods"):
        R.simulate_sbg(alpha=1.0, beta=4.0, n_customers=10, periods=10**9, seed=1)
    with pytest.raises(CrmlabInputError, match="参数 customers 已改名.*n_customers"):
        R.simulate_sbg(alpha=1.0, beta=4.0, customers=10, periods=3, seed=1)
@given(st.lists(st.tuples(st.integers(0, 12).map(float) | st.floats(0, 50), st.booleans()), min_size=1, max_size=80))
def test_kaplan_meier_counts_by_definition(pairs):
    t = np.array([d for d, _ in pairs])
    e = np.array([o for _, o in pairs])
    km = R.kaplan_meier(t, e)
    times = np.unique(np.concatenate([[0.0], t]))
    assert km.index.tolist() == times.tolist()
    assert km["churned"].tolist() == [float(np.sum((t == x) & e)) for x in times]
    assert km["censored"].tolist() == [float(np.sum((t == x) & ~e)) for x in times]
    assert km["at_risk"].tolist() == [float(np.sum(t >= x)) for x in times]
