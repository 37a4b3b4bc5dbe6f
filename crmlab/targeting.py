"""Who to contact (目标客户选择): a response model, gains and lift, the mailing depth, and uplift.

- :func:`campaign_features`: RFM-style features of each customer on a day (recency, orders,
  mean amount, tenure).
- :func:`split_customers`: a seeded split into customers to fit on and held-out customers.
- :func:`fit_response_model`: a logistic regression (fitted by scikit-learn) of the response on
  standardised features; :class:`ResponseModel` predicts with its own, documented formula.
- :func:`gains_table`: response by score decile: gains (cumulative share of responders) and lift.
- :func:`mailing_depth`: profit of contacting the best-scored k customers, for every k.
- :func:`with_features`, :func:`groups`, :func:`top_customers`: the campaign table with the
  features, its two groups, the best-scored customers.

Who responds *because of* the offer (uplift) is in :mod:`crmlab.uplift`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._validation import (
    CrmlabInputError,
    check_as_of,
    check_flags,
    check_number,
    check_numbers,
    check_size,
    check_transactions,
)

__all__ = [
    "FEATURES",
    "campaign_features",
    "split_customers",
    "ResponseModel",
    "fit_response_model",
    "gains_table",
    "MailingPlan",
    "mailing_depth",
    "with_features",
    "groups",
    "top_customers",
]

#: The features of :func:`campaign_features`, in order.
FEATURES = ("recency_days", "frequency", "mean_amount", "tenure_days")


def campaign_features(
    transactions: pd.DataFrame, *, as_of: Any, customer: str = "customer_id", date: str = "date", amount: str = "amount"
) -> pd.DataFrame:
    """RFM-style features of every customer who bought by ``as_of`` (响应模型的特征).

    ``recency_days`` (days from the last order to ``as_of``), ``frequency`` (orders),
    ``mean_amount`` (mean order amount) and ``tenure_days`` (days since the first order), from the
    orders up to and including ``as_of``; indexed by customer.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "a", "b"], "date": ["2025-01-01", "2025-06-01", "2025-06-20"],
    ...                   "amount": [10.0, 30.0, 5.0]})
    >>> campaign_features(t, as_of="2025-06-30").values.tolist()
    [[29.0, 2.0, 20.0, 180.0], [10.0, 1.0, 5.0, 10.0]]
    """
    log = check_transactions(transactions, customer=customer, date=date, amount=amount)
    stamp = check_as_of(as_of, log[date])
    known = log[log[date] <= stamp]
    grouped = known.groupby(customer, observed=True)
    out = pd.DataFrame(
        {
            "recency_days": (stamp.normalize() - grouped[date].max().dt.normalize()).dt.days.astype(float),
            "frequency": grouped[date].size().astype(float),
            "mean_amount": grouped[amount].mean(),
            "tenure_days": (stamp.normalize() - grouped[date].min().dt.normalize()).dt.days.astype(float),
        }
    )
    out.index.name = customer
    return out


def split_customers(ids: Sequence[Any] | pd.Index | pd.DataFrame, *, test_share: float = 0.3, seed: int = 0) -> tuple[Any, Any]:
    """Split customers at random into a fitting set and a held-out set (训练集与保留集).

    A model is judged on customers it has not seen: it is fitted on the first set and
    evaluated on the second (``test_share`` of the customers, rounded). ``ids`` is a list of
    customer ids (two Index objects come back) or a table with one row per customer (its two
    parts come back, rows in their original order).

    Examples
    --------
    >>> fit_ids, test_ids = split_customers(["a", "b", "c", "d", "e"], test_share=0.4, seed=1)
    >>> len(fit_ids), len(test_ids), sorted([*fit_ids, *test_ids])
    (3, 2, ['a', 'b', 'c', 'd', 'e'])
    >>> fit_rows, test_rows = split_customers(pd.DataFrame({"x": range(5)}, index=list("abcde")), test_share=0.4, seed=1)
    >>> test_rows.index.equals(test_ids)
    True
    """
    share = check_number("test_share", test_share, low=0, high=1, low_open=True, high_open=True)
    s = int(check_number("seed", seed, low=0, integer=True))
    index = ids.index if isinstance(ids, pd.DataFrame) else pd.Index(ids)
    if len(index) < 2 or index.has_duplicates:
        raise CrmlabInputError("ids", f"ids 需要至少 2 个不重复的客户编号，收到 {len(index)} 个", "ids needs at least 2 distinct ids")
    n_test = min(len(index) - 1, max(1, int(round(share * len(index)))))
    order = np.random.default_rng(s).permutation(len(index))
    fit_pos, test_pos = np.sort(order[n_test:]), np.sort(order[:n_test])
    if isinstance(ids, pd.DataFrame):
        return ids.iloc[fit_pos], ids.iloc[test_pos]
    return index[fit_pos], index[test_pos]


def _matrix(features: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    from ._columns import _names

    columns = _names("columns", columns)
    if not isinstance(features, pd.DataFrame):
        from ._validation import CrmlabTypeError

        raise CrmlabTypeError("features", f"特征表 features 必须是 DataFrame，收到 {type(features).__name__}",
                              f"features must be a DataFrame, got {type(features).__name__}")  # fmt: skip
    missing = [c for c in columns if c not in features.columns]
    if missing:
        raise CrmlabInputError("features", f"特征表 features 缺少列 {missing}", f"features has no column(s) {missing}")
    return np.column_stack([check_numbers(c, features[c]).to_numpy() for c in columns]) if len(features) else np.empty((0, len(columns)))


@dataclass(frozen=True)
class ResponseModel:
    """A fitted logistic response model (响应模型): P(respond) = 1 / (1 + exp(-(b0 + Σ b_j z_j))).

    ``z_j = (x_j - mean_j) / scale_j`` are the standardised features, so each coefficient is
    the change of the log-odds per standard deviation of its feature.
    """

    columns: tuple[str, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    coefficients: tuple[float, ...]
    intercept: float
    n_customers: int

    def predict(self, features: pd.DataFrame) -> pd.Series:
        """Probability of responding for each row of ``features`` (预测响应概率).

        Examples
        --------
        >>> m = ResponseModel(("x",), (0.0,), (1.0,), (1.0,), 0.0, 2)
        >>> m.predict(pd.DataFrame({"x": [0.0, 2.0]})).round(3).tolist()
        [0.5, 0.881]
        """
        x = _matrix(features, self.columns)
        z = (x - np.array(self.means)) / np.array(self.scales)
        return pd.Series(1.0 / (1.0 + np.exp(-(z @ np.array(self.coefficients) + self.intercept))), index=features.index, name="score")

    def summary(self) -> pd.DataFrame:
        """Coefficients per standard deviation and odds ratios, one row per feature named by its Chinese term (系数与优势比).

        Examples
        --------
        >>> m = ResponseModel(("recency_days",), (0.0,), (2.0,), (0.5,), 0.0, 2)
        >>> m.summary().index.tolist(), m.summary()["odds_ratio"].round(3).tolist()
        (['最近一次购买至今天数'], [1.649])
        """
        from .glossary import term

        coef = np.array(self.coefficients)
        index = pd.Index([term(c) for c in self.columns], name="feature")
        return pd.DataFrame({"coefficient": coef, "odds_ratio": np.exp(coef), "scale": self.scales}, index=index)


def fit_response_model(features: pd.DataFrame, response: Any, *, columns: Sequence[str] = FEATURES) -> ResponseModel:
    """Fit a logistic regression of ``response`` (yes/no) on standardised ``columns`` (拟合响应模型).

    The fit is scikit-learn's ``LogisticRegression`` (L2 penalty with ``C=1``, lbfgs) on the
    features standardised with their mean and standard deviation; the result predicts with
    the formula in :class:`ResponseModel`.

    Examples
    --------
    >>> f = pd.DataFrame({"x": [0.0, 1, 2, 3, 4, 5, 6, 7]})
    >>> m = fit_response_model(f, [0, 0, 1, 0, 1, 0, 1, 1], columns=["x"])
    >>> m.coefficients[0] > 0, m.n_customers
    (True, 8)
    """
    x = _matrix(features, columns)
    y = check_flags("response", response).to_numpy()
    if len(y) != len(x):
        raise CrmlabInputError("response", f"response 有 {len(y)} 个值，特征表有 {len(x)} 行", "response and features differ in length")
    if len(set(y.tolist())) < 2:
        raise CrmlabInputError("response", "response 必须既有响应也有未响应的客户", "response needs both responders and non-responders")
    means = x.mean(axis=0)
    scales = x.std(axis=0)
    scales[scales == 0] = 1.0
    from sklearn.linear_model import LogisticRegression

    fit = LogisticRegression(C=1.0, max_iter=1000).fit((x - means) / scales, y)
    return ResponseModel(tuple(columns), tuple(map(float, means)), tuple(map(float, scales)), tuple(map(float, fit.coef_[0])),
                         float(fit.intercept_[0]), len(y))  # fmt: skip


def _ranked(score: Any, *others: Any) -> tuple[np.ndarray, ...]:
    s = check_numbers("score", score, high=None).to_numpy()
    arrays = []
    for other in others:
        arrays.append(np.asarray(other))
        if len(arrays[-1]) != len(s):
            raise CrmlabInputError("score", f"score 有 {len(s)} 个值，其他输入有 {len(arrays[-1])} 个", "inputs differ in length")
    order = np.argsort(-s, kind="stable")  # best score first; ties keep their order
    return (s[order], *(a[order] for a in arrays))


def gains_table(response: Any, score: Any, *, bins: int = 10) -> pd.DataFrame:
    """Response by score group, best first: gains and lift (累计响应与提升度表).

    Customers are sorted by ``score`` (highest first, ties in their order) and cut into
    ``bins`` groups of (nearly) equal size. For group d: ``response_rate``; ``gain``, the share
    of all responders found in groups 1..d (the gains chart); ``lift`` = the group's response
    rate / the overall rate; ``cumulative_lift`` = the rate of groups 1..d / the overall rate.

    Examples
    --------
    >>> g = gains_table([1, 1, 0, 1, 0, 0, 0, 0, 0, 0], [.9, .8, .7, .6, .5, .4, .3, .2, .1, 0], bins=5)
    >>> g["responders"].tolist(), g["captured_share"].round(3).tolist()
    ([2, 1, 0, 0, 0], [0.667, 1.0, 1.0, 1.0, 1.0])
    >>> g["lift"].round(2).tolist()
    [3.33, 1.67, 0.0, 0.0, 0.0]
    """
    k = check_size("bins", bins, low=1, high=1000)
    y = check_flags("response", response).to_numpy().astype(float)
    _, y = _ranked(score, y)
    n = len(y)
    if n < k:
        raise CrmlabInputError("bins", f"分组数 bins = {k} 多于客户数 {n}", f"bins = {k} exceeds the {n} customers")
    if y.sum() == 0:
        raise CrmlabInputError("response", "response 中没有响应的客户，无法计算提升度", "no responders: lift is undefined")
    group = np.arange(n) * k // n
    rate = y.mean()
    rows = []
    for d in range(k):
        part = y[group == d]
        upto = y[group <= d]
        rows.append((d + 1, len(part), int(part.sum()), part.mean(), len(upto) / n, upto.sum() / y.sum(), part.mean() / rate, upto.mean() / rate))
    columns = ["decile", "customers", "responders", "response_rate", "contacted_share", "captured_share", "lift", "cumulative_lift"]
    return pd.DataFrame(rows, columns=columns).set_index("decile")


@dataclass(frozen=True)
class MailingPlan:
    """Profit of contacting the best-scored k customers, for every k (发送深度与利润).

    ``curve`` has one row per depth k = 0..n: ``contacted``, ``contacted_share``,
    ``responders`` and ``profit`` = responders × value − contacted × cost. ``best_*`` describe
    the depth of the highest profit; ``profit_all`` is the profit of contacting everyone.
    """

    curve: pd.DataFrame
    best_contacts: int
    best_share: float
    best_profit: float
    profit_all: float


def mailing_depth(response: Any, score: Any, *, value_per_response: float, cost_per_contact: float) -> MailingPlan:
    """How deep to mail: the profit of contacting the best-scored customers first (利润最大的发送深度).

    Examples
    --------
    >>> p = mailing_depth([1, 1, 0, 1, 0], [.9, .8, .7, .6, .5], value_per_response=10, cost_per_contact=4)
    >>> p.curve["profit"].tolist()
    [0.0, 6.0, 12.0, 8.0, 14.0, 10.0]
    >>> p.best_contacts, p.best_profit, p.profit_all
    (4, 14.0, 10.0)
    """
    value = check_number("value_per_response", value_per_response, low=0, cap=1e9)
    cost = check_number("cost_per_contact", cost_per_contact, low=0, cap=1e9)
    y = check_flags("response", response).to_numpy().astype(float)
    _, y = _ranked(score, y)
    contacted = np.arange(len(y) + 1)
    responders = np.concatenate([[0.0], np.cumsum(y)])
    profit = responders * value - contacted * cost
    curve = pd.DataFrame({"contacted": contacted, "contacted_share": contacted / len(y), "responders": responders, "profit": profit})
    best = int(np.argmax(profit))
    return MailingPlan(curve, best, best / len(y), float(profit[best]), float(profit[-1]))


def with_features(
    campaign: pd.DataFrame, transactions: pd.DataFrame, *, as_of: Any, customer: str = "customer_id", **columns: str
) -> pd.DataFrame:
    """The campaign table indexed by customer, with each customer's :func:`campaign_features` on ``as_of`` (活动表加特征).

    ``as_of`` is the last day before the campaign, so the features use nothing the campaign
    caused. Every customer of the campaign must have bought by then; ``columns`` (``date``,
    ``amount``) name the transaction columns.

    Examples
    --------
    >>> c = pd.DataFrame({"customer_id": ["a", "b"], "treated": [True, False]})
    >>> t = pd.DataFrame({"customer_id": ["a", "b"], "date": ["2025-06-01", "2025-06-20"], "amount": [10.0, 5.0]})
    >>> with_features(c, t, as_of="2025-06-30")[["treated", "recency_days"]].values.tolist()
    [[True, 29.0], [False, 10.0]]
    """
    from ._columns import _column

    _column(campaign, "campaign", "customer", customer)
    features = campaign_features(transactions, as_of=as_of, customer=customer, **columns)
    table = campaign.set_index(customer)
    missing = int((~table.index.isin(features.index)).sum())
    if missing:
        raise CrmlabInputError(customer, f"{customer}：活动中有 {missing} 位客户在 as_of 之前没有购买记录",
                               f"{customer}: {missing} campaign customer(s) have no orders by as_of")  # fmt: skip
    return table.join(features)


def groups(data: pd.DataFrame, *, treated: str = "treated") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of the treatment group and of the control group (实验组与对照组).

    Examples
    --------
    >>> t, c = groups(pd.DataFrame({"treated": [True, False, True]}, index=list("abc")))
    >>> t.index.tolist(), c.index.tolist()
    (['a', 'c'], ['b'])
    """
    from ._columns import _column

    _column(data, "data", "treated", treated)
    flags = check_flags(treated, data[treated]).to_numpy()
    return data[flags], data[~flags]


def top_customers(data: pd.DataFrame, score: Any, *, share: float) -> pd.DataFrame:
    """The rows of ``data`` with the highest ``score``: the first ``share`` of the customers (得分最高的客户).

    ``score`` is aligned with ``data`` by position; ties keep their order.

    Examples
    --------
    >>> top_customers(pd.DataFrame({"x": [1, 2, 3, 4]}, index=list("abcd")), [0.1, 0.9, 0.5, 0.2], share=0.5).index.tolist()
    ['b', 'c']
    """
    part = check_number("share", share, low=0, high=1, low_open=True)
    s, positions = _ranked(score, np.arange(len(data)))
    if len(s) != len(data):
        raise CrmlabInputError("score", f"score 有 {len(s)} 个值，data 有 {len(data)} 行", "score and data differ in length")
    k = max(1, int(round(part * len(data))))
    return data.iloc[np.sort(positions[:k])]
