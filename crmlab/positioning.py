"""Customer positioning on the course shop (客户定位), chapter 1.

001's target-group method as a funnel (:func:`target_group_funnel`) and its six positioning
steps on the shop's survey: segment customers by needs with k-means (:func:`needs_segments`,
:func:`choose_k`), check the segments against the simulation's truth (:func:`agreement`),
profile them by size, value, satisfaction and loyalty (:func:`segment_profile`) and choose
target segments (:func:`choose_targets`). Pure functions: no plotting here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import _kmeans
from ._validation import CrmlabInputError, check_choice, check_flags, check_frame, check_number, check_numbers, check_size

__all__ = [
    "NEEDS",
    "NEEDS_NAMES",
    "FUNNEL_LAYERS",
    "Segmentation",
    "needs_segments",
    "choose_k",
    "agreement",
    "truth_table",
    "segment_profile",
    "choose_targets",
    "target_group_funnel",
]

#: The survey's needs variables (1-5), in the order the segments are profiled.
NEEDS: tuple[str, ...] = ("price_sensitivity", "novelty_seeking", "brand_attention")
#: A segment is named after the need it scores highest on, relative to all respondents.
NEEDS_NAMES: Mapping[str, str] = {"price_sensitivity": "重价格", "novelty_seeking": "重新鲜", "brand_attention": "重品牌"}
#: The name of a segment that stands out on no need (every deviation below 0.3 points).
BALANCED = "重性价比"
#: 001's target-group layers, in order, with the questionnaire column each one reads.
FUNNEL_LAYERS: tuple[tuple[str, str], ...] = (
    ("用得上", "needs_fit"), ("买得起", "budget"), ("信得过", "trust"), ("看得中", "appeal"), ("急着用", "urgent"),
)  # fmt: skip

_MAX_K = 12


def _needs_matrix(survey: pd.DataFrame, columns: Sequence[str]) -> tuple[pd.DataFrame, np.ndarray]:
    check_frame(survey, "survey", ["customer_id", *columns])
    values = {c: check_numbers(c, survey[c], low=1, high=5) for c in columns}
    frame = pd.DataFrame({"customer_id": survey["customer_id"].to_numpy(), **{c: v.to_numpy() for c, v in values.items()}})
    return frame, frame[list(columns)].to_numpy(dtype=float)


@dataclass(frozen=True)
class Segmentation:
    """Customers segmented by needs (需求细分): the segment of each customer and each segment's profile.

    Attributes
    ----------
    labels : DataFrame
        ``customer_id``, the needs columns and ``segment`` (its name).
    profile : DataFrame
        One row per segment (largest first): ``size``, ``share`` and the mean of each needs column.
    inertia : float
        Sum of squared distances of the answers to their segment's centre.
    silhouette : float
        Mean silhouette width (near 1: well separated; near 0: overlapping).
    """

    labels: pd.DataFrame
    profile: pd.DataFrame
    inertia: float
    silhouette: float


def _names(centers: np.ndarray, overall: np.ndarray, columns: Sequence[str]) -> list[str]:
    names = []
    for centre in centers:
        gap = centre - overall
        j = int(np.argmax(gap))
        base = NEEDS_NAMES.get(columns[j], columns[j]) if gap[j] >= 0.3 else BALANCED
        names.append(base)
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if names.count(name) == 1 else f"{name}{seen[name]}")
    return out


def needs_segments(survey: pd.DataFrame, k: int = 4, *, columns: Sequence[str] = NEEDS, seed: int = 0) -> Segmentation:
    """Segment survey respondents by their needs with k-means (按需求细分客户：k 均值聚类).

    Each answer is a point in the space of the needs columns (1-5 each, not
    rescaled: every item has the same scale). k-means puts ``k`` centres where the
    answers cluster and gives each customer the nearest one; a segment is named after
    the need on which its centre lies highest above all respondents' mean (重价格,
    重新鲜, 重品牌) or 重性价比 if none lies 0.3 points above it. Best of 10
    k-means++ starts from ``seed``.

    Examples
    --------
    >>> s = pd.DataFrame({"customer_id": list("abcdef"), "price_sensitivity": [5, 5, 4, 1, 2, 1],
    ...                   "novelty_seeking": [1, 2, 1, 5, 5, 4], "brand_attention": [2, 2, 2, 3, 3, 3]})
    >>> seg = needs_segments(s, k=2)
    >>> seg.labels["segment"].tolist(), seg.profile["size"].tolist()
    (['重价格', '重价格', '重价格', '重新鲜', '重新鲜', '重新鲜'], [3, 3])
    """
    columns = list(columns)
    frame, x = _needs_matrix(survey, columns)
    k = check_size("k", k, low=1, high=min(_MAX_K, len(x)))
    seed = int(check_number("seed", seed, low=0, integer=True))
    fit = _kmeans.kmeans(x, k, seed=seed)
    names = _names(fit.centers, x.mean(axis=0), columns)
    labels = frame.assign(segment=[names[j] for j in fit.labels])
    sizes = np.bincount(fit.labels, minlength=k)
    profile = pd.DataFrame(fit.centers, columns=columns, index=pd.Index(names, name="segment"))
    profile.insert(0, "share", sizes / sizes.sum())
    profile.insert(0, "size", sizes)
    return Segmentation(labels, profile, fit.inertia, _kmeans.silhouette(x, fit.labels) if k > 1 else 0.0)


def choose_k(survey: pd.DataFrame, ks: Sequence[int] = range(2, 9), *, columns: Sequence[str] = NEEDS, seed: int = 0) -> pd.DataFrame:
    """Inertia and silhouette for each number of segments (选择细分数目): the elbow and the best separation.

    Examples
    --------
    >>> s = pd.DataFrame({"customer_id": list("abcdef"), "price_sensitivity": [5, 5, 4, 1, 2, 1],
    ...                   "novelty_seeking": [1, 2, 1, 5, 5, 4], "brand_attention": [2, 2, 2, 3, 3, 3]})
    >>> choose_k(s, [2, 3])["k"].tolist()
    [2, 3]
    """
    if isinstance(ks, (str, bytes)) or not hasattr(ks, "__iter__"):
        raise CrmlabInputError("ks", f"细分数目列表 ks 必须是若干个整数，例如 range(2, 9)，收到 {ks!r}", f"ks must be a list of numbers of segments, got {ks!r}")
    chosen = [check_size("ks", k, low=2, high=_MAX_K) for k in ks]
    if not chosen:
        raise CrmlabInputError("ks", "细分数目列表 ks 至少要有一个细分数目", "ks needs at least one number of segments")
    rows = []
    for k in chosen:
        seg = needs_segments(survey, k, columns=columns, seed=seed)
        rows.append({"k": k, "inertia": seg.inertia, "silhouette": seg.silhouette})
    return pd.DataFrame(rows)


def agreement(segments: pd.Series, truth: pd.Series) -> pd.DataFrame:
    """How well segments recover a known grouping (细分与真实类型的一致程度), as a one-row table.

    ``purity``: the share of customers whose segment's most common true group is their
    own; ``ari``: the adjusted Rand index (1 = the same partition, about 0 = chance).
    Both are indexed by customer; only customers in both are compared (``customers``).

    Examples
    --------
    >>> seg = pd.Series(["x", "x", "y", "y"], index=list("abcd"))
    >>> agreement(seg, pd.Series(["A", "A", "B", "A"], index=list("abcd"))).values.tolist()
    [[4.0, 0.75, 0.0]]
    """
    for name, label, series in (("segments", "细分结果", segments), ("truth", "真实类型", truth)):
        if not isinstance(series, pd.Series):
            raise CrmlabInputError(name, f"{label} {name} 必须是按客户编号索引的 Series", f"{name} must be a Series indexed by customer")
    common = segments.index.intersection(truth.index)
    common = common[segments.loc[common].notna().to_numpy() & truth.loc[common].notna().to_numpy()]
    if len(common) == 0:
        raise CrmlabInputError("truth", "细分结果 segments 与真实类型 truth 没有共同的客户编号", "segments and truth share no customer id")
    s, t = segments.loc[common].astype(str), truth.loc[common].astype(str)
    table = pd.crosstab(s, t)
    purity = float(table.max(axis=1).sum() / len(common))
    ari = _kmeans.adjusted_rand(s.to_numpy(), t.to_numpy())
    return pd.DataFrame({"customers": [int(len(common))], "purity": [purity], "ari": [ari]})


def truth_table(labels: pd.DataFrame, truth: pd.Series) -> pd.DataFrame:
    """Customers by segment (rows) and by a known true group (columns) (细分与模拟真相的对照表).

    ``labels`` has ``customer_id`` and ``segment``; ``truth`` is indexed by customer and
    named (e.g. ``value_type``: the columns are then named ``true_value_type``). Customers
    without a true group are left out and counted in ``attrs["left_out"]``.

    Examples
    --------
    >>> labels = pd.DataFrame({"customer_id": list("abc"), "segment": ["甲", "甲", "乙"]})
    >>> t = truth_table(labels, pd.Series(["A", "B", "B"], index=list("abc"), name="value_type"))
    >>> t.columns.name, t.values.tolist()
    ('true_value_type', [[0, 1], [1, 1]])
    """
    check_frame(labels, "labels", ["customer_id", "segment"])
    if not isinstance(truth, pd.Series):
        raise CrmlabInputError("truth", "真实类型 truth 必须是按客户编号索引的 Series", "truth must be a Series indexed by customer")
    true = labels["customer_id"].map(truth)
    kept = true.notna()
    name = f"true_{truth.name}" if truth.name else "truth"
    table = pd.crosstab(labels.loc[kept, "segment"].rename("segment"), true[kept].rename(name))
    table.attrs["left_out"] = int((~kept).sum())
    return table


def segment_profile(
    labels: pd.DataFrame, profit: pd.Series, survey: pd.DataFrame, *, stage: pd.Series | None = None
) -> pd.DataFrame:
    """Steps 4-6 of positioning per needs segment (细分画像): size, value, satisfaction, loyalty, lifecycle.

    ``labels`` is :attr:`Segmentation.labels`; ``profit`` the profit per customer
    (indexed by customer); ``survey`` gives ``csat`` (1-5) and ``nps`` (0-10); ``stage``
    optionally each customer's lifecycle stage or loyalty class, summarised as the share
    still active (``active_customer_share``: not 已流失, 流失客户 or 潜在客户). The mean answer to
    each needs column of ``labels`` is added (for a positioning map).

    Examples
    --------
    >>> labels = pd.DataFrame({"customer_id": list("abc"), "segment": ["甲", "甲", "乙"]})
    >>> survey = pd.DataFrame({"customer_id": list("abc"), "csat": [5, 3, 4], "nps": [10, 6, 9]})
    >>> t = segment_profile(labels, pd.Series({"a": 100.0, "b": 50.0, "c": 30.0}), survey)
    >>> t.loc["甲", ["size", "mean_profit", "mean_csat", "nps_score"]].tolist()
    [2.0, 75.0, 4.0, 0.0]
    """
    check_frame(labels, "labels", ["customer_id", "segment"])
    check_frame(survey, "survey", ["customer_id", "csat", "nps"])
    data = labels[["customer_id", "segment"]].merge(survey[["customer_id", "csat", "nps"]], on="customer_id", how="left")
    missing = int(data[["csat", "nps"]].isna().any(axis=1).sum())
    if missing:
        raise CrmlabInputError(
            "survey", f"问卷 survey 缺少 {missing} 位已细分客户的 csat 或 nps", f"survey lacks csat or nps for {missing} segmented customer(s)"
        )
    data["csat"] = check_numbers("csat", data["csat"], low=1, high=5)
    data["nps"] = check_numbers("nps", data["nps"], low=0, high=10)
    data["profit"] = data["customer_id"].map(profit).fillna(0.0).astype(float)
    grouped = data.groupby("segment", sort=False)
    out = pd.DataFrame({
        "size": grouped.size(),
        "mean_profit": grouped["profit"].mean(),
        "profit_share": grouped["profit"].sum() / data["profit"].sum(),
        "mean_csat": grouped["csat"].mean(),
        "nps_score": grouped["nps"].apply(lambda v: 100.0 * (((v >= 9).mean()) - (v <= 6).mean())),
    })  # fmt: skip
    out.insert(1, "share", out["size"] / out["size"].sum())
    if stage is not None:
        known = data["customer_id"].map(stage)
        active = known.notna() & ~known.isin(["已流失", "流失客户", "潜在客户"])
        out["active_customer_share"] = active.groupby(data["segment"], sort=False).mean()
    for column in NEEDS:
        if column in labels:
            out[column] = labels.groupby("segment", sort=False)[column].mean()
    out.index.name = "segment"
    return out.sort_values("size", ascending=False)


def choose_targets(profile: pd.DataFrame, *, min_share: float = 0.15, min_value: float = 1.0) -> pd.DataFrame:
    """Target segments (选择目标细分): big enough and worth at least ``min_value`` times the average customer.

    Adds ``segment_value_index`` (mean profit over all customers' mean profit) and ``is_target``.

    Examples
    --------
    >>> p = pd.DataFrame({"size": [50.0, 30.0, 20.0], "share": [0.5, 0.3, 0.2], "mean_profit": [10.0, 40.0, 30.0]},
    ...                  index=["甲", "乙", "丙"])
    >>> choose_targets(p, min_share=0.25)["is_target"].tolist()
    [False, True, False]
    """
    check_frame(profile, "profile", ["size", "share", "mean_profit"])
    min_share = check_number("min_share", min_share, low=0, high=1)
    min_value = check_number("min_value", min_value, low=0, cap=1e6)
    overall = float((profile["size"] * profile["mean_profit"]).sum() / profile["size"].sum())
    out = profile.copy()
    out["segment_value_index"] = out["mean_profit"] / overall if overall > 0 else 0.0
    out["is_target"] = (out["share"] >= min_share) & (out["segment_value_index"] >= min_value)
    return out


def target_group_funnel(
    profiles: pd.DataFrame,
    *,
    price: float = 199,
    min_trust: int = 4,
    min_appeal: int = 4,
    layers: Sequence[str] | None = None,
    outcome: str | None = "preordered",
) -> pd.DataFrame:
    """001's target-group method as a funnel (目标客户群漏斗): 用得上 → 买得起 → 信得过 → 看得中 → 急着用.

    Each layer keeps the people of the one before who also meet its condition: they
    need the product (``needs_fit``), their monthly budget covers ``price``
    (``budget``), they trust the shop at least ``min_trust`` (``trust``, 1-5), like the
    design at least ``min_appeal`` (``appeal``, 1-5), need it now (``urgent``).
    ``layers`` picks and orders layers by name. With ``outcome`` (a True/False column,
    e.g. who really pre-ordered) each layer shows the outcome's rate.

    Examples
    --------
    >>> p = pd.DataFrame({"needs_fit": [True, True, True, False], "budget": [300, 100, 250, 400],
    ...                   "trust": [5, 5, 3, 5], "appeal": [4, 4, 5, 5], "urgent": [True, False, True, True],
    ...                   "preordered": [True, False, False, False]})
    >>> target_group_funnel(p)[["layer", "people", "outcome_rate"]].values.tolist()
    [['全部', 4, 0.25], ['用得上', 3, 0.3333333333333333], ['买得起', 2, 0.5], ['信得过', 1, 1.0], ['看得中', 1, 1.0], ['急着用', 1, 1.0]]
    """
    names = [name for name, _ in FUNNEL_LAYERS]
    chosen = names if layers is None else [check_choice("layers", name, names) for name in layers]
    columns = {name: column for name, column in FUNNEL_LAYERS if name in chosen}
    check_frame(profiles, "profiles", list(columns.values()) + ([outcome] if outcome else []))
    price = check_number("price", price, low=0, cap=1e9)
    min_trust = check_number("min_trust", min_trust, low=1, high=5)
    min_appeal = check_number("min_appeal", min_appeal, low=1, high=5)
    conditions = {
        "用得上": lambda f: check_flags("needs_fit", f["needs_fit"]),
        "买得起": lambda f: check_numbers("budget", f["budget"], low=0) >= price,
        "信得过": lambda f: check_numbers("trust", f["trust"], low=1, high=5) >= min_trust,
        "看得中": lambda f: check_numbers("appeal", f["appeal"], low=1, high=5) >= min_appeal,
        "急着用": lambda f: check_flags("urgent", f["urgent"]),
    }
    keep = pd.Series(True, index=profiles.index)
    rows = [("全部", keep.copy())]
    for name in chosen:
        keep = keep & conditions[name](profiles)
        rows.append((name, keep.copy()))
    out = pd.DataFrame({"layer": [n for n, _ in rows], "people": [int(m.sum()) for _, m in rows]})
    out["share_of_all"] = out["people"] / len(profiles)
    out["kept"] = out["people"] / out["people"].shift(1).fillna(len(profiles))
    if outcome:
        flags = check_flags(outcome, profiles[outcome])
        out["outcome_rate"] = [float(flags[m].mean()) if m.any() else 0.0 for _, m in rows]
        out["captured"] = [float((flags & m).sum() / flags.sum()) if flags.any() else 0.0 for _, m in rows]
    return out
