"""crmlab.plotting: Chinese on any machine, no side effects at import, figures on Agg."""

import subprocess
import sys
import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from crmlab import plotting
from crmlab.clv import clv_analysis, clv_breakdown, sensitivity_table, tornado_table
from crmlab.datasets import streamnow_members, zhangsan


@pytest.fixture(autouse=True)
def _clean_figures():
    with matplotlib.rc_context():
        yield
    plt.close("all")


def _draw_without_missing_glyphs(fig):
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r".*Glyph .* missing from")
        fig.canvas.draw()


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
    ax.set_title("客户终生价值 (元): 历史价值 + 当前价值 + 潜在价值")
    ax.plot([-2, -1, 0, 1], [-1000, -500, 0, 500])
    ax.set_xlabel("年份 −1")
    _draw_without_missing_glyphs(fig)
    assert matplotlib.rcParams["font.sans-serif"][0] == name


def test_falls_back_to_the_pip_font_when_no_system_cjk_font(monkeypatch):
    monkeypatch.setattr(plotting, "_system_cjk_font", lambda: None)
    name = plotting.use_chinese_font()
    assert name == "Noto Sans SC"
    fig, ax = plt.subplots()
    ax.set_title("流失率 −20%")
    ax.plot([-1, 1], [-1, 1])
    _draw_without_missing_glyphs(fig)
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


def test_plot_dcf():
    plotting.use_course_style()
    r = clv_breakdown(**zhangsan())
    ax = plotting.plot_dcf(r)
    heights = [p.get_height() for p in ax.patches]
    assert heights[:5] == pytest.approx(r.table["expected_profit"].tolist())
    assert heights[5:] == pytest.approx(r.table["present_value"].tolist())
    assert "3,058.7" in ax.get_title()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["第1年", "第2年", "第3年", "第4年", "第5年"]
    _draw_without_missing_glyphs(ax.figure)


def test_plot_dcf_infinite_horizon_and_given_axes():
    fig, (a, b) = plt.subplots(1, 2)
    r = clv_breakdown(**{**zhangsan(), "horizon": None})
    assert plotting.plot_dcf(r, ax=b) is b
    assert len(b.patches) == 2 * len(r.table)
    assert "无限期" in b.get_title()
    assert not a.patches


def test_dcf_chart_updates_in_place():
    fig, ax = plt.subplots()
    chart = plotting.DCFChart(ax, 5)
    chart.update(clv_breakdown(**zhangsan()))
    chart.update(clv_breakdown(**{**zhangsan(), "churn_rate": 0.5}))
    assert len(ax.patches) == 10
    assert ax.patches[0].get_height() == pytest.approx(1440 * 0.5)
    assert ax.get_ylim()[1] < 1000  # rescaled to the new, smaller bars
    with pytest.raises(ValueError, match="built for 5 years"):
        chart.update(clv_breakdown(**{**zhangsan(), "horizon": 3}))


def test_plot_clv_composition_waterfall():
    plotting.use_course_style()
    r = clv_breakdown(**zhangsan())
    ax = plotting.plot_clv_composition(r)
    bars = ax.patches
    tops = [b.get_y() + b.get_height() for b in bars]
    assert tops[:4] == pytest.approx(np.cumsum([r.historical, r.current, r.upsell, r.referral]).tolist())
    assert bars[-1].get_height() == pytest.approx(r.total)
    labels = [t.get_text() for t in ax.texts]
    assert "8,867" in labels and "4,320" in labels
    _draw_without_missing_glyphs(ax.figure)


def test_waterfall_with_a_negative_part():
    r = clv_breakdown(**{**zhangsan(), "referrals_per_year": 0})
    ax = plotting.plot_clv_composition(r)
    assert ax.patches[3].get_height() == -500
    assert "-500" in [t.get_text() for t in ax.texts]


def test_plot_tornado():
    t = tornado_table(zhangsan())
    ax = plotting.plot_tornado(t)
    assert len(ax.patches) == 2 * len(t)
    labels = [x.get_text() for x in ax.get_yticklabels()]
    assert labels[-1].startswith("年收入")  # largest swing on top
    assert "16% → 24%" in " ".join(labels)
    _draw_without_missing_glyphs(ax.figure)


def test_plot_sensitivity():
    t = sensitivity_table(zhangsan(), factor="discount_rate", values=[0.05, 0.1, 0.15])
    ax = plotting.plot_sensitivity(t, base_value=0.1)
    assert ax.get_xlabel() == "折现率"
    assert ax.get_lines()[0].get_ydata().tolist() == pytest.approx(t["total"].tolist())
    _draw_without_missing_glyphs(ax.figure)


def test_plot_segments_and_cac():
    a = clv_analysis(streamnow_members(), margin=0.6, discount_rate=0.1)
    ax = plotting.plot_clv_segments(a.segments)
    assert sum(len(c.get_offsets()) for c in ax.collections) == 12
    assert "张三" in [t.get_text() for t in ax.texts]
    ax2 = plotting.plot_clv_vs_cac(a.investment)
    assert sum(len(c.get_offsets()) for c in ax2.collections) == 12
    _draw_without_missing_glyphs(ax.figure)
    _draw_without_missing_glyphs(ax2.figure)


# ------------------------------------------------------------------ chapter 1

import pandas as pd  # noqa: E402

from crmlab import customers as C  # noqa: E402
from crmlab.datasets import load_course_shop  # noqa: E402

FIVE = pd.Series({"a": 500.0, "b": 300.0, "c": 100.0, "d": 60.0, "e": 40.0})


def test_plot_pareto_and_lorenz():
    ax = plotting.plot_pareto(C.abc_classes(FIVE))
    assert ax.get_lines()[0].get_ydata().tolist() == pytest.approx([0, 0.5, 0.8, 0.9, 0.96, 1.0])
    assert [t.get_text() for t in ax.get_legend().get_texts()][0] == "A: 40% 的客户, 80% 的价值"
    _draw_without_missing_glyphs(ax.figure)
    ax2 = plotting.plot_lorenz({"甲": FIVE, "乙": FIVE * 2})
    assert len(ax2.get_lines()) == 3
    assert f"{C.gini(FIVE):.2f}" in ax2.get_legend().get_texts()[1].get_text()
    _draw_without_missing_glyphs(ax2.figure)


def test_plot_class_counts_shows_empty_classes():
    classes = pd.Series(pd.Categorical(["新客户", "新客户"], categories=C.LOYALTY_CLASSES))
    ax = plotting.plot_class_counts(classes, title="测试")
    assert [t.get_text() for t in ax.get_yticklabels()] == list(C.LOYALTY_CLASSES)
    assert [round(p.get_width()) for p in ax.patches] == [0, 2, 0, 0, 0]
    _draw_without_missing_glyphs(ax.figure)


def test_plot_transitions_and_survey_and_activity():
    shop = load_course_shop()
    m = C.state_transitions(shop.transactions, shop.customers, start="2024-12-31", end="2025-12-31")
    ax = plotting.plot_transitions(m)
    assert len(ax.texts) == m.size
    _draw_without_missing_glyphs(ax.figure)
    ax2 = plotting.plot_survey_profiles(C.value_ability_types(shop.survey))
    assert len(ax2.patches) == 12 and "人" in ax2.get_xticklabels()[0].get_text()
    _draw_without_missing_glyphs(ax2.figure)
    activity = C.monthly_activity(shop.transactions)
    ax3 = plotting.plot_monthly_activity(activity)
    assert len(ax3.patches) == 2 * len(activity) == 72
    _draw_without_missing_glyphs(ax3.figure)


# -------------------------------------------------------------- chapters 2 and 3

from crmlab import rfm as R  # noqa: E402
from crmlab.datasets import value_types, xiaolin_cup  # noqa: E402
from crmlab.value import delivered_value  # noqa: E402


def test_plot_delivered_value_and_maslow():
    r = delivered_value(**xiaolin_cup())
    ax = plotting.plot_delivered_value(r, title="小林")
    assert sum(p.get_height() for p in ax.patches[:4]) == pytest.approx(r.total_value)
    assert sum(p.get_height() for p in ax.patches[4:]) == pytest.approx(r.total_cost)
    assert "+17" in ax.get_title() and "物超所值" in ax.get_title()
    _draw_without_missing_glyphs(ax.figure)
    ax2 = plotting.plot_maslow(value_types())
    texts = {t.get_text() for t in ax2.texts}
    assert set(value_types()["value_type"]) <= texts and "自我实现需求" in texts
    _draw_without_missing_glyphs(ax2.figure)


def test_plot_rfm_figures():
    shop = load_course_shop()
    scores = R.rfm_scores(R.rfm_table(shop.transactions))
    profile = R.segment_profile(R.rfm_segments(scores))
    ax = plotting.plot_rfm_segments(profile)
    assert len(ax.patches) == 2 * len(profile)
    assert [p.get_width() for p in ax.patches[: len(profile)]] == pytest.approx(profile["customer_share"].tolist())
    ax2 = plotting.plot_rf_heatmap(scores)
    assert sum(int(t.get_text().split("(")[1].split(" ")[0]) for t in ax2.texts if t.get_text()) == len(scores)
    ax3 = plotting.plot_score_distribution(scores, score="r_score")
    assert sum(p.get_height() for p in ax3.patches) == len(scores)
    ax4 = plotting.plot_rfm_scatter(R.rfm_table(shop.transactions).table)
    assert len(ax4.collections[0].get_offsets()) == len(scores)
    for a in (ax, ax2, ax3, ax4):
        _draw_without_missing_glyphs(a.figure)


# -------------------------------------------------------------- chapters 4 and 6

from crmlab import lifecycle as LC  # noqa: E402
from crmlab import retention as RT  # noqa: E402
from crmlab.datasets import fader_hardie_2007  # noqa: E402


def test_plot_lifecycle_figures():
    curve = LC.lifecycle_curve()
    ax = plotting.plot_lifecycle_curve(curve)
    assert ax.get_lines()[0].get_ydata().tolist() == pytest.approx(curve["transaction_volume"].tolist())
    assert [t.get_text() for t in ax.texts] == list(LC.STAGES)
    ax2 = plotting.plot_pattern_curves({p: LC.pattern_curve(p) for p in LC.PATTERNS})
    assert [t.get_text() for t in ax2.get_legend().get_texts()] == list(LC.PATTERNS)
    shop = load_course_shop()
    funnel = LC.journey_funnel(shop.customers, shop.transactions, shop.channels, as_of="2025-12-31")
    ax3 = plotting.plot_funnel(funnel)
    assert [p.get_width() for p in ax3.patches] == funnel["count"].tolist()
    visits = LC.simulate_visits(seed=1)
    ax4 = plotting.plot_visits(visits, warnings=["2024-10-06"], until="2024-11-11")
    assert sum(p.get_height() for p in ax4.patches) == len(visits)
    series = LC.period_series(shop.transactions, as_of="2025-12-31")
    ax5 = plotting.plot_customer_series(series.iloc[0])
    assert len(ax5.patches) == series.iloc[0].notna().sum()
    for a in (ax, ax2, ax3, ax4, ax5):
        _draw_without_missing_glyphs(a.figure)


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
    assert "固定流失率 (第 1 期的 36.9%)" in lines
    for a in (ax, ax2, ax3, ax4, ax5):
        _draw_without_missing_glyphs(a.figure)


from crmlab import btyd as BT  # noqa: E402
from crmlab.datasets import load_cdnow  # noqa: E402


def test_plot_btyd_figures():
    t = load_cdnow("sample")
    ch = BT.calibration_holdout(t, customer="sample_id", calibration_end="1997-09-30", freq="D", time_scaler=7)
    fit = BT.fit_bgnbd(ch["frequency_cal"], ch["recency_cal"], ch["T_cal"])
    gg = BT.fit_gamma_gamma(ch["frequency_cal"], ch["monetary_value_cal"])
    hist = BT.frequency_histogram(fit, ch["frequency_cal"], ch["T_cal"])
    ax = plotting.plot_frequency_histogram(hist)
    assert [p.get_height() for p in ax.patches[:8]] == hist["actual"].tolist()
    ax2 = plotting.plot_holdout_by_frequency(BT.holdout_by_frequency(fit, ch))
    assert ax2.get_xticklabels()[0].get_text() == "0\n(1411人)"
    tr = BT.tracking_table(t, fit, customer="sample_id", time_unit="W", calibration_end="1997-09-30")
    ax3 = plotting.plot_tracking(tr)
    assert ax3.get_lines()[0].get_ydata()[-1] == tr["actual_cumulative"].iloc[-1]
    assert len(ax3.get_lines()) == 3  # actual, expected, end of calibration
    matrix = BT.frequency_recency_matrix(fit, T=39, kind="alive")
    ax4 = plotting.plot_frequency_recency_matrix(matrix, kind="alive")
    assert ax4.images[0].get_array().shape == matrix.shape
    ax5 = plotting.plot_alive_curve(fit, frequency=2, T=39, recency=30.43)
    assert ax5.get_lines()[1].get_ydata()[0] == pytest.approx(fit.probability_alive([2], [30.43], [39])[0])
    spend = gg.conditional_expected_spend(ch["frequency_cal"], ch["monetary_value_cal"])
    ax6 = plotting.plot_spend_shrinkage(ch["frequency_cal"], ch["monetary_value_cal"], spend, population_mean=gg.mean_spend)
    assert len(ax6.collections[0].get_offsets()) == 946
    value = BT.customer_lifetime_value(ch, bgnbd=fit, gamma_gamma=gg, time_unit="W", horizon=3, discount_rate=0.1, margin=0.3)
    ax7 = plotting.plot_clv_distribution(value["clv"])
    assert "前 20% 客户占总价值的" in ax7.texts[0].get_text()
    ax8 = plotting.plot_purchase_timelines(t, [1, 2], customer="sample_id", as_of="1997-09-30")
    assert [x.get_text() for x in ax8.texts] == ["x=2, t_x=30.4, T=38.9", "x=1, t_x=1.7, T=38.9"]
    simple = BT.simple_clv(ch, time_unit="W", churn_rate=0.2, discount_rate=0.1, horizon=3, margin=0.3)
    ax9 = plotting.plot_clv_comparison(simple["clv"], value["clv"], value["probability_alive"])
    offsets = ax9.collections[0].get_offsets()
    assert len(offsets) == 946 and offsets[:, 1].min() >= 0.01  # customers long gone drawn at a cent
    for a in (ax, ax2, ax3, ax4, ax5, ax6, ax7, ax8, ax9):
        _draw_without_missing_glyphs(a.figure)
