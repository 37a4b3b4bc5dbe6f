"""crmlab.plotting.customers: the figures of chapter 2, on Agg."""

import pandas as pd
import pytest

from crmlab import customers as C
from crmlab import plotting
from crmlab.datasets import load_course_shop

from ._helpers import draw_without_missing_glyphs

FIVE = pd.Series({"a": 500.0, "b": 300.0, "c": 100.0, "d": 60.0, "e": 40.0})


def test_plot_pareto_and_lorenz():
    ax = plotting.plot_pareto(C.abc_classes(FIVE))
    assert ax.get_lines()[0].get_ydata().tolist() == pytest.approx([0, 0.5, 0.8, 0.9, 0.96, 1.0])
    assert [t.get_text() for t in ax.get_legend().get_texts()][0] == "A：40% 的客户，80% 的价值"
    draw_without_missing_glyphs(ax.figure)
    ax2 = plotting.plot_lorenz({"甲": FIVE, "乙": FIVE * 2})
    assert len(ax2.get_lines()) == 3
    assert f"{C.gini(FIVE):.2f}" in ax2.get_legend().get_texts()[1].get_text()
    draw_without_missing_glyphs(ax2.figure)


def test_plot_class_counts_shows_empty_classes():
    classes = pd.Series(pd.Categorical(["新客户", "新客户"], categories=C.LOYALTY_CLASSES))
    ax = plotting.plot_class_counts(classes, title="测试")
    assert [t.get_text() for t in ax.get_yticklabels()] == list(C.LOYALTY_CLASSES)
    assert [round(p.get_width()) for p in ax.patches] == [0, 2, 0, 0, 0]
    draw_without_missing_glyphs(ax.figure)


def test_plot_transitions_and_survey_and_activity():
    shop = load_course_shop()
    m = C.state_transitions(shop.transactions, shop.customers, start="2024-12-31", end="2025-12-31")
    ax = plotting.plot_transitions(m)
    assert len(ax.texts) == m.size
    draw_without_missing_glyphs(ax.figure)
    ax2 = plotting.plot_survey_profiles(C.value_ability_types(shop.survey))
    assert len(ax2.patches) == 12 and "人" in ax2.get_xticklabels()[0].get_text()
    draw_without_missing_glyphs(ax2.figure)
    activity = C.monthly_activity(shop.transactions)
    ax3 = plotting.plot_monthly_activity(activity)
    assert len(ax3.patches) == 2 * len(activity) == 72
    draw_without_missing_glyphs(ax3.figure)
