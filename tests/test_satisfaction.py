"""crmlab.satisfaction: weights from stated importance and from a regression, the CSI, the four quadrants."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from crmlab import CrmlabInputError
from crmlab import satisfaction as S
from crmlab.datasets import attribute_weights_truth, load_attribute_ratings, load_course_shop


def ratings(performance, importance=None, attributes=("质量", "价格")):
    """A long ratings table from rows of performance scores (one row per respondent)."""
    rows = []
    for i, scores in enumerate(performance, start=1):
        for k, name in enumerate(attributes):
            rows.append({"customer_id": i, "attribute": name, "performance": scores[k],
                         "importance": 3 if importance is None else importance[i - 1][k]})  # fmt: skip
    return pd.DataFrame(rows)


PERF = [(4, 2), (5, 3), (2, 2), (3, 5), (1, 4)]


def test_attribute_scores_and_stated_weights_by_hand():
    r = ratings(PERF, importance=[(5, 3), (5, 4), (4, 4), (5, 3), (5, 1)])
    table = S.attribute_scores(r)
    assert table["importance"].tolist() == [4.8, 3.0]
    assert table["performance"].tolist() == [3.0, 3.2]
    assert S.stated_weights(r).tolist() == pytest.approx([4.8 / 7.8, 3.0 / 7.8])


def test_derived_weights_recover_an_exact_linear_rule():
    overall = pd.Series({i: 0.5 + 0.6 * a + 0.2 * b for i, (a, b) in enumerate(PERF, start=1)})
    fit = S.derived_weights(ratings(PERF), overall)
    assert fit.coefficients.tolist() == pytest.approx([0.6, 0.2])
    assert fit.intercept == pytest.approx(0.5)
    assert fit.weights.tolist() == pytest.approx([0.75, 0.25])
    assert fit.r_squared == pytest.approx(1.0)
    assert fit.respondents == 5 and fit.note == ""


def test_derived_weights_match_scipy_for_one_attribute():
    perf = [(4,), (5,), (2,), (3,), (1,), (4,)]
    y = pd.Series({1: 4.0, 2: 4.5, 3: 2.0, 4: 3.5, 5: 1.5, 6: 3.0})
    fit = S.derived_weights(ratings(perf, attributes=("质量",)), y)
    reference = stats.linregress([p[0] for p in perf], y.to_numpy())
    assert fit.coefficients.iloc[0] == pytest.approx(reference.slope)
    assert fit.intercept == pytest.approx(reference.intercept)
    assert fit.std_errors.iloc[0] == pytest.approx(reference.stderr)
    assert fit.r_squared == pytest.approx(reference.rvalue**2)


def test_negative_slope_is_noted():
    overall = pd.Series({i: 1.0 + a - 0.1 * b for i, (a, b) in enumerate(PERF, start=1)})
    fit = S.derived_weights(ratings(PERF), overall)
    assert "价格" in fit.note


def test_satisfaction_index_by_hand():
    r = ratings([(5, 1), (3, 3), (1, 1)])
    csi = S.satisfaction_index(r, pd.Series({"质量": 0.75, "价格": 0.25}))
    assert csi.tolist() == [75.0, 50.0, 0.0]
    assert csi.index.tolist() == [1, 2, 3]


@settings(deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=1, max_size=20),
       st.floats(0.01, 10), st.floats(0.01, 10))  # fmt: skip
def test_csi_stays_in_0_100_and_ignores_the_scale_of_the_weights(perf, a, b):
    r = ratings(perf)
    csi = S.satisfaction_index(r, pd.Series({"质量": a, "价格": b}))
    assert ((csi >= 0) & (csi <= 100)).all()
    scaled = S.satisfaction_index(r, pd.Series({"质量": 3 * a, "价格": 3 * b}))
    assert np.allclose(csi, scaled)


def test_quadrants_split_at_the_means():
    r = pd.DataFrame({"customer_id": [1] * 4, "attribute": ["质量", "价格", "配送", "包装"],
                      "importance": [5, 5, 2, 2], "performance": [4, 2, 2, 5]})  # fmt: skip
    table = S.importance_performance(r)
    assert table["quadrant"].tolist() == ["继续保持", "重点改进", "低优先", "可能过度"]
    assert table.attrs["importance_cut"] == 3.5 and table.attrs["performance_cut"] == 3.25
    weighted = S.importance_performance(r, pd.Series({"质量": 1.0, "价格": 1.0, "配送": 3.0, "包装": 3.0}))
    assert weighted["quadrant"].tolist() == ["可能过度", "低优先", "重点改进", "继续保持"]


def test_improvement_priorities_cap_the_gain_at_5():
    overall = pd.Series({i: 0.5 + 0.6 * a + 0.2 * b for i, (a, b) in enumerate(PERF, start=1)})
    r = ratings(PERF)
    table = S.improvement_priorities(r, S.derived_weights(r, overall), gain=2.5, value_per_point=100)
    assert table["attribute"].tolist() == ["质量", "价格"]
    assert table["gain"].tolist() == [2.0, 1.8]  # 质量 averages 3.0 (room 2.0), 价格 3.2 (room 1.8)
    assert table["satisfaction_gain"].tolist() == pytest.approx([1.2, 0.36])
    assert table["value"].tolist() == pytest.approx([120.0, 36.0])


def test_inputs_are_not_modified():
    r = ratings(PERF)
    before = r.copy()
    S.importance_performance(r)
    S.derived_weights(r, pd.Series({i: float(i) for i in range(1, 6)}))
    pd.testing.assert_frame_equal(r, before)


@pytest.mark.parametrize(
    "frame, match",
    [
        (ratings(PERF).iloc[:-1], "缺少 1 个评分"),
        (pd.concat([ratings(PERF), ratings(PERF).iloc[:1]]), "重复"),
        (ratings([(6, 2), (5, 3)]), "performance"),
    ],
)
def test_bad_ratings(frame, match):
    with pytest.raises(CrmlabInputError, match=match):
        S.attribute_scores(frame)


def test_bad_regressions():
    r = ratings(PERF)
    with pytest.raises(CrmlabInputError, match="没有答案"):
        S.derived_weights(r, pd.Series({1: 3.0, 2: 4.0}))
    with pytest.raises(CrmlabInputError, match="多于 3 位"):
        S.derived_weights(ratings(PERF[:3]), pd.Series({1: 3.0, 2: 4.0, 3: 2.0}))
    with pytest.raises(CrmlabInputError, match="共线"):
        S.derived_weights(ratings([(3, 1), (3, 2), (3, 4), (3, 5)]), pd.Series({1: 1.0, 2: 2.0, 3: 3.0, 4: 4.0}))
    with pytest.raises(CrmlabInputError, match="weights"):
        S.satisfaction_index(r, pd.Series({"质量": 1.0}))
    with pytest.raises(CrmlabInputError, match="attribute"):
        S.attribute_scores(r, attribute="属性")


def test_shop_regression_recovers_the_true_weights_better_than_stated_importance():
    r = load_attribute_ratings()
    csat = load_course_shop().survey.set_index("customer_id")["csat"]
    truth = attribute_weights_truth().set_index("attribute")["true_weight"]
    fit = S.derived_weights(r, csat)
    stated = S.stated_weights(r)
    assert S.weight_error(fit.weights, truth) < 3.0  # percentage points
    assert S.weight_error(stated, truth) > 2 * S.weight_error(fit.weights, truth)
    assert fit.weights.idxmax() == "商品质量" and fit.weights.sort_values().index[-2] == "售后服务"
    # stated importance and regression disagree on what to fix first: price vs after-sales service
    by_stated = S.importance_performance(r).set_index("attribute")["quadrant"]
    by_regression = S.importance_performance(r, fit).set_index("attribute")["quadrant"]
    assert by_stated["价格"] == "重点改进" and by_stated["售后服务"] == "低优先"
    assert by_regression["售后服务"] == "重点改进" and by_regression["价格"] == "低优先"


def test_satisfaction_by_group_keeps_a_categorical_order_and_counts_the_ungrouped():
    s = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5], "csat": [5, 4, 2, 3, 1], "nps": [10, 9, 3, 7, 0]})
    groups = pd.Series(pd.Categorical(["高", "高", "低", "低"], categories=["高", "中", "低"]), index=[1, 2, 3, 4])
    table = S.satisfaction_by_group(s, groups)
    assert table["group"].tolist() == ["高", "低"]  # 中 has no respondent
    assert table["csat_share"].tolist() == [1.0, 0.0] and table["nps_score"].tolist() == [100.0, -50.0]
    assert table.attrs["ungrouped"] == 1
    with pytest.raises(CrmlabInputError, match="groups"):
        S.satisfaction_by_group(s, pd.Series({9: "高"}))


@settings(deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5)), min_size=8, max_size=30),
       st.tuples(st.floats(0.05, 1), st.floats(0.05, 1), st.floats(0.05, 1)), st.floats(-2, 2))  # fmt: skip
def test_regression_recovers_any_exact_linear_rule(perf, slopes, intercept):
    x = np.array(perf, dtype=float)
    if np.linalg.matrix_rank(np.column_stack([np.ones(len(x)), x])) < 4:
        return  # collinear scores: refused, tested above
    overall = pd.Series(intercept + x @ np.array(slopes), index=range(1, len(x) + 1))
    fit = S.derived_weights(ratings(perf, attributes=("质量", "价格", "配送")), overall)
    assert fit.coefficients.tolist() == pytest.approx(list(slopes), abs=1e-8)
    assert fit.weights.sum() == pytest.approx(1.0)
