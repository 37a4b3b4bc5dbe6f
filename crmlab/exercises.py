"""Self-checks for the exercises (练习自测). They answer in Chinese.

In a notebook::

    answer = ...            # the student's result
    check("5.1", answer)    # ✅ / ❌ with a hint

Every reference answer is computed by a tested crmlab function when it is
checked, never typed in, so the exercises stay right when the model changes.
A checker never raises on a student's answer: a missing or malformed answer
gets a message saying what to write.
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import btyd, customers, lifecycle, retention, rfm, value
from .clv import clv_analysis, clv_breakdown, clv_cac_ratio, payback_period
from .datasets import (
    fader_hardie_2007,
    load_cdnow,
    load_course_shop,
    streamnow_cohort,
    streamnow_members,
    value_type_cases,
    xiaolin_cup,
    zhangsan,
)

__all__ = ["Feedback", "Exercise", "EXERCISES", "check", "question", "exercise_list"]


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``correct`` and a Chinese ``message``."""

    correct: bool
    message: str

    def __str__(self) -> str:
        return self.message

    def _repr_markdown_(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Exercise:
    """One exercise: its question, how to compute the answer, the tolerance and a hint.

    ``choices`` lists the possible text answers, so that an unambiguous short
    form ("成长" for 成长型) is accepted. An open task (``answer`` is ``None``)
    has no single right answer: :func:`check` acknowledges a written answer and
    points to the model answer in the solutions notebook.
    """

    key: str
    question: str
    answer: Callable[[], Any] | None
    hint: str
    unit: str = "元"
    abs_tol: float = 0.5
    rel_tol: float = 0.0
    choices: tuple[str, ...] = ()


_FIVE = pd.Series({"甲": 500.0, "乙": 300.0, "丙": 100.0, "丁": 60.0, "戊": 40.0})


def _shop():
    return load_course_shop()


def _lifetimes_months():
    life = retention.customer_lifetimes(_shop().transactions, as_of="2025-12-31")
    return life["duration_months"], life["churned"]


def _survey_of_channel(channel: str) -> pd.DataFrame:
    shop = _shop()
    survey = shop.survey.merge(shop.customers[["customer_id", "channel"]], on="customer_id", how="left")
    return survey[survey["channel"] == channel]


def _regular_first_years(years: int) -> retention.SBGFit:
    return retention.fit_sbg(fader_hardie_2007()["regular"].iloc[:years].tolist())


def _with(**changes: Any) -> dict[str, Any]:
    return {**zhangsan(), **changes}


@functools.lru_cache(maxsize=1)
def _cdnow_models():
    """Chapter 7's calibration table and fits: the CDNOW sample, 39 weeks to 1997-09-30, in weeks."""
    t = load_cdnow("sample")
    ch = btyd.calibration_holdout(t, customer="sample_id", calibration_end="1997-09-30", time_unit="W")
    fit = btyd.fit_bgnbd(ch["frequency_cal"], ch["recency_cal"], ch["T_cal"])
    gg = btyd.fit_gamma_gamma(ch["frequency_cal"], ch["monetary_value_cal"])
    return ch, fit, gg


def _cdnow_customer(sample_id: int) -> tuple[float, float, float]:
    ch = _cdnow_models()[0]
    return tuple(float(v) for v in ch.loc[sample_id, ["frequency_cal", "recency_cal", "T_cal"]])


def _members_analysis():
    return clv_analysis(streamnow_members(), margin=0.6, discount_rate=0.1)


def _segment_of(name: str) -> str:
    a = _members_analysis()
    table = a.segments.table
    return str(table.loc[a.data["name"] == name, "segment"].item())


_VALUE_KINDS = ("功能性价值", "信赖性价值", "社会性价值", "探知性价值", "美感性价值", "自我实现价值")
_RFM_EIGHT = tuple(rule[-1] for rule in rfm.SEGMENT_RULES["eight"])
_NPS_TEN = [10, 9, 9, 8, 7, 7, 6, 5, 3, 10]


def _km_at(month: float) -> float:
    km = retention.kaplan_meier([2, 3, 3, 5, 8], [1, 1, 0, 1, 0])
    return float(km.loc[km.index <= month, "survival"].iloc[-1])


EXERCISES: dict[str, Exercise] = {
    e.key: e
    for e in sorted(  # listed by chapter and number, whatever the order below
        [
            Exercise(
                "0.1",
                "（导读中的试手题）张三过去 3 年为平台带来的历史价值是多少元？",
                lambda: clv_breakdown(**zhangsan()).historical,
                "历史价值 = 年费 × 毛利率 × 已合作年数",
            ),
            Exercise(
                "1.1",
                "五位客户的年利润分别是 500、300、100、60、40 元。按累计利润 80% / 95% 划分 ABC 类，A 类有几位客户？（请手算）",
                lambda: int((customers.abc_classes(_FIVE)["class"] == "A").sum()),
                "从大到小排序，算到某位客户之前的累计占比；只要之前的累计占比还不到 80%，这位客户就属于 A 类",
                unit="位",
            ),
            Exercise(
                "1.2",
                "课程商店中，消费金额（amount）最高的 10% 客户贡献了全部消费金额的多大比例？（用小数表示，保留三位，例如 0.750）",
                lambda: customers.top_share(customers.customer_totals(load_course_shop().transactions, value="amount"), top=0.1),
                "交易表是一笔一行：先得到每位客户的总金额，再算头部客户的份额（本章 1.2 节用过的函数）",
                unit="",
                abs_tol=0.005,
            ),
            Exercise(
                "1.3",
                "CDNOW 数据中，按每位客户购买的 CD 总数（quantity）计算，基尼系数是多少？（保留两位小数）",
                lambda: customers.gini(customers.customer_totals(load_cdnow(), value="quantity")),
                "按客户汇总时可以换一个要加总的列，再计算基尼系数",
                unit="",
                abs_tol=0.005,
            ),
            Exercise(
                "1.4",
                "按默认规则（流失天数 180 等），截至 2024-12-31，课程商店有多少位流失客户？",
                lambda: int(
                    (customers.loyalty_classes(_shop().transactions, _shop().customers, as_of="2024-12-31")["loyalty"] == "流失客户").sum()
                ),
                "本章按忠诚度分类的函数需要交易表、客户表和分析日期；再数一数结果中的流失客户",
                unit="位",
            ),
            Exercise(
                "1.5",
                "一位顾客的调查得分：价格敏感 5 分，追新 2 分，品牌关注 2 分。按课程的规则，他属于哪一类（灯塔型 / 跟随型 / 理性型 / 逐利型）？",
                lambda: str(
                    customers.value_ability_types(
                        pd.DataFrame({"price_sensitivity": [5], "novelty_seeking": [2], "brand_attention": [2]})
                    )["value_type"].iloc[0]
                ),
                "按 TYPOLOGY_RULES 的顺序逐条检查",
                unit="",
                choices=customers.VALUE_TYPES,
            ),
            Exercise(
                "1.6",
                "（开放题）课程的 ABC 分类以累计利润 80% / 95% 为界，这是课程的约定，源文档没有给出界限。"
                "对一家只有 200 位企业客户的工业品供应商，你会怎样定界限？在课程商店上试两组界限，说明 A 类人数怎样变化，并说明你的理由。",
                None,
                "想一想：界限决定了多少客户能得到重点服务，服务资源有多少？",
                unit="",
            ),
            Exercise(
                "2.1",
                "小林在网上看到一条差评，心理成本从 25 元升到 60 元，其他感知不变。他的让渡价值是多少元？（请手算）",
                lambda: value.delivered_value(**{**xiaolin_cup(), "psychological_cost": 60}).delivered_value,
                "让渡价值 = 四项价值之和 - 四项成本之和；只有心理成本变了",
            ),
            Exercise(
                "2.2",
                "按小林的感知（其他不变），晨光最多能把售价定到多少元，小林仍然觉得值得买（让渡价值不小于 0）？",
                lambda: value.break_even("monetary_cost", xiaolin_cup()),
                "售价每提高 1 元，让渡价值就减少 1 元；现在的让渡价值是多少？",
            ),
            Exercise(
                "2.3",
                f"下面的案例体现的主要是哪一种客户价值？“{value_type_cases()['case'].iloc[0]}”",
                lambda: str(value_type_cases()["value_type"].iloc[0]),
                "对照六种价值的核心诉求：客户在意的是“能不能依靠它”",
                unit="",
                choices=_VALUE_KINDS,
            ),
            Exercise(
                "2.4",
                "小王的客户总价值与客户总成本之比（总价值 / 总成本）是多少？（保留两位小数）",
                lambda: value.delivered_value(**xiaolin_cup("小王")).ratio,
                "分别加总小王感知的四项价值和四项成本",
                unit="",
                abs_tol=0.005,
            ),
            Exercise(
                "2.5",
                "（开放题）同一只 298 元的智能杯，小林觉得不值，小王觉得更不值。晨光应该先为哪一类顾客改进？"
                "从“提高价值”和“降低成本”两方面各提一条建议，并说明它改变了让渡价值的哪一项、大约改变多少。",
                None,
                "先比较两人感知的各项价值和成本，找出差距最大的一项",
                unit="",
            ),
            Exercise(
                "3.1",
                "顾客甲在 2024-01-05、2024-02-10、2024-03-20 各消费一次。以 2024-03-31 为分析日期，甲的 R（距最近一次购买的天数）是多少？（请手算）",
                lambda: float(
                    rfm.rfm_table(
                        pd.DataFrame({"customer_id": ["甲"] * 3, "date": ["2024-01-05", "2024-02-10", "2024-03-20"], "amount": [100.0, 50.0, 150.0]}),
                        as_of="2024-03-31",
                    ).table["recency"].iloc[0]
                ),
                "从最近一次购买（3 月 20 日）数到分析日期",
                unit="天",
            ),
            Exercise(
                "3.2",
                "对 CDNOW 全部客户（截至 1998-06-30）按**四分位数**（4 档）打分，F 分为 3 的客户有多少位？",
                lambda: int((rfm.rfm_scores(rfm.rfm_table(load_cdnow()), bins=4)["f_score"] == 3).sum()),
                "先求 F 的三个分界点（第 25、50、75 百分位数），再看买过 2 次、3 次、4 次的客户各超过了几个分界点",
                unit="位",
            ),
            Exercise(
                "3.3",
                "课程商店（截至 2025-12-31，五分位打分，八类方案）如果以**中位数**为高低分界，有多少位重要价值客户？",
                lambda: int(
                    (rfm.rfm_segments(rfm.rfm_scores(rfm.rfm_table(load_course_shop().transactions)), threshold="median")["segment"]
                     == "重要价值客户").sum()
                ),  # fmt: skip
                "从 RFM 表到打分再到分类，每一步都用本章的函数；高低分界由分类函数的一个参数决定",
                unit="位",
            ),
            Exercise(
                "3.4",
                "CDNOW（截至 1998-06-30）按**四分位数**（4 档）打分、以平均数为高低分界，按教材的四类方案，有多少位“新客户”？",
                lambda: int(
                    (rfm.rfm_segments(rfm.rfm_scores(rfm.rfm_table(load_cdnow()), bins=4), scheme="four")["segment"] == "新客户").sum()
                ),
                "打分函数的一个参数决定档数，分类函数的一个参数选择四类方案；新客户是 R 高 F 低的客户",
                unit="位",
            ),
            Exercise(
                "3.5",
                "在八类方案中，R 高、F 低、M 高的客户叫什么？",
                lambda: next(seg for r, f, m, seg in rfm.SEGMENT_RULES["eight"] if (r, f, m) == ("高", "低", "高")),
                "查八类方案的规则表",
                unit="",
                choices=_RFM_EIGHT,
            ),
            Exercise(
                "3.6",
                "（开放题）一家社区咖啡店想用 RFM 给 800 位会员分层。请为它定 R 和 F 的分界（用天数和次数，而不是五分位数），"
                "说明理由；再说说哪一类会员最需要店长亲自关注，为什么。",
                None,
                "想一想咖啡店顾客正常的购买间隔；3.2 节“按业务含义自己定分界点”的例子",
                unit="",
            ),
            Exercise(
                "4.1",
                "课程商店的调查中，通过“朋友推荐”获取的受访客户，净推荐值（NPS）是多少？（推荐者占比 - 贬损者占比，乘以 100，保留一位小数）",
                lambda: lifecycle.nps(_survey_of_channel("朋友推荐")["nps"]).score,
                "调查表里没有获客渠道：先从客户表找到每位受访者的渠道，只留下朋友推荐来的人，再算 NPS",
                unit="",
                abs_tol=0.05,
            ),
            Exercise(
                "4.2",
                "截至 2024-12-31（早一年），课程商店通过“搜索引擎”获取一位新客户的平均成本（CAC）是多少元？（精确到元）",
                lambda: float(
                    lifecycle.channel_kpis(_shop().customers, _shop().transactions, _shop().channels, as_of="2024-12-31")
                    .set_index("channel").loc["搜索引擎", "cac"]
                ),
                "CAC = 该渠道的营销费用 / 该渠道带来的新客户数",
            ),
            Exercise(
                "4.3",
                "按默认规则，截至 2024-12-31（早一年），课程商店有多少位客户的生命周期模式是“中途夭折”？",
                lambda: int((lifecycle.lifecycle_patterns(_shop().transactions, as_of="2024-12-31")["pattern"] == "中途夭折").sum()),
                "先用本章判断模式的函数，再数一数",
                unit="位",
            ),
            Exercise(
                "4.4",
                "按默认的预警规则，2025-12-31 这天课程商店会对多少位客户发出流失预警？",
                lambda: int(lifecycle.churn_warning(_shop().transactions, as_of="2025-12-31")["flagged"].sum()),
                "4.6 节的预警函数换一个分析日期；结果中每位客户有一列是否预警",
                unit="位",
            ),
            Exercise(
                "4.5",
                f"10 位受访者的推荐意愿打分（0-10 分）是 {'、'.join(map(str, _NPS_TEN))}。NPS 是多少？（请手算）",
                lambda: lifecycle.nps(_NPS_TEN).score,
                "先数推荐者（9-10 分）和贬损者（0-6 分）各有几人，7-8 分是中立者",
                unit="",
                abs_tol=0.05,
            ),
            Exercise(
                "4.6",
                "（开放题）如果下一季度只能把一部分营销预算从一个渠道挪到另一个渠道，你会怎么挪？"
                "用 4.5 节的渠道指标（获客成本、客户价值、价值/CAC）说明理由，并指出这些指标的局限。",
                None,
                "只看新客数和只看获客成本，结论会一样吗？客户价值是“到目前为止”的利润",
                unit="",
            ),
            Exercise(
                "6.1",
                "只用 Fader & Hardie（2007）中普通客户（数据列 regular）前 5 年（第 0-4 年）的数据拟合 sBG 模型，参数 α（alpha）是多少？（保留三位小数）",
                lambda: _regular_first_years(5).alpha,
                "拟合只用前 5 个数（第 0-4 年的人数）",
                unit="",
                abs_tol=0.0005,
            ),
            Exercise(
                "6.2",
                "用这个只看了 5 年数据的模型，预测第 12 年还剩多少位普通客户？（实际是 173 位；模型给出的是期望人数，请四舍五入到整数）",
                lambda: int(round(_regular_first_years(5).projection(12)["expected"].iloc[12])),
                "拟合结果可以向后预测若干年，看第 12 年的期望人数",
                unit="位",
                abs_tol=0.5,
            ),
            Exercise(
                "6.3",
                "课程商店（截至 2025-12-31，流失判定 180 天）的 Kaplan-Meier 曲线，生存概率第一次降到 75% 以下时是首次购买后第几个月？（保留一位小数）",
                lambda: retention.survival_quantile(
                    retention.kaplan_meier(*_lifetimes_months()), 0.75
                ),
                "先得到每位客户的寿命和是否已流失，再估计生存曲线，最后找生存概率跌破 75% 的时刻",
                unit="个月",
                abs_tol=0.05,
            ),
            Exercise(
                "6.4",
                "用 StreamNow 会员同期群拟合 sBG 模型后，一位刚入会、还没有续费过的高级 VIP 会员（每年利润 1440 元，折现率 10%），"
                "未来 5 年的当前价值是多少元？（精确到元）",
                lambda: retention.sbg_current_value(
                    retention.fit_sbg(streamnow_cohort()["members"].tolist()), annual_profit=1440, renewals=0, discount_rate=0.1
                ),
                "6.5 节为张三算过同样的当前价值；这位会员与张三的区别只在已续费的次数",
            ),
            Exercise(
                "6.5",
                "五位客户的寿命分别是 2、3、3、5、8 个月；其中一位寿命 3 个月的客户和寿命 8 个月的客户还没有流失（删失），其余已流失。"
                "按 Kaplan-Meier 方法，第 6 个月的生存概率是多少？（请手算，保留两位小数）",
                lambda: _km_at(6),
                "每个有人流失的时点，生存概率乘以（1 - 流失人数 / 当时仍在观察的人数）；删失的客户在删失之后不再计入",
                unit="",
                abs_tol=0.005,
            ),
            Exercise(
                "6.6",
                "（开放题）课程商店的平均留存率逐年上升。这是因为每位客户越来越忠诚，还是因为流失率高的客户先走了？"
                "用 sBG 模型的思路解释，并说明把第一年的留存率用于所有年份（第五章的做法）会高估还是低估老客户的价值。",
                None,
                "sBG 模型中每位客户的流失率不随时间变化，但不同客户的流失率不同",
                unit="",
            ),
            Exercise(
                "7.1",
                "CDNOW 样本中客户 100 只在 1997-01-05 和 1997-06-21 各买过一次。以 1997-09-30 为校准期末、以周为单位，他的 T 是多少周？（请手算，保留两位小数）",
                lambda: _cdnow_customer(100)[2],
                "T 是首次购买到校准期末的时间：天数 ÷ 7",
                unit="周",
                abs_tol=0.005,
            ),
            Exercise(
                "7.2",
                "用本章在 CDNOW 校准期上拟合的 BG/NBD 模型，客户 150（校准期重复购买 4 次，首末购买间隔 t_x 33 周，观察时长 T 38 周）仍然“活着”的概率是多少？（用小数表示，保留三位）",
                lambda: float(_cdnow_models()[1].probability_alive(*([v] for v in _cdnow_customer(150)))[0]),
                "用拟合结果计算“活着”概率的方法；三个参数都以列表传入（例如 [4]），"
                "它返回只有一个元素的数组，可以直接赋给 answer",
                unit="",
                abs_tol=0.0005,
            ),
            Exercise(
                "7.3",
                "同一个模型预测客户 1000 在未来 52 周里会重复购买几次？（保留两位小数）",
                lambda: float(_cdnow_models()[1].conditional_expected_purchases(52, *([v] for v in _cdnow_customer(1000)))[0]),
                "先在校准期汇总表中查到客户 1000 的三个数，再用拟合结果预测购买次数的方法；"
                "参数以列表传入时返回只有一个元素的数组，可以直接赋给 answer",
                unit="次",
                abs_tol=0.005,
            ),
            Exercise(
                "7.4",
                "用本章拟合的 Gamma-Gamma 模型，一位重复购买 2 次、平均每次 100 美元的客户，预测的客单价是多少美元？（保留两位小数）",
                lambda: float(_cdnow_models()[2].conditional_expected_spend([2], [100.0])[0]),
                "它是总体平均和客户自己的平均的加权平均；参数以列表传入，只有一个元素的结果可以直接赋给 answer",
                unit="美元",
                abs_tol=0.005,
            ),
            Exercise(
                "7.5",
                "年折现率改为 15%（毛利率 30%，预测 3 年，时间单位是周），2,357 位客户的预测 CLV 合计是多少美元？（精确到美元）",
                lambda: float(
                    btyd.customer_lifetime_value(
                        _cdnow_models()[0], bgnbd=_cdnow_models()[1], gamma_gamma=_cdnow_models()[2],
                        time_unit="W", horizon=3, discount_rate=0.15, margin=0.3,
                    )["clv"].sum()
                ),  # fmt: skip
                "7.6 节的逐客户 CLV 计算只改折现率，再把所有客户加起来",
                unit="美元",
                abs_tol=0.5,
            ),
            Exercise(
                "7.6",
                "（开放题）一位营销经理打算只给 BG/NBD 模型中“活着”概率高于 0.5 的客户发优惠券。请评价这个做法：它忽略了什么？你会怎样改进？",
                None,
                "“活着”不等于“值得投入”：想一想购买频率、客单价和优惠券本身的效果",
                unit="",
            ),
            Exercise(
                "5.1",
                "张三的年流失率从 20% 降到 15%，其他条件不变（仍只算未来 5 年），他的当前价值是多少元？（精确到元）",
                lambda: clv_breakdown(**_with(churn_rate=0.15)).current,
                "留存概率变成 0.85 的 t 次方；逐年算出 1440 × 0.85^t ÷ 1.1^t 再相加",
                abs_tol=0.5,
                rel_tol=0.001,
            ),
            Exercise(
                "5.2",
                "同样在流失率 15% 时，张三的客户终生价值（历史 + 当前 + 潜在）是多少元？（精确到元）",
                lambda: clv_breakdown(**_with(churn_rate=0.15)).total,
                "历史价值不变；升级价值和推荐价值都随当前价值变化",
                abs_tol=0.5,
                rel_tol=0.001,
            ),
            Exercise(
                "5.3",
                "不截断在 5 年，而是把未来所有年份都算进去（流失率 20%），张三的当前价值是多少元？（请手算，精确到元）",
                lambda: clv_breakdown(**_with(horizon=None)).current,
                "无穷等比级数：首项 1440 × 0.8/1.1，公比 0.8/1.1",
                abs_tol=0.5,
            ),
            Exercise(
                "5.4",
                "如果获取张三花了 3000 元（CAC），按精确的客户终生价值，他的 CLV:CAC 达到 3:1 了吗？（回答“是”或“否”）",
                lambda: clv_cac_ratio(clv=clv_breakdown(**zhangsan()).total, cac=3000).meets_target,
                "先算 CLV:CAC = 客户终生价值 ÷ 获客成本，再和 3 比较",
                unit="",
            ),
            Exercise(
                "5.5",
                "获客成本 2000 元，按张三的流失率和折现率，一位像张三这样的新客户预计多少年回本？（保留两位小数）",
                lambda: payback_period(cac=2000, annual_revenue=2400, margin=0.6, churn_rate=0.2, discount_rate=0.1),
                "把逐年利润现值累加，看在哪一年超过 2000 元，再按这一年的现值线性插值",
                unit="年",
                abs_tol=0.01,
            ),
            Exercise(
                "5.6",
                "StreamNow 会员表中的钱七属于哪一类 CLV 细分（高价值 / 成长型 / 需警惕 / 低价值）？",
                lambda: _segment_of("钱七"),
                "比较钱七的当前价值和潜在价值与全体会员的中位数",
                unit="",
                choices=("高价值", "成长型", "需警惕", "低价值"),
            ),
            Exercise(
                "5.7",
                "按教材的推荐价值公式，如果张三一年一个人也不推荐（年均推荐人数为 0），推荐价值是多少元？（请手算）",
                lambda: clv_breakdown(**_with(referrals_per_year=0)).referral,
                "把 0 代入 年均推荐人数 × 新客户价值 - 推荐成本",
                abs_tol=0.5,
            ),
            Exercise(
                "5.8",
                "（开放题）练习 5.7 中，一个人也不推荐的张三，推荐价值是 -500 元。请评价教材的推荐价值公式：这个结果合理吗？"
                "推荐成本应该在什么情况下发生？提出一种改进，并说明它会怎样改变张三的客户终生价值。",
                None,
                "推荐成本是为谁、在什么时候花的？没有推荐，还需要付推荐奖励吗？",
                unit="",
            ),
        ],
        key=lambda e: tuple(int(part) for part in e.key.split(".")),
    )
}


def question(key: str) -> str:
    """The text of exercise ``key``.

    Examples
    --------
    >>> question("5.3")[:7]
    '练习 5.3：'
    """
    return f"练习 {key}：{_exercise(key).question}"


def exercise_list() -> pd.DataFrame:
    """All exercises with their questions (练习一览).

    Returns
    -------
    pandas.DataFrame
        Columns ``exercise`` (the key to pass to :func:`check`) and ``question``.

    Examples
    --------
    >>> "5.1" in exercise_list()["exercise"].tolist()
    True
    """
    return pd.DataFrame({"exercise": list(EXERCISES), "question": [e.question for e in EXERCISES.values()]})


def _exercise(key: str) -> Exercise:
    if key not in EXERCISES:
        raise KeyError(f"没有练习 {key!r}；现有练习：{'、'.join(EXERCISES)} (no exercise {key!r})")
    return EXERCISES[key]


def _number(x: Any) -> float | None:
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def _single(x: Any) -> Any:
    """The one element of a one-element list, tuple, array or Series (what crmlab's vectorised methods return)."""
    if isinstance(x, (pd.Series, pd.Index, np.ndarray, list, tuple)) and len(x) == 1:
        inner = x.iloc[0] if isinstance(x, pd.Series) else x[0]
        return inner.item() if isinstance(inner, np.generic) else inner
    return x.item() if isinstance(x, np.generic) else x


def _fmt(x: float, unit: str, tol: float = 0.01) -> str:
    digits = max(2, -math.floor(math.log10(tol))) if tol > 0 else 2
    return f"{x:,.{digits}f}{(' ' + unit) if unit else ''}"


_YES = {"是", "对", "是的", "达到", "达到了", "能", "yes", "y", "true", "1"}
_NO = {"否", "不", "不是", "没有", "没达到", "未达到", "不能", "no", "n", "false", "0"}


def _yes_no(answer: Any) -> bool | None:
    if isinstance(answer, (bool, np.bool_)):
        return bool(answer)
    text = str(answer).strip().replace(" ", "").lower()
    return True if text in _YES else False if text in _NO else None


def _check_text(key: str, ex: Exercise, expected: str, answer: Any) -> Feedback:
    given = str(answer).strip().replace(" ", "").strip("\"'“”「」")
    if given == expected:
        return Feedback(True, f"✅ 练习 {key} 正确：{expected}。")
    matches = [c for c in ex.choices if given and given in c]
    if len(matches) == 1 and matches[0] == expected:
        return Feedback(True, f"✅ 练习 {key} 正确：{expected}（你写的“{given}”只可能指它）。")
    if len(matches) > 1:
        return Feedback(False, f"❌ 练习 {key}：“{given}”可以指{'、'.join(matches)}，请写全称。")
    return Feedback(False, f"❌ 练习 {key} 还不对（你的答案：{given}）。提示：{ex.hint}。")


def check(key: str, answer: Any) -> Feedback:
    """Check a student's answer to exercise ``key`` and say so in Chinese.

    Numbers are accepted within the exercise's tolerance, also as the one
    element of a list, array or Series; an answer within 0.2% is called close
    (a rounding slip). A text answer is compared after stripping spaces and
    quotes; a short form that names exactly one of the exercise's ``choices``
    is accepted. A yes/no question accepts 是/否/对/不/yes/no/True/False. An
    open task acknowledges any written answer and points to the model answer.

    Examples
    --------
    >>> check("5.3", 3840).correct
    True
    >>> check("5.3", None).message
    '⏳ 练习 5.3 还没有作答：把 answer = None 改成你的计算结果，再运行这个单元格。'
    >>> check("5.6", "成长").correct
    True
    >>> check("5.4", "否").correct
    True
    >>> check("7.1", np.array([38.29])).correct
    True
    """
    ex = _exercise(key)
    if answer is None or answer is ...:
        return Feedback(False, f"⏳ 练习 {key} 还没有作答：把 answer = None 改成你的计算结果，再运行这个单元格。")
    if ex.answer is None:
        if isinstance(answer, str) and len(answer.strip()) >= 5:
            return Feedback(
                True,
                f"✅ 练习 {key} 已记下你的回答。这是开放题，没有唯一的标准答案，不自动判分："
                f"请对照参考答案中的示范回答，和同学讨论。",
            )
        return Feedback(False, f"⏳ 练习 {key} 是开放题：请把你的回答写成一段文字，例如 answer = \"我认为……\"。")
    answer = _single(answer)
    expected = ex.answer()
    if isinstance(expected, bool):
        said = _yes_no(answer)
        if said is None:
            return Feedback(False, f"❌ 练习 {key} 请回答“是”或“否”（也可以写 yes / no），收到 {answer!r}。")
        if said == expected:
            return Feedback(True, f"✅ 练习 {key} 正确：{'是' if expected else '否'}。")
        return Feedback(False, f"❌ 练习 {key} 还不对。提示：{ex.hint}。")
    if isinstance(expected, str):
        return _check_text(key, ex, expected, answer)
    value = _number(answer)
    if value is None:
        return Feedback(
            False,
            f"❌ 练习 {key} 的答案应是一个数字，收到 {answer!r}。请只写数字，不要带单位或引号，例如 answer = 1234.5"
            f"（只有一个元素的数组或 Series 也可以）。",
        )
    tol = max(ex.abs_tol, ex.rel_tol * abs(expected))
    gap = value - expected
    if abs(gap) <= tol:
        if float(expected).is_integer() and ex.unit in {"位", "人", "天"}:
            return Feedback(True, f"✅ 练习 {key} 正确！答案是 {int(expected)} {ex.unit}。")
        return Feedback(True, f"✅ 练习 {key} 正确！精确值是 {_fmt(expected, ex.unit, ex.abs_tol)}。")
    direction = "偏高" if gap > 0 else "偏低"
    if abs(gap) <= 0.002 * abs(expected):
        return Feedback(
            False,
            f"🟡 练习 {key} 很接近了，但{direction} {_fmt(abs(gap), ex.unit, ex.abs_tol)}：多半是中间结果四舍五入造成的。"
            f"试着全程不取整，或直接用 crmlab 计算。",
        )
    return Feedback(False, f"❌ 练习 {key} 还不对（你的答案{direction}）。提示：{ex.hint}。")
