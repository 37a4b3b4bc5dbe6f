"""The attribute ratings of the course shop's survey (crmlab/_shop_satisfaction.py): regenerated, consistent, true weights kept."""

import numpy as np
import pandas as pd
import pytest

from crmlab import _shop_satisfaction as G
from crmlab.datasets import (
    attribute_weights_truth,
    data_path,
    load_attribute_ratings,
    load_course_shop,
    make_attribute_ratings,
    write_attribute_ratings,
)


def test_committed_rating_files_regenerate_byte_for_byte(tmp_path):
    for path in write_attribute_ratings(tmp_path):
        assert path.read_bytes() == data_path(path.name).read_bytes(), f"{path.name} differs from the committed file"


def test_every_respondent_rated_every_attribute_once():
    r = load_attribute_ratings()
    survey = load_course_shop().survey
    assert list(dict.fromkeys(r["customer_id"])) == survey["customer_id"].tolist()
    assert all(rated == list(G.ATTRIBUTES) for rated in r.groupby("customer_id")["attribute"].apply(list))
    assert r[["importance", "performance"]].isin([1, 2, 3, 4, 5]).all().all()


def test_truth_table_and_constants_agree():
    t = attribute_weights_truth()
    assert t["attribute"].tolist() == list(G.ATTRIBUTES)
    assert t["true_weight"].tolist() == list(G.TRUE_WEIGHTS) and sum(G.TRUE_WEIGHTS) == pytest.approx(1)
    # the offsets average to 0 under the weights, so overall satisfaction keeps the pattern's mean
    assert np.dot(G.TRUE_WEIGHTS, G.PERFORMANCE_OFFSETS) == pytest.approx(0, abs=1e-12)


def test_ratings_are_consistent_with_each_respondents_csat():
    r = load_attribute_ratings()
    survey = load_course_shop().survey.set_index("customer_id")
    wide = r.pivot(index="customer_id", columns="attribute", values="performance")[list(G.ATTRIBUTES)]
    weighted = pd.Series(wide.to_numpy() @ np.array(G.TRUE_WEIGHTS), index=wide.index)
    csat = survey["csat"].reindex(wide.index)
    assert np.corrcoef(weighted, csat)[0, 1] > 0.8
    assert (weighted - csat).abs().mean() < 0.5
    # stated importance follows the respondent's own survey answers
    price = r[r["attribute"] == "价格"].set_index("customer_id")["importance"]
    assert np.corrcoef(price, survey["price_sensitivity"].reindex(price.index))[0, 1] > 0.3


def test_another_seed_gives_another_draw_of_the_same_model():
    other = make_attribute_ratings(seed=1)
    committed = load_attribute_ratings()
    assert not other["attributes"]["performance"].equals(committed["performance"])
    assert other["attributes"]["customer_id"].equals(committed["customer_id"])
    pd.testing.assert_frame_equal(other["attribute_weights"], attribute_weights_truth())
