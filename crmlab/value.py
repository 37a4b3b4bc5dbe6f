"""Customer value seen by the customer (客户价值): customer delivered value (客户让渡价值).

Customer delivered value = total customer value - total customer cost, where

- total customer value (客户总价值) = product + service + personnel + image value
  (产品价值 + 服务价值 + 人员价值 + 形象价值);
- total customer cost (客户总成本) = monetary + time + energy + psychological cost
  (货币成本 + 时间成本 + 精力成本 + 心理成本).

All components are in yuan-equivalents: how much the customer would pay for a
benefit, or to avoid a cost. A customer buys when the delivered value is
positive (物超所值) and walks away when it is negative (不值).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import pandas as pd

from ._validation import MAX_AMOUNT, CrmlabInputError, check_choice, check_number
from .glossary import term

__all__ = [
    "VALUE_COMPONENTS",
    "COST_COMPONENTS",
    "VERDICTS",
    "DeliveredValue",
    "delivered_value",
    "break_even",
    "stacked_measures",
]

VALUE_COMPONENTS: tuple[str, ...] = ("product_value", "service_value", "personnel_value", "image_value")
COST_COMPONENTS: tuple[str, ...] = ("monetary_cost", "time_cost", "energy_cost", "psychological_cost")
VERDICTS: tuple[str, str, str] = ("物超所值", "价值与成本相当", "不值")


@dataclass(frozen=True)
class DeliveredValue:
    """The result of :func:`delivered_value` (客户让渡价值).

    Attributes
    ----------
    components : Mapping
        The eight components, yuan-equivalents.
    total_value, total_cost, delivered_value : float
        Total customer value, total customer cost and their difference.
    ratio : float
        ``total_value / total_cost`` (value per yuan of cost; inf if the cost is 0).
    verdict : str
        物超所值 (delivered value > 0, the customer buys), 不值 (< 0) or
        价值与成本相当 (= 0).
    """

    components: Mapping[str, float]
    total_value: float
    total_cost: float
    delivered_value: float
    ratio: float
    verdict: str

    @property
    def table(self) -> pd.DataFrame:
        """One row per component: ``side`` (客户总价值 / 客户总成本), ``component``, ``term``, ``yuan``.

        Examples
        --------
        >>> r = delivered_value(product_value=240, service_value=45, personnel_value=20, image_value=70,
        ...                     monetary_cost=298, time_cost=15, energy_cost=20, psychological_cost=25)
        >>> r.table.groupby("side", sort=False)["yuan"].sum().tolist()  # total value, total cost
        [375.0, 358.0]
        """
        rows = [("客户总价值", k, term(k), self.components[k]) for k in VALUE_COMPONENTS]
        rows += [("客户总成本", k, term(k), self.components[k]) for k in COST_COMPONENTS]
        return pd.DataFrame(rows, columns=["side", "component", "term", "yuan"])


def delivered_value(
    *,
    product_value: float,
    service_value: float,
    personnel_value: float,
    image_value: float,
    monetary_cost: float,
    time_cost: float,
    energy_cost: float,
    psychological_cost: float,
) -> DeliveredValue:
    """Customer delivered value: total customer value minus total customer cost (客户让渡价值).

    Parameters
    ----------
    product_value, service_value, personnel_value, image_value : float
        Value of the product, the service, the people and the brand image to
        the customer, yuan-equivalents (产品 / 服务 / 人员 / 形象价值), >= 0.
    monetary_cost, time_cost, energy_cost, psychological_cost : float
        Money paid, and the time, effort and worry it takes, yuan-equivalents
        (货币 / 时间 / 精力 / 心理成本), >= 0.

    Returns
    -------
    DeliveredValue

    Examples
    --------
    小林 and the 298-yuan smart coffee cup, with the course's assumed values:

    >>> r = delivered_value(product_value=240, service_value=45, personnel_value=20, image_value=70,
    ...                     monetary_cost=298, time_cost=15, energy_cost=20, psychological_cost=25)
    >>> r.total_value, r.total_cost, r.delivered_value, r.verdict
    (375.0, 358.0, 17.0, '物超所值')
    >>> round(r.ratio, 3)
    1.047
    """
    given = dict(
        product_value=product_value,
        service_value=service_value,
        personnel_value=personnel_value,
        image_value=image_value,
        monetary_cost=monetary_cost,
        time_cost=time_cost,
        energy_cost=energy_cost,
        psychological_cost=psychological_cost,
    )
    parts = {k: check_number(k, v, low=0, cap=MAX_AMOUNT) for k, v in given.items()}
    total_value = sum(parts[k] for k in VALUE_COMPONENTS)
    total_cost = sum(parts[k] for k in COST_COMPONENTS)
    difference = total_value - total_cost
    verdict = VERDICTS[0] if difference > 0 else VERDICTS[2] if difference < 0 else VERDICTS[1]
    ratio = total_value / total_cost if total_cost > 0 else float("inf")
    return DeliveredValue(
        components=MappingProxyType(parts),
        total_value=total_value,
        total_cost=total_cost,
        delivered_value=difference,
        ratio=ratio,
        verdict=verdict,
    )


def break_even(component: str, components: Mapping[str, Any]) -> float:
    """The value of one component at which the customer is indifferent (让渡价值为 0 的临界值).

    For a cost component (e.g. ``"monetary_cost"``, the price) it is the most the
    customer would accept; for a value component, the least it must be worth
    for the customer to still buy. Can be negative (no value of that component
    alone turns the decision).

    Examples
    --------
    >>> cup = dict(product_value=240, service_value=45, personnel_value=20, image_value=70,
    ...            monetary_cost=298, time_cost=15, energy_cost=20, psychological_cost=25)
    >>> break_even("monetary_cost", cup)  # the highest price at which 小林 still buys
    315.0
    >>> break_even("image_value", cup)
    53.0
    """
    check_choice("component", component, [*VALUE_COMPONENTS, *COST_COMPONENTS])
    if not isinstance(components, Mapping):
        raise CrmlabInputError(
            "components", "components 必须是八个组成部分的字典，例如 xiaolin_cup()", "components must be a mapping of the eight parts"
        )
    expected = [*VALUE_COMPONENTS, *COST_COMPONENTS]
    missing = [k for k in expected if k not in components]
    extra = [k for k in components if k not in expected]
    if missing or extra:
        listed = ", ".join(missing) if missing else ", ".join(map(str, extra))
        raise CrmlabInputError(
            "components",
            f"components {'缺少' if missing else '有多余的'} {listed}；需要八个组成部分：{', '.join(expected)}",
            f"components {'lacks' if missing else 'has unknown'} {listed}; it needs the eight parts {', '.join(expected)}",
        )
    result = delivered_value(**components)
    current = result.components[component]
    return current + result.delivered_value if component in COST_COMPONENTS else current - result.delivered_value


def stacked_measures(components: Mapping[str, Any], steps: Mapping[str, Mapping[str, Any]]) -> pd.DataFrame:
    """Delivered value after each of several measures, applied one on top of the other (措施依次叠加).

    Starting from ``components`` (the eight parts of :func:`delivered_value`),
    each step changes some of them; the changes accumulate, so a row shows the
    effect of that measure together with all measures before it. A step with
    no changes (``{}``) shows the starting point.

    Parameters
    ----------
    components : Mapping
        The eight components, e.g. :func:`crmlab.datasets.xiaolin_cup`.
    steps : Mapping
        Measure name -> the components it changes and their new values, in
        the order the measures are taken.

    Returns
    -------
    pandas.DataFrame
        One row per step: ``measure``, ``total_value``, ``total_cost``,
        ``delivered_value``, ``verdict``.

    Examples
    --------
    >>> cup = dict(product_value=240, service_value=45, personnel_value=20, image_value=70,
    ...            monetary_cost=298, time_cost=15, energy_cost=30, psychological_cost=40)
    >>> t = stacked_measures(cup, {"现状": {}, "退货": {"psychological_cost": 15}, "降价": {"monetary_cost": 258}})
    >>> t[["measure", "total_cost", "delivered_value"]].values.tolist()
    [['现状', 383.0, -8.0], ['退货', 358.0, 17.0], ['降价', 318.0, 57.0]]
    """
    for name, given in (("components", components), ("steps", steps)):
        if not isinstance(given, Mapping):
            raise CrmlabInputError(
                name, f"{name} 必须是字典，收到 {type(given).__name__}", f"{name} must be a mapping, got {type(given).__name__}"
            )
    if not steps:
        raise CrmlabInputError("steps", "steps 至少要有一项措施", "steps needs at least one measure")
    parts = [*VALUE_COMPONENTS, *COST_COMPONENTS]
    missing = [k for k in parts if k not in components]
    unknown = [k for k in components if k not in parts]
    if missing or unknown:
        raise CrmlabInputError(
            "components",
            f"components 必须正好是八个组成部分：缺少 {missing}，多出 {unknown}",
            f"components must be exactly the eight parts: missing {missing}, unknown {unknown}",
        )
    current = dict(components)
    rows = []
    for measure, change in steps.items():
        if not isinstance(change, Mapping):
            raise CrmlabInputError(
                "steps", f"措施「{measure}」的改动必须是字典，例如 {{\"time_cost\": 5}}",
                f"the change of measure {measure!r} must be a mapping, e.g. {{'time_cost': 5}}",
            )
        for key in change:
            check_choice("steps", key, parts)
        current = {**current, **change}
        result = delivered_value(**current)
        rows.append((measure, result.total_value, result.total_cost, result.delivered_value, result.verdict))
    return pd.DataFrame(rows, columns=["measure", "total_value", "total_cost", "delivered_value", "verdict"])
