"""Exercises of chapter 5 (lifecycle)."""

from __future__ import annotations

from .. import lifecycle
from ._core import Exercise
from ._helpers import _NPS_TEN, _shop, _survey_of_channel

EXERCISES: list[Exercise] = [
    Exercise(
        "5.1",
        "课程商店的调查中，通过“朋友推荐”获取的受访客户，净推荐值（NPS）是多少？（推荐者占比 - 贬损者占比，乘以 100，保留一位小数）",
        lambda: lifecycle.nps(_survey_of_channel("朋友推荐")["nps"]).score,
        "调查表里没有获客渠道：先从客户表找到每位受访者的渠道，只留下朋友推荐来的人，再算 NPS",
        unit="",
        abs_tol=0.05,
    ),
    Exercise(
        "5.2",
        "截至 2024-12-31（早一年），课程商店通过“搜索引擎”获取一位新客户的平均成本（CAC）是多少元？（精确到元）",
        lambda: float(
            lifecycle.channel_kpis(
                _shop().customers,
                _shop().transactions,
                _shop().channels,
                as_of="2024-12-31",
            )
            .set_index("channel")
            .loc["搜索引擎", "cac"]
        ),
        "CAC = 该渠道的营销费用 / 该渠道带来的新客户数",
    ),
    Exercise(
        "5.3",
        "按默认规则，截至 2024-12-31（早一年），课程商店有多少位客户的生命周期模式是“中途夭折”？",
        lambda: int(
            (
                lifecycle.lifecycle_patterns(_shop().transactions, as_of="2024-12-31")[
                    "pattern"
                ]
                == "中途夭折"
            ).sum()
        ),
        "先用本章判断模式的函数，再数一数",
        unit="位",
    ),
    Exercise(
        "5.4",
        "按默认的预警规则，2025-12-31 这天课程商店会对多少位客户发出流失预警？",
        lambda: int(
            lifecycle.churn_warning(_shop().transactions, as_of="2025-12-31")[
                "flagged"
            ].sum()
        ),
        "5.6 节的预警函数换一个分析日期；结果中每位客户有一列是否预警",
        unit="位",
    ),
    Exercise(
        "5.5",
        f"10 位受访者的推荐意愿打分（0-10 分）是 {'、'.join(map(str, _NPS_TEN))}。NPS 是多少？（请手算）",
        lambda: lifecycle.nps(_NPS_TEN).score,
        "先数推荐者（9-10 分）和贬损者（0-6 分）各有几人，7-8 分是中立者",
        unit="",
        abs_tol=0.05,
    ),
    Exercise(
        "5.6",
        "（开放题）如果下一季度只能把一部分营销预算从一个渠道挪到另一个渠道，你会怎么挪？"
        "用 5.5 节的渠道指标（获客成本、客户价值、价值/CAC）说明理由，并指出这些指标的局限。",
        None,
        "只看新客数和只看获客成本，结论会一样吗？客户价值是“到目前为止”的利润",
        unit="",
    ),
]
