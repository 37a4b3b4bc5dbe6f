"""Exercises of chapter 1 (crm_positioning)."""

from __future__ import annotations

import functools

from .. import crm_basics, crm_models, customers, idic, positioning
from ..datasets import load_course_shop, load_shop_crm
from ._core import Exercise

_RAW_IDS = ["C00007", "c00007", " C00031", "C-00031", "C7", "", "00031", "C00100"]


@functools.lru_cache(maxsize=1)
def _segments() -> positioning.Segmentation:
    return positioning.needs_segments(load_course_shop().survey, 4)


def _target_profit_share() -> float:
    shop = load_course_shop()
    profit = customers.customer_totals(shop.transactions, value="profit")
    profile = positioning.segment_profile(_segments().labels, profit, shop.survey)
    chosen = positioning.choose_targets(profile, min_share=0.2, min_value=0.8)
    return float(chosen.loc[chosen["is_target"], "profit_share"].sum())


def _lapsed_share_low_quality() -> float:
    shop, crm = load_course_shop(), load_shop_crm()
    log = crm.contacts.assign(customer_id=idic.normalise_ids(crm.contacts["raw_id"]))
    parts = crm_models.relationship_parts(log, crm.profiles, shop.survey, shop.transactions)
    quality = crm_models.relationship_quality(parts, weights=(1, 1, 0))["quality"]
    return float(crm_models.band_summary(quality, parts["churned"])["rate"].iloc[0])


def _newly_continued() -> str:
    crm = load_shop_crm()
    groups = crm.pilot["customer_id"].map(_segments().labels.set_index("customer_id")["segment"])
    before = crm_basics.incremental_value(crm.pilot, groups, cost=15)["verdict"]
    after = crm_basics.incremental_value(crm.pilot, groups, cost=5)["verdict"]
    changed = after[(after == "继续") & (before != "继续")]
    return str(changed.index[0])


EXERCISES: list[Exercise] = [
    Exercise(
        "1.1",
        f"客服系统里记下了这 8 个客户编号：{_RAW_IDS}。规范化之后，它们属于几位不同的客户？（空编号是匿名记录，不算。请手算）",
        lambda: int(idic.normalise_ids(_RAW_IDS).nunique()),
        "去掉空格和短横线、字母改成大写、数字补足 5 位，再数有几种不同的编号",
        unit="位",
    ),
    Exercise(
        "1.2",
        "如果新品降价到 149 元，其他条件不变（信任至少 4 分、看得中至少 4 分），目标客户群法最后一层（急着用）还剩多少人？",
        lambda: int(positioning.target_group_funnel(load_shop_crm().profiles, price=149)["people"].iloc[-1]),
        "价格只影响“买得起”这一层；用 1.6 节的函数换一个参数",
        unit="人",
    ),
    Exercise(
        "1.3",
        "把选择目标细分的规则放宽为：人数至少占 20%、价值指数至少 0.8（k = 4 的需求细分，其余不变）。"
        "选中的细分合计贡献了回答调查客户全部利润的多大比例？（用小数表示，保留三位）",
        _target_profit_share,
        "1.7 节的细分画像里有每个细分的利润占比；先按新规则选出目标，再把它们的利润占比加起来",
        unit="",
        abs_tol=0.0005,
    ),
    Exercise(
        "1.4",
        "关系质量只算互动和信任、不算满意度（三项的权重为 1 : 1 : 0）。关系质量低于 40 分的客户中，已流失的比例是多少？（用小数表示，保留三位）",
        _lapsed_share_low_quality,
        "1.9 节算过三项等权时各区间的流失比例；换一组权重",
        unit="",
        abs_tol=0.0005,
    ),
    Exercise(
        "1.5",
        "回访的每人成本如果从 15 元降到 5 元（例如改发短信和优惠券，不打电话），按需求细分，哪个细分的判断从“再观察”变成了“继续”？（写细分名称）",
        _newly_continued,
        "判断看的是提升的 95% 区间与每人成本的比较；成本变了，区间不变",
        unit="",
        choices=("重价格", "重性价比", "重品牌", "重新鲜"),
    ),
    Exercise(
        "1.6",
        "（开放题）回访试点整体上只能“再观察”，按需求细分后结论各不相同。请为 2026 年的回访预算写一段建议："
        "对哪些细分继续、停止或再试一次，理由是什么（用本章算出的数字）？再指出这种做法的一个风险或局限，"
        "并说说教材的“精准营销”在这里具体指什么。",
        None,
        "对照 1.8 节的增量客户价值表和 1.7 节各细分的人数与价值",
        unit="",
    ),
]
