"""crmlab.association: support, confidence and lift (against a brute-force count and mlxtend), next best offer."""

import itertools

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlab import CrmlabInputError
from crmlab import association as A
from crmlab._shop_campaign import COMPLEMENTS
from crmlab.datasets import load_basket_lines

LINES = pd.DataFrame({"order_id": ["o1", "o1", "o2", "o3", "o3", "o4"], "category": ["茶叶", "茶具", "茶叶", "茶叶", "零食", "零食"],
                      "quantity": [1, 2, 1, 1, 1, 3]})  # fmt: skip


def test_rules_by_hand():
    r = A.pair_rules(A.baskets(LINES)).set_index(["antecedent", "consequent"])
    # 4 baskets: 茶叶 in 3, 茶具 in 1, 零食 in 2; 茶叶 & 茶具 in 1, 茶叶 & 零食 in 1
    assert r.loc[("茶具", "茶叶"), ["support", "confidence", "lift"]].tolist() == pytest.approx([0.25, 1.0, 4 / 3])
    assert r.loc[("茶叶", "零食"), ["support", "confidence", "lift"]].tolist() == pytest.approx([0.25, 1 / 3, 2 / 3])
    assert r.loc[("茶具", "零食"), "baskets"] == 0


def _brute_force(rows):
    n = len(rows)
    items = sorted({i for row in rows for i in row})
    out = {}
    for a, b in itertools.permutations(items, 2):
        n_a = sum(a in row for row in rows)
        n_b = sum(b in row for row in rows)
        n_ab = sum(a in row and b in row for row in rows)
        out[(a, b)] = (n_ab / n, n_ab / n_a, n_ab / n_a / (n_b / n))
    return out


@given(st.lists(st.sets(st.sampled_from("ABCDE"), min_size=1), min_size=1, max_size=30))
def test_rules_match_a_brute_force_count(rows):
    table = pd.DataFrame([{i: i in row for i in sorted(set().union(*rows))} for row in rows])
    got = A.pair_rules(table).set_index(["antecedent", "consequent"])
    expected = _brute_force(rows)
    assert len(got) == len(expected)
    for key, values in expected.items():
        assert got.loc[key, ["support", "confidence", "lift"]].tolist() == pytest.approx(values)


def test_rules_match_mlxtend():
    frequent = pytest.importorskip("mlxtend.frequent_patterns", reason="mlxtend cross-check (crosscheck extra)")
    b = A.baskets(load_basket_lines().head(3000))
    itemsets = frequent.apriori(b, min_support=0.001, use_colnames=True, max_len=2)
    reference = frequent.association_rules(itemsets, metric="support", min_threshold=0.001)
    reference = reference[(reference["antecedents"].map(len) == 1) & (reference["consequents"].map(len) == 1)]
    ref = {(next(iter(a)), next(iter(c))): (s, conf, lift) for a, c, s, conf, lift in
           reference[["antecedents", "consequents", "support", "confidence", "lift"]].itertuples(index=False)}  # fmt: skip
    got = A.pair_rules(b, min_support=0.001).set_index(["antecedent", "consequent"])
    assert set(ref) == set(got.index)
    for key, values in ref.items():
        assert got.loc[key, ["support", "confidence", "lift"]].tolist() == pytest.approx(values)


def test_min_support_drops_and_counts():
    r = A.pair_rules(A.baskets(LINES), min_support=0.2)
    assert len(r) == 4 and r.attrs["dropped"] == 2


def test_customer_level_baskets_and_next_best_offer():
    t = pd.DataFrame({"order_id": ["o1", "o2", "o3", "o4"], "customer_id": ["x", "x", "y", "z"]})
    cb = A.baskets(LINES, t, level="customer")
    assert cb.loc["x"].tolist() == [True, True, False]  # columns 茶具, 茶叶, 零食
    rules = A.pair_rules(A.baskets(LINES))
    nbo = A.next_best_offer(cb, rules)
    assert nbo.loc["x", "offer"] == "零食" and nbo.loc["x", "because"] == "茶叶"
    assert nbo.loc["z", "offer"] == "茶叶" and nbo.loc["z", "confidence"] == pytest.approx(0.5)
    assert nbo.loc["x", "bought"] == "茶具、茶叶"


def test_breadth_by_hand():
    b = pd.DataFrame({"茶叶": [1, 1, 0], "茶具": [1, 0, 0]}, index=list("abc")).astype(bool)
    out = A.category_breadth(b, pd.Series({"a": 90.0, "b": 30.0, "c": 0.0}))
    assert out.index.tolist() == [0, 1, 2] and out["value_share"].tolist() == pytest.approx([0, 0.25, 0.75])
    with pytest.raises(CrmlabInputError, match="value"):
        A.category_breadth(b, pd.Series({"a": 1.0}))


def test_the_built_in_complements_have_the_highest_lift():
    rules = A.pair_rules(A.baskets(load_basket_lines()))
    top = {frozenset(p) for p in rules.head(2 * len(COMPLEMENTS))[["antecedent", "consequent"]].itertuples(index=False)}
    assert top == {frozenset(p) for p in COMPLEMENTS}


def test_bad_input():
    with pytest.raises(CrmlabInputError, match="orders"):
        A.baskets(LINES, level="customer")
    with pytest.raises(CrmlabInputError, match="level"):
        A.baskets(LINES, level="shop")
    with pytest.raises(CrmlabInputError, match="order_id"):
        A.baskets(LINES, pd.DataFrame({"order_id": ["o1"], "customer_id": ["x"]}), level="customer")
    with pytest.raises(CrmlabInputError, match="min_support"):
        A.pair_rules(A.baskets(LINES), min_support=2)
    with pytest.raises(CrmlabInputError, match="basket_table"):
        A.pair_rules(pd.DataFrame({"a": [2.0, 0.0]}))
