"""Exercises of chapter 3 (customer_value)."""

from __future__ import annotations

from .. import value
from ..datasets import value_type_cases, xiaolin_cup
from ._core import Exercise
from ._helpers import _VALUE_KINDS

EXERCISES: list[Exercise] = [
    Exercise(
        "3.1",
        "小林在网上看到一条差评，心理成本从 25 元升到 60 元，其他感知不变。他的让渡价值是多少元？（请手算）",
        lambda: (
            value.delivered_value(
                **{**xiaolin_cup(), "psychological_cost": 60}
            ).delivered_value
        ),
        "让渡价值 = 四项价值之和 - 四项成本之和；只有心理成本变了",
    ),
    Exercise(
        "3.2",
        "按小林的感知（其他不变），晨光最多能把售价定到多少元，小林仍然觉得值得买（让渡价值不小于 0）？",
        lambda: value.break_even("monetary_cost", xiaolin_cup()),
        "售价每提高 1 元，让渡价值就减少 1 元；现在的让渡价值是多少？",
    ),
    Exercise(
        "3.3",
        f"下面的案例体现的主要是哪一种客户价值？“{value_type_cases()['case'].iloc[0]}”",
        lambda: str(value_type_cases()["value_type"].iloc[0]),
        "对照六种价值的核心诉求：客户在意的是“能不能依靠它”",
        unit="",
        choices=_VALUE_KINDS,
    ),
    Exercise(
        "3.4",
        "小王的客户总价值与客户总成本之比（总价值 / 总成本）是多少？（保留两位小数）",
        lambda: value.delivered_value(**xiaolin_cup("小王")).ratio,
        "分别加总小王感知的四项价值和四项成本",
        unit="",
        abs_tol=0.005,
    ),
    Exercise(
        "3.5",
        "（开放题）同一只 298 元的智能杯，小林觉得不值，小王觉得更不值。晨光应该先为哪一类顾客改进？"
        "从“提高价值”和“降低成本”两方面各提一条建议，并说明它改变了让渡价值的哪一项、大约改变多少。",
        None,
        "先比较两人感知的各项价值和成本，找出差距最大的一项",
        unit="",
    ),
]
