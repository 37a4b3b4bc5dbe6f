"""The course build: every ready chapter executed once, then written for each audience into one folder."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .._validation import CrmlabInputError
from ._check import remote_loads_in
from ._deps import require
from ._export import Chapter, execute, handout_html, prepare, read, slides_html, student_copy
from ._font import FILE_NAME, MATH_FONT, characters_of, font_face_css, write_subset
from ._math import MathStore
from ._pages import student_index, teacher_index, write
from ._pdf import HOW_TO_GET, find_chromium, print_pdf
from ._snapshot import NOTE_HANDOUT, NOTE_SLIDES

PACKAGE = Path(__file__).parent
ROOT = PACKAGE.parents[1]
MARKER = ".crmlab-course-build"
VENDOR = PACKAGE / "vendor"


@dataclass(frozen=True)
class BuildReport:
    """What a course build wrote (paths relative to ``out``) and what it could not do."""

    out: Path
    chapters: tuple[str, ...]
    handouts: tuple[str, ...]
    pdfs: tuple[str, ...]
    slides: tuple[str, ...]
    student_notebooks: tuple[str, ...]
    teacher_page: str
    #: figures whose code cell has no ``alt`` metadata (a generic description was used)
    missing_alt: tuple[str, ...] = ()
    #: LaTeX that latex2mathml could not convert (shown as code)
    unconverted_math: tuple[str, ...] = ()
    #: chapters that failed to execute, with the error
    failed: tuple[str, ...] = ()
    #: why no PDFs were made, if they were not
    pdf_note: str = ""
    #: anything in the output that would load from the network (should stay empty), by file
    remote_loads: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


def ready_chapters(selection: Sequence[str] | None = None, *, notebooks: Path | None = None) -> list[Chapter]:
    """The chapters listed as ready in ``data/course_map.csv``, optionally only those named in ``selection``.

    A selection item matches a notebook's file name from its start: ``"05"``, ``"05_clv"``, ``"appendix"``.
    """
    from ..datasets import course_map

    folder = notebooks or ROOT / "notebooks"
    table = course_map()
    chapters = [
        Chapter(str(row.chapter), str(row.title), folder / str(row.notebook))
        for row in table.itertuples()
        if str(row.status) == "ready"
    ]
    if selection:
        unknown = [s for s in selection if not any(ch.path.name.startswith(str(s)) for ch in chapters)]
        if unknown:
            names = "、".join(ch.stem for ch in chapters)
            raise CrmlabInputError(
                "chapters",
                f"章节 chapters 中的 {'、'.join(unknown)} 不是已完成的章节；可选：{names}",
                f"chapters: {', '.join(unknown)} match no ready chapter; choose from {names}",
            )
        chapters = [ch for ch in chapters if any(ch.path.name.startswith(str(s)) for s in selection)]
    missing = [str(ch.path) for ch in chapters if not ch.path.exists()]
    if missing:
        raise CrmlabInputError(
            "notebooks",
            f"找不到章节笔记本 {missing[0]}：请在课程项目的文件夹中（git 克隆或下载的完整项目）构建",
            f"chapter notebook {missing[0]} not found: build from the course project's folder",
        )
    return chapters


def _prepare_out(out: Path) -> None:
    notebooks = (ROOT / "notebooks").resolve()
    resolved = out.resolve()
    if resolved == notebooks or notebooks in resolved.parents:
        raise CrmlabInputError("out", f"输出文件夹 out 不能在 notebooks/ 里：{out}", f"out must not be inside notebooks/: {out}")
    if resolved.exists() and any(resolved.iterdir()):
        if not (resolved / MARKER).exists():
            raise CrmlabInputError(
                "out",
                f"输出文件夹 out 不是空的，也不是以前的课程构建：{out}；请换一个文件夹",
                f"out is neither empty nor an earlier course build: {out}; choose another folder",
            )
        shutil.rmtree(resolved)
    resolved.mkdir(parents=True, exist_ok=True)
    (resolved / MARKER).write_text("written by python -m crmlab.course build; the whole folder is replaced on each build\n")


def _css(font_folder: str) -> str:
    return font_face_css(font_folder) + (PACKAGE / "assets" / "course.css").read_text(encoding="utf-8")


def _nav(chapters: Sequence[Chapter], i: int, pdf: bool) -> str:
    links = ['<a href="../index.html">课程首页</a>']
    if i > 0:
        links.append(f'<a href="{chapters[i - 1].stem}.html">上一章：{chapters[i - 1].title}</a>')
    if i + 1 < len(chapters):
        links.append(f'<a href="{chapters[i + 1].stem}.html">下一章：{chapters[i + 1].title}</a>')
    if pdf:
        links.append(f'<a href="{chapters[i].stem}.pdf">PDF</a>')
    links.append(f'<a href="../notebooks/{chapters[i].path.name}">笔记本</a>')
    return "".join(links)


def build(
    out: str | Path | None = None,
    *,
    chapters: Sequence[str] | None = None,
    pdf: bool = True,
    execute_notebooks: bool = True,
    timeout: int = 600,
    log: Callable[[str], None] = print,
) -> BuildReport:
    """Build the offline course: handouts (HTML, PDF), slides, student notebooks and the 教师手册."""
    for module in ("nbformat", "nbclient", "nbconvert", "latex2mathml.converter", "fontTools.subset"):
        require(module)
    selected = ready_chapters(chapters)
    out = Path(out) if out is not None else ROOT / "build" / "course"
    _prepare_out(out)
    browser = find_chromium() if pdf else None
    handout_css, slides_css, index_css = _css("../assets"), _css("../assets"), _css("assets")
    written: dict[str, list[str]] = {"handouts": [], "slides": [], "notebooks": [], "pdfs": []}
    texts, failed, missing_alt, unconverted = [], [], [], []
    built: list[Chapter] = []
    executed: dict[str, object] = {}
    for ch in selected:
        log(f"{ch.heading}：{'运行笔记本' if execute_notebooks else '不运行笔记本'} ({ch.path.name})")
        source = read(ch.path)
        try:
            run = execute(source, ch.path, timeout=timeout) if execute_notebooks else source
        except Exception as err:  # a failing chapter is reported; the others are still built
            failed.append(f"{ch.path.name}: {type(err).__name__}: {str(err).strip().splitlines()[-1] if str(err).strip() else ''}")
            log(f"  失败 (failed): {failed[-1]}")
            continue
        built.append(ch)
        executed[ch.stem] = run
        write(out / "notebooks" / ch.path.name, _dump(student_copy(source)))
        written["notebooks"].append(f"notebooks/{ch.path.name}")
    for i, ch in enumerate(built):
        store = MathStore()
        handout = handout_html(
            prepare(executed[ch.stem], ch, store, note=NOTE_HANDOUT, keep_notes=False),
            store,
            css=handout_css,
            nav=_nav(built, i, pdf=browser is not None),
        )
        missing_alt += ch.missing_alt
        slides_store = MathStore()
        deck = slides_html(
            prepare(executed[ch.stem], ch, slides_store, note=NOTE_SLIDES, keep_notes=True),
            slides_store,
            css=slides_css,
            reveal_prefix="reveal.js",
            font_url=f"../assets/{FILE_NAME}",
        )
        unconverted += [f"{ch.path.name}: {latex}" for latex in store.failed]
        texts += [handout, deck]
        write(out / "handouts" / f"{ch.stem}.html", handout)
        write(out / "teacher" / "slides" / f"{ch.stem}.slides.html", deck)
        written["handouts"].append(f"handouts/{ch.stem}.html")
        written["slides"].append(f"teacher/slides/{ch.stem}.slides.html")
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    stems = {ch.stem for ch in built}
    teacher, hints = teacher_index(built, slides=stems, css=index_css, built=stamp)
    texts += [teacher, student_index(built, pdfs=stems, css=index_css, built=stamp)]
    # the fonts: one subset of every character of every page, in both self-contained folders
    size = 0
    for assets in (out / "assets", out / "teacher" / "assets"):
        size = write_subset(characters_of(texts), assets / FILE_NAME)
        shutil.copy2(MATH_FONT, assets / MATH_FONT.name)
    shutil.copytree(VENDOR / "reveal.js", out / "teacher" / "slides" / "reveal.js")
    log(f"中文字体子集 (Chinese font subset): {size / 1024:.0f} KB")
    pdf_note = ""
    if pdf and browser is None:
        pdf_note = HOW_TO_GET
        log(pdf_note)
    elif browser is not None:
        for ch in built:
            try:
                print_pdf(browser, out / "handouts" / f"{ch.stem}.html", out / "handouts" / f"{ch.stem}.pdf")
                written["pdfs"].append(f"handouts/{ch.stem}.pdf")
                log(f"PDF: handouts/{ch.stem}.pdf")
            except Exception as err:  # a failed print leaves the HTML handout; say so
                pdf_note = f"{ch.stem}: PDF 生成失败 (PDF failed): {err}"
                log(pdf_note)
    pdf_stems = {Path(p).stem for p in written["pdfs"]}
    write(out / "index.html", student_index(built, pdfs=pdf_stems, css=index_css, built=stamp))
    write(out / "teacher" / "index.html", teacher)
    remote = [f"{path}: {hit}" for path, hits in remote_loads_in(out).items() for hit in hits]
    if remote:
        log("警告：输出中有从网络加载的地址 (warning: the output loads from the network): " + "; ".join(remote))
    return BuildReport(
        out=out,
        chapters=tuple(ch.stem for ch in built),
        handouts=tuple(written["handouts"]),
        pdfs=tuple(written["pdfs"]),
        slides=tuple(written["slides"]),
        student_notebooks=tuple(written["notebooks"]),
        teacher_page="teacher/index.html",
        missing_alt=tuple(missing_alt),
        unconverted_math=tuple(unconverted),
        failed=tuple(failed),
        pdf_note=pdf_note,
        remote_loads=tuple(remote),
        notes=(f"教师手册收集了 {hints} 个教师提示单元格",),
    )


def _dump(nb: object) -> str:
    nbformat = require("nbformat")
    return nbformat.writes(nb) + "\n"

