"""crmlab.plotting._style: Chinese on any machine, projector sizes, no side effects at import."""

import subprocess
import sys

import matplotlib
import matplotlib.pyplot as plt
import pytest

from crmlab import plotting

from ._helpers import draw_without_missing_glyphs


def test_importing_changes_no_matplotlib_setting():
    code = (
        "import matplotlib as mpl; before = dict(mpl.rcParams); "
        "import crmlab.plotting, crmlab.widgets; "
        "changed = [k for k in before if mpl.rcParams[k] != before[k]]; print(changed)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_chinese_title_and_minus_sign_render_without_missing_glyphs():
    name = plotting.use_chinese_font()
    fig, ax = plt.subplots()
    ax.set_title("客户终生价值（元）：历史价值 + 当前价值 + 潜在价值")
    ax.plot([-2, -1, 0, 1], [-1000, -500, 0, 500])
    ax.set_xlabel("年份 −1")
    draw_without_missing_glyphs(fig)
    assert matplotlib.rcParams["font.sans-serif"][0] == name


def test_falls_back_to_the_pip_font_when_no_system_cjk_font(monkeypatch):
    monkeypatch.setattr(plotting._style, "_system_cjk_font", lambda: None)
    name = plotting.use_chinese_font()
    assert name == "Noto Sans SC"
    fig, ax = plt.subplots()
    ax.set_title("流失率 −20%")
    ax.plot([-1, 1], [-1, 1])
    draw_without_missing_glyphs(fig)
    assert matplotlib.rcParams["axes.unicode_minus"] is True  # Noto Sans SC has U+2212


def test_without_the_font_chinese_would_be_missing():
    """The check above is meaningful: DejaVu Sans alone warns about Chinese glyphs."""
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig, ax = plt.subplots()
        ax.set_title("客户")
        with pytest.warns(UserWarning, match="Glyph .* missing"):
            fig.canvas.draw()


def test_course_style_is_projector_sized():
    plotting.use_course_style()
    assert matplotlib.rcParams["font.size"] >= 14
    assert matplotlib.rcParams["axes.titlesize"] >= 16
