"""Customer satisfaction management (客户满意度管理): measure → diagnose → improve.

- Measure (测量): CSAT and NPS (:func:`crmlab.lifecycle.csat`, :func:`crmlab.lifecycle.nps`; by group:
  :func:`satisfaction_by_group`), and a customer satisfaction index (客户满意度指数, CSI) from attribute
  scores weighted by stated importance (:func:`stated_weights`) or by a regression of overall satisfaction
  on the attribute scores (:func:`derived_weights`, numpy least squares); :func:`weight_comparison`.
- Diagnose (诊断): the importance–performance matrix (:func:`importance_performance`), four quadrants
  split at the mean importance and the mean performance.
- Improve (改进): :func:`improvement_priorities` ranks the attributes by the rise in overall
  satisfaction a better score would bring (regression slope × gain) and, given the value of one
  point of satisfaction, what it is worth.

Ratings come as a long table: one row per respondent and attribute with the columns ``customer_id``,
``attribute``, ``importance`` and ``performance`` (as :func:`crmlab.datasets.load_attribute_ratings`).
Inputs are never modified.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .lifecycle import csat as _csat
from .lifecycle import nps as _nps

from ._validation import CrmlabInputError, check_column_name, check_frame, check_number, check_numbers

__all__ = [
    "QUADRANTS",
    "QUADRANT_ACTIONS",
    "DerivedWeights",
    "attribute_scores",
    "stated_weights",
    "derived_weights",
    "weight_comparison",
    "weight_error",
    "satisfaction_index",
    "importance_performance",
    "improvement_priorities",
    "satisfaction_by_group",
]

#: The four quadrants of the importance–performance matrix (四象限), high/low importance × high/low performance.
QUADRANTS: tuple[str, ...] = ("重点改进", "继续保持", "低优先", "可能过度")
#: What each quadrant asks for (the course's wording of the usual advice).
QUADRANT_ACTIONS: dict[str, str] = {
    "重点改进": "重要而表现差：优先投入资源改进",
    "继续保持": "重要且表现好：保持优势，作为宣传重点",
    "低优先": "不太重要，表现也一般：暂不投入，定期观察",
    "可能过度": "不太重要却表现很好：资源可能投入过度，可以适当转移",
}


def _column(frame: Any, name: str, parameter: str, value: Any) -> None:
    """Check that the column named by the parameter ``parameter`` (e.g. ``customer=``) is in ``frame``."""
    check_column_name(parameter, value)
    if isinstance(frame, pd.DataFrame) and value not in frame.columns:
        have = "、".join(map(str, frame.columns))
        raise CrmlabInputError(parameter, f"{name} 没有列 {value!r}（参数 {parameter}；现有列：{have}）",
                               f"{name} has no column {value!r} (parameter {parameter}; columns: {have})")  # fmt: skip


def _ratings(ratings: Any, value: str, *, customer: str = "customer_id", attribute: str = "attribute") -> pd.DataFrame:
    """Respondents × attributes of one rating column (1-5), checked; the caller's table is not changed."""
    _column(ratings, "ratings", "customer", customer)
    _column(ratings, "ratings", "attribute", attribute)
    check_frame(ratings, "ratings", [customer, attribute, value])
    scores = check_numbers(value, ratings[value], low=1, high=5)
    table = pd.DataFrame({"customer": ratings[customer].to_numpy(), "attribute": ratings[attribute].to_numpy(),
                          "score": scores.to_numpy()})  # fmt: skip
    doubled = int(table.duplicated(["customer", "attribute"]).sum())
    if doubled:
        raise CrmlabInputError(
            "ratings", f"评分表 ratings 中有 {doubled} 行重复了同一位受访者对同一属性的评分",
            f"ratings has {doubled} repeated (respondent, attribute) rows",
        )  # fmt: skip
    order = list(dict.fromkeys(table["attribute"]))
    wide = table.pivot(index="customer", columns="attribute", values="score")[order]
    missing = int(wide.isna().to_numpy().sum())
    if missing:
        raise CrmlabInputError(
            "ratings", f"评分表 ratings 缺少 {missing} 个评分：每位受访者必须为每个属性打分",
            f"ratings lacks {missing} score(s): every respondent must rate every attribute",
        )  # fmt: skip
    wide.index.name, wide.columns.name = customer, None
    return wide


def attribute_scores(ratings: pd.DataFrame, *, customer: str = "customer_id", attribute: str = "attribute") -> pd.DataFrame:
    """Mean stated importance and mean performance of each attribute (各属性的平均重要性与表现).

    Examples
    --------
    >>> r = pd.DataFrame({"customer_id": [1, 1, 2, 2], "attribute": ["质量", "价格"] * 2,
    ...                   "importance": [5, 4, 4, 4], "performance": [4, 2, 5, 3]})
    >>> attribute_scores(r)
      attribute  respondents  importance  performance
    0        质量            2         4.5          4.5
    1        价格            2         4.0          2.5
    """
    importance = _ratings(ratings, "importance", customer=customer, attribute=attribute)
    performance = _ratings(ratings, "performance", customer=customer, attribute=attribute)
    return pd.DataFrame({"attribute": importance.columns, "respondents": len(importance),
                         "importance": importance.mean().to_numpy(), "performance": performance.mean().to_numpy()})  # fmt: skip


def stated_weights(ratings: pd.DataFrame, *, customer: str = "customer_id", attribute: str = "attribute") -> pd.Series:
    """Weights from stated importance (自述重要性权重): each attribute's mean importance over their sum.

    Examples
    --------
    >>> r = pd.DataFrame({"customer_id": [1, 1, 2, 2], "attribute": ["质量", "价格"] * 2,
    ...                   "importance": [5, 4, 3, 4], "performance": [4, 2, 5, 3]})
    >>> stated_weights(r).round(3).to_dict()
    {'质量': 0.5, '价格': 0.5}
    """
    importance = _ratings(ratings, "importance", customer=customer, attribute=attribute).mean()
    return (importance / importance.sum()).rename("stated_weight")


@dataclass(frozen=True)
class DerivedWeights:
    """A regression of overall satisfaction on the attribute scores (回归推导的权重).

    Attributes
    ----------
    coefficients : pandas.Series
        Slope of each attribute: points of overall satisfaction per point of the attribute.
    std_errors : pandas.Series
        Their standard errors (ordinary least squares).
    intercept : float
    weights : pandas.Series
        The slopes as shares of their sum (the weights of a satisfaction index).
    r_squared : float
        Share of the variance of overall satisfaction the attributes explain.
    respondents : int
    note : str
        Empty, or why the weights need care (a negative slope).
    """

    coefficients: pd.Series
    std_errors: pd.Series
    intercept: float
    weights: pd.Series
    r_squared: float
    respondents: int
    note: str = ""

    def table(self) -> pd.DataFrame:
        """One row per attribute: slope, standard error and weight.

        Examples
        --------
        >>> r = pd.DataFrame({"customer_id": [1, 1, 2, 2, 3, 3, 4, 4], "attribute": ["质量", "价格"] * 4,
        ...                   "importance": [5] * 8, "performance": [4, 2, 5, 3, 2, 2, 3, 5]})
        >>> fit = derived_weights(r, pd.Series({1: 3.5, 2: 4.25, 3: 2.5, 4: 3.75}))
        >>> fit.table().round(3)[["attribute", "coefficient", "weight"]].values.tolist()
        [['质量', 0.5, 0.667], ['价格', 0.25, 0.333]]
        """
        return pd.DataFrame({"attribute": self.coefficients.index, "coefficient": self.coefficients.to_numpy(),
                             "std_error": self.std_errors.to_numpy(), "weight": self.weights.to_numpy()})  # fmt: skip


def derived_weights(
    ratings: pd.DataFrame, overall: pd.Series, *, customer: str = "customer_id", attribute: str = "attribute"
) -> DerivedWeights:
    """Regress overall satisfaction on the attribute performance scores (derived importance, 回归推导的权重).

    Ordinary least squares with an intercept (``numpy.linalg.lstsq``). ``overall`` is each
    respondent's overall satisfaction (e.g. the survey's ``csat``) indexed by customer id; every
    respondent of ``ratings`` needs one, and respondents of ``overall`` without ratings are not used.

    Examples
    --------
    Overall satisfaction exactly 1 + 0.5 × 质量 + 0.25 × 价格: the regression finds the slopes, and
    the weights are their shares (2/3 and 1/3).

    >>> r = pd.DataFrame({"customer_id": [1, 1, 2, 2, 3, 3, 4, 4], "attribute": ["质量", "价格"] * 4,
    ...                   "importance": [5] * 8, "performance": [4, 2, 5, 3, 2, 2, 3, 5]})
    >>> fit = derived_weights(r, pd.Series({1: 3.5, 2: 4.25, 3: 2.5, 4: 3.75}))
    >>> fit.coefficients.round(6).to_dict(), round(fit.intercept, 6), round(fit.r_squared, 6)
    ({'质量': 0.5, '价格': 0.25}, 1.0, 1.0)
    """
    wide = _ratings(ratings, "performance", customer=customer, attribute=attribute)
    if not isinstance(overall, pd.Series):
        raise CrmlabInputError("overall", "总体满意度 overall 必须是按客户编号索引的 pandas Series",
                               "overall must be a pandas Series indexed by customer id")  # fmt: skip
    y = check_numbers("overall", overall)
    if y.index.duplicated().any():
        raise CrmlabInputError("overall", f"总体满意度 overall 中有 {int(y.index.duplicated().sum())} 个重复的客户编号",
                               "overall has repeated customer ids")  # fmt: skip
    missing = int((~wide.index.isin(y.index)).sum())
    if missing:
        raise CrmlabInputError("overall", f"有 {missing} 位受访者在总体满意度 overall 中没有答案",
                               f"{missing} respondent(s) have no overall satisfaction")  # fmt: skip
    k = wide.shape[1]
    n = len(wide)
    if n <= k + 1:
        raise CrmlabInputError("ratings", f"回归需要多于 {k + 1} 位受访者（{k} 个属性加截距），收到 {n} 位",
                               f"the regression needs more than {k + 1} respondents, got {n}")  # fmt: skip
    x = np.column_stack([np.ones(n), wide.to_numpy(dtype=float)])
    target = y.reindex(wide.index).to_numpy(dtype=float)
    if np.linalg.matrix_rank(x) < k + 1:
        raise CrmlabInputError("ratings", "属性评分之间完全共线（例如某个属性所有人打分相同），无法分开各属性的作用",
                               "the attribute scores are collinear (e.g. one attribute has a single value)")  # fmt: skip
    beta, *_ = np.linalg.lstsq(x, target, rcond=None)
    residual = target - x @ beta
    sigma2 = float(residual @ residual) / (n - k - 1)
    se = np.sqrt(np.diag(sigma2 * np.linalg.inv(x.T @ x)))
    total = float(((target - target.mean()) ** 2).sum())
    r2 = 1.0 - float(residual @ residual) / total if total > 0 else 0.0
    coefficients = pd.Series(beta[1:], index=wide.columns, name="coefficient")
    note = ""
    if (coefficients <= 0).any():
        shown = "、".join(str(a) for a in coefficients.index[coefficients <= 0])
        note = f"{shown} 的回归系数不为正：作为权重没有意义，常见原因是属性之间高度相关或样本太小"
    if coefficients.sum() <= 0:
        raise CrmlabInputError("overall", "回归系数之和不为正，无法换算成权重", "the slopes do not sum to a positive number")
    return DerivedWeights(
        coefficients=coefficients, std_errors=pd.Series(se[1:], index=wide.columns, name="std_error"),
        intercept=float(beta[0]), weights=(coefficients / coefficients.sum()).rename("derived_weight"),
        r_squared=r2, respondents=n, note=note,
    )  # fmt: skip


def weight_comparison(stated: pd.Series, derived: pd.Series, truth: pd.Series | None = None) -> pd.DataFrame:
    """Stated and derived weights side by side (and the true ones of a simulation, if given).

    Examples
    --------
    >>> weight_comparison(pd.Series({"质量": 0.5, "价格": 0.5}), pd.Series({"质量": 0.7, "价格": 0.3}),
    ...                   pd.Series({"质量": 0.75, "价格": 0.25}))
      attribute  stated_weight  derived_weight  true_weight
    0        质量            0.5             0.7         0.75
    1        价格            0.5             0.3         0.25
    """
    parts = {"stated_weight": stated, "derived_weight": derived}
    if truth is not None:
        parts["true_weight"] = truth
    for name, part in parts.items():
        if not isinstance(part, pd.Series):
            raise CrmlabInputError(name, f"{name} 必须是按属性索引的 pandas Series", f"{name} must be a Series indexed by attribute")
        check_numbers(name, part, low=None)
        if set(part.index) != set(stated.index):
            raise CrmlabInputError(name, f"{name} 的属性与自述权重 stated 的属性不一致", f"{name} has other attributes than stated")
    table = pd.DataFrame({name: part.reindex(stated.index).to_numpy(dtype=float) for name, part in parts.items()})
    table.insert(0, "attribute", list(stated.index))
    return table


def weight_error(weights: pd.Series, truth: pd.Series) -> float:
    """Mean absolute difference between estimated and true weights, in percentage points (权重误差).

    Examples
    --------
    >>> weight_error(pd.Series({"质量": 0.7, "价格": 0.3}), pd.Series({"质量": 0.75, "价格": 0.25}))
    5.0
    """
    table = weight_comparison(weights, weights, truth)
    return round(float((table["stated_weight"] - table["true_weight"]).abs().mean() * 100), 10)


def _weights(weights: Any, attributes: pd.Index) -> pd.Series:
    if isinstance(weights, DerivedWeights):
        weights = weights.weights
    if not isinstance(weights, pd.Series):
        raise CrmlabInputError("weights", "权重 weights 必须是按属性索引的 pandas Series（或 derived_weights 的结果）",
                               "weights must be a Series indexed by attribute (or a DerivedWeights)")  # fmt: skip
    values = check_numbers("weights", weights, low=None)
    if set(values.index) != set(attributes):
        raise CrmlabInputError("weights", "权重 weights 的属性必须与评分表中的属性一一对应",
                               "weights must have exactly the attributes of the ratings")  # fmt: skip
    values = values.reindex(attributes)
    if values.sum() <= 0:
        raise CrmlabInputError("weights", "权重之和必须为正数", "the weights must sum to a positive number")
    return values / values.sum()


def satisfaction_index(ratings: pd.DataFrame, weights: Any, *, customer: str = "customer_id",
                       attribute: str = "attribute") -> pd.Series:  # fmt: skip
    """Customer satisfaction index (客户满意度指数, CSI) of each respondent, 0-100.

    ``CSI = (Σ w_k × performance_k − 1) / 4 × 100`` with the weights scaled to sum to 1: a
    respondent who rates everything 1 scores 0, everything 5 scores 100. The index of the whole
    survey is the mean.

    Examples
    --------
    >>> r = pd.DataFrame({"customer_id": [1, 1, 2, 2], "attribute": ["质量", "价格"] * 2,
    ...                   "importance": [5] * 4, "performance": [5, 1, 3, 3]})
    >>> satisfaction_index(r, pd.Series({"质量": 3, "价格": 1})).tolist()
    [75.0, 50.0]
    """
    wide = _ratings(ratings, "performance", customer=customer, attribute=attribute)
    w = _weights(weights, wide.columns)
    index = (wide.to_numpy(dtype=float) @ w.to_numpy() - 1) / 4 * 100
    return pd.Series(index.round(10), index=wide.index, name="csi")


def importance_performance(ratings: pd.DataFrame, weights: Any = None, *, customer: str = "customer_id",
                           attribute: str = "attribute") -> pd.DataFrame:  # fmt: skip
    """The importance–performance matrix (重要性–表现四象限): each attribute's quadrant.

    Importance is the mean stated importance, or, with ``weights`` (e.g. from
    :func:`derived_weights`), the weight. Both axes are split at the mean over the attributes.

    Examples
    --------
    >>> r = pd.DataFrame({"customer_id": [1] * 4, "attribute": ["质量", "价格", "配送", "包装"],
    ...                   "importance": [5, 5, 2, 2], "performance": [4, 2, 2, 5]})
    >>> importance_performance(r)[["attribute", "quadrant"]].values.tolist()
    [['质量', '继续保持'], ['价格', '重点改进'], ['配送', '低优先'], ['包装', '可能过度']]
    """
    scores = attribute_scores(ratings, customer=customer, attribute=attribute)
    if weights is not None:
        scores["importance"] = _weights(weights, pd.Index(scores["attribute"])).to_numpy()
    high_importance = scores["importance"] >= scores["importance"].mean()
    high_performance = scores["performance"] >= scores["performance"].mean()
    quadrant = np.where(high_importance, np.where(high_performance, QUADRANTS[1], QUADRANTS[0]),
                        np.where(high_performance, QUADRANTS[3], QUADRANTS[2]))  # fmt: skip
    scores["quadrant"], scores["action"] = quadrant, [QUADRANT_ACTIONS[q] for q in quadrant]
    scores.attrs.update(importance_cut=float(scores["importance"].mean()), performance_cut=float(scores["performance"].mean()))
    return scores


def improvement_priorities(ratings: pd.DataFrame, fit: DerivedWeights, *, gain: float = 0.5,
                           value_per_point: float | None = None, customer: str = "customer_id",
                           attribute: str = "attribute") -> pd.DataFrame:  # fmt: skip
    """Which attribute to improve first (先改进哪个属性): the rise in overall satisfaction each would bring.

    Raising an attribute's mean performance by ``gain`` points (at most up to 5) raises mean overall
    satisfaction by ``slope × gain`` (the slope of :func:`derived_weights`), if the regression
    describes cause and effect. With ``value_per_point`` (yuan per point of mean satisfaction, e.g.
    from :func:`crmlab.loyalty.value_per_point`) the table also says what that is worth. Sorted by
    the rise, largest first.

    Examples
    --------
    >>> r = pd.DataFrame({"customer_id": [1, 1, 2, 2, 3, 3, 4, 4], "attribute": ["质量", "价格"] * 4,
    ...                   "importance": [5] * 8, "performance": [4, 2, 5, 3, 2, 2, 3, 5]})
    >>> fit = derived_weights(r, pd.Series({1: 3.5, 2: 4.25, 3: 2.5, 4: 3.75}))
    >>> improvement_priorities(r, fit, gain=1, value_per_point=1000)[["attribute", "satisfaction_gain", "value"]]
      attribute  satisfaction_gain  value
    0        质量               0.50  500.0
    1        价格               0.25  250.0
    """
    if not isinstance(fit, DerivedWeights):
        raise CrmlabInputError("fit", "fit 必须是 derived_weights 的结果", "fit must be the result of derived_weights")
    g = check_number("gain", gain, low=0, high=4)
    scores = attribute_scores(ratings, customer=customer, attribute=attribute)
    if list(scores["attribute"]) != list(fit.coefficients.index):
        raise CrmlabInputError("fit", "fit 的属性与评分表 ratings 的属性不一致", "fit has other attributes than ratings")
    step = np.minimum(g, 5 - scores["performance"].to_numpy()).round(10)
    table = pd.DataFrame({"attribute": scores["attribute"], "performance": scores["performance"],
                          "coefficient": fit.coefficients.to_numpy(), "gain": step})  # fmt: skip
    table["satisfaction_gain"] = (table["coefficient"] * table["gain"]).round(10)
    if value_per_point is not None:
        table["value"] = (table["satisfaction_gain"] * check_number("value_per_point", value_per_point, low=-1e12, high=1e12)).round(6)
    return table.sort_values("satisfaction_gain", ascending=False, kind="stable").reset_index(drop=True)


def satisfaction_by_group(survey: pd.DataFrame, groups: pd.Series, *, satisfied: int = 4) -> pd.DataFrame:
    """CSAT, mean satisfaction and NPS of each group of respondents (各组客户的满意度), e.g. value tiers.

    ``groups`` gives each customer's group, indexed by customer id; respondents without a group are
    not used and counted in ``attrs["ungrouped"]``. A categorical ``groups`` keeps its order.

    Examples
    --------
    >>> s = pd.DataFrame({"customer_id": [1, 2, 3, 4], "csat": [5, 4, 2, 3], "nps": [10, 9, 3, 7]})
    >>> satisfaction_by_group(s, pd.Series({1: "高", 2: "高", 3: "低", 4: "低"}))
      group  respondents  csat_share  mean_csat  nps_score
    0     高            2         1.0        4.5      100.0
    1     低            2         0.0        2.5      -50.0
    """
    _column(survey, "survey", "customer", "customer_id")
    check_frame(survey, "survey", ["customer_id", "csat", "nps"])
    if not isinstance(groups, pd.Series):
        raise CrmlabInputError("groups", "groups 必须是按客户编号索引的 pandas Series", "groups must be a Series indexed by customer id")
    group = groups.reindex(survey["customer_id"].to_numpy())
    known = group.notna().to_numpy()
    order = list(groups.cat.categories) if isinstance(groups.dtype, pd.CategoricalDtype) else list(pd.unique(group[known]))
    rows = []
    for name in order:
        inside = known & (group == name).to_numpy()
        if not inside.any():
            continue
        answers = survey.loc[inside]
        rows.append({"group": name, "respondents": int(inside.sum()),
                     "csat_share": _csat(answers["csat"], satisfied=satisfied), "mean_csat": float(answers["csat"].mean()),
                     "nps_score": _nps(answers["nps"]).score})  # fmt: skip
    if not rows:
        raise CrmlabInputError("groups", "没有一位受访者在 groups 中有分组", "no respondent has a group")
    table = pd.DataFrame(rows)
    table.attrs["ungrouped"] = int((~known).sum())
    return table
