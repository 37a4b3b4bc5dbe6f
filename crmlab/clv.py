"""Customer lifetime value as the textbook teaches it (客户终生价值).

CLV = historical value (历史价值) + current value (当前价值) + potential value
(潜在价值). The current value is a discounted cash flow (DCF) over the
customer's future years, weighted by the probability that the customer is
still there; the potential value is upsell (升级价值) plus referrals (推荐价值).

The model, year ``t = 1, 2, ...`` counted from today:

- retention probability ``S_t = (1 - churn_rate) ** t``
- discount factor ``D_t = 1 / (1 + discount_rate) ** t``
- profit if retained ``π_t = annual_revenue * (1 + revenue_growth) ** (t - 1) * margin
  - maintenance_cost + data_value``
- expected profit ``S_t * π_t``; present value ``S_t * π_t * D_t``
- current value ``Σ S_t π_t D_t`` over ``t = 1 .. horizon`` (``horizon=None``: the
  infinite sum in closed form)
- historical value ``past_annual_revenue * margin * years_active``; the
  textbook assumes the past fee was today's, the default
- upsell ``upsell_probability * upsell_revenue * margin * Σ (1+g)^(t-1) S_t D_t``,
  which is the textbook's ``720 * 0.3 * (3058 / 1440)`` when nothing grows
- referral, ``referral_model="textbook"``: ``referrals_per_year * V - referral_cost``
  (one year's referrals, the cost counted once, as printed); ``"lifetime"``:
  ``Σ S_t D_t * referrals_per_year * (V - referral_cost)`` (referrals in every
  year the customer stays, each costing ``referral_cost``). ``V`` is the value of
  a referred customer, by default this customer's own current value, as the
  textbook assumes.

Every default is neutral (no growth, no extra cost, no upsell, no referrals),
so only the factors a caller names move the result.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from ._validation import (
    MAX_AMOUNT,
    MAX_PERIODS,
    CrmlabInputError,
    CrmlabTypeError,
    check_choice,
    check_number,
    check_numbers,
    check_rate,
    fmt,
    renamed,
)
from .glossary import term

__all__ = [
    "FACTORS",
    "CLV_PARAMETERS",
    "INFINITE_TABLE_YEARS",
    "SEGMENTS",
    "SEGMENT_STRATEGIES",
    "ANALYSIS_STEPS",
    "CLVBreakdown",
    "CACRatio",
    "CLVSegments",
    "CLVAnalysis",
    "clv_breakdown",
    "discounted_lifetime",
    "expected_lifetime",
    "textbook_walk",
    "compare_with_textbook",
    "clv_cac_ratio",
    "payback_period",
    "sensitivity_table",
    "tornado_table",
    "clv_table",
    "clv_segments",
    "clv_analysis",
    "parameter_table",
    "compare_results",
]

#: The eight factors that move CLV, in the textbook's order (影响客户终生价值的八个因素).
FACTORS: tuple[str, ...] = (
    "horizon",
    "discount_rate",
    "churn_rate",
    "revenue_growth",
    "maintenance_cost",
    "annual_revenue",
    "referrals_per_year",
    "data_value",
)

#: Every keyword parameter of :func:`clv_breakdown` with its default (``...`` = required).
CLV_PARAMETERS: Mapping[str, Any] = MappingProxyType(
    {
        "annual_revenue": ...,
        "margin": ...,
        "years_active": ...,
        "churn_rate": ...,
        "discount_rate": ...,
        "horizon": 5,
        "past_annual_revenue": None,
        "revenue_growth": 0.0,
        "maintenance_cost": 0.0,
        "data_value": 0.0,
        "upsell_revenue": 0.0,
        "upsell_probability": 0.0,
        "referrals_per_year": 0.0,
        "referral_value": None,
        "referral_cost": 0.0,
        "referral_model": "textbook",
    }
)

#: With ``horizon=None`` the DCF table lists this many years; the current value
#: itself is the exact infinite sum.
INFINITE_TABLE_YEARS = 30

REFERRAL_MODELS = ("textbook", "lifetime")


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class _Inputs:
    annual_revenue: float
    margin: float
    years_active: float
    churn_rate: float
    discount_rate: float
    horizon: int | None
    past_annual_revenue: float | None
    revenue_growth: float
    maintenance_cost: float
    data_value: float
    upsell_revenue: float
    upsell_probability: float
    referrals_per_year: float
    referral_value: float | None
    referral_cost: float
    referral_model: str


def _check_horizon(horizon: Any) -> int | None:
    if horizon is None:
        return None
    if isinstance(horizon, float) and math.isinf(horizon) and horizon > 0:
        return None
    return int(check_number("horizon", horizon, low=1, cap=MAX_PERIODS, integer=True))


def _validate(params: Mapping[str, Any]) -> _Inputs:
    unknown = [k for k in params if k not in CLV_PARAMETERS]
    if unknown:
        names = ", ".join(unknown)
        raise CrmlabInputError(
            unknown[0],
            f"clv_breakdown 没有参数 {names}；可用的参数：{', '.join(CLV_PARAMETERS)}",
            f"clv_breakdown has no parameter {names}",
        )
    missing = [k for k, v in CLV_PARAMETERS.items() if v is ... and k not in params]
    if missing:
        listed = "、".join(f"{term(k)} {k}" for k in missing)
        raise CrmlabInputError(
            missing[0], f"缺少必需的参数：{listed}", f"missing required parameter(s): {', '.join(missing)}"
        )
    p = {**{k: v for k, v in CLV_PARAMETERS.items() if v is not ...}, **params}
    referral_value, past = p["referral_value"], p["past_annual_revenue"]
    return _Inputs(
        annual_revenue=check_number("annual_revenue", p["annual_revenue"], low=0, cap=MAX_AMOUNT),
        margin=check_rate("margin", p["margin"]),
        years_active=check_number("years_active", p["years_active"], low=0, cap=MAX_PERIODS),
        churn_rate=check_rate("churn_rate", p["churn_rate"]),
        discount_rate=check_rate("discount_rate", p["discount_rate"]),
        horizon=_check_horizon(p["horizon"]),
        past_annual_revenue=None if past is None else check_number("past_annual_revenue", past, low=0, cap=MAX_AMOUNT),
        revenue_growth=check_number("revenue_growth", p["revenue_growth"], low=-1, low_open=True),
        maintenance_cost=check_number("maintenance_cost", p["maintenance_cost"], low=0, cap=MAX_AMOUNT),
        data_value=check_number("data_value", p["data_value"], low=0, cap=MAX_AMOUNT),
        upsell_revenue=check_number("upsell_revenue", p["upsell_revenue"], low=0, cap=MAX_AMOUNT),
        upsell_probability=check_number("upsell_probability", p["upsell_probability"], low=0, high=1),
        referrals_per_year=check_number("referrals_per_year", p["referrals_per_year"], low=0),
        referral_value=None if referral_value is None else check_number("referral_value", referral_value, cap=MAX_AMOUNT),
        referral_cost=check_number("referral_cost", p["referral_cost"], low=0, cap=MAX_AMOUNT),
        referral_model=check_choice("referral_model", p["referral_model"], REFERRAL_MODELS),
    )


def _yearly(x: _Inputs, years: int) -> dict[str, np.ndarray]:
    """Year-by-year arrays for years 1..years."""
    t = np.arange(1, years + 1)
    growth = (1.0 + x.revenue_growth) ** (t - 1)
    survival = (1.0 - x.churn_rate) ** t
    discount = (1.0 + x.discount_rate) ** -t.astype(float)
    profit = x.annual_revenue * x.margin * growth - x.maintenance_cost + x.data_value
    expected = survival * profit
    return {
        "year": t,
        "growth": growth,
        "survival_probability": survival,
        "discount_factor": discount,
        "expected_profit": expected,
        "present_value": expected * discount,
    }


def _divergence_error(x: _Inputs, ratio: float) -> CrmlabInputError:
    return CrmlabInputError(
        "horizon",
        f"计算年限 horizon 为无限（∞）时 CLV 发散：每多一年，利润现值乘以 "
        f"(1 - 流失率)(1 + 收入增长率)/(1 + 折现率) = {ratio:.4g} ≥ 1，未来利润之和为无穷大。"
        f"请给出有限的计算年限 horizon，或提高流失率 churn_rate、折现率 discount_rate",
        f"with an infinite horizon (None) the CLV diverges: each year multiplies the present value "
        f"by (1 - churn_rate)(1 + revenue_growth)/(1 + discount_rate) = {ratio:.4g} >= 1; "
        f"give a finite horizon or raise churn_rate / discount_rate",
    )


def _compute(x: _Inputs) -> dict[str, float]:
    """The numbers of the breakdown (no table)."""
    if x.horizon is None:
        q = (1.0 - x.churn_rate) / (1.0 + x.discount_rate)
        ratio = q * max(1.0, 1.0 + x.revenue_growth)
        if ratio >= 1.0:
            raise _divergence_error(x, ratio)
        annuity = q / (1.0 - q)
        growth_annuity = q / (1.0 - q * (1.0 + x.revenue_growth))
        current = x.annual_revenue * x.margin * growth_annuity + (x.data_value - x.maintenance_cost) * annuity
    else:
        y = _yearly(x, x.horizon)
        weights = y["survival_probability"] * y["discount_factor"]
        annuity = float(weights.sum())
        growth_annuity = float((weights * y["growth"]).sum())
        current = float(y["present_value"].sum())
    past = x.annual_revenue if x.past_annual_revenue is None else x.past_annual_revenue
    historical = past * x.margin * x.years_active
    upsell = x.upsell_probability * x.upsell_revenue * x.margin * growth_annuity
    value = current if x.referral_value is None else x.referral_value
    if x.referral_model == "textbook":
        referral = x.referrals_per_year * value - x.referral_cost
    else:
        referral = annuity * x.referrals_per_year * (value - x.referral_cost)
    potential = upsell + referral
    return {
        "historical": historical,
        "current": current,
        "upsell": upsell,
        "referral": referral,
        "potential": potential,
        "total": historical + current + potential,
        "discounted_lifetime": annuity,
    }


def _dcf_table(x: _Inputs) -> pd.DataFrame:
    years = INFINITE_TABLE_YEARS if x.horizon is None else x.horizon
    y = _yearly(x, years)
    return pd.DataFrame(
        {k: y[k] for k in ("year", "survival_probability", "expected_profit", "discount_factor", "present_value")}
    )


@dataclass(frozen=True, eq=False)
class CLVBreakdown:
    """The three parts of a customer's lifetime value (客户终生价值的构成).

    Attributes
    ----------
    historical, current, upsell, referral, potential, total : float
        Values in yuan. ``potential = upsell + referral`` and
        ``total = historical + current + potential``.
    table : pandas.DataFrame
        The year-by-year DCF table the textbook prints: ``year``,
        ``survival_probability``, ``expected_profit``, ``discount_factor``,
        ``present_value``. With an infinite horizon it lists the first
        :data:`INFINITE_TABLE_YEARS` years.
    discounted_lifetime : float
        ``Σ S_t D_t``: the discounted expected number of future years
        (the textbook's "3058 / 1440 ≈ 2.12 years").
    parameters : Mapping
        The inputs, with defaults filled in.
    """

    historical: float
    current: float
    upsell: float
    referral: float
    potential: float
    total: float
    discounted_lifetime: float
    table: pd.DataFrame = field(repr=False)
    parameters: Mapping[str, Any] = field(repr=False)

    def __repr__(self) -> str:
        parts = ", ".join(
            f"{k}={getattr(self, k):.2f}" for k in ("historical", "current", "upsell", "referral", "potential", "total")
        )
        return f"CLVBreakdown({parts})"

    def _repr_html_(self) -> str:
        """How a notebook shows the result: the parts of CLV under their Chinese terms, in yuan.

        Examples
        --------
        >>> r = clv_breakdown(annual_revenue=1000, margin=0.5, years_active=2, churn_rate=0, discount_rate=0, horizon=3)
        >>> "历史价值" in r._repr_html_() and "CLVBreakdown" not in r._repr_html_()
        True
        """
        parts = "，".join(
            f"{term(k)} {getattr(self, k):,.2f} 元" for k in ("historical", "current", "upsell", "referral", "potential", "total")
        )
        return f"<p>客户终生价值的构成：{parts}</p>"

    def summary(self) -> pd.DataFrame:
        """The textbook's summary table (价值汇总): one row per part of CLV, in yuan.

        Examples
        --------
        >>> r = clv_breakdown(annual_revenue=1000, margin=0.5, years_active=2, churn_rate=0, discount_rate=0, horizon=3)
        >>> r.summary()["value"].tolist()
        [1000.0, 1500.0, 0.0, 0.0, 0.0, 2500.0]
        """
        rows = [
            ("historical", "过去已经实现的利润"),
            ("current", "客户行为不变时，未来利润的现值"),
            ("potential", "可以通过经营挖掘的额外价值（= 升级价值 + 推荐价值）"),
            ("upsell", "其中：升级/交叉销售带来的价值"),
            ("referral", "其中：推荐新客户带来的价值"),
            ("total", "历史价值 + 当前价值 + 潜在价值"),
        ]
        return pd.DataFrame(
            {
                "item": [term(k) for k, _ in rows],
                "description": [d for _, d in rows],
                "value": [float(getattr(self, k)) for k, _ in rows],
            }
        )


def clv_breakdown(
    *,
    annual_revenue: float,
    margin: float,
    years_active: float,
    churn_rate: float,
    discount_rate: float,
    horizon: int | None = 5,
    past_annual_revenue: float | None = None,
    revenue_growth: float = 0.0,
    maintenance_cost: float = 0.0,
    data_value: float = 0.0,
    upsell_revenue: float = 0.0,
    upsell_probability: float = 0.0,
    referrals_per_year: float = 0.0,
    referral_value: float | None = None,
    referral_cost: float = 0.0,
    referral_model: str = "textbook",
) -> CLVBreakdown:
    """Break a customer's lifetime value into historical, current and potential value.

    Parameters
    ----------
    annual_revenue : float
        Revenue per year from the customer, yuan (年收入; the textbook's
        "purchase value" factor). Must not be negative.
    margin : float
        Gross margin as a fraction in [0, 1] (毛利率).
    years_active : float
        Years the customer has already been with the firm (已合作年数), >= 0.
    churn_rate : float
        Probability per year that the customer leaves (年流失率), in [0, 1).
        The retention rate of the textbook's factor list is ``1 - churn_rate``.
    discount_rate : float
        Yearly discount rate (折现率), > -1.
    horizon : int or None, default 5
        Years of future profit counted (计算年限). ``None`` sums all future years
        in closed form; a clear error is raised where that sum diverges.
    past_annual_revenue : float or None, default None
        Average yearly revenue over the ``years_active`` past years (过去的年收入),
        for the historical value. ``None`` assumes it equalled today's
        ``annual_revenue``, as the textbook does; give it to let today's revenue
        change (an upgrade, a downgrade) without rewriting the past.
    revenue_growth : float, default 0
        Yearly growth of the customer's revenue (收入年增长率), > -1. Year 1 is
        at today's ``annual_revenue``.
    maintenance_cost : float, default 0
        Cost of keeping the relationship, yuan per retained year (年维系成本),
        on top of what ``margin`` already covers.
    data_value : float, default 0
        Value of the customer's information to the firm, yuan per retained
        year (年信息价值).
    upsell_revenue : float, default 0
        Extra yearly revenue if the customer upgrades (升级后年增收入); for 张三
        the family plan's 3600 - 2400 = 1200.
    upsell_probability : float, default 0
        Probability that the upgrade succeeds (升级成功率), in [0, 1].
    referrals_per_year : float, default 0
        New customers the customer brings per year (年均推荐人数).
    referral_value : float or None, default None
        Value of one referred customer (被推荐客户价值). ``None`` uses this
        customer's own current value, as the textbook does.
    referral_cost : float, default 0
        Reward or cost per referred customer (推荐成本), yuan.
    referral_model : {"textbook", "lifetime"}, default "textbook"
        ``"textbook"`` reproduces the printed formula ``referrals_per_year * V -
        referral_cost``: one year's referrals, the cost subtracted once.
        ``"lifetime"`` counts referrals in every year the customer stays,
        discounted, each costing ``referral_cost``.

    Returns
    -------
    CLVBreakdown

    Raises
    ------
    CrmlabInputError
        For a value outside its range, a string or ``None`` where a number
        belongs, an unknown or missing parameter, or an infinite horizon whose
        sum diverges. The message names the parameter in Chinese and English.

    Examples
    --------
    张三 (the textbook's case): 2400 yuan a year at 60% margin, 3 years so far,
    20% churn, 10% discount rate, a 30% chance of a 1200-yuan upgrade and 0.5
    referrals a year at 500 yuan.

    >>> r = clv_breakdown(annual_revenue=2400, margin=0.6, years_active=3,
    ...                   churn_rate=0.2, discount_rate=0.1, upsell_revenue=1200,
    ...                   upsell_probability=0.3, referrals_per_year=0.5, referral_cost=500)
    >>> round(r.historical), round(r.current, 2), round(r.potential, 2), round(r.total, 2)
    (4320, 3058.7, 1488.16, 8866.86)
    >>> r.table["present_value"].round(1).tolist()
    [1047.3, 761.7, 553.9, 402.9, 293.0]
    >>> round(clv_breakdown(annual_revenue=2400, margin=0.6, years_active=3,
    ...                     churn_rate=0.2, discount_rate=0.1, horizon=None).current, 6)
    3840.0
    """
    params = dict(
        annual_revenue=annual_revenue,
        margin=margin,
        years_active=years_active,
        churn_rate=churn_rate,
        discount_rate=discount_rate,
        horizon=horizon,
        past_annual_revenue=past_annual_revenue,
        revenue_growth=revenue_growth,
        maintenance_cost=maintenance_cost,
        data_value=data_value,
        upsell_revenue=upsell_revenue,
        upsell_probability=upsell_probability,
        referrals_per_year=referrals_per_year,
        referral_value=referral_value,
        referral_cost=referral_cost,
        referral_model=referral_model,
    )
    x = _validate(params)
    numbers = _compute(x)
    params["horizon"] = x.horizon
    return CLVBreakdown(**numbers, table=_dcf_table(x), parameters=MappingProxyType(params))


def discounted_lifetime(*, churn_rate: float, discount_rate: float, horizon: int | None = 5) -> float:
    """Discounted expected number of future years, ``Σ (1-c)^t / (1+d)^t`` (折现后的预期剩余年数).

    Multiplying a constant yearly profit by this number gives its current value;
    the textbook recovers it as ``3058 / 1440 ≈ 2.12`` to value 张三's upgrade.

    Examples
    --------
    >>> round(discounted_lifetime(churn_rate=0.2, discount_rate=0.1), 4)
    2.1241
    >>> round(discounted_lifetime(churn_rate=0.2, discount_rate=0.1, horizon=None), 4)
    2.6667
    """
    x = _validate(
        dict(annual_revenue=0, margin=0, years_active=0, churn_rate=churn_rate, discount_rate=discount_rate, horizon=horizon)
    )
    return _compute(x)["discounted_lifetime"]


def expected_lifetime(*, churn_rate: float) -> float:
    """Mean length of a relationship when customers leave at a constant yearly rate (平均客户生命周期).

    If a customer leaves in any year with probability ``churn_rate``, the
    number of years the relationship lasts, counting the year in which it ends,
    follows a geometric distribution with mean ``1 / churn_rate``: the
    textbook's "1 / 0.2 = 5 years". The same customer is expected to renew
    ``(1 - c) / c`` more times (4 for c = 0.2), which is ``Σ S_t`` over all
    future years. Because churn is memoryless, 张三's three past years do not
    change either number.

    This mean is not a horizon to cut the DCF at: the retention probabilities
    already account for the customer leaving, so truncating at 5 years counts
    churn twice (3058 instead of the full 3840).

    Examples
    --------
    >>> expected_lifetime(churn_rate=0.2)
    5.0
    >>> expected_lifetime(churn_rate=0)
    inf
    """
    c = check_rate("churn_rate", churn_rate)
    return math.inf if c == 0 else 1.0 / c


# ------------------------------------------------------------- the textbook's walk


def _round(x: float, digits: int) -> float:
    """Round half up, as people do by hand (Python's round() rounds half to even)."""
    return float(Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


_WALK_FIXED = {
    "revenue_growth": 0.0,
    "maintenance_cost": 0.0,
    "data_value": 0.0,
    "referral_value": None,
    "referral_model": "textbook",
}


def textbook_walk(**params: Any) -> CLVBreakdown:
    """Redo the textbook's hand calculation of CLV, rounding where it rounds (教材的手算过程).

    The textbook writes each retention probability as a percentage with one
    decimal and carries the rounded value into the next year (40.96% becomes
    41.0%, then 41.0% x 80% = 32.8%), rounds expected profit to one decimal and
    the discount factor to three, rounds each present value to one decimal,
    drops the decimals of their sum (3058.6 -> 3058), and reuses that integer:
    ``3058 / 1440 ≈ 2.12`` for the upgrade and ``0.5 * 3058 - 500`` for the
    referral. This function follows exactly those steps, so that every figure
    printed in the textbook is reproduced and each difference from
    :func:`clv_breakdown` can be traced to one rounding.

    Takes the parameters of :func:`clv_breakdown`; the factors the textbook's
    example does not use must stay at their neutral defaults, and the horizon
    must be finite.

    Examples
    --------
    >>> w = textbook_walk(annual_revenue=2400, margin=0.6, years_active=3,
    ...                   churn_rate=0.2, discount_rate=0.1, upsell_revenue=1200,
    ...                   upsell_probability=0.3, referrals_per_year=0.5, referral_cost=500)
    >>> w.table["present_value"].tolist()
    [1047.2, 761.2, 553.7, 403.2, 293.3]
    >>> w.current, w.upsell, w.referral, w.potential, w.total
    (3058.0, 458.0, 1029.0, 1487.0, 8865.0)
    """
    x = _validate(params)
    for name, neutral in _WALK_FIXED.items():
        if getattr(x, name) != neutral:
            raise CrmlabInputError(
                name,
                f"教材的手算过程不含 {term(name)} {name}，请保持默认值 {neutral!r}",
                f"the textbook's walk has no {name}; leave it at {neutral!r}",
            )
    if x.horizon is None:
        raise CrmlabInputError(
            "horizon", "教材的手算过程只能用有限的计算年限 horizon", "the textbook's walk needs a finite horizon"
        )
    profit = x.annual_revenue * x.margin
    retention_pct, rows = 100.0, []
    for t in range(1, x.horizon + 1):
        retention_pct = _round(retention_pct * (1 - x.churn_rate), 1)
        expected = _round(profit * retention_pct / 100, 1)
        factor = _round((1 + x.discount_rate) ** -t, 3)
        rows.append((t, retention_pct / 100, expected, factor, _round(expected * factor, 1)))
    table = pd.DataFrame(
        rows, columns=["year", "survival_probability", "expected_profit", "discount_factor", "present_value"]
    )
    current = float(math.floor(_round(table["present_value"].sum(), 1)))
    years = _round(current / profit, 2) if profit else 0.0
    upsell = float(_round(x.upsell_revenue * x.margin * x.upsell_probability * years, 0))
    referral = float(_round(x.referrals_per_year * current - x.referral_cost, 0))
    past = x.annual_revenue if x.past_annual_revenue is None else x.past_annual_revenue
    historical = float(_round(past * x.margin * x.years_active, 0))
    return CLVBreakdown(
        historical=historical,
        current=current,
        upsell=upsell,
        referral=referral,
        potential=upsell + referral,
        total=historical + current + upsell + referral,
        discounted_lifetime=years,
        table=table,
        parameters=MappingProxyType(dict(params)),
    )


def compare_with_textbook(exact: CLVBreakdown, walk: CLVBreakdown) -> pd.DataFrame:
    """Put the textbook's rounded figures beside the exact ones and say why they differ (教材数值与精确值对照).

    Parameters
    ----------
    exact : CLVBreakdown
        From :func:`clv_breakdown`.
    walk : CLVBreakdown
        From :func:`textbook_walk` with the same parameters.

    Returns
    -------
    pandas.DataFrame
        Columns ``item``, ``textbook``, ``exact``, ``difference``
        (``exact - textbook``) and ``reason``: one row per yearly present
        value, then historical, current, upsell, referral, potential and total.

    Examples
    --------
    >>> p = dict(annual_revenue=2400, margin=0.6, years_active=3, churn_rate=0.2,
    ...          discount_rate=0.1, upsell_revenue=1200, upsell_probability=0.3,
    ...          referrals_per_year=0.5, referral_cost=500)
    >>> cmp = compare_with_textbook(clv_breakdown(**p), textbook_walk(**p))
    >>> cmp.loc[cmp["item"] == "客户终生价值", ["textbook", "exact"]].round(2).values.tolist()
    [[8865.0, 8866.86]]
    """
    for name, value in (("exact", exact), ("walk", walk)):
        if not isinstance(value, CLVBreakdown):
            raise CrmlabTypeError(
                name, f"{name} 必须是 clv_breakdown 或 textbook_walk 的结果（CLVBreakdown），收到 {type(value).__name__}",
                f"{name} must be a CLVBreakdown, got {type(value).__name__}",
            )
    rows: list[tuple[str, float, float, str]] = []
    ex, tb = exact.table, walk.table
    for i in range(min(len(ex), len(tb))):
        reasons = []
        s_t, s_e = tb["survival_probability"].iat[i], ex["survival_probability"].iat[i]
        if abs(s_t - s_e) > 1e-12:
            off_before = i > 0 and abs(tb["survival_probability"].iat[i - 1] - ex["survival_probability"].iat[i - 1]) > 1e-12
            carried = "（由上一年取整后的留存概率乘以 1 - 流失率得到）" if off_before else ""
            reasons.append(f"留存概率取 {s_t:.1%}，精确值 {s_e:.3%}{carried}")
        p_t, p_e = tb["expected_profit"].iat[i], ex["expected_profit"].iat[i]
        if abs(p_t - p_e) > 1e-9:
            reasons.append(f"预测利润取 {fmt(p_t)}，精确值 {fmt(round(p_e, 4))}")
        d_t, d_e = tb["discount_factor"].iat[i], ex["discount_factor"].iat[i]
        if abs(d_t - d_e) > 1e-12:
            reasons.append(f"折现因子取 {d_t:.3f}，精确值 {d_e:.5f}")
        reasons.append("乘积再保留一位小数")
        rows.append((f"第{i + 1}年利润现值", tb["present_value"].iat[i], ex["present_value"].iat[i], "; ".join(reasons)))
    rounded_sum = _round(tb["present_value"].sum(), 1)
    rows += [
        (
            term("historical"),
            walk.historical,
            exact.historical,
            "没有舍入：年利润 × 已合作年数" if abs(walk.historical - exact.historical) < 0.5 else "历史价值取整",
        ),
        (
            term("current"),
            walk.current,
            exact.current,
            f"上面各年取整后的现值相加为 {fmt(rounded_sum)}，教材舍去小数写作 {fmt(walk.current)}；"
            f"精确值是各年精确现值之和",
        ),
        (
            term("upsell"),
            walk.upsell,
            exact.upsell,
            f"教材用 {fmt(walk.current)} ÷ 年利润 ≈ {walk.discounted_lifetime:.2f} 年；"
            f"精确的折现剩余年数是 {exact.discounted_lifetime:.4f}",
        ),
        (
            term("referral"),
            walk.referral,
            exact.referral,
            f"教材用取整后的当前价值 {fmt(walk.current)}；精确计算用 {exact.current:.2f}",
        ),
        (term("potential"), walk.potential, exact.potential, "= 升级价值 + 推荐价值，带入了两者的差额"),
        (term("total"), walk.total, exact.total, "= 历史价值 + 当前价值 + 潜在价值，带入了以上各项的差额"),
    ]
    out = pd.DataFrame(rows, columns=["item", "textbook", "exact", "reason"])
    out.insert(3, "difference", out["exact"] - out["textbook"])
    return out


# --------------------------------------------------------------------- CLV vs CAC


@dataclass(frozen=True)
class CACRatio:
    """CLV compared with the cost of acquiring the customer (CLV:CAC).

    ``verdict`` says in Chinese what the ratio means by the 3:1 rule.
    """

    clv: float
    cac: float
    ratio: float
    target: float
    meets_target: bool
    verdict: str


def clv_cac_ratio(*, clv: float, cac: float, target: float = 3.0, upper: float = 5.0) -> CACRatio:
    """Ratio of customer lifetime value to customer acquisition cost, judged by the 3:1 rule (CLV:CAC).

    A customer is profitable only if CLV > CAC; the textbook (step 3 of CLV
    analysis) says firms usually aim for 3:1 or more. Above ``upper`` (5:1 by
    a common industry rule of thumb) the firm may be spending too little on
    acquiring customers.

    Parameters
    ----------
    clv : float
        Lifetime value, yuan (any sign).
    cac : float
        Acquisition cost, yuan, > 0.
    target, upper : float
        The ratio to aim for, and the ratio above which acquisition looks
        under-funded.

    Examples
    --------
    >>> r = clv_cac_ratio(clv=8865, cac=2500)
    >>> round(r.ratio, 2), r.meets_target
    (3.55, True)
    >>> clv_cac_ratio(clv=1000, cac=2000).verdict
    '亏损：CLV 低于获客成本，每获取一位这样的客户都在亏钱'
    """
    v = check_number("clv", clv)
    c = check_number("cac", cac, low=0, low_open=True)
    t = check_number("target", target, low=1)
    u = check_number("upper", upper, low=t)
    ratio = v / c
    if ratio < 1:
        verdict = "亏损：CLV 低于获客成本，每获取一位这样的客户都在亏钱"
    elif ratio < t:
        verdict = f"偏低：能收回获客成本，但未达到 {fmt(t)}:1 的经验标准，利润空间不足"
    elif ratio <= u:
        verdict = f"健康：达到 {fmt(t)}:1 的经验标准"
    else:
        verdict = f"很高：超过 {fmt(u)}:1，可能在获客上投入不足，可以考虑加大获客投入"
    return CACRatio(clv=v, cac=c, ratio=ratio, target=t, meets_target=ratio >= t, verdict=verdict)


def payback_period(
    *,
    cac: float,
    annual_revenue: float,
    margin: float,
    churn_rate: float = 0.0,
    discount_rate: float = 0.0,
    revenue_growth: float = 0.0,
    maintenance_cost: float = 0.0,
    data_value: float = 0.0,
    max_years: int = 100,
) -> float:
    """Years until a new customer's expected profit repays the acquisition cost (回本周期).

    Cumulates the present values of the same yearly cash flows as
    :func:`clv_breakdown` (end-of-year profit, weighted by retention and
    discounted) and interpolates linearly within the year in which the
    cumulative value reaches ``cac``. With no churn and no discounting this is
    the usual ``cac / (annual_revenue * margin)``. Returns ``math.inf`` when the
    customer is not expected to repay the cost within ``max_years`` (with churn,
    the cumulative value levels off and may never get there).

    Examples
    --------
    >>> payback_period(cac=1800, annual_revenue=2400, margin=0.6)
    1.25
    >>> round(payback_period(cac=2000, annual_revenue=2400, margin=0.6, churn_rate=0.2, discount_rate=0.1), 3)
    2.345
    >>> payback_period(cac=5000, annual_revenue=2400, margin=0.6, churn_rate=0.2, discount_rate=0.1)
    inf
    """
    c = check_number("cac", cac, low=0, cap=MAX_AMOUNT)
    n = int(check_number("max_years", max_years, low=1, cap=MAX_PERIODS, integer=True))
    x = _validate(
        dict(
            annual_revenue=annual_revenue,
            margin=margin,
            years_active=0,
            churn_rate=churn_rate,
            discount_rate=discount_rate,
            revenue_growth=revenue_growth,
            maintenance_cost=maintenance_cost,
            data_value=data_value,
            horizon=n,
        )
    )
    if c == 0:
        return 0.0
    pv = _yearly(x, n)["present_value"]
    cumulative = np.cumsum(pv)
    reached = np.flatnonzero(cumulative >= c)
    if reached.size == 0:
        return math.inf
    i = int(reached[0])
    before = cumulative[i - 1] if i > 0 else 0.0
    return float(i + (c - before) / pv[i])


# --------------------------------------------------------- sensitivity and tornado


def _check_base(base: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(base, Mapping):
        raise CrmlabInputError(
            "base",
            f"base 必须是参数字典（例如 zhangsan()），收到 {type(base).__name__}",
            f"base must be a mapping of clv_breakdown parameters, got {type(base).__name__}",
        )
    params = dict(base)
    _validate(params)
    return params


def _check_factor(factor: str, name: str = "factor") -> str:
    return check_choice(name, factor, [k for k in CLV_PARAMETERS if k not in ("referral_model",)])


def sensitivity_table(base: Mapping[str, Any], *, factor: str, values: Iterable[float]) -> pd.DataFrame:
    """CLV as one factor varies over a range, the others held at ``base`` (敏感性分析表).

    Parameters
    ----------
    base : Mapping
        Parameters of :func:`clv_breakdown`, e.g. ``zhangsan()``.
    factor : str
        The parameter to vary.
    values : iterable of float
        The values to try.

    Returns
    -------
    pandas.DataFrame
        One row per value: the factor's column, then ``historical``,
        ``current``, ``upsell``, ``referral``, ``potential``, ``total``.

    Examples
    --------
    >>> base = dict(annual_revenue=2400, margin=0.6, years_active=3, churn_rate=0.2, discount_rate=0.1)
    >>> sensitivity_table(base, factor="churn_rate", values=[0.1, 0.2])["current"].round(1).tolist()
    [4104.1, 3058.7]
    """
    params = _check_base(base)
    _check_factor(factor)
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        raise CrmlabTypeError(
            "values", f"values 必须是要尝试的一列数值，例如 [0.1, 0.2, 0.3]，收到 {values!r}", f"values must be a list of values to try, got {values!r}"
        )
    values = list(values)
    if not 1 <= len(values) <= MAX_PERIODS:
        raise CrmlabInputError("values", f"values 需要 1 到 {MAX_PERIODS} 个值，收到 {len(values)} 个", f"values needs 1 to {MAX_PERIODS} values")
    rows = []
    for i, v in enumerate(values, start=1):
        try:
            checked = _validate({**params, factor: v})
        except CrmlabInputError as err:  # name the list that carried the value, and the factor it was tried as
            raise type(err)("values", f"values 的第 {i} 个值不可用：{err.zh}", f"value {i} of values cannot be used: {err.en}") from None
        numbers = _compute(checked)
        rows.append({factor: v, **{k: numbers[k] for k in _PARTS}})
    return pd.DataFrame(rows, columns=[factor, *_PARTS])


_PARTS = ("historical", "current", "upsell", "referral", "potential", "total")

_UPPER_LIMITS = {"margin": 1.0, "upsell_probability": 1.0, "churn_rate": 0.99}


def tornado_table(
    base: Mapping[str, Any],
    *,
    change: float = 0.2,
    factors: Sequence[str] | None = None,
    ranges: Mapping[str, tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """Total CLV with each factor moved down and up by ``change`` (龙卷风图数据).

    Each factor is set to ``base * (1 - change)`` and ``base * (1 + change)``
    in turn, all others held at ``base``. A factor whose base value is 0 does
    not move under a relative change: give it an absolute ``(low, high)`` in
    ``ranges``. Values are kept inside the parameter's valid range (a margin or
    probability at most 1, churn at most 0.99, a horizon a whole number of at
    least 1 year); an infinite horizon is not varied.

    Parameters
    ----------
    base : Mapping
        Parameters of :func:`clv_breakdown`.
    change : float, default 0.2
        Relative change, in (0, 1).
    factors : sequence of str, optional
        Factors to vary; default the textbook's eight (:data:`FACTORS`).
    ranges : Mapping, optional
        Absolute ``(low, high)`` per factor, used instead of ``change``.

    Returns
    -------
    pandas.DataFrame
        Columns ``factor``, ``term``, ``base_value``, ``low_value``,
        ``high_value``, ``total_at_low``, ``total_at_high``, ``swing``
        (``|total_at_high - total_at_low|``) and ``base_total``, sorted by
        ``swing``, largest first.

    Examples
    --------
    >>> base = dict(annual_revenue=2400, margin=0.6, years_active=3, churn_rate=0.2, discount_rate=0.1)
    >>> t = tornado_table(base, factors=["churn_rate", "annual_revenue"])
    >>> t["factor"].tolist()
    ['annual_revenue', 'churn_rate']
    """
    params = _check_base(base)
    rel = check_number("change", change, low=0, high=1, low_open=True, high_open=True)
    if factors is not None and (isinstance(factors, (str, bytes)) or not isinstance(factors, Iterable)):
        raise CrmlabTypeError("factors", f"factors 必须是因素名的列表，例如 [\"churn_rate\"]，收到 {factors!r}", f"factors must be a list of names, got {factors!r}")
    chosen = list(FACTORS if factors is None else factors)
    for f in chosen:
        _check_factor(f, "factors")
    if ranges is not None and not isinstance(ranges, Mapping):
        raise CrmlabTypeError(
            "ranges", f"ranges 必须是字典，例如 {{\"churn_rate\": (0.1, 0.3)}}，收到 {ranges!r}", f"ranges must be a mapping such as {{'churn_rate': (0.1, 0.3)}}, got {ranges!r}"
        )
    ranges = dict(ranges or {})
    for f in ranges:
        _check_factor(f, "ranges")
        pair = ranges[f]
        if isinstance(pair, (str, bytes)) or not hasattr(pair, "__len__") or len(pair) != 2:
            raise CrmlabTypeError("ranges", f"ranges[{f!r}] 必须是 (低, 高) 两个数，收到 {pair!r}", f"ranges[{f!r}] must be a (low, high) pair, got {pair!r}")
    full = {**{k: v for k, v in CLV_PARAMETERS.items() if v is not ...}, **params}
    base_total = _compute(_validate(params))["total"]
    rows = []
    for f in chosen:
        b = full[f]
        if b is None:  # an infinite horizon: varied only within an explicit range
            if f not in ranges:
                continue
            b = math.inf
        if f in ranges:
            low, high = ranges[f]
        else:
            low, high = b * (1 - rel), b * (1 + rel)
            if f == "horizon":
                low, high = max(1, round(low)), max(1, round(high))
            if f in _UPPER_LIMITS:
                high = min(high, _UPPER_LIMITS[f])
        at_low = _compute(_validate({**params, f: low}))["total"]
        at_high = _compute(_validate({**params, f: high}))["total"]
        rows.append((f, term(f), b, low, high, at_low, at_high, abs(at_high - at_low), base_total))
    out = pd.DataFrame(
        rows,
        columns=["factor", "term", "base_value", "low_value", "high_value", "total_at_low", "total_at_high", "swing", "base_total"],
    )
    return out.sort_values("swing", ascending=False, kind="stable", ignore_index=True)


# ------------------------------------------------------ many customers, segments


def clv_table(customers: pd.DataFrame, **common: Any) -> pd.DataFrame:
    """CLV parts for every row of a customer table (客户终生价值表).

    Columns of ``customers`` named like parameters of :func:`clv_breakdown`
    are used row by row; ``common`` gives the parameters shared by all rows
    (a parameter may not come from both). Other columns (ids, names, CAC) are
    carried over. The caller's frame is not modified.

    Returns
    -------
    pandas.DataFrame
        The carried-over columns, then ``historical``, ``current``,
        ``upsell``, ``referral``, ``potential``, ``total``, on the same index.

    Raises
    ------
    CrmlabInputError
        For a missing parameter, a parameter given twice, missing values in a
        parameter column (with the number of rows), or a bad value (with the
        row).

    Examples
    --------
    >>> members = pd.DataFrame({"customer_id": ["A", "B"], "annual_revenue": [2400, 1200], "years_active": [3, 1]})
    >>> t = clv_table(members, margin=0.6, churn_rate=0.2, discount_rate=0.1)
    >>> t[["customer_id", "historical"]].values.tolist()
    [['A', 4320.0], ['B', 720.0]]
    """
    if not isinstance(customers, pd.DataFrame):
        raise CrmlabInputError(
            "customers",
            f"customers 必须是 pandas DataFrame，收到 {type(customers).__name__}",
            f"customers must be a pandas DataFrame, got {type(customers).__name__}",
        )
    if not customers.index.is_unique:
        dup = int(customers.index.duplicated().sum())
        raise CrmlabInputError(
            "customers",
            f"customers 的索引有 {dup} 个重复值，无法逐行对应结果；请先 reset_index()",
            f"the index of customers has {dup} duplicated label(s); call reset_index() first",
        )
    from_columns = [c for c in customers.columns if c in CLV_PARAMETERS]
    twice = [c for c in from_columns if c in common]
    if twice:
        raise CrmlabInputError(
            twice[0],
            f"参数 {term(twice[0])} {twice[0]} 既是表中的列又作为关键字参数给出，只能给一处",
            f"{twice[0]} is both a column and a keyword argument; give it once",
        )
    for c in from_columns:
        bad = int(customers[c].isna().sum()) if c != "referral_value" else 0
        if bad:
            raise CrmlabInputError(
                c, f"列 {term(c)} {c} 有 {bad} 行缺失值", f"column {c} has {bad} missing value(s)"
            )
    missing = [k for k, v in CLV_PARAMETERS.items() if v is ... and k not in from_columns and k not in common]
    if missing:
        listed = "、".join(f"{term(k)} {k}" for k in missing)
        raise CrmlabInputError(
            missing[0],
            f"缺少必需的参数 {listed}：请作为表中的列或关键字参数给出",
            f"missing required parameter(s) {', '.join(missing)}: give them as columns or keywords",
        )
    carried = customers[[c for c in customers.columns if c not in CLV_PARAMETERS]].copy()
    records = customers[from_columns].to_dict("records")
    values = {k: [] for k in _PARTS}
    for label, row in zip(customers.index, records):
        row = {k: (None if k == "referral_value" and pd.isna(v) else v) for k, v in row.items()}
        try:
            numbers = _compute(_validate({**row, **common}))
        except CrmlabInputError as err:
            raise CrmlabInputError(err.parameter, f"索引为 {label!r} 的行：{err.zh}", f"row {label!r}: {err.en}") from err
        for k in _PARTS:
            values[k].append(numbers[k])
    for k in _PARTS:
        carried[k] = np.asarray(values[k], dtype=float)
    return carried


#: The four CLV segments of the textbook, from current value x potential value.
SEGMENTS: tuple[str, ...] = ("高价值", "成长型", "需警惕", "低价值")

#: What to do with each segment (step 5 of CLV analysis).
SEGMENT_STRATEGIES: Mapping[str, str] = MappingProxyType(
    {
        "高价值": "重点投入、重点保持：专属客服与会员特权，主动推荐升级套餐和推荐计划，兑现潜在价值",
        "成长型": "重点培养：用升级引导、交叉销售和使用激励，把潜在价值变成当前价值",
        "需警惕": "防止流失：监测活跃度，一有下滑就主动关怀挽留；以维持现有收入为主，不宜大笔开发投入",
        "低价值": "低成本服务：以标准化、自助化服务为主，控制服务成本，留意是否有被低估的需求",
    }
)


@dataclass(frozen=True, eq=False)
class CLVSegments:
    """Customers placed in the four CLV segments (基于CLV的客户细分).

    ``table`` is the input with a ``segment`` column (ordered categorical,
    :data:`SEGMENTS`); ``current_threshold`` and ``potential_threshold`` are the
    cut-offs used ("high" means at or above the cut-off).
    """

    table: pd.DataFrame
    current_threshold: float
    potential_threshold: float

    def summary(self, value: str = "total") -> pd.DataFrame:
        """Per segment: ``count``, ``share`` of customers, mean of ``value`` (``mean_total``) and ``strategy``.

        Examples
        --------
        >>> v = pd.DataFrame({"current": [3000, 500, 2500, 400], "potential": [1500, 1200, 100, 50]})
        >>> clv_segments(v).summary("current")[["segment", "count", "share", "mean_total"]]
          segment  count  share  mean_total
        0     高价值      1   0.25      3000.0
        1     成长型      1   0.25       500.0
        2     需警惕      1   0.25      2500.0
        3     低价值      1   0.25       400.0
        """
        if value not in self.table.columns:
            raise CrmlabInputError(
                "value", f"表中没有列 {value!r}，无法计算各类的平均值", f"no column {value!r} to average per segment"
            )
        grouped = self.table.groupby("segment", observed=False)
        out = pd.DataFrame({"count": grouped.size(), "mean_total": grouped[value].mean()})
        out.insert(1, "share", out["count"] / max(len(self.table), 1))
        out["strategy"] = [SEGMENT_STRATEGIES[s] for s in out.index]
        return out.rename_axis("segment").reset_index()


def clv_segments(
    values: pd.DataFrame,
    *,
    current: str = "current",
    potential: str = "potential",
    current_threshold: float | None = None,
    potential_threshold: float | None = None,
) -> CLVSegments:
    """Place customers in four segments by current and potential value (CLV 细分).

    ====================  =============  =============
    segment               current value  potential value
    ====================  =============  =============
    高价值 (high value)     high           high
    成长型 (growth)         low            high
    需警惕 (watch out)      high           low
    低价值 (low value)      low            low
    ====================  =============  =============

    "High" means at or above the threshold; each threshold defaults to the
    median of its column.

    Examples
    --------
    >>> v = pd.DataFrame({"current": [3000, 500, 2500, 400], "potential": [1500, 1200, 100, 50]})
    >>> clv_segments(v).table["segment"].tolist()
    ['高价值', '成长型', '需警惕', '低价值']
    """
    if not isinstance(values, pd.DataFrame):
        raise CrmlabInputError(
            "values", f"values 必须是 pandas DataFrame，收到 {type(values).__name__}",
            f"values must be a pandas DataFrame, got {type(values).__name__}",
        )
    for col in (current, potential):
        if col not in values.columns:
            raise CrmlabInputError(
                col, f"表中没有列 {col}（现有列：{', '.join(map(str, values.columns))}）", f"no column {col!r}"
            )
        bad = int(pd.to_numeric(values[col], errors="coerce").isna().sum())
        if bad:
            raise CrmlabInputError(
                col, f"列 {col} 有 {bad} 行缺失或不是数字", f"column {col} has {bad} missing or non-numeric value(s)"
            )
    if len(values) == 0:
        raise CrmlabInputError("values", "values 是空表，没有客户可以细分", "values is empty")
    cur = check_numbers(current, values[current], low=-MAX_AMOUNT)
    pot = check_numbers(potential, values[potential], low=-MAX_AMOUNT)
    tc = float(cur.median()) if current_threshold is None else check_number("current_threshold", current_threshold)
    tp = float(pot.median()) if potential_threshold is None else check_number("potential_threshold", potential_threshold)
    high_c, high_p = (cur >= tc).to_numpy(), (pot >= tp).to_numpy()
    labels = np.select([high_c & high_p, ~high_c & high_p, high_c & ~high_p], SEGMENTS[:3], SEGMENTS[3])
    table = values.copy()
    table["segment"] = pd.Categorical(labels, categories=SEGMENTS, ordered=True)
    return CLVSegments(table=table, current_threshold=tc, potential_threshold=tp)


#: The five steps of CLV analysis, as the textbook names them.
ANALYSIS_STEPS: tuple[str, ...] = (
    "收集客户资料和数据",
    "定义和计算客户终生价值",
    "分析客户投资与利润",
    "基于CLV细分客户",
    "制定相应的营销策略",
)


@dataclass(frozen=True, eq=False)
class CLVAnalysis:
    """The textbook's five steps of CLV analysis, one attribute per step (客户终生价值分析五步法).

    Attributes
    ----------
    data : DataFrame
        Step 1, the customer data as collected.
    values : DataFrame
        Step 2, CLV and its parts per customer (:func:`clv_table`).
    investment : DataFrame
        Step 3, per customer ``clv``, ``cac``, ``ratio``, ``meets_target``,
        ``verdict`` and ``payback_years``.
    segments : CLVSegments
        Step 4, the four CLV segments.
    strategies : DataFrame
        Step 5, per segment: size, mean CLV, mean CLV:CAC and the strategy.
    """

    data: pd.DataFrame
    values: pd.DataFrame
    investment: pd.DataFrame
    segments: CLVSegments
    strategies: pd.DataFrame


@renamed(id_column="id_column")
def clv_analysis(
    customers: pd.DataFrame,
    *,
    cac: str = "cac",
    customer: str = "customer_id",
    target_ratio: float = 3.0,
    **common: Any,
) -> CLVAnalysis:
    """Run the five steps of CLV analysis on a customer table (五步法).

    Step 2 uses :func:`clv_table` (per-row parameters from the columns,
    shared ones from ``common``); step 3 compares each customer's total CLV
    with the acquisition cost in column ``cac`` (:func:`clv_cac_ratio`) and
    the years from acquisition until this customer's profit repays it: the
    realised historical profit first (a customer whose historical value already
    exceeds the CAC has repaid it within ``years_active``), then the expected,
    discounted profit of :func:`payback_period` for the rest, so that a
    customer judged able to repay the CAC gets a finite payback; step 4 applies :func:`clv_segments` with median
    thresholds; step 5 summarises each segment with its strategy.

    Examples
    --------
    >>> members = pd.DataFrame({"customer_id": ["A", "B"], "annual_revenue": [2400, 1200],
    ...                         "years_active": [3, 1], "cac": [1500, 1500]})
    >>> a = clv_analysis(members, margin=0.6, churn_rate=0.2, discount_rate=0.1)
    >>> a.investment["meets_target"].tolist()
    [True, False]
    """
    values = clv_table(customers, **common)
    if cac not in customers.columns:
        raise CrmlabInputError(cac, f"表中没有获客成本列 {cac}", f"no acquisition-cost column {cac!r}")
    ids = customers[customer] if customer in customers.columns else pd.Series(customers.index, index=customers.index)
    rows = []
    for label in customers.index:
        get = lambda k: customers.at[label, k] if k in customers.columns else common.get(k, CLV_PARAMETERS[k])  # noqa: E731
        try:
            r = clv_cac_ratio(clv=values.at[label, "total"], cac=customers.at[label, cac], target=target_ratio)
            # years from acquisition: the realised (historical) profit repays first, then the expected future one
            historical, years = float(values.at[label, "historical"]), float(get("years_active"))
            if historical >= r.cac and years > 0:
                payback = years * r.cac / historical
            else:
                payback = years + payback_period(
                    cac=r.cac - historical,
                    **{
                        k: get(k)
                        for k in ("annual_revenue", "margin", "churn_rate", "discount_rate", "revenue_growth", "maintenance_cost", "data_value")
                    },
                )
        except CrmlabInputError as err:
            raise CrmlabInputError(err.parameter, f"索引为 {label!r} 的行：{err.zh}", f"row {label!r}: {err.en}") from err
        rows.append((ids[label], r.clv, r.cac, r.ratio, r.meets_target, r.verdict, payback))
    investment = pd.DataFrame(
        rows, columns=[customer, "clv", "cac", "ratio", "meets_target", "verdict", "payback_years"], index=customers.index
    )
    segments = clv_segments(values)
    table = segments.table.assign(ratio=investment["ratio"])
    strategies = segments.summary()
    strategies.insert(3, "mean_ratio", table.groupby("segment", observed=False)["ratio"].mean().to_numpy())
    return CLVAnalysis(
        data=customers.copy(), values=values, investment=investment, segments=segments, strategies=strategies
    )


def parameter_table(params: Mapping[str, Any]) -> pd.DataFrame:
    """The parameters of a case as a table: Chinese term, parameter name and value (参数表).

    Examples
    --------
    >>> parameter_table({"annual_revenue": 2400, "churn_rate": 0.2}).values.tolist()
    [['年收入', 'annual_revenue', 2400], ['流失率', 'churn_rate', 0.2]]
    """
    if not isinstance(params, Mapping):
        raise CrmlabInputError(
            "params", f"params 必须是参数字典，例如 zhangsan()，收到 {type(params).__name__}",
            f"params must be a mapping, e.g. zhangsan(), got {type(params).__name__}",
        )
    return pd.DataFrame(
        {"term": [term(k) for k in params], "parameter": list(params), "setting": pd.Series(list(params.values()), dtype=object)}
    )


def compare_results(
    results: Mapping[str, CLVBreakdown], parts: Sequence[str] = ("historical", "current", "potential", "total")
) -> pd.DataFrame:
    """Some parts of several :func:`clv_breakdown` results side by side (结果对比).

    Parameters
    ----------
    results : Mapping
        Name (e.g. a scenario) -> :class:`CLVBreakdown`.
    parts : sequence of str
        Which parts, e.g. ``"referral"``, ``"potential"``, ``"total"``.

    Returns
    -------
    pandas.DataFrame
        One row per part (labelled with its Chinese term), one column per result.

    Examples
    --------
    >>> base = dict(annual_revenue=1000, margin=0.5, years_active=0, churn_rate=0.5, discount_rate=0.0, horizon=1)
    >>> compare_results({"a": clv_breakdown(**base), "b": clv_breakdown(**{**base, "margin": 1.0})}, parts=("current",))
              a      b
    当前价值  250.0  500.0
    """
    if not isinstance(results, Mapping) or not results:
        raise CrmlabInputError(
            "results", "results 必须是非空的字典：名称 -> clv_breakdown 的结果", "results must be a non-empty mapping name -> CLVBreakdown"
        )
    for name, result in results.items():
        if not isinstance(result, CLVBreakdown):
            raise CrmlabTypeError(
                "results", f"results[{name!r}] 必须是 clv_breakdown 的结果，收到 {type(result).__name__}",
                f"results[{name!r}] must be a CLVBreakdown, got {type(result).__name__}",
            )
    if isinstance(parts, (str, bytes, Mapping)) or not isinstance(parts, Iterable):
        raise CrmlabTypeError(
            "parts", f"parts 必须是结果部分的列表，例如 (\"current\", \"total\")，收到 {type(parts).__name__} {parts!r}",
            f"parts must be a list of parts, e.g. ('current', 'total'), got {type(parts).__name__} {parts!r}",
        )
    names = list(parts)
    for part in names:
        check_choice("parts", part, ["historical", "current", "upsell", "referral", "potential", "total", "discounted_lifetime"])
    return pd.DataFrame({name: [getattr(r, p) for p in names] for name, r in results.items()}, index=[term(p) for p in names])
