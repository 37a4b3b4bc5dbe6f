"""Checks of column-name parameters shared by chapter 9's modules (the message names the parameter)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ._validation import CrmlabInputError, check_frame

__all__: list[str] = []


def _column(frame: pd.DataFrame, frame_name: str, param: str, column: Any) -> Any:
    """Check a column-name parameter: one name, and a column of ``frame`` (the message names the parameter)."""
    from ._validation import check_column_name
    from .glossary import term

    check_column_name(param, column)
    check_frame(frame, frame_name, [])
    if column not in frame.columns:
        have = ", ".join(map(str, frame.columns))
        raise CrmlabInputError(param, f"{term(param)} {param}：{frame_name} 没有列 {column!r}（现有列：{have}）",
                               f"{param}: {frame_name} has no column {column!r} (columns: {have})")  # fmt: skip
    return column


def _names(param: str, values: Any) -> list[str]:
    """A list of column names (not one string, not a number)."""
    if isinstance(values, str) or not isinstance(values, (list, tuple)) or not values:
        raise CrmlabInputError(param, f"{param} 必须是列名的列表，例如 [\"purchased\", \"revenue\"]，收到 {values!r}",
                               f"{param} must be a non-empty list of column names, got {values!r}")  # fmt: skip
    return list(values)
