"""Exercises of appendix A (python_primer): variables, keyword arguments, selecting and filtering a table."""

from __future__ import annotations

from ..clv import clv_breakdown
from ..datasets import load_course_shop, zhangsan
from ._core import Exercise


def _friends_profit() -> float:
    shop = load_course_shop()
    friends = shop.customers.loc[shop.customers["channel"] == "朋友推荐", "customer_id"]
    return float(shop.transactions.loc[shop.transactions["customer_id"].isin(friends), "profit"].sum())


EXERCISES: list[Exercise] = [
    Exercise(
        "A.1",
        "一位会员的年费是 1800 元，毛利率 50%，已经是 4 年的会员。他为平台带来的历史价值（年费 × 毛利率 × 已合作年数）是多少元？（请手算，再用变量算一遍）",
        lambda: clv_breakdown(annual_revenue=1800, margin=0.5, years_active=4, churn_rate=0.2, discount_rate=0.1).historical,
        "先把三个数分别存进变量，再相乘；50% 写成 0.5",
    ),
    Exercise(
        "A.2",
        "把张三的流失率改成 0.25，其余参数不变，他的客户终生价值（total）是多少元？",
        lambda: clv_breakdown(**{**zhangsan(), "churn_rate": 0.25}).total,
        "zhangsan() 给出一个字典；用关键字参数只改 churn_rate 一项，再调用 clv_breakdown",
    ),
    Exercise(
        "A.3",
        "课程商店的调查表（shop.survey）中，满意度（csat）打了 5 分的有多少人？",
        lambda: int((load_course_shop().survey["csat"] == 5).sum()),
        "先按条件筛选出 csat 等于 5 的行，再数一数有几行",
        unit="位",
    ),
    Exercise(
        "A.4",
        "课程商店的交易表（shop.transactions）中，每笔订单的平均利润（profit）是多少元？（保留两位小数）",
        lambda: float(load_course_shop().transactions["profit"].mean()),
        "先选出 profit 这一列，再求平均值",
        abs_tol=0.01,
    ),
    Exercise(
        "A.5",
        "来自“朋友推荐”渠道的客户，三年里一共为课程商店带来了多少利润（元）？",
        _friends_profit,
        "渠道在客户表里，利润在交易表里：先找出这些客户的编号，再在交易表里筛选他们的订单",
    ),
    Exercise(
        "A.6",
        "（开放题）用课程商店的数据，自己提一个问题并回答它（例如：哪个渠道来的客户最多？平均每单买几件？），写下你用了哪几步、每一步调用了什么。",
        None,
        "想一想：要用哪张表、哪几列，要不要先筛选",
        unit="",
    ),
]
