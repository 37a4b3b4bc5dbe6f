"""Reichheld & Sasser (1990): 5% more retention, 25–85% more profit? (保留率提高 5%，利润提高 25%–85%？)

Reichheld and Sasser reported that, across the industries they studied, keeping 5% more of the
customers raised the profit per customer by 25% to 85%. This module reproduces the claim with the
course's CLV model (:func:`crmlab.clv.clv_breakdown`, chapter 6's 张三 model). The profit of a
customer is the current value (the discounted future profit) minus what it cost to acquire the
customer (``cac``, paid once); a rise of the retention rate by ``retention_gain`` (5 percentage
points by default) lowers the churn rate by as much. :func:`retention_lift` computes the lift,
:func:`lift_curve` the lift over a range of one parameter, and :func:`reichheld_table` which value of
each parameter gives 25% and which 85%.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._validation import MAX_PERIODS, CrmlabInputError, CrmlabTypeError, check_choice, check_number
from .clv import CLV_PARAMETERS, _check_base, _compute, _validate
from .glossary import term

__all__ = [
    "LIFT_FACTORS",
    "RetentionLift",
    "retention_lift",
    "lift_curve",
    "solve_lift",
    "reichheld_table",
]

#: Parameters :func:`solve_lift` and :func:`reichheld_table` can vary, with the default search range.
LIFT_FACTORS: Mapping[str, tuple[float, float]] = {
    "churn_rate": (0.06, 0.95),
    "discount_rate": (0.0, 0.5),
    "revenue_growth": (-0.2, 0.3),
    "cac": (0.0, 1e6),
    "horizon": (1, 100),
}


@dataclass(frozen=True)
class RetentionLift:
    """The profit of one customer before and after retention rises (保留率提高前后的客户利润).

    Attributes
    ----------
    before, after : float
        Current value minus ``cac`` (yuan) at the base churn rate and at ``churn_rate - retention_gain``.
    lift : float
        ``after / before - 1``.
    churn_before, churn_after, cac : float
    """

    before: float
    after: float
    lift: float
    churn_before: float
    churn_after: float
    cac: float


def _lift(params: dict, gain: float, cac: float) -> RetentionLift:
    churn = params["churn_rate"]
    if gain > churn:
        raise CrmlabInputError("retention_gain", f"保留率的提高 retention_gain 不能大于流失率 {churn:g}，收到 {gain:g}",
                               f"retention_gain cannot exceed the churn rate {churn:g}, got {gain:g}")  # fmt: skip
    before = float(_compute(_validate(params))["current"]) - cac
    after = float(_compute(_validate({**params, "churn_rate": churn - gain}))["current"]) - cac
    if before <= 0:
        raise CrmlabInputError("cac", f"获客成本 cac 为 {cac:,.2f} 元，不低于当前价值 {before + cac:,.2f} 元：客户本来就不赚钱，增幅没有意义",
                               f"cac {cac:,.2f} is not below the current value {before + cac:,.2f}: no profit to raise")  # fmt: skip
    return RetentionLift(before=before, after=after, lift=after / before - 1, churn_before=churn,
                         churn_after=churn - gain, cac=cac)  # fmt: skip


def retention_lift(base: Mapping[str, Any], *, retention_gain: float = 0.05, cac: float = 0.0) -> RetentionLift:
    """How much a customer's profit rises when the retention rate rises by ``retention_gain`` (利润增幅).

    Parameters
    ----------
    base : Mapping
        Parameters of :func:`crmlab.clv.clv_breakdown`, e.g. ``zhangsan()``.
    retention_gain : float, default 0.05
        Rise of the yearly retention rate, in percentage points as a fraction (0.05: from 80% to 85%).
    cac : float, default 0
        Acquisition cost of the customer (获客成本), yuan, subtracted from the current value.

    Examples
    --------
    张三 (2400 yuan a year, 60% margin, churn 20%, discount rate 10%), all future years counted:

    >>> base = dict(annual_revenue=2400, margin=0.6, years_active=3, churn_rate=0.2, discount_rate=0.1, horizon=None)
    >>> r = retention_lift(base)
    >>> round(r.before, 2), round(r.after, 2), round(r.lift, 4)
    (3840.0, 4896.0, 0.275)
    """
    params = _check_base(base)
    gain = check_number("retention_gain", retention_gain, low=0, high=1)
    cost = check_number("cac", cac, low=0, high=1e9)
    return _lift(params, gain, cost)


def _values(values: Any) -> list[float]:
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        raise CrmlabTypeError("values", f"values 必须是要尝试的一列数值，收到 {values!r}", f"values must be a list of values, got {values!r}")
    out = list(values)
    if not 1 <= len(out) <= MAX_PERIODS:
        raise CrmlabInputError("values", f"values 需要 1 到 {MAX_PERIODS} 个值，收到 {len(out)} 个", f"values needs 1 to {MAX_PERIODS} values")
    return out


def _at(params: dict, factor: str, value: Any, gain: float, cac: float) -> RetentionLift:
    if factor == "cac":
        return _lift(params, gain, check_number("cac", value, low=0, high=1e9))
    return _lift({**params, factor: value}, gain, cac)


def lift_curve(base: Mapping[str, Any], *, factor: str, values: Iterable[float], retention_gain: float = 0.05,
               cac: float = 0.0) -> pd.DataFrame:  # fmt: skip
    """The lift as one parameter varies, the others held at ``base`` (利润增幅曲线).

    Values where the lift is not defined (a churn rate below ``retention_gain``, a ``cac`` at or above
    the current value, an infinite sum that diverges) are left out; ``attrs["skipped"]`` counts them.

    Examples
    --------
    >>> base = dict(annual_revenue=2400, margin=0.6, years_active=3, churn_rate=0.2, discount_rate=0.1, horizon=None)
    >>> lift_curve(base, factor="cac", values=[0, 1000, 5000])["profit_lift"].round(4).tolist()
    [0.275, 0.3718]
    """
    params = _check_base(base)
    check_choice("factor", factor, LIFT_FACTORS)
    gain = check_number("retention_gain", retention_gain, low=0, high=1)
    cost = check_number("cac", cac, low=0, high=1e9)
    rows, skipped = [], 0
    for i, v in enumerate(_values(values), start=1):
        try:
            if factor == "cac":
                check_number("cac", v, low=0, high=1e9)
            elif factor == "horizon" and v is not None:
                check_number("horizon", v, low=1, high=MAX_PERIODS, integer=True)
            r = _at(params, factor, v, gain, cost)
        except CrmlabInputError as err:
            undefined = "不低于当前价值" in err.zh or err.parameter == "retention_gain"
            diverges = err.parameter == "horizon" and params["horizon"] is None and factor != "horizon"
            if undefined or diverges:
                skipped += 1
                continue
            raise type(err)("values", f"values 的第 {i} 个值不可用：{err.zh}", f"value {i} of values cannot be used: {err.en}") from None
        rows.append({factor: v, "profit_before": r.before, "profit_after": r.after, "profit_lift": r.lift})
    table = pd.DataFrame(rows, columns=[factor, "profit_before", "profit_after", "profit_lift"])
    table.attrs["skipped"] = skipped
    return table


def solve_lift(base: Mapping[str, Any], *, target: float, factor: str, low: float | None = None,
               high: float | None = None, retention_gain: float = 0.05, cac: float = 0.0) -> float | None:  # fmt: skip
    """The value of ``factor`` at which the lift equals ``target`` (the others at ``base``), or None.

    The range ``low`` .. ``high`` (by default :data:`LIFT_FACTORS`; for ``cac`` up to just below the
    current value) is scanned on a grid of 200 steps and the first crossing refined by bisection,
    so the smallest such value is returned (the lift need not be monotonic: with an infinite horizon
    it first falls, then rises with the churn rate). ``horizon`` is searched over whole years. None
    if the lift does not reach ``target`` in the range.

    Examples
    --------
    >>> base = dict(annual_revenue=2400, margin=0.6, years_active=3, churn_rate=0.2, discount_rate=0.1, horizon=None)
    >>> round(solve_lift(base, target=0.85, factor="cac"), 2)
    2597.65
    >>> solve_lift(base, target=0.85, factor="horizon") is None
    True
    """
    params = _check_base(base)
    check_choice("factor", factor, LIFT_FACTORS)
    goal = check_number("target", target, low=-1, high=100)
    gain = check_number("retention_gain", retention_gain, low=0, high=1)
    cost = check_number("cac", cac, low=0, high=1e9)
    lo, hi = LIFT_FACTORS[factor]
    lo = lo if low is None else check_number("low", low)
    hi = hi if high is None else check_number("high", high)
    if factor == "cac" and high is None:
        hi = float(_compute(_validate(params))["current"]) * (1 - 1e-9)
    if factor == "churn_rate" and low is None:
        lo = max(lo, gain)

    def excess(v: float) -> float:
        try:
            return _at(params, factor, int(round(v)) if factor == "horizon" else v, gain, cost).lift - goal
        except CrmlabInputError as err:
            if err.parameter == "horizon" and params["horizon"] is None:  # the infinite sum diverges: the lift grows without bound
                return math.inf
            raise

    if factor == "horizon":
        lo, hi = check_number("low", lo, low=1, high=MAX_PERIODS), check_number("high", hi, low=1, high=MAX_PERIODS)
        years = range(int(lo), int(hi) + 1)
        hits = [y for y in years if excess(y) >= 0]
        return float(hits[0]) if hits and excess(years[0]) < 0 else None
    grid = np.linspace(lo, hi, 201)
    for end, value in (("low", lo), ("high", hi)):
        try:
            excess(value)
        except CrmlabInputError as err:
            raise type(err)(end, f"搜索范围的端点 {end} = {value:g} 不可用：{err.zh}", f"{end} = {value:g} cannot be used: {err.en}") from None
    signs = [excess(float(v)) for v in grid]
    crossing = next((i for i in range(1, len(grid)) if (signs[i - 1] < 0) != (signs[i] < 0)), None)
    if signs[0] == 0:
        return float(grid[0])
    if crossing is None:
        return None
    lo, hi, f_lo = float(grid[crossing - 1]), float(grid[crossing]), signs[crossing - 1]
    for _ in range(100):
        mid = (lo + hi) / 2
        f_mid = excess(mid)
        if (f_mid < 0) == (f_lo < 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
        if hi - lo < 1e-10 * max(1.0, abs(hi)):
            break
    return round((lo + hi) / 2, 8)


def reichheld_table(base: Mapping[str, Any], *, factors: Iterable[str] = ("churn_rate", "horizon", "revenue_growth", "cac"),
                    targets: Iterable[float] = (0.25, 0.85), retention_gain: float = 0.05,
                    cac: float = 0.0) -> pd.DataFrame:  # fmt: skip
    """Which value of each parameter gives each target lift, the others at ``base`` (哪些参数值给出 25% 和 85%).

    One row per factor (named by its Chinese term): its base value, the lift at ``base``, and one
    column per target with the value that reaches it, or the text "范围内达不到" (not reached in the search range of
    :data:`LIFT_FACTORS`).

    Examples
    --------
    >>> base = dict(annual_revenue=2400, margin=0.6, years_active=3, churn_rate=0.2, discount_rate=0.1, horizon=5)
    >>> t = reichheld_table(base, factors=["cac"])
    >>> t[["factor", "base_value"]].values.tolist(), [round(float(t.loc[0, c]), 3) for c in ("profit_lift", "at_25%", "at_85%")]
    ([['获客成本', 0.0]], [0.16, 1105.012, 2484.086])
    """
    params = _check_base(base)
    if isinstance(factors, (str, bytes)) or not isinstance(factors, Iterable):
        raise CrmlabTypeError("factors", f"factors 必须是参数名的列表，例如 [\"churn_rate\", \"cac\"]，收到 {factors!r}",
                              f"factors must be a list of parameter names, got {factors!r}")  # fmt: skip
    if isinstance(targets, (str, bytes)) or not isinstance(targets, Iterable):
        raise CrmlabTypeError("targets", f"targets 必须是目标增幅的列表，例如 [0.25, 0.85]，收到 {targets!r}",
                              f"targets must be a list of lifts, got {targets!r}")  # fmt: skip
    names = [check_choice("factors", f, LIFT_FACTORS) for f in factors]
    goals = [check_number("targets", t, low=-1, high=100) for t in targets]
    if not names or not goals or len(names) > 20 or len(goals) > 20:
        raise CrmlabInputError("factors", "factors 和 targets 各需要 1 到 20 项", "factors and targets need 1 to 20 items each")
    base_lift = retention_lift(params, retention_gain=retention_gain, cac=cac).lift
    rows = []
    for name in names:
        value = cac if name == "cac" else params.get(name, CLV_PARAMETERS[name])
        value = "∞" if value is None else value  # an infinite horizon
        row: dict[str, Any] = {"factor": term(name), "base_value": value, "profit_lift": base_lift}
        for goal in goals:
            value = solve_lift(params, target=goal, factor=name, retention_gain=retention_gain, cac=cac)
            row[f"at_{goal:.0%}"] = "范围内达不到" if value is None else round(value, 4)
        rows.append(row)
    return pd.DataFrame(rows)
