"""The exercise record and the verdict (练习与判定)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Exercise", "Feedback"]


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``correct`` and a Chinese ``message``."""

    correct: bool
    message: str

    def __str__(self) -> str:
        return self.message

    def _repr_markdown_(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Exercise:
    """One exercise: its question, how to compute the answer, the tolerance and a hint.

    ``choices`` lists the possible text answers, so that an unambiguous short
    form ("成长" for 成长型) is accepted. An open task (``answer`` is ``None``)
    has no single right answer: :func:`check` acknowledges a written answer and
    points to the model answer in the solutions notebook.
    """

    key: str
    question: str
    answer: Callable[[], Any] | None
    hint: str
    unit: str = "元"
    abs_tol: float = 0.5
    rel_tol: float = 0.0
    choices: tuple[str, ...] = ()
