"""The notebooks: committed clean, in the chapter template, with slide metadata, and all run headless."""

import html
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from crmlab.datasets import course_map
from crmlab.plotting import SYSTEM_CJK_FONTS

pytestmark = pytest.mark.notebooks  # deselect with -m "not notebooks" (DEVELOPERS.md)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
CHAPTERS = [p for p in NOTEBOOKS if p.parent.name == "notebooks" and re.match(r"0[1-9]_", p.name)]
SOLUTIONS = [p for p in NOTEBOOKS if p.parent.name == "solutions"]
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", ""}  # "" continues a slide (JupyterLab 4); "-" is hidden by live slides, see tests/test_slides.py


def _ids(paths):
    return [str(p.relative_to(ROOT / "notebooks")) for p in paths]


def _read(path):
    return nbformat.read(path, as_version=4)


def test_there_are_notebooks():
    assert (ROOT / "notebooks" / "00_guide.ipynb") in NOTEBOOKS
    assert CHAPTERS and SOLUTIONS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_committed_without_outputs(path):
    nb = _read(path)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: strip the outputs"
    assert nb.metadata.kernelspec.name == "python3"
    assert path.name.isascii()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_every_cell_has_slide_metadata(path):
    nb = _read(path)
    types = [cell.metadata.get("slideshow", {}).get("slide_type") for cell in nb.cells]
    assert all(t in SLIDE_TYPES for t in types), types
    assert types[0] == "slide"
    assert nb.cells[0].source.startswith("# "), "the first cell holds the Chinese title"


def _headings(nb):
    return [line[3:].strip() for c in nb.cells if c.cell_type == "markdown" for line in c.source.splitlines() if line.startswith("## ")]


@pytest.mark.parametrize("path", CHAPTERS, ids=_ids(CHAPTERS))
def test_chapter_template(path):
    headings = _headings(_read(path))
    chapter = int(path.name[:2])
    numbered = [h for h in headings if re.match(rf"{chapter}\.\d+ ", h)]
    assert len(numbered) >= 2, headings
    assert [int(h.split()[0].split(".")[1]) for h in numbered] == list(range(1, len(numbered) + 1))
    order = ["学习目标", numbered[0], numbered[-1], "互动", "课堂讨论", "练习", "小结"]
    positions = [next(i for i, h in enumerate(headings) if h == want or h.startswith(want)) for want in order]
    assert positions == sorted(positions), headings


@pytest.mark.parametrize("path", CHAPTERS, ids=_ids(CHAPTERS))
def test_chapter_exercises_have_solutions_apart(path):
    nb = _read(path)
    keys = re.findall(r'check\("([\d.]+)", answer\)', "\n".join(c.source for c in nb.cells if c.cell_type == "code"))
    assert keys, "a chapter has exercises with self-checks"
    solution = ROOT / "notebooks" / "solutions" / f"{path.stem}_solutions.ipynb"
    assert solution.exists()
    solved = re.findall(r'check\("([\d.]+)", answer\)', "\n".join(c.source for c in _read(solution).cells))
    assert sorted(set(solved)) == sorted(set(keys))
    assert "answer = None" in "\n".join(c.source for c in nb.cells)


def test_course_map_matches_the_notebooks():
    listed = course_map()
    ready = set(listed.loc[listed["status"] == "ready", "notebook"])
    present = {p.name for p in NOTEBOOKS if p.parent.name == "notebooks"}
    assert ready == present
    assert present <= set(listed["notebook"])


def _errors(nb):
    """Error outputs and anything written to stderr (warnings included)."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                found.append(f"cell {i}: {out.ename}: {out.evalue}")
            elif out.output_type == "stream" and out.name == "stderr":
                found.append(f"cell {i} stderr: {out.text[:500]}")
    return found


# ------------------------------------------------------------------ no English in what a student sees

#: Words a student may see in an output: acronyms and model names of the field, names of data sets,
#: people, firms and products, the fonts matplotlib may pick, and the code a student types (``answer``,
#: a parameter or data column named in a question or an error message).
ALLOWED_WORDS = frozenset(
    "CLV RFM NPS CAC CSAT BG NBD Gamma sBG DCF ABC KPI BTYD VIP APP App CD CRM ROI "
    "CDNOW StreamNow Kaplan Meier Fader Hardie Adobe Patagonia iPhone MacBook Apple Watch "
    "NaN answer None margin horizon summary regular".split()
) | frozenset(word for font in SYSTEM_CJK_FONTS for word in font.split())
#: Names in appendices A and B (and in the course map the guide shows): the Beta distribution, the Python language.
ALLOWED_WORDS |= frozenset("Beta Python".split())

#: Code inside text: the English half of a bilingual error message (a trailing half-width parenthesis
#: that starts with the parameter's name), a word pandas cut short ("Watc..."), file names, dotted
#: module names, pure-ASCII asides in full-width brackets ("消费金额（amount）"), identifiers with an
#: underscore.
_CODE_IN_TEXT = [
    r"\s\([a-z_]+ [^\n]*\)[ \t]*$",
    r"[A-Za-z]+\.\.\.",
    r"\S+\.ipynb\b",
    r"\bcrmlab(\.\w+)*",
    r"（[ -~]+）",
    r"[A-Za-z0-9]*_[A-Za-z0-9_]*",
]


def _shown_texts(nb):
    """(cell number, text) of what a student sees: printed text and tables (HTML, or plain text)."""
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "stream" and out.name == "stdout":
                yield i, out.text
            elif out.output_type in ("execute_result", "display_data"):
                data = out.get("data", {})
                if "text/html" in data:
                    body = re.sub(r"<style.*?</style>|<script.*?</script>", " ", data["text/html"], flags=re.S)
                    yield i, html.unescape(re.sub(r"<[^>]+>", " ", body))
                elif "text/plain" in data and not {"image/png", "application/vnd.jupyter.widget-view+json"} & set(data):
                    yield i, data["text/plain"]


def _english(nb):
    """English words in the outputs of an executed notebook, outside :data:`ALLOWED_WORDS` and code."""
    found = []
    for i, text in _shown_texts(nb):
        for pattern in _CODE_IN_TEXT:
            text = re.sub(pattern, " ", text, flags=re.M)
        words = sorted({w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED_WORDS})
        if words:
            found.append(f"cell {i}: {', '.join(words)}")
    return found


def test_english_scan_finds_english_and_spares_code():
    out = nbformat.v4.new_output
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(outputs=[out("stream", name="stdout", text="与发表的汇总表一致： True\n")]),
            nbformat.v4.new_code_cell(outputs=[out("execute_result", data={"text/html": "<table><th>segment</th><td>高</td></table>"})]),
            nbformat.v4.new_code_cell(
                outputs=[
                    out("stream", name="stdout", text="流失率 churn_rate 必须在 [0, 1) 内 (churn_rate must be in [0, 1), got 1.5)\n"),
                    out("stream", name="stdout", text="练习 2.2：消费金额（amount）最高的 10% 客户；CLV 与 CAC；00_guide.ipynb\n"),
                    out("display_data", data={"text/plain": "<Figure size 640x480>", "image/png": ""}),
                ]
            ),
        ]
    )
    assert _english(nb) == ["cell 0: True", "cell 1: segment"]


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_runs_headless(path, tmp_path):
    nb = _read(path)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    assert _errors(nb) == []
    # no English in what a student sees (checked here, so that each notebook runs once); the engineering
    # appendix (appendix_engine*.ipynb: DuckDB, Spark, SQL types) is not checked yet
    if not path.name.startswith("appendix_engine"):
        assert _english(nb) == [], "English in the outputs:\n" + "\n".join(_english(nb))
    if path in SOLUTIONS:
        checks = [
            out["data"]["text/plain"]
            for cell in nb.cells
            for out in cell.get("outputs", [])
            if out.output_type == "execute_result" and "练习" in out.get("data", {}).get("text/plain", "")
        ]
        assert checks and all(c.startswith("✅") for c in checks), checks
    # the executed notebook can be turned into reveal.js slides for class
    from nbconvert import SlidesExporter

    body, _ = SlidesExporter().from_notebook_node(nb)
    assert "reveal" in body


# ------------------------------------------------------------------ Chinese text (no execution)

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
#: ASCII , ; : ? ( ) touching a Chinese character (through at most one space and emphasis marks)
_ASCII_IN_CHINESE = re.compile(rf"[{_CJK}][*_\"]*[ ]?[,;:?()]|[,;:?()][ ]?[*_\"]*[{_CJK}]")
#: what keeps its ASCII punctuation: code blocks and spans, math, link targets, URLs, HTML tags
_NOT_PROSE = [r"```.*?```", r"\$\$.*?\$\$", r"(?<!\\)\$[^$\n]+?\$", r"`[^`\n]+`", r"\]\([^)\n]*\)", r"https?://\S+", r"<[^>\n]+>"]


def _prose(markdown):
    for pattern in _NOT_PROSE:
        markdown = re.sub(pattern, " ", markdown, flags=re.S)
    return markdown


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_chinese_prose_uses_full_width_punctuation(path):
    """GB/T 15834: ，；：？（） in Chinese sentences; ASCII only in code, formulas, numbers and English."""
    found = []
    for i, cell in enumerate(_read(path).cells):
        if cell.cell_type == "markdown":
            for line in _prose(cell.source).splitlines():
                found += [f"cell {i}: ...{line[max(0, m.start() - 12): m.end() + 12]}..." for m in _ASCII_IN_CHINESE.finditer(line)]
    assert found == [], "\n".join(found)


#: (deprecated, preferred): one term per concept, as in crmlab.glossary. A deprecated word may appear
#: once per notebook when it quotes the textbook, written as 教材称 "..." (or 教材称“...”).
DEPRECATED_TERMS = [
    ("终身价值", "终生价值"),
    ("贴现率", "折现率"),
    ("贴现", "折现"),
    ("近度", "首末购买间隔 t_x (BTYD) 或 R (RFM)"),
    ("最后一次购买时的年龄", "首末购买间隔 t_x"),
    ("客户年龄", "观察时长 T"),
]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebooks_use_one_term_per_concept(path):
    text = "\n".join(cell.source for cell in _read(path).cells)
    for deprecated, preferred in DEPRECATED_TERMS:
        quoted = len(re.findall(rf'教材称\s*["“]{deprecated}', text))
        assert quoted <= 1, f"{deprecated}: the textbook's word may be quoted once"
        uses = text.count(deprecated) - quoted
        if deprecated == "贴现":  # counted already as part of 贴现率
            uses -= text.count("贴现率") - len(re.findall(r'教材称\s*["“]贴现率', text))
        assert uses == 0, f"{path.name} uses {deprecated!r} {uses} time(s): write {preferred!r}"


@pytest.mark.parametrize("path", CHAPTERS, ids=_ids(CHAPTERS))
def test_every_discussion_question_has_a_teacher_hint(path):
    cells = _read(path).cells
    start = next(i for i, c in enumerate(cells) if c.cell_type == "markdown" and c.source.startswith("## 课堂讨论"))
    questions = re.findall(r"^(\d+)\. ", cells[start].source, flags=re.M)
    notes = "\n".join(c.source for c in cells[start + 1 :] if c.metadata.get("slideshow", {}).get("slide_type") == "notes")
    hinted = set(re.findall(r"第 ?(\d+) ?题", notes))
    assert questions and set(questions) <= hinted, f"no teacher hint for question(s) {sorted(set(questions) - hinted)}"
