"""crmlab.datasets: files found through importlib.resources, validated, fresh copies."""

import subprocess
import sys

import pandas as pd
import pytest

from crmlab import CrmlabInputError
from crmlab.clv import CLV_PARAMETERS
from crmlab.datasets import data_path, streamnow_members, zhangsan, zhangsan_case, zhangsan_printed


def test_zhangsan_parameters_are_clv_keywords():
    p = zhangsan()
    assert set(p) <= set(CLV_PARAMETERS)
    assert p == {
        "annual_revenue": 2400,
        "margin": 0.6,
        "years_active": 3,
        "churn_rate": 0.2,
        "discount_rate": 0.1,
        "horizon": 5,
        "past_annual_revenue": 2400,
        "upsell_revenue": 1200,
        "upsell_probability": 0.3,
        "referrals_per_year": 0.5,
        "referral_cost": 500,
    }


def test_zhangsan_returns_a_fresh_dict():
    p = zhangsan()
    p["churn_rate"] = 0.9
    assert zhangsan()["churn_rate"] == 0.2


def test_case_facts_agree_with_parameters():
    case, p = zhangsan_case(), zhangsan()
    assert case["upgrade_plan_fee"] - case["plan_fee"] == p["upsell_revenue"]
    assert case["plan_fee"] == p["annual_revenue"] == p["past_annual_revenue"]
    assert case["referral_reward"] == p["referral_cost"]
    assert case["joined_years_ago"] == p["years_active"]
    assert zhangsan_printed()["annual_profit"] == p["annual_revenue"] * p["margin"]
    assert zhangsan_printed()["mean_lifetime"] == 1 / p["churn_rate"]


def test_members_table():
    m = streamnow_members()
    assert len(m) == 12 and m["customer_id"].is_unique
    assert m.loc[m["name"] == "张三", ["annual_revenue", "churn_rate", "cac"]].values.tolist() == [[2400, 0.2, 2500]]
    assert (m["churn_rate"] < 1).all() and (m["upsell_probability"] <= 1).all()
    # the referral reward is paid only where someone is referred
    assert ((m["referrals_per_year"] == 0) == (m["referral_cost"] == 0)).all()


def test_unknown_file():
    with pytest.raises(CrmlabInputError, match="课程数据中没有文件 'nope.csv'"):
        data_path("nope.csv")


def test_data_found_from_any_working_directory(tmp_path):
    code = "from crmlab.datasets import zhangsan, streamnow_members; print(zhangsan()['annual_revenue'], len(streamnow_members()))"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["2400", "12"]


# ------------------------------------------------------------ the course shop

from crmlab import customers as C  # noqa: E402
from crmlab.datasets import (  # noqa: E402
    _parse,
    customer_classes,
    describe_transactions,
    load_cdnow,
    load_cdnow_summary,
    load_course_shop,
    make_course_shop,
    make_transactions,
    write_course_shop,
)

SHOP_FILES = ["customers", "transactions", "survey", "channels"]


def test_committed_shop_files_regenerate_byte_for_byte(tmp_path):
    from pathlib import Path

    data = Path(__file__).resolve().parents[1] / "data"
    for path in write_course_shop(tmp_path):
        committed = data / path.name
        assert path.read_bytes() == committed.read_bytes(), f"{path.name} differs from the committed file"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"course_shop_{n}.csv" for n in SHOP_FILES)


def test_shop_files_open_in_excel():
    for name in SHOP_FILES:
        raw = data_path(f"course_shop_{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so that Excel shows the Chinese"
        assert b"\r\n" not in raw


def test_shop_tables_are_consistent():
    shop = load_course_shop()
    c, t, s, ch = shop.customers, shop.transactions, shop.survey, shop.channels
    assert len(c) == 2800 and c["customer_id"].is_unique
    buyers = set(c.loc[c["pattern"].notna(), "customer_id"])
    assert set(t["customer_id"]) == buyers and len(buyers) == 2000
    assert set(s["customer_id"]) <= buyers
    assert t["order_id"].is_unique and t["date"].is_monotonic_increasing
    assert t["date"].min() >= pd.Timestamp("2023-01-01") and t["date"].max() <= pd.Timestamp("2025-12-31")
    assert (t["profit"] < t["amount"]).all() and (t["amount"] > 0).all()
    first = t.groupby("customer_id")["date"].min()
    lead = c.set_index("customer_id")["lead_date"]
    assert (lead[first.index] <= first).all(), "people meet the shop before they buy"
    assert set(c["pattern"].dropna()) == {"早期流产", "中途夭折", "提前退出", "长久保持"}
    assert set(c["value_type"].dropna()) == set(C.VALUE_TYPES)
    assert s[["price_sensitivity", "novelty_seeking", "brand_attention", "csat"]].isin(range(1, 6)).all().all()
    assert s["nps"].between(0, 10).all()
    assert len(ch) == 60 and (ch["reach"] > 0).all() and (ch["spend"] > 0).all()
    assert c["targeted"].dtype == bool and c["won_back"].dtype == "boolean"


def test_simulation_follows_its_story():
    shop = load_course_shop()
    orders = shop.transactions.groupby("customer_id").size()
    pattern = shop.customers.set_index("customer_id")["pattern"].dropna()
    mean_orders = orders.groupby(pattern).mean()
    assert mean_orders["早期流产"] < mean_orders["中途夭折"] < mean_orders["提前退出"] < mean_orders["长久保持"]
    # the long-term customers are still there at the end; the early aborters are not
    ended = shop.customers.set_index("customer_id")["relationship_end"].notna().groupby(pattern).mean()
    assert ended["长久保持"] == 0 and ended["早期流产"] > 0.9


def test_make_course_shop_is_deterministic():
    a = make_course_shop(n_customers=30, n_prospects=10, seed=5)
    b = make_course_shop(n_customers=30, n_prospects=10, seed=5)
    c = make_course_shop(n_customers=30, n_prospects=10, seed=6)
    pd.testing.assert_frame_equal(a.transactions, b.transactions)
    assert not a.transactions.equals(c.transactions)
    assert len(make_transactions(n_customers=30, seed=5)) > 30
    with pytest.raises(CrmlabInputError, match="n_customers 必须不小于 1"):
        make_course_shop(n_customers=0)


def test_corrupt_shop_file_gives_a_clear_error():
    raw = "\ufeffquarter,channel,reach,spend\n2023Q1,搜索引擎,12,abc\n".encode()
    with pytest.raises(CrmlabInputError, match="bad.csv 的列 spend 有 1 行无法读成 int（例如 'abc'）"):
        _parse(raw, "channels", "bad.csv")
    with pytest.raises(CrmlabInputError, match="bad.csv 缺少列"):
        _parse("\ufeffquarter,channel\n".encode(), "channels", "bad.csv")


# ----------------------------------------------------------------------- CDNOW


def test_cdnow_master_and_sample():
    t = load_cdnow()
    assert list(t.columns) == ["customer_id", "date", "quantity", "amount"]
    assert (len(t), t["customer_id"].nunique()) == (69659, 23570)
    assert t["date"].min() == pd.Timestamp("1997-01-01") and t["date"].max() == pd.Timestamp("1998-06-30")
    first = t.groupby("customer_id")["date"].min()
    assert first.max() < pd.Timestamp("1997-04-01"), "every customer first bought in 1997Q1"
    report = describe_transactions(t).set_index("item")["value"]
    assert report["与前面某行完全相同的行"] == 255 and report["金额为 0 的行"] == 80
    s = load_cdnow("sample")
    assert (len(s), s["customer_id"].nunique(), s["sample_id"].max()) == (6919, 2357, 2357)
    assert set(s["customer_id"]) <= set(t["customer_id"])
    with pytest.raises(CrmlabInputError, match="kind 只能是"):
        load_cdnow("full")


def test_cdnow_summary_matches_the_sample():
    summary = load_cdnow_summary().set_index("sample_id")
    s = load_cdnow("sample")
    end = pd.Timestamp("1997-09-30")
    for sid in (1, 2, 100, 2357):
        days = s.loc[(s["sample_id"] == sid) & (s["date"] <= end), "date"].drop_duplicates().sort_values()
        frequency = len(days) - 1
        recency = (days.iloc[-1] - days.iloc[0]).days / 7
        T = (end - days.iloc[0]).days / 7
        assert summary.loc[sid, ["frequency", "recency", "T"]].tolist() == pytest.approx([frequency, recency, T], abs=0.006)


def test_customer_classes_match_the_classifiers():
    assert customer_classes("loyalty")["class"].tolist() == list(C.LOYALTY_CLASSES)
    assert customer_classes("state")["class"].tolist() == list(C.STATES)
    assert customer_classes("tier")["class"].tolist() == list(C.TIER_LABELS)
    assert customer_classes("value_type")["class"].tolist() == list(C.VALUE_TYPES)
    assert customer_classes("importance")["class"].tolist() == list(C.IMPORTANCE_LABELS)
    assert customer_classes("abc")["class"].tolist() == list(C.ABC_LABELS)
    assert len(customer_classes("relationship")) == 4
    assert (customer_classes()["strategy"].str.len() > 5).all()


def test_customer_classes_of_several_schemes_and_their_headers():
    from crmlab.glossary import label_columns

    both = customer_classes(["abc", "importance"])
    assert both["class"].tolist() == [*C.ABC_LABELS, *C.IMPORTANCE_LABELS] and both.index.tolist() == list(range(6))
    assert label_columns(customer_classes("loyalty")).columns.tolist() == ["类别", "含义", "策略", "来源"]
    with pytest.raises(CrmlabInputError, match="scheme"):
        customer_classes(["abc", "vip"])
    with pytest.raises(CrmlabInputError, match="至少"):
        customer_classes([])


def test_compare_transactions_side_by_side():
    from crmlab.datasets import compare_transactions

    t = pd.DataFrame({"customer_id": [1, 1, 2], "date": ["2024-01-01"] * 3, "amount": [5.0, 5.0, 0.0]})
    both = compare_transactions({"甲": t, "乙": t.iloc[:1]})
    assert both.columns.tolist() == ["甲", "乙"]
    assert both["甲"].tolist() == describe_transactions(t)["value"].tolist()
    assert both.loc["交易行数"].tolist() == [3, 1]
    with pytest.raises(CrmlabInputError, match="logs"):
        compare_transactions([t])
