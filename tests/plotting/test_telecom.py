"""crmlab.plotting.telecom: the figures of the operator case, on Agg, read back from the axes."""

import functools

import numpy as np
import pytest

from crmlab import churn_model, cltv, plotting, retention, telecom
from crmlab.datasets import load_operator, zhangsan

from ._helpers import draw_without_missing_glyphs


@functools.lru_cache(maxsize=1)
def _operator():
    return load_operator()


def test_tenure_curves_and_churn_reasons():
    s = _operator().subscribers
    km = retention.kaplan_meier(s["tenure_months"], s["churned"], groups=s["segment"])
    curves = retention.split_groups(km, ["城市", "农村"])
    ax = plotting.plot_tenure_curves(curves, band=True)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["城市", "农村"]
    assert ax.get_lines()[1].get_ydata()[-1] == pytest.approx(curves["农村"]["survival"].iloc[-1])
    draw_without_missing_glyphs(ax.figure)
    counts = telecom.churn_reasons(s)
    ax2 = plotting.plot_churn_reasons(counts)
    assert len(ax2.patches) == counts.size
    tops = np.array([p.get_y() + p.get_height() for p in ax2.patches]).reshape(counts.shape[1], -1)[-1]
    assert tops == pytest.approx(counts.sum(axis=1).to_numpy())
    draw_without_missing_glyphs(ax2.figure)


def test_stage_revenue_and_health():
    op = _operator()
    stages = telecom.stage_revenue(op.subscribers, op.monthly)
    ax = plotting.plot_stage_revenue(stages)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(stages.index)
    assert ax.get_lines()[0].get_ydata() == pytest.approx(stages.iloc[0].to_numpy())
    assert [t.get_text() for t in ax.get_xticklabels()] == ["考察期", "形成期", "稳定期"]
    health = telecom.health_scores(op.subscribers, op.monthly)
    ax2 = plotting.plot_health(health)
    diamonds = ax2.get_lines()[0]
    assert diamonds.get_ydata() == pytest.approx(health["health"].to_numpy())
    assert [t.get_text() for t in ax2.get_xticklabels()] == list(health.index)
    draw_without_missing_glyphs(ax2.figure)


def test_optimisations_value_curve_and_deciles():
    op = _operator()
    hazards = telecom.monthly_hazards(op.subscribers)
    base = telecom.case_economics(op.subscribers, op.monthly)
    table = telecom.optimisation_table(hazards, base)
    ax = plotting.plot_optimisations(table)
    widths = sorted(p.get_width() for p in ax.patches)
    assert widths == pytest.approx(sorted(table["value_gain"]))
    v = telecom.subscriber_value(hazards, **base)
    ax2 = plotting.plot_value_curve(v)
    assert ax2.get_lines()[0].get_ydata()[-1] == pytest.approx(v.value)
    assert ax2.get_lines()[0].get_ydata()[0] == pytest.approx(v.monthly_margin - v.acquisition_cost)
    model = churn_model.churn_warning_model(op.subscribers, op.monthly)
    deciles = churn_model.decile_table(model.test["score"], model.test["churned_next"].astype(bool))
    ax3 = plotting.plot_score_deciles(deciles)
    assert [p.get_height() for p in ax3.patches] == pytest.approx(deciles["churn_rate"].tolist())
    assert ax3.get_lines()[0].get_ydata()[0] == pytest.approx(model.base_rate)
    draw_without_missing_glyphs(ax3.figure)


def test_cltv_comparison():
    table = cltv.compare_with_clv(zhangsan())
    ax = plotting.plot_cltv_comparison(table)
    heights = [p.get_height() for p in ax.patches]
    assert heights == pytest.approx(table["clv"].tolist() + table["cltv"].tolist())
    draw_without_missing_glyphs(ax.figure)
