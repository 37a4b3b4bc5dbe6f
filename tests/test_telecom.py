"""crmlab.telecom and the simulated operator: life tables by segment, tenure forecasts, health, four optimisations."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlab import CrmlabInputError, telecom
from crmlab.datasets import OPERATOR_SEED, OPERATOR_SUBSCRIBERS, data_path, load_operator, make_operator, write_operator
from crmlab.retention import kaplan_meier


@functools.lru_cache(maxsize=1)
def _operator():
    return load_operator()


def _subs(**columns) -> pd.DataFrame:
    base = {
        "subscriber_id": ["a", "b", "c", "d"],
        "tenure_months": [1, 2, 4, 5],
        "churned": [True, False, True, False],
        "segment": ["城市", "城市", "农村", "农村"],
        "true_tenure_months": [1, 9, 4, 7],
        "acquisition_cost": [100.0, 100.0, 200.0, 200.0],
        "branch": ["甲", "甲", "乙", "乙"],
    }
    base.update(columns)
    return pd.DataFrame(base)


# ------------------------------------------------------------------ the data


def test_committed_operator_files_regenerate_byte_for_byte(tmp_path):
    for path in write_operator(tmp_path):
        assert path.read_bytes() == data_path(path.name).read_bytes(), f"{path.name} differs from the committed file"


def test_operator_files_are_small_and_complete():
    op = _operator()
    s, m = op.subscribers, op.monthly
    assert len(s) == OPERATOR_SUBSCRIBERS and OPERATOR_SEED == 10086
    assert s["subscriber_id"].is_unique and set(m["subscriber_id"]) <= set(s["subscriber_id"])
    for name in ("operator_subscribers.csv", "operator_monthly.csv"):
        assert len(data_path(name).read_bytes()) < 3_000_000
    # a subscriber's monthly rows are exactly its observed tenure
    assert (m.groupby("subscriber_id").size().reindex(s["subscriber_id"]).to_numpy() == s["tenure_months"].to_numpy()).all()
    # churned subscribers have a month and a reason; censored ones neither, and their true tenure is longer
    assert s.loc[s["churned"], ["churn_month", "churn_reason"]].notna().all().all()
    assert s.loc[~s["churned"], ["churn_month", "churn_reason"]].isna().all().all()
    assert (s["true_tenure_months"] >= s["tenure_months"]).all()
    assert (s.loc[s["churned"], "true_tenure_months"] == s.loc[s["churned"], "tenure_months"]).all()
    assert set(s["churn_reason"].dropna()) == {"资费与套餐", "服务不满", "竞争对手", "迁出异地"}
    assert m["true_hazard"].between(0, 0.9).all()


def test_simulation_truth_shows_in_the_data():
    s = _operator().subscribers
    share = s.groupby("plan")["churned"].mean()
    assert share["家庭套餐"] < share["流量套餐"] < share["基础套餐"]  # family plans stay longest
    competitive = s[s["churn_reason"] == "竞争对手"]
    assert set(competitive["branch"]) <= {"江州", "临川"} and (competitive["segment"] == "城市").all()


def test_make_operator_is_seeded():
    a, b = make_operator(n_subscribers=20, seed=5), make_operator(n_subscribers=20, seed=5)
    assert a.subscribers.equals(b.subscribers) and a.monthly.equals(b.monthly)
    assert not a.subscribers.equals(make_operator(n_subscribers=20, seed=6).subscribers)


# ------------------------------------------------------------------ life tables and tenure


def test_segment_life_table_by_hand():
    lt = telecom.segment_life_table(_subs(), width=3)
    city = lt[lt["group"] == "城市"]
    # interval [0, 3): 2 at risk, 1 churned, 1 censored -> effective 1.5, q = 1/1.5
    assert city[["at_risk", "churned", "censored"]].values.tolist() == [[2, 1, 1]]
    assert city["churn_probability"].iloc[0] == pytest.approx(2 / 3)
    assert telecom.segment_life_table(_subs(), by=None, width=3)["at_risk"].tolist() == [4, 2]


def test_tenure_forecast_by_hand():
    f = telecom.tenure_forecast(_subs(), by="segment", months=6)
    # 城市: KM S = 1 on [0, 1), 0.5 on [1, 6) -> area 1 + 2.5 = 3.5; truth mean(min(1, 6), min(9, 6)) = 3.5
    assert f.loc["城市", "expected_tenure"] == pytest.approx(3.5) and f.loc["城市", "true_tenure"] == pytest.approx(3.5)
    # 农村: S = 1 on [0, 4), 0.5 on [4, 6) -> 5; truth (4 + 6) / 2 = 5
    assert f.loc["农村", "expected_tenure"] == pytest.approx(5.0) and f.loc["农村", "survival_12"] == 0.5


def test_tenure_forecast_recovers_the_truth_on_the_operator():
    f = telecom.tenure_forecast(_operator().subscribers, by="branch")
    assert np.allclose(f["expected_tenure"], f["true_tenure"], atol=0.8)


def test_life_table_and_kaplan_meier_agree_with_lifelines_on_the_operator():
    lifelines = pytest.importorskip(
        "lifelines", reason="lifelines needs pandas < 3: .ci/run runs this cross-check in its second environment"
    )
    s = _operator().subscribers
    groups = [(by, value) for by in ("segment", "plan", "channel", "branch") for value in s[by].unique()]
    for by, value in groups:
        part = s[s[by] == value]
        ours = kaplan_meier(part["tenure_months"], part["churned"])
        theirs = lifelines.KaplanMeierFitter().fit(part["tenure_months"], part["churned"]).survival_function_.iloc[:, 0]
        assert np.allclose(ours["survival"].reindex(theirs.index), theirs, atol=1e-12)
        table = lifelines.utils.survival_table_from_events(part["tenure_months"], part["churned"])
        lt = telecom.segment_life_table(part, by=None, width=1).set_index("start")
        assert np.allclose(lt["churned"].reindex(table.index, fill_value=0), table["observed"])
        assert np.allclose(lt["censored"].reindex(table.index, fill_value=0), table["censored"])


def test_stage_revenue_and_health_by_hand():
    s = _subs(tenure_months=[20, 2, 20, 20], churned=[False, True, False, False])
    m = pd.DataFrame({"subscriber_id": ["a", "a", "b", "c", "c", "d", "d"], "tenure": [0, 12, 0, 0, 12, 0, 12],
                      "month": ["2024-01"] * 7, "revenue": [50.0, 60, 50, 50, 50, 50, 50], "calls_10086": [0] * 7})  # fmt: skip
    assert telecom.stage_revenue(s, m).loc["甲"].tolist()[0] == 50.0
    h = telecom.health_scores(s, m)
    # company S(3) = 0.75; 甲 0.5 -> 66.7, 乙 1 -> 133.3; health is the mean of the four indices
    assert h.loc["甲", "acquisition_index"] == pytest.approx(200 / 3)
    assert h.loc["乙", "health"] == pytest.approx(h.loc["乙", list(telecom.HEALTH_COMPONENTS)].mean())
    only_value = telecom.health_scores(s, m, weights={"value_index": 1})
    assert (only_value["health"] == only_value["value_index"]).all()


def test_health_scores_refuse_bad_weights():
    s = _subs(tenure_months=[20, 2, 20, 20])
    m = pd.DataFrame({"subscriber_id": ["a", "c"], "tenure": [12, 0], "month": ["2024-01"] * 2, "revenue": [1.0, 1.0], "calls_10086": [0, 0]})
    with pytest.raises(CrmlabInputError, match="权重 weights"):
        telecom.health_scores(s, m, weights={"price": 1})
    with pytest.raises(CrmlabInputError, match="权重 weights 不能全为 0"):
        telecom.health_scores(s, m, weights={"value_index": 0})
    with pytest.raises(CrmlabInputError, match="分组依据 by"):
        telecom.health_scores(s, m, by="city")


# ------------------------------------------------------------------ the four optimisations


def test_subscriber_value_by_hand():
    v = telecom.subscriber_value([0.0, 0.5, 0.5], arpu=100, margin=0.5, service_cost=10, acquisition_cost=50, discount_rate=0)
    # S = 1, 0.5, 0.25 -> 1.75 months of 40 yuan, minus 50
    assert v.discounted_months == pytest.approx(1.75) and v.value == pytest.approx(20.0)
    assert v.table["survival_probability"].tolist() == [1.0, 0.5, 0.25]
    discounted = telecom.subscriber_value([0.0, 0.0], arpu=100, margin=0.5, service_cost=10, acquisition_cost=0, discount_rate=0.1)
    assert discounted.discounted_months == pytest.approx(1 + 1.1 ** (-1 / 12))


@given(lever=st.sampled_from(["arpu", "service_cost", "acquisition_cost", "cross_sell_rate", "churn_change"]),
       step=st.floats(0.01, 0.5))  # fmt: skip
def test_each_optimisation_moves_value_the_right_way(lever, step):
    base = dict(arpu=90.0, margin=0.6, service_cost=5.0, acquisition_cost=150.0, cross_sell_rate=0.2, churn_change=0.0)
    hazards = [0.0] + [0.05] * 35
    before = telecom.subscriber_value(hazards, **base).value
    sign = {"arpu": 1, "cross_sell_rate": 1, "service_cost": -1, "acquisition_cost": -1, "churn_change": -1}[lever]
    moved = {**base, lever: base[lever] + sign * step * (base[lever] if lever not in ("cross_sell_rate", "churn_change") else 1)}
    assert telecom.subscriber_value(hazards, **moved).value > before


def test_optimisation_table_on_the_case():
    op = _operator()
    base = telecom.case_economics(op.subscribers, op.monthly)
    table = telecom.optimisation_table(telecom.monthly_hazards(op.subscribers), base)
    assert list(table.index) == ["获客成本", "经常收入", "服务成本", "交叉销售", "流失（对照）"]
    assert (table["value_gain"] > 0).all()
    assert table["value_gain"].idxmax() == "经常收入"  # 10% more revenue is worth most in this case
    assert table.loc["获客成本", "value_gain"] == pytest.approx(0.1 * base["acquisition_cost"])


def test_monthly_hazards_by_hand_and_bad_input():
    s = _subs(tenure_months=[1, 1, 2, 3], churned=[True, False, True, False])
    assert telecom.monthly_hazards(s, months=5).round(4).tolist() == [0.0, 0.2857, 0.5, 0.0, 0.0]
    with pytest.raises(CrmlabInputError, match="hazards"):
        telecom.subscriber_value([0.1, 1.5], arpu=1, margin=0.5, service_cost=0, acquisition_cost=0)
    with pytest.raises(CrmlabInputError, match="流失风险变化 churn_change"):
        telecom.subscriber_value([0.1], arpu=1, margin=0.5, service_cost=0, acquisition_cost=0, churn_change=2)


def test_monthly_hazards_recover_the_true_hazards():
    op = _operator()
    estimated = telecom.monthly_hazards(op.subscribers)
    # the true hazard of a row is the chance of leaving at the end of that month of tenure: h[k] estimates tenure k - 1
    true = op.monthly.groupby("tenure")["true_hazard"].mean().to_numpy()
    assert estimated[0] == 0
    assert np.abs(estimated[1:25] - true[:24]).max() < 0.015
    assert np.abs(estimated[1:25] - true[:24]).mean() < 0.005
