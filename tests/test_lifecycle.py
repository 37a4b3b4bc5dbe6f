"""crmlab.lifecycle: model curves, stage and pattern rules, the journey KPIs and churn warning."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlab import CrmlabInputError
from crmlab import lifecycle as L
from crmlab.datasets import load_course_shop


# ----------------------------------------------------------------- model curves


def test_curve_has_the_stage_lengths_asked_for():
    c = L.lifecycle_curve(exploration=3, formation=6, stability=12, decline=6)
    assert c["stage"].value_counts().reindex(L.STAGES).tolist() == [3, 6, 12, 6]
    assert c["period"].tolist() == list(range(1, 28))
    tv = c["transaction_volume"].to_numpy()
    assert tv[2] == pytest.approx(0.2) and tv[8] == pytest.approx(1.0) and tv[-1] == pytest.approx(0.0)
    assert (c.loc[c["stage"] == "稳定期", "transaction_volume"] == 1.0).all()
    assert np.all(np.diff(tv[:9]) > 0) and np.all(np.diff(tv[21:]) < 0)
    # profit = margin * TV - cost * stage factor: a loss while exploring, the best in stability
    assert c["profit"].iloc[0] == pytest.approx(0.3 * (0.1 + 0.1 / 3) - 0.15)  # a third of the way up the ramp
    assert c.groupby("stage")["profit"].mean().idxmax() == "稳定期"
    assert L.lifecycle_curve(formation=0, decline=0)["stage"].unique().tolist() == ["考察期", "稳定期"]


def test_curve_errors():
    with pytest.raises(CrmlabInputError, match="不能都是 0"):
        L.lifecycle_curve(exploration=0, formation=0, stability=0, decline=0)
    with pytest.raises(CrmlabInputError, match="形成期|formation 不能为负数"):
        L.lifecycle_curve(formation=-1)
    with pytest.raises(CrmlabInputError, match="pattern 只能是"):
        L.pattern_curve("突然消失")


def test_pattern_curves():
    curves = {p: L.pattern_curve(p, exploration=2, formation=4, stability=6, decline=3) for p in L.PATTERNS}
    assert curves["早期流产"]["stage"].tolist() == ["考察期", "考察期", "退化期", "退化期"]
    assert "稳定期" not in set(curves["中途夭折"]["stage"])
    assert (curves["提前退出"]["stage"] == "稳定期").sum() == 2
    assert (curves["长久保持"]["stage"] == "稳定期").sum() == 12
    for curve in curves.values():
        assert curve["transaction_volume"].iloc[-1] == pytest.approx(0)
    assert curves["长久保持"]["transaction_volume"].sum() > curves["提前退出"]["transaction_volume"].sum()


# ------------------------------------------------------------- real customers


def _log_from_curve(curve, scale=10, start="2022-01-15"):
    """Orders per month proportional to the model's TV, each on the 15th."""
    rows = []
    for period, tv in zip(curve["period"], curve["transaction_volume"]):
        day = pd.Timestamp(start) + pd.DateOffset(months=int(period) - 1)
        rows += [("c", day)] * int(round(tv * scale))
    return pd.DataFrame(rows, columns=["customer_id", "date"])


@pytest.mark.parametrize("month, stage", [(2, "考察期"), (8, "形成期"), (18, "稳定期"), (27, "退化期")])
def test_stages_of_a_customer_following_the_model_curve(month, stage):
    log = _log_from_curve(L.lifecycle_curve())
    as_of = pd.Timestamp("2022-01-01") + pd.DateOffset(months=month) - pd.Timedelta(days=1)
    assert L.lifecycle_stages(log, as_of=as_of)["stage"].item() == stage


def test_stage_rules_by_hand():
    log = pd.DataFrame({"customer_id": ["a"] * 4, "date": ["2024-01-10", "2024-01-20", "2024-02-10", "2024-02-11"]})
    assert L.lifecycle_stages(log, as_of="2024-01-31")["stage"].item() == "考察期"  # a one-period history
    gone = pd.DataFrame({"customer_id": ["b"] * 3, "date": ["2023-01-05", "2023-02-05", "2023-03-05"]})
    assert L.lifecycle_stages(gone, as_of="2024-01-31")["stage"].item() == "已流失"
    assert L.lifecycle_stages(gone, as_of="2024-01-31", churn_periods=12)["stage"].item() == "退化期"


def test_period_series_by_hand():
    t = pd.DataFrame({"customer_id": ["a", "a", "a", "b"], "date": ["2024-01-05", "2024-01-20", "2024-03-02", "2024-03-10"],
                      "amount": [1.0, 2.0, 4.0, 8.0]})  # fmt: skip
    s = L.period_series(t, as_of="2024-03-31", value="amount")
    assert s.loc["a"].tolist() == [3.0, 0.0, 4.0]
    assert s.loc["b", 0] == 8.0 and np.isnan(s.loc["b", 1])
    assert L.smooth_series(s, window=2).loc["a"].tolist() == [3.0, 1.5, 2.0]


def test_pattern_rules_by_hand():
    rows = [("once", "2023-01-10"), ("once", "2023-02-01")]
    rows += [("mid", f"2023-0{m}-05") for m in range(1, 6)]
    rows += [("exit", f"2023-{m:02d}-10") for m in range(1, 9)]
    rows += [("loyal", f"2024-{m:02d}-10") for m in range(1, 13)]
    t = pd.DataFrame(rows, columns=["customer_id", "date"])
    p = L.lifecycle_patterns(t, as_of="2024-12-31")
    assert p["pattern"].to_dict() == {"exit": "提前退出", "loyal": "长久保持", "mid": "中途夭折", "once": "早期流产"}
    assert p.loc["exit", ["span", "active_periods"]].tolist() == [8, 8]
    # stability needs six active periods: with seven required, the exit becomes mid-term
    assert L.lifecycle_patterns(t, as_of="2024-12-31", stable_active=9)["pattern"]["exit"] == "中途夭折"


def test_rules_agree_with_the_simulated_truth():
    shop = load_course_shop()
    truth = shop.customers.set_index("customer_id")
    stages = L.lifecycle_stages(shop.transactions, as_of="2025-12-31")
    true_stage = truth["stage_at_end"].reindex(stages.index)
    known = true_stage != "赢回"
    assert (stages["stage"].astype(str)[known] == true_stage[known]).mean() > 0.75
    patterns = L.lifecycle_patterns(shop.transactions, as_of="2025-12-31")
    ended = truth["relationship_end"].reindex(patterns.index) < pd.Timestamp("2025-06-30")
    agree = patterns.loc[ended, "pattern"].astype(str) == truth["pattern"].reindex(patterns.index)[ended]
    assert agree.mean() > 0.75


# --------------------------------------------------------- journey and KPIs

PEOPLE = pd.DataFrame({"customer_id": ["a", "b", "c", "d"], "channel": ["x", "x", "y", "y"],
                       "lead_date": ["2024-01-01", "2024-01-01", "2024-02-01", "2024-12-20"]})  # fmt: skip
ORDERS = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c"],
                       "date": ["2024-01-05", "2024-10-01", "2024-01-06", "2024-02-03", "2024-02-03"],
                       "profit": [10.0, 20.0, 5.0, 7.0, 3.0]})  # fmt: skip
CHANNELS = pd.DataFrame({"quarter": ["2024Q1", "2024Q1", "2025Q1"], "channel": ["x", "y", "x"],
                         "reach": [100, 400, 999], "spend": [300, 200, 999]})  # fmt: skip


def test_funnel_by_hand():
    f = L.journey_funnel(PEOPLE, ORDERS, CHANNELS, as_of="2024-12-31", churn_days=180).set_index("stage")
    # 获取 = first purchase: a, b, c (d is only a lead); 转换 = bought again on a later day: a
    # (c bought twice on one day); 保留: a bought 91 days before as_of; 流失 = ever lapsed > 180 days:
    # a (269-day gap), b and c (since their last purchase); 赢回: a came back
    assert f["count"].tolist() == [500, 3, 1, 1, 3, 1]
    assert f["rate_of"].tolist() == ["", "到达", "获取", "转换", "获取", "流失"]
    assert f.loc["获取", "rate"] == pytest.approx(3 / 500) and f.loc["转换", "rate"] == pytest.approx(1 / 3)
    assert f.loc["赢回", "rate"] == pytest.approx(1 / 3)  # of the lapsed customers, not of all buyers


def test_funnel_win_back_rate_is_a_share_of_the_lapsed():
    orders = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "d"],
                           "date": ["2024-01-01", "2024-12-01", "2024-01-01", "2024-12-01", "2024-12-02"]})  # fmt: skip
    people = pd.DataFrame({"customer_id": list("abcd"), "lead_date": ["2024-01-01"] * 4})
    f = L.journey_funnel(people, orders, CHANNELS, as_of="2024-12-31").set_index("stage")
    # a and b lapsed (a came back); c and d are recent first-time buyers
    assert f.loc["流失", "count"] == 2 and f.loc["流失", "rate"] == pytest.approx(2 / 4)
    assert f.loc["赢回", "count"] == 1 and f.loc["赢回", "rate"] == pytest.approx(1 / 2)


def test_channel_kpis_by_hand():
    k = L.channel_kpis(PEOPLE, ORDERS, CHANNELS, as_of="2024-12-31").set_index("channel")
    assert k.loc["x", ["reach", "leads", "customers", "spend"]].tolist() == [100, 2, 2, 300]
    assert k.loc["x", "cac"] == 150 and k.loc["y", "cac"] == 200
    assert k.loc["x", "mean_value"] == pytest.approx(17.5) and k.loc["y", "conversion"] == 0.5


def test_win_backs_nps_csat():
    w = L.win_backs(ORDERS, as_of="2024-12-31")
    assert w["won_back"].to_dict() == {"a": True, "b": False, "c": False}
    r = L.nps([10, 9, 8, 7, 6, 3, 10, 9, 9, 0])
    assert (r.promoters, r.passives, r.detractors, r.score) == (0.5, pytest.approx(0.2), 0.3, 20.0)
    assert L.nps([10] * 4).score == 100 and L.nps([0, 6]).score == -100
    assert L.csat([5, 4, 3, 2, 5]) == 0.6
    with pytest.raises(CrmlabInputError, match="0-10 的整数，有 2 个不是"):
        L.nps([10, 11, 7.5])
    with pytest.raises(CrmlabInputError, match="1-5 之间，有 1 个不是"):
        L.csat([5, 0])


@given(st.lists(st.integers(0, 10), min_size=1, max_size=100))
def test_nps_shares_add_up(scores):
    r = L.nps(scores)
    assert r.promoters + r.passives + r.detractors == pytest.approx(1)
    assert -100 <= r.score <= 100


# ------------------------------------------------------------- churn warning


def test_churn_warning_by_hand():
    visits = [f"2024-0{m}-{d:02d}" for m in (1, 2, 3) for d in (3, 10, 17, 24)] + ["2024-04-02"]
    t = pd.DataFrame({"customer_id": "小林", "date": visits})
    w = L.churn_warning(t, as_of="2024-04-30").loc["小林"]
    assert (w["baseline"], w["recent"]) == (12, 1)
    assert w["baseline_rate"] == pytest.approx(4.0) and w["recent_rate"] == pytest.approx(1.0)
    assert w["flagged"]
    assert not L.churn_warning(t, as_of="2024-04-30", drop=0.2)["flagged"].item()
    assert not L.churn_warning(t, as_of="2024-04-30", min_baseline=13)["flagged"].item()
    assert not L.churn_warning(t, as_of="2024-03-31")["flagged"].item()  # still coming


def test_xiaolin_is_warned_after_the_move_not_before():
    visits = L.simulate_visits(seed=2024)
    schedule = L.visit_schedule().set_index("stage")
    assert visits.equals(L.simulate_visits(seed=2024))
    assert visits["date"].is_monotonic_increasing and visits["date"].is_unique
    for stage, row in schedule.iterrows():
        dates = visits.loc[visits["stage"] == stage, "date"]
        assert dates.empty or (dates.min() >= row["start"] and dates.max() < row["end"])
    sundays = pd.date_range(visits["date"].min(), schedule["end"].iloc[-1], freq="W-SUN")
    warned = [d for d in sundays if L.churn_warning(visits, as_of=d).reindex(["小林"])["flagged"].fillna(False).item()]
    assert warned and warned[0] >= schedule.loc["退化期", "start"]


# ------------------------------------------------- tables the notebook shows


def _habit_then_gone():
    """甲 visits weekly Jan-Mar 2024 then once on Apr 2; 乙 visits twice in January only."""
    visits = [f"2024-0{m}-{d:02d}" for m in (1, 2, 3) for d in (3, 10, 17, 24)] + ["2024-04-02"]
    rows = [("甲", d) for d in visits] + [("乙", "2024-01-05"), ("乙", "2024-01-06")]
    return pd.DataFrame(rows, columns=["customer_id", "date"])


def test_first_warnings_by_hand():
    t = _habit_then_gone()
    w = L.first_warnings(t, end="2024-05-31", since="2024-04-01")
    # as of Sun Apr 21 the 30 days before hold Mar 24 and Apr 2: 2 per 30 days, not below half of 4; Apr 28: 1
    assert w.loc["甲", "first_warning"] == pd.Timestamp("2024-04-28")
    assert w.loc["甲", "days_after"] == 27.0
    assert pd.isna(w.loc["乙", "first_warning"]) and np.isnan(w.loc["乙", "days_after"])  # never 3 baseline visits
    assert list(w.index) == ["甲", "乙"] and "days_after" not in L.first_warnings(t, end="2024-05-31").columns
    daily = L.first_warnings(t, end="2024-05-31", every="D")
    assert daily.loc["甲", "first_warning"] == pd.Timestamp("2024-04-23")  # (Mar 24, Apr 23] holds only Apr 2
    assert t.equals(_habit_then_gone())


def test_first_warnings_matches_the_weekly_scan_of_the_notebook():
    visits = L.simulate_visits(seed=2024)
    end = L.visit_schedule()["end"].iloc[-1]
    sundays = pd.date_range(visits["date"].min(), end, freq="W-SUN")
    warned = [d for d in sundays if L.churn_warning(visits, as_of=d).reindex(["小林"])["flagged"].fillna(False).item()]
    assert L.first_warnings(visits, end=end).loc["小林", "first_warning"] == warned[0]


def test_first_warnings_errors():
    t = _habit_then_gone()
    with pytest.raises(CrmlabInputError, match="every"):
        L.first_warnings(t, end="2024-05-31", every="每周")
    with pytest.raises(CrmlabInputError, match="没有检查日期"):
        L.first_warnings(t, end="2024-01-05", start="2024-01-04")
    with pytest.raises(CrmlabInputError, match="since"):
        L.first_warnings(t, end="2024-05-31", since="昨天")
    with pytest.raises(CrmlabInputError, match="end"):
        L.first_warnings(t, end="2023-01-01")


def test_warning_follow_up_by_hand():
    t = pd.DataFrame({"customer_id": ["甲", "甲", "乙", "乙", "丙", "丁"],
                      "date": ["2024-01-10", "2024-03-10", "2024-01-20", "2024-03-05", "2024-02-01", "2024-02-02"]})
    w = pd.DataFrame({"flagged": [True, False, True, False]}, index=pd.Index(["甲", "乙", "丙", "丁"], name="customer_id"))
    out = L.warning_follow_up(w, t, as_of="2024-02-29")
    assert out.index.tolist() == ["未被预警", "被预警"] and out.index.name == "flagged"
    assert out["customers"].tolist() == [2, 2]
    assert out["came_back"].tolist() == [0.5, 0.5]  # 乙 of 乙/丁; 甲 of 甲/丙
    only_flagged = L.warning_follow_up(w[w["flagged"]], t, as_of="2024-02-29")
    assert only_flagged.index.tolist() == ["被预警"]


def test_warning_follow_up_errors():
    t = _habit_then_gone()
    with pytest.raises(CrmlabInputError, match="flagged"):
        L.warning_follow_up(pd.DataFrame({"x": [1]}), t, as_of="2024-04-30")
    with pytest.raises(CrmlabInputError, match="True/False"):
        L.warning_follow_up(pd.DataFrame({"flagged": [1, 5]}, index=["甲", "乙"]), t, as_of="2024-04-30")


def test_stage_examples_by_hand():
    s = pd.DataFrame({"stage": pd.Categorical(["稳定期", "考察期", "稳定期", "退化期"], categories=[*L.STAGES, L.CHURNED])},
                     index=pd.Index(["甲", "乙", "丙", "丁"], name="customer_id"))
    assert L.stage_examples(s).to_dict() == {"考察期": "乙", "稳定期": "甲", "退化期": "丁"}
    truth = pd.Series({"甲": "形成期", "乙": "考察期", "丙": "稳定期", "丁": "退化期"})
    assert L.stage_examples(s, truth=truth).tolist() == ["乙", "丙", "丁"]
    with pytest.raises(CrmlabInputError, match="1 位客户"):
        L.stage_examples(s, truth=truth.drop("丁"))
    with pytest.raises(CrmlabInputError, match="Series"):
        L.stage_examples(s, truth={"甲": "考察期"})


def test_ended_before_by_hand():
    c = pd.DataFrame({"customer_id": ["甲", "乙", "丙"], "relationship_end": ["2025-01-31", None, "2025-06-30"]})
    assert L.ended_before(c, "2025-06-30") == ["甲"]
    assert L.ended_before(c, "2025-07-01") == ["甲", "丙"]
    with pytest.raises(CrmlabInputError, match="不是日期"):
        L.ended_before(c.assign(relationship_end=["2025-01-31", None, "下个月"]), "2025-06-30")
    with pytest.raises(CrmlabInputError, match="date"):
        L.ended_before(c, "明年")
    with pytest.raises(CrmlabInputError, match="relationship_end"):
        L.ended_before(c.drop(columns="relationship_end"), "2025-06-30")


def test_first_warnings_rejects_an_empty_reference_date():
    with pytest.raises(CrmlabInputError, match="since"):
        L.first_warnings(_habit_then_gone(), end="2024-05-31", since="")


def test_churn_warning_ratio_has_its_own_term():
    from crmlab.glossary import label_columns

    t = pd.DataFrame({"customer_id": "a", "date": ["2024-01-10", "2024-02-10", "2024-03-10", "2024-04-20"]})
    w = L.churn_warning(t, as_of="2024-04-30")
    # baseline (90 days before 2024-03-31): 3 purchases = 1 per 30 days; recent 30 days: 1
    assert w.loc["a", "activity_ratio"] == pytest.approx(1.0)
    assert "CLV:CAC" not in label_columns(w).columns and "近期/基准频率比" in label_columns(w).columns
def test_first_warnings_reads_since_by_the_date_rule():
    t = _habit_then_gone()
    with pytest.raises(CrmlabInputError, match="since 必须是日期"):
        L.first_warnings(t, end="2024-05-31", since=20240401)  # pd.Timestamp would read nanoseconds
    with pytest.raises(CrmlabInputError, match="dayfirst"):
        L.first_warnings(t, end="2024-05-31", since="01/04/2024")


def test_first_warnings_bounds_the_number_of_checks():
    with pytest.raises(CrmlabInputError, match="MAX_SCANS") as err:
        L.first_warnings(_habit_then_gone(), end="2200-01-01", every="D")
    assert err.value.parameter == "end"
    assert L.MAX_SCANS >= 520  # ten years of weekly checks still run


def test_warning_follow_up_reads_flags_strictly():
    t = pd.DataFrame({"customer_id": ["甲", "甲", "乙", "乙", "丙"],
                      "date": ["2024-01-10", "2024-02-10", "2024-01-20", "2024-03-05", "2024-02-01"]})  # fmt: skip
    w = pd.DataFrame({"flagged": ["是", "否", "True"]}, index=pd.Index(["甲", "乙", "丙"], name="customer_id"))
    assert L.warning_follow_up(w, t, as_of="2024-02-29").values.tolist() == [[1.0, 1.0], [2.0, 0.0]]
    with pytest.raises(CrmlabInputError, match="flagged 有 1 个值不是 是/否"):
        L.warning_follow_up(w.assign(flagged=[True, None, False]), t, as_of="2024-02-29")


def test_ended_before_reads_dates_by_the_date_rule():
    c = pd.DataFrame({"customer_id": ["甲", "乙", "丙"], "relationship_end": ["2025-01-31", None, "2025-09-30"]})
    assert L.ended_before(c, "2025-06-30") == ["甲"]
    with pytest.raises(CrmlabInputError, match="date 必须是日期"):
        L.ended_before(c, 20250630)
    with pytest.raises(CrmlabInputError, match="relationship_end"):
        L.ended_before(c.assign(relationship_end=["31/01/2025", None, None]), "2025-06-30")
