"""Exercises of chapter 2 (customer_types)."""

from __future__ import annotations

import pandas as pd

from .. import customers
from ..datasets import load_cdnow, load_course_shop
from ._core import Exercise
from ._helpers import _FIVE, _shop

EXERCISES: list[Exercise] = [
    Exercise(
        "2.1",
        "五位客户的年利润分别是 500、300、100、60、40 元。按累计利润 80% / 95% 划分 ABC 类，A 类有几位客户？（请手算）",
        lambda: int((customers.abc_classes(_FIVE)["class"] == "A").sum()),
        "从大到小排序，算到某位客户之前的累计占比；只要之前的累计占比还不到 80%，这位客户就属于 A 类",
        unit="位",
    ),
    Exercise(
        "2.2",
        "课程商店中，消费金额（amount）最高的 10% 客户贡献了全部消费金额的多大比例？（用小数表示，保留三位，例如 0.750）",
        lambda: customers.top_share(
            customers.customer_totals(load_course_shop().transactions, value="amount"),
            top=0.1,
        ),
        "交易表是一笔一行：先得到每位客户的总金额，再算头部客户的份额（本章 2.2 节用过的函数）",
        unit="",
        abs_tol=0.005,
    ),
    Exercise(
        "2.3",
        "CDNOW 数据中，按每位客户购买的 CD 总数（quantity）计算，基尼系数是多少？（保留两位小数）",
        lambda: customers.gini(
            customers.customer_totals(load_cdnow(), value="quantity")
        ),
        "按客户汇总时可以换一个要加总的列，再计算基尼系数",
        unit="",
        abs_tol=0.005,
    ),
    Exercise(
        "2.4",
        "按默认规则（流失天数 180 等），截至 2024-12-31，课程商店有多少位流失客户？",
        lambda: int(
            (
                customers.loyalty_classes(
                    _shop().transactions, _shop().customers, as_of="2024-12-31"
                )["loyalty"]
                == "流失客户"
            ).sum()
        ),
        "本章按忠诚度分类的函数需要交易表、客户表和分析日期；再数一数结果中的流失客户",
        unit="位",
    ),
    Exercise(
        "2.5",
        "一位顾客的调查得分：价格敏感 5 分，追新 2 分，品牌关注 2 分。按课程的规则，他属于哪一类（灯塔型 / 跟随型 / 理性型 / 逐利型）？",
        lambda: str(
            customers.value_ability_types(
                pd.DataFrame(
                    {
                        "price_sensitivity": [5],
                        "novelty_seeking": [2],
                        "brand_attention": [2],
                    }
                )
            )["value_type"].iloc[0]
        ),
        "按 TYPOLOGY_RULES 的顺序逐条检查",
        unit="",
        choices=customers.VALUE_TYPES,
    ),
    Exercise(
        "2.6",
        "（开放题）课程的 ABC 分类以累计利润 80% / 95% 为界，这是课程的约定，源文档没有给出界限。"
        "对一家只有 200 位企业客户的工业品供应商，你会怎样定界限？在课程商店上试两组界限，说明 A 类人数怎样变化，并说明你的理由。",
        None,
        "想一想：界限决定了多少客户能得到重点服务，服务资源有多少？",
        unit="",
    ),
]
