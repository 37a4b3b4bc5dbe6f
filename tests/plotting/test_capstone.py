"""crmlab.plotting.capstone: the figures of chapter 12, on Agg."""

import pandas as pd
import pytest

from crmlab import capstone, plotting
from crmlab.datasets import load_capstone

from ._helpers import draw_without_missing_glyphs


def test_plot_data_problems_draws_one_bar_per_check():
    check = capstone.data_check(load_capstone().transactions.head(2500), currency="currency")
    ax = plotting.plot_data_problems(check)
    assert [p.get_width() for p in ax.patches] == check.table["rows"].tolist()
    assert [t.get_text() for t in ax.get_yticklabels()] == check.table["problem"].tolist()
    grey = [p for p, n in zip(ax.patches, check.table["rows"]) if n == 0]
    assert grey and all(p.get_facecolor() == grey[0].get_facecolor() for p in grey)
    draw_without_missing_glyphs(ax.figure)


def test_plot_channel_value_and_strategy():
    channels = pd.DataFrame({"channel": ["朋友推荐", "广告投放", "线下活动"], "ratio": [12.0, 2.0, 0.5]})
    ax = plotting.plot_channel_value(channels)
    assert [p.get_height() for p in ax.patches] == [12.0, 2.0, 0.5]
    assert sorted(line.get_ydata()[0] for line in ax.get_lines()) == [1, 3]
    draw_without_missing_glyphs(ax.figure)
    plan = pd.DataFrame({"segment": ["重要价值客户", "一般挽留客户"], "action_budget": [15480.0, 1246.0],
                         "expected_value": [133186.0, 1203.0], "funded": [True, False]})  # fmt: skip
    ax2 = plotting.plot_strategy(plan)
    assert [p.get_width() for p in ax2.patches] == pytest.approx([15480.0, 1246.0, 133186.0, 1203.0])
    assert [t.get_text() for t in ax2.get_yticklabels()] == ["重要价值客户", "一般挽留客户（不投入）"]
    assert ax2.get_xscale() == "log" and len(ax2.texts) == 4
    assert len(plotting.plot_strategy(plan, annotate=False).texts) == 0
    draw_without_missing_glyphs(ax2.figure)

