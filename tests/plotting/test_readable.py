"""Figures a student can read (issue 11): Chinese ticks that do not collide, legible cell numbers,
names that do not overlap, legends that hide no data, and no English in the figure text."""

import ast
import re
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgba

from crmlab import lifecycle, plotting
from crmlab import rfm as R
from crmlab.clv import clv_analysis
from crmlab.customers import monthly_activity
from crmlab.datasets import load_cdnow, load_course_shop, streamnow_members, zhangsan
from crmlab.glossary import BTYD_TERMS, COURSE_MAP_TERMS, TERMS
from crmlab.plotting._style import _text_color

PLOTTING = Path(plotting.__file__).parent

#: English a figure may show: acronyms and model names of the field, names of data sets and of methods and formula symbols such as TV(t).
ALLOWED_WORDS = frozenset("CLV RFM NPS CAC CSAT BG NBD Gamma sBG DCF ABC KPI BTYD VIP APP CD CDNOW StreamNow Kaplan Meier TV".split())


def _english(text):
    text = re.sub(r"[A-Za-z0-9]*_[A-Za-z0-9_]*", " ", text)  # identifiers (formulas such as t_x)
    return {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED_WORDS}


def _drawn_texts(ax):
    """Every text a reader sees on the axes: title, axis labels, tick labels, legend, annotations."""
    ax.figure.canvas.draw()
    texts = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), *ax.texts]
    texts += ax.get_xticklabels() + ax.get_yticklabels()
    if ax.get_legend() is not None:
        texts += ax.get_legend().get_texts()
    return [t if isinstance(t, str) else t.get_text() for t in texts]


def _boxes(texts):
    renderer = texts[0].figure.canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in texts if t.get_text() and t.get_visible()]


def _disjoint(boxes):
    return not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


# ------------------------------------------------------------------ date ticks


@pytest.mark.parametrize("data", ["shop", "cdnow"])
def test_monthly_activity_ticks_are_chinese_distinct_and_apart(data):
    transactions = load_course_shop().transactions if data == "shop" else load_cdnow()
    fig, ax = plt.subplots(figsize=(8, 4.5))
    plotting.use_course_style()
    plotting.plot_monthly_activity(monthly_activity(transactions), ax=ax)
    fig.canvas.draw()
    ticks = [t for t in ax.get_xticklabels() if t.get_text()]
    labels = [t.get_text() for t in ticks]
    assert len(labels) >= 3 and all(a != b for a, b in zip(labels, labels[1:])), labels
    assert all(re.fullmatch(r"(\d{4}年)?\d{1,2}月|\d{4}年", s) for s in labels), labels
    assert _disjoint(_boxes(ticks)), labels


def test_date_ticks_name_the_year_where_it_changes():
    plotting.use_chinese_font()  # _date_axis is a helper: the plot_* functions select the font themselves
    fig, ax = plt.subplots()
    ax.plot(pd.date_range("1997-01-01", "1998-06-30", freq="MS"), np.arange(18))
    plotting._style._date_axis(ax)
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert labels[0].startswith("1997年") and any(s.startswith("1998年") for s in labels), labels
    assert sum("年" in s for s in labels) == 2, labels


def test_visits_have_chinese_date_ticks_and_the_legend_hides_no_bar():
    ax = plotting.plot_visits(lifecycle.simulate_visits(seed=2024), warnings=[pd.Timestamp("2024-09-29")])
    ax.figure.canvas.draw()
    assert all("月" in t.get_text() for t in ax.get_xticklabels() if t.get_text())
    _assert_legend_over_no_bar(ax)


# ------------------------------------------------------------------ legends


def _assert_legend_over_no_bar(ax):
    renderer = ax.figure.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    bars = [p.get_window_extent(renderer) for p in ax.patches if p.get_height() > 0]
    assert bars and not any(legend.overlaps(b) for b in bars)


@pytest.mark.parametrize("values", [[1.0, 2.0], [2, 1, 0, 1, 1, 1, 0, 2, 5, 3], [5.0] * 12])
def test_customer_series_legend_hides_no_bar(values):
    ax = plotting.plot_customer_series(pd.Series(values))
    _assert_legend_over_no_bar(ax)


def test_customer_series_legend_hides_no_bar_in_a_grid():
    fig, axes = plt.subplots(2, 2, figsize=(17, 9))
    for ax, values in zip(axes.flat, ([1.0, 2.0], [2, 1, 0, 1, 1, 1, 0, 2, 5, 3], [3, 6, 2, 5] * 9, [1, 4, 5, 7, 2, 1])):
        plotting.plot_customer_series(pd.Series(values, dtype=float), ax=ax)
    fig.tight_layout()
    for ax in axes.flat:
        _assert_legend_over_no_bar(ax)


# ------------------------------------------------------------------ heat-map numbers


def _luminance(rgba):
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgba[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b):
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_text_colour_follows_the_cell():
    assert _text_color(to_rgba("#800026")) == "white"  # dark red
    assert _text_color(to_rgba("#ffffcc")) == "black"  # pale yellow


def test_rf_heatmap_numbers_contrast_with_their_cells():
    scores = R.rfm_scores(R.rfm_table(load_course_shop().transactions))
    ax = plotting.plot_rf_heatmap(scores)
    image = ax.images[0]
    values = image.get_array()
    shown = [t for t in ax.texts if t.get_text()]
    assert shown
    for t in shown:
        j, i = (int(round(v)) for v in t.get_position())
        cell = image.cmap(image.norm(values[i, j]))
        assert _contrast(to_rgba(t.get_color()), cell) >= 4.5, (t.get_text(), t.get_color(), cell)


# ------------------------------------------------------------------ names on scatters


def _members():
    params = zhangsan()
    members = streamnow_members()
    analysis = clv_analysis(members, margin=params["margin"], discount_rate=params["discount_rate"], horizon=params["horizon"])
    return members, analysis


@pytest.mark.parametrize("figsize", [(10, 5), (6.4, 4.8)])
def test_clv_vs_cac_names_do_not_overlap(figsize):
    members, analysis = _members()
    fig, ax = plt.subplots(figsize=figsize)
    plotting.plot_clv_vs_cac(analysis.investment.assign(name=members["name"]), ax=ax, label="name")
    fig.canvas.draw()
    assert len(ax.texts) >= len(members) - 1  # a name that fits nowhere may be left out, not more
    renderer = fig.canvas.get_renderer()
    boxes = _boxes(ax.texts) + [ax.get_legend().get_window_extent(renderer)]
    assert _disjoint(boxes)


def test_clv_segment_names_do_not_overlap():
    members, analysis = _members()
    segments = analysis.segments
    ax = plotting.plot_clv_segments(segments)
    ax.figure.canvas.draw()
    assert {t.get_text() for t in ax.texts} <= set(segments.table["name"]) and len(ax.texts) >= len(members) - 1
    assert _disjoint(_boxes(ax.texts))


def test_label_points_keeps_names_apart_even_for_coincident_points():
    plotting.use_chinese_font()
    fig, ax = plt.subplots()
    ax.scatter([1, 1, 1, 2], [1, 1, 1, 2])
    placed = plotting._style._label_points(ax, [1, 1, 1, 2], [1, 1, 1, 2], ["王五", "郑一", "钱七", "李四"])
    fig.canvas.draw()
    assert len(placed) == 4 and _disjoint(_boxes(placed))


# ------------------------------------------------------------------ figure titles


def test_subplot_titles_clear_of_the_overall_title():
    scores = R.rfm_scores(R.rfm_table(load_course_shop().transactions))
    fig, axes = plt.subplots(1, 3, figsize=(18, 4.8), layout="constrained")  # as chapter 4 draws it
    for ax, score in zip(axes, ["r_score", "f_score", "m_score"]):
        plotting.plot_score_distribution(scores, ax=ax, score=score)
    title = fig.suptitle("CDNOW 的 R、F、M 打分分布")
    fig.canvas.draw()
    assert _disjoint(_boxes([title, *(ax.title for ax in axes)]))


# ------------------------------------------------------------------ no English in figure text


def _display_literals(path):
    """String literals with Chinese in them (the text a figure shows), docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body and isinstance(node.body[0], ast.Expr)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if re.search(r"[\u3400-\u9fff]", node.value):
                yield node.lineno, node.value


@pytest.mark.parametrize("path", sorted(PLOTTING.glob("*.py")), ids=lambda p: p.name)
def test_figure_text_has_no_english(path):
    found = [f"{path.name}:{line}: {sorted(_english(text))}" for line, text in _display_literals(path) if _english(text)]
    assert found == []


def test_terms_have_no_english():
    for terms in (TERMS, BTYD_TERMS, COURSE_MAP_TERMS):
        assert {k: v for k, v in terms.items() if _english(v)} == {}


def test_drawn_texts_of_chapter_figures_have_no_english():
    shop = load_course_shop()
    scores = R.rfm_scores(R.rfm_table(shop.transactions))
    members, analysis = _members()
    axes = [
        plotting.plot_monthly_activity(monthly_activity(shop.transactions)),
        plotting.plot_rf_heatmap(scores),
        plotting.plot_rfm_segments(R.segment_profile(R.rfm_segments(scores))),
        plotting.plot_visits(lifecycle.simulate_visits(seed=2024)),
        plotting.plot_clv_segments(analysis.segments),
        plotting.plot_clv_vs_cac(analysis.investment.assign(name=members["name"]), label="name"),
    ]
    for ax in axes:
        assert [t for t in _drawn_texts(ax) if _english(t)] == []
