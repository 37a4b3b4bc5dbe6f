"""Win-back (客户赢回): which churned customers to win back, the win-back rate, the "second lifetime".

- :func:`lifetime_episodes`: each customer's first lifetime (up to the first gap of more than
  ``gap_days`` without a purchase), whether they churned and came back, and the value of what
  they bought after coming back (the second lifetime). Churn and return are defined exactly as
  in :func:`crmlab.lifecycle.win_backs` and the journey funnel of chapter 5.
- :func:`winback_rate`: customers who came back / customers who churned (not / all buyers).
- :func:`second_lifetime`: first and second lifetimes of the customers who came back, side by side.
- :func:`winback_priorities`: by group of churned customers, the value if they come back × the
  probability that they do − the cost of trying.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._validation import CrmlabInputError, check_as_of, check_frame, check_number, check_numbers, check_transactions, fmt

__all__ = ["lifetime_episodes", "winback_rate", "winback_summary", "second_lifetime", "winback_priorities"]

def lifetime_episodes(
    transactions: pd.DataFrame,
    *,
    gap_days: int = 180,
    as_of: Any = None,
    customer: str = "customer_id",
    date: str = "date",
    value: str = "profit",
) -> pd.DataFrame:
    """Each customer's first lifetime, churn, return and second lifetime (两段客户生命).

    A customer has churned when they went more than ``gap_days`` without a purchase, between
    two orders or from the last order to ``as_of``; they came back when such a gap ended with
    an order. The first lifetime is everything up to the first such gap; the second lifetime
    is everything from the order that ended it to ``as_of``.

    Returns
    -------
    DataFrame
        Indexed by customer: ``first_orders``, ``first_value`` (sum of ``value``),
        ``first_days`` (first to last order of the first lifetime), ``value_per_order``
        (``first_value`` / ``first_orders``), ``churned``, ``returned``,
        ``gap`` (days of the first long gap; to ``as_of`` if they have not returned),
        ``second_orders``, ``second_value``, ``second_days`` (0 for customers who did not return).

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "b"], "date": ["2024-01-01", "2024-02-01", "2024-10-01",
    ...                   "2024-01-01", "2024-02-01"], "profit": [10.0, 10.0, 5.0, 8.0, 8.0]})
    >>> e = lifetime_episodes(t, as_of="2024-12-31")
    >>> e[["first_orders", "first_value", "churned", "returned", "second_value"]].values.tolist()
    [[2, 20.0, True, True, 5.0], [2, 16.0, True, False, 0.0]]
    """
    days = int(check_number("gap_days", gap_days, low=1, integer=True))
    log = check_transactions(transactions, customer=customer, date=date, amount=value)
    stamp = log[date].max() if as_of is None else check_as_of(as_of, log[date])
    known = log.loc[log[date] <= stamp, [customer, date, value]].sort_values([customer, date], kind="stable")
    gap = known.groupby(customer, observed=True)[date].diff().dt.days
    episode = (gap > days).groupby(known[customer], observed=True).cumsum()
    first = known[episode.to_numpy() == 0]
    later = known[episode.to_numpy() > 0]
    g1 = first.groupby(customer, observed=True)
    out = pd.DataFrame(
        {
            "first_orders": g1[date].size(),
            "first_value": g1[value].sum(),
            "first_days": (g1[date].max() - g1[date].min()).dt.days,
        }
    )
    g2 = later.groupby(customer, observed=True)
    second = pd.DataFrame({"second_orders": g2[date].size(), "second_value": g2[value].sum(),
                           "second_days": (g2[date].max() - g2[date].min()).dt.days})  # fmt: skip
    returned = out.index.isin(second.index)
    last_first = g1[date].max()
    back = g2[date].min().reindex(out.index)
    out["returned"] = returned
    out["churned"] = returned | ((stamp - last_first).dt.days > days).to_numpy()
    out["value_per_order"] = out["first_value"] / out["first_orders"]
    out["gap"] = np.where(returned, (back - last_first).dt.days, (stamp - last_first).dt.days)
    out = out.join(second).fillna({"second_orders": 0, "second_value": 0.0, "second_days": 0})
    out = out.astype({"first_orders": "int64", "second_orders": "int64", "second_days": "int64", "gap": "int64"})
    out.index.name = customer
    columns = ["first_orders", "first_value", "first_days", "value_per_order", "churned", "returned", "gap", "second_orders", "second_value", "second_days"]
    return out[columns]


def _episodes(episodes: pd.DataFrame) -> pd.DataFrame:
    check_frame(episodes, "episodes", ["first_orders", "first_value", "churned", "returned", "second_value"])
    return episodes


def winback_rate(episodes: pd.DataFrame) -> float:
    """The win-back rate: customers who came back / customers who churned (赢回率，以流失客户为基数).

    Not a share of all buyers: a customer who never churned cannot be won back.

    Examples
    --------
    >>> e = pd.DataFrame({"first_orders": [2, 2, 1], "first_value": [1.0, 1, 1], "churned": [True, True, False],
    ...                   "returned": [True, False, False], "second_value": [1.0, 0, 0]})
    >>> winback_rate(e)
    0.5
    """
    e = _episodes(episodes)
    churned = int(e["churned"].sum())
    if churned == 0:
        raise CrmlabInputError("episodes", "episodes 中没有流失的客户，赢回率没有定义", "no churned customers: the win-back rate is undefined")
    return float(e["returned"].sum() / churned)


def winback_summary(episodes: pd.DataFrame) -> pd.DataFrame:
    """Buyers, churned, came back, and the win-back rate over the right base and the wrong one (赢回概况).

    Rows ``item`` (Chinese) and ``value``: the win-back rate over churned customers, and the
    same count as a share of all buyers, which is not a win-back rate (issue 11).

    Examples
    --------
    >>> e = pd.DataFrame({"first_orders": [2, 2, 1, 1], "first_value": [1.0] * 4, "churned": [True, True, False, False],
    ...                   "returned": [True, False, False, False], "second_value": [1.0, 0, 0, 0]})
    >>> winback_summary(e)["value"].tolist()
    [4.0, 2.0, 1.0, 0.5, 0.25]
    """
    e = _episodes(episodes)
    rate = winback_rate(e)
    returned = float(e["returned"].sum())
    rows = [
        ("购买过的客户", float(len(e))),
        ("流失过的客户", float(e["churned"].sum())),
        ("流失后又回来的客户", returned),
        ("赢回率（以流失客户为基数）", rate),
        ("回来的客户占全部购买者（不是赢回率）", returned / len(e)),
    ]
    return pd.DataFrame(rows, columns=["item", "value"])


def second_lifetime(episodes: pd.DataFrame) -> pd.DataFrame:
    """First and second lifetime of the customers who came back, side by side (第二段生命的价值).

    Rows 第一段 and 第二段: ``customers``, ``orders`` (mean), ``value`` (mean) and ``days``
    (mean days from the first to the last order of the lifetime).

    Examples
    --------
    >>> e = pd.DataFrame({"first_orders": [2, 3], "first_value": [20.0, 40], "first_days": [30, 50], "churned": [True, True],
    ...                   "returned": [True, False], "second_orders": [1, 0], "second_value": [5.0, 0], "second_days": [0, 0]})
    >>> second_lifetime(e)["value"].tolist()
    [20.0, 5.0]
    """
    e = _episodes(episodes)
    back = e[e["returned"].astype(bool)]
    if back.empty:
        raise CrmlabInputError("episodes", "episodes 中没有回来的客户", "no customer came back")
    rows = [
        ("第一段", len(back), back["first_orders"].mean(), back["first_value"].mean(), back["first_days"].mean()),
        ("第二段", len(back), back["second_orders"].mean(), back["second_value"].mean(), back["second_days"].mean()),
    ]
    return pd.DataFrame(rows, columns=["lifetime", "customers", "orders", "value", "days"]).set_index("lifetime")


def _band_labels(edges: list[float]) -> list[str]:
    labels = [f"[{fmt(a)}, {fmt(b)})" for a, b in zip(edges[:-1], edges[1:])]
    return labels + [f"≥ {fmt(edges[-1])}"]


def winback_priorities(
    episodes: pd.DataFrame, *, by: str = "value_per_order", edges: Sequence[float] = (0, 15, 30, 45), offer_cost: float = 10.0
) -> pd.DataFrame:
    """Which churned customers are worth a win-back offer (赢回优先级): p × V − c by group.

    Churned customers are grouped by the column ``by`` of ``episodes`` (by default the mean
    value per order of their first lifetime), cut at ``edges`` (the last group is open). In
    each group, ``return_rate`` p is the share who came back, ``value_if_back`` V is the mean
    value of the second lifetime of those who did, and ``expected_net`` = p × V −
    ``offer_cost``; ``lapsed_now`` counts the group's churned customers who have not come back
    (the ones an offer would go to). p is how often such customers came back *without* an
    offer, so p × V is what they bring anyway; an offer is worth only the extra returns it
    causes (uplift, :mod:`crmlab.targeting`).

    Examples
    --------
    >>> e = pd.DataFrame({"first_orders": [1, 1, 5, 5], "first_value": [1.0] * 4, "churned": [True] * 4,
    ...                   "returned": [False, True, True, True], "second_value": [0.0, 20, 100, 60]})
    >>> w = winback_priorities(e, by="first_orders", edges=(1, 2), offer_cost=10)
    >>> w.index.tolist()
    ['[1, 2)', '≥ 2']
    >>> w[["churned", "return_rate", "value_if_back", "expected_net"]].values.tolist()
    [[2.0, 0.5, 20.0, 0.0], [2.0, 1.0, 80.0, 70.0]]
    """
    from ._columns import _column, _names

    e = _episodes(episodes)
    _column(e, "episodes", "by", by)
    cost = check_number("offer_cost", offer_cost, low=0, cap=1e9)
    cuts = [check_number("edges", x, cap=1e15) for x in _names("edges", edges)]
    if not cuts or cuts != sorted(set(cuts)):
        raise CrmlabInputError("edges", "分界值 edges 必须从小到大、互不相同", "edges must be increasing")
    churned = e[e["churned"].astype(bool)]
    if churned.empty:
        raise CrmlabInputError("episodes", "episodes 中没有流失的客户", "no churned customers")
    values = check_numbers(by, churned[by], low=None, high=None)
    below = int((values < cuts[0]).sum())
    if below:
        raise CrmlabInputError("edges", f"分界值 edges：有 {below} 位流失客户的 {by} 小于最低分界值 {fmt(cuts[0])}",
                               f"edges: {below} churned customer(s) have {by} below the first edge {fmt(cuts[0])}")  # fmt: skip
    labels = _band_labels(cuts)
    band = pd.cut(values, cuts + [np.inf], right=False, labels=labels)
    rows = []
    for label in labels:
        part = churned[(band == label).to_numpy()]
        back = part[part["returned"].astype(bool)]
        p = len(back) / len(part) if len(part) else np.nan
        v = float(back["second_value"].mean()) if len(back) else 0.0
        rows.append((label, float(len(part)), float(len(back)), p, v, p * v - cost, float(len(part) - len(back))))
    columns = ["band", "churned", "returned", "return_rate", "value_if_back", "expected_net", "lapsed_now"]
    return pd.DataFrame(rows, columns=columns).set_index("band")
