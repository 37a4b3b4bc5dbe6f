"""crmlab.plotting.value: the figures of chapter 3, on Agg."""

import pytest

from crmlab import plotting
from crmlab.datasets import value_types, xiaolin_cup
from crmlab.value import delivered_value

from ._helpers import draw_without_missing_glyphs


def test_plot_delivered_value_and_maslow():
    r = delivered_value(**xiaolin_cup())
    ax = plotting.plot_delivered_value(r, title="小林")
    assert sum(p.get_height() for p in ax.patches[:4]) == pytest.approx(r.total_value)
    assert sum(p.get_height() for p in ax.patches[4:]) == pytest.approx(r.total_cost)
    assert "+17" in ax.get_title() and "物超所值" in ax.get_title()
    draw_without_missing_glyphs(ax.figure)
    ax2 = plotting.plot_maslow(value_types())
    texts = {t.get_text() for t in ax2.texts}
    assert set(value_types()["value_type"]) <= texts and "自我实现需求" in texts
    draw_without_missing_glyphs(ax2.figure)
