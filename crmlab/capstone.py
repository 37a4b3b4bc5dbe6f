"""Chapter 12, the capstone (综合实训): from a raw transaction log to a CRM plan.

Only what the earlier chapters lack: checking and cleaning a raw log (``_capstone_check``),
the measured churn rate, both CLVs side by side, one row per customer joining every
chapter's verdict, CLV:CAC per channel and the strategy table
with budget and expected value. Classes, segments, stages, warnings and values all come
from the chapters' own functions (customers, rfm, lifecycle, btyd, clv).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from . import btyd, customers, lifecycle, rfm
from ._capstone_campaign import campaign_by_segment
from ._capstone_check import PROBLEMS, TEST_PATTERN, CleanedLog, DataCheck, clean_log, data_check
from ._validation import (
    MAX_AMOUNT, CrmlabInputError, check_as_of, check_frame, check_number, check_numbers, check_rate, check_transactions,
)
from .clv import clv_cac_ratio
from .datasets import rfm_strategies

__all__ = [
    "PROBLEMS", "TEST_PATTERN", "DataCheck", "data_check", "CleanedLog", "clean_log", "gross_margin", "yearly_churn",
    "CLVComparison", "clv_side_by_side", "customer_overview", "channel_value", "ASSUMPTIONS",
    "default_actions", "strategy_table", "key_figures", "campaign_by_segment",
]  # fmt: skip


def gross_margin(
    transactions: pd.DataFrame, *, amount: str = "amount", profit: str = "profit", customer: str = "customer_id", date: str = "date"
) -> float:
    """Gross margin of a log with a profit column: total profit / total amount (毛利率).

    Examples
    --------
    >>> gross_margin(pd.DataFrame({"customer_id": ["a", "b"], "date": ["2024-01-05", "2024-02-01"],
    ...                            "amount": [100.0, 300.0], "profit": [30.0, 90.0]}))
    0.3
    """
    check_frame(transactions, "transactions", [customer, date, amount, profit])
    checked = check_transactions(transactions, customer=customer, date=date, amount=amount)
    profits = check_numbers(profit, checked[profit], low=-MAX_AMOUNT, high=MAX_AMOUNT)
    total = float(checked[amount].sum())
    if total <= 0:
        raise CrmlabInputError(amount, f"列 {amount} 的合计为 0，无法计算毛利率", f"column {amount} sums to 0")
    return check_rate("margin", float(profits.sum()) / total)


def yearly_churn(
    transactions: pd.DataFrame, *, as_of: Any, customer: str = "customer_id", date: str = "date"
) -> float:
    """Measured yearly churn rate: of the customers who bought in the year before last, the share who did not buy in the last year (年流失率).

    The last year ends on ``as_of`` (after the same date a year earlier); the year
    before last is the year before it. Chapter 6's formula applies this one rate to all.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "b", "c", "a", "d"],
    ...                   "date": ["2024-03-01", "2024-05-01", "2024-06-01", "2025-02-01", "2025-03-01"]})
    >>> yearly_churn(t, as_of="2025-12-31")
    0.6666666666666666
    """
    checked = check_transactions(transactions, customer=customer, date=date, amount=None)
    stamp = check_as_of(as_of, checked[date])
    split, start = stamp - pd.DateOffset(years=1), stamp - pd.DateOffset(years=2)
    when = checked[date]
    before = set(checked.loc[((when > start) & (when <= split)).to_numpy(), customer])
    if not before:
        raise CrmlabInputError(
            "as_of", f"在 {split.date()} 之前的一年里没有客户购买，无法计算年流失率", f"no customer bought in the year before {split.date()}"
        )
    last = set(checked.loc[((when > split) & (when <= stamp)).to_numpy(), customer])
    return len(before - last) / len(before)


@dataclass(frozen=True, eq=False)
class CLVComparison:
    """The textbook CLV and the predictive CLV of every customer, side by side (两种 CLV 对照).

    ``table`` (indexed by customer): ``probability_alive``, ``textbook_clv``
    (chapter 6's formula with one churn rate for everybody) and
    ``predictive_clv`` (BG/NBD + Gamma-Gamma, chapter 10); ``summary`` is the
    BTYD summary and ``bgnbd``, ``gamma_gamma`` the fitted models.
    """

    table: pd.DataFrame
    summary: pd.DataFrame
    bgnbd: Any
    gamma_gamma: Any


def clv_side_by_side(
    transactions: pd.DataFrame,
    *,
    as_of: Any,
    margin: float,
    churn_rate: float,
    discount_rate: float = 0.1,
    horizon: int = 3,
    time_unit: str = "W",
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
) -> CLVComparison:
    """Textbook and predictive CLV of every customer over ``horizon`` years, from one log (两种 CLV).

    Calls :func:`crmlab.btyd.btyd_summary`, fits BG/NBD and Gamma-Gamma, then
    :func:`crmlab.btyd.customer_lifetime_value` and :func:`crmlab.btyd.simple_clv`
    with the same margin, discount rate and horizon.

    Examples
    --------
    >>> from crmlab.datasets import make_transactions
    >>> both = clv_side_by_side(make_transactions(n_customers=150, seed=4), as_of="2025-12-31", margin=0.3, churn_rate=0.5)
    >>> list(both.table.columns), len(both.table)
    (['probability_alive', 'textbook_clv', 'predictive_clv'], 150)
    """
    years = int(check_number("horizon", horizon, low=1, cap=100, integer=True))
    summary = btyd.btyd_summary(transactions, customer=customer, date=date, amount=amount, as_of=as_of, time_unit=time_unit)
    bg = btyd.fit_bgnbd(summary["frequency"], summary["recency"], summary["T"])
    gg = btyd.fit_gamma_gamma(summary["frequency"], summary["monetary_value"])
    model = btyd.customer_lifetime_value(
        summary, bgnbd=bg, gamma_gamma=gg, time_unit=time_unit, horizon=years, discount_rate=discount_rate, margin=margin
    )
    formula = btyd.simple_clv(
        summary, time_unit=time_unit, churn_rate=churn_rate, discount_rate=discount_rate, horizon=years, margin=margin
    )
    table = pd.DataFrame(
        {"probability_alive": model["probability_alive"], "textbook_clv": formula["clv"], "predictive_clv": model["clv"]},
        index=summary.index,
    )
    return CLVComparison(table=table, summary=summary, bgnbd=bg, gamma_gamma=gg)


def customer_overview(
    transactions: pd.DataFrame,
    *,
    as_of: Any,
    clv: CLVComparison | None = None,
    people: pd.DataFrame | None = None,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    channel: str = "channel",
) -> pd.DataFrame:
    """One row per customer with every chapter's verdict on them (客户总览表).

    Columns: ``revenue``, ``frequency``, ``recency`` (the RFM table of chapter
    4), ``abc_class`` (ABC by revenue, chapter 2), ``segment`` (RFM eight
    segments), ``stage`` (lifecycle stage, chapter 5), ``warned`` (the churn
    warning of chapter 5 on ``as_of``); with ``clv`` also the columns of
    :class:`CLVComparison`'s table, and with ``people`` the acquisition
    ``channel`` of each customer.

    Examples
    --------
    >>> from crmlab.datasets import make_transactions
    >>> view = customer_overview(make_transactions(n_customers=40, seed=2), as_of="2025-12-31")
    >>> list(view.columns)
    ['revenue', 'frequency', 'recency', 'abc_class', 'segment', 'stage', 'warned']
    """
    table = rfm.rfm_table(transactions, customer=customer, date=date, amount=amount, as_of=as_of)
    segments = rfm.rfm_segments(rfm.rfm_scores(table), scheme="eight")
    abc = customers.abc_classes(table.table["revenue"].rename_axis(customer))
    stages = lifecycle.lifecycle_stages(transactions, as_of=as_of, customer=customer, date=date)
    warning = lifecycle.churn_warning(transactions, as_of=as_of, customer=customer, date=date)
    out = table.table[["revenue", "frequency", "recency"]].copy()
    out["abc_class"] = abc.set_index(customer)["class"].reindex(out.index)
    out["segment"] = segments["segment"].reindex(out.index)
    out["stage"] = stages["stage"].reindex(out.index)
    out["warned"] = warning["flagged"].reindex(out.index, fill_value=False).astype(bool)
    if clv is not None:
        if not isinstance(clv, CLVComparison):
            raise CrmlabInputError("clv", "clv 必须是 clv_side_by_side 的结果", "clv must be the result of clv_side_by_side")
        out = out.join(clv.table, how="left")
    if people is not None:
        check_frame(people, "people", [customer, channel])
        out[channel] = people.drop_duplicates(customer).set_index(customer)[channel].reindex(out.index)
        unknown = int(out[channel].isna().sum())
        if unknown:
            raise CrmlabInputError(
                "people", f"有 {unknown} 位客户不在 people 里，不知道他们来自哪个渠道", f"{unknown} customer(s) are missing from people"
            )
    return out


def channel_value(
    overview: pd.DataFrame, kpis: pd.DataFrame, *, margin: float, channel: str = "channel", target: float = 3.0
) -> pd.DataFrame:
    """CLV:CAC per acquisition channel: profit so far plus predicted CLV, against the channel's CAC (渠道 CLV:CAC).

    ``overview`` is :func:`customer_overview` with ``clv`` and ``people``;
    ``kpis`` is :func:`crmlab.lifecycle.channel_kpis` (its ``cac``). A
    customer's lifetime value is ``margin`` times their revenue so far plus
    their predicted future CLV; ``ratio`` is the channel's mean lifetime value
    over its CAC, judged by :func:`crmlab.clv.clv_cac_ratio` (``verdict``).

    Examples
    --------
    >>> view = pd.DataFrame({"revenue": [100.0, 300.0, 50.0], "predictive_clv": [60.0, 80.0, 5.0], "channel": ["甲", "甲", "乙"]})
    >>> kpis = pd.DataFrame({"channel": ["甲", "乙"], "cac": [50.0, 40.0]})
    >>> channel_value(view, kpis, margin=0.5)[["channel", "lifetime_value", "ratio"]].values.tolist()
    [['甲', 170.0, 3.4], ['乙', 30.0, 0.75]]
    """
    m = check_rate("margin", margin)
    check_frame(overview, "overview", ["revenue", "predictive_clv", channel])
    check_frame(kpis, "kpis", [channel, "cac"])
    per = overview.assign(past_profit=m * overview["revenue"]).groupby(channel, observed=True)
    out = per.agg(customers=("revenue", "size"), past_profit=("past_profit", "mean"), predictive_clv=("predictive_clv", "mean"))
    out["lifetime_value"] = out["past_profit"] + out["predictive_clv"]
    out["cac"] = kpis.set_index(channel)["cac"].reindex(out.index)
    if out["cac"].isna().any():
        missing = ", ".join(map(str, out.index[out["cac"].isna()]))
        raise CrmlabInputError("kpis", f"kpis 里没有渠道 {missing} 的获客成本", f"kpis has no CAC for channel(s) {missing}")
    ratios = [clv_cac_ratio(clv=v, cac=c, target=target) for v, c in zip(out["lifetime_value"], out["cac"])]
    out["ratio"] = [r.ratio for r in ratios]
    out["verdict"] = [r.verdict for r in ratios]
    return out.sort_values("ratio", ascending=False).reset_index()


#: The course's assumptions per RFM segment: cost of the action per customer (yuan) and its effect,
#: the share of the segment's predicted future value it adds. Assumptions to replace with your own.
ASSUMPTIONS: Mapping[str, tuple[float, float]] = MappingProxyType(
    {
        "重要价值客户": (30.0, 0.10),
        "重要发展客户": (20.0, 0.12),
        "重要保持客户": (25.0, 0.15),
        "重要挽留客户": (25.0, 0.15),
        "一般价值客户": (8.0, 0.08),
        "一般发展客户": (5.0, 0.10),
        "一般保持客户": (5.0, 0.08),
        "一般挽留客户": (2.0, 0.05),
    }
)


def default_actions() -> pd.DataFrame:
    """The course's action per RFM segment: what to do (chapter 4) and the assumed cost and effect (默认行动方案).

    Columns ``segment``, ``action`` (:func:`crmlab.datasets.rfm_strategies`),
    ``cost_per_customer`` (yuan) and ``effect`` (share of the segment's
    predicted future value the action adds), from :data:`ASSUMPTIONS`.

    Examples
    --------
    >>> first = default_actions().iloc[0]
    >>> first["segment"], float(first["cost_per_customer"]), float(first["effect"])
    ('重要价值客户', 30.0, 0.1)
    """
    texts = rfm_strategies("eight")
    rows = [(s, texts[s], cost, effect) for s, (cost, effect) in ASSUMPTIONS.items()]
    return pd.DataFrame(rows, columns=["segment", "action", "cost_per_customer", "effect"])


def strategy_table(
    overview: pd.DataFrame,
    actions: pd.DataFrame | None = None,
    *,
    by: str = "segment",
    value: str = "predictive_clv",
    total_budget: float | None = None,
    cost_factor: float = 1.0,
    effect_factor: float = 1.0,
) -> pd.DataFrame:
    """The plan per segment: action, budget, expected value and whether to fund it (细分策略表).

    For each segment: ``customers``, ``warned`` (of them, with a churn
    warning), ``mean_value`` and ``segment_value`` of ``value``, the ``action``
    with its ``cost_per_customer`` and ``effect`` (from ``actions``, default
    :func:`default_actions`), ``action_budget`` = cost per customer × customers,
    ``expected_value`` = effect × total value, ``net_value`` = expected value −
    action budget and ``roi`` = net value / action budget. The segments with a
    positive net value are funded best ``roi`` first until ``total_budget`` is
    spent (all of them when ``total_budget`` is None); the last one funded may be covered only in part:
    ``funded_share`` is the share of its customers reached, ``planned_spend``
    and ``planned_gain`` the budget and expected value of that share, and ``funded``
    says whether the share is above 0. ``cost_factor`` and
    ``effect_factor`` multiply every action's cost and effect: how the plan
    changes if the assumptions are off.

    Examples
    --------
    >>> view = pd.DataFrame({"segment": ["甲", "甲", "乙"], "predictive_clv": [400.0, 600.0, 20.0], "warned": [True, False, False]})
    >>> acts = pd.DataFrame({"segment": ["甲", "乙"], "action": ["维护", "触达"], "cost_per_customer": [10.0, 5.0], "effect": [0.1, 0.1]})
    >>> strategy_table(view, acts)[["segment", "action_budget", "expected_value", "net_value", "funded"]].values.tolist()
    [['甲', 20.0, 100.0, 80.0, True], ['乙', 5.0, 2.0, -3.0, False]]
    >>> strategy_table(view, acts, total_budget=15)[["funded_share", "planned_spend", "planned_gain"]].values.tolist()[0]
    [0.75, 15.0, 75.0]
    """
    check_frame(overview, "overview", [by, value])
    acts = default_actions() if actions is None else actions
    check_frame(acts, "actions", ["segment", "action", "cost_per_customer", "effect"])
    cap = None if total_budget is None else check_number("total_budget", total_budget, low=0)
    scale_cost = check_number("cost_factor", cost_factor, low=0, low_open=True, high=1000)
    scale_effect = check_number("effect_factor", effect_factor, low=0, high=1000)
    for column, low in (("cost_per_customer", 0.0), ("effect", 0.0)):
        for v in acts[column]:
            check_number(column, v, low=low, low_open=column == "cost_per_customer")
    acts = acts.drop_duplicates("segment").set_index("segment")
    view = overview.assign(warned=overview["warned"] if "warned" in overview.columns else False)
    grouped = view.groupby(by, observed=True, sort=isinstance(view[by].dtype, pd.CategoricalDtype))  # rule order, or as met
    out = grouped.agg(customers=(value, "size"), warned=("warned", "sum"), mean_value=(value, "mean"), segment_value=(value, "sum"))
    missing = [str(s) for s in out.index if s not in acts.index]
    if missing:
        raise CrmlabInputError("actions", f"actions 缺少细分 {'、'.join(missing)} 的行动方案", f"actions has no row for {', '.join(missing)}")
    out = out.join(acts[["action", "cost_per_customer", "effect"]])
    out["warned"] = out["warned"].astype("int64")
    out["cost_per_customer"] = out["cost_per_customer"] * scale_cost
    out["effect"] = out["effect"] * scale_effect
    out["action_budget"] = out["cost_per_customer"] * out["customers"]
    out["expected_value"] = out["effect"] * out["segment_value"]
    out["net_value"] = out["expected_value"] - out["action_budget"]
    out["roi"] = out["net_value"] / out["action_budget"]
    share = pd.Series(0.0, index=out.index)
    left = np.inf if cap is None else cap
    for label in out.sort_values("roi", ascending=False, kind="stable").index:
        if out.at[label, "net_value"] > 0 and left > 0:
            share[label] = min(1.0, left / out.at[label, "action_budget"])  # the last segment funded may be covered in part
            left -= share[label] * out.at[label, "action_budget"]
    out["funded_share"] = share
    out["planned_spend"] = share * out["action_budget"]
    out["planned_gain"] = share * out["expected_value"]
    out["funded"] = share > 0
    return out.rename_axis(by).reset_index()


def key_figures(overview: pd.DataFrame, strategy: pd.DataFrame, *, value: str = "predictive_clv") -> pd.DataFrame:
    """The plan's key figures for a manager, one per row (方案要点).

    From :func:`customer_overview` and :func:`strategy_table`: customers,
    revenue, the A class's share of customers and of revenue, warned
    customers, total predicted value, and the plan's spend, expected gain,
    net value and return on the spend (left out when nothing is funded).

    Examples
    --------
    >>> view = pd.DataFrame({"revenue": [900.0, 100.0], "abc_class": ["A", "C"], "warned": [False, True], "predictive_clv": [50.0, 5.0]})
    >>> plan = pd.DataFrame({"planned_spend": [10.0, 0.0], "planned_gain": [30.0, 0.0], "funded": [True, False]})
    >>> key_figures(view, plan)["figure"].tolist()
    [2.0, 1000.0, 0.5, 0.9, 1.0, 55.0, 1.0, 10.0, 30.0, 20.0, 2.0]
    """
    check_frame(overview, "overview", ["revenue", "abc_class", "warned", value])
    check_frame(strategy, "strategy", ["planned_spend", "planned_gain", "funded"])
    a = (overview["abc_class"] == "A").to_numpy()
    spend, gain = float(strategy["planned_spend"].sum()), float(strategy["planned_gain"].sum())
    rows = [
        ("客户数", len(overview)),
        ("收入合计（元）", overview["revenue"].sum()),
        ("A 类客户占客户的比例", a.mean()),
        ("A 类客户占收入的比例", overview.loc[a, "revenue"].sum() / overview["revenue"].sum()),
        ("有流失预警的客户数", overview["warned"].sum()),
        ("预测未来价值合计（元）", overview[value].sum()),
        ("投入的细分数", int(strategy["funded"].astype(bool).sum())),
        ("预算合计（元）", spend),
        ("预期增加的价值（元）", gain),
        ("预期净收益（元）", gain - spend),
    ]
    if spend > 0:  # without a funded segment there is no return on a budget of 0: the row is left out
        rows.append(("投入产出比（净收益 / 预算）", (gain - spend) / spend))
    return pd.DataFrame([(k, float(v)) for k, v in rows], columns=["item", "figure"])
