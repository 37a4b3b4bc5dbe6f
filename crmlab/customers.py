"""Classifying customers (客户分类): by importance, loyalty and state, value, and value-providing ability.

- Importance (重要性): the Pareto table of customers sorted by value, ABC classes
  (or 贵宾型 / 重要型 / 普通型), the Lorenz curve, the Gini coefficient, and the
  share of value held by the top 20% (the "20/80 rule" checked on data).
- Loyalty and state (忠诚度与状态): from a transaction log at a date ``as_of``,
  each person is 潜在客户 / 新客户 / 老客户 / 忠诚客户 / 流失客户 (loyalty), or in
  the state model 潜在 → 目标 → 现实 (初次购买 / 重复购买 / 忠诚) → 流失; the
  thresholds are explicit parameters; transitions between two dates.
- Value tiers (高 / 中 / 低价值) by customer share or by threshold.
- Value-providing ability (提供价值的能力): 灯塔型 / 跟随型 / 理性型 / 逐利型 from
  survey scores, by explicit rules (:data:`TYPOLOGY_RULES`).

Functions take a per-customer value as a pandas Series indexed by customer id
(see :func:`customer_totals`), or a transaction log. Inputs are never modified.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._validation import (
    CrmlabInputError,
    CrmlabTypeError,
    check_as_of,
    check_choice,
    check_column_name,
    check_date,
    check_flags,
    check_frame,
    check_number,
    check_numbers,
    check_transactions,
    parse_dates,
)

__all__ = [
    "ABC_LABELS",
    "IMPORTANCE_LABELS",
    "TIER_LABELS",
    "LOYALTY_CLASSES",
    "STATES",
    "VALUE_TYPES",
    "TYPOLOGY_RULES",
    "customer_totals",
    "monthly_activity",
    "pareto_table",
    "abc_classes",
    "class_summary",
    "lorenz_curve",
    "gini",
    "top_share",
    "value_tiers",
    "customer_profile",
    "loyalty_classes",
    "customer_states",
    "state_transitions",
    "value_ability_types",
    "rule_vs_truth",
    "concentration",
    "typology_rules",
    "tier_comparison",
]

ABC_LABELS: tuple[str, str, str] = ("A", "B", "C")
#: The textbook's classes by importance: the first two together are about 20% of customers.
IMPORTANCE_LABELS: tuple[str, str, str] = ("贵宾型", "重要型", "普通型")
TIER_LABELS: tuple[str, str, str] = ("高价值", "中价值", "低价值")
LOYALTY_CLASSES: tuple[str, ...] = ("潜在客户", "新客户", "老客户", "忠诚客户", "流失客户")
STATES: tuple[str, ...] = ("潜在客户", "目标客户", "初次购买客户", "重复购买客户", "忠诚客户", "流失客户")
VALUE_TYPES: tuple[str, ...] = ("灯塔型", "跟随型", "理性型", "逐利型")


# ------------------------------------------------------------------- importance


def _check_values(values: Any, *, name: str = "values", non_negative: bool = True) -> pd.Series:
    if isinstance(values, pd.DataFrame) and values.shape[1] == 1:
        values = values.iloc[:, 0]
    if not isinstance(values, pd.Series):
        raise CrmlabInputError(
            name,
            f"{name} 必须是以客户编号为索引的 pandas Series（例如 customer_totals(...) 的结果），收到 {type(values).__name__}",
            f"{name} must be a pandas Series indexed by customer id, got {type(values).__name__}",
        )
    if len(values) == 0:
        raise CrmlabInputError(name, f"{name} 是空的，没有客户", f"{name} is empty")
    numeric = pd.to_numeric(values, errors="coerce")
    bad = int(numeric.isna().sum())
    if bad:
        raise CrmlabInputError(
            name, f"{name} 有 {bad} 位客户的价值缺失或不是数字", f"{name} has {bad} missing or non-numeric value(s)"
        )
    check_numbers(name, values)  # booleans, complex numbers, dates, infinities and values above MAX_AMOUNT
    if non_negative and (numeric < 0).any():
        n = int((numeric < 0).sum())
        raise CrmlabInputError(
            name,
            f"{name} 有 {n} 位客户的价值为负数；ABC 分析、洛伦兹曲线和基尼系数要求价值不为负（可以单独列出亏损客户）",
            f"{name} has {n} negative value(s); the Pareto analysis needs non-negative values",
        )
    if not values.index.is_unique:
        n = int(values.index.duplicated().sum())
        raise CrmlabInputError(
            name, f"{name} 的客户编号有 {n} 个重复；请先按客户汇总", f"{name} has {n} duplicated customer id(s)"
        )
    return numeric.astype(float)


def customer_totals(
    transactions: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "date",
    value: str = "amount",
    as_of: Any = None,
) -> pd.Series:
    """Total ``value`` (e.g. amount or profit) per customer, optionally up to ``as_of`` (客户价值汇总).

    Transactions dated after ``as_of`` are not counted (the total "as of" that
    day). Rows are checked by :func:`crmlab._validation.check_transactions`.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "b", "a"], "date": ["2024-01-01", "2024-01-02", "2024-03-01"],
    ...                   "amount": [10.0, 5.0, 7.0]})
    >>> customer_totals(t).to_dict()
    {'a': 17.0, 'b': 5.0}
    >>> customer_totals(t, as_of="2024-02-01").to_dict()
    {'a': 10.0, 'b': 5.0}
    """
    checked = check_transactions(transactions, customer=customer, date=date, amount=value)
    if as_of is not None:
        stamp = check_as_of(as_of, checked[date])
        checked = checked[checked[date] <= stamp]
    return checked.groupby(customer, sort=True, observed=True)[value].sum().rename(value)


def monthly_activity(
    transactions: pd.DataFrame, *, customer: str = "customer_id", date: str = "date", amount: str = "amount"
) -> pd.DataFrame:
    """Orders, active customers, first-time buyers and sales per calendar month (月度经营概况).

    Returns
    -------
    pandas.DataFrame
        ``month`` (first day of the month), ``orders``, ``customers`` (with at
        least one order that month), ``new_customers`` (first order that
        month) and ``amount`` (sum). Months without orders are included with 0.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "a", "b"], "date": ["2024-01-03", "2024-03-09", "2024-03-10"],
    ...                   "amount": [10.0, 20.0, 5.0]})
    >>> m = monthly_activity(t)
    >>> m["orders"].tolist(), m["customers"].tolist(), m["new_customers"].tolist(), m["amount"].tolist()
    ([1, 0, 2], [1, 0, 2], [1, 0, 1], [10.0, 0.0, 25.0])
    """
    checked = check_transactions(transactions, customer=customer, date=date, amount=amount)
    month = checked[date].dt.to_period("M")
    grouped = checked.assign(_month=month).groupby("_month", observed=True)
    months = pd.period_range(month.min(), month.max(), freq="M")
    first_month = checked.groupby(customer, observed=True)[date].min().dt.to_period("M")
    table = pd.DataFrame(
        {
            "month": months.to_timestamp(),
            "orders": grouped.size().reindex(months, fill_value=0).to_numpy(dtype="int64"),
            "customers": grouped[customer].nunique().reindex(months, fill_value=0).to_numpy(dtype="int64"),
            "new_customers": first_month.value_counts().reindex(months, fill_value=0).to_numpy(dtype="int64"),
            "amount": grouped[amount].sum().reindex(months, fill_value=0.0).to_numpy(dtype=float),
        }
    )
    return table


def pareto_table(values: pd.Series) -> pd.DataFrame:
    """Customers sorted by value, largest first, with shares and cumulative shares (帕累托表).

    Ties are broken by customer id, so the table is the same on every run.

    Returns
    -------
    pandas.DataFrame
        The customer id column (named after the index, ``customer_id`` if
        unnamed), ``value``, ``share`` (of the total), ``cumulative_share``,
        ``rank`` (1 = largest) and ``customer_share`` (``rank / n``).

    Examples
    --------
    >>> t = pareto_table(pd.Series({"a": 20.0, "b": 50.0, "c": 30.0}))
    >>> t[["customer_id", "share", "cumulative_share"]].values.tolist()
    [['b', 0.5, 0.5], ['c', 0.3, 0.8], ['a', 0.2, 1.0]]
    """
    v = _check_values(values)
    total = float(v.sum())
    if total == 0:
        raise CrmlabInputError("values", "所有客户的价值都是 0，无法计算占比", "every value is 0; shares are undefined")
    key = v.index.name or "customer_id"
    frame = pd.DataFrame({key: v.index, "value": v.to_numpy()})
    frame = frame.sort_values([key]).sort_values("value", ascending=False, kind="stable", ignore_index=True)
    n = len(frame)
    frame["share"] = frame["value"] / total
    frame["cumulative_share"] = frame["value"].cumsum() / total
    frame["rank"] = np.arange(1, n + 1)
    frame["customer_share"] = frame["rank"] / n
    return frame


def _check_cutoffs(cutoffs: Sequence[float], labels: Sequence[str]) -> tuple[float, float]:
    _check_pair("cutoffs", cutoffs)
    if isinstance(labels, str) or not hasattr(labels, "__len__"):
        raise CrmlabTypeError("labels", f"labels 必须是三个类别名的列表，收到 {labels!r}", f"labels must be a list of three names, got {labels!r}")
    if len(cutoffs) != 2 or len(labels) != 3:
        raise CrmlabInputError(
            "cutoffs", "cutoffs 需要两个分界值，labels 需要三个类别名", "cutoffs needs two values and labels three names"
        )
    a = check_number("cutoffs", cutoffs[0], low=0, high=1, low_open=True)
    b = check_number("cutoffs", cutoffs[1], low=0, high=1, low_open=True)
    if not a < b:
        raise CrmlabInputError(
            "cutoffs", f"cutoffs 的第一个分界值必须小于第二个，收到 {a:g} 和 {b:g}", f"cutoffs must increase, got {a:g}, {b:g}"
        )
    return a, b


def _check_pair(name: str, values: Any) -> None:
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__len__") or not hasattr(values, "__getitem__"):
        raise CrmlabTypeError(
            name, f"{name} 必须是两个数字组成的列表，例如 (0.8, 0.95)，收到 {values!r}", f"{name} must be a pair of numbers, got {values!r}"
        )


def abc_classes(
    values: pd.Series,
    *,
    cutoffs: Sequence[float] = (0.8, 0.95),
    basis: str = "value",
    labels: Sequence[str] = ABC_LABELS,
) -> pd.DataFrame:
    """ABC classification of customers by the value they bring (ABC 分类).

    ``basis="value"`` (the classic ABC analysis): customers, largest first, are
    class A until their cumulative share of value reaches ``cutoffs[0]`` (80%),
    then B until ``cutoffs[1]`` (95%), then C. The customer who crosses a
    cut-off belongs to the class before it, so class A holds at least 80% of
    the value.

    ``basis="customers"``: the top ``cutoffs[0]`` share of customers (by count)
    is A, the next up to ``cutoffs[1]`` is B, the rest C. With
    ``cutoffs=(0.05, 0.2)`` and ``labels=IMPORTANCE_LABELS`` this gives the
    textbook's 贵宾型 / 重要型 / 普通型.

    Returns
    -------
    pandas.DataFrame
        :func:`pareto_table` with a ``class`` column (ordered categorical).

    Examples
    --------
    >>> v = pd.Series({"a": 500.0, "b": 300.0, "c": 100.0, "d": 60.0, "e": 40.0})
    >>> abc_classes(v)["class"].tolist()
    ['A', 'A', 'B', 'B', 'C']
    >>> abc_classes(v, basis="customers", cutoffs=(0.2, 0.6))["class"].tolist()
    ['A', 'B', 'B', 'C', 'C']
    """
    check_choice("basis", basis, ["value", "customers"])
    a, b = _check_cutoffs(cutoffs, labels)
    table = pareto_table(values)
    if basis == "value":
        before = (table["cumulative_share"] - table["share"]).to_numpy()
        eps = 1e-12
        codes = np.where(before < a - eps, 0, np.where(before < b - eps, 1, 2))
    else:
        n = len(table)
        rank = table["rank"].to_numpy()
        codes = np.where(rank <= math.floor(a * n + 1e-9), 0, np.where(rank <= math.floor(b * n + 1e-9), 1, 2))
    table["class"] = pd.Categorical.from_codes(codes, categories=list(labels), ordered=True)
    return table


def class_summary(table: pd.DataFrame, *, by: str = "class") -> pd.DataFrame:
    """Per class: number and share of customers, total and share of value, mean value (分类汇总).

    Examples
    --------
    >>> v = pd.Series({"a": 500.0, "b": 300.0, "c": 100.0, "d": 60.0, "e": 40.0})
    >>> class_summary(abc_classes(v))[["class", "customers", "value_share"]].round(2).values.tolist()
    [['A', 2, 0.8], ['B', 2, 0.16], ['C', 1, 0.04]]
    """
    check_frame(table, "table", [by, "value"])
    check_numbers("value", table["value"])
    if table[by].isna().any():
        n = int(table[by].isna().sum())
        raise CrmlabInputError(by, f"列 {by} 有 {n} 行缺失，这些客户不属于任何类别", f"column {by} has {n} missing value(s)")
    grouped = table.groupby(by, observed=False)["value"]
    out = pd.DataFrame({"customers": grouped.size(), "value": grouped.sum(), "mean_value": grouped.mean()})
    out.insert(1, "customer_share", out["customers"] / len(table))
    out.insert(3, "value_share", out["value"] / table["value"].sum())
    return out.rename_axis(by).reset_index()


def lorenz_curve(values: pd.Series) -> pd.DataFrame:
    """The Lorenz curve of customer value (洛伦兹曲线): customers sorted from smallest to largest.

    Returns
    -------
    pandas.DataFrame
        ``customer_share`` and ``value_share``, from (0, 0) to (1, 1); ``n + 1`` rows.

    Examples
    --------
    >>> lorenz_curve(pd.Series([1.0, 3.0]))["value_share"].tolist()
    [0.0, 0.25, 1.0]
    """
    v = np.sort(_check_values(values).to_numpy())
    total = v.sum()
    if total == 0:
        raise CrmlabInputError("values", "所有客户的价值都是 0，无法画洛伦兹曲线", "every value is 0")
    n = len(v)
    return pd.DataFrame(
        {"customer_share": np.arange(n + 1) / n, "value_share": np.concatenate([[0.0], np.cumsum(v) / total])}
    )


def gini(values: pd.Series) -> float:
    """Gini coefficient of customer value (基尼系数): 0 = all customers equal, near 1 = one customer has everything.

    Twice the area between the diagonal and the Lorenz curve (the curve taken
    as straight lines between customers), i.e. ``Σ (2i - n - 1) x_(i) / (n Σ x)``
    with values sorted ascending.

    Examples
    --------
    >>> gini(pd.Series([1.0, 1.0, 1.0, 1.0]))
    0.0
    >>> round(gini(pd.Series([0.0, 0.0, 0.0, 10.0])), 4)
    0.75
    """
    v = np.sort(_check_values(values).to_numpy())
    total = v.sum()
    if total == 0:
        raise CrmlabInputError("values", "所有客户的价值都是 0，基尼系数没有定义", "every value is 0; the Gini coefficient is undefined")
    n = len(v)
    i = np.arange(1, n + 1)
    return float(np.sum((2 * i - n - 1) * v) / (n * total))


def top_share(values: pd.Series, *, top: float = 0.2) -> float:
    """Share of the total value brought by the top ``top`` fraction of customers (前 20% 客户的贡献).

    Read off the Lorenz curve (linear between customers), so it is defined for
    any number of customers: ``1 - L(1 - top)``. The "20/80 rule" says this is
    about 0.8 for ``top=0.2``.

    Examples
    --------
    >>> top_share(pd.Series([40.0, 60.0, 100.0, 300.0, 500.0]), top=0.2)
    0.5
    >>> round(top_share(pd.Series([1.0] * 10), top=0.2), 12)
    0.2
    """
    t = check_number("top", top, low=0, high=1)
    curve = lorenz_curve(values)
    return float(1.0 - np.interp(1.0 - t, curve["customer_share"], curve["value_share"]))


def value_tiers(
    values: pd.Series,
    *,
    shares: Sequence[float] = (0.2, 0.5),
    thresholds: Sequence[float] | None = None,
    labels: Sequence[str] = TIER_LABELS,
) -> pd.DataFrame:
    """High, middle and low value tiers (高 / 中 / 低价值客户).

    By default by customer share: the top ``shares[0]`` of customers (20%) are
    高价值, the next up to ``shares[1]`` (50%) 中价值, the rest 低价值. With
    ``thresholds=(high, mid)`` in yuan instead: value at or above ``high`` is
    高价值, at or above ``mid`` 中价值, else 低价值.

    Returns
    -------
    pandas.DataFrame
        :func:`pareto_table` with a ``tier`` column (ordered categorical).

    Examples
    --------
    >>> v = pd.Series({"a": 500.0, "b": 300.0, "c": 100.0, "d": 60.0, "e": 40.0})
    >>> value_tiers(v, shares=(0.2, 0.6))["tier"].tolist()
    ['高价值', '中价值', '中价值', '低价值', '低价值']
    >>> value_tiers(v, thresholds=(300, 60))["tier"].tolist()
    ['高价值', '高价值', '中价值', '中价值', '低价值']
    """
    if thresholds is None:
        table = abc_classes(values, cutoffs=shares, basis="customers", labels=labels)
        return table.rename(columns={"class": "tier"})
    _check_pair("thresholds", thresholds)
    if len(thresholds) != 2 or len(labels) != 3:
        raise CrmlabInputError("thresholds", "thresholds 需要两个值 (高, 中)", "thresholds needs two values (high, mid)")
    high = check_number("thresholds", thresholds[0])
    mid = check_number("thresholds", thresholds[1])
    if not mid <= high:
        raise CrmlabInputError(
            "thresholds", f"thresholds 应为 (高, 中) 且高 ≥ 中，收到 ({high:g}, {mid:g})", "thresholds must be (high, mid), high >= mid"
        )
    table = pareto_table(values)
    codes = np.where(table["value"] >= high, 0, np.where(table["value"] >= mid, 1, 2))
    table["tier"] = pd.Categorical.from_codes(codes, categories=list(labels), ordered=True)
    return table


# ------------------------------------------------------------ loyalty and state


def customer_profile(
    transactions: pd.DataFrame,
    people: pd.DataFrame | None = None,
    *,
    as_of: Any,
    customer: str = "customer_id",
    date: str = "date",
    targeted: str | None = "targeted",
    since: str | None = "lead_date",
) -> pd.DataFrame:
    """What is known about each person at ``as_of`` (客户档案): first and last purchase, orders, tenure.

    Transactions after ``as_of`` are not yet known and are not used. ``people``
    (optional) lists everyone the firm knows, buyers or not, by the same id
    column ``customer``; a ``targeted`` column (True/False, 1/0 or 是/否, read strictly) marks prospects selected
    as targets and a ``since`` column (date) when the person became known;
    people known only after ``as_of`` are left out. Buyers missing from
    ``people`` are still included.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer id: ``first_purchase``, ``last_purchase`` (NaT for
        non-buyers), ``orders`` (transaction rows up to ``as_of``),
        ``tenure_days`` (days from the first purchase to ``as_of``),
        ``recency_days`` (days from the last purchase to ``as_of``) and
        ``targeted``.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "a", "b"], "date": ["2024-01-01", "2024-03-01", "2024-02-15"]})
    >>> p = customer_profile(t, as_of="2024-03-31")
    >>> p[["orders", "tenure_days", "recency_days"]].values.tolist()
    [[2, 90, 30], [1, 45, 45]]
    """
    checked = check_transactions(transactions, customer=customer, date=date, amount=None)
    stamp = check_as_of(as_of, checked[date])
    known = checked[checked[date] <= stamp]
    grouped = known.groupby(customer, observed=True)[date]
    profile = pd.DataFrame({"first_purchase": grouped.min(), "last_purchase": grouped.max(), "orders": grouped.size()})
    profile["targeted"] = False
    if people is not None:
        check_frame(people, "people", [customer])
        p = people.copy()
        if p[customer].isna().any():
            n = int(p[customer].isna().sum())
            raise CrmlabInputError(customer, f"people 的列 {customer} 有 {n} 行缺少编号", f"people: column {customer} has {n} missing id(s)")
        if not p[customer].is_unique:
            n = int(p[customer].duplicated().sum())
            raise CrmlabInputError(customer, f"people 的列 {customer} 有 {n} 个重复编号", f"people: {n} duplicated id(s)")
        if since is not None and since in p.columns:
            lead = parse_dates(since, p[since])
            bad = int((lead.isna() & p[since].notna()).sum())
            if bad:
                raise CrmlabInputError(since, f"people 的列 {since} 有 {bad} 行无法读成日期", f"people: {bad} unreadable date(s) in {since}")
            p = p[~(lead > stamp)]
        flags = check_flags(targeted, p.set_index(customer)[targeted]) if targeted is not None and targeted in p.columns else None
        profile = profile.reindex(profile.index.union(pd.Index(p[customer])))
        profile["orders"] = profile["orders"].fillna(0).astype("int64")
        profile["targeted"] = False
        if flags is not None:
            profile.loc[flags.index, "targeted"] = flags.to_numpy()
    profile.index.name = customer
    profile["tenure_days"] = (stamp - profile["first_purchase"]).dt.days.astype("Int64")
    profile["recency_days"] = (stamp - profile["last_purchase"]).dt.days.astype("Int64")
    profile["targeted"] = profile["targeted"].astype(bool)
    return profile[["first_purchase", "last_purchase", "orders", "tenure_days", "recency_days", "targeted"]]


def _rules(new_days: float, churn_days: float, loyal_orders: float, loyal_days: float) -> tuple[int, int, int, int]:
    return (
        int(check_number("new_days", new_days, low=0, integer=True)),
        int(check_number("churn_days", churn_days, low=1, integer=True)),
        int(check_number("loyal_orders", loyal_orders, low=2, integer=True)),
        int(check_number("loyal_days", loyal_days, low=0, integer=True)),
    )


def _masks(profile: pd.DataFrame, new_days: int, churn_days: int, loyal_orders: int, loyal_days: int):
    bought = profile["orders"].to_numpy() > 0
    recency = profile["recency_days"].fillna(-1).to_numpy()
    tenure = profile["tenure_days"].fillna(-1).to_numpy()
    orders = profile["orders"].to_numpy()
    churned = bought & (recency > churn_days)
    loyal = bought & ~churned & (orders >= loyal_orders) & (tenure >= loyal_days)
    return bought, churned, loyal, tenure, orders


def loyalty_classes(
    transactions: pd.DataFrame,
    people: pd.DataFrame | None = None,
    *,
    as_of: Any,
    new_days: int = 90,
    churn_days: int = 180,
    loyal_orders: int = 5,
    loyal_days: int = 365,
    **columns: Any,
) -> pd.DataFrame:
    """Classify each person by loyalty at ``as_of`` (按忠诚度分类), with explicit rules.

    Rules, applied in this order:

    1. 潜在客户: no purchase up to ``as_of`` (known only from ``people``);
    2. 流失客户: the last purchase is more than ``churn_days`` days before ``as_of``;
    3. 忠诚客户: at least ``loyal_orders`` orders and a first purchase at least
       ``loyal_days`` days before ``as_of``;
    4. 新客户: the first purchase is at most ``new_days`` days before ``as_of``;
    5. 老客户: every other active customer (known for a while, not yet loyal).

    ``columns`` passes ``customer``, ``date``, ``targeted``, ``since`` on to
    :func:`customer_profile`.

    Returns
    -------
    pandas.DataFrame
        :func:`customer_profile` with a ``loyalty`` column (ordered categorical, :data:`LOYALTY_CLASSES`).

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "b", "b", "c"],
    ...                   "date": ["2024-12-20", "2024-01-05", "2024-11-30", "2024-02-01"]})
    >>> people = pd.DataFrame({"customer_id": ["a", "b", "c", "d"]})
    >>> loyalty_classes(t, people, as_of="2024-12-31")["loyalty"].tolist()
    ['新客户', '老客户', '流失客户', '潜在客户']
    """
    rules = _rules(new_days, churn_days, loyal_orders, loyal_days)
    profile = customer_profile(transactions, people, as_of=as_of, **columns)
    bought, churned, loyal, tenure, _ = _masks(profile, *rules)
    new = bought & ~churned & ~loyal & (tenure <= rules[0])
    codes = np.select([~bought, churned, loyal, new], [0, 4, 3, 1], 2)
    profile["loyalty"] = pd.Categorical.from_codes(codes, categories=list(LOYALTY_CLASSES), ordered=True)
    return profile


def customer_states(
    transactions: pd.DataFrame,
    people: pd.DataFrame | None = None,
    *,
    as_of: Any,
    churn_days: int = 180,
    loyal_orders: int = 5,
    loyal_days: int = 365,
    **columns: Any,
) -> pd.DataFrame:
    """Each person's state at ``as_of`` in the model 潜在 → 目标 → 现实 → 流失 (客户状态).

    Rules, applied in this order:

    1. no purchase yet: 目标客户 if the firm has selected the person
       (``targeted`` column of ``people``), else 潜在客户;
    2. 流失客户: the last purchase is more than ``churn_days`` days before ``as_of``;
    3. 忠诚客户: at least ``loyal_orders`` orders and a first purchase at least
       ``loyal_days`` days before ``as_of``;
    4. 初次购买客户: exactly one order;
    5. 重复购买客户: two orders or more, not yet loyal.

    The three middle states (初次购买, 重复购买, 忠诚) together are the 现实客户.

    Returns
    -------
    pandas.DataFrame
        :func:`customer_profile` with a ``state`` column (ordered categorical, :data:`STATES`).

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "b", "b"], "date": ["2024-12-20", "2024-06-05", "2024-11-30"]})
    >>> people = pd.DataFrame({"customer_id": ["a", "b", "c", "d"], "targeted": [True, True, True, False]})
    >>> customer_states(t, people, as_of="2024-12-31")["state"].tolist()
    ['初次购买客户', '重复购买客户', '目标客户', '潜在客户']
    """
    rules = _rules(0, churn_days, loyal_orders, loyal_days)
    profile = customer_profile(transactions, people, as_of=as_of, **columns)
    bought, churned, loyal, _, orders = _masks(profile, *rules)
    targeted = profile["targeted"].to_numpy()
    codes = np.select(
        [~bought & targeted, ~bought, churned, loyal, orders == 1], [1, 0, 5, 4, 2], 3
    )
    profile["state"] = pd.Categorical.from_codes(codes, categories=list(STATES), ordered=True)
    return profile


_UNKNOWN = "尚未接触"


def state_transitions(
    transactions: pd.DataFrame,
    people: pd.DataFrame | None = None,
    *,
    start: Any,
    end: Any,
    scheme: str = "state",
    **rules: Any,
) -> pd.DataFrame:
    """How many people moved from each state at ``start`` to each state at ``end`` (状态转移表).

    Rows are the state at ``start``, columns the state at ``end``; people the
    firm met between the two dates are in the row "尚未接触". ``scheme`` is
    ``"state"`` (:func:`customer_states`) or ``"loyalty"``
    (:func:`loyalty_classes`); ``rules`` are their keyword arguments.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "a", "b"], "date": ["2024-01-10", "2024-06-01", "2024-05-01"]})
    >>> m = state_transitions(t, start="2024-02-01", end="2024-06-30")
    >>> int(m.loc["初次购买客户", "重复购买客户"]), int(m.loc["尚未接触", "初次购买客户"])
    (1, 1)
    """
    check_choice("scheme", scheme, ["state", "loyalty"])
    start, end = check_date("start", start), check_date("end", end)
    if pd.Timestamp(end) < pd.Timestamp(start):
        raise CrmlabInputError("end", f"end（{end}）早于 start（{start}）", f"end ({end}) is before start ({start})")
    classify, column, labels = (
        (customer_states, "state", STATES) if scheme == "state" else (loyalty_classes, "loyalty", LOYALTY_CLASSES)
    )
    first = classify(transactions, people, as_of=start, **rules)[column]
    second = classify(transactions, people, as_of=end, **rules)[column]
    before = first.reindex(second.index).astype(object).fillna(_UNKNOWN)
    table = pd.crosstab(
        pd.Categorical(before, categories=[*labels, _UNKNOWN]), pd.Categorical(second.astype(object), categories=list(labels)),
        dropna=False,
    )
    table.index.name = f"{pd.Timestamp(start).date()} 的状态"
    table.columns.name = f"{pd.Timestamp(end).date()} 的状态"
    return table


# --------------------------------------------------------- value-providing ability

#: The rules of :func:`value_ability_types`, in the order they are applied.
TYPOLOGY_RULES: tuple[tuple[str, str], ...] = (
    ("灯塔型", "追新 ≥ high 且 价格敏感 ≤ low：喜欢尝试新事物，对价格不敏感"),
    ("逐利型", "价格敏感 ≥ high 且 品牌关注 < high：追逐优惠，不为品牌买单"),
    ("跟随型", "品牌关注 ≥ high：看重品牌形象和心理满足，价格不一定敏感"),
    ("理性型", "其余：比较质量与价格，按性价比购买"),
)


def value_ability_types(
    survey: pd.DataFrame,
    *,
    high: int = 4,
    low: int = 2,
    price: str = "price_sensitivity",
    novelty: str = "novelty_seeking",
    brand: str = "brand_attention",
) -> pd.DataFrame:
    """Classify survey respondents by their ability to provide value (按提供价值的能力分类).

    Scores are on a 1-5 scale (5 = strongly agree). The rules of
    :data:`TYPOLOGY_RULES` are applied in order: 灯塔型, 逐利型, 跟随型, else 理性型.

    Returns
    -------
    pandas.DataFrame
        A copy of ``survey`` with a ``value_type`` column (ordered categorical, :data:`VALUE_TYPES`).

    Examples
    --------
    >>> s = pd.DataFrame({"price_sensitivity": [1, 5, 3, 3], "novelty_seeking": [5, 2, 2, 3], "brand_attention": [3, 2, 5, 2]})
    >>> value_ability_types(s)["value_type"].tolist()
    ['灯塔型', '逐利型', '跟随型', '理性型']
    """
    check_frame(survey, "survey", [price, novelty, brand])
    h = check_number("high", high, low=1, high=5)
    lo = check_number("low", low, low=1, high=5)
    scores = {}
    for column in (price, novelty, brand):
        values = pd.to_numeric(survey[column], errors="coerce")
        bad = int((values.isna() | (values < 1) | (values > 5)).sum())
        if bad:
            raise CrmlabInputError(
                column, f"列 {column} 有 {bad} 行缺失或不在 1-5 分之间", f"column {column} has {bad} value(s) missing or outside 1-5"
            )
        scores[column] = values.to_numpy(dtype=float)
    p, n, b = scores[price], scores[novelty], scores[brand]
    codes = np.select([(n >= h) & (p <= lo), (p >= h) & (b < h), b >= h], [0, 3, 1], 2)
    out = survey.copy()
    out["value_type"] = pd.Categorical.from_codes(codes, categories=list(VALUE_TYPES), ordered=True)
    return out


def rule_vs_truth(rule: pd.Series, truth: pd.Series, *, among: Any = None) -> pd.DataFrame:
    """How a rule's classification compares with the simulated truth (规则判断与模拟真相的对照表).

    A cross-table of customers: rows are the class the rule gave
    (``classified``), columns the true class (``true_<name>``, where
    ``<name>`` is ``rule``'s name, e.g. ``true_stage``), so that
    :func:`crmlab.glossary.label_columns` shows both headers in Chinese. The
    diagonal counts the customers the rule got right.

    Parameters
    ----------
    rule : pandas.Series
        The rule's class per customer, indexed by customer (e.g. the ``stage``
        column of :func:`crmlab.lifecycle.lifecycle_stages`).
    truth : pandas.Series
        The true class per customer, indexed by customer; it must cover every
        customer of ``rule`` (or of ``among``).
    among : list-like, optional
        Only these customers (e.g. the relationships that ended early).

    Examples
    --------
    >>> rule = pd.Series(["A", "A", "B"], index=["甲", "乙", "丙"], name="class")
    >>> truth = pd.Series({"甲": "A", "乙": "B", "丙": "B", "丁": "A"})
    >>> t = rule_vs_truth(rule, truth)
    >>> t.index.name, t.columns.name, t.values.tolist()
    ('classified', 'true_class', [[1, 1], [0, 1]])
    >>> rule_vs_truth(rule, truth, among=["乙", "丙"]).values.tolist()
    [[1], [1]]
    """
    for name, series in (("rule", rule), ("truth", truth)):
        if not isinstance(series, pd.Series):
            raise CrmlabTypeError(
                name, f"{name} 必须是按客户索引的 pandas Series，收到 {type(series).__name__}",
                f"{name} must be a pandas Series indexed by customer, got {type(series).__name__}",
            )
    if not truth.index.is_unique:
        n = int(truth.index.duplicated().sum())
        raise CrmlabInputError("truth", f"truth 的索引有 {n} 位客户重复出现", f"truth's index repeats {n} customer(s)")
    chosen = rule
    if among is not None:
        if isinstance(among, (str, bytes, Mapping)) or not isinstance(among, Iterable):
            raise CrmlabTypeError(
                "among", f"客户范围 among 必须是客户编号的列表，例如 [\"甲\", \"乙\"]，收到 {type(among).__name__} {among!r}",
                f"among must be a list of customers, got {type(among).__name__} {among!r}",
            )
        wanted = pd.Index(list(among))
        unknown = int((~wanted.isin(rule.index)).sum())
        if unknown:
            raise CrmlabInputError(
                "among", f"among 中有 {unknown} 位客户不在 rule 里", f"{unknown} customers of among are not in rule"
            )
        chosen = rule[rule.index.isin(wanted)]
    if len(chosen) == 0:
        raise CrmlabInputError("rule", "rule 里没有要对照的客户", "rule has no customer to compare")
    aligned = truth.reindex(chosen.index)
    missing = int(aligned.isna().sum())
    if missing:
        raise CrmlabInputError(
            "truth", f"truth 缺少 {missing} 位客户的真实类别", f"truth has no class for {missing} customer(s)"
        )
    name = rule.name if isinstance(rule.name, str) else "class"
    return pd.crosstab(chosen, aligned, rownames=["classified"], colnames=[f"true_{name}"])


def concentration(values: Any, *, top: float = 0.2) -> pd.DataFrame:
    """How concentrated customer value is, for one or several value series side by side (价值集中度).

    Parameters
    ----------
    values : pandas.Series or Mapping
        Value per customer, or name -> value per customer (e.g. profit of one
        data set, spend of another).
    top : float
        The share of customers, largest first, whose value share is reported.

    Returns
    -------
    pandas.DataFrame
        One row per series: ``top_share`` (:func:`top_share`) and ``gini``
        (:func:`gini`).

    Examples
    --------
    >>> concentration({"甲": pd.Series([5.0, 5.0]), "乙": pd.Series([10.0, 0.0])}, top=0.5).values.tolist()
    [[0.5, 0.0], [1.0, 0.5]]
    """
    named = values if isinstance(values, Mapping) else {getattr(values, "name", None) or "value": values}
    if not named:
        raise CrmlabInputError("values", "values 至少要有一列客户价值", "values needs at least one series")
    rows = {name: (top_share(series, top=top), gini(series)) for name, series in named.items()}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["top_share", "gini"])


def typology_rules(*, high: int = 4, low: int = 2) -> pd.DataFrame:
    """The rules of :func:`value_ability_types` as a table (客户类型的判断规则), checked in order.

    ``high`` and ``low`` are the score thresholds of :func:`value_ability_types`;
    the rules are written with their values, e.g. "追新 ≥ 4".

    Examples
    --------
    >>> typology_rules()["value_type"].tolist()
    ['灯塔型', '逐利型', '跟随型', '理性型']
    >>> typology_rules(high=5)["rule"].iloc[2][:8]
    '品牌关注 ≥ 5'
    """
    h = check_number("high", high, low=1, high=5)
    lo = check_number("low", low, low=1, high=5)
    rules = [(name, re.sub(r"\bhigh\b", f"{h:g}", re.sub(r"\blow\b", f"{lo:g}", rule))) for name, rule in TYPOLOGY_RULES]
    return pd.DataFrame(rules, columns=["value_type", "rule"])


def tier_comparison(tables: Mapping[str, pd.DataFrame], *, by: str = "tier") -> pd.DataFrame:
    """Customers and value share per class, for several classifications side by side (分层方法比较).

    Parameters
    ----------
    tables : Mapping
        Name of the method -> a classified table with ``by`` and ``value``
        columns (e.g. two :func:`value_tiers` results).
    by : str
        The class column.

    Returns
    -------
    pandas.DataFrame
        Indexed by class; columns ``(name, "customers")`` and
        ``(name, "value_share")`` for each method (from :func:`class_summary`).

    Examples
    --------
    >>> v = pd.Series({"a": 500.0, "b": 300.0, "c": 100.0, "d": 60.0, "e": 40.0})
    >>> t = tier_comparison({"占比": value_tiers(v, shares=(0.2, 0.6)), "门槛": value_tiers(v, thresholds=(300, 60))})
    >>> t[("门槛", "customers")].tolist(), t[("占比", "value_share")].tolist()
    ([2, 2, 1], [0.5, 0.4, 0.1])
    """
    if not isinstance(tables, Mapping) or not tables:
        raise CrmlabInputError(
            "tables", "tables 必须是非空的字典：方法名 -> 分层结果", "tables must be a non-empty mapping name -> classified table"
        )
    check_column_name("by", by)
    for name, table in tables.items():
        if isinstance(table, pd.DataFrame) and by not in table.columns:
            raise CrmlabInputError(
                "by", f"tables[{name!r}] 没有分层列 by={by!r}（现有列：{', '.join(map(str, table.columns))}）",
                f"tables[{name!r}] has no class column by={by!r}",
            )
    parts = {name: class_summary(table, by=by).set_index(by)[["customers", "value_share"]] for name, table in tables.items()}
    return pd.concat(parts, axis=1)
