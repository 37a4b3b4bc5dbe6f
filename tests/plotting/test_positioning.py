"""crmlab.plotting.positioning: the figures of chapter 1, on Agg."""

import pandas as pd
import pytest

from crmlab import crm_basics, crm_models, idic, plotting, positioning
from crmlab.datasets import crm_reference, load_course_shop, load_shop_crm

from ._helpers import draw_without_missing_glyphs


@pytest.fixture(scope="module")
def shop():
    return load_course_shop()


@pytest.fixture(scope="module")
def crm():
    return load_shop_crm()


def test_plot_counts_draws_one_labelled_bar_per_row(crm):
    t = idic.contact_summary(crm.contacts, by=["channel", "direction"])
    ax = plotting.plot_counts(t, "contacts", labels=["channel", "direction"], title="联系记录")
    assert [float(p.get_width()) for p in ax.patches] == t["contacts"].astype(float).tolist()
    assert [x.get_text() for x in ax.get_yticklabels()][0] == " / ".join(t.iloc[0, :2])
    assert ax.get_ylabel() == "渠道 / 方向" and ax.get_xlabel() == "联系次数"
    draw_without_missing_glyphs(ax.figure)
    ax = plotting.plot_counts(pd.DataFrame({"share": [0.25]}, index=["甲"]), "share", percent=True)
    assert [t.get_text() for t in ax.texts] == ["25%"]


def test_plot_marketing_mix_writes_every_cell():
    table = crm_reference("marketing_mix")
    ax = plotting.plot_marketing_mix(table)
    texts = [t.get_text() for t in ax.texts]
    for column in ("four_p", "four_c", "four_r"):
        assert set(table[column]) <= set(texts)
    draw_without_missing_glyphs(ax.figure)


def test_plot_target_funnel(crm):
    f = positioning.target_group_funnel(crm.profiles)
    ax = plotting.plot_target_funnel(f)
    assert [float(p.get_width()) for p in ax.patches] == f["people"].astype(float).tolist()
    assert [t.get_text() for t in ax.get_yticklabels()] == f["layer"].tolist()
    assert ax.texts[-1].get_text() == f"{f['people'].iloc[-1]:,} 人；预订率 {f['outcome_rate'].iloc[-1]:.0%}"
    draw_without_missing_glyphs(ax.figure)


def test_plot_choose_k_and_crosstab(shop):
    t = positioning.choose_k(shop.survey, [2, 3, 4])
    ax = plotting.plot_choose_k(t, chosen=4)
    assert ax.lines[0].get_ydata().tolist() == t["inertia"].tolist()
    assert len(ax.figure.axes) == 2  # the silhouette on a twin axis
    draw_without_missing_glyphs(ax.figure)
    seg = positioning.needs_segments(shop.survey, 4)
    truth = shop.customers.set_index("customer_id")["value_type"]
    from crmlab.customers import rule_vs_truth

    table = rule_vs_truth(seg.labels.set_index("customer_id")["segment"].rename("value_type"), truth)
    ax = plotting.plot_crosstab(table, title="细分与真实类型")
    assert sorted(int(x.get_text().replace(",", "")) for x in ax.texts) == sorted(table.to_numpy().ravel().tolist())
    assert ax.get_xlabel() == "模拟的真实类型" and ax.get_ylabel() == "规则判断"
    draw_without_missing_glyphs(ax.figure)


def test_plot_positioning_map_marks_targets(shop):
    seg = positioning.needs_segments(shop.survey, 4)
    profit = shop.transactions.groupby("customer_id")["profit"].sum()
    profile = positioning.choose_targets(positioning.segment_profile(seg.labels, profit, shop.survey))
    ax = plotting.plot_positioning_map(profile, x="price_sensitivity", y="brand_attention")
    assert len(ax.collections) == 2 and ax.get_legend() is not None
    assert {t.get_text().split("\n")[0] for t in ax.texts} == set(profile.index)
    assert ax.get_ylabel() == "品牌关注（1-5）" and len(ax.figure.axes) == 2  # the colour bar
    draw_without_missing_glyphs(ax.figure)
    ax = plotting.plot_positioning_map(seg.profile, colorbar=False)
    assert len(ax.figure.axes) == 1 and ax.get_legend() is None


def test_plot_incremental_experience_and_bands(crm):
    t = crm_basics.incremental_value(crm.pilot)
    ax = plotting.plot_incremental(t)
    assert float(ax.patches[0].get_height()) == pytest.approx(t["uplift"].iloc[0])
    assert "每人成本 15 元" in ax.get_legend().get_texts()[0].get_text()
    draw_without_missing_glyphs(ax.figure)
    p = crm_models.experience_profile(crm.profiles)
    ax = plotting.plot_experience(p)
    assert ax.lines[0].get_ydata().tolist() == p["全部"].tolist() and "物流配送" in ax.get_title()
    draw_without_missing_glyphs(ax.figure)
    bands = pd.DataFrame({"customers": [10, 20], "rate": [0.9, 0.1]}, index=["[0, 50)", "[50, 100]"])
    ax = plotting.plot_band_rates(bands, xlabel="关系质量")
    assert [t.get_text() for t in ax.texts] == ["90%\n（10 人）", "10%\n（20 人）"] and ax.get_xlabel() == "关系质量"
    draw_without_missing_glyphs(ax.figure)
