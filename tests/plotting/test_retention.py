"""crmlab.plotting.retention: the figures of the retention chapter, on Agg."""

import pytest

from crmlab import plotting
from crmlab import retention as RT
from crmlab.datasets import fader_hardie_2007, load_course_shop

from ._helpers import draw_without_missing_glyphs


def test_plot_retention_figures():
    shop = load_course_shop()
    cohorts = RT.cohort_table(shop.transactions, freq="Q")
    ax = plotting.plot_cohort_heatmap(cohorts)
    assert sum(bool(t.get_text()) for t in ax.texts) == int(cohorts.drop(columns="size").notna().sum().sum())
    ax2 = plotting.plot_retention_curves(cohorts)
    assert len(ax2.get_lines()) == len(cohorts) + 1
    life = RT.customer_lifetimes(shop.transactions, as_of="2025-12-31")
    km = RT.kaplan_meier(life["duration_months"], life["churned"])
    ax3 = plotting.plot_survival({"全部": km})
    assert ax3.get_lines()[0].get_ydata()[-1] == pytest.approx(km["survival"].iloc[-1])
    ax4 = plotting.plot_life_table(RT.life_table(life["duration_months"], life["churned"], width=3))
    assert len(ax4.get_lines()) == 1
    fh = fader_hardie_2007()
    fit = RT.fit_sbg(fh["regular"].iloc[:8].tolist())
    ax5 = plotting.plot_sbg(fit, 12, actual=fh["regular"].tolist())
    lines = {line.get_label(): line for line in ax5.get_lines()}
    assert lines["sBG 模型"].get_ydata()[12] == pytest.approx(fit.projection(12)["expected"].iloc[12])
    assert "固定流失率（第 1 期的 36.9%）" in lines
    for a in (ax, ax2, ax3, ax4, ax5):
        draw_without_missing_glyphs(a.figure)
