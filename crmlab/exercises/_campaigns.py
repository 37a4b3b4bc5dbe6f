"""Exercises of chapter 9 (campaigns, win-back and effect evaluation)."""

from __future__ import annotations

import functools

import pandas as pd

from .. import association, campaigns, targeting, winback
from ..datasets import load_basket_lines, load_campaign, load_course_shop
from ._core import Exercise

#: The ten orders of exercise 9.1: 6 with tea, 4 with tea ware, 3 with both.
_TEN_ORDERS = pd.DataFrame({"茶叶": [1, 1, 1, 1, 1, 1, 0, 0, 0, 0], "茶具": [1, 1, 1, 0, 0, 0, 1, 0, 0, 0]}).astype(bool)


def _rule(rules: pd.DataFrame, antecedent: str, consequent: str, column: str) -> float:
    row = rules[(rules["antecedent"] == antecedent) & (rules["consequent"] == consequent)]
    return float(row[column].item())


@functools.lru_cache(maxsize=1)
def _response_test_set():
    """Section 9.5's held-out treated customers and their scores (seed 9, 40% held out)."""
    data = targeting.with_features(load_campaign(), load_course_shop().transactions, as_of="2025-06-30")
    offered, _ = targeting.groups(data)
    fit_set, test_set = targeting.split_customers(offered, test_share=0.4, seed=9)
    model = targeting.fit_response_model(fit_set, fit_set["purchased"])
    return test_set["purchased"], model.predict(test_set)


def _best_depth(value: float, cost: float) -> int:
    response, score = _response_test_set()
    return targeting.mailing_depth(response, score, value_per_response=value, cost_per_contact=cost).best_contacts


def _winback_net(band: str, offer_cost: float) -> float:
    episodes = winback.lifetime_episodes(load_course_shop().transactions, as_of="2025-12-31", gap_days=180)
    table = winback.winback_priorities(episodes, by="value_per_order", edges=(0, 15, 30, 45), offer_cost=offer_cost)
    return float(table.loc[band, "expected_net"])


def _customer_level_lift(antecedent: str, consequent: str) -> float:
    b = association.baskets(load_basket_lines(), load_course_shop().transactions, level="customer")
    return _rule(association.pair_rules(b), antecedent, consequent, "lift")


EXERCISES: list[Exercise] = [
    Exercise(
        "9.1",
        "10 张订单中，6 张有茶叶，4 张有茶具，3 张同时有茶叶和茶具。规则 茶叶 → 茶具 的提升度是多少？（请手算，保留两位小数）",
        lambda: _rule(association.pair_rules(_TEN_ORDERS), "茶叶", "茶具", "lift"),
        "提升度 = 置信度 / 后项的支持度；置信度的分母是含前项的订单数",
        unit="",
        abs_tol=0.005,
    ),
    Exercise(
        "9.2",
        "课程商店的发券活动：如果优惠券面值是 10 元（短信成本仍是每条 1 元），每位实验组客户的净收益估计是多少元？（保留两位小数）",
        lambda: campaigns.campaign_value(load_campaign(), contact_cost=1, coupon_value=10).net.lift,
        "净收益 = 毛利提升 − 联系成本 − 面值 × 实验组的购买率",
        abs_tol=0.005,
    ),
    Exercise(
        "9.3",
        "沿用 9.5 节的响应模型和保留集（实验组客户，随机留出 40%，随机种子为 9）。如果每个响应值 20 元、每联系一位客户花 8 元，"
        "按得分从高到低联系，联系多少位客户时利润最高？",
        lambda: _best_depth(20, 8),
        "先得到保留集客户的得分，再算每个联系深度的利润",
        unit="位",
        abs_tol=0.5,
    ),
    Exercise(
        "9.4",
        "按第一段生命的每单价值（分界 0、15、30、45 元）把课程商店截至 2025-12-31 的流失客户分组（180 天没有购买算流失）。"
        "如果挽回一位客户要花 20 元，每单价值 45 元及以上那一组每人的期望净收益是多少元？（保留两位小数）",
        lambda: _winback_net("≥ 45", 20),
        "期望净收益 = 回来的比例 × 回来后的价值 − 成本",
        abs_tol=0.005,
    ),
    Exercise(
        "9.5",
        "把每位客户买过的全部品类当作一个购物篮（而不是一张订单），规则 茶叶 → 茶具 的提升度是多少？"
        "（保留三位小数）它比按订单算的小还是大？想一想为什么。",
        lambda: _customer_level_lift("茶叶", "茶具"),
        "购物篮按客户汇总时，需要交易记录说明每张订单属于谁",
        unit="",
        abs_tol=0.0005,
    ),
    Exercise(
        "9.6",
        "（开放题）商店经理看了活动报告后说：\"发券之后，收到券的客户的购买率和活动前一样，这次活动没用，以后不发了。\""
        "用本章的数据回应他，并为下一次活动提出具体建议：发给谁、怎样评估、怎样算成本。",
        None,
        "想一想对照组在同一时期发生了什么，以及优惠券的成本落在了哪些客户身上",
        unit="",
    ),
]
