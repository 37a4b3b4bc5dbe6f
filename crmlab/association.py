"""Cross-selling and product association (交叉销售与产品关联): support, confidence and lift of item pairs,
a next-best-offer table, and the breadth of what each customer buys (customer share).

- :func:`baskets`: which items each basket holds (an order, or everything a customer bought).
- :func:`pair_rules`: for every ordered pair A → B, ``support`` = P(A and B), ``confidence`` =
  P(B | A) and ``lift`` = confidence / P(B) (above 1: bought together more often than chance).
- :func:`next_best_offer`: for each customer, the item not yet bought with the highest confidence
  given what they have bought.
- :func:`category_breadth`: how many categories each customer buys and what they spend, by breadth.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._validation import CrmlabInputError, check_choice, check_frame, check_number, check_numbers

__all__ = ["baskets", "pair_rules", "next_best_offer", "category_breadth"]


def baskets(
    lines: pd.DataFrame,
    orders: pd.DataFrame | None = None,
    *,
    level: str = "order",
    order: str = "order_id",
    item: str = "category",
    customer: str = "customer_id",
) -> pd.DataFrame:
    """Basket × item table of True/False: does the basket hold the item (购物篮矩阵).

    ``level="order"``: one basket per order; ``level="customer"``: everything a customer ever
    bought is one basket (needs ``orders``, e.g. the transaction log, to map each order to its
    customer). Quantities do not matter, only presence.

    Examples
    --------
    >>> lines = pd.DataFrame({"order_id": ["o1", "o1", "o2"], "category": ["茶叶", "茶具", "茶叶"]})
    >>> b = baskets(lines)
    >>> b.columns.tolist(), b.astype(int).values.tolist()
    (['茶具', '茶叶'], [[1, 1], [0, 1]])
    """
    from ._columns import _column

    _column(lines, "lines", "order", order)
    _column(lines, "lines", "item", item)
    check_choice("level", level, ["order", "customer"])
    key = lines[order]
    if level == "customer":
        if orders is None:
            raise CrmlabInputError("orders", "按客户分析时需要订单表 orders（例如交易记录：每张订单属于哪位客户）",
                                   "level='customer' needs orders to map orders to customers")  # fmt: skip
        _column(orders, "orders", "order", order)
        _column(orders, "orders", "customer", customer)
        owner = orders.drop_duplicates(order).set_index(order)[customer]
        key = lines[order].map(owner)
        unknown = int(key.isna().sum())
        if unknown:
            raise CrmlabInputError(order, f"订单号 {order}：lines 中有 {unknown} 行的订单不在订单表 orders 里",
                                   f"{order}: {unknown} line(s) have orders not in orders")
        key = key.rename(customer)
    if lines[item].isna().any():
        raise CrmlabInputError(item, f"lines 的列 {item} 有 {int(lines[item].isna().sum())} 行缺失", f"column {item} has missing values")
    table = pd.crosstab(key, lines[item].astype(str)) > 0
    table.columns.name = "item"
    return table


def pair_rules(basket_table: pd.DataFrame, *, min_support: float = 0.0) -> pd.DataFrame:
    """Support, confidence and lift of every ordered item pair A → B (关联规则：支持度、置信度、提升度).

    With N baskets: ``support`` = n(A and B) / N; ``confidence`` = n(A and B) / n(A), the
    share of baskets with A that also hold B; ``lift`` = confidence / (n(B) / N). Pairs whose
    support is below ``min_support`` are left out (the count is in ``attrs["dropped"]``).
    Sorted by lift, highest first.

    Examples
    --------
    >>> b = pd.DataFrame({"茶叶": [1, 1, 1, 0], "茶具": [1, 1, 0, 0], "零食": [0, 0, 1, 1]}).astype(bool)
    >>> r = pair_rules(b)
    >>> r[["antecedent", "consequent", "support", "confidence", "lift"]].head(2).round(3).values.tolist()
    [['茶叶', '茶具', 0.5, 0.667, 1.333], ['茶具', '茶叶', 0.5, 1.0, 1.333]]
    """
    check_frame(basket_table, "basket_table", [])
    minimum = check_number("min_support", min_support, low=0, high=1)
    values = basket_table.to_numpy()
    if values.dtype != bool:
        numbers = check_numbers("basket_table", pd.Series(values.ravel()), low=0, high=1)
        values = numbers.to_numpy().reshape(values.shape) > 0
    x = values.astype(np.int64)
    n = len(x)
    both = x.T @ x
    single = np.diag(both).astype(float)
    items = [str(c) for c in basket_table.columns]
    rows = []
    for i, a in enumerate(items):
        for j, b in enumerate(items):
            if i == j or single[i] == 0 or single[j] == 0:
                continue
            support = both[i, j] / n
            confidence = both[i, j] / single[i]
            rows.append((a, b, int(both[i, j]), single[i] / n, single[j] / n, support, confidence, confidence / (single[j] / n)))
    columns = ["antecedent", "consequent", "baskets", "antecedent_support", "consequent_support", "support", "confidence", "lift"]
    out = pd.DataFrame(rows, columns=columns)
    kept = out[out["support"] >= minimum]
    kept = kept.sort_values(["lift", "support"], ascending=False, kind="stable").reset_index(drop=True)
    kept.attrs["dropped"] = len(out) - len(kept)
    return kept


def next_best_offer(customer_baskets: pd.DataFrame, rules: pd.DataFrame, *, by: str = "confidence") -> pd.DataFrame:
    """The next best offer for each customer (下一个最佳推荐): the item not yet bought with the best rule.

    For every customer (a row of a customer-level :func:`baskets` table) and every item they
    have not bought, the best rule A → item whose A they have bought, ranked by ``by``
    (``"confidence"``: the estimated chance of buying it; ``"lift"``); rules with confidence 0
    are not used. Customers who have bought every item, or no item with a rule, get no offer
    and are left out.

    Returns
    -------
    DataFrame
        Indexed by customer: ``bought`` (items bought, joined by 、), ``offer``, ``because``
        (the antecedent), ``confidence``, ``lift``.

    Examples
    --------
    >>> b = pd.DataFrame({"茶叶": [1, 1, 1, 0], "茶具": [1, 1, 0, 0], "零食": [0, 0, 1, 1]}, index=list("abcd")).astype(bool)
    >>> next_best_offer(b, pair_rules(b))[["offer", "because", "confidence"]].round(3).values.tolist()
    [['零食', '茶叶', 0.333], ['零食', '茶叶', 0.333], ['茶具', '茶叶', 0.667], ['茶叶', '零食', 0.5]]
    """
    check_frame(customer_baskets, "customer_baskets", [])
    check_frame(rules, "rules", ["antecedent", "consequent", "confidence", "lift"])
    check_choice("by", by, ["confidence", "lift"])
    ranked = rules[rules["confidence"] > 0]
    ranked = ranked.sort_values([by, "support"] if "support" in ranked else [by], ascending=False, kind="stable")
    items = [str(c) for c in customer_baskets.columns]
    held = customer_baskets.to_numpy().astype(bool)
    rows = []
    for name, has in zip(customer_baskets.index, held):
        bought = {item for item, h in zip(items, has) if h}
        usable = ranked[ranked["antecedent"].isin(bought) & ~ranked["consequent"].isin(bought)]
        if usable.empty:
            continue
        best = usable.iloc[0]
        rows.append((name, "、".join(i for i in items if i in bought), best["consequent"], best["antecedent"], float(best["confidence"]), float(best["lift"])))
    out = pd.DataFrame(rows, columns=["customer", "bought", "offer", "because", "confidence", "lift"]).set_index("customer")
    out.index.name = customer_baskets.index.name or "customer"
    return out


def category_breadth(customer_baskets: pd.DataFrame, value: Any) -> pd.DataFrame:
    """Customers by the number of categories they buy: how many, and their mean value (购买品类数与客户份额).

    ``value`` is each customer's value (spend or profit), indexed like ``customer_baskets``.
    Rows: number of categories; columns ``customers``, ``mean_value``, ``customer_share`` and
    ``value_share`` (the share of all customers' value).

    Examples
    --------
    >>> b = pd.DataFrame({"茶叶": [1, 1, 0], "茶具": [1, 0, 0], "零食": [0, 0, 1]}, index=list("abc")).astype(bool)
    >>> category_breadth(b, pd.Series({"a": 90.0, "b": 30.0, "c": 20.0}))[["customers", "mean_value"]].values.tolist()
    [[2.0, 25.0], [1.0, 90.0]]
    """
    check_frame(customer_baskets, "customer_baskets", [])
    values = value if isinstance(value, pd.Series) else pd.Series(value, index=customer_baskets.index)
    aligned = values.reindex(customer_baskets.index)
    missing = int(aligned.isna().sum())
    if missing:
        raise CrmlabInputError("value", f"价值 value：有 {missing} 位客户没有值", f"value: {missing} customer(s) have no value")
    amount = check_numbers("value", aligned, low=None)
    n = customer_baskets.to_numpy().astype(bool).sum(axis=1)
    frame = pd.DataFrame({"categories": n, "value": amount.to_numpy()})
    out = frame.groupby("categories").agg(customers=("value", "size"), mean_value=("value", "mean"), total=("value", "sum"))
    out["customers"] = out["customers"].astype(float)
    out["customer_share"] = out["customers"] / out["customers"].sum()
    out["value_share"] = out["total"] / out["total"].sum()
    return out.drop(columns="total")
