"""CRM models that no other chapter computes, and the dynamic view of customers (CRM 模型的小例子), chapter 1.

From the fifteen models of source 000: customer engagement (:func:`engagement_scores`), the
relationship ladder (:func:`relationship_ladder`), relationship quality as interaction + trust +
satisfaction (:func:`relationship_quality`), customer experience (:func:`experience_profile`).
Incremental customer value, the five-phase lifecycle and the dynamic view are in
:mod:`crmlab.crm_basics`. Pure functions: no plotting here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ._validation import CrmlabInputError, check_flags, check_frame, check_number, check_numbers

__all__ = [
    "ENGAGEMENT_WEIGHTS",
    "LADDER",
    "TOUCHPOINT_NAMES",
    "engagement_scores",
    "relationship_ladder",
    "ladder_summary",
    "relationship_quality",
    "experience_profile",
    "relationship_parts",
    "band_summary",
]

#: Points per action of taking part (the course's weights; a referral counts most).
ENGAGEMENT_WEIGHTS: Mapping[str, float] = {"reviews": 1.0, "community": 3.0, "referrals": 5.0, "inbound": 0.5}
#: The rungs of the relationship ladder, bottom to top.
LADDER: tuple[str, ...] = ("潜在客户", "首次购买者", "重复购买者", "支持者", "倡导者")
#: The four touchpoints of the shopping experience in the year-end questionnaire.
TOUCHPOINT_NAMES: Mapping[str, str] = {
    "exp_browse": "浏览选购", "exp_checkout": "下单支付", "exp_delivery": "物流配送", "exp_service": "售后服务",
}  # fmt: skip


def engagement_scores(
    profiles: pd.DataFrame, inbound: pd.Series | None = None, *, weights: Mapping[str, float] | None = None,
    among: Sequence | None = None, value: pd.Series | None = None,
) -> pd.DataFrame:
    """Customer engagement (客户参与度): points for reviews, community, referrals and contacts the customer started.

    ``inbound`` counts the contacts each customer started (indexed by customer; 0 if
    absent). ``engagement_level`` splits the scores into thirds of the customers (低 / 中 / 高).
    ``among`` keeps only these customers (e.g. the buyers); ``value`` (per customer, e.g.
    profit) is attached as column ``value``, so that
    :func:`crmlab.customers.class_summary` compares the levels.

    Examples
    --------
    >>> p = pd.DataFrame({"customer_id": list("abc"), "reviews": [0, 2, 4], "community": [False, False, True],
    ...                   "referrals": [0, 0, 1]})
    >>> engagement_scores(p, pd.Series({"a": 2, "c": 2}))[["score", "engagement_level"]].values.tolist()
    [[1.0, '低'], [2.0, '中'], [13.0, '高']]
    """
    check_frame(profiles, "profiles", ["customer_id", "reviews", "community", "referrals"])
    w = dict(ENGAGEMENT_WEIGHTS if weights is None else weights)
    for key in ENGAGEMENT_WEIGHTS:
        w[key] = check_number("weights", w.get(key, 0.0), low=0, cap=1e6)
    if among is not None:
        if isinstance(among, (str, bytes)) or not hasattr(among, "__iter__"):
            raise CrmlabInputError("among", "客户范围 among 必须是客户编号的列表", "among must be a list of customer ids")
        profiles = profiles[profiles["customer_id"].isin(set(among))]
        if profiles.empty:
            raise CrmlabInputError("among", "客户范围 among 里的客户都不在客户资料 profiles 中", "no customer of among is in profiles")
    out = profiles[["customer_id"]].copy()
    out["reviews"] = check_numbers("reviews", profiles["reviews"], low=0).to_numpy()
    out["community"] = check_flags("community", profiles["community"]).to_numpy()
    out["referrals"] = check_numbers("referrals", profiles["referrals"], low=0).to_numpy()
    out["inbound"] = out["customer_id"].map(inbound).fillna(0).astype(float) if inbound is not None else 0.0
    out["score"] = (w["reviews"] * out["reviews"] + w["community"] * out["community"] + w["referrals"] * out["referrals"]
                    + w["inbound"] * out["inbound"])  # fmt: skip
    if value is not None:
        if not isinstance(value, pd.Series):
            raise CrmlabInputError("value", "价值 value 必须是按客户编号索引的 Series", "value must be a Series indexed by customer")
        out["value"] = out["customer_id"].map(value).fillna(0.0).astype(float)
    ranks = out["score"].rank(method="first") / len(out)
    levels = np.where(ranks <= 1 / 3, "低", np.where(ranks <= 2 / 3, "中", "高"))
    out["engagement_level"] = pd.Categorical(levels, categories=["低", "中", "高"], ordered=True)
    return out


def relationship_ladder(orders: pd.Series, profiles: pd.DataFrame, nps: pd.Series | None = None) -> pd.DataFrame:
    """Each person's rung on the relationship ladder (关系阶梯), by the course's rules, and the count per rung.

    潜在客户: never bought; 首次购买者: one order; 重复购买者: two or more;
    支持者: a repeat buyer who would recommend the shop (``nps`` 9-10) or joined the
    community; 倡导者: a repeat buyer who brought at least one friend (``referrals``).
    ``orders`` is the number of orders per customer (indexed by customer, missing = 0).

    Examples
    --------
    >>> p = pd.DataFrame({"customer_id": list("abcde"), "community": [False, False, False, True, False],
    ...                   "referrals": [0, 0, 0, 0, 2]})
    >>> t = relationship_ladder(pd.Series({"b": 1, "c": 3, "d": 4, "e": 2}), p)
    >>> t["rung"].tolist()
    ['潜在客户', '首次购买者', '重复购买者', '支持者', '倡导者']
    """
    check_frame(profiles, "profiles", ["customer_id", "community", "referrals"])
    out = profiles[["customer_id"]].copy()
    n = out["customer_id"].map(orders).fillna(0).astype(float)
    promoter = out["customer_id"].map(nps).ge(9).fillna(False).astype(bool) if nps is not None else False
    repeat = n >= 2
    supporter = repeat & (check_flags("community", profiles["community"]).to_numpy() | promoter)
    advocate = repeat & (check_numbers("referrals", profiles["referrals"], low=0).to_numpy() >= 1)
    rung = np.select([advocate, supporter, repeat, n >= 1], list(LADDER[:0:-1]), default=LADDER[0])
    out["orders"] = n.astype(int)
    out["rung"] = pd.Categorical(rung, categories=list(LADDER), ordered=True)
    return out


def ladder_summary(ladder: pd.DataFrame, profit: pd.Series | None = None) -> pd.DataFrame:
    """People per rung of the relationship ladder, bottom to top, with their share and mean profit (关系阶梯汇总).

    Examples
    --------
    >>> ladder = pd.DataFrame({"customer_id": list("abc"), "rung": ["潜在客户", "倡导者", "倡导者"]})
    >>> ladder_summary(ladder, pd.Series({"b": 10.0, "c": 30.0}))[["people", "mean_profit"]].values.tolist()
    [[1.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [2.0, 20.0]]
    >>> ladder_summary(ladder)["people"].tolist()
    [1, 0, 0, 0, 2]
    """
    check_frame(ladder, "ladder", ["customer_id", "rung"])
    rung = pd.Categorical(ladder["rung"].astype(str), categories=list(LADDER))
    if pd.isna(rung).any():
        raise CrmlabInputError("rung", f"关系阶梯 rung 只能是 {list(LADDER)}", f"rung must be one of {list(LADDER)}")
    out = pd.DataFrame({"people": pd.Series(rung).value_counts(sort=False).reindex(list(LADDER), fill_value=0)})
    out["share"] = out["people"] / out["people"].sum()
    if profit is not None:
        p = ladder["customer_id"].map(profit).fillna(0.0).astype(float).to_numpy()
        out["mean_profit"] = pd.Series(p).groupby(pd.Series(rung), observed=False).mean().reindex(list(LADDER)).fillna(0.0).to_numpy()
    out.index.name = "rung"
    return out


def relationship_quality(
    parts: pd.DataFrame, *, weights: Sequence[float] = (1 / 3, 1 / 3, 1 / 3), interaction_cap: float = 12.0
) -> pd.DataFrame:
    """Relationship quality = interaction + trust + satisfaction (关系质量), each on 0-1, weighted, times 100.

    ``parts`` has ``interaction`` (contacts per year; at ``interaction_cap`` or more it
    scores 1), ``trust`` (1-5) and ``satisfaction`` (1-5; e.g. CSAT). The weights need
    not sum to 1: they are rescaled.

    Examples
    --------
    >>> parts = pd.DataFrame({"interaction": [12.0, 0.0], "trust": [5, 1], "satisfaction": [3, 1]})
    >>> relationship_quality(parts)["quality"].round(1).tolist()
    [83.3, 0.0]
    """
    check_frame(parts, "parts", ["interaction", "trust", "satisfaction"])
    w = [check_number("weights", v, low=0, cap=1e6) for v in weights]
    if len(w) != 3 or sum(w) == 0:
        raise CrmlabInputError("weights", "权重 weights 需要 3 个非负数且不全为 0", "weights needs three non-negative numbers, not all 0")
    cap = check_number("interaction_cap", interaction_cap, low=0, low_open=True, cap=1e6)
    out = parts.copy()
    out["interaction_score"] = np.minimum(check_numbers("interaction", parts["interaction"], low=0).to_numpy() / cap, 1.0)
    out["trust_score"] = (check_numbers("trust", parts["trust"], low=1, high=5).to_numpy() - 1) / 4
    out["satisfaction_score"] = (check_numbers("satisfaction", parts["satisfaction"], low=1, high=5).to_numpy() - 1) / 4
    scores = out[["interaction_score", "trust_score", "satisfaction_score"]].to_numpy()
    out["quality"] = 100 * scores @ np.array(w) / sum(w)
    return out


def experience_profile(profiles: pd.DataFrame, by: pd.Series | None = None) -> pd.DataFrame:
    """Mean rating (1-5) of each touchpoint of the shopping experience (客户体验), overall or per group.

    Rows are touchpoints (浏览选购, 下单支付, 物流配送, 售后服务); people without ratings
    (prospects) are left out and counted in ``attrs["left_out"]``.

    Examples
    --------
    >>> p = pd.DataFrame({"exp_browse": [4, 5, None], "exp_checkout": [4, 4, None], "exp_delivery": [2, 3, None],
    ...                   "exp_service": [3, 4, None]})
    >>> t = experience_profile(p)
    >>> t["全部"].tolist(), t.attrs["left_out"]
    ([4.5, 4.0, 2.5, 3.5], 1)
    """
    columns = list(TOUCHPOINT_NAMES)
    check_frame(profiles, "profiles", columns)
    rated = profiles[columns].notna().all(axis=1)
    data = profiles.loc[rated, columns].astype(float).rename(columns=TOUCHPOINT_NAMES)
    if data.empty:
        raise CrmlabInputError("profiles", "客户资料 profiles 里没有人给四个触点打分", "nobody in profiles rated the four touchpoints")
    if by is None:
        out = data.mean().rename("全部").to_frame()
    else:
        groups = pd.Series(np.asarray(by, dtype=object), index=profiles.index)[rated]
        out = data.groupby(groups.to_numpy()).mean().T
    out.index.name = "touchpoint"
    out.attrs["left_out"] = int((~rated).sum())
    return out








def relationship_parts(
    contacts: pd.DataFrame, profiles: pd.DataFrame, survey: pd.DataFrame, transactions: pd.DataFrame, *,
    as_of: str = "2025-12-31", churn_days: int = 180,
) -> pd.DataFrame:
    """The three parts of relationship quality per surveyed buyer, and whether the buyer has lapsed (关系质量的三个部分).

    ``interaction``: contacts per year from the first purchase to ``as_of``, over at least 90 days (contacts
    matched by ``customer_id``); ``trust``: the questionnaire's trust (1-5);
    ``satisfaction``: the survey's CSAT (1-5); ``churned``: no purchase in the last
    ``churn_days`` days before ``as_of``. Surveyed people without a purchase are left out
    and counted in ``attrs["left_out"]``.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"], "date": pd.to_datetime(["2024-01-01", "2025-12-01", "2024-06-01"])})
    >>> log = pd.DataFrame({"customer_id": ["a", "a", "b"]})
    >>> prof = pd.DataFrame({"customer_id": ["a", "b"], "trust": [5, 2]})
    >>> sv = pd.DataFrame({"customer_id": ["a", "b"], "csat": [5, 2]})
    >>> relationship_parts(log, prof, sv, tx)[["interaction", "churned"]].round(2).values.tolist()
    [[1.0, False], [0.63, True]]
    """
    from ._validation import check_date, check_size

    for frame, name, columns in ((contacts, "contacts", ["customer_id"]), (profiles, "profiles", ["customer_id", "trust"]),
                                 (survey, "survey", ["customer_id", "csat"]), (transactions, "transactions", ["customer_id", "date"])):
        check_frame(frame, name, columns)  # fmt: skip
    from ._validation import check_transactions

    day = check_date("as_of", as_of)
    churn_days = check_size("churn_days", churn_days, high=100_000)
    log = check_transactions(transactions, amount=None)
    dates = log["date"].groupby(log["customer_id"], observed=True).agg(["min", "max"])
    out = survey[["customer_id", "csat"]].rename(columns={"csat": "satisfaction"}).copy()
    bought = out["customer_id"].isin(dates.index)
    out = out[bought]
    first, last = out["customer_id"].map(dates["min"]), out["customer_id"].map(dates["max"])
    years = np.maximum((day - first).dt.days + 1, 90) / 365.25  # at least a quarter: one early contact is no rate
    counts = contacts["customer_id"].value_counts()
    out["interaction"] = out["customer_id"].map(counts).fillna(0).to_numpy() / years.to_numpy()
    out["trust"] = out["customer_id"].map(profiles.set_index("customer_id")["trust"])
    out["churned"] = ((day - last).dt.days > churn_days).to_numpy()
    missing = int(out["trust"].isna().sum())
    if missing:
        raise CrmlabInputError("profiles", f"客户资料 profiles 缺少 {missing} 位客户的信任 trust", f"profiles lacks trust for {missing} customers")
    out = out[["customer_id", "interaction", "trust", "satisfaction", "churned"]].reset_index(drop=True)
    out.attrs["left_out"] = int((~bought).sum())
    return out


def band_summary(values: pd.Series, outcome: pd.Series, *, edges: Sequence[float] = (0, 40, 60, 80, 100)) -> pd.DataFrame:
    """Customers and the rate of a yes/no outcome per band of a score (按得分区间的结果比例).

    Bands are closed on the left, ``[edges[i], edges[i+1])``, the last one closed on both sides.

    Examples
    --------
    >>> t = band_summary(pd.Series([10.0, 50.0, 55.0, 100.0]), pd.Series([True, True, False, False]), edges=(0, 50, 100))
    >>> t.index.tolist(), t["customers"].tolist(), t["rate"].round(3).tolist()
    (['[0, 50)', '[50, 100]'], [1, 3], [1.0, 0.333])
    """
    cuts = [check_number("edges", e, low=-1e15, cap=1e15) for e in edges]
    if len(cuts) < 2 or any(b <= a for a, b in zip(cuts, cuts[1:])):
        raise CrmlabInputError("edges", "分界值 edges 需要至少两个递增的数", "edges needs at least two increasing numbers")
    v = check_numbers("values", values, low=cuts[0], high=cuts[-1])
    flags = pd.Series(np.asarray(outcome, dtype=bool), index=v.index)
    names = [f"[{a:g}, {b:g})" for a, b in zip(cuts, cuts[1:])]
    names[-1] = names[-1][:-1] + "]"
    index = np.minimum(np.searchsorted(cuts, v.to_numpy(), side="right") - 1, len(names) - 1)
    band = pd.Categorical.from_codes(index, categories=names)
    out = pd.DataFrame({"customers": flags.groupby(band, observed=False).size(), "rate": flags.groupby(band, observed=False).mean()})
    out.index.name = "band"
    out["rate"] = out["rate"].fillna(0.0)
    return out
