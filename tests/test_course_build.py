"""The offline course build (python -m crmlab.course build): nothing fetched, no teacher notes for students.

The fast tests check each piece on small inline notebooks; the slow ones build one short chapter
(executed) once per run and inspect the output, and, where Chromium is installed, open the pages in
it with every network request sent to a dead proxy and compare the requests with an empty page's.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from crmlab import CrmlabInputError
from crmlab.course import build, find_chromium
from crmlab.course._build import ready_chapters
from crmlab.course._check import remote_loads, remote_loads_in
from crmlab.course._export import Chapter, is_notes, prepare, student_copy
from crmlab.course._math import MathStore, markdown_to_html
from crmlab.course._pdf import browser_command
from crmlab.course._snapshot import NOTE_HANDOUT, replace_widget_outputs

ROOT = Path(__file__).resolve().parents[1]
new = nbformat.v4


def _notes(source):
    return new.new_markdown_cell(source, metadata={"slideshow": {"slide_type": "notes"}})


# ------------------------------------------------------------------ pieces (fast)


def test_remote_loads_are_found_and_links_and_comments_are_not():
    bad = [
        '<script src="https://cdn.example.com/require.js"></script>',
        "<link rel='stylesheet' href='http://fonts.example.com/css'>",
        '<img alt="x" src="//cdn.example.com/a.png">',
        '<iframe src="https://example.com/embed"></iframe>',
        "@import url(https://fonts.googleapis.com/css?family=Lato);",
        '@font-face { src: url("https://example.com/f.woff2") }',
        "import mermaid from 'https://cdn.jsdelivr.net/npm/mermaid/dist/mermaid.esm.min.mjs';",
    ]
    for text in bad:
        assert remote_loads(text), text
    fine = (
        '<a href="https://revealjs.com">reveal.js</a> <math xmlns="http://www.w3.org/1998/Math/MathML"></math>'
        "/* https://github.com/material-components */ <script src=\"reveal.js/dist/reveal.js\"></script>"
        '<img src="data:image/png;base64,AAAA"> url("../assets/font.woff")'
    )
    assert remote_loads(fine) == []


def test_formulas_become_mathml_and_code_keeps_its_dollars():
    store = MathStore()
    html = markdown_to_html("收益 $x_1 + \\alpha$ 与\n\n$$\\text{让渡价值} = \\frac{a}{b}$$\n\n代码 `price = $5` 不变", store)
    assert "$" not in html.replace("price = $5", "")
    assert html.count("<math") == 2 and 'display="block"' in html and "<mfrac>" in html
    assert "<mtext>让渡价值</mtext>" in html and "http://www.w3.org" not in html
    assert "price = $5" in html and store.failed == []


def test_a_formula_latex2mathml_cannot_read_is_shown_as_code_and_reported():
    store = MathStore()
    html = markdown_to_html("坏公式 $\\frac{1}{$ 结束", store)
    assert store.failed == ["\\frac{1}{"] and '<code class="crmlab-latex">' in html and "$" not in html


def _widget_state():
    png = base64.b64encode(b"\x89PNG fake").decode()
    models = {
        "box": ("VBoxModel", {"children": ["IPY_MODEL_s", "IPY_MODEL_d", "IPY_MODEL_t", "IPY_MODEL_h", "IPY_MODEL_i"]}),
        "s": ("FloatSliderModel", {"description": "流失率", "value": 0.2, "min": 0.0, "max": 0.8, "readout_format": ".0%"}),
        "d": ("DropdownModel", {"description": "细分", "_options_labels": ["甲", "乙"], "index": 1}),
        "t": ("ToggleButtonsModel", {"description": "视角", "_options_labels": ["企业", "客户"], "index": 0}),
        "h": ("HTMLModel", {"value": "<b>CLV 9,672.75 元</b>"}),
        "i": ("ImageModel", {"format": "png"}),
    }
    state = {key: {"model_name": name, "state": fields} for key, (name, fields) in models.items()}
    state["i"]["buffers"] = [{"path": ["value"], "encoding": "base64", "data": png}]
    return {"state": state, "version_major": 2, "version_minor": 0}, png


def test_an_explorer_becomes_a_static_snapshot_with_a_note():
    state, png = _widget_state()
    view = {"model_id": "box", "version_major": 2, "version_minor": 0}
    output = new.new_output("display_data", data={"application/vnd.jupyter.widget-view+json": view, "text/plain": "VBox(...)"})
    nb = new.new_notebook(cells=[new.new_code_cell("clv_explorer()", outputs=[output], metadata={"alt": "CLV 的构成"})])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": state}
    assert replace_widget_outputs(nb, note=NOTE_HANDOUT, alt_of=lambda cell: cell.metadata["alt"]) == 1
    html = nb.cells[0].outputs[0]["data"]["text/html"]
    assert list(nb.cells[0].outputs[0]["data"]) == ["text/html"] and "widgets" not in nb.metadata
    assert NOTE_HANDOUT in html and "JupyterLab" in html and "<script" not in html
    assert "流失率" in html and "20%" in html and '<span class="w-select">乙</span>' in html
    assert 'w-toggle w-selected">企业' in html and "<b>CLV 9,672.75 元</b>" in html
    assert f'src="data:image/png;base64,{png}" alt="CLV 的构成"' in html


def _chapter_notebook():
    def figure():
        return new.new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})

    return new.new_notebook(
        cells=[
            new.new_markdown_cell("# 第 9 章 测试", metadata={"slideshow": {"slide_type": "slide"}}),
            new.new_code_cell("plot_a()", outputs=[figure()], metadata={"alt": "甲图：留存曲线"}, execution_count=1),
            new.new_code_cell("plot_b()", outputs=[figure()], execution_count=2),
            new.new_markdown_cell("## 课堂讨论\n\n1. 为什么？\n2. 怎么办？"),
            _notes("**教师提示**：\n\n- 第 1 题：因为。\n- 第 2 题：这样办。"),
            new.new_code_cell("answer = None\ncheck('9.1', answer)", execution_count=3, outputs=[new.new_output("stream", text="x")]),
        ]
    )


def test_prepare_removes_teacher_notes_and_gives_every_figure_alt_text():
    chapter = Chapter("9", "测试", Path("notebooks/09_test.ipynb"))
    nb = prepare(_chapter_notebook(), chapter, MathStore(), note=NOTE_HANDOUT, keep_notes=False)
    assert not any(is_notes(cell) for cell in nb.cells) and "教师提示" not in json.dumps(nb, ensure_ascii=False)
    alts = [cell.outputs[0].metadata["crmlab_alt"] for cell in nb.cells[1:3]]
    assert alts[0] == "甲图：留存曲线" and alts[1].startswith("测试：")
    assert chapter.missing_alt == ["09_test.ipynb 第 2 个单元格"]
    slides = prepare(_chapter_notebook(), chapter, MathStore(), note=NOTE_HANDOUT, keep_notes=True)
    assert sum(is_notes(cell) for cell in slides.cells) == 1


def test_student_copy_has_no_outputs_and_no_teacher_notes():
    copy = student_copy(_chapter_notebook())
    assert not any(is_notes(cell) for cell in copy.cells)
    assert all(cell.outputs == [] and cell.execution_count is None for cell in copy.cells if cell.cell_type == "code")
    assert len(_chapter_notebook().cells[1].outputs) == 1  # the original is untouched


def test_chapter_selection_and_output_folder_are_checked(tmp_path):
    names = [ch.path.name for ch in ready_chapters()]
    assert names and all((ROOT / "notebooks" / name).exists() for name in names)
    assert [ch.path.name for ch in ready_chapters(["00"])] == ["00_guide.ipynb"]
    with pytest.raises(CrmlabInputError, match="不是已完成的章节"):
        ready_chapters(["99_nothing"])
    with pytest.raises(CrmlabInputError, match="不能在 notebooks/ 里"):
        build(ROOT / "notebooks" / "site", chapters=["00"], pdf=False, execute=False, quiet=True)
    (tmp_path / "mine.txt").write_text("a file the build must not delete")
    with pytest.raises(CrmlabInputError, match="不是空的"):
        build(tmp_path, chapters=["00"], pdf=False, execute=False, quiet=True)
    assert (tmp_path / "mine.txt").exists()


def test_a_missing_build_dependency_names_the_extra(monkeypatch, capsys):
    from crmlab import course
    from crmlab.course._deps import MissingDependency, require

    with pytest.raises(MissingDependency, match=r'pip install -e "\.\[course\]"'):
        require("no_such_module_for_the_course")
    monkeypatch.setattr("crmlab.course._build.require", lambda name: require(f"{name}_missing"))
    assert course.main(["build", "--chapters", "00", "--no-pdf"]) == 2
    assert '.[course]' in capsys.readouterr().out


def test_the_command_line_lists_its_options():
    done = subprocess.run([sys.executable, "-m", "crmlab.course", "build", "--help"], capture_output=True, text=True, check=True)
    assert all(option in done.stdout for option in ("--out", "--chapters", "--no-pdf"))


def test_the_browser_is_found_through_the_environment(tmp_path, monkeypatch):
    fake = tmp_path / "my-chrome"
    fake.write_text("")
    monkeypatch.setenv("CRMLAB_CHROMIUM", str(fake))
    assert find_chromium() == str(fake)


# ------------------------------------------------------------------ one short chapter, built (slow)


def _short_chapter():
    """The shortest chapter with a formula, an explorer, discussion notes and exercises (customer value)."""
    names = [ch.path.name for ch in ready_chapters()]
    return next((n for n in names if "customer_value" in n), next(n for n in names if not n.startswith("00")))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("course") / "site"
    report = build(out, chapters=[_short_chapter()], pdf=find_chromium() is not None, quiet=True)
    return report


def _read(site, relative):
    return (site.out / relative).read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_build_writes_every_part(site):
    stem = Path(_short_chapter()).stem
    assert site.failed == () and site.chapters == (stem,)
    for relative in (*site.handouts, *site.slides, *site.student_notebooks, site.teacher_page, "index.html"):
        assert (site.out / relative).is_file(), relative
    for relative in ("assets/noto-sans-sc-subset.woff", "teacher/slides/reveal.js/dist/reveal.js", "teacher/slides/reveal.js/plugin/notes/notes.js"):
        assert (site.out / relative).is_file(), relative
    assert site.unconverted_math == ()


@pytest.mark.slow
def test_nothing_in_the_output_loads_from_the_network(site):
    assert remote_loads_in(site.out) == {} and site.remote_loads == ()
    for page in (*site.handouts, site.teacher_page, "index.html"):
        assert "<script" not in _read(site, page), page  # handouts need no script at all


@pytest.mark.slow
def test_formulas_are_mathml_and_no_latex_is_left(site):
    for page in (*site.handouts, *site.slides):
        text = _read(site, page)
        assert "$$" not in text and "\\text{" not in re.sub(r'alttext="[^"]*"', "", text), page
        assert "<math" in text and "MathJax" not in text and "mermaid" not in text, page


@pytest.mark.slow
def test_teacher_notes_reach_teachers_only(site):
    source = nbformat.read(ROOT / "notebooks" / _short_chapter(), as_version=4)
    hints = [cell.source for cell in source.cells if is_notes(cell)]
    assert hints
    first_hint = next(line for line in hints[0].splitlines() if line.startswith("- 第"))[2:40]
    for page in (*site.handouts, "index.html"):
        assert first_hint not in _read(site, page), page
    assert "teacher" not in _read(site, "index.html")
    deck = _read(site, site.slides[0])
    assert '<aside class="notes">' in deck and first_hint in deck
    teacher = _read(site, site.teacher_page)
    questions = re.findall(r"^(\d+)\. ", next(c.source for c in source.cells if c.source.startswith("## 课堂讨论")), flags=re.M)
    assert questions and all(f"第 {n} 题" in teacher for n in questions) and first_hint in teacher


@pytest.mark.slow
def test_student_copies_have_no_outputs_notes_or_solutions(site):
    for relative in site.student_notebooks:
        nb = nbformat.read(site.out / relative, as_version=4)
        nbformat.validate(nb)
        assert "solutions" not in relative and not any(is_notes(cell) for cell in nb.cells)
        code = [cell for cell in nb.cells if cell.cell_type == "code"]
        assert all(cell.outputs == [] and cell.execution_count is None for cell in code)
        checks = [cell.source for cell in code if "check(" in cell.source]
        assert checks and all("answer = None" in source for source in checks)
    assert not (site.out / "notebooks" / "solutions").exists()


@pytest.mark.slow
def test_figures_have_alt_text_and_explorers_a_snapshot_note(site):
    for page in (*site.handouts, *site.slides):
        text = _read(site, page)
        images = re.findall(r"<img\b[^>]*>", text)
        assert images and all(re.search(r'\salt="[^"]+"', img) for img in images), page
        assert "crmlab-snapshot-note" in text and "JupyterLab" in text, page
        assert "application/vnd.jupyter.widget" not in text, page


@pytest.mark.slow
def test_the_font_subset_covers_every_character_of_the_pages(site):
    from fontTools.ttLib import TTFont

    cmap = TTFont(site.out / "assets" / "noto-sans-sc-subset.woff").getBestCmap()
    text = "".join(_read(site, page) for page in (*site.handouts, *site.slides, site.teacher_page, "index.html"))
    chinese = {c for c in text if "\u4e00" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"}
    assert chinese and not {c for c in chinese if ord(c) not in cmap}
    assert (site.out / "assets" / "noto-sans-sc-subset.woff").stat().st_size < 1_000_000


# ------------------------------------------------------------------ in a browser, offline (slow, needs Chromium)

_QUIET = [
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
    "--no-pings", "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--disable-spell-checking",
    "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication,NetworkTimeServiceQuerying",
]  # fmt: skip
#: Chromium's own services (time, sign-in, search, updates, spelling), which it may call whatever the page;
#: the hosts that serve web fonts and scripts to pages are not among them
_BROWSER_DOMAINS = ("google.com", "gvt1.com", "googleapis.com", "gstatic.com", "googleusercontent.com")
_PAGE_HOSTS = {"fonts.googleapis.com", "fonts.gstatic.com", "ajax.googleapis.com", "storage.googleapis.com"}


def _browser_own(url):
    host = url.split("/")[2].split(":")[0]
    return host not in _PAGE_HOSTS and any(host == d or host.endswith("." + d) for d in _BROWSER_DOMAINS)


def _requests(browser, page, tmp_path):
    """The http(s) URLs Chromium asked for while showing ``page`` (every request goes to a dead proxy)."""
    log = tmp_path / f"net-{page.stem}.json"
    command = browser_command(browser, *_QUIET, f"--log-net-log={log}", "--virtual-time-budget=5000", "--dump-dom", page.as_uri())
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    urls = set(re.findall(r'"url":"(https?://[^"]*)"', log.read_text(encoding="utf-8", errors="replace"))) if log.exists() else set()
    return {url for url in urls if not _browser_own(url)}, done.stdout


@pytest.mark.slow
def test_pages_open_offline_in_chromium(site, tmp_path):
    browser = find_chromium()
    if browser is None:
        pytest.skip("Chromium not installed (Debian: apt install chromium); the URL checks above still ran")
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><title>blank</title>")
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><img src="https://example.com/x.png">')
    own, _ = _requests(browser, blank, tmp_path)  # any other background request of the browser
    fetched, _ = _requests(browser, bad, tmp_path)
    assert "https://example.com/x.png" in fetched - own, "the request log must see a page's request"
    assert not _browser_own("https://fonts.googleapis.com/css?family=Lato") and _browser_own("https://www.google.com/")
    for page in (*site.handouts, *site.slides, site.teacher_page, "index.html"):
        fetched, dom = _requests(browser, site.out / page, tmp_path)
        assert fetched - own == set(), f"{page} fetched {sorted(fetched - own)}"
        if page in site.slides:
            assert re.search(r'class="reveal [^"]*\bready\b', dom), "reveal.js did not start offline"


@pytest.mark.slow
def test_pdf_handouts_embed_the_chinese_and_math_fonts(site):
    if find_chromium() is None:
        assert "apt install chromium" in site.pdf_note and site.pdfs == ()
        return
    assert len(site.pdfs) == len(site.handouts)
    data = (site.out / site.pdfs[0]).read_bytes()
    assert data.startswith(b"%PDF") and b"NotoSansSC" in data and b"NotoSansMath" in data


def test_build_without_chromium_still_writes_the_html(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no browser on PATH
    monkeypatch.delenv("CRMLAB_CHROMIUM", raising=False)
    monkeypatch.setattr("crmlab.course._pdf.KNOWN_PATHS", ())
    report = build(tmp_path / "site", chapters=["00"], execute=False, quiet=True)
    assert report.pdfs == () and "apt install chromium" in report.pdf_note and "CRMLAB_CHROMIUM" in report.pdf_note
    assert (report.out / "handouts" / "00_guide.html").is_file()
    shutil.rmtree(report.out)


def _speaker_view(browser, deck, profile):
    """Open ``deck`` in Chromium (network to a dead proxy), go to its first slide with notes, press S.

    Returns the text of the speaker view's notes and whether the course's font was given to that window,
    read through the DevTools protocol (on a port of this browser's own, from its profile folder).
    """
    import asyncio
    import time
    import urllib.request

    from tornado.websocket import websocket_connect

    command = browser_command(browser, "--disable-popup-blocking", "--remote-debugging-port=0", f"--user-data-dir={profile}", deck.as_uri())
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = profile / "DevToolsActivePort"
        for _ in range(300):
            if port_file.exists() and port_file.read_text().split():
                break
            time.sleep(0.1)
        base = f"http://127.0.0.1:{port_file.read_text().split()[0]}"

        def pages():
            return [t for t in json.load(urllib.request.urlopen(f"{base}/json", timeout=10)) if t["type"] == "page"]

        async def evaluate(target, expression):
            ws = await websocket_connect(target["webSocketDebuggerUrl"], max_message_size=2**26)
            ws.write_message(json.dumps({"id": 1, "method": "Runtime.evaluate", "params": {"expression": expression}}))
            while True:
                message = json.loads(await ws.read_message())
                if message.get("id") == 1:
                    ws.close()
                    return message["result"]["result"].get("value")

        async def run():
            deck_page = pages()[0]
            for _ in range(100):  # reveal.js ready
                if await evaluate(deck_page, "typeof Reveal !== 'undefined' && Reveal.isReady()"):
                    break
                await asyncio.sleep(0.2)
            go = "const s = [...document.querySelectorAll('.slides section')].find(x => x.querySelector('aside.notes'));"
            await evaluate(deck_page, f"(() => {{ {go} const i = Reveal.getIndices(s); Reveal.slide(i.h, i.v); }})()")
            await evaluate(deck_page, "document.dispatchEvent(new KeyboardEvent('keydown', {key: 's', keyCode: 83, bubbles: true}))")
            for _ in range(100):
                popups = [t for t in pages() if t["id"] != deck_page["id"]]
                if popups:
                    found = await evaluate(popups[0], "JSON.stringify([(document.querySelector('.speaker-controls-notes .value') || {}).innerText || '', !!document.getElementById('crmlab-font')])")
                    notes, font = json.loads(found or '["", false]')
                    if notes and font:
                        return notes, font
                await asyncio.sleep(0.2)
            return "", False

        return asyncio.run(asyncio.wait_for(run(), timeout=90))
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.slow
def test_the_speaker_view_shows_the_teacher_notes_offline(site, tmp_path):
    browser = find_chromium()
    if browser is None:
        pytest.skip("Chromium not installed (Debian: apt install chromium)")
    source = nbformat.read(ROOT / "notebooks" / _short_chapter(), as_version=4)
    hint = next(cell.source for cell in source.cells if is_notes(cell))
    first = next(line for line in hint.splitlines() if line.startswith("- 第"))[2:30]
    notes, font = _speaker_view(browser, site.out / site.slides[0], tmp_path / "profile")
    assert first in notes and font


def test_vendored_files_are_committed():
    """Every file the vendor README lists is in git (a .gitignore rule once hid reveal.js/dist/)."""
    import subprocess

    root = Path(__file__).resolve().parents[1]
    vendor = root / "crmlab" / "course" / "vendor"
    tracked = set(subprocess.run(["git", "ls-files", str(vendor)], cwd=root, capture_output=True, text=True).stdout.split())
    if not tracked:
        pytest.skip("not a git checkout")
    for name in ("reveal.js/dist/reveal.js", "reveal.js/dist/reveal.css", "reveal.js/dist/theme/white.css",
                 "reveal.js/plugin/notes/notes.js", "noto-sans-math/noto-sans-math-latin-400-normal.woff"):
        assert f"crmlab/course/vendor/{name}" in tracked, name
