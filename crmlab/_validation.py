"""Input checks shared by the crmlab modules.

Every check raises :class:`CrmlabInputError` with one message in Chinese and
English that names the parameter (by its Chinese term and its identifier), says
what was expected and shows what was received, e.g.
``流失率 churn_rate 必须在 [0, 1) 内, 收到 1.5 (churn_rate must be in [0, 1), got 1.5)``.

The rules every public function follows through these checks:

- **Dates** (:func:`parse_dates`, :func:`check_date`): datetimes or year-first
  text, read to the day, so ``as_of="2024-12-31"`` includes every purchase
  made that day; ambiguous text such as ``"05/01/2024"`` and time-zone-aware
  dates are refused with a hint saying how to convert them.
- **Ids**: a missing customer id (None, NaN, ``pd.NA``) is an error that counts
  them; a categorical id column keeps only the categories that occur.
- **Numbers** (:func:`check_numbers`): booleans, complex numbers, dates, NaN
  and infinities are refused where a number belongs; amounts above
  :data:`MAX_AMOUNT` are taken as a data error.
- **Flags** (:func:`check_flags`): True/False, 1/0 and 是/否 only.
- **Sizes** (:func:`check_size`): every count a function loops over or
  allocates has an upper bound (:data:`MAX_PERIODS`, :data:`MAX_CUSTOMERS`,
  :data:`MAX_FREQUENCY`, :data:`MAX_DURATION`, :data:`MAX_CELLS`), so a slip
  such as ``horizon=10**9`` is an error at once, not a hang.
"""

from __future__ import annotations

import functools
import math
import numbers
import re
from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from .glossary import term

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CrmlabInputError",
    "CrmlabTypeError",
    "check_number",
    "check_rate",
    "RATE_BOUNDS",
    "renamed",
    "RENAMED",
    "check_choice",
    "check_frame",
    "check_transactions",
    "check_as_of",
    "check_size",
    "check_column_name",
    "check_numbers",
    "check_flags",
    "parse_dates",
    "check_date",
    "fmt",
    "MAX_PERIODS",
    "MAX_CUSTOMERS",
    "MAX_FREQUENCY",
    "MAX_DURATION",
    "MAX_CELLS",
    "MAX_PARAMETER",
    "MAX_AMOUNT",
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
        return f"，百分数请写成小数，例如 {fmt(number / 100)}", f"; write a percentage as a fraction, e.g. {fmt(number / 100)}"
    return f"，请去掉单位只写数字，例如 {fmt(number)}", f"; drop the unit and write the number, e.g. {fmt(number)}"


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
    cap: float | None = None,
) -> float:
    """Return ``value`` as a float (or int when ``integer``) after checking it.

    Rejects strings, booleans, ``None``, NaN and infinities, and values outside
    the interval given by ``low``/``high`` (closed unless ``*_open``). ``cap``
    is a sanity bound (e.g. :data:`MAX_AMOUNT`, :data:`MAX_PERIODS`) with its
    own message, so that the usual message for ``low``/``high`` stays short.

    Examples
    --------
    >>> check_number("churn_rate", 0.2, low=0, high=1, high_open=True)
    0.2
    >>> check_number("churn_rate", 1.5, low=0, high=1, high_open=True)
    Traceback (most recent call last):
    ...
    crmlab._validation.CrmlabInputError: 流失率 churn_rate 必须在 [0, 1) 内，收到 1.5 (churn_rate must be in [0, 1), got 1.5)
    """
    label = _label(name)
    if isinstance(value, str):
        hint_zh, hint_en = _string_hint(value)
        raise CrmlabTypeError(
            name,
            f"{label} 必须是数字，收到文字 {value!r}{hint_zh}",
            f"{name} must be a number, got the string {value!r}{hint_en}",
        )
    if value is None:
        raise CrmlabTypeError(name, f"{label} 必须是数字，收到 None", f"{name} must be a number, got None")
    if isinstance(value, (bool, np.bool_)):
        raise CrmlabTypeError(
            name, f"{label} 必须是数字，收到布尔值 {value}", f"{name} must be a number, got the boolean {value}"
        )
    if not isinstance(value, numbers.Real):
        kind = type(value).__name__
        raise CrmlabTypeError(
            name, f"{label} 必须是单个数字，收到 {kind} 类型的 {value!r}", f"{name} must be a single number, got a {kind}"
        )
    number = float(value)
    if not math.isfinite(number):
        raise CrmlabInputError(
            name, f"{label} 必须是有限的数字，收到 {fmt(number)}", f"{name} must be a finite number, got {fmt(number)}"
        )
    if integer and number != int(number):
        raise CrmlabInputError(name, f"{label} 必须是整数，收到 {fmt(number)}", f"{name} must be a whole number, got {fmt(number)}")
    below = low is not None and (number <= low if low_open else number < low)
    above = high is not None and (number >= high if high_open else number > high)
    if below or above:
        zh, en = _interval(low, high, low_open, high_open)
        raise CrmlabInputError(name, f"{label} {zh}，收到 {fmt(number)}", f"{name} {en}, got {fmt(number)}")
    if cap is not None and number > cap:
        raise CrmlabInputError(
            name,
            f"{label} 太大：上限是 {fmt(cap)}，收到 {fmt(number)}",
            f"{name} is too large: the upper bound is {fmt(cap)}, got {fmt(number)}",
        )
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
            f"{_label(name)} 只能是 {listed} 之一，收到 {value!r}",
            f"{name} must be one of {listed}, got {value!r}",
        )
    return value


def _examples(values) -> str:
    shown = [repr(v) for v in list(dict.fromkeys(values))[:3]]
    return ", ".join(shown)


# --------------------------------------- messages shared with crmlab.engine
# check_transactions (pandas) and crmlab.engine._sql._check (SQL) find the same faults in a
# transaction log by different means; these builders give both the same wording, so the two
# cannot drift. ``shown`` is a few offending values, already written out (see _examples).


def _empty_error(name: str) -> CrmlabInputError:
    return CrmlabInputError(name, f"{name} 是空表，没有可以分析的行", f"{name} is empty")


def _missing_ids_error(column: str, n: int) -> CrmlabInputError:
    return CrmlabInputError(
        column, f"列 {column} 有 {n} 行缺少客户编号；请先补上或删除这些行", f"column {column} has {n} missing value(s)"
    )


def _numeric_dates_error(column: str, shown: str) -> CrmlabTypeError:
    return CrmlabTypeError(
        column,
        f"列 {column} 是数字而不是日期（例如 {shown}）；如果是 20240301 这样的写法，"
        f"请先转换：pd.to_datetime(df[{column!r}].astype(str), format='%Y%m%d')",
        f"column {column} holds numbers, not dates; convert them first, e.g. with format='%Y%m%d'",
    )


def _bad_dates_error(column: str, missing: int, unreadable: int, shown: str) -> CrmlabInputError:
    parts_zh, parts_en = [], []
    if missing:
        parts_zh.append(f"{missing} 行缺失")
        parts_en.append(f"{missing} missing")
    if unreadable:
        parts_zh.append(f"{unreadable} 行无法解析（例如 {shown}）")
        parts_en.append(f"{unreadable} unreadable")
    return CrmlabInputError(column, f"列 {column} 有{'、'.join(parts_zh)}的日期", f"column {column} has {', '.join(parts_en)} date(s)")


def _not_numbers_error(column: str, n: int, shown: str) -> CrmlabInputError:
    return CrmlabInputError(
        column, f"列 {column} 有 {n} 行不是数字（例如 {shown}）", f"column {column} has {n} row(s) that are not numbers, e.g. {shown}"
    )


def _missing_amounts_error(column: str, n: int) -> CrmlabInputError:
    return CrmlabInputError(column, f"列 {column} 有 {n} 行缺失值", f"column {column} has {n} missing value(s)")


def _infinite_amounts_error(column: str, n: int) -> CrmlabInputError:
    return CrmlabInputError(column, f"列 {column} 有 {n} 行是无穷大", f"column {column} has {n} infinite value(s)")


def _huge_amounts_error(column: str, n: int) -> CrmlabInputError:
    return CrmlabInputError(
        column,
        f"列 {column} 有 {n} 行大于 {fmt(MAX_AMOUNT)}（MAX_AMOUNT），应是录入错误；合计会溢出",
        f"column {column} has {n} value(s) above {fmt(MAX_AMOUNT)} (MAX_AMOUNT); totals would overflow",
    )


def _negative_amounts_error(column: str, n: int) -> CrmlabInputError:
    return CrmlabInputError(
        column,
        f"列 {column} 有 {n} 行为负数（退货？）；请先单独处理退货，再做分析",
        f"column {column} has {n} negative value(s) (returns?); handle returns before the analysis",
    )


def check_frame(frame: Any, name: str, columns: Iterable[str]) -> None:
    """Check that ``frame`` is a non-empty DataFrame with ``columns``."""
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise CrmlabTypeError(
            name,
            f"{name} 必须是 pandas DataFrame，收到 {type(frame).__name__}",
            f"{name} must be a pandas DataFrame, got {type(frame).__name__}",
        )
    columns = [check_column_name("columns" if c is None else str(c), c) if not isinstance(c, str) else c for c in columns]
    _frame_shape(frame, name, columns)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        have = ", ".join(map(str, frame.columns))
        listed = ", ".join(repr(c) for c in missing)
        raise CrmlabInputError(
            missing[0],
            f"{name} 缺少列 {listed}（现有列：{have}）；可以用参数指定列名，例如 customer=\"会员号\"",
            f"{name} has no column {listed} (columns: {have}); name the column with the matching parameter",
        )
    if len(frame) == 0:
        raise _empty_error(name)


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
    follow the one rule of :func:`parse_dates` (datetimes or year-first text
    such as ``"2024-03-01"``, read to the day; ambiguous text such as
    ``"05/01/2024"``, numbers such as ``20240301`` and time-zone-aware dates are
    refused with a hint). Amounts must be real numbers (not booleans, complex
    numbers or dates) no larger than :data:`MAX_AMOUNT`. A categorical customer
    column keeps only the categories that occur. Exact duplicate rows are kept by default (two identical
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
    crmlab._validation.CrmlabInputError: 列 amount 有 1 行不是数字（例如 '20元'） (column amount has 1 row(s) that are not numbers, e.g. '20元')
    """
    import pandas as pd

    check_choice("duplicates", duplicates, ["keep", "drop", "raise"])
    columns = [customer, date] + ([amount] if amount is not None else [])
    check_frame(frame, name, columns)
    # a shallow copy: columns are replaced, never changed in place, so the caller's frame is safe
    out = frame.copy(deep=False)
    if any(n is not None for n in out.index.names):
        out.index = out.index.set_names([None] * out.index.nlevels)
    ids = out[customer]
    if ids.isna().any():
        bad = int(ids.isna().sum())
        raise _missing_ids_error(customer, bad)
    if isinstance(ids.dtype, pd.CategoricalDtype):
        # unused categories would become customers without purchases in every groupby (pandas 2)
        out[customer] = ids.cat.remove_unused_categories()
    raw = out[date]
    out[date] = parse_dates(date, raw).to_numpy()
    bad_dates = out[date].isna().to_numpy()
    if bad_dates.any():
        missing = int(raw[bad_dates].isna().sum())
        unreadable = int(bad_dates.sum()) - missing
        raise _bad_dates_error(date, missing, unreadable, _examples(raw[bad_dates].dropna()))
    if amount is not None:
        values = out[amount]
        zh, en = _kind(values)
        if not zh and values.dtype == object:
            present = values.dropna()
            if any(isinstance(v, (bool, np.bool_)) for v in present):
                zh, en = "布尔值（True/False）", "booleans"
            elif any(isinstance(v, (complex, np.complexfloating)) for v in present):
                zh, en = "复数", "complex numbers"
        if zh:
            raise CrmlabTypeError(amount, f"列 {amount} 必须是数字，收到{zh}", f"column {amount} must hold numbers, got {en}")
        if not pd.api.types.is_numeric_dtype(values):
            numeric = pd.to_numeric(values, errors="coerce")
            not_number = numeric.isna() & values.notna()
            if not_number.any():
                n = int(not_number.sum())
                raise _not_numbers_error(amount, n, _examples(values[not_number]))
            out[amount] = numeric
        values = out[amount].to_numpy(dtype=float, na_value=np.nan)
        if isinstance(out[amount].dtype, pd.api.extensions.ExtensionDtype):
            out[amount] = values  # nullable Int64/Float64: plain floats, the same on every pandas version
        if not np.isfinite(values).all():  # one pass on the happy path; details only when something is wrong
            missing = int(np.isnan(values).sum())
            if missing:
                raise _missing_amounts_error(amount, missing)
            infinite = int((~np.isfinite(values)).sum())
            raise _infinite_amounts_error(amount, infinite)
        negative = int((values < 0).sum())
        if negative:
            raise _negative_amounts_error(amount, negative)
        huge = int((values > MAX_AMOUNT).sum())
        if huge:
            raise _huge_amounts_error(amount, huge)
    if duplicates != "keep":
        dup = out.duplicated()
        if dup.any():
            if duplicates == "raise":
                n = int(dup.sum())
                raise CrmlabInputError(
                    name,
                    f"{name} 有 {n} 行与前面某行完全相同；如果它们是重复录入，用 duplicates='drop' 删除；"
                    f"如果是同一天的多笔相同购买，用 duplicates='keep'",
                    f"{name} has {n} exact duplicate row(s); use duplicates='drop' or 'keep'",
                )
            out = out[~dup]
    return out


def check_as_of(as_of: Any, dates, *, name: str = "as_of"):
    """Parse ``as_of`` as a date and check it is not before every date in ``dates``.

    Dates are read to the day (see :func:`parse_dates`): ``as_of="2024-12-31"``
    includes every purchase made on 31 December, whatever its time of day, and a
    time given in ``as_of`` is dropped. Time-zone-aware dates are refused.
    """

    if as_of is None:
        raise CrmlabInputError(name, f"请给出分析日期 {name}，例如 {name}=\"2025-12-31\"", f"give the analysis date {name}")
    stamp = check_date(name, as_of)
    first = dates.min()
    if stamp < first:
        raise CrmlabInputError(
            name,
            f"{name} = {stamp.date()} 早于全部交易（最早一笔在 {first.date()}），那时还没有任何客户",
            f"{name} = {stamp.date()} is before every transaction (the first is on {first.date()})",
        )
    return stamp


# ----------------------------------------------------------------- size bounds

#: Upper bound for a number of periods (years, months, weeks) that a function steps through or tabulates.
MAX_PERIODS = 100_000
#: Upper bound for a number of simulated customers (one row or one random draw each).
MAX_CUSTOMERS = 10_000_000
#: Upper bound for a frequency that a table has one row for (``max_frequency``).
MAX_FREQUENCY = 10_000
#: Upper bound for a duration in days, weeks or other time units (about 270 years in days).
MAX_DURATION = 100_000
#: Upper bound for the cells of a table a function allocates (customers × steps, rows × columns).
MAX_CELLS = 20_000_000
#: Upper bound for a model parameter given by hand (BG/NBD r, alpha, a, b; Gamma-Gamma p, q, gamma).
MAX_PARAMETER = 1e8
#: Upper bound for one amount in yuan; larger values are taken as a data error (totals would overflow).
MAX_AMOUNT = 1e15


def check_size(name: str, value: Any, *, low: int = 1, high: int = MAX_PERIODS) -> int:
    """Return ``value`` as an int in ``[low, high]``: a count that a function loops over or allocates.

    Every size parameter (``horizon``, ``periods``, ``customers``, ``max_frequency``...) has
    an upper bound, so that a typing slip such as ``horizon=10**9`` gives an error at
    once instead of a long wait or a ``MemoryError``.

    Examples
    --------
    >>> check_size("horizon", 10)
    10
    >>> check_size("horizon", 10**9)
    Traceback (most recent call last):
    ...
    crmlab._validation.CrmlabInputError: 计算年限 horizon 太大：上限是 100000，收到 1000000000 (horizon is too large: the upper bound is 100000, got 1000000000)
    """
    return int(check_number(name, value, low=low, cap=high, integer=True))


def check_column_name(name: str, value: Any) -> Any:
    """Check that a column-name parameter (``customer=``, ``date=``...) is one name, not a list."""
    if value is None or isinstance(value, (list, tuple, set, dict)) or not isinstance(value, Hashable):
        raise CrmlabTypeError(
            name,
            f"参数 {name} 必须是一个列名（例如 {name}=\"会员号\"），收到 {type(value).__name__} {value!r}",
            f"{name} must be one column name, got {type(value).__name__} {value!r}",
        )
    return value


def _frame_shape(frame: Any, name: str, columns: list) -> None:
    """Refuse duplicate column names and index levels that repeat a needed column."""
    import pandas as pd

    if isinstance(frame.columns, pd.MultiIndex):
        raise CrmlabInputError(
            name,
            f"{name} 的列名有多层（MultiIndex）；请先把列名压成一层，例如 df.columns = ['_'.join(map(str, c)) for c in df.columns]",
            f"{name} has MultiIndex columns; flatten them first",
        )
    duplicated = frame.columns[frame.columns.duplicated()]
    if len(duplicated):
        listed = ", ".join(repr(c) for c in dict.fromkeys(duplicated))
        raise CrmlabInputError(
            name,
            f"{name} 有重复的列名 {listed}；请先改名或删除重复的列",
            f"{name} has duplicated column name(s) {listed}",
        )
    if name == "transactions":  # a log's index is never used: check_transactions drops its names
        return
    clash = [c for c in columns if c in [n for n in frame.index.names if n is not None]]
    if clash:
        listed = ", ".join(repr(c) for c in clash)
        raise CrmlabInputError(
            clash[0],
            f"{name} 的索引和列都叫 {listed}，无法确定用哪一个；请先 df.reset_index(drop=True) 或给索引改名",
            f"{name} has both an index level and a column named {listed}; reset or rename the index",
        )


def _kind(values) -> str:
    import pandas as pd

    if pd.api.types.is_bool_dtype(values):
        return "布尔值（True/False）", "booleans"
    if pd.api.types.is_complex_dtype(values):
        return "复数", "complex numbers"
    if pd.api.types.is_datetime64_any_dtype(values) or isinstance(values.dtype, pd.PeriodDtype):
        return "日期", "dates"
    if pd.api.types.is_timedelta64_dtype(values):
        return "时间差", "time differences"
    return "", ""


def check_numbers(
    name: str,
    values: Any,
    *,
    low: float | None = None,
    high: float | None = MAX_AMOUNT,
    integer: bool = False,
    allow_empty: bool = False,
) -> "pd.Series":
    """Return a 1-D sequence of numbers as a float Series (index kept) after checking every value.

    Refuses a whole table, a 2-D array, a string, booleans, complex numbers,
    dates and time differences (each would be read as a number silently: True as
    1, a date as nanoseconds), missing values and infinities (counted), values
    above ``high`` (by default :data:`MAX_AMOUNT`, so that totals cannot
    overflow) or below ``low``, and, with ``integer``, fractions.

    Examples
    --------
    >>> check_numbers("values", [1, 2.5]).tolist()
    [1.0, 2.5]
    >>> check_numbers("scores", [True, False])
    Traceback (most recent call last):
    ...
    crmlab._validation.CrmlabTypeError: scores 必须是数字，收到布尔值（True/False） (scores must be numbers, got booleans)
    """
    import pandas as pd

    label = _label(name)
    if isinstance(values, pd.DataFrame):
        if values.shape[1] != 1:
            raise CrmlabTypeError(
                name,
                f"{label} 必须是一列数字，收到 {values.shape[1]} 列的整张表；请只传入一列，例如 df[\"列名\"]",
                f"{name} must be one column, got a table with {values.shape[1]} columns",
            )
        values = values.iloc[:, 0]
    if values is None or isinstance(values, (str, bytes, dict, set)) or isinstance(values, numbers.Number):
        raise CrmlabTypeError(
            name, f"{label} 必须是一列数字（列表或 Series），收到 {values!r}", f"{name} must be a sequence of numbers, got {values!r}"
        )
    if not isinstance(values, pd.Series):
        try:
            array = np.asarray(values)
        except (ValueError, TypeError) as err:
            raise CrmlabTypeError(name, f"{label} 不是一列数字", f"{name} is not a sequence of numbers") from err
        if array.ndim != 1:
            raise CrmlabTypeError(
                name,
                f"{label} 必须是一维的一列数字，收到形状为 {array.shape} 的数组",
                f"{name} must be one-dimensional, got an array of shape {array.shape}",
            )
        if array.dtype.kind in "OUS":
            objects = list(array)
            if any(isinstance(v, (bool, np.bool_)) for v in objects):
                zh, en = "布尔值（True/False）", "booleans"
                raise CrmlabTypeError(name, f"{label} 必须是数字，收到{zh}", f"{name} must be numbers, got {en}")
            if any(isinstance(v, (complex, np.complexfloating)) for v in objects):
                raise CrmlabTypeError(name, f"{label} 必须是数字，收到复数", f"{name} must be numbers, got complex numbers")
        values = pd.Series(array)
    zh, en = _kind(values)
    if zh:
        raise CrmlabTypeError(name, f"{label} 必须是数字，收到{zh}", f"{name} must be numbers, got {en}")
    if len(values) == 0:
        if allow_empty:
            return pd.Series([], dtype=float, index=values.index)
        raise CrmlabInputError(name, f"{label} 是空的，没有可以计算的值", f"{name} is empty")
    if not pd.api.types.is_numeric_dtype(values):
        objects = values.dropna()
        if any(isinstance(v, (bool, np.bool_)) for v in objects):
            raise CrmlabTypeError(name, f"{label} 必须是数字，收到布尔值（True/False）", f"{name} must be numbers, got booleans")
        if any(isinstance(v, (complex, np.complexfloating)) for v in objects):
            raise CrmlabTypeError(name, f"{label} 必须是数字，收到复数", f"{name} must be numbers, got complex numbers")
        numeric = pd.to_numeric(values, errors="coerce")
        bad = numeric.isna() & values.notna()
        if bad.any():
            n = int(bad.sum())
            raise CrmlabTypeError(
                name,
                f"{label} 有 {n} 个值不是数字（例如 {_examples(values[bad])}）",
                f"{name} has {n} value(s) that are not numbers, e.g. {_examples(values[bad])}",
            )
        values = numeric
    array = values.to_numpy(dtype=float, na_value=np.nan)
    if not np.isfinite(array).all():
        missing = int(np.isnan(array).sum())
        infinite = int(np.isinf(array).sum())
        parts_zh = [p for p in (f"{missing} 个缺失值" if missing else "", f"{infinite} 个无穷大" if infinite else "") if p]
        parts_en = [p for p in (f"{missing} missing" if missing else "", f"{infinite} infinite" if infinite else "") if p]
        raise CrmlabInputError(
            name, f"{label} 有{'、'.join(parts_zh)}；请先处理这些值", f"{name} has {' and '.join(parts_en)} value(s)"
        )
    for bound, outside, word_zh, word_en in (
        (low, array < low if low is not None else None, "小于", "below"),
        (high, array > high if high is not None else None, "大于", "above"),
    ):
        if bound is not None and outside.any():
            n = int(outside.sum())
            raise CrmlabInputError(
                name,
                f"{label} 有 {n} 个值{word_zh} {fmt(bound)}（例如 {fmt(array[outside][0])}）",
                f"{name} has {n} value(s) {word_en} {fmt(bound)}, e.g. {fmt(array[outside][0])}",
            )
    if integer:
        fractional = array != np.round(array)
        if fractional.any():
            n = int(fractional.sum())
            raise CrmlabInputError(
                name, f"{label} 有 {n} 个值不是整数（例如 {fmt(array[fractional][0])}）", f"{name} has {n} value(s) that are not whole numbers"
            )
    return pd.Series(array, index=values.index, name=values.name)


_TRUE = {"true", "1", "是"}
_FALSE = {"false", "0", "否"}


def check_flags(name: str, values: Any) -> "pd.Series":
    """Parse a yes/no column strictly into a bool Series (index kept).

    Accepted: booleans, the numbers 0 and 1, and the texts True/False (any
    case), 1/0 and 是/否. Missing values and anything else are an error that
    counts them: ``astype(bool)`` would read the text "False" and NaN as True.

    Examples
    --------
    >>> check_flags("targeted", ["是", "否", True, 0]).tolist()
    [True, False, True, False]
    >>> check_flags("targeted", ["True", "maybe"])
    Traceback (most recent call last):
    ...
    crmlab._validation.CrmlabInputError: 是否目标客户 targeted 有 1 个值不是 是/否（例如 'maybe'）；只能是 True/False、1/0 或 是/否 (targeted has 1 value(s) that are not yes/no, e.g. 'maybe')
    """
    import pandas as pd

    series = values if isinstance(values, pd.Series) else pd.Series(list(values) if not np.isscalar(values) else [values])
    if pd.api.types.is_bool_dtype(series) and not series.isna().any():
        return series.astype(bool)

    def parse(v):
        if isinstance(v, (bool, np.bool_)):
            return bool(v)
        if isinstance(v, numbers.Real) and not (isinstance(v, float) and math.isnan(v)) and v in (0, 1):
            return bool(v)
        if isinstance(v, str):
            text = v.strip().lower()
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
        return None

    parsed = [parse(v) for v in series.astype(object)]
    bad = pd.Series([p is None for p in parsed], index=series.index)
    if bad.any():
        n = int(bad.sum())
        missing = int(series[bad].isna().sum())
        example = _examples(series[bad].astype(object))
        raise CrmlabInputError(
            name,
            f"{_label(name)} 有 {n} 个值不是 是/否（例如 {example}）" + (f"，其中 {missing} 个缺失" if missing else "")
            + "；只能是 True/False、1/0 或 是/否",
            f"{name} has {n} value(s) that are not yes/no, e.g. {example}",
        )
    return pd.Series(parsed, index=series.index, name=series.name, dtype=bool)


_YEAR_FIRST = r"^\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*$"
_ZONE = r"(?:Z|[+-]\d{2}:?\d{2})\s*$"
_AWARE_HINT_ZH = "请先换成不带时区的本地时间，例如 df[col] = df[col].dt.tz_convert(\"Asia/Shanghai\").dt.tz_localize(None)"


def _aware_error(name: str, *, column: bool = False) -> "CrmlabInputError":
    return CrmlabInputError(
        name,
        f"{'列 ' if column else ''}{name} 带有时区；crmlab 只接受不带时区的日期（按天计算）。{_AWARE_HINT_ZH}",
        f"{name} has a time zone; crmlab takes time-zone-naive dates: convert with "
        "dt.tz_convert(zone).dt.tz_localize(None) first",
    )


def _to_ns(parsed):
    """Nanosecond datetimes; dates outside pandas' nanosecond range (1677-2262) become NaT (counted as unreadable)."""
    import pandas as pd

    if parsed.dtype == "datetime64[ns]":  # in range by construction
        return parsed
    if parsed.dtype.kind == "M":  # another unit: two reductions instead of two slow element-wise comparisons
        first, last = parsed.min(), parsed.max()
        if pd.isna(first) or (first >= pd.Timestamp.min and last <= pd.Timestamp.max):
            return pd.Series(parsed.to_numpy().astype("datetime64[ns]"), index=parsed.index, name=parsed.name)  # numpy: 10x faster on pandas 2
    inside = (parsed >= pd.Timestamp.min) & (parsed <= pd.Timestamp.max)
    return parsed.where(inside).astype("datetime64[ns]")


def parse_dates(name: str, raw: Any) -> "pd.Series":
    """Read a column of dates: datetimes, or text written year first (``"2024-03-01"``, ``"2024/3/1"``).

    The rule, the same in every function:

    - Dates are read **to the day**: a time of day is dropped, so an analysis
      date ``as_of="2024-12-31"`` includes every purchase made on 31 December,
      whatever its time.
    - Text must be written year first (ISO style). Text such as ``"05/01/2024"``
      is ambiguous (5 January or 1 May?) and is refused with a hint: parse it
      yourself, e.g. ``pd.to_datetime(df["date"], format="%d/%m/%Y")`` or
      ``dayfirst=True``.
    - Dates with a time zone (or text with an offset such as ``+08:00``) are
      refused: convert them to local time without a zone first, e.g.
      ``df["date"].dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)``.
    - Numbers (such as ``20240301``) and booleans are refused, because pandas
      would read them as nanoseconds.

    Missing and unreadable values are left as NaT; the caller counts them.

    Examples
    --------
    >>> import pandas as pd
    >>> parse_dates("date", pd.Series(["2024-03-01", "2024/3/2 18:30"])).dt.day.tolist()
    [1, 2]
    >>> parse_dates("date", pd.Series(["05/01/2024"]))
    Traceback (most recent call last):
    ...
    crmlab._validation.CrmlabInputError: 列 date 有 1 个日期不是“年-月-日”写法（例如 '05/01/2024'），无法确定是几月几日；请先自己转换，例如 pd.to_datetime(df['date'], format='%d/%m/%Y') 或 dayfirst=True (column date has 1 date(s) not written year first, e.g. '05/01/2024': parse them yourself with pd.to_datetime(..., format=...) or dayfirst=True)
    """
    import pandas as pd

    series = raw if isinstance(raw, pd.Series) else pd.Series(raw)
    original_index = series.index
    series = series.reset_index(drop=True)  # positions, so that duplicate index labels are harmless
    if isinstance(series.dtype, pd.CategoricalDtype):
        series = series.astype(object)
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        raise _aware_error(name, column=True)
    if pd.api.types.is_datetime64_any_dtype(series):
        return _to_ns(series).dt.normalize().set_axis(original_index)
    if pd.api.types.is_bool_dtype(series) or (pd.api.types.is_numeric_dtype(series)):
        raise _numeric_dates_error(name, _examples(series.head()))
    present = series.dropna()
    if any(isinstance(v, (bool, np.bool_, numbers.Number)) and not isinstance(v, (pd.Timestamp,)) for v in present):
        raise CrmlabTypeError(
            name, f"列 {name} 里有数字或布尔值而不是日期", f"column {name} holds numbers or booleans, not dates"
        )
    is_text = present.map(lambda v: isinstance(v, str))
    text = present[is_text].astype(str)
    others = present[~is_text]
    if any(getattr(v, "tzinfo", None) is not None for v in others):
        raise _aware_error(name, column=True)
    out = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    if len(others):
        out.loc[others.index] = _to_ns(pd.to_datetime(others.astype(object), errors="coerce"))
    if len(text):
        if text.str.contains(_ZONE, regex=True).any() and text.str.contains(r"\d:\d{2}", regex=True).any():
            raise _aware_error(name, column=True)
        year_first = text.str.match(_YEAR_FIRST)
        if not year_first.all():
            other = text[~year_first]
            readable = pd.to_datetime(other, errors="coerce", format="mixed").notna()
            if readable.any():
                n = int(readable.sum())
                raise CrmlabInputError(
                    name,
                    f"列 {name} 有 {n} 个日期不是“年-月-日”写法（例如 {_examples(other[readable])}），无法确定是几月几日；"
                    f"请先自己转换，例如 pd.to_datetime(df[{name!r}], format='%d/%m/%Y') 或 dayfirst=True",
                    f"column {name} has {n} date(s) not written year first, e.g. {_examples(other[readable])}: "
                    "parse them yourself with pd.to_datetime(..., format=...) or dayfirst=True",
                )
        good = text[year_first]
        if len(good):
            iso = good.str.strip().str.replace(r"[/.](?=\d)", "-", regex=True).str.replace(
                r"^(\d{4})-(\d{1,2})-(\d{1,2})", lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", regex=True
            )
            out.loc[good.index] = _to_ns(pd.to_datetime(iso, errors="coerce", format="ISO8601"))
    return out.dt.normalize().set_axis(original_index)


def check_date(name: str, value: Any) -> "pd.Timestamp":
    """Read one date parameter (``as_of``, ``start``, ``calibration_end``...) by the rule of :func:`parse_dates`.

    Examples
    --------
    >>> check_date("start", "2024-03-04")
    Timestamp('2024-03-04 00:00:00')
    >>> check_date("start", 20240304)
    Traceback (most recent call last):
    ...
    crmlab._validation.CrmlabTypeError: start 必须是日期（例如 "2024-03-04"），收到 int 20240304 (start must be a date such as "2024-03-04", got int 20240304)
    """
    import datetime

    import pandas as pd

    if isinstance(value, (str, datetime.date, np.datetime64)) and not isinstance(value, bool):
        if isinstance(value, (datetime.datetime, pd.Timestamp)) and value.tzinfo is not None:
            raise _aware_error(name)
        try:
            parsed = parse_dates(name, pd.Series([value], dtype=object))
        except CrmlabInputError as err:
            raise CrmlabInputError(name, err.zh.replace(f"列 {name}", name), err.en.replace(f"column {name}", name)) from None
        stamp = parsed.iloc[0]
        if stamp is not pd.NaT and not pd.isna(stamp):
            return pd.Timestamp(stamp)
        raise CrmlabInputError(name, f"{name} 不是日期：{value!r}", f"{name} is not a date: {value!r}")
    raise CrmlabTypeError(
        name,
        f"{name} 必须是日期（例如 \"2024-03-04\"），收到 {type(value).__name__} {value!r}",
        f"{name} must be a date such as \"2024-03-04\", got {type(value).__name__} {value!r}",
    )


# ------------------------------------------------------------ one vocabulary

#: The interval of every rate parameter, the same in every module: (low, high, low_open, high_open).
#: A discount rate of 0 (no discounting) is allowed everywhere; a function whose sum then diverges
#: (an infinite horizon) says so itself.
RATE_BOUNDS: dict[str, tuple[float, float | None, bool, bool]] = {
    "churn_rate": (0.0, 1.0, False, True),
    "discount_rate": (0.0, None, False, False),
    "margin": (0.0, 1.0, False, False),
    "retention_rate": (0.0, 1.0, False, False),
    "upsell_probability": (0.0, 1.0, False, False),
}


def check_rate(name: str, value: Any) -> float:
    """Check a rate parameter (``churn_rate``, ``discount_rate``, ``margin``, ...) against :data:`RATE_BOUNDS`.

    Every module checks a rate through this function, so the same rate has the
    same bounds everywhere.

    Examples
    --------
    >>> check_rate("discount_rate", 0.0)
    0.0
    >>> check_rate("discount_rate", -0.05)
    Traceback (most recent call last):
    ...
    crmlab._validation.CrmlabInputError: 折现率 discount_rate 不能为负数，收到 -0.05 (discount_rate must not be negative, got -0.05)
    """
    low, high, low_open, high_open = RATE_BOUNDS[name]
    return check_number(name, value, low=low, high=high, low_open=low_open, high_open=high_open)


#: Old parameter spellings a student may still type, with what to write instead (Chinese, English).
RENAMED: dict[str, tuple[str, str]] = {
    "freq": (
        "时间单位现在只用一个参数 time_unit：例如 time_unit=\"W\" 表示以周计（相当于原来的 freq=\"D\", time_scaler=7），"
        "time_unit=\"D\" 表示以天计；购买按天合并",
        "freq and time_scaler are now one parameter, time_unit: e.g. time_unit=\"W\" for weeks (formerly freq=\"D\", "
        "time_scaler=7), time_unit=\"D\" for days",
    ),
    "id_column": ("客户编号列的参数名是 customer，例如 customer=\"customer_id\"", "the customer column is given as customer=, e.g. customer=\"customer_id\""),
    "customers_count": ("客户人数的参数名是 n_customers，例如 n_customers=1000", "a number of customers is given as n_customers=, e.g. n_customers=1000"),
    "customer_ids": ("要选出的客户编号用 ids 给出，例如 ids=[1, 2]", "the customers to select are given as ids=, e.g. ids=[1, 2]"),
}
RENAMED["time_scaler"] = RENAMED["freq"]


def renamed(**old: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: a call that uses an old parameter spelling gets a clear error saying what to write instead.

    ``old`` maps each old keyword to a key of :data:`RENAMED`.

    Examples
    --------
    >>> @renamed(id_column="id_column")
    ... def f(*, customer: str = "customer_id") -> str:
    ...     return customer
    >>> f(id_column="name")
    Traceback (most recent call last):
    ...
    crmlab._validation.CrmlabTypeError: 参数 id_column 已改名：客户编号列的参数名是 customer，例如 customer="customer_id" (parameter id_column was renamed: the customer column is given as customer=, e.g. customer="customer_id")
    """

    def wrap(function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def checked(*args: Any, **kwargs: Any) -> Any:
            for name, key in old.items():
                if name in kwargs:
                    zh, en = RENAMED[key]
                    raise CrmlabTypeError(name, f"参数 {name} 已改名：{zh}", f"parameter {name} was renamed: {en}")
            return function(*args, **kwargs)

        return checked

    return wrap
