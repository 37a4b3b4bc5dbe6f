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

__all__ = ["CrmlabInputError", "CrmlabTypeError", "check_number", "check_choice", "fmt"]


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
