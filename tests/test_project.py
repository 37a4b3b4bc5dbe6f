"""Project conventions: layering, public API docs, README and CI agree."""

import importlib
import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CALCULATION_MODULES = [
    "crmlab.clv",
    "crmlab.customers",
    "crmlab.datasets",
    "crmlab.exercises",
    "crmlab.glossary",
    "crmlab.lifecycle",
    "crmlab.retention",
    "crmlab.rfm",
    "crmlab.value",
]
ALL_MODULES = [*CALCULATION_MODULES, "crmlab.plotting", "crmlab.widgets"]


def test_calculation_modules_import_no_presentation_library():
    code = (
        "import sys; import " + ", ".join(CALCULATION_MODULES) + "; "
        "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'IPython') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_only_widgets_imports_ipywidgets():
    for path in (ROOT / "crmlab").glob("*.py"):
        if path.name != "widgets.py":
            assert "ipywidgets" not in re.sub(r'""".*?"""', "", path.read_text(encoding="utf-8"), flags=re.S), path


@pytest.mark.parametrize("name", ALL_MODULES)
def test_public_api_is_declared_and_documented(name):
    module = importlib.import_module(name)
    assert module.__doc__
    assert module.__all__
    for attr in module.__all__:
        obj = getattr(module, attr)
        if inspect.isfunction(obj):
            doc = inspect.getdoc(obj) or ""
            assert doc, f"{name}.{attr} has no docstring"
            if not attr.startswith("use_"):
                assert "Examples" in doc or "Returns" in doc, f"{name}.{attr}: document it with an example"
            assert all(p.annotation is not inspect.Parameter.empty for p in inspect.signature(obj).parameters.values()), attr


def _readme_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```(?:bash|sh|powershell)?\n(.*?)\n```", text, flags=re.S)


def test_readme_has_the_two_setup_commands_and_ci_runs_the_test_one():
    commands = _readme_commands()
    unix = [c for c in commands if c.startswith("python3 -m venv .venv")]
    assert len(unix) == 2, unix
    open_course, run_tests = unix
    assert "jupyter lab" in open_course and "pytest" in run_tests
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert run_tests in ci
    windows = [c for c in commands if c.startswith("py -3 -m venv .venv")]
    assert len(windows) == 2


def test_readme_lists_every_chapter():
    from crmlab.datasets import course_map

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for row in course_map().itertuples():
        assert row.notebook in text and row.title in text, row.notebook


def test_data_readme_describes_every_data_file():
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for path in (ROOT / "data").iterdir():
        if path.suffix in {".csv", ".toml", ".txt"}:
            assert f"`{path.name}`" in text, path.name
