"""Exercises of chapter 8 (retention)."""

from __future__ import annotations

from .. import retention
from ..datasets import streamnow_cohort
from ._core import Exercise
from ._helpers import _km_at, _lifetimes_months, _regular_first_years

EXERCISES: list[Exercise] = [
    Exercise(
        "8.1",
        "只用 Fader & Hardie（2007）中普通客户（数据列 regular）前 5 年（第 0-4 年）的数据拟合 sBG 模型，参数 α（alpha）是多少？（保留三位小数）",
        lambda: _regular_first_years(5).alpha,
        "拟合只用前 5 个数（第 0-4 年的人数）",
        unit="",
        abs_tol=0.0005,
    ),
    Exercise(
        "8.2",
        "用这个只看了 5 年数据的模型，预测第 12 年还剩多少位普通客户？（实际是 173 位；模型给出的是期望人数，请四舍五入到整数）",
        lambda: int(round(_regular_first_years(5).projection(12)["expected"].iloc[12])),
        "拟合结果可以向后预测若干年，看第 12 年的期望人数",
        unit="位",
        abs_tol=0.5,
    ),
    Exercise(
        "8.3",
        "课程商店（截至 2025-12-31，流失判定 180 天）的 Kaplan-Meier 曲线，生存概率第一次降到 75% 以下时是首次购买后第几个月？（保留一位小数）",
        lambda: retention.survival_quantile(
            retention.kaplan_meier(*_lifetimes_months()), 0.75
        ),
        "先得到每位客户的寿命和是否已流失，再估计生存曲线，最后找生存概率跌破 75% 的时刻",
        unit="个月",
        abs_tol=0.05,
    ),
    Exercise(
        "8.4",
        "用 StreamNow 会员同期群拟合 sBG 模型后，一位刚入会、还没有续费过的高级 VIP 会员（每年利润 1440 元，折现率 10%），"
        "未来 5 年的当前价值是多少元？（精确到元）",
        lambda: retention.sbg_current_value(
            retention.fit_sbg(streamnow_cohort()["members"].tolist()),
            annual_profit=1440,
            renewals=0,
            discount_rate=0.1,
        ),
        "8.5 节为张三算过同样的当前价值；这位会员与张三的区别只在已续费的次数",
    ),
    Exercise(
        "8.5",
        "五位客户的寿命分别是 2、3、3、5、8 个月；其中一位寿命 3 个月的客户和寿命 8 个月的客户还没有流失（删失），其余已流失。"
        "按 Kaplan-Meier 方法，第 6 个月的生存概率是多少？（请手算，保留两位小数）",
        lambda: _km_at(6),
        "每个有人流失的时点，生存概率乘以（1 - 流失人数 / 当时仍在观察的人数）；删失的客户在删失之后不再计入",
        unit="",
        abs_tol=0.005,
    ),
    Exercise(
        "8.6",
        "（开放题）课程商店的平均留存率逐年上升。这是因为每位客户越来越忠诚，还是因为流失率高的客户先走了？"
        "用 sBG 模型的思路解释，并说明把第一年的留存率用于所有年份（第 6 章的做法）会高估还是低估老客户的价值。",
        None,
        "sBG 模型中每位客户的流失率不随时间变化，但不同客户的流失率不同",
        unit="",
    ),
]
