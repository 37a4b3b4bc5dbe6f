"""Shared by the BTYD modules: time units, and the checks of frequency, recency and T arrays."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    MAX_DURATION,
    MAX_PARAMETER,
    CrmlabInputError,
    CrmlabTypeError,
    check_choice,
    check_number,
    check_numbers,
    fmt,
)
from ..glossary import BTYD_TERMS, with_terms

__all__ = [
    "TIME_UNITS",
]


#: Days in one unit of time for the periods crmlab summarises by (a month is 365.25 / 12 days on average).
TIME_UNITS: dict[str, float] = {"D": 1.0, "W": 7.0, "M": 365.25 / 12}


_UNIT_NAMES = {"D": "天", "W": "周", "M": "月"}


def _label(name: str) -> str:
    """``"重复购买次数 x frequency"``: the chapter-7 term (not the RFM one of the same English name) and the identifier."""
    return f"{BTYD_TERMS[name].split(' ')[0]} {name}" if name in BTYD_TERMS else name


def _unit_text(unit_days: float) -> str:
    for key, days in TIME_UNITS.items():
        if math.isclose(unit_days, days):
            return _UNIT_NAMES[key]
    return f"{fmt(round(unit_days, 6))} 天"


def _as_array(name: str, values: Any) -> np.ndarray:
    if isinstance(values, (str, bytes)) or values is None:
        raise CrmlabTypeError(name, f"{_label(name)} 必须是一列数字，收到 {values!r}", f"{name} must be a sequence of numbers")
    if isinstance(values, pd.DataFrame):
        raise CrmlabTypeError(
            name,
            f"{_label(name)} 必须是一列数字，收到整张表；请传入一列，例如 summary[{name!r}]",
            f"{name} must be one column, e.g. summary[{name!r}], not a whole table",
        )
    if not isinstance(values, pd.Series) and np.ndim(values) > 1:
        check_numbers(name, values)  # raises: a 2-D array is not one column
    series = values if isinstance(values, pd.Series) else pd.Series(np.atleast_1d(np.asarray(values, dtype=object)))
    if series.dtype == object:
        inferred = pd.Series(series.tolist()) if len(series) else series
        if pd.api.types.is_bool_dtype(inferred) or pd.api.types.is_complex_dtype(inferred) or pd.api.types.is_datetime64_any_dtype(inferred):
            series = inferred
    if (
        pd.api.types.is_bool_dtype(series) or pd.api.types.is_complex_dtype(series)
        or pd.api.types.is_datetime64_any_dtype(series) or pd.api.types.is_timedelta64_dtype(series)
        or (series.dtype == object and any(isinstance(v, (bool, np.bool_, complex)) for v in series))
    ):  # fmt: skip
        check_numbers(name, series)  # raises, naming the kind of value
    if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        numeric = pd.to_numeric(series, errors="coerce")
        bad = numeric.isna() & series.notna()
        if bad.any():
            raise CrmlabTypeError(
                name,
                f"{_label(name)} 有 {int(bad.sum())} 个值不是数字（例如 {series[bad].iloc[0]!r}）",
                f"{name} has {int(bad.sum())} value(s) that are not numbers",
            )
        series = numeric
    array = series.to_numpy(dtype=float, na_value=np.nan)
    if array.size == 0:
        raise CrmlabInputError(name, f"{_label(name)} 是空的，没有任何客户", f"{name} is empty: there are no customers")
    if not np.isfinite(array).all():
        n = int((~np.isfinite(array)).sum())
        raise CrmlabInputError(name, f"{_label(name)} 有 {n} 个缺失或无穷大的值", f"{name} has {n} missing or infinite value(s)")
    return array


def _model_parameter(name: str, value: Any) -> float:
    """A model parameter given by hand: a positive number up to :data:`crmlab._validation.MAX_PARAMETER`."""
    return check_number(name, value, low=0, low_open=True, cap=MAX_PARAMETER)


def _where(mask: np.ndarray, index: Any) -> str:
    """``"共 2 位客户, 例如 '乙'"`` (or ``"例如第 2 位"`` when the values carry no customer index)."""
    i = int(np.flatnonzero(mask)[0])
    example = f" {index[i]!r}" if index is not None else f"第 {i + 1} 位"
    return f"共 {int(mask.sum())} 位客户，例如{example}"


def _check_rft(frequency: Any, recency: Any, T: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    index = frequency.index if isinstance(frequency, pd.Series) else None
    x = _as_array("frequency", frequency)
    tx = _as_array("recency", recency)
    t = _as_array("T", T)
    if not (len(x) == len(tx) == len(t)):
        raise CrmlabInputError(
            "frequency",
            f"frequency、recency、T 的长度必须相同，收到 {len(x)}, {len(tx)}, {len(t)}",
            f"frequency, recency and T must have the same length, got {len(x)}, {len(tx)}, {len(t)}",
        )
    for name, values in (("frequency", x), ("recency", tx), ("T", t)):
        negative = values < 0
        if negative.any():
            raise CrmlabInputError(
                name, f"{_label(name)} 不能为负数：{_where(negative, index)}", f"{name} cannot be negative ({int(negative.sum())} customer(s))"
            )
        huge = values > MAX_DURATION
        if huge.any():
            raise CrmlabInputError(
                name, f"{_label(name)} 不能大于 {MAX_DURATION}（MAX_DURATION）：{_where(huge, index)}", f"{name} cannot exceed {MAX_DURATION} (MAX_DURATION)"
            )
    fractional = x != np.round(x)
    if fractional.any():
        raise CrmlabInputError(
            "frequency",
            f"{_label('frequency')} 必须是整数（重复购买的期数）：{_where(fractional, index)}",
            f"frequency must be whole numbers ({int(fractional.sum())} are not)",
        )
    late = tx > t * (1 + 1e-9) + 1e-12
    if late.any():
        i = int(np.flatnonzero(late)[0])
        raise CrmlabInputError(
            "recency",
            f"{_label('recency')} 不能大于 {_label('T')}：{_where(late, index)} (recency={fmt(tx[i])} > T={fmt(t[i])})；"
            f"recency 是首次到最后一次购买的时间，T 是首次购买到观察期末的时间",
            f"recency cannot exceed T ({int(late.sum())} customer(s))",
        )
    odd = (x == 0) & (tx > 0)
    if odd.any():
        raise CrmlabInputError(
            "recency",
            f"没有重复购买 (frequency=0) 的客户 recency 应为 0：{_where(odd, index)}",
            f"customers with frequency 0 must have recency 0 ({int(odd.sum())} do not)",
        )
    if not (t > 0).any():
        raise CrmlabInputError("T", f"{_label('T')} 全为 0：观察期太短，无法估计", "T is 0 for everyone: nothing to estimate")
    return x, tx, t


def _unique_rows(*columns: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    # np.unique(np.column_stack(columns), axis=0, return_counts=True), by one lexsort (several times faster)
    order = np.lexsort(columns[::-1])
    ordered = [np.asarray(c)[order] for c in columns]
    new = np.zeros(len(order), dtype=bool)
    new[:1] = True
    for c in ordered:
        new[1:] |= c[1:] != c[:-1]
    starts = np.flatnonzero(new)
    return [c[starts] for c in ordered], np.diff(np.append(starts, len(order))).astype(float)


def _nonneg(name: str, t: Any) -> Any:
    values = np.asarray(t, dtype=float)
    if not np.all(np.isfinite(values)) or np.any(values < 0):
        raise CrmlabInputError(name, f"预测时长 {name} 必须是非负的有限数，收到 {t!r}", f"{name} must be finite and non-negative")
    return values


def _unit_days(time_unit: Any) -> float:
    if isinstance(time_unit, str):
        return TIME_UNITS[check_choice("time_unit", time_unit, list(TIME_UNITS))]
    return check_number("time_unit", time_unit, low=0, low_open=True)


def btyd_table(function: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
    """Decorator: the table a BTYD function returns is tagged with the chapter-7 term set.

    So :func:`crmlab.glossary.label_columns` labels ``frequency`` as 重复购买次数 x
    (not RFM's purchase count) without the caller passing ``BTYD_TERMS``.
    """

    @functools.wraps(function)
    def tagged(*args: Any, **kwargs: Any) -> pd.DataFrame:
        return with_terms(function(*args, **kwargs), "btyd")

    return tagged
