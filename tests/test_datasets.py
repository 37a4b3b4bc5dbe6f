"""crmlab.datasets: files found through importlib.resources, validated, fresh copies."""

import subprocess
import sys

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
