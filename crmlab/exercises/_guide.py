"""Exercises of chapter 0 (guide)."""

from __future__ import annotations

from ..clv import clv_breakdown
from ..datasets import zhangsan
from ._core import Exercise

EXERCISES: list[Exercise] = [
    Exercise(
        "0.1",
        "（导读中的试手题）张三过去 3 年为平台带来的历史价值是多少元？",
        lambda: clv_breakdown(**zhangsan()).historical,
        "历史价值 = 年费 × 毛利率 × 已合作年数",
    ),
]
