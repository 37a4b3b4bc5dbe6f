"""Exercises of chapter 10 (predictive_clv)."""

from __future__ import annotations

from .. import btyd
from ._core import Exercise
from ._helpers import _cdnow_customer, _cdnow_models

EXERCISES: list[Exercise] = [
    Exercise(
        "10.1",
        "CDNOW 样本中客户 100 只在 1997-01-05 和 1997-06-21 各买过一次。以 1997-09-30 为校准期末、以周为单位，他的 T 是多少周？（请手算，保留两位小数）",
        lambda: _cdnow_customer(100)[2],
        "T 是首次购买到校准期末的时间：天数 ÷ 7",
        unit="周",
        abs_tol=0.005,
    ),
    Exercise(
        "10.2",
        "用本章在 CDNOW 校准期上拟合的 BG/NBD 模型，客户 150（校准期重复购买 4 次，首末购买间隔 t_x 33 周，观察时长 T 38 周）仍然“活着”的概率是多少？（用小数表示，保留三位）",
        lambda: float(
            _cdnow_models()[1].probability_alive(*([v] for v in _cdnow_customer(150)))[
                0
            ]
        ),
        "用拟合结果计算“活着”概率的方法；三个参数都以列表传入（例如 [4]），"
        "它返回只有一个元素的数组，可以直接赋给 answer",
        unit="",
        abs_tol=0.0005,
    ),
    Exercise(
        "10.3",
        "同一个模型预测客户 1000 在未来 52 周里会重复购买几次？（保留两位小数）",
        lambda: float(
            _cdnow_models()[1].conditional_expected_purchases(
                52, *([v] for v in _cdnow_customer(1000))
            )[0]
        ),
        "先在校准期汇总表中查到客户 1000 的三个数，再用拟合结果预测购买次数的方法；"
        "参数以列表传入时返回只有一个元素的数组，可以直接赋给 answer",
        unit="次",
        abs_tol=0.005,
    ),
    Exercise(
        "10.4",
        "用本章拟合的 Gamma-Gamma 模型，一位重复购买 2 次、平均每次 100 美元的客户，预测的客单价是多少美元？（保留两位小数）",
        lambda: float(_cdnow_models()[2].conditional_expected_spend([2], [100.0])[0]),
        "它是总体平均和客户自己的平均的加权平均；参数以列表传入，只有一个元素的结果可以直接赋给 answer",
        unit="美元",
        abs_tol=0.005,
    ),
    Exercise(
        "10.5",
        "年折现率改为 15%（毛利率 30%，预测 3 年，时间单位是周），2,357 位客户的预测 CLV 合计是多少美元？（精确到美元）",
        lambda: float(
            btyd.customer_lifetime_value(
                _cdnow_models()[0],
                bgnbd=_cdnow_models()[1],
                gamma_gamma=_cdnow_models()[2],
                time_unit="W",
                horizon=3,
                discount_rate=0.15,
                margin=0.3,
            )["clv"].sum()
        ),
        "10.6 节的逐客户 CLV 计算只改折现率，再把所有客户加起来",
        unit="美元",
        abs_tol=0.5,
    ),
    Exercise(
        "10.6",
        "（开放题）一位营销经理打算只给 BG/NBD 模型中“活着”概率高于 0.5 的客户发优惠券。请评价这个做法：它忽略了什么？你会怎样改进？",
        None,
        "“活着”不等于“值得投入”：想一想购买频率、客单价和优惠券本身的效果",
        unit="",
    ),
]
