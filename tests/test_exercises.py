"""crmlab.exercises: the self-checks accept the reference answers and answer in Chinese."""

import numpy as np
import pandas as pd
import pytest

from crmlab.exercises import EXERCISES, check, exercise_list, question

OPEN = "open task: no reference answer, check acknowledges a written answer"


#: Every exercise's answer, computed once with crmlab and written here, so that a reference answer
#: that changes (a wrong function, a changed default or data file) fails. The comments say how each
#: was checked by hand or with a few lines of plain pandas; "crmlab" means it was only computed.
EXPECTED = {
    "0.1": 4320.0,  # 2400 × 0.6 × 3 years
    "1.1": 3,  # C00007 (C00007, c00007, C7), C00031 ( C00031, C-00031, 00031), C00100; the empty id is anonymous
    "1.2": 185,  # pandas: needs_fit & budget >= 149 & trust >= 4 & appeal >= 4 & urgent
    "1.3": 0.623778,  # crmlab: 重性价比 (share 0.29, value index 0.90) + 重品牌 (0.26, 1.41); 重新鲜 has 15% < 20%
    "1.4": 0.905605,  # crmlab: 307 of the 339 customers below 40 points have no purchase in the last 180 days
    "1.5": "重性价比",  # its 95% interval of the uplift is 7.2 to 25.9 yuan: above 5, not above 15
    "1.6": OPEN,
    "2.1": 2,  # 甲 and 乙: the cumulative share before 丙 is (500 + 300) / 1000 = 80%
    "2.2": 0.575402,  # pandas: amount per customer, top 200 of 2,000 customers / total
    "2.3": 0.630575,  # numpy: 2 Σ i·x_(i) / (n Σ x) - (n + 1) / n on the quantities per customer
    "2.4": 553,  # crmlab
    "2.5": "逐利型",  # TYPOLOGY_RULES: not 灯塔型 (novelty 2 < 4); price sensitivity 5 ≥ 4 and brand 2 < 4
    "2.6": OPEN,
    "3.1": -18.0,  # (240 + 45 + 20 + 70) - (298 + 15 + 20 + 60) = 375 - 393
    "3.2": 315.0,  # 298 + the delivered value of 17
    "3.3": "信赖性价值",  # the case's label in value_type_cases.csv
    "3.4": 0.718016,  # (220 + 30 + 15 + 10) / (298 + 15 + 30 + 40) = 275 / 383
    "3.5": OPEN,
    "4.1": 11.0,  # 20 March to 31 March
    "4.2": 6296,  # quartile edges of F are 1, 1, 3: F = 2 (4,079 customers) and F = 3 (2,217) exceed two of them
    "4.3": 481,  # crmlab
    "4.4": 1374,  # one-time buyers of 16-25 March 1997 (462-471 days before): R score 3 > the mean 2.50
    "4.5": "重要发展客户",  # SEGMENT_RULES["eight"]
    "4.6": OPEN,
    "5.1": -8.917197,  # pandas: 157 respondents from 朋友推荐: (39 promoters - 53 detractors) / 157 × 100
    "5.2": 143.806202,  # pandas: 55,653 yuan of search spend to 2024Q4 / 387 buying customers from search
    "5.3": 193,  # crmlab
    "5.4": 145,  # crmlab
    "5.5": 10.0,  # promoters 10, 9, 9, 10: 40%; detractors 6, 5, 3: 30%; 40 - 30
    "5.6": OPEN,
    "6.1": 3547.122185,  # Σ_{t=1..5} 1440 × (0.85 / 1.1)^t
    "6.2": 9672.751605,  # crmlab (historical 4320 + current 3547.12 + upgrade + referral 0.5 × current - 500)
    "6.3": 3840.0,  # 1440 × 0.8 / (1.1 - 0.8)
    "6.4": False,  # 8,866.86 / 3000 = 2.96 < 3 (the textbook's 8,865 gives 2.955 too)
    "6.5": 2.344944,  # PV profits 1047.27 + 761.65 = 1808.93 after 2 years; 2 + 191.07 / 553.93
    "6.6": "成长型",  # crmlab: 钱七's current value below, potential value above the members' medians
    "6.7": -500.0,  # 0 referrals × new-customer value - 500 referral cost
    "6.8": OPEN,
    "7.1": 65.0,  # 0.3×4 + 0.1×2 + 0.2×4 + 0.25×3 + 0.05×5 + 0.1×4 = 3.6; (3.6 − 1) / 4 × 100
    "7.2": 61.658134,  # crmlab (stated weights give 61.93, regression weights 61.63)
    "7.3": 0.106595,  # (3.7327 − 2.9249) × the price slope 0.13197
    "7.4": 0.06508,  # crmlab (bisection on the churn reduction; 5% rewards need 0.045)
    "7.5": 1728.0,  # (4896 − c) / (3840 − c) = 1.5: c = 1728 (1440 × 0.85/0.25 and 1440 × 0.8/0.3)
    "7.6": OPEN,
    "8.1": 0.763665,  # crmlab (years 0-4 only; the paper's fit on years 0-7 gives 0.704)
    "8.2": 160,  # 159.54 expected people, rounded (the 0-7-year fit gives 170; 173 actual)
    "8.3": 1.445585,  # crmlab: the KM curve first drops below 0.75
    "8.4": 3345.871472,  # crmlab (张三, 2 renewals: 3,783.33; the fixed 20% churn: 3,058.70)
    "8.5": 0.3,  # KM: 1 - 1/5 at 2 months, × (1 - 1/4) at 3 (one censored at 3), × (1 - 1/2) at 5: 0.8 × 0.75 × 0.5
    "8.6": OPEN,
    "9.1": 1.25,  # confidence 3 / 6 = 0.5; support of 茶具 4 / 10 = 0.4; 0.5 / 0.4
    "9.2": 8.013730,  # crmlab (gross profit lift 13.28 - 1 - 10 x the treatment group's purchase rate 0.4268)
    "9.3": 133,  # crmlab (the chapter's 30 and 5 yuan give 199)
    "9.4": 16.838132,  # crmlab: 29 of 257 came back, worth 326.46 each on average: 29 / 257 x 326.46 - 20
    "9.5": 1.359840,  # crmlab (order baskets: 2.245)
    "9.6": OPEN,
    "10.1": 38.285714,  # 268 days from 1997-01-05 to 1997-09-30, / 7
    "10.2": 0.800759,  # crmlab
    "10.3": 2.959146,  # crmlab
    "10.4": 88.328888,  # (γ + 2 · 100) p / (2p + q - 1) with the fitted p ≈ 6.25, q ≈ 3.74, γ ≈ 15.44
    "10.5": 42514.275104,  # crmlab
    "10.6": OPEN,
    # appendix A (Python primer) and B (distributions and maximum likelihood)
    "A.1": 3600.0,  # 1800 × 0.5 × 4
    "A.2": 8161.219094,  # crmlab (张三 with churn 25%)
    "A.3": 132,  # pandas: survey["csat"].value_counts()[5]
    "A.4": 50.358888,  # pandas: transactions["profit"].mean()
    "A.5": 314969.62,  # pandas: profit of the 362 customers from 朋友推荐 (isin on their ids)
    "A.6": OPEN,
    "B.1": 0.223130,  # e^-1.5
    "B.2": 0.140625,  # 0.25 × 0.75²
    "B.3": 0.511624,  # scipy.stats.gamma(0.243, scale=1 / 4.414).cdf(0.01)
    "B.4": 0.149307,  # 0.668 / (0.668 + 3.806)
    "B.5": 0.212766,  # 10 left / (20 + 15 + 12) customer-years at risk
    "B.6": OPEN,
    "11.1": 0.094737,  # 18 / (200 - 20 / 2)
    "11.2": 13.276471,  # crmlab: area under the agents' KM curve over 24 months
    "11.3": 101.544,  # crmlab: weights 1, 1, 1, 2 (equal weights: 101.1)
    "11.4": 79.900384,  # crmlab: CAC -25% (+38.08) and 20% cross-sell take-up (+41.82)
    "11.5": 2581.004441,  # crmlab: retention 0.8 x (2400/2800)^2 = 0.588; 5776 at 2400 yuan
    "11.6": 0.587180,  # crmlab (all ten predictors: 0.628)
    "11.7": OPEN,
    "12.1": 1.0,  # budget 10 × 200 = 2,000; expected 8% × 200 × 250 = 4,000; (4,000 - 2,000) / 2,000
    "12.2": 9962,  # 10,037 true orders - 25 missing ids - 12 unreadable dates - 8 amounts in fen - 30 returned orders
    "12.3": 0.493404,  # pandas: 379 customers bought in 2024, 187 of them not in 2025
    "12.4": 7.285279,  # crmlab
    "12.5": 41928.993140,  # crmlab
    "12.6": OPEN,
}


def test_every_exercise_has_a_pinned_answer():
    assert sorted(EXPECTED) == sorted(EXERCISES)


@pytest.mark.parametrize("key", list(EXERCISES))
def test_reference_answer_is_the_pinned_one(key):
    exercise, pinned = EXERCISES[key], EXPECTED[key]
    if pinned is OPEN:
        assert exercise.answer is None and exercise.question.startswith("（开放题）")
        feedback = check(key, "我认为应该先看数据，再做决定。")
    else:
        computed = exercise.answer()
        if isinstance(pinned, (str, bool)):
            assert computed == pinned and type(computed) is type(pinned), computed
        else:
            assert not isinstance(computed, (str, bool)), computed
            # a tenth of what the self-check accepts: room for optimiser noise, none for a different answer
            assert computed == pytest.approx(pinned, abs=exercise.abs_tol / 10, rel=0), (computed, pinned)
        feedback = check(key, pinned)
    assert feedback.correct, feedback.message
    assert feedback.message.startswith("✅")


def test_every_chapter_has_a_hand_exercise_and_an_open_task():
    chapters = {key.split(".")[0] for key in EXERCISES} - {"0"}
    for chapter in chapters:
        mine = [e for k, e in EXERCISES.items() if k.split(".")[0] == chapter]
        assert any("请手算" in e.question for e in mine), chapter
        assert any(e.answer is None for e in mine), chapter


def test_open_tasks_are_acknowledged_not_graded():
    assert "还没有作答" in check("6.8", None).message
    assert not check("6.8", 42).correct  # a number is not an answer to an open task
    said = check("6.8", "推荐成本只在有人被推荐时才发生，公式应改为……")
    assert said.correct and "开放题" in said.message and "参考答案" in said.message


@pytest.mark.parametrize("key", list(EXERCISES))
def test_unanswered_is_not_an_error(key):
    feedback = check(key, None)
    assert not feedback.correct
    assert "还没有作答" in feedback.message


def test_numeric_answers():
    expected = EXERCISES["6.1"].answer()
    assert check("6.1", round(expected)).correct  # within the tolerance
    close = check("6.1", expected - 5)
    assert not close.correct and close.message.startswith("🟡") and "偏低" in close.message
    wrong = check("6.1", 3058.7)
    assert not wrong.correct and wrong.message.startswith("❌") and "提示" in wrong.message
    assert str(round(expected, 2)) not in wrong.message  # a hint, not the answer
    text = check("6.1", "3547元")
    assert not text.correct and "应是一个数字" in text.message


def test_text_answers():
    assert check("6.6", " 成长型 ").correct
    assert not check("6.6", "高价值").correct
    assert check("6.6", "成长").correct  # an unambiguous short form
    assert check("4.5", "重要发展").correct
    vague = check("4.5", "发展")  # 重要发展客户 or 一般发展客户
    assert not vague.correct and "请写全称" in vague.message and "一般发展客户" in vague.message
    assert not check("6.6", "价值").correct  # 高价值 or 低价值


def test_yes_no_answers():
    for no in ("否", "不", "no", "No", False, "没有"):
        assert check("6.4", no).correct, no
    for yes in ("是", "对", "yes", True):
        assert not check("6.4", yes).correct, yes
    odd = check("6.4", 2.96)
    assert not odd.correct and "是" in odd.message and "否" in odd.message


def test_one_element_arrays_are_numbers():
    expected = EXERCISES["10.2"].answer()
    assert check("10.2", np.array([expected])).correct
    assert check("10.2", pd.Series([expected], index=[150])).correct
    assert check("10.2", [expected]).correct
    two = check("10.2", np.array([expected, expected]))
    assert not two.correct and "应是一个数字" in two.message


def test_unknown_exercise():
    with pytest.raises(KeyError, match="没有练习 '99.9'"):
        check("99.9", 1)


def test_listing():
    table = exercise_list()
    assert table["exercise"].tolist() == list(EXERCISES)
    assert question("6.1").startswith("练习 6.1：张三")
