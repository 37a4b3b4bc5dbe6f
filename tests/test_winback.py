"""crmlab.winback: episodes, the win-back rate over churned customers, the second lifetime, priorities."""

import pandas as pd
import pytest

from crmlab import CrmlabInputError, lifecycle
from crmlab import winback as W
from crmlab.datasets import load_course_shop

T = pd.DataFrame(
    {"customer_id": ["a", "a", "a", "a", "b", "b", "c"],
     "date": ["2024-01-01", "2024-02-01", "2024-10-01", "2024-10-11", "2024-01-01", "2024-02-01", "2024-12-01"],
     "profit": [10.0, 10.0, 5.0, 7.0, 8.0, 8.0, 3.0]}
)  # fmt: skip


def test_episodes_by_hand():
    e = W.lifetime_episodes(T, as_of="2024-12-31")
    assert e.loc["a"][["first_orders", "first_value", "first_days", "churned", "returned", "gap", "second_orders", "second_value", "second_days"]].tolist() == [
        2, 20.0, 31, True, True, 243, 2, 12.0, 10]  # fmt: skip
    assert e.loc["b", "churned"] and not e.loc["b", "returned"] and e.loc["b", "gap"] == 334
    assert not e.loc["c", "churned"] and e.loc["c", "value_per_order"] == 3.0
    assert W.winback_rate(e) == 0.5  # a came back; b did not; c never churned and is not in the base
    assert W.second_lifetime(e)["value"].tolist() == [20.0, 12.0]


def test_winback_rate_agrees_with_chapter_5s_funnel():
    shop = load_course_shop()
    e = W.lifetime_episodes(shop.transactions, as_of="2025-12-31")
    funnel = lifecycle.journey_funnel(shop.customers, shop.transactions, shop.channels, as_of="2025-12-31").set_index("stage")
    assert int(e["churned"].sum()) == funnel.at["流失", "count"] and int(e["returned"].sum()) == funnel.at["赢回", "count"]
    assert W.winback_rate(e) == pytest.approx(funnel.at["赢回", "rate"])
    lapses = lifecycle.win_backs(shop.transactions, as_of="2025-12-31")
    assert (e["returned"] == lapses["won_back"].reindex(e.index)).all()


def test_priorities_by_hand():
    e = pd.DataFrame({"first_orders": [1, 1, 5, 5], "first_value": [1.0] * 4, "churned": [True, True, True, True],
                      "returned": [False, True, True, True], "second_value": [0.0, 20, 100, 60]})  # fmt: skip
    w = W.winback_priorities(e, by="first_orders", edges=(1, 2), offer_cost=10)
    assert w.loc["[1, 2)"].tolist() == [2.0, 1.0, 0.5, 20.0, 0.0, 1.0]
    assert w.loc["≥ 2"].tolist() == [2.0, 2.0, 1.0, 80.0, 70.0, 0.0]
    with pytest.raises(CrmlabInputError, match="edges"):
        W.winback_priorities(e, by="first_orders", edges=(2, 3))
    with pytest.raises(CrmlabInputError, match="edges"):
        W.winback_priorities(e, by="first_orders", edges=(3, 2))


def test_bad_input():
    with pytest.raises(CrmlabInputError, match="gap_days"):
        W.lifetime_episodes(T, gap_days=0)
    e = W.lifetime_episodes(T.iloc[-1:], as_of="2024-12-31")
    with pytest.raises(CrmlabInputError, match="赢回率没有定义"):
        W.winback_rate(e)
    with pytest.raises(CrmlabInputError, match="episodes"):
        W.second_lifetime(e)
