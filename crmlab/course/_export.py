"""One chapter: execute it, prepare a copy per audience, and turn it into a handout page or a deck.

Every audience gets its own copy of the notebook: teacher notes (cells whose slide type is ``notes``)
are removed from handouts and student copies and kept as speaker notes in the slides; explorers become
static snapshots; formulas become MathML; each figure gets its cell's ``alt`` text.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._deps import require
from ._math import MathStore
from ._snapshot import WIDGET_VIEW, replace_widget_outputs

TEMPLATES = Path(__file__).with_name("templates")
FALLBACK_ALT = "{title}：本章的一幅图表（此图尚无文字说明）"
SNAPSHOT_ALT = "{title}：互动探索器在初始参数下的图表"


@dataclass
class Chapter:
    """A ready chapter of ``data/course_map.csv``: its number, title and notebook file."""

    chapter: str
    title: str
    path: Path
    #: figures without alt text, as "notebook 第 N 个单元格"
    missing_alt: list[str] = field(default_factory=list)

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def label(self) -> str:
        """"第 N 章", "附录 C", or "" for the guide (chapter 0)."""
        if self.stem.startswith("appendix"):
            return f"附录 {self.chapter}" if self.chapter.isalpha() else "附录"
        return f"第 {int(self.chapter)} 章" if self.chapter.isdigit() and int(self.chapter) > 0 else ""

    @property
    def heading(self) -> str:
        """The chapter as a reader names it: "第 6 章 客户终生价值：张三案例"."""
        if self.label.startswith("附录") and self.title.startswith("附录"):
            return self.title
        return f"{self.label} {self.title}".strip()


def slide_type(cell: Any) -> str:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-")


def is_notes(cell: Any) -> bool:
    return slide_type(cell) == "notes"


def read(path: Path) -> Any:
    nbformat = require("nbformat")
    return nbformat.read(path, as_version=4)


def execute(nb: Any, path: Path, *, timeout: int = 600) -> Any:
    """Run a copy of ``nb`` headless in the notebook's folder, keeping the widget state; return it."""
    nbclient = require("nbclient")
    nb = copy.deepcopy(nb)
    client = nbclient.NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        store_widget_state=True,
        resources={"metadata": {"path": str(path.parent)}},
        extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no kernel start-up warnings among the build's messages
    )
    client.execute()
    return nb


def _draws(cell: Any) -> bool:
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "image/png" in data or WIDGET_VIEW in data:
            return True
    return False


def prepare(nb: Any, chapter: Chapter, store: MathStore, *, note: str, keep_notes: bool) -> Any:
    """A copy of an executed notebook ready for nbconvert: alt texts, snapshots, notes, formulas."""
    nb = copy.deepcopy(nb)
    nb.metadata["title"] = chapter.heading
    chapter.missing_alt.clear()
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not _draws(cell):
            continue
        alt = str(cell.metadata.get("alt", "")).strip()
        if not alt:
            chapter.missing_alt.append(f"{chapter.path.name} 第 {i} 个单元格")
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                output.setdefault("metadata", {})["crmlab_alt"] = alt or FALLBACK_ALT.format(title=chapter.title)
    replace_widget_outputs(
        nb, note=note, alt_of=lambda cell: str(cell.metadata.get("alt", "")).strip() or SNAPSHOT_ALT.format(title=chapter.title)
    )
    if not keep_notes:
        nb.cells = [cell for cell in nb.cells if not is_notes(cell)]
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = store.protect(cell.source)
    return nb


def _resources(css: str, **extra: Any) -> dict[str, Any]:
    return {"crmlab": {"css": css, **extra}}


def handout_html(nb: Any, store: MathStore, *, css: str, nav: str) -> str:
    """The handout page of a prepared notebook (no script, formulas as MathML)."""
    exporters = require("nbconvert")
    exporter = exporters.HTMLExporter(
        template_name="handout", extra_template_basedirs=[str(TEMPLATES)], exclude_input_prompt=True, exclude_output_prompt=True
    )
    exporter.language_code = "zh-CN"
    body, _ = exporter.from_notebook_node(nb, resources=_resources(css, nav=nav))
    return store.restore(body)


def slides_html(nb: Any, store: MathStore, *, css: str, reveal_prefix: str, font_url: str) -> str:
    """The reveal.js deck of a prepared notebook, loading reveal.js from ``reveal_prefix`` (relative).

    ``font_url`` (relative to the deck) is the Chinese web font, also given to the speaker view's window.
    """
    exporters = require("nbconvert")
    exporter = exporters.SlidesExporter(
        template_name="slides",
        extra_template_basedirs=[str(TEMPLATES)],
        reveal_url_prefix=reveal_prefix,
        reveal_theme="white",
        reveal_transition="none",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.language_code = "zh-CN"
    body, _ = exporter.from_notebook_node(nb, resources=_resources(css, font_url=font_url))
    return store.restore(body)


def student_copy(nb: Any) -> Any:
    """The notebook a student gets: no outputs, no execution counts, no teacher notes, no widget state."""
    nb = copy.deepcopy(nb)
    nb.cells = [cell for cell in nb.cells if not is_notes(cell)]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    return nb


def discussion(nb: Any) -> tuple[str | None, list[str], list[tuple[str, str]]]:
    """The 课堂讨论 cell, the teacher notes after it, and every other notes cell with its section heading."""
    question, hints, others = None, [], []
    heading = ""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and not is_notes(cell):
            found = re.findall(r"^##\s+(.+)$", cell.source, flags=re.M)
            if found:
                heading = found[-1].strip()
            if cell.source.startswith("## 课堂讨论"):
                question = cell.source
                continue
        if is_notes(cell):
            if heading.startswith("课堂讨论"):
                hints.append(cell.source)
            else:
                others.append((heading, cell.source))
    return question, hints, others
