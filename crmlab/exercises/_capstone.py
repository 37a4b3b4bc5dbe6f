"""Exercises of chapter 12 (the capstone): the student's own project, 小满茶铺."""

from __future__ import annotations

import functools

import pandas as pd

from .. import capstone, lifecycle
from ..datasets import load_capstone
from ._core import Exercise

AS_OF = "2025-12-31"

#: Exercise 12.1: one segment of 200 customers, each predicted to be worth 250 yuan.
_ONE_SEGMENT = pd.DataFrame({"segment": ["重要保持客户"] * 200, "predictive_clv": [250.0] * 200})
_ONE_ACTION = pd.DataFrame({"segment": ["重要保持客户"], "action": ["关怀提醒"], "cost_per_customer": [10.0], "effect": [0.08]})


@functools.lru_cache(maxsize=1)
def _project() -> tuple:
    """小满茶铺 cleaned, and its plan with the course's defaults (cached: the fits take a few seconds)."""
    project = load_capstone()
    cleaned = capstone.clean_log(project.transactions, currency="currency", exchange_rates=project.exchange_rates).transactions
    churn = capstone.yearly_churn(cleaned, as_of=AS_OF)
    both = capstone.clv_side_by_side(cleaned, as_of=AS_OF, margin=project.margin, churn_rate=churn)
    view = capstone.customer_overview(cleaned, as_of=AS_OF, clv=both, people=project.customers)
    return project, cleaned, churn, view


def _channel_ratio(channel: str) -> float:
    project, cleaned, _, view = _project()
    kpis = lifecycle.channel_kpis(project.customers, cleaned, project.channels, as_of=AS_OF, value="amount")
    ratios = capstone.channel_value(view, kpis, margin=project.margin).set_index("channel")["ratio"]
    return float(ratios[channel])


def _net_value() -> float:
    plan = capstone.strategy_table(_project()[3])
    return float(plan.loc[plan["funded"], "net_value"].sum())


EXERCISES: list[Exercise] = [
    Exercise(
        "12.1",
        "某细分有 200 位客户，每位的预测 CLV 都是 250 元。计划对每位客户投入 10 元做关怀提醒，假设能让这个细分的预测价值提高 8%。"
        "这项行动的投入产出比（净收益 / 预算）是多少？（请手算，保留两位小数）",
        lambda: float(capstone.strategy_table(_ONE_SEGMENT, _ONE_ACTION)["roi"].iloc[0]),
        "预算 = 每位客户成本 × 人数；预期增加价值 = 提升比例 × 细分预测价值合计；净收益 = 预期增加价值 - 预算",
        unit="",
        abs_tol=0.005,
    ),
    Exercise(
        "12.2",
        "小满茶铺的全部原始交易记录（load_capstone().transactions）按本章的步骤清洗后，还剩多少行？",
        lambda: len(_project()[1]),
        "原始记录有一列币种，外币要按项目给出的汇率换算；清洗函数需要知道这一列和汇率",
        unit="行",
        abs_tol=0.5,
    ),
    Exercise(
        "12.3",
        "用清洗后的小满茶铺记录，截至 2025-12-31 的年流失率是多少？（保留三位小数，例如 0.412）",
        lambda: _project()[2],
        "12.5 节为课程商店算过同样的年流失率",
        unit="",
        abs_tol=0.0005,
    ),
    Exercise(
        "12.4",
        "小满茶铺从广告投放获得的客户，CLV:CAC 是多少？（截至 2025-12-31，毛利率用项目给出的 margin，"
        "年流失率用 12.3 题的结果，折现率 10%，计算 3 年；保留一位小数）",
        lambda: _channel_ratio("广告投放"),
        "先得到每位客户的两种 CLV 和带渠道的客户总览表，再算各渠道的获客成本；小满茶铺的交易记录没有利润列，渠道指标按金额计算",
        unit="",
        abs_tol=0.05,
    ),
    Exercise(
        "12.5",
        "按本章的默认行动方案和假设，小满茶铺值得投入的细分的预期净收益合计是多少元？"
        "（截至 2025-12-31，毛利率用项目给出的 margin，年流失率用 12.3 题的结果，折现率 10%，计算 3 年；与参考答案相差 50 元以内即可）",
        _net_value,
        "这是整条流程：清洗 → 两种 CLV → 客户总览 → 策略表",
        abs_tol=50.0,
    ),
    Exercise(
        "12.6",
        "（开放题）为小满茶铺的店长写一页客户关系管理方案：数据有哪些问题、怎么处理的；客户分成哪几类、各占多少价值；"
        "哪些客户有流失风险；两种 CLV 的结论有何不同；哪个渠道值得加大投入；预算投向哪些细分、预期收益多少；方案依赖哪些假设。",
        None,
        "用 write_report 把表和图写进你命名的文件夹，再附一段不超过一页的文字",
        unit="",
    ),
]
