"""crmlab.uplift: uplift by score group and the Qini curve (brute force), the two-model uplift on the course data."""

import numpy as np
import pytest

from crmlab import CrmlabInputError
from crmlab import targeting as T
from crmlab import uplift as U
from crmlab.datasets import load_campaign, load_course_shop


def test_uplift_by_decile_and_qini_brute_force():
    rng = np.random.default_rng(7)
    n = 200
    y, t, s = rng.uniform(size=n) < 0.3, rng.uniform(size=n) < 0.5, rng.uniform(size=n)
    u = U.uplift_by_decile(y, t, s, bins=4, true_effect=np.ones(n))
    order = np.argsort(-s, kind="stable")
    for d in range(4):
        idx = order[d * 50 : (d + 1) * 50]
        assert u.loc[d + 1, "uplift"] == pytest.approx(y[idx][t[idx]].mean() - y[idx][~t[idx]].mean())
    assert (u["true_uplift"] == 1).all()
    q = U.qini_curve(y, t, s)
    k = 120
    top = order[:k]
    expected = y[top][t[top]].sum() - y[top][~t[top]].sum() * t[top].sum() / (~t[top]).sum()
    assert q.loc[k, "incremental"] == pytest.approx(expected)
    assert q["random"].iloc[-1] == pytest.approx(q["incremental"].iloc[-1])


def test_qini_area_is_zero_for_the_random_line_and_positive_for_a_perfect_order():
    q = U.qini_curve([1, 0, 0, 1], [1, 0, 1, 0], [4, 3, 2, 1])
    assert U.qini_area(q) == pytest.approx(0.125)
    flat = q.assign(incremental=q["random"])
    assert U.qini_area(flat) == 0


def test_uplift_model_finds_the_persuadable_on_the_course_data():
    shop, c = load_course_shop(), load_campaign().set_index("customer_id")
    f = T.campaign_features(shop.transactions, as_of="2025-06-30").reindex(c.index)
    fit_ids, test_ids = T.split_customers(c.index, test_share=0.4, seed=9)
    um = U.fit_uplift_model(f.loc[fit_ids], c.loc[fit_ids, "purchased"], c.loc[fit_ids, "treated"])
    treated = c.loc[fit_ids, "treated"]
    rm = T.fit_response_model(f.loc[fit_ids][treated], c.loc[fit_ids][treated]["purchased"])
    truth = (c["purchased_treated"].astype(int) - c["purchased_control"].astype(int)).loc[test_ids]
    by_uplift = U.uplift_by_decile(c.loc[test_ids, "purchased"], c.loc[test_ids, "treated"], um.predict(f.loc[test_ids]), bins=5, true_effect=truth)
    by_response = U.uplift_by_decile(c.loc[test_ids, "purchased"], c.loc[test_ids, "treated"], rm.predict(f.loc[test_ids]), bins=5, true_effect=truth)
    assert by_uplift["true_uplift"].iloc[0] > 2 * by_response["true_uplift"].iloc[0]  # the response model's best are sure things
    g = T.gains_table(c.loc[test_ids][c.loc[test_ids, "treated"]]["purchased"], rm.predict(f.loc[test_ids][c.loc[test_ids, "treated"]]))
    assert g["lift"].iloc[0] > 2


def test_bad_input():
    with pytest.raises(CrmlabInputError, match="bins"):
        U.uplift_by_decile([1, 0], [1, 0], [0.5, 0.1], bins=3)
    with pytest.raises(CrmlabInputError, match="treated"):
        U.qini_curve([1, 0], ["x", 0], [0.5, 0.1])
    with pytest.raises(CrmlabInputError, match="score"):
        U.qini_curve([1, 0, 1], [1, 0, 1], [0.5, 0.1])
