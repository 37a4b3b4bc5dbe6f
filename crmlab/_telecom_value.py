"""The four optimisations of the operator case (四个最优化): the value of a new subscriber and what moves it.

Public names are re-exported by :mod:`crmlab.telecom`; import them from there.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._validation import CrmlabInputError, check_choice, check_frame, check_number, check_rate, check_size
from .retention import life_table

#: Columns of the subscriber table a life table or curve may be grouped by.
GROUPINGS = ("segment", "branch", "channel", "plan", "addon")
_SUBSCRIBER_COLUMNS = ["subscriber_id", "tenure_months", "churned"]
_MONTHLY_COLUMNS = ["subscriber_id", "month", "tenure", "revenue", "calls_10086"]
_REASONS = ("资费与套餐", "服务不满", "竞争对手", "迁出异地")  # the order of the data's README


def _check_by(by: Any) -> str | None:
    return None if by is None else check_choice("by", by, GROUPINGS)


def _subscribers(subscribers: Any, by: str | None = None) -> pd.DataFrame:
    check_frame(subscribers, "subscribers", _SUBSCRIBER_COLUMNS + ([by] if by else []))
    return subscribers


def monthly_hazards(subscribers: pd.DataFrame, *, months: int = 36) -> np.ndarray:
    """Monthly churn probability at tenure 0, 1, ... (月度流失风险) from the life table of width 1.

    ``h[t]`` is the share of the subscribers active in month ``t - 1`` of
    tenure (0 = the join month) who are gone in month ``t``; ``h[0] = 0``
    (every subscriber pays the join month). Months beyond the
    data repeat the last estimated hazard.

    Examples
    --------
    >>> s = pd.DataFrame({"subscriber_id": [1, 2, 3, 4], "tenure_months": [1, 1, 2, 3], "churned": [True, False, True, False]})
    >>> monthly_hazards(s, months=4).round(3).tolist()
    [0.0, 0.286, 0.5, 0.0]
    """
    s = _subscribers(subscribers)
    n = check_size("months", months, high=600)
    q = life_table(s["tenure_months"], s["churned"], width=1)["churn_probability"].to_numpy()
    return np.concatenate([q, np.repeat(q[-1], max(0, n - len(q)))])[:n]


@dataclass(frozen=True)
class SubscriberValue:
    """Lifetime value of a new subscriber (每位用户的终生价值) and its parts.

    Attributes
    ----------
    value : float
        ``-acquisition_cost + Σ_t S(t) m / (1 + r)^t`` over ``horizon`` months.
    monthly_margin : float
        ``m = arpu * margin - service_cost + cross_sell_rate * cross_sell_price * cross_sell_margin``.
    discounted_months : float
        ``Σ_t S(t) / (1 + r)^t``: expected discounted months of tenure.
    acquisition_cost : float
    table : pandas.DataFrame
        Month by month: ``month``, ``survival_probability``, ``present_value``.
    """

    value: float
    monthly_margin: float
    discounted_months: float
    acquisition_cost: float
    table: pd.DataFrame


def subscriber_value(
    hazards: Any,
    *,
    arpu: float,
    margin: float,
    service_cost: float,
    acquisition_cost: float,
    cross_sell_rate: float = 0.0,
    cross_sell_price: float = 15.0,
    cross_sell_margin: float = 0.8,
    churn_change: float = 0.0,
    discount_rate: float = 0.08,
) -> SubscriberValue:
    """Value of a new subscriber under the four optimisations (四个最优化).

    ``S(t) = Π_{k<=t} (1 - h_k (1 + churn_change))`` is the probability of still
    being a subscriber in month ``t`` of tenure (``h_0 = 0``: the join month is paid); ``discount_rate`` is yearly, applied monthly as
    ``(1 + r)^(1/12)``. The horizon is ``len(hazards)`` months.

    Parameters
    ----------
    hazards : array-like
        Monthly churn probabilities at tenure 0, 1, ... (:func:`monthly_hazards`).
    arpu : float
        Revenue per subscriber and month, yuan (经常收入).
    margin : float
        Share of revenue left after network costs, in [0, 1].
    service_cost : float
        Cost to serve a subscriber for a month, yuan (服务成本).
    acquisition_cost : float
        Cost of winning the subscriber, yuan (获取成本).
    cross_sell_rate : float
        Share of subscribers who take a new service (交叉销售), in [0, 1].
    cross_sell_price, cross_sell_margin : float
        Its monthly price (yuan) and margin.
    churn_change : float
        Relative change of every monthly hazard, in [-1, 1] (-0.1: 10% less churn).
    discount_rate : float
        Yearly discount rate.

    Examples
    --------
    >>> v = subscriber_value([0.0, 0.5], arpu=100, margin=0.5, service_cost=10, acquisition_cost=50, discount_rate=0)
    >>> v.monthly_margin, v.discounted_months, v.value
    (40.0, 1.5, 10.0)
    """
    h = np.asarray(hazards, dtype=float) if not isinstance(hazards, (str, bytes)) else np.array([np.nan])
    if h.ndim != 1 or len(h) == 0 or not np.isfinite(h).all() or (h < 0).any() or (h > 1).any():
        raise CrmlabInputError("hazards", "月度流失风险 hazards 必须是一列 [0, 1] 内的数", "hazards must be numbers in [0, 1]")
    check_size("hazards", len(h), high=1200)
    a = check_number("arpu", arpu, low=0, cap=1e6)
    mg = check_rate("margin", margin)
    sc = check_number("service_cost", service_cost, low=0, cap=1e6)
    ac = check_number("acquisition_cost", acquisition_cost, low=0, cap=1e7)
    cr = check_number("cross_sell_rate", cross_sell_rate, low=0, high=1)
    cp = check_number("cross_sell_price", cross_sell_price, low=0, cap=1e6)
    cm = check_number("cross_sell_margin", cross_sell_margin, low=0, high=1)
    ch = check_number("churn_change", churn_change, low=-1, high=1)
    d = check_rate("discount_rate", discount_rate)
    q = np.clip(h * (1 + ch), 0, 1)
    survival = np.cumprod(1 - q)
    discount = (1 + d) ** (-np.arange(len(h)) / 12)
    m = a * mg - sc + cr * cp * cm
    months = float((survival * discount).sum())
    table = pd.DataFrame({"month": np.arange(len(h)), "survival_probability": survival, "present_value": survival * discount * m})
    return SubscriberValue(value=m * months - ac, monthly_margin=m, discounted_months=months, acquisition_cost=ac, table=table)


def case_economics(
    subscribers: pd.DataFrame, monthly: pd.DataFrame, *, base_service_cost: float = 4.0, cost_per_call: float = 5.0
) -> dict[str, float]:
    """The case's starting point for :func:`subscriber_value`, from the data (案例的基准经济参数).

    ``arpu`` = mean monthly revenue; ``service_cost`` = ``base_service_cost`` +
    ``cost_per_call`` x mean 10086 calls per subscriber-month; ``acquisition_cost``
    = mean acquisition cost; ``margin`` 0.6 (a given of the case).

    Examples
    --------
    >>> s = pd.DataFrame({"subscriber_id": [1], "tenure_months": [2], "churned": [False], "acquisition_cost": [100.0]})
    >>> m = pd.DataFrame({"subscriber_id": [1, 1], "month": ["2025-11", "2025-12"], "tenure": [0, 1],
    ...                   "revenue": [50.0, 70.0], "calls_10086": [1, 0]})
    >>> case_economics(s, m)
    {'arpu': 60.0, 'margin': 0.6, 'service_cost': 6.5, 'acquisition_cost': 100.0}
    """
    s = _subscribers(subscribers)
    check_frame(s, "subscribers", ["acquisition_cost"])
    check_frame(monthly, "monthly", _MONTHLY_COLUMNS)
    b = check_number("base_service_cost", base_service_cost, low=0, cap=1e6)
    c = check_number("cost_per_call", cost_per_call, low=0, cap=1e6)
    return {
        "arpu": round(float(monthly["revenue"].mean()), 2),
        "margin": 0.6,
        "service_cost": round(b + c * float(monthly["calls_10086"].mean()), 2),
        "acquisition_cost": round(float(s["acquisition_cost"].mean()), 2),
    }


_REQUIRED = ("arpu", "margin", "service_cost", "acquisition_cost")
_LEVERS = {
    "acquisition_cost": ("获客成本", -1),
    "arpu": ("经常收入", +1),
    "service_cost": ("服务成本", -1),
    "cross_sell_rate": ("交叉销售", +1),
    "churn_change": ("流失（对照）", -1),
}


def optimisation_table(hazards: Any, base: dict[str, float], *, change: float = 0.10) -> pd.DataFrame:
    """Value per subscriber when each optimisation improves by ``change`` alone (四个最优化的效果).

    Acquisition cost and cost to serve fall by ``change`` (relative), revenue
    rises by it, the cross-sell take-up rises by ``change`` (e.g. 10
    percentage points) and, for comparison, churn falls by ``change`` (relative).

    Examples
    --------
    >>> base = {"arpu": 100, "margin": 0.5, "service_cost": 10, "acquisition_cost": 50, "discount_rate": 0}
    >>> optimisation_table([0.0, 0.5], base)["value_gain"].round(2).tolist()
    [5.0, 7.5, 1.5, 1.8, 2.0]
    """
    c = check_number("change", change, low=0, high=1)
    allowed = [p for p in inspect.signature(subscriber_value).parameters if p != "hazards"]
    if not isinstance(base, Mapping) or any(k not in allowed for k in base) or any(k not in base for k in _REQUIRED):
        raise CrmlabInputError("base", f"基准 base 必须是 subscriber_value 的参数字典（可用的键：{allowed}），"
                               f"至少含 {list(_REQUIRED)}，收到 {base!r}",
                               f"base must be a dict of subscriber_value's keywords with at least {list(_REQUIRED)}, got {base!r}")  # fmt: skip
    start = subscriber_value(hazards, **base).value
    rows = []
    for lever, (name, sign) in _LEVERS.items():
        moved = dict(base)
        if lever in ("cross_sell_rate", "churn_change"):
            moved[lever] = min(1.0, max(-1.0, base.get(lever, 0.0) + sign * c))
        else:
            moved[lever] = base[lever] * (1 + sign * c)
        value = subscriber_value(hazards, **moved).value
        rows.append({"lever": name, "subscriber_value": value, "value_gain": value - start})
    return pd.DataFrame(rows).set_index("lever")
