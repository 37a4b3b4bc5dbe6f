"""crmlab.rfm: RFM table, scores, segments and profiles, by hand, with errors and properties."""

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlab import CrmlabInputError
from crmlab import rfm as R
from crmlab.datasets import rfm_segment_notes, rfm_strategies

LOG = pd.DataFrame(
    {
        "customer_id": ["a", "a", "a", "b", "c", "c"],
        "date": ["2024-01-05", "2024-03-20", "2024-03-20", "2024-02-14", "2024-03-30", "2024-04-02"],
        "amount": [100.0, 60.0, 40.0, 300.0, 80.0, 50.0],
    }
)


def test_table_by_hand():
    r = R.rfm_table(LOG, as_of="2024-03-31")
    t = r.table
    assert t.index.tolist() == ["a", "b", "c"]
    assert t["recency"].tolist() == [11, 46, 1]
    assert t["frequency"].tolist() == [3, 1, 1]
    assert t["monetary"].tolist() == [200.0, 300.0, 80.0]
    assert t["revenue"].tolist() == [200.0, 300.0, 80.0]
    assert (r.used, r.excluded, r.excluded_customers) == (5, 1, 0)
    assert "另有 1 行交易晚于 as_of，未计入" in r.note


def test_days_and_mean_options():
    t = R.rfm_table(LOG, as_of="2024-03-31", frequency="days", monetary="mean").table
    assert t["frequency"].tolist() == [2, 1, 1]
    assert t["monetary"].tolist() == [100.0, 300.0, 80.0]  # a: 200 over two purchase days
    t2 = R.rfm_table(LOG, as_of="2024-03-31", monetary="mean").table
    assert t2.loc["a", "monetary"] == pytest.approx(200 / 3)


def test_default_as_of_and_excluded_customers():
    r = R.rfm_table(LOG)
    assert r.as_of == pd.Timestamp("2024-04-02") and r.excluded == 0
    early = R.rfm_table(LOG, as_of="2024-02-01")
    assert early.table.index.tolist() == ["a"]
    assert (early.excluded, early.excluded_customers) == (5, 2)
    assert "其中 2 位客户此时还没有购买" in early.note


def test_caller_frame_not_modified_and_extra_columns_ignored():
    log = LOG.assign(channel="x")
    before = log.copy()
    R.rfm_table(log, as_of="2024-03-31")
    pd.testing.assert_frame_equal(log, before)
    assert log["date"].dtype == before["date"].dtype  # the string dates were parsed in a copy


def test_one_customer_one_transaction():
    one = pd.DataFrame({"customer_id": [7], "date": pd.to_datetime(["2024-05-01"]), "amount": [9.9]})
    t = R.rfm_table(one, as_of="2024-05-11").table
    assert t.loc[7, ["recency", "frequency", "monetary"]].tolist() == [10, 1, 9.9]
    s = R.rfm_scores(t)
    assert s["rfm_code"].tolist() == ["511"]  # nothing to tell apart: the lowest bin (best for R)
    assert R.rfm_segments(s)["segment"].tolist() == ["一般挽留客户"]  # nobody is above the mean


def test_scores_by_hand():
    table = pd.DataFrame({"recency": [5, 40, 90, 200, 400], "frequency": [9, 1, 1, 1, 3], "monetary": [900.0, 50, 20, 80, 300]})
    s = R.rfm_scores(table)
    assert s["r_score"].tolist() == [5, 4, 3, 2, 1]
    assert s["f_score"].tolist() == [5, 1, 1, 1, 4]  # cut points 1, 1, 1.8, 4.2
    assert s["m_score"].tolist() == [5, 2, 1, 3, 4]
    assert s["rfm_code"].tolist() == ["555", "412", "311", "213", "144"]
    assert s["rfm_score"].tolist() == [15, 7, 5, 6, 9]
    assert R.rfm_scores(table, bins=2)["f_score"].tolist() == [2, 1, 1, 1, 2]
    assert R.rfm_scores(table, edges={"frequency": [1, 2, 5, 10], "recency": [30, 90, 180, 365]})[["f_score", "r_score"]].values.tolist() == [
        [4, 5], [1, 4], [1, 4], [1, 2], [3, 1]
    ]  # fmt: skip


def test_ties_share_a_score():
    table = pd.DataFrame({"recency": range(10), "frequency": [1] * 7 + [2, 3, 9], "monetary": [10.0] * 10})
    s = R.rfm_scores(table)
    assert s.loc[:6, "f_score"].nunique() == 1 and s["f_score"].iloc[0] == 1
    assert set(s["m_score"]) == {1}


@pytest.mark.parametrize(
    "kwargs, fragment",
    [({"bins": 1}, "bins 必须在 \\[2, 10\\] 内"), ({"edges": {"frequency": [5, 2]}}, "分界点必须从小到大"), ({"edges": {"age": [1]}}, "edges 只能是")],
)
def test_bad_scoring_options(kwargs, fragment):
    with pytest.raises(CrmlabInputError, match=fragment):
        R.rfm_scores(R.rfm_table(LOG), **kwargs)


@pytest.mark.parametrize("scheme", R.SCHEMES)
def test_rule_tables_cover_every_combination_exactly_once(scheme):
    for combo in itertools.product(["高", "低"], repeat=3):
        matching = [seg for *levels, seg in R.SEGMENT_RULES[scheme] if all(lv is None or lv == c for lv, c in zip(levels, combo))]
        assert len(matching) == 1, (scheme, combo, matching)
    assert R.segment_rules(scheme)["segment"].is_unique


def test_segments_by_hand_and_thresholds():
    scores = pd.DataFrame({"r_score": [5, 5, 1, 1, 3], "f_score": [5, 1, 5, 1, 1], "m_score": [5, 5, 1, 1, 1],
                           "recency": [1] * 5, "frequency": [1] * 5, "monetary": [1.0] * 5})  # fmt: skip
    eight = R.rfm_segments(scores)
    assert eight["segment"].tolist() == ["重要价值客户", "重要发展客户", "一般保持客户", "一般挽留客户", "一般挽留客户"]
    # mean R = 3, so R = 3 is not "high"; median F = 1, so F = 1 is not high either
    assert eight["r_high"].tolist() == [True, True, False, False, False]
    median = R.rfm_segments(scores, threshold="median")
    assert median["f_high"].tolist() == [True, False, True, False, False]
    four = R.rfm_segments(scores, scheme="four")
    assert four["segment"].tolist() == ["高价值客户", "新客户", "重要挽留客户", "低价值客户", "低价值客户"]
    # day 90 is "within 90 days"
    assert R.rfm_scores(pd.DataFrame({"recency": [90, 91], "frequency": [1, 1], "monetary": [1.0, 1.0]}),
                        edges={"recency": [30, 90, 180, 365]})["r_score"].tolist() == [4, 3]  # fmt: skip
    assert list(four["segment"].cat.categories) == ["高价值客户", "重要挽留客户", "新客户", "低价值客户"]
    with pytest.raises(CrmlabInputError, match="scheme 只能是"):
        R.rfm_segments(scores, scheme="five")


def test_profile_by_hand_with_strategies():
    segs = R.rfm_segments(R.rfm_scores(R.rfm_table(LOG, as_of="2024-03-31")), scheme="four")
    profile = R.segment_profile(segs)
    assert profile["customers"].sum() == 3
    assert profile["customer_share"].sum() == pytest.approx(1) and profile["revenue_share"].sum() == pytest.approx(1)
    assert (profile["strategy"].str.len() > 0).all()
    # same name, different meaning in the two schemes
    assert rfm_strategies("four")["重要挽留客户"] != rfm_strategies("eight")["重要挽留客户"]
    assert rfm_segment_notes("eight")["segment"].tolist() == [s for *_, s in R.SEGMENT_RULES["eight"]]


def test_rf_grid_counts_everyone():
    scores = R.rfm_scores(pd.DataFrame({"recency": range(50), "frequency": [1, 2, 3, 4, 8] * 10, "monetary": np.arange(50.0)}))
    mean, count = R.rf_grid(scores)
    assert int(count.to_numpy().sum()) == 50
    assert count.index.tolist() == sorted(count.index, reverse=True)


def test_bad_transactions():
    with pytest.raises(CrmlabInputError, match="transactions 缺少列 'amount'"):
        R.rfm_table(LOG.drop(columns="amount"))
    with pytest.raises(CrmlabInputError, match="列 date 有1 行无法解析"):
        R.rfm_table(LOG.assign(date=["2024-01-05", "2024-03-20", "2024-03-20", "二月", "2024-03-30", "2024-04-02"]))
    with pytest.raises(CrmlabInputError, match="列 amount 有 2 行为负数"):
        R.rfm_table(LOG.assign(amount=[1.0, -1, -2, 3, 4, 5]))
    with pytest.raises(CrmlabInputError, match="早于全部交易"):
        R.rfm_table(LOG, as_of="2020-01-01")
    with pytest.raises(CrmlabInputError, match="frequency 只能是"):
        R.rfm_table(LOG, frequency="weeks")


@pytest.mark.slow  # > 3 s with the default hypothesis profile
@given(
    data=st.lists(
        st.tuples(st.integers(0, 30), st.integers(0, 500), st.floats(0, 1000, allow_nan=False)), min_size=1, max_size=120
    ),
    bins=st.integers(2, 7),
)
def test_score_properties(data, bins):
    log = pd.DataFrame(
        {"customer_id": [c for c, _, _ in data], "date": pd.Timestamp("2024-01-01") + pd.to_timedelta([d for _, d, _ in data], unit="D"),
         "amount": [a for *_, a in data]}
    )  # fmt: skip
    s = R.rfm_scores(R.rfm_table(log), bins=bins)
    for column in ("r_score", "f_score", "m_score"):
        assert s[column].between(1, bins).all()
    # monotone: more purchases never a lower F score; more recent never a lower R score
    by_f = s.sort_values("frequency")
    assert (np.diff(by_f["f_score"].to_numpy()) >= 0).all()
    by_r = s.sort_values("recency")
    assert (np.diff(by_r["r_score"].to_numpy()) <= 0).all()
    segments = R.rfm_segments(s)
    assert segments["segment"].notna().all()
    assert R.segment_profile(segments)["customers"].sum() == len(s)


# ------------------------------------------------- tables the notebook shows


def _two_segments():
    return pd.DataFrame({"segment": ["新客户", "新客户", "低价值客户"], "recency": [10, 20, 300],
                         "frequency": [1, 1, 1], "monetary": [30.0, 50.0, 20.0]}, index=["甲", "乙", "丙"])


def test_segment_outcome_by_hand():
    t = pd.DataFrame({"customer_id": ["甲", "丙", "丙", "丁", "乙"],
                      "date": ["2024-12-01", "2025-02-01", "2025-03-01", "2025-03-01", "2026-01-05"],
                      "amount": [30.0, 10.0, 30.0, 99.0, 60.0]})
    out = R.segment_outcome(_two_segments(), t, after="2024-12-31").set_index("segment")
    assert out.loc["新客户", "past_revenue_share"] == pytest.approx(0.8)
    assert out.loc["新客户", "revenue"] == 60.0 and out.loc["低价值客户", "revenue"] == 40.0  # 丁 is new: not counted
    assert out["revenue_share"].tolist() == pytest.approx([0.4, 0.6])
    capped = R.segment_outcome(_two_segments(), t, after="2024-12-31", until="2025-12-31").set_index("segment")
    assert capped.loc["新客户", "revenue"] == 0.0 and capped.loc["低价值客户", "revenue_share"] == 1.0
    assert list(out.columns[:5]) == ["customers", "customer_share", "past_revenue_share", "revenue", "revenue_share"]


def test_segment_outcome_errors():
    t = pd.DataFrame({"customer_id": ["甲"], "date": ["2024-12-01"], "amount": [30.0]})
    with pytest.raises(CrmlabInputError, match="after"):
        R.segment_outcome(_two_segments(), t, after="2020-01-01")
    with pytest.raises(CrmlabInputError, match="segment"):
        R.segment_outcome(_two_segments().drop(columns="segment"), t, after="2024-12-31")


def test_segment_crosstab_by_hand():
    t = R.segment_crosstab(_two_segments(), pd.Series({"甲": "A", "乙": "C", "丙": "C", "丁": "A"}))
    assert (t.index.name, t.columns.name) == ("segment", "class")
    assert t.loc["新客户"].tolist() == [1, 1] and t.loc["低价值客户"].tolist() == [0, 1]
    with pytest.raises(CrmlabInputError, match="1 位客户"):
        R.segment_crosstab(_two_segments(), pd.Series({"甲": "A", "乙": "C"}))
    with pytest.raises(CrmlabInputError, match="Series"):
        R.segment_crosstab(_two_segments(), {"甲": "A"})


def test_score_counts_by_hand():
    s = pd.DataFrame({"f_score": [1, 3, 1, 2], "r_score": [5, 5, 5, 5]})
    t = R.score_counts(s)
    assert t.index.name == "f_score" and t.index.tolist() == [1, 2, 3] and t["customers"].tolist() == [2, 1, 1]
    assert R.score_counts(s, "r_score")["customers"].tolist() == [4]
    with pytest.raises(CrmlabInputError, match="score"):
        R.score_counts(s, "frequency")


def test_score_counts_refuses_missing_scores():
    with pytest.raises(CrmlabInputError, match="列 f_score 有 1 个缺失值"):
        R.score_counts(pd.DataFrame({"f_score": [1, np.nan, 3]}))


def test_segment_crosstab_refuses_a_repeated_customer_in_classes():
    seg = pd.DataFrame({"segment": ["新客户", "新客户", "低价值客户"]}, index=["甲", "乙", "丙"])
    classes = pd.Series(["A", "C", "C", "B"], index=["甲", "乙", "丙", "甲"])
    with pytest.raises(CrmlabInputError, match="classes 的索引有 1 位客户重复出现"):
        R.segment_crosstab(seg, classes)


def _groupby_table(t: pd.DataFrame, as_of: str) -> pd.DataFrame:
    """The definition of the RFM table, straight from pandas: what rfm_table must equal exactly."""
    if isinstance(t["customer_id"].dtype, pd.CategoricalDtype):  # check_transactions drops categories nobody has
        t = t.assign(customer_id=t["customer_id"].cat.remove_unused_categories())
    kept = t[t["date"] <= pd.Timestamp(as_of)]
    table = kept.groupby("customer_id", sort=True, observed=True).agg(
        last_purchase=("date", "max"), frequency=("date", "size"), revenue=("amount", "sum")
    )
    table["recency"] = (pd.Timestamp(as_of) - table["last_purchase"]).dt.days
    table["monetary"] = table["revenue"]
    return table[["recency", "frequency", "monetary", "revenue", "last_purchase"]]


@given(
    st.lists(st.tuples(st.integers(-3, 40), st.integers(0, 60), st.floats(0, 1e6)), min_size=1, max_size=60),
    st.sampled_from(["int", "sparse", "text", "category"]),
)
def test_table_equals_the_groupby_definition_exactly(rows, kind):
    ids, days, amounts = zip(*rows)
    ids = {
        "int": pd.Series(ids, dtype="int64"),
        "sparse": pd.Series(ids, dtype="int64") * 10**9,  # ids far apart: the factorised path
        "text": pd.Series([f"c{i}" for i in ids]),
        "category": pd.Series(pd.Categorical([f"c{i}" for i in ids], categories=[f"c{i}" for i in range(40, -4, -1)])),
    }[kind]
    dates = (pd.Timestamp("2024-01-01") + pd.to_timedelta(days, "D")).astype("datetime64[ns]")  # crmlab works in ns
    t = pd.DataFrame({"customer_id": ids, "date": dates, "amount": amounts})
    as_of = "2024-01-31"
    if (t["date"] > pd.Timestamp(as_of)).all():
        return
    result = R.rfm_table(t, as_of=as_of)
    pd.testing.assert_frame_equal(result.table, _groupby_table(t, as_of), check_exact=True)
    assert result.excluded_customers == t["customer_id"].nunique() - len(result.table)


def test_ten_bins_write_two_digit_scores_in_the_code():
    table = pd.DataFrame({"recency": np.arange(20, 0, -1), "frequency": np.arange(1, 21), "monetary": np.arange(1.0, 21.0)})
    s = R.rfm_scores(table, bins=10)
    assert s["rfm_code"].tolist()[:2] == ["111", "111"] and s["rfm_code"].tolist()[-1] == "101010"
    assert s["rfm_code"].tolist()[4] == "333"
