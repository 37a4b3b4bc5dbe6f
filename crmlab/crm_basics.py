"""CRM basics of source 001 on the course shop (CRM 基础：动态客户观、增量客户价值、五阶段生命周期), chapter 1.

The static vs the dynamic view of customer value (:func:`rank_stability`), incremental
customer value from a randomised pilot (:func:`incremental_value`) and 001's five-phase
lifecycle (:func:`lifecycle_phases`). Pure functions: no plotting here.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ._validation import CrmlabInputError, check_frame, check_number, check_numbers
from .glossary import with_terms

__all__ = [
    "PHASES",
    "incremental_value",
    "rank_stability",
    "lifecycle_phases",
]

#: 001's five lifecycle phases, with the simulation's stages (``stage_at_end``) each one holds.
PHASES: Mapping[str, tuple[str, ...]] = {
    "潜在获取期": ("潜在", "考察期"),
    "客户成长期": ("形成期",),
    "客户成熟期": ("稳定期", "赢回"),
    "客户衰退期": ("退化期",),
    "客户终止期": ("已流失",),
}


def incremental_value(pilot: pd.DataFrame, groups: pd.Series | None = None, *, cost: float = 15.0) -> pd.DataFrame:
    """Incremental customer value of an action (增量客户价值) from a randomised pilot, per group of customers.

    ``pilot`` has ``group`` (回访 = the action, 对照 = nothing) and ``pilot_profit``.
    Per group: the mean profit of each half, the ``uplift`` (difference) with its 95%
    interval, the cost per customer (``cost_per_customer``), ``incremental`` = uplift - cost, and the verdict:
    继续 (the whole interval pays the cost), 停止 (the whole interval falls short of it)
    or 再观察. ``groups`` gives each pilot row a group: a Series aligned with the pilot's
    rows, or a table with ``customer_id`` and one more column (e.g. ``Segmentation.labels``
    with ``segment``: its last column is used); rows without a group are counted in
    ``attrs["left_out"]``.

    Examples
    --------
    >>> pilot = pd.DataFrame({"group": ["回访", "回访", "对照", "对照"], "pilot_profit": [40.0, 60.0, 10.0, 30.0]})
    >>> incremental_value(pilot, cost=10)[["uplift", "incremental", "verdict"]].values.tolist()
    [[30.0, 20.0, '再观察']]
    """
    check_frame(pilot, "pilot", ["group", "pilot_profit"])
    cost = check_number("cost", cost, low=0, cap=1e9)
    profit = check_numbers("pilot_profit", pilot["pilot_profit"], low=0)
    unknown = sorted(set(pilot["group"]) - {"回访", "对照"})
    if unknown:
        raise CrmlabInputError("group", f"分组 group 只能是 '回访' 或 '对照'，收到 {unknown[:3]}", f"group must be '回访' (called) or '对照' (control), got {unknown[:3]}")
    if isinstance(groups, pd.DataFrame):
        check_frame(groups, "groups", ["customer_id"])
        check_frame(pilot, "pilot", ["customer_id"])
        column = [c for c in groups.columns if c != "customer_id"][-1:]
        if not column:
            raise CrmlabInputError("groups", "分组表 groups 除 customer_id 外还需要一列分组", "groups needs a column besides customer_id")
        groups = pilot["customer_id"].map(groups.set_index("customer_id")[column[0]])
    key = pd.Series("全部", index=pilot.index) if groups is None else pd.Series(np.asarray(groups, dtype=object), index=pilot.index)
    kept = key.notna()
    rows = []
    for name in pd.unique(key[kept]):
        mask = kept & (key == name)
        treated, control = profit[mask & (pilot["group"] == "回访")], profit[mask & (pilot["group"] == "对照")]
        if len(treated) < 2 or len(control) < 2:
            raise CrmlabInputError("groups", f"分组 {name!r} 的回访组或对照组不足 2 人", f"group {name!r} has fewer than 2 customers in a half")
        uplift = treated.mean() - control.mean()
        se = float(np.sqrt(treated.var() / len(treated) + control.var() / len(control)))
        low, high = uplift - 1.96 * se, uplift + 1.96 * se
        verdict = "继续" if low > cost else ("停止" if high < cost else "再观察")
        rows.append({"group": name, "treated": len(treated), "control": len(control), "treated_mean": treated.mean(),
                     "control_mean": control.mean(), "uplift": uplift, "lower": low, "upper": high, "cost_per_customer": cost,
                     "incremental": uplift - cost, "verdict": verdict})  # fmt: skip
    out = with_terms(pd.DataFrame(rows).set_index("group"), "positioning")
    out.attrs["left_out"] = int((~kept).sum())
    return out


def rank_stability(transactions: pd.DataFrame, *, first: int, second: int, top: float = 0.2, value: str = "profit") -> pd.DataFrame:
    """The dynamic view (动态的客户观): where the top customers of one year are in the next.

    The customers in the top ``top`` share by ``value`` in year ``first``, counted by
    their standing in year ``second``: still in the top, lower, or no purchase at all.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": list("abcdeab"), "profit": [9.0, 8.0, 1.0, 1.0, 1.0, 1.0, 5.0],
    ...                   "date": pd.to_datetime(["2024-01-01"] * 5 + ["2025-01-01"] * 2)})
    >>> rank_stability(t, first=2024, second=2025, top=0.4)["customers"].tolist()
    [1, 1, 0]
    """
    from ._validation import check_column_name, check_transactions

    value = check_column_name("value", value)
    if isinstance(transactions, pd.DataFrame) and value not in transactions.columns:
        raise CrmlabInputError("value", f"价值 value：交易记录 transactions 没有列 {value!r}", f"value: transactions has no column {value!r}")
    log = check_transactions(transactions, amount=value)
    top = check_number("top", top, low=0, high=1, low_open=True)
    first = int(check_number("first", first, low=1, cap=9999, integer=True))
    second = int(check_number("second", second, low=1, cap=9999, integer=True))
    per_year = log[value].groupby([log["date"].dt.year, log["customer_id"]], observed=True).sum()
    for year, name in ((first, "first"), (second, "second")):
        if year not in per_year.index.get_level_values(0):
            raise CrmlabInputError(name, f"年份 {name}={year}：交易记录中没有这一年的数据", f"{name}={year}: no transactions in that year")
    a, b = per_year.loc[first].sort_values(ascending=False), per_year.loc[second].sort_values(ascending=False)
    leaders = set(a.index[: max(1, int(round(top * len(a))))])
    next_leaders = set(b.index[: max(1, int(round(top * len(b))))])
    counts = {"仍在前列": len(leaders & next_leaders), "排名下降": len(leaders & (set(b.index) - next_leaders)),
              "没有购买": len(leaders - set(b.index))}  # fmt: skip
    out = pd.DataFrame({"customers": counts}).rename_axis("standing")
    out["share"] = out["customers"] / len(leaders)
    return out


def lifecycle_phases(stage: pd.Series, profit: pd.Series | None = None) -> pd.DataFrame:
    """People per phase of 001's five-phase lifecycle (五阶段客户生命周期), from a stage per person.

    ``stage`` is a stage of the course's four-stage model per person (``考察期`` ...,
    ``已流失``, ``赢回``; missing = a prospect, ``潜在``), mapped by :data:`PHASES`.
    With ``profit`` (per person, e.g. of the last year) the mean per phase is added.

    Examples
    --------
    >>> s = pd.Series([None, "考察期", "稳定期", "已流失"], index=list("abcd"))
    >>> lifecycle_phases(s)["people"].tolist()
    [2, 0, 1, 0, 1]
    """
    lookup = {old: phase for phase, olds in PHASES.items() for old in olds}
    filled = stage.astype(object).where(stage.notna(), "潜在")
    unknown = sorted(set(filled) - set(lookup))
    if unknown:
        raise CrmlabInputError("stage", f"阶段 stage 有无法对应的阶段 {unknown[:3]}", f"stage has unknown stages {unknown[:3]}")
    phase = filled.map(lookup)
    out = pd.DataFrame({"people": phase.value_counts().reindex(list(PHASES), fill_value=0)}).rename_axis("phase")
    out["share"] = out["people"] / len(phase)
    if profit is not None:
        p = stage.index.to_series().map(profit).fillna(0.0).astype(float)
        out["mean_profit"] = p.groupby(phase).mean().reindex(list(PHASES)).fillna(0.0)
    return out
