"""Checking that two engines agree: the same numbers (:func:`compare_frames`) and the same errors (:func:`compare_errors`).

Pure pandas: nothing here needs DuckDB or Spark, so the comparison can be
tested and used anywhere (the appendix notebook compares crmlab's pandas
functions with :mod:`crmlab.engine` on DuckDB).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._validation import CrmlabInputError, CrmlabTypeError
from ..glossary import TERMS_ATTR

#: The rows of :func:`compare_frames`, in order.
COMPARISON_ROWS = ("max_abs_diff", "max_rel_diff", "missing_mismatch")


def _as_numbers(values: pd.Series, side: str, column: str) -> np.ndarray:
    """A column as floats (dates as days since 1970-01-01), or a bilingual error for text."""
    if pd.api.types.is_datetime64_any_dtype(values):
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            values = values.dt.tz_convert(None)
        days = values.astype("datetime64[ns]").to_numpy().astype("int64") / 86_400e9
        return np.where(values.isna().to_numpy(), np.nan, days)
    if pd.api.types.is_bool_dtype(values) or pd.api.types.is_numeric_dtype(values):
        return values.to_numpy(dtype=float, na_value=np.nan)
    raise CrmlabTypeError(
        side,
        f"表格 {side} 的列 {column} 不是数字或日期（{values.dtype}），无法比较差别",
        f"column {column} of {side} is not numbers or dates ({values.dtype}); it cannot be compared",
    )


def compare_frames(left: pd.DataFrame, right: pd.DataFrame) -> pd.DataFrame:
    """How far apart two tables of the same rows and columns are, column by column (比较两张表的数字).

    Used to check that two engines computed the same table (e.g.
    :func:`crmlab.btyd.btyd_summary` and :func:`crmlab.engine.btyd_summary`).
    Both tables must have the same row labels in the same order and the same
    columns (else a bilingual error says what differs); the columns must hold
    numbers, booleans or dates (dates are compared in days).

    Parameters
    ----------
    left, right : DataFrame
        The two tables; ``left`` is the reference.

    Returns
    -------
    DataFrame
        One column per compared column and three rows: ``max_abs_diff``, the
        largest ``|left - right|``; ``max_rel_diff``, the largest
        ``|left - right| / max(|left|, 1)`` (so values near zero are compared
        absolutely); ``missing_mismatch``, the number of rows where exactly one
        side is missing (rows where both are missing count as equal and are left
        out of the differences). Tagged with ``left``'s term set, so
        :func:`crmlab.glossary.label_columns` shows it in Chinese.

    Raises
    ------
    CrmlabTypeError
        If either table is not a DataFrame or a column holds text.
    CrmlabInputError
        If the row labels, their order or the columns differ, or a table is empty.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"x": [1.0, 200.0, None], "n": [3, 4, 5]}, index=["p", "q", "r"])
    >>> b = pd.DataFrame({"x": [1.5, 202.0, None], "n": [3, 4, 5]}, index=["p", "q", "r"])
    >>> compare_frames(a, b)
                        x    n
    max_abs_diff      2.0  0.0
    max_rel_diff      0.5  0.0
    missing_mismatch  0.0  0.0
    >>> compare_frames(a, b.iloc[::-1])
    Traceback (most recent call last):
    ...
    crmlab._validation.CrmlabInputError: 两张表的行标签或顺序不同（例如第 1 行：'p' 对 'r'），请先对齐再比较 (left and right have different row labels or order, e.g. row 1: 'p' vs 'r')
    """
    for side, frame in (("left", left), ("right", right)):
        if not isinstance(frame, pd.DataFrame):
            kind = type(frame).__name__
            raise CrmlabTypeError(side, f"表格 {side} 必须是 pandas DataFrame，收到 {kind}", f"{side} must be a pandas DataFrame, got {kind}")
        if frame.empty:
            raise CrmlabInputError(side, f"表格 {side} 是空表，没有可以比较的数", f"{side} is empty")
    if list(left.columns) != list(right.columns):
        only_left = [c for c in left.columns if c not in right.columns]
        only_right = [c for c in right.columns if c not in left.columns]
        detail = f"只在 left：{only_left}；只在 right：{only_right}" if only_left or only_right else "顺序不同"
        raise CrmlabInputError(
            "right",
            f"两张表的列不同（{detail}）",
            f"left and right have different columns (only in left: {only_left}; only in right: {only_right})",
        )
    if len(left) != len(right) or not left.index.equals(right.index):
        if len(left) != len(right):
            raise CrmlabInputError(
                "right", f"两张表的行数不同（{len(left)} 对 {len(right)}）", f"left and right have {len(left)} and {len(right)} rows"
            )
        position = int(np.argmax(np.asarray(left.index != right.index)))
        pair = f"{left.index[position]!r} 对 {right.index[position]!r}"
        raise CrmlabInputError(
            "right",
            f"两张表的行标签或顺序不同（例如第 {position + 1} 行：{pair}），请先对齐再比较",
            f"left and right have different row labels or order, e.g. row {position + 1}: "
            f"{left.index[position]!r} vs {right.index[position]!r}",
        )
    result = {}
    for position, column in enumerate(left.columns):
        a = _as_numbers(left.iloc[:, position], "left", column)
        b = _as_numbers(right.iloc[:, position], "right", column)
        missing_a, missing_b = np.isnan(a), np.isnan(b)
        both = ~missing_a & ~missing_b
        gap = np.abs(a[both] - b[both])
        gap = np.where(a[both] == b[both], 0.0, gap)  # equal infinities are no difference
        relative = gap / np.maximum(np.abs(a[both]), 1.0)
        result[column] = [
            float(gap.max()) if gap.size else 0.0,
            float(relative.max()) if relative.size else 0.0,
            float((missing_a != missing_b).sum()),
        ]
    out = pd.DataFrame(result, index=pd.Index(COMPARISON_ROWS), columns=left.columns)
    if TERMS_ATTR in left.attrs:
        out.attrs[TERMS_ATTR] = left.attrs[TERMS_ATTR]
    return out


def compare_errors(cases: Mapping[str, Any]) -> pd.DataFrame:
    """Run several calls that should fail alike, and put their error messages side by side (比较报错).

    Used to check that two engines refuse bad input with the same message
    (e.g. :func:`crmlab.btyd.btyd_summary` on pandas and
    :func:`crmlab.engine.btyd_summary` on DuckDB). Only
    :class:`~crmlab.CrmlabInputError` (which includes ``CrmlabTypeError``) is
    caught; any other exception propagates, since it is a bug, not a message.

    Parameters
    ----------
    cases : dict
        Name -> the call to make: a tuple ``(function, arg, ...)`` (called as
        ``function(arg, ...)``) or a function of no arguments.

    Returns
    -------
    DataFrame
        One row per case, in the order given: ``raised`` (whether the call
        raised a ``CrmlabInputError``), ``message`` (its Chinese message, empty
        if it did not raise) and ``same_as_first`` (whether the error, i.e. its
        type and full bilingual message, is the same as the first case's).

    Raises
    ------
    CrmlabTypeError
        If ``cases`` is not a dict of calls.
    CrmlabInputError
        If ``cases`` is empty.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab import btyd, rfm
    >>> bad = pd.DataFrame({"customer_id": [1, 2], "date": ["2024-01-01", "2024-01-02"], "amount": [5.0, -1.0]})
    >>> table = compare_errors({"btyd": (btyd.btyd_summary, bad), "rfm": (rfm.rfm_table, bad), "ok": lambda: 1})
    >>> table["raised"].tolist(), table["same_as_first"].tolist()
    ([True, True, False], [True, True, False])
    >>> print(table.loc["rfm", "message"])
    列 amount 有 1 行为负数（退货？）；请先单独处理退货，再做分析
    """
    if not isinstance(cases, Mapping):
        kind = type(cases).__name__
        raise CrmlabTypeError("cases", f"调用 cases 必须是字典（名称 -> 调用），收到 {kind}", f"cases must be a dict (name -> call), got {kind}")
    if not cases:
        raise CrmlabInputError("cases", "调用 cases 是空的，没有可以比较的报错", "cases is empty")
    calls: dict[str, Callable[[], Any]] = {}
    for name, case in cases.items():
        if isinstance(case, tuple) and case and callable(case[0]):
            function, *args = case
            calls[name] = lambda function=function, args=args: function(*args)
        elif callable(case):
            calls[name] = case
        else:
            kind = type(case).__name__
            raise CrmlabTypeError(
                "cases",
                f"调用 cases 中的 {name!r} 必须是元组（函数，参数，…）或无参数的函数，收到 {kind}",
                f"cases[{name!r}] must be a tuple (function, arg, ...) or a function of no arguments, got {kind}",
            )
    rows, errors = [], []
    for name, call in calls.items():
        try:
            call()
        except CrmlabInputError as err:
            errors.append((type(err), str(err)))
            rows.append({"raised": True, "message": err.zh})
        else:
            errors.append(None)
            rows.append({"raised": False, "message": ""})
    for row, error in zip(rows, errors):
        row["same_as_first"] = error is not None and error == errors[0]
    return pd.DataFrame(rows, index=pd.Index(list(calls), name="call"), columns=["raised", "message", "same_as_first"])
