"""The capstone's report for a manager (管理者报告): one Excel workbook and the figures, in one folder.

:func:`write_report` writes every table as a sheet with Chinese headers
(:func:`crmlab.glossary.label_columns`) and every figure as a PNG file into a folder
the student names. It refuses an existing non-empty folder unless ``overwrite=True``
and never writes outside the folder. Writing the workbook needs ``openpyxl``.
This module imports no plotting library: a figure is anything with ``savefig``
(a matplotlib Figure) or an Axes (its ``figure`` is saved).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ._validation import CrmlabInputError, CrmlabTypeError
from .glossary import label_columns

__all__ = ["write_report"]

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_FILE_FORBIDDEN = re.compile(r"[<>:\"/\\|?*\x00-\x1f]")


def _check_name(kind: str, name: Any, *, limit: int, forbidden: re.Pattern[str]) -> str:
    zh = {"sheet": "工作表名", "figure": "图片名", "workbook": "工作簿文件名"}[kind]
    if not isinstance(name, str) or not name.strip():
        raise CrmlabTypeError(kind, f"{zh} {kind} 必须是非空文本，收到 {name!r}", f"{kind} name must be non-empty text, got {name!r}")
    bad = forbidden.findall(name)
    if bad or name in (".", "..") or name.startswith(".") or len(name) > limit:
        why_zh = f"不能含有 {' '.join(dict.fromkeys(bad))}" if bad else f"不能以点开头，最长 {limit} 个字符"
        raise CrmlabInputError(kind, f"{zh} {kind} {name!r} 不可用：{why_zh}", f"{kind} name {name!r} is not allowed")
    return name


def _sheet_frame(table: Any, name: str) -> pd.DataFrame:
    if isinstance(table, pd.Series):
        table = table.to_frame()
    if not isinstance(table, pd.DataFrame):
        raise CrmlabTypeError(
            "tables", f"tables 中的表格 {name!r} 必须是 DataFrame，收到 {type(table).__name__}", f"tables: {name!r} must be a DataFrame"
        )
    keep_index = not isinstance(table.index, pd.RangeIndex) or any(n is not None for n in table.index.names)
    frame = table.reset_index() if keep_index else table
    if isinstance(frame.columns, pd.MultiIndex):
        frame = frame.copy()
        frame.columns = [" ".join(str(c) for c in col if str(c)) for col in frame.columns]
    shown = label_columns(frame)
    shown.columns = [str(c) for c in shown.columns]
    return shown


def _width(value: Any) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _format_sheet(sheet: Any, frame: pd.DataFrame) -> None:
    """Readable column widths, a frozen header row and thousands separators."""
    from openpyxl.utils import get_column_letter

    for k, column in enumerate(frame.columns, start=1):
        values = frame[column]
        sample = [column] + [v for v in values.head(200).tolist()]
        sheet.column_dimensions[get_column_letter(k)].width = min(60, max(8, max(_width(v) for v in sample) + 2))
        if pd.api.types.is_float_dtype(values.dtype):
            fmt = "0.00%" if values.between(-1, 1).all() and "比" in column else "#,##0.00"
        elif pd.api.types.is_integer_dtype(values.dtype):
            fmt = "#,##0"
        else:
            continue
        for row in range(2, len(frame) + 2):
            sheet.cell(row=row, column=k).number_format = fmt
    sheet.freeze_panes = "A2"


def write_report(
    tables: Mapping[str, pd.DataFrame],
    figures: Mapping[str, Any] | None = None,
    *,
    folder: str | Path = "capstone_report",
    workbook: str = "客户关系管理方案.xlsx",
    overwrite: bool = False,
) -> list[Path]:
    """Write the tables as one Excel workbook and the figures as PNG files into ``folder`` (写出管理者报告).

    Each entry of ``tables`` (sheet name -> DataFrame, in order) becomes a
    sheet with Chinese column headers (:func:`crmlab.glossary.label_columns`);
    a named or non-default index is written as the first column. Each entry of
    ``figures`` (file name without extension -> matplotlib Figure or Axes)
    becomes ``<name>.png``. ``folder`` (relative to the working directory by
    default) is created if needed; an existing non-empty folder is refused
    unless ``overwrite=True`` (then files of the same name are replaced and
    others are left alone). Nothing is written outside ``folder``.

    Returns
    -------
    list of Path
        The workbook, then the figures, in the order written.

    Examples
    --------
    >>> import tempfile
    >>> plan = pd.DataFrame({"segment": ["重要价值客户"], "action_budget": [15480.0]})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     paths = write_report({"策略": plan}, folder=Path(tmp) / "方案")
    ...     sheets = pd.read_excel(paths[0], sheet_name=None)
    ...     [p.name for p in paths], list(sheets), list(sheets["策略"].columns)
    (['客户关系管理方案.xlsx'], ['策略'], ['客户细分', '行动预算（元）'])
    """
    if not isinstance(tables, Mapping) or not tables:
        raise CrmlabTypeError("tables", "tables 必须是非空的字典：工作表名 -> 表格", "tables must be a non-empty mapping sheet name -> DataFrame")
    figures = {} if figures is None else figures
    if not isinstance(figures, Mapping):
        raise CrmlabTypeError("figures", "figures 必须是字典：图片名 -> 图", "figures must be a mapping name -> figure")
    if not isinstance(overwrite, bool):
        raise CrmlabTypeError("overwrite", f"overwrite 必须是 True 或 False，收到 {overwrite!r}", f"overwrite must be True or False, got {overwrite!r}")
    if not isinstance(folder, (str, Path)) or not str(folder).strip():
        raise CrmlabTypeError("folder", f"文件夹 folder 必须是路径文本，收到 {folder!r}", f"folder must be a path, got {folder!r}")
    _check_name("workbook", workbook, limit=120, forbidden=_FILE_FORBIDDEN)
    if not workbook.lower().endswith(".xlsx"):
        raise CrmlabInputError("workbook", f"工作簿文件名 workbook 必须以 .xlsx 结尾，收到 {workbook!r}", f"workbook must end in .xlsx, got {workbook!r}")
    sheets = {_check_name("sheet", name, limit=31, forbidden=_SHEET_FORBIDDEN): _sheet_frame(t, name) for name, t in tables.items()}
    images = {}
    for name, figure in figures.items():
        _check_name("figure", name, limit=120, forbidden=_FILE_FORBIDDEN)
        figure = getattr(figure, "figure", None) if not hasattr(figure, "savefig") else figure
        if figure is None or not hasattr(figure, "savefig"):
            raise CrmlabTypeError(
                "figures", f"figures 中的图 {name!r} 必须是 matplotlib 的 Figure 或 Axes", f"figures: {name!r} must be a matplotlib Figure or Axes"
            )
        images[f"{name}.png"] = figure
    if workbook in images:
        raise CrmlabInputError("figures", f"图片名与工作簿同名：{workbook}", f"a figure has the workbook's name {workbook}")
    target = Path(folder).expanduser().resolve()
    if target.exists() and not target.is_dir():
        raise CrmlabInputError("folder", f"文件夹 folder {str(folder)!r} 已存在，但它是一个文件", f"folder {str(folder)!r} exists and is a file")
    if target.is_dir() and any(target.iterdir()) and not overwrite:
        raise CrmlabInputError(
            "folder",
            f"文件夹 folder {str(folder)!r} 已存在且不是空的；换一个文件夹名，或用 overwrite=True 覆盖其中的同名文件",
            f"folder {str(folder)!r} exists and is not empty; choose another name or pass overwrite=True",
        )
    paths = [target / workbook] + [target / name for name in images]
    outside = [p for p in paths if p.resolve().parent != target]
    if outside:  # cannot happen with the name checks above; kept as the last guard
        raise CrmlabInputError("folder", f"拒绝写到文件夹之外：{outside[0]}", f"refusing to write outside the folder: {outside[0]}")
    target.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(paths[0], engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
            _format_sheet(writer.sheets[name], frame)
    for path, figure in zip(paths[1:], images.values()):
        figure.savefig(path, dpi=150, bbox_inches="tight")
    return paths
