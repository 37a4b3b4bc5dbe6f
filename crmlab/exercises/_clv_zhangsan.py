"""Exercises of chapter 6 (clv_zhangsan)."""

from __future__ import annotations

from ..clv import clv_breakdown, clv_cac_ratio, payback_period
from ..datasets import zhangsan
from ._core import Exercise
from ._helpers import _segment_of, _with

EXERCISES: list[Exercise] = [
    Exercise(
        "6.1",
        "张三的年流失率从 20% 降到 15%，其他条件不变（仍只算未来 5 年），他的当前价值是多少元？（精确到元）",
        lambda: clv_breakdown(**_with(churn_rate=0.15)).current,
        "留存概率变成 0.85 的 t 次方；逐年算出 1440 × 0.85^t ÷ 1.1^t 再相加",
        abs_tol=0.5,
        rel_tol=0.001,
    ),
    Exercise(
        "6.2",
        "同样在流失率 15% 时，张三的客户终生价值（历史 + 当前 + 潜在）是多少元？（精确到元）",
        lambda: clv_breakdown(**_with(churn_rate=0.15)).total,
        "历史价值不变；升级价值和推荐价值都随当前价值变化",
        abs_tol=0.5,
        rel_tol=0.001,
    ),
    Exercise(
        "6.3",
        "不截断在 5 年，而是把未来所有年份都算进去（流失率 20%），张三的当前价值是多少元？（请手算，精确到元）",
        lambda: clv_breakdown(**_with(horizon=None)).current,
        "无穷等比级数：首项 1440 × 0.8/1.1，公比 0.8/1.1",
        abs_tol=0.5,
    ),
    Exercise(
        "6.4",
        "如果获取张三花了 3000 元（CAC），按精确的客户终生价值，他的 CLV:CAC 达到 3:1 了吗？（回答“是”或“否”）",
        lambda: (
            clv_cac_ratio(clv=clv_breakdown(**zhangsan()).total, cac=3000).meets_target
        ),
        "先算 CLV:CAC = 客户终生价值 ÷ 获客成本，再和 3 比较",
        unit="",
    ),
    Exercise(
        "6.5",
        "获客成本 2000 元，按张三的流失率和折现率，一位像张三这样的新客户预计多少年回本？（保留两位小数）",
        lambda: payback_period(
            cac=2000, annual_revenue=2400, margin=0.6, churn_rate=0.2, discount_rate=0.1
        ),
        "把逐年利润现值累加，看在哪一年超过 2000 元，再按这一年的现值线性插值",
        unit="年",
        abs_tol=0.01,
    ),
    Exercise(
        "6.6",
        "StreamNow 会员表中的钱七属于哪一类 CLV 细分（高价值 / 成长型 / 需警惕 / 低价值）？",
        lambda: _segment_of("钱七"),
        "比较钱七的当前价值和潜在价值与全体会员的中位数",
        unit="",
        choices=("高价值", "成长型", "需警惕", "低价值"),
    ),
    Exercise(
        "6.7",
        "按教材的推荐价值公式，如果张三一年一个人也不推荐（年均推荐人数为 0），推荐价值是多少元？（请手算）",
        lambda: clv_breakdown(**_with(referrals_per_year=0)).referral,
        "把 0 代入 年均推荐人数 × 新客户价值 - 推荐成本",
        abs_tol=0.5,
    ),
    Exercise(
        "6.8",
        "（开放题）练习 6.7 中，一个人也不推荐的张三，推荐价值是 -500 元。请评价教材的推荐价值公式：这个结果合理吗？"
        "推荐成本应该在什么情况下发生？提出一种改进，并说明它会怎样改变张三的客户终生价值。",
        None,
        "推荐成本是为谁、在什么时候花的？没有推荐，还需要付推荐奖励吗？",
        unit="",
    ),
]
