"""Input checks shared by the crmlab modules.

Every check raises :class:`CrmlabInputError` with one message in Chinese and
English that names the parameter (by its Chinese term and its identifier), says
what was expected and shows what was received, e.g.
``流失率 churn_rate 必须在 [0, 1) 内, 收到 1.5 (churn_rate must be in [0, 1), got 1.5)``.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable
from typing import Any

import numpy as np

from .glossary import term

__all__ = [
    "CrmlabInputError",
    "CrmlabTypeError",
    "check_number",
    "check_choice",
    "check_frame",
    "check_transactions",
    "check_as_of",
    "fmt",
]


class CrmlabInputError(ValueError):
    """A parameter or a column has a value crmlab cannot use (输入错误).

    The message is bilingual; ``parameter`` holds the offending name so that a
    widget or a test can tell which input was wrong.
    """

    def __init__(self, parameter: str | None, zh: str, en: str) -> None:
        self.parameter = parameter
        self.zh = zh
        self.en = en
        super().__init__(f"{zh} ({en})")


class CrmlabTypeError(CrmlabInputError, TypeError):
    """A parameter has the wrong type, e.g. the text ``"2400元"`` where a number belongs."""


def fmt(x: Any) -> str:
    """Format a number compactly for a message: ``2400.0`` -> ``'2400'``, ``0.2`` -> ``'0.2'``."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        return repr(x)
    x = float(x)
    if math.isfinite(x) and x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.6g}"


def _label(name: str) -> str:
    zh = term(name)
    return name if zh == name else f"{zh} {name}"


_UNIT_CHARS = re.compile(r"[元¥￥,，\s年人次个%％]")


def _string_hint(value: str) -> tuple[str, str]:
    """Suggest the number a student probably meant by a string such as '2400元' or '20%'."""
    stripped = _UNIT_CHARS.sub("", value)
    try:
        number = float(stripped)
    except ValueError:
        return "", ""
    if "%" in value or "％" in value:
        return f", 百分数请写成小数, 例如 {fmt(number / 100)}", f"; write a percentage as a fraction, e.g. {fmt(number / 100)}"
    return f", 请去掉单位只写数字, 例如 {fmt(number)}", f"; drop the unit and write the number, e.g. {fmt(number)}"


def _interval(low: float | None, high: float | None, low_open: bool, high_open: bool) -> tuple[str, str]:
    if low is not None and high is not None:
        text = f"{'(' if low_open else '['}{fmt(low)}, {fmt(high)}{')' if high_open else ']'}"
        return f"必须在 {text} 内", f"must be in {text}"
    if low is not None:
        if low == 0 and not low_open:
            return "不能为负数", "must not be negative"
        if low_open:
            return f"必须大于 {fmt(low)}", f"must be greater than {fmt(low)}"
        return f"必须不小于 {fmt(low)}", f"must be at least {fmt(low)}"
    if high is not None:
        if high_open:
            return f"必须小于 {fmt(high)}", f"must be less than {fmt(high)}"
        return f"必须不大于 {fmt(high)}", f"must be at most {fmt(high)}"
    return "", ""


def check_number(
    name: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    integer: bool = False,
) -> float:
    """Return ``value`` as a float (or int when ``integer``) after checking it.

    Rejects strings, booleans, ``None``, NaN and infinities, and values outside
    the interval given by ``low``/``high`` (closed unless ``*_open``).

    Examples
    --------
    >>> check_number("churn_rate", 0.2, low=0, high=1, high_open=True)
    0.2
    >>> check_number("churn_rate", 1.5, low=0, high=1, high_open=True)
    Traceback (most recent call last):
    ...
    crmlab._validation.CrmlabInputError: 流失率 churn_rate 必须在 [0, 1) 内, 收到 1.5 (churn_rate must be in [0, 1), got 1.5)
    """
    label = _label(name)
    if isinstance(value, str):
        hint_zh, hint_en = _string_hint(value)
        raise CrmlabTypeError(
            name,
            f"{label} 必须是数字, 收到文字 {value!r}{hint_zh}",
            f"{name} must be a number, got the string {value!r}{hint_en}",
        )
    if value is None:
        raise CrmlabTypeError(name, f"{label} 必须是数字, 收到 None", f"{name} must be a number, got None")
    if isinstance(value, (bool, np.bool_)):
        raise CrmlabTypeError(
            name, f"{label} 必须是数字, 收到布尔值 {value}", f"{name} must be a number, got the boolean {value}"
        )
    if not isinstance(value, numbers.Real):
        kind = type(value).__name__
        raise CrmlabTypeError(
            name, f"{label} 必须是单个数字, 收到 {kind} 类型的 {value!r}", f"{name} must be a single number, got a {kind}"
        )
    number = float(value)
    if not math.isfinite(number):
        raise CrmlabInputError(
            name, f"{label} 必须是有限的数字, 收到 {fmt(number)}", f"{name} must be a finite number, got {fmt(number)}"
        )
    if integer and number != int(number):
        raise CrmlabInputError(name, f"{label} 必须是整数, 收到 {fmt(number)}", f"{name} must be a whole number, got {fmt(number)}")
    below = low is not None and (number <= low if low_open else number < low)
    above = high is not None and (number >= high if high_open else number > high)
    if below or above:
        zh, en = _interval(low, high, low_open, high_open)
        raise CrmlabInputError(name, f"{label} {zh}, 收到 {fmt(number)}", f"{name} {en}, got {fmt(number)}")
    return int(number) if integer else number


def check_choice(name: str, value: Any, choices: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``choices``, else raise a bilingual error.

    Examples
    --------
    >>> check_choice("referral_model", "textbook", ["textbook", "lifetime"])
    'textbook'
    """
    options = list(choices)
    if value not in options:
        listed = ", ".join(repr(c) for c in options)
        raise CrmlabInputError(
            name,
            f"{_label(name)} 只能是 {listed} 之一, 收到 {value!r}",
            f"{name} must be one of {listed}, got {value!r}",
        )
    return value


def _examples(values) -> str:
    shown = [repr(v) for v in list(dict.fromkeys(values))[:3]]
    return ", ".join(shown)


def check_frame(frame: Any, name: str, columns: Iterable[str]) -> None:
    """Check that ``frame`` is a non-empty DataFrame with ``columns``."""
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise CrmlabTypeError(
            name,
            f"{name} 必须是 pandas DataFrame, 收到 {type(frame).__name__}",
            f"{name} must be a pandas DataFrame, got {type(frame).__name__}",
        )
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        have = ", ".join(map(str, frame.columns))
        listed = ", ".join(repr(c) for c in missing)
        raise CrmlabInputError(
            missing[0],
            f"{name} 缺少列 {listed} (现有列: {have}); 可以用参数指定列名, 例如 customer=\"会员号\"",
            f"{name} has no column {listed} (columns: {have}); name the column with the matching parameter",
        )
    if len(frame) == 0:
        raise CrmlabInputError(name, f"{name} 是空表, 没有可以分析的行", f"{name} is empty")


def check_transactions(
    frame: Any,
    *,
    customer: str = "customer_id",
    date: str = "date",
    amount: str | None = "amount",
    name: str = "transactions",
    duplicates: str = "keep",
):
    """Return a checked copy of a transaction log with parsed dates and numeric amounts.

    Every row must have a customer, a date that can be read as a date and (if
    ``amount`` is given) a finite, non-negative amount; otherwise a bilingual
    error names the column, the number of bad rows and a few examples. Dates
    may be datetimes or text such as ``"2024-03-01"``; numbers such as
    ``20240301`` are refused with a hint, because pandas would read them as
    nanoseconds. Exact duplicate rows are kept by default (two identical
    purchases on one day are common in real logs, e.g. CDNOW);
    ``duplicates="drop"`` removes them and ``"raise"`` refuses them. The
    caller's frame is never modified.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"customer_id": [1, 1], "date": ["2024-01-05", "2024-02-01"], "amount": [10, 20.5]})
    >>> check_transactions(t)["date"].dt.month.tolist()
    [1, 2]
    >>> check_transactions(t.assign(amount=["10", "20元"]))
    Traceback (most recent call last):
    ...
    crmlab._validation.CrmlabInputError: 列 amount 有 1 行不是数字 (例如 '20元') (column amount has 1 row(s) that are not numbers, e.g. '20元')
    """
    import pandas as pd

    check_choice("duplicates", duplicates, ["keep", "drop", "raise"])
    columns = [customer, date] + ([amount] if amount is not None else [])
    check_frame(frame, name, columns)
    # a shallow copy: columns are replaced, never changed in place, so the caller's frame is safe
    out = frame.copy(deep=False)
    ids = out[customer]
    if not pd.api.types.is_integer_dtype(ids) and ids.isna().any():
        bad = int(ids.isna().sum())
        raise CrmlabInputError(customer, f"列 {customer} 有 {bad} 行缺少客户编号", f"column {customer} has {bad} missing value(s)")
    raw = out[date]
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        raise CrmlabTypeError(
            date,
            f"列 {date} 是数字而不是日期 (例如 {_examples(raw.head())}); 如果是 20240301 这样的写法, "
            f"请先转换: pd.to_datetime(df[{date!r}].astype(str), format='%Y%m%d')",
            f"column {date} holds numbers, not dates; convert them first, e.g. with format='%Y%m%d'",
        )
    if not pd.api.types.is_datetime64_any_dtype(raw):
        parsed = pd.to_datetime(raw, errors="coerce")
        if parsed.isna().any() and not raw[parsed.isna()].isna().all():
            # the format inferred from the first value did not fit every row: read each row on its own
            parsed = pd.to_datetime(raw, errors="coerce", format="mixed")
        out[date] = parsed
    bad_dates = out[date].isna()
    if bad_dates.to_numpy().any():
        missing = int(raw[bad_dates].isna().sum())
        unreadable = int(bad_dates.sum()) - missing
        parts_zh, parts_en = [], []
        if missing:
            parts_zh.append(f"{missing} 行缺失")
            parts_en.append(f"{missing} missing")
        if unreadable:
            parts_zh.append(f"{unreadable} 行无法解析 (例如 {_examples(raw[bad_dates].dropna())})")
            parts_en.append(f"{unreadable} unreadable")
        raise CrmlabInputError(
            date, f"列 {date} 有{', '.join(parts_zh)}的日期", f"column {date} has {', '.join(parts_en)} date(s)"
        )
    if amount is not None:
        values = out[amount]
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            numeric = pd.to_numeric(values, errors="coerce")
            not_number = numeric.isna() & values.notna()
            if not_number.any():
                n = int(not_number.sum())
                raise CrmlabInputError(
                    amount,
                    f"列 {amount} 有 {n} 行不是数字 (例如 {_examples(values[not_number])})",
                    f"column {amount} has {n} row(s) that are not numbers, e.g. {_examples(values[not_number])}",
                )
            out[amount] = numeric
        values = out[amount].to_numpy(dtype=float, na_value=np.nan)
        if not np.isfinite(values).all():  # one pass on the happy path; details only when something is wrong
            missing = int(np.isnan(values).sum())
            if missing:
                raise CrmlabInputError(amount, f"列 {amount} 有 {missing} 行缺失值", f"column {amount} has {missing} missing value(s)")
            infinite = int((~np.isfinite(values)).sum())
            raise CrmlabInputError(amount, f"列 {amount} 有 {infinite} 行是无穷大", f"column {amount} has {infinite} infinite value(s)")
        negative = int((values < 0).sum())
        if negative:
            raise CrmlabInputError(
                amount,
                f"列 {amount} 有 {negative} 行为负数 (退货?); 请先单独处理退货, 再做分析",
                f"column {amount} has {negative} negative value(s) (returns?); handle returns before the analysis",
            )
    if duplicates != "keep":
        dup = out.duplicated()
        if dup.any():
            if duplicates == "raise":
                n = int(dup.sum())
                raise CrmlabInputError(
                    name,
                    f"{name} 有 {n} 行与前面某行完全相同; 如果它们是重复录入, 用 duplicates='drop' 删除; "
                    f"如果是同一天的多笔相同购买, 用 duplicates='keep'",
                    f"{name} has {n} exact duplicate row(s); use duplicates='drop' or 'keep'",
                )
            out = out[~dup]
    return out


def check_as_of(as_of: Any, dates, *, name: str = "as_of"):
    """Parse ``as_of`` as a timestamp and check it is not before every date in ``dates``."""
    import pandas as pd

    if as_of is None:
        raise CrmlabInputError(name, f"请给出分析日期 {name}, 例如 {name}=\"2025-12-31\"", f"give the analysis date {name}")
    try:
        stamp = pd.Timestamp(as_of)
    except (ValueError, TypeError) as err:
        raise CrmlabInputError(name, f"{name} 不是日期: {as_of!r}", f"{name} is not a date: {as_of!r}") from err
    if stamp is pd.NaT:
        raise CrmlabInputError(name, f"{name} 不是日期: {as_of!r}", f"{name} is not a date: {as_of!r}")
    first = dates.min()
    if stamp < first:
        raise CrmlabInputError(
            name,
            f"{name} = {stamp.date()} 早于全部交易 (最早一笔在 {first.date()}), 那时还没有任何客户",
            f"{name} = {stamp.date()} is before every transaction (the first is on {first.date()})",
        )
    return stamp
