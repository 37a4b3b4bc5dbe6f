"""The teaching documents (docs/): they cover every notebook of the course map, their numbers add up,
their JupyterLab menu paths exist in the installed JupyterLab, and their Chinese uses full-width punctuation."""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path

import pytest

from crmlab.datasets import course_map
from tests.test_notebooks import _ASCII_IN_CHINESE, _prose

ROOT = Path(__file__).resolve().parents[1]
DOCS = {name: (ROOT / "docs" / name).read_text(encoding="utf-8") for name in ("syllabus.md", "instructor_guide.md", "jupyterlite.md")}


def test_syllabus_and_guide_cover_every_notebook_of_the_course_map():
    for notebook in course_map()["notebook"]:
        assert notebook in DOCS["syllabus.md"], notebook
        assert notebook in DOCS["instructor_guide.md"], notebook


def test_syllabus_hours_add_up():
    rows = [line.split("|")[1:-1] for line in DOCS["syllabus.md"].splitlines() if re.match(r"\|\s*([0-9]+|[A-C])?\s*\|.*\.ipynb`? \|", line)]
    hours = [(cells[3].strip(), cells[4].strip()) for cells in rows]
    lecture = sum(int(a) for a, _ in hours if a.isdigit())
    lab = sum(int(b) for _, b in hours if b.isdigit())
    exam = re.search(r"\|\s*\|\s*期中小测[^|]*\|[^|]*\|[^|]*\|\s*(\d+)\s*\|", DOCS["syllabus.md"])
    total = re.search(r"\*\*合计\*\* \| \| \*\*(\d+)\*\* \| \*\*(\d+)\*\*", DOCS["syllabus.md"])
    assert total and exam, "the hours table has a 期中小测 row and a 合计 row"
    assert (lecture, lab + int(exam.group(1))) == (int(total.group(1)), int(total.group(2))) == (32, 16)
    weeks = re.findall(r"^\| (\d+) \| ", DOCS["syllabus.md"].split("## 周历")[1].split("## ")[0], flags=re.M)
    assert [int(w) for w in weeks] == list(range(1, 17))


def test_the_menu_paths_are_jupyterlab_4s():
    """View → Appearance holds Presentation Mode, Simple Interface and Fullscreen Mode (JupyterLab 4 schema)."""
    schema = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas" / "@jupyterlab" / "application-extension" / "commands.json"
    if not schema.exists():
        pytest.skip(reason="JupyterLab's settings schemas are not installed in this environment")
    menus = json.loads(schema.read_text(encoding="utf-8"))["jupyter.lab.menus"]["main"]
    view = next(m for m in menus if m["id"] == "jp-mainmenu-view")
    appearance = next(i["submenu"] for i in view["items"] if i.get("submenu", {}).get("id") == "jp-mainmenu-view-appearance")
    commands = {i.get("command") for i in appearance["items"]}
    assert {"application:toggle-presentation-mode", "application:toggle-mode", "application:toggle-fullscreen-mode"} <= commands
    for path in ("View → Appearance → Presentation Mode", "View → Appearance → Simple Interface"):
        assert path in DOCS["instructor_guide.md"] and path in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_teach_extra_is_the_one_the_guide_describes():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert extras["teach"] == ["jupyterlab-slideshow>=0.3.4,<0.4"]
    assert '-e ".[teach]"' in DOCS["instructor_guide.md"] and "jupyterlab-slideshow v0.3.4" in DOCS["instructor_guide.md"]


@pytest.mark.parametrize("name", list(DOCS))
def test_chinese_prose_uses_full_width_punctuation(name):
    found = [
        f"{name}: ...{line[max(0, m.start() - 12): m.end() + 12]}..."
        for line in _prose(DOCS[name]).splitlines()
        for m in _ASCII_IN_CHINESE.finditer(line)
    ]
    assert found == [], "\n".join(found)
