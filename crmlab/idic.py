"""IDIC on the course shop (识别、区分、互动、定制), chapter 1.

Identify customers in a contact log (:func:`normalise_ids`, :func:`identification_summary`),
differentiate them by value and needs (:func:`value_by_segment`; the needs segments come from
:func:`crmlab.positioning.needs_segments`), interact (:func:`contact_summary`) and customise
(:func:`assign_offers`). Pure functions: no plotting here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._validation import CrmlabInputError, CrmlabTypeError, check_frame, check_size
from .glossary import with_terms

__all__ = [
    "OFFERS",
    "normalise_ids",
    "identification_summary",
    "contact_summary",
    "contacts_per_customer",
    "contact_rates",
    "value_by_segment",
    "assign_offers",
]

#: The offer per needs segment (the course's choice, step "customise" of IDIC).
OFFERS: Mapping[str, str] = {
    "重价格": "满减券与限时折扣",
    "重新鲜": "新品抢先试用",
    "重品牌": "会员专享与品牌故事",
    "重性价比": "性价比对比与用户评测",
}


def normalise_ids(raw: Any, *, prefix: str = "C", width: int = 5) -> pd.Series:
    """Customer ids as typed by hand, rewritten to one form (客户编号规范化); unreadable ones missing.

    Spaces and dashes go, letters become upper case, a bare number gets the prefix, and
    the digits are padded with zeros to ``width``: ``" c-12 "`` becomes ``"C00012"``.
    An empty id, or one that is not ``prefix`` + digits after that, is missing
    (``pd.NA``): a contact the shop cannot attribute to a customer.

    Examples
    --------
    >>> normalise_ids(["C00012", "c00012", " C00012 ", "C-00012", "C12", "00012", "", "张三"]).tolist()
    ['C00012', 'C00012', 'C00012', 'C00012', 'C00012', 'C00012', <NA>, <NA>]
    """
    if isinstance(raw, (str, bytes)) or not isinstance(raw, (pd.Series, list, tuple, np.ndarray, pd.Index)):
        raise CrmlabTypeError("raw", f"raw 必须是一列编号，收到 {type(raw).__name__}", f"raw must be a column of ids, got {type(raw).__name__}")
    if not isinstance(prefix, str) or not re.fullmatch(r"[A-Za-z]+", prefix):
        raise CrmlabInputError("prefix", f"编号前缀 prefix 必须是字母，收到 {prefix!r}", f"prefix must be letters, got {prefix!r}")
    width = check_size("width", width, high=30)
    series = pd.Series(raw, index=raw.index if isinstance(raw, pd.Series) else None, dtype=object)
    pattern = re.compile(rf"^(?:{prefix.upper()})?(\d+)$")

    def one(value: Any) -> Any:
        if not isinstance(value, str):
            return pd.NA
        text = re.sub(r"[\s\-_]", "", value).upper()
        match = pattern.match(text)
        if not match or len(match.group(1).lstrip("0")) > width or int(match.group(1)) == 0:
            return pd.NA
        return f"{prefix.upper()}{int(match.group(1)):0{width}d}"

    return series.map(one).astype("string").rename("customer_id")


def identification_summary(raw: Any, *, known: Any = None, truth: Any = None) -> pd.DataFrame:
    """What identifying customers in a contact log finds (客户识别：去重与匹配), step by step.

    Counts the records, the different spellings of ids, the customers after
    :func:`normalise_ids`, the records that stay anonymous, and, with ``known`` (the
    customer list), ids not on it; with ``truth`` (the true id per record, known only in
    a simulation), the records whose id was rewritten to the right customer.

    Examples
    --------
    >>> s = identification_summary(["C00001", "c00001", "C1", "", "C00002"], known=["C00001", "C00002"],
    ...                            truth=["C00001", "C00001", "C00001", "C00003", "C00002"])
    >>> s["tally"].tolist()
    [5, 4, 2, 1, 0, 3, 4]
    """
    ids = normalise_ids(raw)
    texts = pd.Series(list(raw), dtype=object)
    for name, values in (("known", known), ("truth", truth)):
        if values is not None and (isinstance(values, (str, bytes)) or not hasattr(values, "__iter__")):
            raise CrmlabTypeError(name, f"{name} 必须是一列编号，收到 {type(values).__name__}", f"{name} must be a column of ids")
    rows = [
        ("联系记录数", len(ids)),
        ("原始编号的不同写法", int(texts[texts.map(lambda v: isinstance(v, str) and v.strip() != "")].nunique())),
        ("规范化后的不同客户", int(ids.nunique())),
        ("无法识别的记录（匿名）", int(ids.isna().sum())),
    ]
    if known is not None:
        listed = set(normalise_ids(pd.Series(list(known), dtype=object)).dropna())
        rows.append(("编号不在客户名单中的记录", int((ids.notna() & ~ids.isin(listed)).sum())))
    if truth is not None:
        true = pd.Series(list(truth), dtype=object)
        if len(true) != len(ids):
            raise CrmlabInputError("truth", f"真实编号 truth 的长度 {len(true)} 与原始编号 raw 的 {len(ids)} 不同", "truth and raw differ in length")
        rows.append(("写法与真实编号不同的记录", int((pd.Series(list(raw), dtype=object) != true).sum())))
        rows.append(("规范化后归到正确客户的记录", int((ids.fillna("").astype(object).to_numpy() == true.to_numpy()).sum())))
    return pd.DataFrame(rows, columns=["item", "tally"])


def contact_summary(contacts: pd.DataFrame, *, by: str | Sequence[str] = "channel", only: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Contacts counted by channel, direction, topic or who answered (互动记录汇总), with shares.

    ``only`` keeps the contacts whose columns have the given values, e.g.
    ``only={"channel": "呼叫中心"}`` for the call centre.

    Returns a table with the ``by`` columns, ``contacts`` and ``share``, most contacts first.

    Examples
    --------
    >>> log = pd.DataFrame({"channel": ["呼叫中心", "呼叫中心", "邮件"], "direction": ["呼入", "呼出", "呼入"]})
    >>> contact_summary(log).values.tolist()
    [['呼叫中心', 2, 0.6666666666666666], ['邮件', 1, 0.3333333333333333]]
    """
    if not isinstance(by, str) and not (isinstance(by, (list, tuple)) and by and all(isinstance(b, str) for b in by)):
        raise CrmlabTypeError("by", f"by 必须是列名或列名的列表，收到 {by!r}", f"by must be a column name or a list of them, got {by!r}")
    columns = [by] if isinstance(by, str) else list(by)
    check_frame(contacts, "contacts", [])
    missing = [c for c in columns if c not in contacts.columns]
    if missing:
        raise CrmlabInputError("by", f"分组依据 by：联系记录 contacts 没有列 {missing}", f"by: contacts has no column(s) {missing}")
    contacts = _only(contacts, only)
    counts = contacts.groupby(columns, observed=True, sort=False).size().sort_values(ascending=False, kind="stable")
    out = counts.rename("contacts").reset_index()
    out["share"] = out["contacts"] / out["contacts"].sum()
    return out


def _only(contacts: pd.DataFrame, only: Mapping[str, str] | None) -> pd.DataFrame:
    if only is None:
        return contacts
    if not isinstance(only, Mapping):
        raise CrmlabTypeError("only", f"only 必须是字典，例如 {{\"channel\": \"呼叫中心\"}}，收到 {only!r}", f"only must be a dict, got {only!r}")
    keep = pd.Series(True, index=contacts.index)
    for column, value in only.items():
        if column not in contacts.columns:
            raise CrmlabInputError("only", f"筛选条件 only：联系记录 contacts 没有列 {column!r}", f"only: contacts has no column {column!r}")
        keep &= contacts[column] == value
    if not keep.any():
        raise CrmlabInputError("only", f"筛选条件 only：没有符合 {dict(only)} 的联系记录", f"only: no contact matches {dict(only)}")
    return contacts[keep]


def contacts_per_customer(contacts: pd.DataFrame, *, only: Mapping[str, str] | None = None) -> pd.Series:
    """Contacts per customer (每位客户的联系次数), from a log with ``customer_id`` (anonymous rows skipped).

    Examples
    --------
    >>> log = pd.DataFrame({"customer_id": ["C1", "C1", None, "C2"], "direction": ["呼入", "呼出", "呼入", "呼入"]})
    >>> contacts_per_customer(log, only={"direction": "呼入"}).to_dict()
    {'C1': 1, 'C2': 1}
    """
    check_frame(contacts, "contacts", ["customer_id"])
    kept = _only(contacts, only)
    return kept["customer_id"].dropna().value_counts().sort_index().rename("contacts").rename_axis("customer_id")


def contact_rates(contacts: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    """Interaction per segment (各细分的互动): contacts per customer, the share they start, the share of complaints.

    ``contacts`` has ``customer_id``, ``direction`` and ``topic``; ``labels`` has
    ``customer_id`` and ``segment`` (customers without contacts count with 0).

    Examples
    --------
    >>> log = pd.DataFrame({"customer_id": ["a", "a", "b", "c"], "direction": ["呼入", "呼出", "呼入", "呼入"],
    ...                     "topic": ["投诉", "营销推荐", "咨询", "咨询"]})
    >>> labels = pd.DataFrame({"customer_id": list("abcd"), "segment": ["甲", "甲", "乙", "乙"]})
    >>> contact_rates(log, labels).loc["甲"].tolist()
    [2.0, 1.5, 0.6666666666666666, 0.3333333333333333]

    Segments are in the order of ``labels``' first appearance.
    """
    check_frame(contacts, "contacts", ["customer_id", "direction", "topic"])
    check_frame(labels, "labels", ["customer_id", "segment"])
    log = contacts[["customer_id", "direction", "topic"]].merge(labels[["customer_id", "segment"]], on="customer_id")
    grouped = log.groupby("segment", sort=False)
    sizes = labels.groupby("segment", sort=False).size()
    out = pd.DataFrame({"customers": sizes})
    out["contacts_per_customer"] = grouped.size().reindex(sizes.index, fill_value=0) / sizes
    out["inbound_share"] = grouped["direction"].apply(lambda d: (d == "呼入").mean()).reindex(sizes.index).fillna(0.0)
    out["complaint_share"] = grouped["topic"].apply(lambda t: (t == "投诉").mean()).reindex(sizes.index).fillna(0.0)
    out.index.name = "segment"
    return out


def value_by_segment(labels: pd.DataFrame, tiers: pd.DataFrame) -> pd.DataFrame:
    """Customers by needs segment (rows) and value tier (columns) (按需求与按价值区分客户的交叉表).

    ``labels`` has ``customer_id`` and ``segment`` (e.g. :attr:`crmlab.positioning.Segmentation.labels`);
    ``tiers`` has ``customer_id`` and ``tier`` (e.g. :func:`crmlab.customers.value_tiers`). Customers
    of ``labels`` without a tier are left out and counted in ``attrs["left_out"]``.

    Examples
    --------
    >>> labels = pd.DataFrame({"customer_id": list("abc"), "segment": ["重价格", "重品牌", "重品牌"]})
    >>> tiers = pd.DataFrame({"customer_id": list("abc"), "tier": ["高价值", "高价值", "低价值"]})
    >>> value_by_segment(labels, tiers).values.tolist()
    [[0, 1], [1, 1]]
    """
    check_frame(labels, "labels", ["customer_id", "segment"])
    check_frame(tiers, "tiers", ["customer_id", "tier"])
    both = labels[["customer_id", "segment"]].merge(tiers[["customer_id", "tier"]], on="customer_id", how="left")
    kept = both["tier"].notna()
    table = pd.crosstab(both.loc[kept, "segment"].rename("segment"), both.loc[kept, "tier"].rename("tier"))
    table.attrs["left_out"] = int((~kept).sum())
    return table


def assign_offers(labels: pd.DataFrame, offers: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One offer per customer by needs segment (按细分定制：每个细分一种方案), and how many get each.

    ``offers`` maps a segment's name (or its base name without a trailing number) to an
    offer; :data:`OFFERS` by default. A segment without an offer is an error.

    Examples
    --------
    >>> labels = pd.DataFrame({"customer_id": list("abc"), "segment": ["重价格", "重价格", "重新鲜"]})
    >>> assign_offers(labels)[["offer", "customers"]].values.tolist()
    [['满减券与限时折扣', 2], ['新品抢先试用', 1]]
    """
    check_frame(labels, "labels", ["customer_id", "segment"])
    offers = dict(OFFERS if offers is None else offers)
    def offer(name: str) -> str:
        base = re.sub(r"\d+$", "", name)
        if name in offers:
            return offers[name]
        if base in offers:
            return offers[base]
        raise CrmlabInputError("offers", f"细分 {name!r} 在定制方案 offers 中没有对应的方案", f"no offer for segment {name!r}")

    segments = labels["segment"].astype(str)
    table = segments.value_counts(sort=True).rename("customers").rename_axis("segment").reset_index()
    table.insert(1, "offer", table["segment"].map(offer))
    return with_terms(table, "positioning")
