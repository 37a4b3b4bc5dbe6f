"""crmlab.targeting: features, the logistic response model (against scikit-learn), gains, lift, mailing depth."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlab import CrmlabInputError
from crmlab import targeting as T


def test_features_by_hand():
    t = pd.DataFrame({"customer_id": ["a", "a", "b", "b"], "date": ["2025-01-01", "2025-06-01", "2025-06-20", "2025-07-05"],
                      "amount": [10.0, 30.0, 5.0, 99.0]})  # fmt: skip
    f = T.campaign_features(t, as_of="2025-06-30")
    assert f.loc["a"].tolist() == [29.0, 2.0, 20.0, 180.0]
    assert f.loc["b"].tolist() == [10.0, 1.0, 5.0, 10.0]  # the July order is after as_of


def test_split_is_seeded_and_disjoint():
    ids = [f"c{i}" for i in range(50)]
    a = T.split_customers(ids, test_share=0.3, seed=4)
    b = T.split_customers(ids, test_share=0.3, seed=4)
    assert a[0].equals(b[0]) and len(a[1]) == 15 and not set(a[0]) & set(a[1])
    with pytest.raises(CrmlabInputError, match="ids"):
        T.split_customers(["a", "a"])


def test_response_model_matches_scikit_learn():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    rng = np.random.default_rng(1)
    f = pd.DataFrame({"recency_days": rng.uniform(0, 400, 300), "frequency": rng.integers(1, 20, 300).astype(float),
                      "mean_amount": rng.gamma(3, 40, 300), "tenure_days": rng.uniform(0, 900, 300)})  # fmt: skip
    y = rng.uniform(size=300) < 1 / (1 + np.exp(f["recency_days"] / 100 - 2))
    model = T.fit_response_model(f, y)
    reference = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000)).fit(f.to_numpy(), y)
    assert np.allclose(model.predict(f), reference.predict_proba(f.to_numpy())[:, 1], atol=1e-6)
    assert model.summary().loc["最近一次购买至今天数", "coefficient"] < 0


def test_gains_table_by_hand_and_brute_force():
    y = [1, 1, 0, 1, 0, 0, 0, 0, 0, 0]
    s = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0]
    g = T.gains_table(y, s, bins=5)
    assert g["responders"].tolist() == [2, 1, 0, 0, 0]
    assert g["captured_share"].tolist() == pytest.approx([2 / 3, 1, 1, 1, 1])
    assert g["lift"].tolist() == pytest.approx([1.0 / 0.3, 0.5 / 0.3, 0, 0, 0])
    assert g["cumulative_lift"].iloc[-1] == pytest.approx(1.0)


@given(st.lists(st.tuples(st.booleans(), st.floats(0, 1)), min_size=10, max_size=60), st.integers(1, 10))
def test_gains_properties(rows, bins):
    y = [r[0] for r in rows]
    if not any(y):
        y[0] = True
    g = T.gains_table(y, [r[1] for r in rows], bins=bins)
    assert g["customers"].sum() == len(rows) and g["responders"].sum() == sum(y)
    assert g["captured_share"].is_monotonic_increasing and g["captured_share"].iloc[-1] == pytest.approx(1.0)
    # brute force: sort by score (ties in order), the first group is the first ceil-ish n / bins customers
    ranked = [y[i] for i in sorted(range(len(rows)), key=lambda i: -rows[i][1])]
    size = sum(1 for i in range(len(rows)) if i * bins // len(rows) == 0)
    assert g["customers"].iloc[0] == size and g["responders"].iloc[0] == sum(ranked[:size])


def test_mailing_depth_by_hand():
    p = T.mailing_depth([1, 1, 0, 1, 0], [0.9, 0.8, 0.7, 0.6, 0.5], value_per_response=10, cost_per_contact=4)
    assert p.curve["profit"].tolist() == [0.0, 6.0, 12.0, 8.0, 14.0, 10.0]
    assert (p.best_contacts, p.best_share, p.best_profit, p.profit_all) == (4, 0.8, 14.0, 10.0)
    free = T.mailing_depth([1, 0], [1, 0], value_per_response=10, cost_per_contact=0)
    assert free.best_contacts == 1  # the first maximum


def test_bad_input():
    with pytest.raises(CrmlabInputError, match="bins"):
        T.gains_table([1, 0], [0.5, 0.1], bins=3)
    with pytest.raises(CrmlabInputError, match="response"):
        T.gains_table([0, 0], [0.5, 0.1], bins=1)
    with pytest.raises(CrmlabInputError, match="score"):
        T.gains_table([1, 0, 1], [0.5, 0.1], bins=1)
    with pytest.raises(CrmlabInputError, match="response"):
        T.fit_response_model(pd.DataFrame({"x": [1.0, 2.0]}), [1, 1], columns=["x"])
    with pytest.raises(CrmlabInputError, match="features"):
        T.fit_response_model(pd.DataFrame({"x": [1.0, 2.0]}), [1, 0])
    with pytest.raises(CrmlabInputError, match="cost_per_contact"):
        T.mailing_depth([1], [1], value_per_response=1, cost_per_contact=-1)
