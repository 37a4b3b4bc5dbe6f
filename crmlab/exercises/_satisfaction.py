"""Exercises of chapter 7 (satisfaction and loyalty)."""

from __future__ import annotations

import pandas as pd

from .. import loyalty, retention_lift, satisfaction
from ..datasets import attribute_weights_truth, load_attribute_ratings, load_course_shop, zhangsan
from ._core import Exercise

_SIX = ("商品质量", "价格", "配送速度", "售后服务", "新品上新", "品牌形象")


def _hand_csi() -> float:
    one = pd.DataFrame({"customer_id": ["甲"] * 6, "attribute": list(_SIX), "importance": [3] * 6,
                        "performance": [4, 2, 4, 3, 5, 4]})  # fmt: skip
    weights = pd.Series(dict(zip(_SIX, (0.30, 0.10, 0.20, 0.25, 0.05, 0.10))))
    return float(satisfaction.satisfaction_index(one, weights).iloc[0])


def _true_csi() -> float:
    truth = attribute_weights_truth().set_index("attribute")["true_weight"]
    return float(satisfaction.satisfaction_index(load_attribute_ratings(), truth).mean())


def _price_to_quality() -> float:
    ratings = load_attribute_ratings()
    fit = satisfaction.derived_weights(ratings, load_course_shop().survey.set_index("customer_id")["csat"])
    scores = satisfaction.attribute_scores(ratings).set_index("attribute")["performance"]
    table = satisfaction.improvement_priorities(ratings, fit, gain=float(scores["商品质量"] - scores["价格"]))
    return float(table.set_index("attribute").loc["价格", "satisfaction_gain"])


EXERCISES: list[Exercise] = [
    Exercise(
        "7.1",
        "一位受访者给六个属性的表现打分：商品质量 4、价格 2、配送速度 4、售后服务 3、新品上新 5、品牌形象 4。"
        "权重依次为 30%、10%、20%、25%、5%、10%。他的客户满意度指数（0-100）是多少？（请手算）",
        _hand_csi,
        "先算加权平均分（权重之和为 1），再把 1-5 分换算到 0-100：减 1，除以 4，乘 100",
        unit="",
        abs_tol=0.05,
    ),
    Exercise(
        "7.2",
        "用模拟数据的真实权重（attribute_weights_truth()）计算课程商店全部受访者的平均客户满意度指数（保留两位小数），"
        "再与 7.1 节用两种权重得到的平均值比较",
        _true_csi,
        "真实权重表要先变成以属性为索引的一列权重；每位受访者一个指数，再求平均",
        unit="",
        abs_tol=0.005,
    ),
    Exercise(
        "7.3",
        "如果课程商店把“价格”的平均表现提高到与“商品质量”一样高，按回归系数，平均总体满意度会提高多少分？（保留三位小数）",
        _price_to_quality,
        "需要两个数：两项属性目前的平均表现之差，以及价格的回归系数",
        unit="分",
        abs_tol=0.0005,
    ),
    Exercise(
        "7.4",
        "会员计划的积分返还比例从 5% 提高到 8%（每位会员年运营成本仍为 60 元，消费不变），"
        "张三的流失率至少要降低多少，会员计划才不亏？（用小数回答，例如 0.05，保留三位小数）",
        lambda: loyalty.loyalty_programme(zhangsan(), reward_rate=0.08, cost_per_member=60, churn_reduction=0.0).break_even,
        "7.5 节的结果里有一个“不亏的流失率降幅”",
        unit="",
        abs_tol=0.0005,
    ),
    Exercise(
        "7.5",
        "以张三为基准、计算年限取无限：获客成本是多少元时，保留率提高 5 个百分点恰好让客户利润提高 50%？（精确到元）",
        lambda: retention_lift.solve_lift({**zhangsan(), "horizon": None}, target=0.5, factor="cac"),
        "7.6 节求过增幅 25% 和 85% 对应的参数值；也可以手算：当前价值在保留率提高前后分别是多少？",
        abs_tol=0.5,
    ),
    Exercise(
        "7.6",
        "（开放题）教材说客户满意度提升是满意度管理的核心，会带来客户的长期保留。课程商店的数据里，满意的客户此后一年仍购买的比例高得多。"
        "经理据此提出：“把平均满意度提高 1 分，就能按这个差距预测明年多留住多少客户。”你同意吗？"
        "结合 7.4 节按生命周期模式分组的结果，说明理由，并设计一个能回答这个问题的方法。",
        None,
        "想一想：满意度和留存会不会有共同的原因？怎样让“提高满意度”成为唯一的差别？",
        unit="",
    ),
]
