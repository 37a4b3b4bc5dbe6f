"""From satisfaction to loyalty, retention and value (满意 → 忠诚 → 保留 → 价值).

- :func:`survey_followup` links each survey answer to what the respondent did in the shop
  afterwards; :func:`satisfaction_link` and :func:`link_strength` say how strong the link is, and
  :func:`stratified_link` shows it within groups (a check for a common cause: correlation is not
  causation).
- :func:`value_per_point` turns an assumed effect of satisfaction on churn into yuan, through the
  CLV model of :mod:`crmlab.clv`; :func:`loyalty_programme` is a worked model of a loyalty
  programme with its cost and its break-even churn reduction.
- :func:`wallet_shares` splits market share into penetration × share of wallet (客户份额) ×
  heaviness; :func:`service_profit_chain` is a small model of the service–profit chain (员工满意
  ↔ 客户满意).

The 5% → 25–85% claim of Reichheld & Sasser (1990) is in :mod:`crmlab.retention_lift`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._validation import CrmlabInputError, check_as_of, check_frame, check_number, check_rate, check_transactions, parse_dates
from .clv import _check_base, _compute, _validate
from .satisfaction import _column

__all__ = [
    "survey_followup",
    "satisfaction_link",
    "link_strength",
    "stratified_link",
    "value_per_point",
    "LoyaltyProgramme",
    "loyalty_programme",
    "wallet_shares",
    "service_profit_chain",
]


def survey_followup(transactions: pd.DataFrame, survey: pd.DataFrame, *, as_of: Any, days: int = 365) -> pd.DataFrame:
    """What each respondent did in the ``days`` after answering the survey (调查之后的购买行为).

    Only respondents observed for the full window (``survey_date + days <= as_of``) are kept;
    ``attrs["dropped"]`` counts the others and ``attrs["note"]`` says so.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``: ``csat``, ``nps``, ``orders_after``, ``spend_after`` (yuan) and
        ``active_after`` (bought at least once in the window).

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "a", "b"], "date": ["2024-02-01", "2024-03-01", "2023-01-01"],
    ...                   "amount": [10.0, 20.0, 5.0]})
    >>> s = pd.DataFrame({"customer_id": ["a", "b", "c"], "survey_date": ["2024-01-01", "2024-01-01", "2025-06-01"],
    ...                   "csat": [5, 2, 4], "nps": [9, 3, 8]})
    >>> f = survey_followup(t, s, as_of="2025-01-31", days=365)
    >>> f[["orders_after", "spend_after", "active_after"]].values.tolist(), f.attrs["dropped"]
    ([[2, 30.0, True], [0, 0.0, False]], 1)
    """
    window = int(check_number("days", days, low=1, high=3650, integer=True))
    checked = check_transactions(transactions)
    check_frame(survey, "survey", ["customer_id", "survey_date", "csat", "nps"])
    cutoff = check_as_of(as_of, checked["date"])
    answered = parse_dates("survey_date", survey["survey_date"])
    if survey["customer_id"].isna().any() or survey["customer_id"].duplicated().any():
        raise CrmlabInputError("survey", "调查表 survey 的客户编号 customer_id 不能为空或重复：每位受访者只能有一行",
                               "survey has missing or repeated customer ids")  # fmt: skip
    log = pd.DataFrame({"customer_id": checked["customer_id"].to_numpy(), "date": checked["date"].to_numpy(),
                        "amount": checked["amount"].to_numpy(dtype=float)})  # fmt: skip
    base = pd.DataFrame({"customer_id": survey["customer_id"].to_numpy(), "survey_date": answered.to_numpy(),
                         "csat": survey["csat"].to_numpy(), "nps": survey["nps"].to_numpy()})  # fmt: skip
    keep = base["survey_date"] + pd.Timedelta(days=window) <= cutoff
    dropped = int((~keep).sum())
    base = base[keep]
    joined = log.merge(base[["customer_id", "survey_date"]], on="customer_id")
    inside = (joined["date"] > joined["survey_date"]) & (joined["date"] <= joined["survey_date"] + pd.Timedelta(days=window))
    after = joined[inside].groupby("customer_id")["amount"].agg(["size", "sum"])
    out = base.set_index("customer_id")[["csat", "nps"]].copy()
    out["orders_after"] = after["size"].reindex(out.index).fillna(0).astype("int64")
    out["spend_after"] = after["sum"].reindex(out.index).fillna(0.0).round(2)
    out["active_after"] = out["orders_after"] > 0
    out.attrs["dropped"] = dropped
    out.attrs["note"] = f"调查后观察不满 {window} 天的 {dropped} 位受访者没有计入" if dropped else ""
    return out


def _followup(followup: Any) -> pd.DataFrame:
    check_frame(followup, "followup", ["csat", "orders_after", "spend_after", "active_after"])
    return followup


def satisfaction_link(followup: pd.DataFrame, *, by: str = "csat") -> pd.DataFrame:
    """Later behaviour by satisfaction level (各满意度等级客户此后的行为).

    Examples
    --------
    >>> f = pd.DataFrame({"csat": [5, 5, 2], "nps": [9, 10, 3], "orders_after": [2, 4, 0],
    ...                   "spend_after": [30.0, 50.0, 0.0], "active_after": [True, True, False]})
    >>> satisfaction_link(f)
       csat  respondents  active_share  mean_orders  mean_spend
    0     2            1           0.0          0.0         0.0
    1     5            2           1.0          3.0        40.0
    """
    frame = _followup(followup)
    if by not in ("csat", "nps"):
        raise CrmlabInputError("by", f"by 只能是 \"csat\" 或 \"nps\"，收到 {by!r}", f"by must be 'csat' or 'nps', got {by!r}")
    table = frame.groupby(by).agg(respondents=("active_after", "size"), active_share=("active_after", "mean"),
                                  mean_orders=("orders_after", "mean"), mean_spend=("spend_after", "mean"))  # fmt: skip
    return table.round(6).reset_index()


@dataclass(frozen=True)
class LinkStrength:
    """How strongly satisfaction goes with later behaviour (关联强度)."""

    respondents: int
    rank_correlation: float  # Spearman, csat vs spend_after
    satisfied_active: float  # share active among csat >= 4
    unsatisfied_active: float
    satisfied_spend: float  # mean spend_after among csat >= 4
    unsatisfied_spend: float


def link_strength(followup: pd.DataFrame, *, satisfied: int = 4) -> LinkStrength:
    """Spearman correlation of csat with later spend, and satisfied vs the rest (满意与否的差别).

    Examples
    --------
    >>> f = pd.DataFrame({"csat": [5, 4, 2, 1], "orders_after": [3, 2, 1, 0], "spend_after": [30.0, 20.0, 10.0, 0.0],
    ...                   "active_after": [True, True, True, False]})
    >>> s = link_strength(f)
    >>> s.rank_correlation, s.satisfied_active, s.unsatisfied_active, s.satisfied_spend
    (1.0, 1.0, 0.5, 25.0)
    """
    frame = _followup(followup)
    cut = check_number("satisfied", satisfied, low=1, high=5)
    happy = frame["csat"] >= cut
    if happy.all() or (~happy).all():
        raise CrmlabInputError("satisfied", "满意和不满意的受访者都必须有", "there must be satisfied and unsatisfied respondents")
    rho = frame["csat"].rank().corr(frame["spend_after"].rank())
    return LinkStrength(
        respondents=len(frame), rank_correlation=round(float(rho), 10),
        satisfied_active=float(frame.loc[happy, "active_after"].mean()), unsatisfied_active=float(frame.loc[~happy, "active_after"].mean()),
        satisfied_spend=float(frame.loc[happy, "spend_after"].mean()), unsatisfied_spend=float(frame.loc[~happy, "spend_after"].mean()),
    )  # fmt: skip


def stratified_link(followup: pd.DataFrame, groups: pd.Series, *, satisfied: int = 4) -> pd.DataFrame:
    """Satisfied vs unsatisfied respondents within each group (分组比较：排除共同原因).

    If satisfied customers stay more only because both satisfaction and staying come from a third
    thing (here: the lifecycle pattern), the difference shrinks within the groups of that thing.

    Examples
    --------
    >>> f = pd.DataFrame({"csat": [5, 2, 5, 2], "orders_after": [1, 1, 0, 0], "spend_after": [9.0, 9.0, 0.0, 0.0],
    ...                   "active_after": [True, True, False, False]}, index=["a", "b", "c", "d"])
    >>> stratified_link(f, pd.Series({"a": "甲", "b": "甲", "c": "乙", "d": "乙"}))["active_difference"].tolist()
    [0.0, 0.0]
    """
    frame = _followup(followup)
    cut = check_number("satisfied", satisfied, low=1, high=5)
    if not isinstance(groups, pd.Series):
        raise CrmlabInputError("groups", "groups 必须是按客户编号索引的 pandas Series", "groups must be a Series indexed by customer id")
    group = groups.reindex(frame.index)
    if group.isna().any():
        raise CrmlabInputError("groups", f"有 {int(group.isna().sum())} 位受访者在 groups 中没有分组", "some respondents have no group")
    happy = frame["csat"] >= cut
    rows = []
    for name in pd.unique(group):
        inside = (group == name).to_numpy()
        yes, no = frame.loc[inside & happy, "active_after"], frame.loc[inside & ~happy, "active_after"]
        rows.append({"group": name, "satisfied": len(yes), "unsatisfied": len(no),
                     "satisfied_active": float(yes.mean()) if len(yes) else np.nan,
                     "unsatisfied_active": float(no.mean()) if len(no) else np.nan})  # fmt: skip
    table = pd.DataFrame(rows)
    table["active_difference"] = (table["satisfied_active"] - table["unsatisfied_active"]).round(10)
    return table


def _future_value(params: Mapping[str, Any]) -> float:
    return float(_compute(_validate(params))["current"])


def value_per_point(base: Mapping[str, Any], *, churn_per_point: float, n_customers: int = 1) -> float:
    """Yuan per point of mean satisfaction, if one point lowers churn by ``churn_per_point`` (满意度一分值多少钱).

    ``n_customers × (current value at churn − churn_per_point − current value at churn)`` with
    the CLV model of :func:`crmlab.clv.clv_breakdown` and the parameters ``base``. The effect is an
    assumption: observed links between satisfaction and churn are correlations.

    Examples
    --------
    >>> base = dict(annual_revenue=2400, margin=0.6, years_active=3, churn_rate=0.2, discount_rate=0.1)
    >>> round(value_per_point(base, churn_per_point=0.05), 2)
    488.42
    """
    params = _check_base(base)
    step = check_number("churn_per_point", churn_per_point, low=0, high=1)
    n = int(check_number("n_customers", n_customers, low=1, high=10**9, integer=True))
    lower = max(params["churn_rate"] - step, 0.0)
    return n * (_future_value({**params, "churn_rate": lower}) - _future_value(params))


@dataclass(frozen=True)
class LoyaltyProgramme:
    """A loyalty programme's effect on one member's future value (会员忠诚计划的成本与收益).

    ``table`` compares the member without and with the programme; ``gain`` is the change of
    the current value (yuan, after rewards and running costs); ``break_even`` is the churn
    reduction at which the programme just pays (``None`` if no reduction up to the whole churn rate
    is enough).
    """

    table: pd.DataFrame
    gain: float
    break_even: float | None


def _with_programme(params: dict, reward_rate: float, cost: float, reduction: float, uplift: float) -> dict:
    return {**params, "annual_revenue": params["annual_revenue"] * (1 + uplift), "margin": params["margin"] - reward_rate,
            "maintenance_cost": params.get("maintenance_cost", 0.0) + cost,
            "churn_rate": max(params["churn_rate"] - reduction, 0.0)}  # fmt: skip


def loyalty_programme(base: Mapping[str, Any], *, reward_rate: float, cost_per_member: float, churn_reduction: float,
                      spend_uplift: float = 0.0) -> LoyaltyProgramme:  # fmt: skip
    """Worked model of a loyalty programme (忠诚计划): rewards and running costs against lower churn.

    Every member, also those who would have stayed anyway, gets ``reward_rate`` of their spending
    back as points (the margin falls by that much); the programme costs ``cost_per_member`` yuan per
    member and year; in return churn falls by ``churn_reduction`` and spending rises by
    ``spend_uplift``. Values are current values (future profit, discounted) of :mod:`crmlab.clv`.

    Examples
    --------
    >>> base = dict(annual_revenue=2400, margin=0.6, years_active=3, churn_rate=0.2, discount_rate=0.1)
    >>> r = loyalty_programme(base, reward_rate=0.05, cost_per_member=60, churn_reduction=0.05)
    >>> round(r.gain, 2), round(r.break_even, 4)
    (45.03, 0.045)
    """
    params = _check_base(base)
    reward = check_number("reward_rate", reward_rate, low=0, high=params["margin"])
    cost = check_number("cost_per_member", cost_per_member, low=0, high=1e9)
    reduction = check_number("churn_reduction", churn_reduction, low=0, high=params["churn_rate"])
    uplift = check_number("spend_uplift", spend_uplift, low=0, high=10)
    before = _compute(_validate(params))
    after_params = _with_programme(params, reward, cost, reduction, uplift)
    after = _compute(_validate(after_params))
    rows = []
    for label, p, v in (("without", params, before), ("with", after_params, after)):
        yearly = p["annual_revenue"] * p["margin"] - p.get("maintenance_cost", 0.0)
        rows.append({"scenario": label, "churn_rate": p["churn_rate"], "annual_profit": round(yearly, 6),
                     "current": v["current"]})  # fmt: skip
    table = pd.DataFrame(rows)
    table["scenario"] = table["scenario"].map({"without": "不设会员计划", "with": "设会员计划"})

    def gain_at(r: float) -> float:
        return _future_value(_with_programme(params, reward, cost, r, uplift)) - before["current"]

    low, high = 0.0, params["churn_rate"]
    if gain_at(low) >= 0:
        even: float | None = 0.0
    elif gain_at(high) < 0:
        even = None
    else:
        for _ in range(60):
            mid = (low + high) / 2
            low, high = (mid, high) if gain_at(mid) < 0 else (low, mid)
        even = round(high, 10)
    return LoyaltyProgramme(table=table, gain=after["current"] - before["current"], break_even=even)


def wallet_shares(purchases: pd.DataFrame, *, firm: str = "firm", customer: str = "customer_id",
                  amount: str = "amount") -> pd.DataFrame:  # fmt: skip
    """Market share split into penetration × share of wallet × heaviness (市场份额与客户份额).

    For each firm: ``market_share`` (its sales / all sales of the category), ``penetration``
    (share of the category's buyers who buy from it), ``share_of_wallet`` (客户份额: its sales /
    the category spending of its own buyers) and ``heaviness`` (its buyers' category spending
    per buyer / every buyer's). ``market_share = penetration × share_of_wallet × heaviness``.

    Examples
    --------
    >>> p = pd.DataFrame({"customer_id": [1, 1, 2, 3], "firm": ["甲", "乙", "乙", "甲"], "amount": [80.0, 20.0, 50.0, 50.0]})
    >>> wallet_shares(p)[["firm", "market_share", "penetration", "share_of_wallet", "heaviness"]].round(4).values.tolist()
    [['甲', 0.65, 0.6667, 0.8667, 1.125], ['乙', 0.35, 0.6667, 0.4667, 1.125]]
    """
    for parameter, column in (("firm", firm), ("customer", customer), ("amount", amount)):
        _column(purchases, "purchases", parameter, column)
    check_frame(purchases, "purchases", [firm, customer, amount])
    values = pd.to_numeric(purchases[amount], errors="coerce")
    if values.isna().any() or (values < 0).any():
        raise CrmlabInputError(amount, f"金额 {amount} 必须是非负数字，有 {int((values.isna() | (values < 0)).sum())} 行不是",
                               f"{amount} must be non-negative numbers")  # fmt: skip
    frame = pd.DataFrame({"firm": purchases[firm].to_numpy(), "customer": purchases[customer].to_numpy(), "amount": values.to_numpy()})
    wallet = frame.groupby("customer")["amount"].sum()
    if wallet.sum() <= 0:
        raise CrmlabInputError(amount, "品类总支出为 0，无法计算份额", "the category's total spending is 0")
    rows = []
    for name, part in frame.groupby("firm", sort=False):
        buyers = part.loc[part["amount"] > 0, "customer"].unique()
        own_wallets = wallet.reindex(buyers).sum()
        sales = part["amount"].sum()
        rows.append({"firm": name, "sales": sales, "buyers": len(buyers), "market_share": sales / wallet.sum(),
                     "penetration": len(buyers) / len(wallet),
                     "share_of_wallet": sales / own_wallets if own_wallets else 0.0,
                     "heaviness": (own_wallets / len(buyers)) / wallet.mean() if len(buyers) else 0.0})  # fmt: skip
    return pd.DataFrame(rows).round(10)


def service_profit_chain(*, years: int = 6, service_boost: float = 0.3, employee_link: float = 0.6,
                         customer_link: float = 0.5, churn_per_point: float = 0.05, churn_rate: float = 0.2,
                         customers: int = 1000, new_customers: int = 200, annual_profit: float = 1440.0) -> pd.DataFrame:  # fmt: skip
    """A small model of the service–profit chain (服务利润链): employee and customer satisfaction feed each other.

    All satisfaction values are points above today's level (1-5 scale). In year ``t``:
    customer satisfaction ``c_t = service_boost + customer_link × e_{t-1}`` (a one-off better
    service, plus what more satisfied employees add); employee satisfaction ``e_t = employee_link ×
    c_t`` (serving satisfied, loyal customers makes work more rewarding, as source 000 describes);
    churn ``churn_rate − churn_per_point × c_t``; customers ``n_t = n_{t-1} (1 − churn) +
    new_customers``; profit ``n_t × annual_profit``. The loop multiplies the boost by up to
    ``1 / (1 − employee_link × customer_link)``. The links are assumptions to play with, not estimates.

    Examples
    --------
    >>> t = service_profit_chain(years=3, service_boost=0.3, employee_link=0.5, customer_link=0.5, customers=1000,
    ...                          new_customers=200, churn_rate=0.2, churn_per_point=0.1)
    >>> t[["customer_satisfaction", "employee_satisfaction", "churn_rate", "customers"]].round(4).values.tolist()
    [[0.3, 0.15, 0.17, 1030.0], [0.375, 0.1875, 0.1625, 1062.625], [0.3938, 0.1969, 0.1606, 1091.9409]]
    """
    n_years = int(check_number("years", years, low=1, high=100, integer=True))
    boost = check_number("service_boost", service_boost, low=-4, high=4)
    a = check_number("employee_link", employee_link, low=0, high=1, high_open=True)
    b = check_number("customer_link", customer_link, low=0, high=1, high_open=True)
    k = check_number("churn_per_point", churn_per_point, low=0, high=1)
    churn0 = check_rate("churn_rate", churn_rate)
    n = float(check_number("customers", customers, low=0, high=1e9))
    inflow = float(check_number("new_customers", new_customers, low=0, high=1e9))
    profit = check_number("annual_profit", annual_profit, low=-1e9, high=1e9)
    rows, employee = [], 0.0
    for year in range(1, n_years + 1):
        customer = boost + b * employee
        employee = a * customer
        churn = min(max(churn0 - k * customer, 0.0), 1.0)
        n = n * (1 - churn) + inflow
        rows.append({"year": year, "customer_satisfaction": customer, "employee_satisfaction": employee,
                     "churn_rate": churn, "customers": n, "profit": n * profit})  # fmt: skip
    table = pd.DataFrame(rows).round(10)
    table.attrs["multiplier"] = 1 / (1 - a * b)
    return table
