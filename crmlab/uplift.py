"""Who responds *because of* the offer (提升模型): two-model uplift, uplift by score group, the Qini curve.

A response model ranks customers by P(buy | offer); many of its best customers would have
bought without the offer. Uplift is P(buy | offer) − P(buy | no offer): the randomised
control group makes it measurable.

- :func:`fit_uplift_model`: one response model per group (:class:`UpliftModel`).
- :func:`uplift_by_decile`: observed uplift in each score group (and the true one, where known).
- :func:`qini_curve`, :func:`qini_area`: extra responders from contacting the best-scored first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._validation import CrmlabInputError, check_flags, check_numbers, check_size
from .targeting import FEATURES, ResponseModel, _ranked, fit_response_model

__all__ = ["UpliftModel", "fit_uplift_model", "uplift_by_decile", "qini_curve", "qini_area"]


@dataclass(frozen=True)
class UpliftModel:
    """Two response models, one fitted on the treatment group and one on the control group (双模型提升模型).

    The predicted uplift of a customer is P(respond | offer) − P(respond | no offer).
    """

    treated_model: ResponseModel
    control_model: ResponseModel

    def predict(self, features: pd.DataFrame) -> pd.Series:
        """Predicted uplift for each row of ``features`` (预测提升).

        Examples
        --------
        >>> a = ResponseModel(("x",), (0.0,), (1.0,), (1.0,), 0.0, 2)
        >>> b = ResponseModel(("x",), (0.0,), (1.0,), (0.0,), 0.0, 2)
        >>> UpliftModel(a, b).predict(pd.DataFrame({"x": [0.0, 2.0]})).round(3).tolist()
        [0.0, 0.381]
        """
        return (self.treated_model.predict(features) - self.control_model.predict(features)).rename("uplift")


def fit_uplift_model(features: pd.DataFrame, response: Any, treated: Any, *, columns: Sequence[str] = FEATURES) -> UpliftModel:
    """Fit the two-model uplift model: one response model per group (拟合双模型提升模型).

    Examples
    --------
    >>> f = pd.DataFrame({"x": [0.0, 1, 2, 3] * 4})
    >>> m = fit_uplift_model(f, [0, 0, 1, 1] * 2 + [0, 1, 0, 1] * 2, [1] * 8 + [0] * 8, columns=["x"])
    >>> m.predict(pd.DataFrame({"x": [3.0]})).item() > 0
    True
    """
    flags = check_flags("treated", treated).to_numpy()
    y = check_flags("response", response).to_numpy()
    if len(flags) != len(features) or len(y) != len(features):
        raise CrmlabInputError("treated", "treated、response 与特征表 features 的长度必须相同", "treated, response and features differ in length")
    return UpliftModel(
        fit_response_model(features[flags], y[flags], columns=columns),
        fit_response_model(features[~flags], y[~flags], columns=columns),
    )


def uplift_by_decile(response: Any, treated: Any, score: Any, *, bins: int = 10, true_effect: Any = None) -> pd.DataFrame:
    """Observed uplift by score group, best first (按分组的实际提升).

    Customers (both groups) are sorted by ``score`` and cut into ``bins`` groups as in
    :func:`gains_table`; in each group ``uplift`` = the treatment group's response rate − the
    control group's. With ``true_effect`` (each customer's true effect, simulation truth), its
    group mean is added as ``true_uplift``.

    Examples
    --------
    >>> u = uplift_by_decile([1, 0, 1, 1, 0, 0, 1, 0], [1, 0, 1, 0, 1, 0, 1, 0], [8, 7, 6, 5, 4, 3, 2, 1], bins=2)
    >>> u[["rate_treated", "rate_control", "uplift"]].values.tolist()
    [[1.0, 0.5, 0.5], [0.5, 0.0, 0.5]]
    """
    k = check_size("bins", bins, low=1, high=1000)
    y = check_flags("response", response).to_numpy().astype(float)
    t = check_flags("treated", treated).to_numpy()
    extra = [] if true_effect is None else [check_numbers("true_effect", true_effect, low=-1e15).to_numpy()]
    _, y, t, *rest = _ranked(score, y, t, *extra)
    n = len(y)
    if n < k:
        raise CrmlabInputError("bins", f"分组数 bins = {k} 多于客户数 {n}", f"bins = {k} exceeds the {n} customers")
    group = np.arange(n) * k // n
    rows = []
    for d in range(k):
        m = group == d
        yt, yc = y[m & t], y[m & ~t]
        rate_t = yt.mean() if len(yt) else np.nan
        rate_c = yc.mean() if len(yc) else np.nan
        row = [d + 1, len(yt), len(yc), rate_t, rate_c, rate_t - rate_c]
        if rest:
            row.append(rest[0][m].mean())
        rows.append(row)
    columns = ["decile", "n_treated", "n_control", "rate_treated", "rate_control", "uplift"] + (["true_uplift"] if rest else [])
    return pd.DataFrame(rows, columns=columns).set_index("decile")


def qini_curve(response: Any, treated: Any, score: Any) -> pd.DataFrame:
    """The Qini curve: extra responders from contacting the best-scored customers first (Qini 曲线).

    For the top k customers by ``score``: ``incremental`` = R_T(k) − R_C(k) × N_T(k) / N_C(k)
    (responders in the treatment group minus the control group's responders scaled to the
    treatment group's size; 0 while the top k hold no control customer), and ``random``, the
    straight line a random order would give on average.

    Examples
    --------
    The treated responder is ranked first, the control responder last:

    >>> q = qini_curve([1, 0, 0, 1], [1, 0, 1, 0], [4, 3, 2, 1])
    >>> q["incremental"].tolist(), q["random"].tolist()
    ([0.0, 0.0, 1.0, 1.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0])
    """
    y = check_flags("response", response).to_numpy().astype(float)
    t = check_flags("treated", treated).to_numpy()
    _, y, t = _ranked(score, y, t)
    n_t = np.concatenate([[0.0], np.cumsum(t)])
    n_c = np.concatenate([[0.0], np.cumsum(~t)])
    r_t = np.concatenate([[0.0], np.cumsum(y * t)])
    r_c = np.concatenate([[0.0], np.cumsum(y * ~t)])
    with np.errstate(invalid="ignore", divide="ignore"):
        incremental = np.where(n_c > 0, r_t - r_c * n_t / np.where(n_c > 0, n_c, 1), 0.0)
    k = np.arange(len(y) + 1)
    return pd.DataFrame({"contacted": k, "contacted_share": k / len(y), "incremental": incremental, "random": incremental[-1] * k / len(y)})


def qini_area(curve: pd.DataFrame) -> float:
    """Area between a Qini curve and its random line, per customer (Qini 系数；越大越好，随机排序为 0).

    Examples
    --------
    >>> qini_area(qini_curve([1, 0, 0, 1], [1, 0, 1, 0], [4, 3, 2, 1]))
    0.125
    """
    x = curve["contacted_share"].to_numpy()
    gap = (curve["incremental"] - curve["random"]).to_numpy()
    return float(np.sum((gap[1:] + gap[:-1]) / 2 * np.diff(x)) / max(len(curve) - 1, 1))
