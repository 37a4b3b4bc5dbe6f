"""The mobile-operator case (移动运营商的客户生命周期): life tables, branch curves, health, four optimisations.

The source (000) sketches an operator's lifecycle model: a 客户寿命表 that
predicts how long each group of subscribers stays, lifecycle curves compared
across city branches (市公司), a health assessment model (健康度评估模型), an
application model library whose strategic targets start with the "four
optimisations" (四个最优化: acquisition cost, recurring revenue, cost to serve,
cross-sell) and a churn-warning model (:mod:`crmlab.churn_model`). This module
computes them on a table of subscribers and a table of monthly usage such as
:func:`crmlab.datasets.load_operator`'s. The life tables and survival curves
are :func:`crmlab.retention.life_table` and :func:`crmlab.retention.kaplan_meier`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._telecom_value import (
    _MONTHLY_COLUMNS,
    _REASONS,
    GROUPINGS,
    SubscriberValue,
    _check_by,
    _subscribers,
    case_economics,
    monthly_hazards,
    optimisation_table,
    subscriber_value,
)
from ._validation import CrmlabInputError, check_choice, check_frame, check_number, check_size
from .retention import _check_durations, kaplan_meier, life_table

__all__ = [
    "GROUPINGS",
    "churn_reasons",
    "segment_life_table",
    "tenure_forecast",
    "stage_revenue",
    "health_scores",
    "HEALTH_COMPONENTS",
    "monthly_hazards",
    "SubscriberValue",
    "subscriber_value",
    "case_economics",
    "optimisation_table",
]

def churn_reasons(subscribers: pd.DataFrame, *, by: str | None = None) -> pd.DataFrame:
    """Subscribers who left each month, by recorded reason (每月流失人数，按流失原因).

    Rows are the months from the first to the last ``churn_month``; columns the
    reasons; with ``by`` (e.g. ``"branch"``) the rows are (group, month).

    Examples
    --------
    >>> s = pd.DataFrame({"subscriber_id": [1, 2, 3], "tenure_months": [1, 2, 3], "churned": [True, True, False],
    ...                   "churn_month": ["2024-01", "2024-03", None], "churn_reason": ["竞争对手", "服务不满", None]})
    >>> churn_reasons(s).values.tolist()
    [[0, 1], [0, 0], [1, 0]]
    >>> churn_reasons(s).columns.tolist()
    ['服务不满', '竞争对手']
    """
    by = _check_by(by)
    s = _subscribers(subscribers, by)
    check_frame(s, "subscribers", ["churn_month", "churn_reason"])
    gone = s[s["churned"].astype(bool).to_numpy()]
    if gone["churn_month"].isna().any() or gone["churn_reason"].isna().any():
        n = int((gone["churn_month"].isna() | gone["churn_reason"].isna()).sum())
        raise CrmlabInputError("churn_month", f"有 {n} 位已流失用户缺少流失月份或流失原因", f"{n} churned subscribers lack churn_month or churn_reason")
    periods = pd.PeriodIndex(gone["churn_month"].astype(str), freq="M")
    months = pd.period_range(periods.min(), periods.max(), freq="M").strftime("%Y-%m")
    keys = ["churn_month", "churn_reason"] if by is None else [by, "churn_month", "churn_reason"]
    counts = gone.groupby(keys).size().unstack("churn_reason", fill_value=0)
    if by is None:
        counts = counts.reindex(months, fill_value=0)
    else:
        full = pd.MultiIndex.from_product([sorted(gone[by].astype(str).unique()), months], names=[by, "churn_month"])
        counts = counts.reindex(full, fill_value=0)
    known = [r for r in _REASONS if r in counts.columns]
    counts = counts[known + [c for c in counts.columns if c not in known]]
    return counts.rename_axis(columns=None).astype(int)


def segment_life_table(subscribers: pd.DataFrame, *, by: str | None = "segment", width: int = 3) -> pd.DataFrame:
    """客户寿命表 per group of subscribers: survivors, churned, censored, hazard, survival, expected remaining tenure.

    Each subscriber's ``tenure_months`` and ``churned`` flag go into
    :func:`crmlab.retention.life_table` (censored: still a subscriber at the end
    of the data), one table per value of the column ``by``.

    Parameters
    ----------
    subscribers : pandas.DataFrame
        One row per subscriber with ``tenure_months`` and ``churned``.
    by : {"segment", "branch", "channel", "plan", "addon"} or None
        The grouping column; ``None`` for one table of everybody.
    width : int, default 3
        Months per interval.

    Examples
    --------
    >>> s = pd.DataFrame({"subscriber_id": [1, 2, 3, 4], "tenure_months": [1, 2, 4, 5],
    ...                   "churned": [True, False, True, False], "segment": ["城市", "城市", "农村", "农村"]})
    >>> segment_life_table(s, width=3)[["group", "start", "churned", "censored"]].values.tolist()
    [['城市', 0.0, 1.0, 1.0], ['农村', 0.0, 0.0, 0.0], ['农村', 3.0, 1.0, 1.0]]
    """
    by = _check_by(by)
    s = _subscribers(subscribers, by)
    w = check_size("width", width, high=120)
    groups = None if by is None else s[by].astype(str).to_numpy()
    return life_table(s["tenure_months"], s["churned"], width=w, groups=groups)


def tenure_forecast(subscribers: pd.DataFrame, *, by: str | None = "segment", months: int = 36) -> pd.DataFrame:
    """Expected tenure of each group within ``months`` months (预测各群体的在网时长), with the simulation's truth.

    ``expected_tenure`` is the area under the group's Kaplan-Meier curve from 0
    to ``months`` (the restricted mean: how many of its first ``months``
    months a new subscriber of the group is expected to stay). Where the table
    has ``true_tenure_months`` (simulation truth), ``true_tenure`` is the mean
    of ``min(true tenure, months)``, the quantity estimated. ``survival_12``
    and ``survival_24`` are the shares still subscribed after 12 and 24 months
    (Kaplan-Meier; the last estimate if the data are shorter).

    Examples
    --------
    >>> s = pd.DataFrame({"subscriber_id": [1, 2], "tenure_months": [2, 4], "churned": [True, False],
    ...                   "true_tenure_months": [2, 10]})
    >>> tenure_forecast(s, by=None, months=6)[["subscribers", "expected_tenure", "true_tenure"]].values.tolist()
    [[2.0, 4.0, 4.0]]
    """
    by = _check_by(by)
    s = _subscribers(subscribers, by)
    h = check_size("months", months, high=600)
    _check_durations(s["tenure_months"], s["churned"], "churned")
    labels = pd.Series("全部", index=s.index) if by is None else s[by].astype(str)
    rows = []
    for name in pd.unique(labels):
        part = s[(labels == name).to_numpy()]
        km = kaplan_meier(part["tenure_months"], part["churned"])
        times = np.append(km.index.to_numpy(dtype=float), np.inf)
        steps = np.clip(np.diff(times), 0, None)
        upto = np.clip(np.minimum(times[1:], h) - np.minimum(times[:-1], h), 0, None)
        area = float((km["survival"].to_numpy() * np.minimum(steps, upto)).sum())
        at = km["survival"]
        row = {"group": name, "subscribers": float(len(part)), "churned": float(part["churned"].sum()),
               "survival_12": float(at[at.index <= 12].iloc[-1]), "survival_24": float(at[at.index <= 24].iloc[-1]),
               "expected_tenure": area}  # fmt: skip
        if "true_tenure_months" in part.columns:
            row["true_tenure"] = float(np.minimum(part["true_tenure_months"].to_numpy(dtype=float), h).mean())
        rows.append(row)
    return pd.DataFrame(rows).set_index("group").rename_axis(by or "group")


#: Lifecycle stages by months of tenure used for the branch comparison (考察期 / 形成期 / 稳定期).
_STAGES = (("考察期", 0, 3), ("形成期", 3, 12), ("稳定期", 12, 10**6))


def stage_revenue(subscribers: pd.DataFrame, monthly: pd.DataFrame, *, by: str = "branch") -> pd.DataFrame:
    """Mean monthly revenue per subscriber (ARPU) in each lifecycle stage, by group (各阶段客户价值).

    Stages by tenure: 考察期 the first 3 months, 形成期 months 3-11, 稳定期
    month 12 on. A group's row says what a subscriber is worth per month at
    each stage, the "each stage's customer value" the source's lifecycle curves compare.

    Examples
    --------
    >>> s = pd.DataFrame({"subscriber_id": [1], "tenure_months": [13], "churned": [False], "branch": ["甲"]})
    >>> m = pd.DataFrame({"subscriber_id": [1, 1, 1], "month": ["2024-01", "2024-05", "2025-02"],
    ...                   "tenure": [0, 4, 12], "revenue": [30.0, 50.0, 70.0], "calls_10086": [0, 0, 0]})
    >>> stage_revenue(s, m).values.tolist()
    [[30.0, 50.0, 70.0]]
    """
    by = check_choice("by", by, GROUPINGS)
    s = _subscribers(subscribers, by)
    check_frame(monthly, "monthly", _MONTHLY_COLUMNS)
    m = monthly[["subscriber_id", "tenure", "revenue"]].merge(s[["subscriber_id", by]], on="subscriber_id", how="inner")
    missing = len(monthly) - len(m)
    if missing:
        raise CrmlabInputError("monthly", f"monthly 有 {missing} 行的用户不在 subscribers 中", f"{missing} monthly rows have no subscriber")
    names = [name for name, _, _ in _STAGES]
    edges = [low for _, low, _ in _STAGES] + [np.inf]
    m["stage"] = pd.cut(m["tenure"], edges, right=False, labels=names)
    table = m.pivot_table(index=by, columns="stage", values="revenue", aggfunc="mean", observed=False)
    return table.reindex(columns=names).rename_axis(columns=None)


#: The four components of the health score: column of :func:`health_scores` -> (Chinese name, what it measures).
HEALTH_COMPONENTS = {
    "acquisition_index": ("新用户站稳", "考察期：入网 3 个月后仍在网的比例 S(3)"),
    "development_index": ("价值提升", "形成期：稳定期 ARPU 与考察期 ARPU 之比"),
    "retention_index": ("稳定保持", "稳定期：在网满 3 个月的用户再留到 12 个月的比例 S(12)/S(3)"),
    "value_index": ("用户价值", "每位用户每月的平均收入（ARPU）"),
}


def _survival_at(km: pd.DataFrame, t: float) -> float:
    s = km["survival"]
    return float(s[s.index <= t].iloc[-1])


def health_scores(
    subscribers: pd.DataFrame, monthly: pd.DataFrame, *, by: str = "branch", weights: dict[str, float] | None = None
) -> pd.DataFrame:
    """Lifecycle health score (生命周期健康度) of each group, e.g. each city branch.

    Four indicators, one per lifecycle task (:data:`HEALTH_COMPONENTS`):
    ``acquisition_index`` from S(3) and ``retention_index`` from S(12) / S(3)
    (Kaplan-Meier), ``development_index`` from ARPU in 稳定期 (tenure 12+) /
    ARPU in 考察期 (tenure 0-2), ``value_index`` from ARPU. Each is turned into an index against
    the whole company, ``100 * group / company`` (100 = company level), so
    indicators in different units can be averaged. The health score is the
    weighted mean of the four indices (equal weights by default: the source
    gives none), and ``focus`` names the weakest component: where the branch's
    marketing work should go first, which is what the source's model is for.

    Parameters
    ----------
    subscribers, monthly : pandas.DataFrame
        As :func:`crmlab.datasets.load_operator`'s tables.
    by : str, default "branch"
        The grouping column (:data:`GROUPINGS`).
    weights : dict, optional
        Weight of each component (keys of :data:`HEALTH_COMPONENTS`; missing keys weigh 0),
        e.g. ``{"value_index": 2, "retention_index": 1}``.

    Examples
    --------
    >>> s = pd.DataFrame({"subscriber_id": [1, 2, 3, 4], "tenure_months": [20, 2, 20, 20],
    ...                   "churned": [False, True, False, False], "branch": ["甲", "甲", "乙", "乙"]})
    >>> m = pd.DataFrame({"subscriber_id": [1, 1, 2, 3, 3, 4, 4], "tenure": [0, 12, 0, 0, 12, 0, 12],
    ...                   "month": ["2024-01"] * 7, "revenue": [50.0, 60, 50, 50, 50, 50, 50], "calls_10086": [0] * 7})
    >>> h = health_scores(s, m)
    >>> h[["acquisition_index", "development_index"]].round(1).values.tolist(), h["focus"].tolist()
    ([[133.3, 93.8], [66.7, 112.5]], ['价值提升', '新用户站稳'])
    """
    by = check_choice("by", by, GROUPINGS)
    s = _subscribers(subscribers, by)
    check_frame(monthly, "monthly", _MONTHLY_COLUMNS)
    if weights is not None and not isinstance(weights, dict):
        raise CrmlabInputError("weights", f"权重 weights 必须是字典，例如 {{\"value_index\": 2}}，收到 {weights!r}",
                               f"weights must be a dict, got {weights!r}")  # fmt: skip
    w = dict.fromkeys(HEALTH_COMPONENTS, 1.0) if weights is None else dict(weights)
    unknown = [k for k in w if k not in HEALTH_COMPONENTS]
    if unknown:
        raise CrmlabInputError("weights", f"权重 weights 只能有这些键：{list(HEALTH_COMPONENTS)}，收到 {unknown}",
                               f"weights keys must be among {list(HEALTH_COMPONENTS)}, got {unknown}")  # fmt: skip
    w = {k: check_number("weights", w.get(k, 0.0), low=0, cap=1e6) for k in HEALTH_COMPONENTS}
    if sum(w.values()) == 0:
        raise CrmlabInputError("weights", "权重 weights 不能全为 0", "weights must not all be 0")
    months = monthly[["subscriber_id", "tenure", "revenue"]]

    def indicators(part: pd.DataFrame) -> dict[str, float]:
        km = kaplan_meier(part["tenure_months"], part["churned"])
        own = months[months["subscriber_id"].isin(part["subscriber_id"])]
        early = own.loc[own["tenure"] < 3, "revenue"].mean()
        late = own.loc[own["tenure"] >= 12, "revenue"].mean()
        return {
            "acquisition_index": _survival_at(km, 3),
            "development_index": float(late / early) if early > 0 and late == late else np.nan,
            "retention_index": _survival_at(km, 12) / max(_survival_at(km, 3), 1e-12),
            "value_index": float(own["revenue"].mean()),
        }

    company = indicators(s)
    rows = {}
    for name in pd.unique(s[by]):
        own = indicators(s[(s[by] == name).to_numpy()])
        index = {k: 100 * own[k] / company[k] if company[k] > 0 else np.nan for k in HEALTH_COMPONENTS}
        if any(not np.isfinite(v) for v in index.values()):
            raise CrmlabInputError("monthly", f"{name} 的数据不足以计算全部四项指标（需要在网 12 个月以上的用户和收入）",
                                   f"group {name} lacks the data for all four indicators")  # fmt: skip
        score = sum(w[k] * index[k] for k in HEALTH_COMPONENTS) / sum(w.values())
        weakest = min((k for k in HEALTH_COMPONENTS if w[k] > 0), key=lambda k: index[k])
        rows[name] = {**index, "health": score, "focus": HEALTH_COMPONENTS[weakest][0]}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis(by).sort_values("health", ascending=False)
