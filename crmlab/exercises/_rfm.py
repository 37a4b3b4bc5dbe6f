"""Exercises of chapter 4 (rfm)."""

from __future__ import annotations

import pandas as pd

from .. import rfm
from ..datasets import load_cdnow, load_course_shop
from ._core import Exercise
from ._helpers import _RFM_EIGHT

EXERCISES: list[Exercise] = [
    Exercise(
        "4.1",
        "顾客甲在 2024-01-05、2024-02-10、2024-03-20 各消费一次。以 2024-03-31 为分析日期，甲的 R（距最近一次购买的天数）是多少？（请手算）",
        lambda: float(
            rfm.rfm_table(
                pd.DataFrame(
                    {
                        "customer_id": ["甲"] * 3,
                        "date": ["2024-01-05", "2024-02-10", "2024-03-20"],
                        "amount": [100.0, 50.0, 150.0],
                    }
                ),
                as_of="2024-03-31",
            )
            .table["recency"]
            .iloc[0]
        ),
        "从最近一次购买（3 月 20 日）数到分析日期",
        unit="天",
    ),
    Exercise(
        "4.2",
        "对 CDNOW 全部客户（截至 1998-06-30）按**四分位数**（4 档）打分，F 分为 3 的客户有多少位？",
        lambda: int(
            (rfm.rfm_scores(rfm.rfm_table(load_cdnow()), bins=4)["f_score"] == 3).sum()
        ),
        "先求 F 的三个分界点（第 25、50、75 百分位数），再看买过 2 次、3 次、4 次的客户各超过了几个分界点",
        unit="位",
    ),
    Exercise(
        "4.3",
        "课程商店（截至 2025-12-31，五分位打分，八类方案）如果以**中位数**为高低分界，有多少位重要价值客户？",
        lambda: int(
            (
                rfm.rfm_segments(
                    rfm.rfm_scores(rfm.rfm_table(load_course_shop().transactions)),
                    threshold="median",
                )["segment"]
                == "重要价值客户"
            ).sum()
        ),
        "从 RFM 表到打分再到分类，每一步都用本章的函数；高低分界由分类函数的一个参数决定",
        unit="位",
    ),
    Exercise(
        "4.4",
        "CDNOW（截至 1998-06-30）按**四分位数**（4 档）打分、以平均数为高低分界，按教材的四类方案，有多少位“新客户”？",
        lambda: int(
            (
                rfm.rfm_segments(
                    rfm.rfm_scores(rfm.rfm_table(load_cdnow()), bins=4), scheme="four"
                )["segment"]
                == "新客户"
            ).sum()
        ),
        "打分函数的一个参数决定档数，分类函数的一个参数选择四类方案；新客户是 R 高 F 低的客户",
        unit="位",
    ),
    Exercise(
        "4.5",
        "在八类方案中，R 高、F 低、M 高的客户叫什么？",
        lambda: next(
            seg
            for r, f, m, seg in rfm.SEGMENT_RULES["eight"]
            if (r, f, m) == ("高", "低", "高")
        ),
        "查八类方案的规则表",
        unit="",
        choices=_RFM_EIGHT,
    ),
    Exercise(
        "4.6",
        "（开放题）一家社区咖啡店想用 RFM 给 800 位会员分层。请为它定 R 和 F 的分界（用天数和次数，而不是五分位数），"
        "说明理由；再说说哪一类会员最需要店长亲自关注，为什么。",
        None,
        "想一想咖啡店顾客正常的购买间隔；4.2 节“按业务含义自己定分界点”的例子",
        unit="",
    ),
]
