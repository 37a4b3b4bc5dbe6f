"""Exercises of chapter 11 (the mobile-operator case)."""

from __future__ import annotations

import functools

from .. import churn_model, cltv, retention, telecom
from ._core import Exercise


@functools.lru_cache(maxsize=1)
def _operator():
    from ..datasets import load_operator

    return load_operator()


def _interval_q() -> float:
    """200 at risk; 18 leave and 20 are censored in the first 3 months; the rest stay longer."""
    durations = [1.0] * 18 + [2.0] * 20 + [4.0] * 162
    churned = [True] * 18 + [False] * 20 + [False] * 162
    return float(retention.life_table(durations, churned, width=3)["churn_probability"].iloc[0])


def _agent_tenure() -> float:
    return float(telecom.tenure_forecast(_operator().subscribers, by="channel", months=24).loc["社会代理点", "expected_tenure"])


def _jiangzhou_value_weighted() -> float:
    op = _operator()
    weights = {"acquisition_index": 1, "development_index": 1, "retention_index": 1, "value_index": 2}
    return float(telecom.health_scores(op.subscribers, op.monthly, weights=weights).loc["江州", "health"])


def _cheaper_agents_and_cross_sell() -> float:
    op = _operator()
    hazards = telecom.monthly_hazards(op.subscribers)
    base = telecom.case_economics(op.subscribers, op.monthly)
    moved = {**base, "acquisition_cost": base["acquisition_cost"] * 0.75, "cross_sell_rate": 0.2}
    return telecom.subscriber_value(hazards, **moved).value - telecom.subscriber_value(hazards, **base).value


def _dearer_zhangsan() -> float:
    return cltv.cltv_function(pgs=2800, cs=2800 * 0.4, cm=0, mpa=2400, horizon=5, retention_rate=0.8, discount_rate=0.1,
                              nca=0.5, referral_cost=500, price_effect=2).cltv  # fmt: skip


def _two_predictor_auc() -> float:
    op = _operator()
    return churn_model.churn_warning_model(op.subscribers, op.monthly, predictors=["tenure", "calls_10086_3m"]).auc


EXERCISES: list[Exercise] = [
    Exercise(
        "11.1",
        "某营业厅的客户寿命表中，入网后第 0～3 个月这个区间期初有 200 位用户，区间内流失 18 位、删失 20 位（数据截止时仍在网）。"
        "这个区间的流失概率 q 是多少？（请手算，保留三位小数）",
        _interval_q,
        "寿命表把删失的用户按在区间中点离开计半个人：有效人数 = 期初人数 - 删失人数 / 2",
        unit="",
        abs_tol=0.0005,
    ),
    Exercise(
        "11.2",
        "课程运营商中，从社会代理点入网的新用户，在入网后的前 24 个月里预计在网多少个月？（保留一位小数）",
        _agent_tenure,
        "11.2 节按城乡和套餐分组预测过 36 个月内的在网时长；换一个分组依据和月数",
        unit="个月",
        abs_tol=0.05,
    ),
    Exercise(
        "11.3",
        "管理层认为用户价值最重要：健康度中用户价值的权重为 2，其余三项各为 1。这时江州市公司的健康度是多少？（保留一位小数）",
        _jiangzhou_value_weighted,
        "健康度是四项指数的加权平均；权重用一个字典给出，键是各项指数的列名",
        unit="",
        abs_tol=0.05,
    ),
    Exercise(
        "11.4",
        "如果把获客成本降低 25%，同时让 20% 的用户订购一项新业务（月费 15 元、毛利率 80%，其余保持案例的基准），"
        "每位新用户的终生价值比基准高多少元？（精确到元）",
        _cheaper_agents_and_cross_sell,
        "先从数据得到基准经济参数和月度流失风险，再分别计算两种设定下的终生价值",
    ),
    Exercise(
        "11.5",
        "张三的年费从 2400 元涨到 2800 元（销售成本仍是价格的 40%，营销成本 0），市场上同类服务的匹配价格均值 MPA 仍是 2400 元，"
        "价格对忠诚的影响 price_effect = 2；其余与 11.7 节相同（保留率 0.8、折现率 10%、5 年、每年推荐 0.5 人、推荐成本 500 元）。"
        "CLTV 函数 F(R, L, I) 的值是多少元？（精确到元）",
        _dearer_zhangsan,
        "价格高于 MPA 时保留率会打折扣：先想清楚 R、L、I 各自怎样变，再用 CLTV 函数计算",
    ),
    Exercise(
        "11.6",
        "流失预警模型只用“在网月数”和“近 3 个月 10086 来电”两个预测变量（训练和测试月份不变），测试期的 AUC 是多少？（保留三位小数）",
        _two_predictor_auc,
        "预测变量用它们在数据中的列名给出；与 11.6 节用全部变量的模型比较",
        unit="",
        abs_tol=0.0005,
    ),
    Exercise(
        "11.7",
        "（开放题）为健康度最低的市公司写一段营销建议（150～300 字）：它最弱的是哪一项？数据中的哪些数字支持你的判断？"
        "你建议先做什么（对应四个最优化中的哪一个），怎样用对照组衡量效果？",
        None,
        "看 11.4 节的健康度表、各市公司的生命周期曲线和 11.5 节各项改善的价值",
        unit="",
    ),
]
