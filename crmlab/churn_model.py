"""Churn warning for the operator case (客户流失预警), evaluated honestly on a later period.

:func:`churn_features` takes a snapshot of the subscribers active at the end of
a month (``as_of``): what is known then (tenure, plan, the last three months of
revenue, usage and 10086 calls and their trend) and, as the label, whether the
subscriber left in the next ``months_ahead`` months. :func:`churn_warning_model`
fits a logistic regression (scikit-learn) on one snapshot and scores it on a
later one whose label months lie after everything used to fit: a time-based
holdout, as the model would be used. :func:`auc` and :func:`top_share_precision`
are the measures, written here and cross-checked against scikit-learn in the
tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._validation import CrmlabInputError, check_flags, check_frame, check_number, check_numbers, check_size
from .glossary import term

__all__ = ["FEATURES", "churn_features", "auc", "top_share_precision", "decile_table", "ChurnWarningModel", "churn_warning_model"]

#: Numeric features of a snapshot and what they mean.
FEATURES = {
    "tenure": "在网月数",
    "revenue_3m": "近 3 个月月均收入",
    "revenue_trend": "收入变化（近 3 个月 / 前 3 个月 - 1）",
    "minutes_trend": "通话分钟变化",
    "data_trend": "流量变化",
    "calls_10086_3m": "近 3 个月 10086 来电次数",
    "family_plan": "家庭套餐",
    "addon": "增值业务",
    "rural": "农村用户",
    "agent_channel": "社会代理点入网",
}


def _month_index(label: str) -> int:
    return int(label[:4]) * 12 + int(label[5:7]) - 1


def _check_month(name: str, value: Any, months: pd.Series) -> str:
    if not isinstance(value, str) or len(value) != 7 or value[4] != "-" or not (value[:4] + value[5:]).isdigit():
        raise CrmlabInputError(name, f"{term(name)} {name} 必须是 \"YYYY-MM\" 形式的月份，例如 \"2024-12\"，收到 {value!r}",
                               f"{name} must be a month \"YYYY-MM\", got {value!r}")  # fmt: skip
    if value not in set(months):
        raise CrmlabInputError(name, f"{term(name)} {name}：数据中没有月份 {value}（从 {months.min()} 到 {months.max()}）",
                               f"no month {value} in the data ({months.min()} .. {months.max()})")  # fmt: skip
    return value


def churn_features(subscribers: pd.DataFrame, monthly: pd.DataFrame, *, as_of: str, months_ahead: int = 3) -> pd.DataFrame:
    """A snapshot at the end of ``as_of``: features known then and whether the subscriber left within ``months_ahead`` months.

    Only subscribers still subscribed after ``as_of`` (``churn_month`` later or
    none: ``churn_month`` is the last month billed) with at least 5 months of
    tenure in ``as_of`` are included (6 months of history for the trends).
    ``churned_next`` is True if ``churn_month`` falls in the ``months_ahead``
    months after ``as_of``;
    the last month of the data minus ``as_of`` must be at least ``months_ahead``.

    Examples
    --------
    >>> s = pd.DataFrame({"subscriber_id": ["a"], "plan": ["家庭套餐"], "addon": [False], "segment": ["城市"],
    ...                   "channel": ["网上营业厅"], "churn_month": ["2024-08"]})
    >>> months = [f"2024-0{k}" for k in range(1, 10)]
    >>> m = pd.DataFrame({"subscriber_id": ["a"] * 8, "month": months[:8], "tenure": range(8), "minutes": [100] * 8,
    ...                   "data_gb": [2.0] * 8, "revenue": [50.0, 50, 50, 40, 40, 40, 40, 40], "calls_10086": [0] * 8})
    >>> m = pd.concat([m, pd.DataFrame({"subscriber_id": ["b"], "month": ["2024-09"], "tenure": [0], "minutes": [1],
    ...                "data_gb": [1.0], "revenue": [1.0], "calls_10086": [0]})])
    >>> f = churn_features(s, m, as_of="2024-06", months_ahead=3)
    >>> f[["tenure", "revenue_trend", "family_plan", "churned_next"]].values.tolist()
    [[5.0, -0.2, 1.0, 1.0]]
    """
    check_frame(subscribers, "subscribers", ["subscriber_id", "plan", "addon", "segment", "channel", "churn_month"])
    check_frame(monthly, "monthly", ["subscriber_id", "month", "tenure", "minutes", "data_gb", "revenue", "calls_10086"])
    when = _check_month("as_of", as_of, monthly["month"])
    h = check_size("months_ahead", months_ahead, high=24)
    t = _month_index(when)
    last = _month_index(str(monthly["month"].max()))
    if last - t < h:
        raise CrmlabInputError("months_ahead", f"as_of={when} 之后只有 {last - t} 个月的数据，不够观察 months_ahead={h} 个月",
                               f"only {last - t} months of data after as_of={when}, fewer than months_ahead={h}")  # fmt: skip
    index = monthly["month"].map(_month_index)
    window = monthly[(index > t - 6) & (index <= t)].assign(recent=index[(index > t - 6) & (index <= t)] > t - 3)
    now = monthly.loc[(index == t) & (monthly["tenure"] >= 5), ["subscriber_id", "tenure"]].set_index("subscriber_id")
    window = window[window["subscriber_id"].isin(now.index)]
    recent = window[window["recent"]].groupby("subscriber_id")[["revenue", "minutes", "data_gb", "calls_10086"]]
    before = window[~window["recent"]].groupby("subscriber_id")[["revenue", "minutes", "data_gb"]].mean()
    r_mean, r_calls = recent.mean(), recent.sum()["calls_10086"]

    def trend(col: str) -> pd.Series:
        return (r_mean[col] / before[col].replace(0, np.nan) - 1).fillna(0.0)

    info = subscribers.set_index("subscriber_id").reindex(now.index)
    churn_index = info["churn_month"].map(lambda m: _month_index(m) if isinstance(m, str) else np.inf)
    staying = (churn_index > t).to_numpy()  # whoever left at the end of as_of is no longer a subscriber
    now, info, churn_index = now[staying], info[staying], churn_index[staying]
    out = pd.DataFrame(
        {
            "tenure": now["tenure"].astype(float),
            "revenue_3m": r_mean["revenue"],
            "revenue_trend": trend("revenue"),
            "minutes_trend": trend("minutes"),
            "data_trend": trend("data_gb"),
            "calls_10086_3m": r_calls.astype(float),
            "family_plan": (info["plan"] == "家庭套餐").astype(float),
            "addon": info["addon"].astype(bool).astype(float),
            "rural": (info["segment"] == "农村").astype(float),
            "agent_channel": (info["channel"] == "社会代理点").astype(float),
            "churned_next": ((churn_index > t) & (churn_index <= t + h)).astype(float),
        },
        index=now.index,
    )
    return out.round(6)


def _scores_labels(scores: Any, labels: Any) -> tuple[np.ndarray, np.ndarray]:
    s = check_numbers("scores", scores).to_numpy(dtype=float)
    y = check_flags("labels", pd.Series(list(labels))).to_numpy(dtype=bool)
    if len(s) != len(y):
        raise CrmlabInputError("labels", f"labels 的长度（{len(y)}）与 scores（{len(s)}）不同", "labels and scores differ in length")
    if y.all() or not y.any():
        raise CrmlabInputError("labels", "labels 必须既有流失（是）也有未流失（否）", "labels must contain both outcomes")
    return s, y


def auc(scores: Any, labels: Any) -> float:
    """Area under the ROC curve (AUC): the probability that a random churner scores above a random stayer (ties count half).

    Examples
    --------
    >>> auc([0.9, 0.8, 0.3, 0.1], [True, False, True, False])
    0.75
    """
    s, y = _scores_labels(scores, labels)
    ranks = pd.Series(s).rank(method="average").to_numpy()
    n1, n0 = int(y.sum()), int((~y).sum())
    return float((ranks[y].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def top_share_precision(scores: Any, labels: Any, *, share: float = 0.1) -> float:
    """Share of churners among the ``share`` of subscribers with the highest scores (前 10% 的命中率).

    Examples
    --------
    >>> top_share_precision([0.9, 0.8, 0.3, 0.1], [True, False, True, False], share=0.5)
    0.5
    """
    s, y = _scores_labels(scores, labels)
    q = check_number("share", share, low=0, high=1, low_open=True)
    k = max(1, int(round(q * len(s))))
    top = np.argsort(-s, kind="stable")[:k]
    return float(y[top].mean())


def decile_table(scores: Any, labels: Any, *, bins: int = 10) -> pd.DataFrame:
    """Churn rate in each score decile, highest scores first (按得分分十组的流失率).

    Rows are ranked by score (ties in order of appearance) and cut into
    ``bins`` groups of (nearly) equal size: ``subscribers``, ``churners``,
    ``churn_rate`` and ``lift`` (churn rate / overall churn rate).

    Examples
    --------
    >>> decile_table([0.9, 0.8, 0.3, 0.1], [True, False, True, False], bins=2)[["churn_rate", "lift"]].values.tolist()
    [[0.5, 1.0], [0.5, 1.0]]
    """
    s, y = _scores_labels(scores, labels)
    k = check_size("bins", bins, low=2, high=100)
    if k > len(s):
        raise CrmlabInputError("bins", f"分组数 bins={k} 多于用户数 {len(s)}", f"bins={k} exceeds the {len(s)} subscribers")
    order = np.argsort(-s, kind="stable")
    group = np.empty(len(s), dtype=int)
    group[order] = np.arange(len(s)) * k // len(s)
    table = pd.DataFrame({"decile": group + 1, "churned": y}).groupby("decile")["churned"].agg(["size", "sum"])
    table.columns = ["subscribers", "churners"]
    table["churn_rate"] = table["churners"] / table["subscribers"]
    table["lift"] = table["churn_rate"] / y.mean()
    return table


@dataclass(frozen=True)
class ChurnWarningModel:
    """A churn-warning model and its evaluation on a later snapshot (流失预警模型).

    Attributes
    ----------
    train_month, test_month : str
        The snapshots used to fit and to evaluate.
    auc : float
        AUC on the test snapshot.
    base_rate : float
        Share of test subscribers who churned within ``months_ahead`` months.
    top_decile_precision : float
        Share of churners among the 10% of test subscribers with the highest scores.
    lift : float
        ``top_decile_precision / base_rate``.
    coefficients : pandas.DataFrame
        One row per feature: ``coefficient`` per standard deviation and ``odds_ratio``.
    test : pandas.DataFrame
        The test snapshot with the model's ``score``.
    """

    train_month: str
    test_month: str
    auc: float
    base_rate: float
    top_decile_precision: float
    lift: float
    coefficients: pd.DataFrame
    test: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        """The evaluation as a one-column table with Chinese row labels (评估结果).

        Examples
        --------
        >>> from crmlab.datasets import load_operator
        >>> op = load_operator()
        >>> churn_warning_model(op.subscribers, op.monthly).summary().index.tolist()
        ['训练快照月份', '测试快照月份', '测试用户数', '基准流失率', 'AUC', '得分最高 10% 的命中率', '提升度']
        """
        rows = {"训练快照月份": self.train_month, "测试快照月份": self.test_month, "测试用户数": len(self.test),
                "基准流失率": self.base_rate, "AUC": self.auc, "得分最高 10% 的命中率": self.top_decile_precision,
                "提升度": self.lift}  # fmt: skip
        return pd.DataFrame({"评估结果": pd.Series(rows, dtype=object)})

    def coefficient_table(self) -> pd.DataFrame:
        """The coefficients with Chinese row labels (:data:`FEATURES`), largest effect first (各预测变量的作用).

        Examples
        --------
        >>> from crmlab.datasets import load_operator
        >>> op = load_operator()
        >>> table = churn_warning_model(op.subscribers, op.monthly, predictors=["tenure", "calls_10086_3m"]).coefficient_table()
        >>> table.index.tolist()
        ['在网月数', '近 3 个月 10086 来电次数']
        """
        table = self.coefficients.reindex(self.coefficients["coefficient"].abs().sort_values(ascending=False).index)
        return table.rename(index=FEATURES).rename_axis("feature")


def churn_warning_model(
    subscribers: pd.DataFrame,
    monthly: pd.DataFrame,
    *,
    train_month: str = "2024-12",
    test_month: str = "2025-09",
    months_ahead: int = 3,
    predictors: list[str] | None = None,
) -> ChurnWarningModel:
    """Fit a logistic regression on the ``train_month`` snapshot and evaluate it on ``test_month`` (时间外验证).

    The test labels must lie after the training labels (``test_month`` at
    least ``months_ahead`` months later), so nothing of the test period is used
    to fit. Features are standardised on the training snapshot; the model is
    scikit-learn's ``LogisticRegression`` (L2, C=1).

    Examples
    --------
    >>> from crmlab.datasets import load_operator
    >>> op = load_operator()
    >>> model = churn_warning_model(op.subscribers, op.monthly)
    >>> model.auc > 0.6, model.lift > 1.5
    (True, True)
    """
    from sklearn.linear_model import LogisticRegression  # here: sklearn is heavy to import

    names = list(FEATURES) if predictors is None else list(predictors)
    unknown = [f for f in names if f not in FEATURES]
    if unknown or not names:
        raise CrmlabInputError("predictors", f"预测变量 predictors 只能从 {list(FEATURES)} 中选，收到 {unknown or names}",
                               f"predictors must be among {list(FEATURES)}, got {unknown or names}")  # fmt: skip
    h = check_size("months_ahead", months_ahead, high=24)
    check_frame(monthly, "monthly", ["month"])
    _check_month("train_month", train_month, monthly["month"])
    _check_month("test_month", test_month, monthly["month"])
    train = churn_features(subscribers, monthly, as_of=train_month, months_ahead=h)
    test = churn_features(subscribers, monthly, as_of=test_month, months_ahead=h)
    if _month_index(test_month) - _month_index(train_month) < h:
        raise CrmlabInputError("test_month", f"test_month 必须比 train_month 至少晚 months_ahead={h} 个月，否则训练的标签与测试期重叠",
                               f"test_month must be at least months_ahead={h} months after train_month")  # fmt: skip
    mean, std = train[names].mean(), train[names].std().replace(0, 1.0)
    y = train["churned_next"].to_numpy(dtype=bool)
    if y.all() or not y.any():
        raise CrmlabInputError("train_month", "训练快照中只有一种结果，无法拟合", "the training snapshot has only one outcome")
    fit = LogisticRegression(C=1.0, max_iter=1000).fit(((train[names] - mean) / std).to_numpy(), y)
    scored = test.assign(score=fit.predict_proba(((test[names] - mean) / std).to_numpy())[:, 1])
    base = float(scored["churned_next"].mean())
    top = top_share_precision(scored["score"], scored["churned_next"].astype(bool), share=0.1)
    coefficients = pd.DataFrame({"coefficient": fit.coef_[0], "odds_ratio": np.exp(fit.coef_[0])}, index=pd.Index(names, name="feature"))
    return ChurnWarningModel(train_month=train_month, test_month=test_month, auc=auc(scored["score"], scored["churned_next"].astype(bool)),
                        base_rate=base, top_decile_precision=top, lift=top / base, coefficients=coefficients, test=scored)  # fmt: skip
