"""Chapter 1 (CRM 与客户定位): IDIC, needs segments, the target-group funnel, the CRM models and the shop's CRM tables."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import CrmlabInputError, _kmeans, crm_basics, crm_models, customers, idic, positioning
from crmlab.datasets import crm_reference, data_path, load_course_shop, load_shop_crm, write_shop_crm


@pytest.fixture(scope="module")
def shop():
    return load_course_shop()


@pytest.fixture(scope="module")
def crm():
    return load_shop_crm()


# ------------------------------------------------------------------ identify


def test_normalise_ids_by_hand():
    raw = ["C00012", "c00012", " C00012 ", "C-00012", "C12", "00012", "12", "", None, "张三", "C0", "X12"]
    assert normalise(raw) == ["C00012"] * 7 + [None] * 5


def normalise(raw, **kw):
    return [None if pd.isna(v) else v for v in idic.normalise_ids(raw, **kw)]


def test_normalise_ids_keeps_the_index_and_does_not_modify_the_input():
    raw = pd.Series(["c1", "C2"], index=[10, 20])
    before = raw.copy()
    out = idic.normalise_ids(raw, prefix="k", width=3)
    assert out.index.tolist() == [10, 20] and out.isna().all()  # "c1" has the wrong prefix
    assert idic.normalise_ids(pd.Series(["k1", " K-2"]), prefix="k", width=3).tolist() == ["K001", "K002"]
    pd.testing.assert_series_equal(raw, before)


def test_normalise_ids_refuses_bad_input():
    with pytest.raises(CrmlabInputError, match="raw"):
        idic.normalise_ids("C00001")
    with pytest.raises(CrmlabInputError, match="编号前缀 prefix"):
        idic.normalise_ids(["C1"], prefix="C1")
    with pytest.raises(CrmlabInputError, match="width"):
        idic.normalise_ids(["C1"], width=0)


def test_identification_summary_counts_by_hand():
    s = idic.identification_summary(["C00001", "c00001", "C1", "", "C00002", "C00009"], known=["C00001", "C00002"],
                                    truth=["C00001", "C00001", "C00001", "C00003", "C00002", "C00009"])  # fmt: skip
    assert dict(zip(s["item"], s["tally"])) == {
        "联系记录数": 6, "原始编号的不同写法": 5, "规范化后的不同客户": 3, "无法识别的记录（匿名）": 1,
        "编号不在客户名单中的记录": 1, "写法与真实编号不同的记录": 3, "规范化后归到正确客户的记录": 5,
    }  # fmt: skip
    with pytest.raises(CrmlabInputError, match="truth"):
        idic.identification_summary(["C1"], truth=["C1", "C2"])


def test_the_shop_contact_log_is_identified_almost_completely(shop, crm):
    ids = idic.normalise_ids(crm.contacts["raw_id"])
    right = (ids.fillna("").astype(object) == crm.contacts["true_customer_id"].astype(object)).mean()
    anonymous = ids.isna().mean()
    assert right + anonymous == pytest.approx(1.0)  # every id that can be read is read right
    assert 0.01 < anonymous < 0.03
    assert set(ids.dropna()) <= set(shop.customers["customer_id"])


def test_contact_summary_and_offers():
    log = pd.DataFrame({"channel": ["呼叫中心", "邮件", "呼叫中心", "短信"], "direction": ["呼入", "呼入", "呼出", "呼出"]})
    t = idic.contact_summary(log, by=["direction"])
    assert t.values.tolist() == [["呼入", 2, 0.5], ["呼出", 2, 0.5]]
    assert idic.contact_summary(log, by="channel", only={"direction": "呼出"})["channel"].tolist() == ["呼叫中心", "短信"]
    with pytest.raises(CrmlabInputError, match="only"):
        idic.contact_summary(log, only={"direction": "在线"})
    with pytest.raises(CrmlabInputError, match="topic"):
        idic.contact_summary(log, by="topic")
    labels = pd.DataFrame({"customer_id": list("abcd"), "segment": ["重价格1", "重价格2", "重价格1", "新"]})
    with pytest.raises(CrmlabInputError, match="offers"):
        idic.assign_offers(labels)
    t = idic.assign_offers(labels, offers={**idic.OFFERS, "新": "试用"})
    assert t.values.tolist() == [["重价格1", "满减券与限时折扣", 2], ["重价格2", "满减券与限时折扣", 1], ["新", "试用", 1]]


def test_value_by_segment_keeps_the_tier_order():
    tiers = customers.value_tiers(pd.Series({"a": 9.0, "b": 5.0, "c": 1.0}), shares=(1 / 3, 2 / 3))
    labels = pd.DataFrame({"customer_id": list("abcz"), "segment": ["甲", "乙", "甲", "乙"]})
    t = idic.value_by_segment(labels, tiers)
    assert t.columns.tolist() == ["高价值", "中价值", "低价值"] and t.loc["甲"].tolist() == [1, 0, 1]
    assert t.attrs["left_out"] == 1


# ------------------------------------------------------------------ k-means, silhouette, ARI


def _blobs(seed=1, n=60):
    rng = np.random.default_rng(seed)
    centres = np.array([[1.5, 4.5, 2.0], [4.5, 1.5, 2.0], [3.0, 3.0, 4.5]])
    return np.vstack([c + 0.4 * rng.standard_normal((n, 3)) for c in centres])


def test_kmeans_matches_scikit_learn():
    sklearn = pytest.importorskip("sklearn.cluster", reason="scikit-learn (test extra) cross-checks the k-means")
    from sklearn.metrics import adjusted_rand_score, silhouette_score

    x = _blobs()
    ours = _kmeans.kmeans(x, 3, seed=0)
    theirs = sklearn.KMeans(3, n_init=10, random_state=0).fit(x)
    assert ours.inertia == pytest.approx(theirs.inertia_, rel=1e-9)
    assert _kmeans.adjusted_rand(ours.labels, theirs.labels_) == pytest.approx(1.0)
    assert _kmeans.silhouette(x, ours.labels) == pytest.approx(silhouette_score(x, ours.labels), rel=1e-12)
    rng = np.random.default_rng(3)
    a, b = rng.integers(0, 4, 200), rng.integers(0, 3, 200)
    assert _kmeans.adjusted_rand(a, b) == pytest.approx(adjusted_rand_score(a, b), abs=1e-12)


def test_kmeans_on_the_shop_survey_matches_scikit_learn(shop):
    sklearn = pytest.importorskip("sklearn.cluster", reason="scikit-learn (test extra) cross-checks the k-means")
    x = shop.survey[list(positioning.NEEDS)].to_numpy(dtype=float)
    for k in (3, 4):
        theirs = sklearn.KMeans(k, n_init=10, random_state=0).fit(x)
        assert _kmeans.kmeans(x, k, seed=0).inertia <= theirs.inertia_ * (1 + 1e-9)


def test_adjusted_rand_by_hand():
    assert _kmeans.adjusted_rand(["a", "a", "b", "b"], [1, 1, 2, 2]) == 1.0
    assert _kmeans.adjusted_rand(["a", "a", "b", "b"], [1, 2, 1, 2]) == pytest.approx(-0.5)


def test_kmeans_is_reproducible_and_numbers_clusters_by_size():
    x = np.vstack([_blobs(seed=2, n=20)[:20], _blobs(seed=2, n=50)[50:]])
    a, b = _kmeans.kmeans(x, 2, seed=5), _kmeans.kmeans(x, 2, seed=5)
    assert np.array_equal(a.labels, b.labels)
    assert np.bincount(a.labels)[0] >= np.bincount(a.labels)[1]


# ------------------------------------------------------------------ needs segments and the six steps


SMALL = pd.DataFrame({
    "customer_id": list("abcdefgh"),
    "price_sensitivity": [5, 5, 4, 1, 2, 1, 3, 3],
    "novelty_seeking": [1, 2, 1, 5, 5, 4, 2, 2],
    "brand_attention": [2, 2, 2, 3, 3, 3, 5, 5],
})  # fmt: skip


def test_needs_segments_by_hand():
    seg = positioning.needs_segments(SMALL, k=3)
    assert dict(zip(seg.labels["customer_id"], seg.labels["segment"])) == dict(zip("abcdefgh", ["重价格"] * 3 + ["重新鲜"] * 3 + ["重品牌"] * 2))
    assert seg.profile.loc["重品牌", "brand_attention"] == 5.0 and seg.profile["size"].tolist() == [3, 3, 2]
    assert seg.profile["share"].sum() == pytest.approx(1)
    assert 0 < seg.silhouette <= 1


def test_needs_segments_refuses_bad_answers():
    with pytest.raises(CrmlabInputError, match="price_sensitivity"):
        positioning.needs_segments(SMALL.assign(price_sensitivity=[6, 5, 4, 1, 2, 1, 3, 3]))
    with pytest.raises(CrmlabInputError, match="k"):
        positioning.needs_segments(SMALL, k=9)
    with pytest.raises(CrmlabInputError, match="brand_attention"):
        positioning.needs_segments(SMALL.drop(columns="brand_attention"))


def test_segments_recover_the_simulated_types(shop):
    """The chapter's claim: four segments by needs agree with the latent value type (floors, not exact values)."""
    seg = positioning.needs_segments(shop.survey, 4)
    truth = shop.customers.set_index("customer_id")["value_type"]
    agree = positioning.agreement(seg.labels.set_index("customer_id")["segment"], truth).iloc[0]
    assert agree["customers"] == len(shop.survey)
    assert agree["purity"] > 0.8 and agree["ari"] > 0.55
    assert sorted(seg.profile.index) == ["重价格", "重品牌", "重性价比", "重新鲜"]


def test_choose_k_inertia_falls(shop):
    t = positioning.choose_k(shop.survey, [2, 3, 4, 5])
    assert t["inertia"].is_monotonic_decreasing
    with pytest.raises(CrmlabInputError, match="ks"):
        positioning.choose_k(shop.survey, [])


def test_agreement_by_hand_and_bad_input():
    seg = pd.Series(["x", "x", "y", "y", None], index=list("abcde"))
    t = positioning.agreement(seg, pd.Series(["A", "A", "B", "A", "B"], index=list("abcde")))
    assert t.values.tolist() == [[4.0, 0.75, 0.0]]
    with pytest.raises(CrmlabInputError, match="truth"):
        positioning.agreement(seg, pd.Series(["A"], index=["z"]))
    with pytest.raises(CrmlabInputError, match="segments"):
        positioning.agreement(["x"], pd.Series(["A"]))


def test_segment_profile_and_targets_by_hand():
    labels = pd.DataFrame({"customer_id": list("abcd"), "segment": ["甲", "甲", "乙", "丙"]})
    survey = pd.DataFrame({"customer_id": list("abcd"), "csat": [5, 3, 4, 2], "nps": [10, 9, 6, 0]})
    profit = pd.Series({"a": 100.0, "b": 20.0, "c": 30.0})  # d bought nothing: 0
    stage = pd.Series({"a": "稳定期", "b": "已流失", "c": "赢回", "d": "已流失"})
    t = positioning.segment_profile(labels, profit, survey, stage=stage)
    assert t.loc["甲"].tolist() == [2, 0.5, 60.0, 0.8, 4.0, 100.0, 0.5]
    assert t.loc["乙", "nps_score"] == -100.0 and t.loc["丙", "mean_profit"] == 0.0
    chosen = positioning.choose_targets(t, min_share=0.5)
    assert chosen["is_target"].tolist() == [True, False, False]
    assert chosen.loc["甲", "segment_value_index"] == pytest.approx(60 / 37.5)
    with pytest.raises(CrmlabInputError, match="min_share"):
        positioning.choose_targets(t, min_share=1.5)


# ------------------------------------------------------------------ the target-group funnel


PEOPLE = pd.DataFrame({
    "needs_fit": [True, True, True, False, True], "budget": [300, 100, 250, 400, 199],
    "trust": [5, 5, 3, 5, 4], "appeal": [4, 4, 5, 5, 3], "urgent": [True, False, True, True, True],
    "preordered": [True, False, False, False, True],
})  # fmt: skip


def test_funnel_by_hand():
    f = positioning.target_group_funnel(PEOPLE)
    assert f["people"].tolist() == [5, 4, 3, 2, 1, 1]
    assert f["captured"].tolist() == [1.0, 1.0, 1.0, 1.0, 0.5, 0.5]
    f = positioning.target_group_funnel(PEOPLE, layers=["买得起", "急着用"], outcome=None)
    assert f["layer"].tolist() == ["全部", "买得起", "急着用"] and f["people"].tolist() == [5, 4, 4]
    assert "outcome_rate" not in f


def test_funnel_refuses_bad_input():
    with pytest.raises(CrmlabInputError, match="layers"):
        positioning.target_group_funnel(PEOPLE, layers=["看得上"])
    with pytest.raises(CrmlabInputError, match="min_trust"):
        positioning.target_group_funnel(PEOPLE, min_trust=6)
    with pytest.raises(CrmlabInputError, match="trust"):
        positioning.target_group_funnel(PEOPLE.assign(trust=[5, 5, 3, 5, None]))


@settings(deadline=None)
@given(price=st.floats(0, 600), trust=st.integers(1, 5), appeal=st.integers(1, 5))
def test_funnel_shrinks_and_tighter_conditions_keep_fewer(price, trust, appeal):
    f = positioning.target_group_funnel(PEOPLE, price=price, min_trust=trust, min_appeal=appeal)
    assert f["people"].is_monotonic_decreasing
    g = positioning.target_group_funnel(PEOPLE, price=price + 50, min_trust=min(5, trust + 1), min_appeal=appeal)
    assert (g["people"].to_numpy() <= f["people"].to_numpy()).all()


def test_the_shop_funnel_raises_the_preorder_rate(crm):
    f = positioning.target_group_funnel(crm.profiles)
    assert f["outcome_rate"].is_monotonic_increasing
    assert f["outcome_rate"].iloc[-1] > 5 * f["outcome_rate"].iloc[0]


# ------------------------------------------------------------------ CRM models


def test_engagement_ladder_by_hand():
    p = pd.DataFrame({"customer_id": list("abcdef"), "reviews": [0, 0, 1, 0, 0, 3], "community": [False, False, False, True, False, True],
                      "referrals": [0, 0, 0, 0, 2, 1]})  # fmt: skip
    e = crm_models.engagement_scores(p, pd.Series({"b": 4}), weights={"reviews": 2, "community": 1, "referrals": 10, "inbound": 1})
    assert e["score"].tolist() == [0.0, 4.0, 2.0, 1.0, 20.0, 17.0]
    assert e["engagement_level"].tolist() == ["低", "中", "中", "低", "高", "高"]
    ladder = crm_models.relationship_ladder(pd.Series({"b": 1, "c": 2, "d": 2, "e": 5, "f": 1}), p, nps=pd.Series({"c": 10}))
    assert ladder["rung"].astype(str).tolist() == ["潜在客户", "首次购买者", "支持者", "支持者", "倡导者", "首次购买者"]
    with pytest.raises(CrmlabInputError, match="weights"):
        crm_models.engagement_scores(p, weights={"reviews": -1})


def test_relationship_quality_by_hand_and_weights():
    parts = pd.DataFrame({"interaction": [6.0, 24.0], "trust": [3, 5], "satisfaction": [5, 1]})
    q = crm_models.relationship_quality(parts)
    assert q["quality"].tolist() == pytest.approx([100 * (0.5 + 0.5 + 1) / 3, 100 * (1 + 1 + 0) / 3])
    assert crm_models.relationship_quality(parts, weights=(2, 2, 2))["quality"].tolist() == pytest.approx(q["quality"].tolist())
    assert crm_models.relationship_quality(parts, weights=(0, 0, 1))["quality"].tolist() == [100.0, 0.0]
    with pytest.raises(CrmlabInputError, match="weights"):
        crm_models.relationship_quality(parts, weights=(0, 0, 0))
    with pytest.raises(CrmlabInputError, match="trust"):
        crm_models.relationship_quality(parts.assign(trust=[0, 5]))


@settings(deadline=None)
@given(st.lists(st.tuples(st.floats(0, 100), st.integers(1, 5), st.integers(1, 5)), min_size=1, max_size=20),
       st.tuples(st.floats(0, 5), st.floats(0, 5), st.floats(0.01, 5)))  # fmt: skip
def test_relationship_quality_lies_between_0_and_100(rows, weights):
    parts = pd.DataFrame(rows, columns=["interaction", "trust", "satisfaction"])
    q = crm_models.relationship_quality(parts, weights=weights)["quality"]
    assert ((q >= -1e-9) & (q <= 100 + 1e-9)).all()


def test_quality_of_the_shop_separates_lapsed_customers(shop, crm):
    log = crm.contacts.assign(customer_id=idic.normalise_ids(crm.contacts["raw_id"]))
    parts = crm_models.relationship_parts(log, crm.profiles, shop.survey, shop.transactions)
    assert len(parts) == len(shop.survey)
    bands = crm_models.band_summary(crm_models.relationship_quality(parts)["quality"], parts["churned"])
    assert bands["rate"].is_monotonic_decreasing and bands["customers"].sum() == len(parts)


def test_experience_and_incremental_value_by_hand():
    p = pd.DataFrame({"exp_browse": [4, 5, None], "exp_checkout": [4, 4, None], "exp_delivery": [2, 3, None], "exp_service": [3, 4, None]})
    t = crm_models.experience_profile(p, by=pd.Series(["甲", "乙", "甲"]))
    assert t.columns.tolist() == ["乙", "甲"] and t["甲"].tolist() == [4.0, 4.0, 2.0, 3.0] and t.attrs["left_out"] == 1
    pilot = pd.DataFrame({"group": ["回访", "回访", "对照", "对照"] * 2, "pilot_profit": [40.0, 60.0, 10.0, 30.0, 100.0, 102.0, 0.0, 2.0]})
    t = crm_basics.incremental_value(pilot, pd.Series(["甲"] * 4 + ["乙"] * 4), cost=10)
    assert t.loc["甲", ["treated_mean", "control_mean", "uplift", "incremental"]].tolist() == [50.0, 20.0, 30.0, 20.0]
    se = np.sqrt(200 / 2 + 200 / 2)  # sample variances of (40, 60) and (10, 30) are 200
    assert t.loc["甲", "lower"] == pytest.approx(30 - 1.96 * se)
    assert t["verdict"].tolist() == ["再观察", "继续"]
    with pytest.raises(CrmlabInputError, match="分组 group"):
        crm_basics.incremental_value(pilot.assign(group="试点"))


def test_the_pilot_recovers_the_true_uplift(shop, crm):
    """The simulation's truth lies inside the 95% interval of each value type."""
    types = crm.pilot["customer_id"].map(shop.customers.set_index("customer_id")["value_type"])
    t = crm_basics.incremental_value(crm.pilot, types)
    truth = crm.pilot.assign(t=types).groupby("t")["true_uplift"].mean()
    assert ((t["lower"] <= truth.loc[t.index]) & (truth.loc[t.index] <= t["upper"])).sum() >= 3
    assert t.loc["跟随型", "verdict"] == "继续"


def test_rank_stability_and_phases_by_hand():
    t = pd.DataFrame({"customer_id": list("abcdeab"), "profit": [9.0, 8.0, 1.0, 1.0, 1.0, 1.0, 5.0],
                      "date": pd.to_datetime(["2024-01-01"] * 5 + ["2025-01-01"] * 2)})  # fmt: skip
    r = crm_basics.rank_stability(t, first=2024, second=2025, top=0.4)
    assert r["customers"].tolist() == [1, 1, 0] and r["share"].tolist() == [0.5, 0.5, 0.0]
    with pytest.raises(CrmlabInputError, match="second"):
        crm_basics.rank_stability(t, first=2024, second=2026)
    s = pd.Series([None, "考察期", "形成期", "稳定期", "赢回", "退化期", "已流失"], index=list("abcdefg"))
    phases = crm_basics.lifecycle_phases(s, profit=pd.Series({"d": 10.0, "e": 30.0}))
    assert phases["people"].tolist() == [2, 1, 2, 1, 1] and phases.loc["客户成熟期", "mean_profit"] == 20.0
    with pytest.raises(CrmlabInputError, match="阶段 stage"):
        crm_basics.lifecycle_phases(pd.Series(["成长期"]))


def test_band_summary_edges():
    with pytest.raises(CrmlabInputError, match="分界值 edges"):
        crm_models.band_summary(pd.Series([1.0]), pd.Series([True]), edges=(0, 0))
    with pytest.raises(CrmlabInputError, match="values"):
        crm_models.band_summary(pd.Series([120.0]), pd.Series([True]))


# ------------------------------------------------------------------ data


@pytest.mark.slow
def test_crm_tables_are_regenerated_byte_for_byte(tmp_path):
    for path in write_shop_crm(tmp_path):
        assert path.read_bytes() == data_path(path.name).read_bytes(), path.name


def test_crm_tables_fit_the_shop(shop, crm):
    people = set(shop.customers["customer_id"])
    assert set(crm.profiles["customer_id"]) == people and crm.profiles["customer_id"].is_unique
    assert set(crm.contacts["true_customer_id"]) <= people
    buyers = set(shop.transactions["customer_id"])
    rated = crm.profiles.dropna(subset=["exp_browse"])["customer_id"]
    assert set(rated) == buyers
    active = shop.customers.loc[shop.customers["stage_at_end"].isin(["考察期", "形成期", "稳定期", "退化期", "赢回"]), "customer_id"]
    assert set(crm.pilot["customer_id"]) == set(active)
    assert crm.contacts["date"].max() <= pd.Timestamp("2025-12-31")


def test_reference_tables():
    models = crm_reference("models")
    assert len(models) == 15 and int(models["listed"].sum()) == 9
    assert crm_reference("marketing_mix").shape == (4, 4)
    assert "潜在获取期" in " ".join(crm_reference("lifecycle_schemes")["stages"])
    assert crm_reference("positioning_steps")["step"].tolist() == ["1", "2", "3", "4", "5", "6"]
    with pytest.raises(CrmlabInputError, match="name"):
        crm_reference("four_p")
