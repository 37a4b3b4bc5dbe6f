"""Build the course for people without Jupyter, fully offline (课程的离线讲义、幻灯片和学生笔记本).

``python -m crmlab.course build`` executes every chapter listed as ready in ``data/course_map.csv`` and
writes into one folder (default ``build/course/`` in the project folder, ignored by git)::

    index.html                  the students' course page (not linking to teacher/)
    handouts/<chapter>.html     handouts: figures inline, formulas as MathML, explorers as static
    handouts/<chapter>.pdf        snapshots, teacher notes removed; PDFs printed by headless Chromium
    notebooks/<chapter>.ipynb   student copies: no outputs, no teacher notes (solutions live apart)
    assets/                     the Chinese web font (Noto Sans SC cut to the pages' characters), math font
    teacher/index.html          教师手册: every discussion question with its teacher hints
    teacher/slides/             reveal.js decks with speaker notes, reveal.js vendored beside them

Nothing in the output loads anything from the network. The heavy dependencies are in the ``course``
extra (``pip install -e ".[course]"``); Chromium (or Chrome, Edge) is needed only for the PDFs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ._build import BuildReport, ready_chapters
from ._build import build as _build_course
from ._deps import MissingDependency
from ._pdf import find_chromium as _find_chromium

__all__ = ["BuildReport", "build", "chapter_names", "find_chromium", "main"]


def build(
    out: str | Path | None = None,
    *,
    chapters: Sequence[str] | None = None,
    pdf: bool = True,
    execute: bool = True,
    timeout: int = 600,
    quiet: bool = False,
) -> BuildReport:
    """Build the offline course: handouts (HTML and PDF), slides, student notebooks, 教师手册.

    Parameters
    ----------
    out : path, optional
        The output folder (default ``build/course/`` in the project folder). It must be empty or an
        earlier course build, which is replaced; never inside ``notebooks/``.
    chapters : list of str, optional
        Only these chapters, each named by the start of its notebook's file name (``["05", "06"]``);
        default every chapter listed as ready in ``data/course_map.csv``.
    pdf : bool
        Print each handout to PDF with headless Chromium (Chrome, Edge) if one is found.
    execute : bool
        Run the notebooks (default); ``False`` converts them as committed, without outputs (a quick look).
    timeout : int
        Seconds a single cell may run.
    quiet : bool
        Do not print progress.

    Returns
    -------
    BuildReport
        The files written (relative to ``out``), figures without alt text, formulas not converted,
        chapters that failed, and why there are no PDFs if there are none.

    Examples
    --------
    >>> import tempfile
    >>> report = build(tempfile.mkdtemp(), chapters=["00"], pdf=False, execute=False, quiet=True)
    >>> report.handouts, report.student_notebooks, report.teacher_page
    (('handouts/00_guide.html',), ('notebooks/00_guide.ipynb',), 'teacher/index.html')
    >>> report.remote_loads  # nothing is fetched from the network when the pages are viewed
    ()
    >>> import shutil; shutil.rmtree(report.out)
    """
    return _build_course(out, chapters=chapters, pdf=pdf, execute_notebooks=execute, timeout=timeout, log=(lambda _: None) if quiet else _print)


def chapter_names() -> list[str]:
    """The notebooks of the chapters listed as ready in ``data/course_map.csv``, in course order.

    Examples
    --------
    >>> chapter_names()[0]
    '00_guide.ipynb'
    """
    return [ch.path.name for ch in ready_chapters()]


def find_chromium() -> str | None:
    """The Chromium, Chrome or Edge that prints the PDFs, or None.

    Looked for in the environment variable ``CRMLAB_CHROMIUM`` (or ``CHROME_PATH``), then on PATH
    (``chromium``, ``google-chrome``, ``msedge``, ...), then where Windows and macOS install them.

    Examples
    --------
    >>> found = find_chromium()
    >>> found is None or isinstance(found, str)
    True
    """
    return _find_chromium()


def _print(text: str) -> None:
    print(text, flush=True)


def _summary(report: BuildReport) -> str:
    lines = [
        f"已写入 (written to) {report.out}:",
        f"  网页讲义 {len(report.handouts)} 个，PDF {len(report.pdfs)} 个，幻灯片 {len(report.slides)} 个，"
        f"学生笔记本 {len(report.student_notebooks)} 个；教师手册 {report.teacher_page}",
        f"  学生入口 (students' page): {Path(report.out) / 'index.html'}",
    ]
    lines += [f"  {note}" for note in report.notes]
    if report.missing_alt:
        lines.append(f"  {len(report.missing_alt)} 幅图的代码单元格没有 alt 元数据（用了通用描述）：")
        lines += [f"    {item}" for item in report.missing_alt]
    if report.unconverted_math:
        lines.append("  以下公式没能转换为 MathML（按原文显示）：")
        lines += [f"    {item}" for item in report.unconverted_math]
    if report.pdf_note:
        lines.append(f"  {report.pdf_note}")
    if report.failed:
        lines.append("  以下章节运行失败，没有生成（these chapters failed）：")
        lines += [f"    {item}" for item in report.failed]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: ``python -m crmlab.course build [--out DIR] [--chapters 05 06] [--no-pdf]``.

    Returns the exit status: 0 on success, 1 if a chapter failed, 2 for bad arguments or a missing
    dependency (the message says which extra to install).

    Examples
    --------
    >>> import contextlib, io
    >>> shown = io.StringIO()
    >>> with contextlib.redirect_stdout(shown):
    ...     status = main(["build", "--chapters", "no-such-chapter"])
    >>> status, "不是已完成的章节" in shown.getvalue()
    (2, True)
    """
    parser = argparse.ArgumentParser(prog="python -m crmlab.course", description="离线课程构建 (build the offline course)")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("build", help="运行每一章并生成讲义、PDF、幻灯片、学生笔记本和教师手册")
    run.add_argument("--out", type=Path, default=None, help="输出文件夹（默认 build/course/）")
    run.add_argument("--chapters", nargs="+", default=None, help="只构建这些章节，按笔记本文件名开头指定，例如 05 06")
    run.add_argument("--no-pdf", action="store_true", help="不生成 PDF")
    run.add_argument("--no-execute", action="store_true", help="不运行笔记本（快速预览，没有运行结果）")
    run.add_argument("--timeout", type=int, default=600, help="每个单元格最多运行的秒数")
    args = parser.parse_args(argv)
    try:
        report = build(args.out, chapters=args.chapters, pdf=not args.no_pdf, execute=not args.no_execute, timeout=args.timeout)
    except (MissingDependency, ValueError) as err:
        print(err, file=sys.stdout)
        return 2
    print(_summary(report))
    return 1 if report.failed else 0
