"""Self-checks for the exercises (练习自测). They answer in Chinese.

In a notebook::

    answer = ...            # the student's result
    check("6.1", answer)    # ✅ / ❌ with a hint

Every reference answer is computed by a tested crmlab function when it is
checked, never typed in, so the exercises stay right when the model changes.
A checker never raises on a student's answer: a missing or malformed answer
gets a message saying what to write.
"""

from __future__ import annotations

import importlib
import math
import numbers
import pkgutil
from typing import Any

import numpy as np
import pandas as pd

from ._core import Exercise, Feedback

__all__ = ["EXERCISES", "Exercise", "Feedback", "check", "exercise_list", "question"]

_NOT_CHAPTERS = {"_core", "_helpers"}


def _collect() -> dict[str, Exercise]:
    """Every chapter module's ``EXERCISES``, keyed and sorted by chapter and number."""
    found: dict[str, Exercise] = {}
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_") or info.name in _NOT_CHAPTERS:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for ex in module.EXERCISES:
            if ex.key in found:
                raise RuntimeError(
                    f"exercise {ex.key} is defined twice (second time in {info.name})"
                )
            found[ex.key] = ex
    return {k: found[k] for k in sorted(found, key=_order)}


def _order(key: str) -> tuple[int, ...]:
    head, _, number = key.partition(".")
    return (int(head) if head.isdigit() else 1000 + ord(head[0]), int(number))


EXERCISES: dict[str, Exercise] = _collect()


def question(key: str) -> str:
    """The text of exercise ``key``.

    Examples
    --------
    >>> question("6.3")[:7]
    '练习 6.3：'
    """
    return f"练习 {key}：{_exercise(key).question}"


def exercise_list() -> pd.DataFrame:
    """All exercises with their questions (练习一览).

    Returns
    -------
    pandas.DataFrame
        Columns ``exercise`` (the key to pass to :func:`check`) and ``question``.

    Examples
    --------
    >>> "6.1" in exercise_list()["exercise"].tolist()
    True
    """
    return pd.DataFrame(
        {
            "exercise": list(EXERCISES),
            "question": [e.question for e in EXERCISES.values()],
        }
    )


def _exercise(key: str) -> Exercise:
    if key not in EXERCISES:
        raise KeyError(
            f"没有练习 {key!r}；现有练习：{'、'.join(EXERCISES)} (no exercise {key!r})"
        )
    return EXERCISES[key]


def _number(x: Any) -> float | None:
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def _single(x: Any) -> Any:
    """The one element of a one-element list, tuple, array or Series (what crmlab's vectorised methods return)."""
    if isinstance(x, (pd.Series, pd.Index, np.ndarray, list, tuple)) and len(x) == 1:
        inner = x.iloc[0] if isinstance(x, pd.Series) else x[0]
        return inner.item() if isinstance(inner, np.generic) else inner
    return x.item() if isinstance(x, np.generic) else x


def _fmt(x: float, unit: str, tol: float = 0.01) -> str:
    digits = max(2, -math.floor(math.log10(tol))) if tol > 0 else 2
    return f"{x:,.{digits}f}{(' ' + unit) if unit else ''}"


_YES = {"是", "对", "是的", "达到", "达到了", "能", "yes", "y", "true", "1"}
_NO = {"否", "不", "不是", "没有", "没达到", "未达到", "不能", "no", "n", "false", "0"}


def _yes_no(answer: Any) -> bool | None:
    if isinstance(answer, (bool, np.bool_)):
        return bool(answer)
    text = str(answer).strip().replace(" ", "").lower()
    return True if text in _YES else False if text in _NO else None


def _check_text(key: str, ex: Exercise, expected: str, answer: Any) -> Feedback:
    given = str(answer).strip().replace(" ", "").strip("\"'“”「」")
    if given == expected:
        return Feedback(True, f"✅ 练习 {key} 正确：{expected}。")
    matches = [c for c in ex.choices if given and given in c]
    if len(matches) == 1 and matches[0] == expected:
        return Feedback(
            True, f"✅ 练习 {key} 正确：{expected}（你写的“{given}”只可能指它）。"
        )
    if len(matches) > 1:
        return Feedback(
            False, f"❌ 练习 {key}：“{given}”可以指{'、'.join(matches)}，请写全称。"
        )
    return Feedback(
        False, f"❌ 练习 {key} 还不对（你的答案：{given}）。提示：{ex.hint}。"
    )


def check(key: str, answer: Any) -> Feedback:
    """Check a student's answer to exercise ``key`` and say so in Chinese.

    Numbers are accepted within the exercise's tolerance, also as the one
    element of a list, array or Series; an answer within 0.2% is called close
    (a rounding slip). A text answer is compared after stripping spaces and
    quotes; a short form that names exactly one of the exercise's ``choices``
    is accepted. A yes/no question accepts 是/否/对/不/yes/no/True/False. An
    open task acknowledges any written answer and points to the model answer.

    Examples
    --------
    >>> check("6.3", 3840).correct
    True
    >>> check("6.3", None).message
    '⏳ 练习 6.3 还没有作答：把 answer = None 改成你的计算结果，再运行这个单元格。'
    >>> check("6.6", "成长").correct
    True
    >>> check("6.4", "否").correct
    True
    >>> check("10.1", np.array([38.29])).correct
    True
    """
    ex = _exercise(key)
    if answer is None or answer is ...:
        return Feedback(
            False,
            f"⏳ 练习 {key} 还没有作答：把 answer = None 改成你的计算结果，再运行这个单元格。",
        )
    if ex.answer is None:
        if isinstance(answer, str) and len(answer.strip()) >= 5:
            return Feedback(
                True,
                f"✅ 练习 {key} 已记下你的回答。这是开放题，没有唯一的标准答案，不自动判分："
                f"请对照参考答案中的示范回答，和同学讨论。",
            )
        return Feedback(
            False,
            f'⏳ 练习 {key} 是开放题：请把你的回答写成一段文字，例如 answer = "我认为……"。',
        )
    answer = _single(answer)
    expected = ex.answer()
    if isinstance(expected, bool):
        said = _yes_no(answer)
        if said is None:
            return Feedback(
                False,
                f"❌ 练习 {key} 请回答“是”或“否”（也可以写 yes / no），收到 {answer!r}。",
            )
        if said == expected:
            return Feedback(True, f"✅ 练习 {key} 正确：{'是' if expected else '否'}。")
        return Feedback(False, f"❌ 练习 {key} 还不对。提示：{ex.hint}。")
    if isinstance(expected, str):
        return _check_text(key, ex, expected, answer)
    value = _number(answer)
    if value is None:
        return Feedback(
            False,
            f"❌ 练习 {key} 的答案应是一个数字，收到 {answer!r}。请只写数字，不要带单位或引号，例如 answer = 1234.5"
            f"（只有一个元素的数组或 Series 也可以）。",
        )
    tol = max(ex.abs_tol, ex.rel_tol * abs(expected))
    gap = value - expected
    if abs(gap) <= tol:
        if float(expected).is_integer() and ex.unit in {"位", "人", "天"}:
            return Feedback(
                True, f"✅ 练习 {key} 正确！答案是 {int(expected)} {ex.unit}。"
            )
        return Feedback(
            True,
            f"✅ 练习 {key} 正确！精确值是 {_fmt(expected, ex.unit, ex.abs_tol)}。",
        )
    direction = "偏高" if gap > 0 else "偏低"
    if abs(gap) <= 0.002 * abs(expected):
        return Feedback(
            False,
            f"🟡 练习 {key} 很接近了，但{direction} {_fmt(abs(gap), ex.unit, ex.abs_tol)}：多半是中间结果四舍五入造成的。"
            f"试着全程不取整，或直接用 crmlab 计算。",
        )
    return Feedback(
        False, f"❌ 练习 {key} 还不对（你的答案{direction}）。提示：{ex.hint}。"
    )
