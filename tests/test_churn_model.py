"""crmlab.churn_model: snapshots, AUC and top-decile precision (against scikit-learn), the time-based holdout."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlab import CrmlabInputError
from crmlab.churn_model import FEATURES, auc, churn_features, churn_warning_model, top_share_precision
from crmlab.datasets import load_operator


@functools.lru_cache(maxsize=1)
def _operator():
    return load_operator()


def test_auc_by_hand_with_ties():
    assert auc([0.9, 0.8, 0.3, 0.1], [True, False, True, False]) == 0.75
    assert auc([0.5, 0.5], [True, False]) == 0.5


@given(st.lists(st.tuples(st.integers(0, 5), st.booleans()), min_size=2, max_size=40))
def test_auc_matches_scikit_learn(data):
    from sklearn.metrics import roc_auc_score

    scores = [s for s, _ in data]
    labels = [y for _, y in data]
    if len(set(labels)) < 2:
        with pytest.raises(CrmlabInputError, match="labels"):
            auc(scores, labels)
        return
    assert auc(scores, labels) == pytest.approx(roc_auc_score(labels, scores))


def test_top_share_precision_by_hand():
    assert top_share_precision([0.9, 0.8, 0.3, 0.1], [True, False, True, False], share=0.5) == 0.5
    assert top_share_precision([0.9, 0.8, 0.3, 0.1], [True, False, True, False], share=0.25) == 1.0
    with pytest.raises(CrmlabInputError, match="share"):
        top_share_precision([0.9, 0.1], [True, False], share=0)


def test_snapshot_uses_only_the_past_and_labels_the_future():
    op = _operator()
    f = churn_features(op.subscribers, op.monthly, as_of="2024-12", months_ahead=3)
    s = op.subscribers.set_index("subscriber_id").loc[f.index]
    assert (s["join_month"] <= "2024-07").all()  # at least 5 months of tenure at the snapshot: 6 months of history
    churned = s["churn_month"].isin(["2025-01", "2025-02", "2025-03"])
    assert (f["churned_next"].astype(bool) == churned).all()
    assert (s["churn_month"].fillna("9999") > "2024-12").all()  # everyone in the snapshot is active at its end
    assert list(f.columns) == [*FEATURES, "churned_next"]


def test_model_beats_the_base_rate_on_the_later_period():
    op = _operator()
    model = churn_warning_model(op.subscribers, op.monthly)
    assert 0.6 < model.auc < 0.8  # honest, modest: a real signal, far from perfect
    assert model.top_decile_precision > 1.5 * model.base_rate
    assert model.lift == pytest.approx(model.top_decile_precision / model.base_rate)
    assert model.coefficients.loc["calls_10086_3m", "coefficient"] > 0  # more hotline calls, more churn
    assert model.coefficients.loc["family_plan", "coefficient"] < 0


def test_holdout_must_come_after_the_training_labels():
    op = _operator()
    with pytest.raises(CrmlabInputError, match="test_month"):
        churn_warning_model(op.subscribers, op.monthly, train_month="2024-12", test_month="2025-01")
    with pytest.raises(CrmlabInputError, match="as_of"):
        churn_features(op.subscribers, op.monthly, as_of="2024/12")
    with pytest.raises(CrmlabInputError, match="months_ahead"):
        churn_features(op.subscribers, op.monthly, as_of="2025-11", months_ahead=3)
    with pytest.raises(CrmlabInputError, match="predictors"):
        churn_warning_model(op.subscribers, op.monthly, predictors=["age"])


def test_inputs_are_not_modified():
    op = _operator()
    s, m = op.subscribers.copy(), op.monthly.copy()
    churn_warning_model(s, m, predictors=["tenure", "calls_10086_3m"])
    pd.testing.assert_frame_equal(s, op.subscribers)
    pd.testing.assert_frame_equal(m, op.monthly)
    assert np.isfinite(churn_features(s, m, as_of="2025-06").to_numpy()).all()
