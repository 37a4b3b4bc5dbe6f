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
CHAPTERS = [p for p in NOTEBOOKS if p.parent.name == "notebooks" and re.match(r"(0[1-9]|1[0-9])_", p.name)]
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
    "NaN answer None margin horizon summary regular "
    # the engine appendix: engines and file formats, a unit, and the column its error message names
    "DuckDB pandas Parquet Spark SQL MB amount".split()
) | frozenset(word for font in SYSTEM_CJK_FONTS for word in font.split())
#: Acronyms of the mobile-operator case (chapter 11): model quality, revenue per user, the source's CLTV variables.
ALLOWED_WORDS |= frozenset("AUC ARPU CLTV PGS CS CM MPA MRA NCA PE GB".split())
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
    # run in a temporary working directory, so that a notebook that writes files (chapter 12's report folder)
    # leaves nothing in notebooks/; the notebooks read their data through crmlab, never by a relative path
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert _errors(nb) == []
    # no English in what a student sees (checked here, so that each notebook runs once)
    assert _english(nb) == [], "English in the outputs:\n" + "\n".join(_english(nb))
    # every cell that drew a figure (or shows an explorer) carries its alternative text
    assert _drawn_without_alt(nb) == [], "figure cells without a Chinese alt text:\n" + "\n".join(_drawn_without_alt(nb))
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
#: the ASCII marks that have a full-width form in Chinese text (，；：？！（）)
_MARKS = ",;:?!()"
#: ASCII , ; : ? ! ( ) touching a Chinese character (through at most one space and emphasis marks)
#: full-width punctuation: an ASCII mark between it and a non-alphanumeric (`80% (β ≈ 4α)，`) is in Chinese text too
_FULL = "\u3000-\u303f\uff00-\uffef"
_ASCII_IN_CHINESE = re.compile(
    rf"[{_CJK}][*_\"]*[ ]?[{_MARKS}]|[{_MARKS}][ ]?[*_\"]*[{_CJK}]"
    rf"|[^A-Za-z0-9\s][{_MARKS}][ ]?[{_FULL}]|[{_FULL}][ ]?[{_MARKS}][^A-Za-z0-9\s]"
)  # (`F(R, L, I)，` and `21(1)：` are a formula and a journal issue: kept)
#: what stands for a code span or formula in the prose, so that the marks next to it are checked too
_SPAN = "\ue000"
#: what keeps its ASCII punctuation: code blocks, math and code spans (replaced by _SPAN), link targets, URLs, HTML tags
_NOT_PROSE = [
    (r"```.*?```", " "),
    (r"\$\$.*?\$\$", _SPAN),
    (r"(?<!\\)\$[^$\n]+?\$", _SPAN),
    (r"`[^`\n]+`", _SPAN),
    (r"\]\([^)\n]*\)", " "),
    (r"https?://\S+", " "),
    (r"<[^>\n]+>", " "),
]


def _prose(markdown):
    for pattern, placeholder in _NOT_PROSE:
        markdown = re.sub(pattern, placeholder, markdown, flags=re.S)
    return markdown


def _neighbour(line, position, step):
    """The character next to ``line[position]`` in direction ``step``, past one space and emphasis marks ("" at an end)."""
    i = position + step
    while 0 <= i < len(line) and line[i] in "*_\"":
        i += step
    if 0 <= i < len(line) and line[i] == " ":
        i += step
    while 0 <= i < len(line) and line[i] in "*_\"":
        i += step
    return line[i] if 0 <= i < len(line) else ""


def _ascii_marks(line):
    """ASCII marks in a line of Chinese prose (after :func:`_prose`): next to a Chinese character, or between a
    code span or formula and Chinese text, another span or the end of the line (`用 `x`; `y` 也行`, `见 `x`!`)."""
    if not re.search(f"[{_CJK}]", line):
        return []
    spots = {m.start() for m in _ASCII_IN_CHINESE.finditer(line)}
    chinese_or_span = re.compile(f"[{_CJK}{_SPAN}]|^$")
    for m in re.finditer(f"[{re.escape(_MARKS)}]", line):
        left, right = _neighbour(line, m.start(), -1), _neighbour(line, m.start(), 1)
        if _SPAN in (left, right) and chinese_or_span.match(left) and chinese_or_span.match(right):
            spots.add(m.start())
        elif right == "" and left and not re.match("[A-Za-z]", left):  # a Chinese sentence ending `15%:`
            spots.add(m.start())
    return [line[max(0, i - 12): i + 13].replace(_SPAN, "`…`") for i in sorted(spots)]


def test_punctuation_check_sees_marks_next_to_code_and_formulas():
    flagged = {
        "用 `x`, 再算": True, "$x$; 然后": True, "先算 `x`!": True, "太好了!": True, "调用 `f`: `g` 都行": True,
        "（见 `x`)": True, "参数 `a`, `b`": True, "用 `x`，再算": False, "公式 $a, b$ 中": False,
        "见 `f(x)` 的结果": False, "英文 e.g. `f`, then `g`": False, "`f(x)`, `g`": False,
        "调用 `f`（例如 `f(1)`）": False, "比较 `a` 与 `b`。": False, "Python 3.11 (64 位)": True,
        "从 20% 拖到 15%:": True, "拖到 15%：": False, "约 80% (β ≈ 4α)，再调": True, "函数 F(R, L, I)，与": False, "英文写作 see below:": False,
    }
    got = {text: bool(_ascii_marks(_prose(text))) for text in flagged}
    assert got == flagged


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_chinese_prose_uses_full_width_punctuation(path):
    """GB/T 15834: ，；：？！（） in Chinese sentences; ASCII only in code, formulas, numbers and English."""
    found = []
    for i, cell in enumerate(_read(path).cells):
        if cell.cell_type == "markdown":
            for line in _prose(cell.source).splitlines():
                found += [f"cell {i}: ...{snippet}..." for snippet in _ascii_marks(line)]
                found += [f"cell {i}: {quoted} (write “…”)" for quoted in _ASCII_QUOTES.findall(line)]
    assert found == [], "\n".join(found)


#: Chinese quoted with ASCII double quotes ("并列"); GB/T 15834 writes “并列”
_ASCII_QUOTES = re.compile(rf'"[^"\n]*[{_CJK}][^"\n]*"')


def test_quote_check_sees_ascii_quotes_around_chinese():
    assert _ASCII_QUOTES.findall(_prose('大量 "并列" 的客户')) == ['"并列"']
    assert _ASCII_QUOTES.findall(_prose('大量“并列”的客户，`f("甲")` 与 <img alt="图">')) == []


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


# ------------------------------------------------------------------ alternative text of figures

#: A code cell that draws: a crmlab plot_* function, an explorer, or pandas' .plot(
_DRAWS = re.compile(r"\bplot_\w+\(|\w+_explorer\(|\.plot\(")


def _alt_problem(cell) -> str | None:
    """Why a figure cell's ``metadata.alt`` is not a usable Chinese description (None if it is)."""
    alt = cell.metadata.get("alt")
    if not isinstance(alt, str) or not alt.strip():
        return "no alt text"
    if len(re.findall(f"[{_CJK}]", alt)) < 10:
        return f"alt text is not a Chinese description: {alt!r}"
    bad = _ascii_marks(alt)
    return f"ASCII punctuation in the alt text: {bad}" if bad else None


def _drawn_without_alt(nb) -> list[str]:
    """Cells of an executed notebook that show an image or a widget but lack a usable alt text."""
    found = []
    for i, cell in enumerate(nb.cells):
        kinds = {kind for out in cell.get("outputs", []) for kind in out.get("data", {})}
        if {"image/png", "image/svg+xml", "application/vnd.jupyter.widget-view+json"} & kinds:
            problem = _alt_problem(cell)
            if problem:
                found.append(f"cell {i}: {problem}")
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_figure_cells_have_alt_text(path):
    """Cells that call plot_*, an explorer or .plot( carry metadata "alt": what the figure shows, in Chinese.

    The handout build puts it into ``<img alt>``. The executed outputs are checked
    in :func:`test_notebook_runs_headless` (any cell that shows an image or a widget).
    """
    found = []
    for i, cell in enumerate(_read(path).cells):
        if cell.cell_type == "code" and _DRAWS.search(cell.source):
            problem = _alt_problem(cell)
            if problem:
                found.append(f"cell {i}: {problem}")
    assert found == [], "\n".join(found)


def test_alt_checks_find_missing_and_bad_alt_text():
    out = nbformat.v4.new_output
    good = "课程商店的帕累托曲线：前 20% 的客户贡献了 80% 的利润。"
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("plot_pareto(x);", metadata={"alt": good}, outputs=[out("display_data", data={"image/png": ""})]),
            nbformat.v4.new_code_cell("ax = show(x)", outputs=[out("display_data", data={"image/png": ""})]),
            nbformat.v4.new_code_cell("rfm_explorer(x)", metadata={"alt": "Pareto curve"},
                                      outputs=[out("display_data", data={"application/vnd.jupyter.widget-view+json": {}})]),
            nbformat.v4.new_code_cell("print(1)", outputs=[out("stream", name="stdout", text="1")]),
            nbformat.v4.new_code_cell("df.plot(kind='bar')", metadata={"alt": "课程商店的帕累托曲线: 前 20% 的客户贡献了大部分利润"}),
        ]
    )
    assert [line.split(":")[0] for line in _drawn_without_alt(nb)] == ["cell 1", "cell 2"]
    assert _alt_problem(nb.cells[0]) is None
    assert "ASCII punctuation" in _alt_problem(nb.cells[4])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_title_metadata_matches_the_first_heading(path):
    """The notebook's metadata title (the HTML page title of a handout) is the Chinese title of its first cell."""
    nb = _read(path)
    first = nb.cells[0].source.split("\n")[0].lstrip("# ").strip()
    assert nb.metadata.get("title", first) == first
