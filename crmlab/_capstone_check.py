"""Checking and cleaning a raw transaction log (数据检查与清洗), for chapter 12.

Public names are re-exported by :mod:`crmlab.capstone`. The checks of
:func:`crmlab._validation.check_transactions` stop at the first problem (a missing
id, then a date, then an amount); :func:`data_check` lists every problem at once
with its number of rows, and :func:`clean_log` fixes them in a fixed order, saying
for each step how many rows it removed or rewrote.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from ._validation import (
    _YEAR_FIRST, CrmlabInputError, CrmlabTypeError, check_choice, check_column_name, check_frame, check_number, parse_dates,
)

__all__ = ["PROBLEMS", "TEST_PATTERN", "DataCheck", "data_check", "CleanedLog", "clean_log"]

#: The problems :func:`data_check` looks for, in the order :func:`clean_log` fixes them: code -> (name, fix).
PROBLEMS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "duplicate": ("完全重复的行", "删除重复导出的行，只留一行"),
        "test_order": ("测试订单", "删除：不是真实客户的购买"),
        "missing_customer": ("缺少客户编号", "删除：无法归到任何客户（记下删了多少行）"),
        "missing_date": ("缺少日期", "删除：无法确定购买时间"),
        "day_first_date": ("日在前的日期（日/月/年）", "按“日/月/年”读取，保留"),
        "malformed_date": ("无法解析的日期", "删除：无法确定是哪一天"),
        "bad_amount": ("金额缺失或不是数字", "删除：无法确定金额"),
        "other_currency": ("外币金额", "按汇率换算成人民币元"),
        "return": ("退货（负金额）", "删除退货行及其对应的原购买"),
        "outlier": ("异常大的金额", "核实来源；无法核实时删除"),
    }
)
#: Customer ids of test accounts (``测试01``, ``TEST01``, ``test-2``...).
TEST_PATTERN = r"(?i)^\s*(?:test|\u6d4b\u8bd5)"  # test or 测试 (escaped: a regex, not Chinese text)
_DAY_FIRST = r"^\s*\d{1,2}/\d{1,2}/\d{4}\s*$"
#: Upper bound of an exchange rate (yuan per unit of a foreign currency); larger is taken as a slip.
MAX_RATE = 1e6


def _check_options(outlier_factor: Any, test_pattern: Any) -> float:
    if not isinstance(test_pattern, str):
        raise CrmlabInputError(
            "test_pattern",
            f"测试账号规则 test_pattern 必须是正则表达式文本，收到 {type(test_pattern).__name__}",
            f"test_pattern must be a regular expression string, got {type(test_pattern).__name__}",
        )
    return check_number("outlier_factor", outlier_factor, low=1, low_open=True)


def _check_columns(raw: Any, *, customer: Any, date: Any, amount: Any, currency: Any) -> None:
    names = {"customer": customer, "date": date, "amount": amount} | ({} if currency is None else {"currency": currency})
    for parameter, column in names.items():
        check_column_name(parameter, column)
    check_frame(raw, "raw", list(names.values()))


def _missing_ids(ids: pd.Series) -> np.ndarray:
    text = ids.astype("string")
    return (ids.isna() | (text.str.strip() == "").fillna(False)).to_numpy(dtype=bool)


def _test_ids(ids: pd.Series, pattern: str) -> np.ndarray:
    return ids.astype("string").str.contains(pattern, regex=True).fillna(False).to_numpy(dtype=bool)


def _dates(name: str, raw: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray, np.ndarray]:
    """Parsed dates and the masks of missing, day-first and unreadable dates (in the raw rows)."""
    if pd.api.types.is_datetime64_any_dtype(raw.dtype):
        parsed = parse_dates(name, raw)
        return parsed, parsed.isna().to_numpy(), np.zeros(len(raw), bool), np.zeros(len(raw), bool)
    text = raw.astype("string")
    missing = (text.isna() | (text.str.strip() == "")).fillna(True).to_numpy(dtype=bool)
    year_first = text.str.match(_YEAR_FIRST).fillna(False).to_numpy(dtype=bool)
    day_first = text.str.match(_DAY_FIRST).fillna(False).to_numpy(dtype=bool)
    parsed = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    if year_first.any():
        parsed[year_first] = parse_dates(name, text[year_first].astype(object)).to_numpy()
    if day_first.any():
        parsed[day_first] = pd.to_datetime(text[day_first].str.strip(), format="%d/%m/%Y", errors="coerce").to_numpy()
    readable_day_first = day_first & parsed.notna().to_numpy()
    malformed = ~missing & parsed.isna().to_numpy()
    return parsed, missing, readable_day_first, malformed


def _amounts(raw: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Amounts as floats and the mask of missing or non-numeric ones (booleans count as non-numeric)."""
    if pd.api.types.is_bool_dtype(raw.dtype):
        return np.full(len(raw), np.nan), np.ones(len(raw), bool)
    values = pd.to_numeric(raw.astype(object).where(~raw.map(lambda v: isinstance(v, bool))), errors="coerce")
    numbers = values.to_numpy(dtype=float, na_value=np.nan)
    return numbers, ~np.isfinite(numbers)


def _outliers(amounts: np.ndarray, usable: np.ndarray, factor: float) -> tuple[np.ndarray, float]:
    positive = usable & (amounts > 0)
    if not positive.any():
        return np.zeros(len(amounts), bool), float("nan")
    cut = factor * float(np.median(amounts[positive]))
    return positive & (amounts > cut), cut


def _example(values: pd.Series, mask: np.ndarray) -> str:
    if not mask.any():
        return ""
    value = values[mask].iloc[0]
    return "（空）" if pd.isna(value) or str(value).strip() == "" else str(value)


@dataclass(frozen=True, eq=False)
class DataCheck:
    """What :func:`data_check` found in a raw log (数据检查报告).

    ``table`` has one row per problem of :data:`PROBLEMS`: ``problem`` (its
    name), ``rows`` (how many rows have it, 0 if none), ``example`` (one raw
    value) and ``fix`` (what :func:`clean_log` does about it). ``counts`` maps
    each problem's code to its rows; ``n_rows`` is the length of the log.
    """

    table: pd.DataFrame
    counts: Mapping[str, int]
    n_rows: int

    @property
    def note(self) -> str:
        """One sentence on the log's problems.

        Examples
        --------
        >>> t = pd.DataFrame({"customer_id": ["a", None], "date": ["2024-01-05", "05/01/2024"], "amount": [10.0, -3.0]})
        >>> data_check(t).note
        '原始记录 2 行，发现 3 类问题：缺少客户编号 1 行、日在前的日期（日/月/年） 1 行、退货（负金额） 1 行。'
        """
        found = [(PROBLEMS[code][0], n) for code, n in self.counts.items() if n]
        if not found:
            return f"原始记录 {self.n_rows:,} 行，没有发现问题。"
        listed = "、".join(f"{name} {n:,} 行" for name, n in found)
        return f"原始记录 {self.n_rows:,} 行，发现 {len(found)} 类问题：{listed}。"


def data_check(
    raw: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    currency: str | None = None,
    base_currency: str = "人民币",
    test_pattern: str = TEST_PATTERN,
    outlier_factor: float = 30.0,
) -> DataCheck:
    """List every problem of a raw transaction log with its number of rows (数据检查).

    Each row is checked on its own (a row may have several problems): exact
    duplicates of an earlier row, ids of test accounts (``test_pattern``),
    missing ids, missing dates, dates written day first (``31/12/2024``) and
    dates that cannot be read at all, missing or non-numeric amounts,
    amounts in a currency other than ``base_currency`` (if the log has a
    ``currency`` column), negative amounts (returns) and amounts above
    ``outlier_factor`` times the median positive amount in the base currency.
    Nothing is changed or dropped.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "a", "TEST1", "b"],
    ...                   "date": ["2024-01-05", "2024-01-05", "2024-02-01", "2024-02-30"],
    ...                   "amount": [10.0, 10.0, 0.01, 12.0]})
    >>> check = data_check(t)
    >>> {code: n for code, n in check.counts.items() if n}
    {'duplicate': 1, 'test_order': 1, 'malformed_date': 1}
    >>> check.table.loc[0, ["problem", "example", "fix"]].tolist()
    ['完全重复的行', 'a', '删除重复导出的行，只留一行']
    """
    factor = _check_options(outlier_factor, test_pattern)
    _check_columns(raw, customer=customer, date=date, amount=amount, currency=currency)
    ids, raw_amounts = raw[customer], raw[amount]
    _, missing_date, day_first, malformed = _dates(date, raw[date])
    values, bad_amount = _amounts(raw_amounts)
    foreign = np.zeros(len(raw), bool)
    if currency is not None:
        cur = raw[currency].astype("string").str.strip()
        foreign = (cur.notna() & (cur != base_currency)).to_numpy(dtype=bool)
    outlier, _ = _outliers(values, ~bad_amount & ~foreign, factor)
    masks = {
        "duplicate": raw.duplicated().to_numpy(),
        "test_order": _test_ids(ids, test_pattern),
        "missing_customer": _missing_ids(ids),
        "missing_date": missing_date,
        "day_first_date": day_first,
        "malformed_date": malformed,
        "bad_amount": bad_amount,
        "other_currency": foreign,
        "return": ~bad_amount & (np.nan_to_num(values) < 0),
        "outlier": outlier,
    }
    shown = {"duplicate": ids, "test_order": ids, "missing_customer": ids, "missing_date": raw[date],
             "day_first_date": raw[date], "malformed_date": raw[date], "bad_amount": raw_amounts,
             "other_currency": raw[currency] if currency is not None else raw_amounts, "return": raw_amounts,
             "outlier": raw_amounts}  # fmt: skip
    rows = [(PROBLEMS[c][0], int(m.sum()), _example(shown[c], m), PROBLEMS[c][1]) for c, m in masks.items()]
    table = pd.DataFrame(rows, columns=["problem", "rows", "example", "fix"])
    return DataCheck(table=table, counts={c: int(m.sum()) for c, m in masks.items()}, n_rows=len(raw))


@dataclass(frozen=True, eq=False)
class CleanedLog:
    """A log cleaned by :func:`clean_log` (清洗后的交易记录).

    Attributes
    ----------
    transactions : DataFrame
        The clean log: the input's columns without the currency column, dates
        parsed, amounts in the base currency; ready for every chapter's function.
    steps : DataFrame
        One row per cleaning step, in order: ``cleaning_step``, ``operation`` (删除,
        改写 or 保留), ``rows`` affected and ``rows_left`` after it.
    removed : DataFrame
        The removed rows as they were in the raw log, with a ``removal_reason``.
    """

    transactions: pd.DataFrame
    steps: pd.DataFrame
    removed: pd.DataFrame

    @property
    def note(self) -> str:
        """One sentence: rows before and after, removed and rewritten.

        Examples
        --------
        >>> t = pd.DataFrame({"customer_id": ["a", "a", None], "date": ["2024-01-05"] * 3, "amount": [10.0, 10.0, 5.0]})
        >>> clean_log(t).note
        '原始记录 3 行，清洗后 1 行：删除 2 行，改写 0 行。'
        """
        before = len(self.transactions) + len(self.removed)
        rewritten = int(self.steps.loc[self.steps["operation"] == "改写", "rows"].sum())
        return f"原始记录 {before:,} 行，清洗后 {len(self.transactions):,} 行：删除 {len(self.removed):,} 行，改写 {rewritten:,} 行。"


def _match_returns(frame: pd.DataFrame, customer: str, date: str, amount: str) -> tuple[list[Any], list[Any]]:
    """Labels of the returns and of the purchases they cancel (same customer, same amount, not later)."""
    returns = frame.index[frame[amount].to_numpy() < 0]
    taken: set[Any] = set()
    cancelled = []
    for label in returns:
        who, when, value = frame.at[label, customer], frame.at[label, date], -frame.at[label, amount]
        candidates = frame.index[
            (frame[customer] == who).to_numpy() & (frame[date] <= when).to_numpy()
            & (np.abs(frame[amount].to_numpy() - value) < 0.005)
        ]  # fmt: skip
        free = [c for c in candidates if c not in taken]
        if free:
            taken.add(free[-1])  # the latest matching purchase
            cancelled.append(free[-1])
    return list(returns), cancelled


def clean_log(
    raw: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    currency: str | None = None,
    exchange_rates: Mapping[str, float] | None = None,
    base_currency: str = "人民币",
    test_pattern: str = TEST_PATTERN,
    outlier_factor: float = 30.0,
    outliers: str = "drop",
) -> CleanedLog:
    """Fix the problems :func:`data_check` finds, step by step, counting every row (数据清洗).

    In this order: drop exact duplicates of raw rows (rows that become equal
    only once their dates are read are kept, as several purchases on one
    day are), test orders (``test_pattern``), rows
    without a customer id and rows without a date; read day-first dates
    (``31/12/2024``) day first; drop unreadable dates and missing or
    non-numeric amounts; convert other currencies to ``base_currency`` with
    ``exchange_rates`` (yuan per unit; a currency without a rate is an error);
    drop each return together with the purchase it cancels (the latest earlier
    purchase of the same customer with the same amount; a return without one
    is dropped alone); finally drop (``outliers="drop"``) or keep
    (``"keep"``) amounts above ``outlier_factor`` times the median. The
    caller's frame is not modified.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "a", "b", "b", "TEST1"],
    ...                   "date": ["2024-01-05", "2024-01-05", "03/02/2024", "2024-02-10", "2024-02-11"],
    ...                   "amount": [10.0, 10.0, 12.0, -12.0, 1.0]})
    >>> cleaned = clean_log(t)
    >>> cleaned.transactions[["customer_id", "amount"]].values.tolist()
    [['a', 10.0]]
    >>> cleaned.steps.loc[cleaned.steps["rows"] > 0, ["cleaning_step", "rows"]].values.tolist()
    [['完全重复的行', 1], ['测试订单', 1], ['日在前的日期（日/月/年）', 1], ['退货（负金额）', 2]]
    """
    factor = _check_options(outlier_factor, test_pattern)
    check_choice("outliers", outliers, ["drop", "keep"])
    _check_columns(raw, customer=customer, date=date, amount=amount, currency=currency)
    if exchange_rates is not None and not isinstance(exchange_rates, Mapping):
        raise CrmlabTypeError(
            "exchange_rates",
            f"汇率 exchange_rates 必须是字典（币种 -> 每单位合多少元），例如 {{'美元': 7.1}}，收到 {type(exchange_rates).__name__}",
            f"exchange_rates must be a mapping currency -> yuan per unit, got {type(exchange_rates).__name__}",
        )
    rates = {} if exchange_rates is None else dict(exchange_rates)
    for rate in rates.values():
        check_number("exchange_rates", rate, low=0, low_open=True, high=MAX_RATE)
    work = raw.reset_index(drop=True)
    removed: list[pd.DataFrame] = []
    steps: list[tuple[str, str, int, int]] = []

    def drop(code: str, mask: np.ndarray) -> None:
        nonlocal work
        removed.append(work[mask].assign(removal_reason=PROBLEMS[code][0]))
        work = work[~mask]
        steps.append((PROBLEMS[code][0], "删除", int(mask.sum()), len(work)))

    drop("duplicate", work.duplicated().to_numpy())
    drop("test_order", _test_ids(work[customer], test_pattern))
    drop("missing_customer", _missing_ids(work[customer]))
    parsed, missing_date, day_first, malformed = _dates(date, work[date])
    drop("missing_date", missing_date)
    keep = ~missing_date
    steps.append((PROBLEMS["day_first_date"][0], "改写", int(day_first[keep].sum()), len(work)))
    work = work.assign(**{date: parsed[keep].to_numpy()})
    drop("malformed_date", malformed[keep])
    values, bad_amount = _amounts(work[amount])
    work = work.assign(**{amount: values})
    drop("bad_amount", bad_amount)
    converted = 0
    if currency is not None:
        cur = work[currency].astype("string").str.strip().fillna(base_currency)
        unknown = sorted(set(cur[cur != base_currency]) - set(rates))
        if unknown:
            raise CrmlabInputError(
                "exchange_rates",
                f"汇率 exchange_rates 缺少币种 {', '.join(map(repr, unknown))}：请给出每种外币合多少{base_currency}，例如 exchange_rates={{{unknown[0]!r}: 7.1}}",
                f"exchange_rates has no rate for {', '.join(map(repr, unknown))}",
            )
        factor_by_row = cur.map(lambda c: 1.0 if c == base_currency else rates[c]).to_numpy(dtype=float)
        converted = int((cur != base_currency).sum())
        work = work.assign(**{amount: np.round(work[amount].to_numpy() * factor_by_row, 2)}).drop(columns=currency)
    steps.append((PROBLEMS["other_currency"][0], "改写", converted, len(work)))
    returns, cancelled = _match_returns(work, customer, date, amount)
    mask = work.index.isin(returns + cancelled)
    drop("return", mask)
    outlier, _ = _outliers(work[amount].to_numpy(), np.ones(len(work), bool), factor)
    if outliers == "drop":
        drop("outlier", outlier)
    else:
        steps.append((PROBLEMS["outlier"][0], "保留", int(outlier.sum()), len(work)))
    original = raw.reset_index(drop=True)  # removed rows as they were in the raw log
    reasons = pd.concat([r["removal_reason"] for r in removed]) if removed else pd.Series(dtype=object)
    gone = original.loc[reasons.index].assign(removal_reason=reasons.to_numpy())
    return CleanedLog(
        transactions=work.reset_index(drop=True),
        steps=pd.DataFrame(steps, columns=["cleaning_step", "operation", "rows", "rows_left"]),
        removed=gone.sort_index(kind="stable"),
    )
