"""The bad-input catalogue: hostile frames and values run over every public function of the core modules.

Each case either raises :class:`CrmlabInputError` whose message names the
parameter or column, or returns a result without NaN or inf (except in the
columns whose docstring documents a NaN). No case may modify its inputs, and
each runs under a time limit (``signal.alarm``), so a hang fails instead of
blocking the suite. The functions are enumerated from each module's
``__all__``: a new public function without an entry in :data:`BASE` fails
``test_every_public_function_has_a_catalogue_entry``.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import functools
import importlib
import inspect
import math
import signal
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmlab import CrmlabInputError
from crmlab import btyd as B
from crmlab import retention as R
from crmlab._validation import MAX_AMOUNT, MAX_PERIODS

CORE = ["customers", "value", "rfm", "lifecycle", "retention", "clv", "btyd", "datasets",
        "campaigns", "targeting", "uplift", "winback", "association"]  # fmt: skip
CORE += ["telecom", "churn_model", "cltv"]  # the mobile-operator case (chapter 11)
CORE += ["positioning", "idic", "crm_models", "crm_basics"]  # CRM and positioning (chapter 1)
CORE += ["distributions"]  # appendix B
CORE += ["capstone", "report"]  # the capstone (chapter 12)
TIME_LIMIT = 20  # seconds per case; generous for a slow shared machine, far below a hang
#: Owned by the fitted-model work of issue 10 (tested in test_btyd.py / test_retention.py).
FIT_FUNCTIONS = {"btyd.fit_bgnbd", "btyd.fit_gamma_gamma", "retention.fit_sbg", "retention.simulate_sbg"}


def public_functions() -> list[str]:
    names = []
    for module in CORE:
        mod = importlib.import_module(f"crmlab.{module}")
        names += [f"{module}.{n}" for n in mod.__all__ if inspect.isfunction(getattr(mod, n))]
    return names


def resolve(qualified: str):
    module, name = qualified.split(".")
    return getattr(importlib.import_module(f"crmlab.{module}"), name)


# ------------------------------------------------------------------ valid inputs


def tx(**columns) -> pd.DataFrame:
    base = {
        "customer_id": ["a", "a", "b", "c", "c", "c"],
        "date": ["2024-01-05", "2024-03-01", "2024-02-10", "2024-01-20", "2024-04-02", "2024-06-30"],
        "amount": [10.0, 20.0, 5.0, 7.0, 8.0, 9.0],
        "profit": [3.0, 6.0, 1.5, 2.0, 2.5, 3.0],
    }
    base.update(columns)
    return pd.DataFrame(base)


def people(**columns) -> pd.DataFrame:
    base = {
        "customer_id": ["a", "b", "c", "d"],
        "channel": ["友", "友", "广告", "广告"],
        "lead_date": ["2024-01-01", "2024-01-02", "2024-01-03", "2024-02-01"],
        "targeted": [True, False, True, True],
    }
    base.update(columns)
    return pd.DataFrame(base)


def channels(**columns) -> pd.DataFrame:
    base = {"quarter": ["2024Q1", "2024Q1"], "channel": ["友", "广告"], "reach": [20, 500], "spend": [60.0, 150.0]}
    base.update(columns)
    return pd.DataFrame(base)


BG = B.BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=3)
GG = B.GammaGammaFit(p=6.0, q=4.0, gamma=15.0, loglik=0.0, n_customers=3)
SBG = R.SBGFit(alpha=1.0, beta=4.0, loglik=0.0, survivors=(1000.0, 800.0))
CLV_BASE = dict(annual_revenue=2400, margin=0.6, years_active=3, churn_rate=0.2, discount_rate=0.1)
SUMMARY = pd.DataFrame(
    {"frequency": [2.0, 0.0, 5.0], "recency": [30.0, 0.0, 38.0], "T": [39.0, 20.0, 39.0], "monetary_value": [25.0, 0.0, 12.0]},
    index=pd.Index(["a", "b", "c"], name="customer_id"),
)
HOLDOUT = pd.DataFrame(
    {"frequency_cal": [0.0, 1.0, 3.0], "recency_cal": [0.0, 5.0, 20.0], "T_cal": [30.0, 30.0, 30.0],
     "frequency_holdout": [0.0, 1.0, 2.0], "duration_holdout": [10.0, 10.0, 10.0]}
)  # fmt: skip
VALUES = pd.Series({"a": 500.0, "b": 300.0, "c": 100.0, "d": 60.0, "e": 40.0})
SCORES = pd.DataFrame(
    {"r_score": [5, 1, 3], "f_score": [4, 2, 3], "m_score": [5, 1, 2],
     "recency": [3, 90, 30], "frequency": [5, 1, 2], "monetary": [500.0, 20.0, 80.0]},
    index=pd.Index(["a", "b", "c"], name="customer_id"),
)  # fmt: skip
CUP = dict(product_value=240, service_value=45, personnel_value=20, image_value=70, monetary_cost=200, time_cost=30,
           energy_cost=20, psychological_cost=10)  # fmt: skip
MEMBERS = pd.DataFrame({"customer_id": ["A", "B"], "annual_revenue": [2400, 1200], "years_active": [3, 1], "cac": [1500, 1500]})


def _daily() -> pd.DataFrame:
    daily = SUMMARY * [7, 7, 7, 1]
    daily.attrs["unit_days"] = 1.0  # as btyd_summary(time_unit="D") records it
    return daily


def _km():
    return R.kaplan_meier([1, 2, 3, 4], [True, False, True, True])


def _segments():
    from crmlab import rfm

    return rfm.rfm_segments(SCORES)


_SBG_SE = R.SBGFit(alpha=1.0, beta=4.0, loglik=0.0, survivors=(1000.0, 800.0), std_errors=(0.1, 0.2))
_RULE = pd.Series(["A", "A", "B"], index=["a", "b", "c"], name="class")
_TRUTH = pd.Series({"a": "A", "b": "B", "c": "B", "d": "A"})
_STAGES = pd.DataFrame({"stage": ["稳定期", "考察期", "稳定期"]}, index=["a", "b", "c"])
_ENDS = pd.DataFrame({"customer_id": ["a", "b", "c"], "relationship_end": pd.to_datetime(["2025-01-31", None, "2025-09-30"])})
_WARNING = pd.DataFrame({"flagged": [True, False, True]}, index=pd.Index(["a", "b", "c"], name="customer_id"))
_VALUE = pd.DataFrame({"probability_alive": [0.9, 0.2, 0.7], "clv": [30.0, 1.0, 10.0]}, index=[1, 2, 3])
_CAL = pd.DataFrame(
    {"frequency_cal": [5.0, 1.0, 0.0], "recency_cal": [30.0, 2.0, 0.0], "T_cal": [39.0, 39.0, 39.0],
     "monetary_value_cal": [20.0, 5.0, 0.0], "spend_holdout": [10.0, 0.0, 6.0]},
    index=[1, 2, 3],
)  # fmt: skip


_OVERVIEW = pd.DataFrame(
    {"revenue": [100.0, 300.0, 50.0], "predictive_clv": [60.0, 80.0, 5.0], "channel": ["友", "友", "广告"],
     "segment": ["甲", "甲", "乙"], "abc_class": ["A", "B", "C"], "warned": [True, False, False]},
    index=pd.Index(["a", "b", "c"], name="customer_id"),
)  # fmt: skip
_ACTIONS = pd.DataFrame({"segment": ["甲", "乙"], "action": ["维护", "触达"], "cost_per_customer": [10.0, 5.0], "effect": [0.1, 0.1]})


def _CAPSTONE_LOG() -> pd.DataFrame:
    """A small simulated shop: enough repeat buyers for the BG/NBD and Gamma-Gamma fits."""
    from crmlab.datasets import make_transactions

    return make_transactions(n_customers=60, seed=3)


def _km_groups():
    return R.kaplan_meier([1, 2, 2, 3], [True, True, False, False], groups=["x", "y", "x", "y"])


# chapter 9: a campaign of 8 customers (the customers of tx() and five more), basket lines, episodes
def _campaign() -> pd.DataFrame:
    return pd.DataFrame(
        {"customer_id": ["a", "b", "c", "d", "e", "f", "g", "h"], "treated": [True, True, True, True, False, False, False, False],
         "purchased": [True, False, True, False, True, False, False, False], "revenue": [30.0, 0, 20, 0, 25, 0, 0, 0],
         "profit": [9.0, 0, 6, 0, 8, 0, 0, 0]}
    )  # fmt: skip


def _scored() -> pd.DataFrame:
    return pd.DataFrame({"recency_days": [3.0, 90, 30, 200, 10, 120, 60, 300], "frequency": [5.0, 1, 2, 1, 4, 1, 2, 1],
                         "mean_amount": [20.0, 8, 12, 5, 18, 7, 9, 4], "tenure_days": [300.0, 90, 200, 250, 280, 150, 100, 320]},
                        index=list("abcdefgh"))  # fmt: skip


_RESPONSE = [1, 0, 1, 0, 1, 0, 0, 1]
_TREATED = [1, 1, 1, 1, 0, 0, 0, 0]
_LINES = pd.DataFrame({"order_id": ["o1", "o1", "o2", "o3", "o3"], "category": ["茶叶", "茶具", "茶叶", "茶叶", "零食"], "quantity": [1, 1, 2, 1, 1]})
_ORDERS = pd.DataFrame({"order_id": ["o1", "o2", "o3"], "customer_id": ["a", "a", "b"]})
_BASKETS = pd.DataFrame({"茶叶": [True, True, False], "茶具": [True, False, False], "零食": [False, True, True]}, index=list("abc"))
_EPISODES = pd.DataFrame({"first_orders": [1, 2, 5, 6], "first_value": [5.0, 30, 100, 90], "value_per_order": [5.0, 15, 20, 15],
                          "churned": [True, True, True, False], "returned": [False, True, True, False],
                          "first_days": [0, 10, 40, 50], "second_orders": [0, 1, 2, 0], "second_value": [0.0, 10, 40, 0],
                          "second_days": [0, 0, 5, 0]})  # fmt: skip


#: Function -> a valid call (args, kwargs); each case below changes one thing.
BASE = {
    "campaigns.campaign_lift": lambda: ((_campaign(),), {"outcome": "revenue", "treated": "treated", "confidence": 0.9}),
    "campaigns.campaign_lifts": lambda: ((_campaign(),), {"outcomes": ["purchased", "profit"]}),
    "campaigns.true_effect": lambda: ((_campaign().assign(purchased_treated=True, purchased_control=False),), {"outcome": "purchased"}),
    "campaigns.outcome_values": lambda: ((_campaign(), "purchased"), {}),
    "campaigns.before_after": lambda: ((_campaign(), tx()), {"campaign_date": "2024-04-01", "window_days": 60}),
    "campaigns.campaign_value": lambda: ((_campaign(),), {"contact_cost": 1.0, "coupon_value": 5.0}),
    "targeting.campaign_features": lambda: ((tx(),), {"as_of": "2024-12-31"}),
    "targeting.split_customers": lambda: ((list("abcdefgh"),), {"test_share": 0.25, "seed": 3}),
    "targeting.fit_response_model": lambda: ((_scored(), _RESPONSE), {}),
    "targeting.gains_table": lambda: ((_RESPONSE, [0.9, 0.1, 0.8, 0.3, 0.7, 0.2, 0.4, 0.6]), {"bins": 4}),
    "targeting.mailing_depth": lambda: ((_RESPONSE, [0.9, 0.1, 0.8, 0.3, 0.7, 0.2, 0.4, 0.6]), {"value_per_response": 10.0, "cost_per_contact": 3.0}),
    "targeting.with_features": lambda: ((pd.DataFrame({"customer_id": ["a", "b", "c"], "treated": [True, False, True]}), tx()), {"as_of": "2024-12-31"}),
    "targeting.groups": lambda: ((_campaign(),), {"treated": "treated"}),
    "targeting.top_customers": lambda: ((_scored(), [0.9, 0.1, 0.8, 0.3, 0.7, 0.2, 0.4, 0.6]), {"share": 0.5}),
    "uplift.fit_uplift_model": lambda: ((pd.concat([_scored(), _scored()]), _RESPONSE + [0, 1, 0, 0, 1, 1, 0, 0], _TREATED * 2), {}),
    "uplift.uplift_by_decile": lambda: ((_RESPONSE, _TREATED, [0.9, 0.1, 0.8, 0.3, 0.7, 0.2, 0.4, 0.6]), {"bins": 2}),
    "uplift.qini_curve": lambda: ((_RESPONSE, _TREATED, [0.9, 0.1, 0.8, 0.3, 0.7, 0.2, 0.4, 0.6]), {}),
    "uplift.qini_area": lambda: ((resolve("uplift.qini_curve")(_RESPONSE, _TREATED, [0.9, 0.1, 0.8, 0.3, 0.7, 0.2, 0.4, 0.6]),), {}),
    "winback.lifetime_episodes": lambda: ((tx(),), {"gap_days": 30, "as_of": "2024-12-31"}),
    "winback.winback_rate": lambda: ((_EPISODES.copy(),), {}),
    "winback.winback_summary": lambda: ((_EPISODES.copy(),), {}),
    "winback.second_lifetime": lambda: ((_EPISODES.copy(),), {}),
    "winback.winback_priorities": lambda: ((_EPISODES.copy(),), {"by": "value_per_order", "edges": [0, 10], "offer_cost": 2.0}),
    "association.baskets": lambda: ((_LINES.copy(), _ORDERS.copy()), {"level": "customer"}),
    "association.pair_rules": lambda: ((_BASKETS.copy(),), {"min_support": 0.1}),
    "association.next_best_offer": lambda: ((_BASKETS.copy(), resolve("association.pair_rules")(_BASKETS)), {"by": "lift"}),
    "association.category_breadth": lambda: ((_BASKETS.copy(), pd.Series({"a": 9.0, "b": 3.0, "c": 1.0})), {}),
    "datasets.write_campaign_tables": None,  # writes files: covered by test_campaigns.py with a tmp_path
    "datasets.load_campaign": lambda: ((), {}),
    "datasets.load_basket_lines": lambda: ((), {}),
    "datasets.lifecycle_strategy_notes": lambda: ((), {}),

    "customers.customer_totals": lambda: ((tx(),), {}),
    "customers.monthly_activity": lambda: ((tx(),), {}),
    "customers.pareto_table": lambda: ((VALUES.copy(),), {}),
    "customers.abc_classes": lambda: ((VALUES.copy(),), {}),
    "customers.class_summary": lambda: ((resolve("customers.abc_classes")(VALUES),), {}),
    "customers.lorenz_curve": lambda: ((VALUES.copy(),), {}),
    "customers.gini": lambda: ((VALUES.copy(),), {}),
    "customers.top_share": lambda: ((VALUES.copy(),), {}),
    "customers.value_tiers": lambda: ((VALUES.copy(),), {}),
    "customers.customer_profile": lambda: ((tx(), people()), {"as_of": "2024-12-31"}),
    "customers.loyalty_classes": lambda: ((tx(), people()), {"as_of": "2024-12-31"}),
    "customers.customer_states": lambda: ((tx(), people()), {"as_of": "2024-12-31"}),
    "customers.state_transitions": lambda: ((tx(), people()), {"start": "2024-03-31", "end": "2024-12-31"}),
    "customers.value_ability_types": lambda: (
        (pd.DataFrame({"price_sensitivity": [5, 1], "novelty_seeking": [5, 1], "brand_attention": [1, 5]}),),
        {},
    ),
    "value.delivered_value": lambda: (
        (),
        dict(product_value=5, service_value=3, personnel_value=2, image_value=1, monetary_cost=4, time_cost=1, energy_cost=1,
             psychological_cost=1),
    ),  # fmt: skip
    "value.break_even": lambda: (("product_value", dict(CUP)), {}),
    "rfm.rfm_table": lambda: ((tx(),), {}),
    "rfm.rfm_scores": lambda: ((resolve("rfm.rfm_table")(tx()),), {"bins": 2}),
    "rfm.segment_rules": lambda: ((), {}),
    "rfm.rfm_segments": lambda: ((SCORES.copy(),), {}),
    "rfm.segment_profile": lambda: ((_segments(),), {}),
    "rfm.rf_grid": lambda: ((SCORES.copy(),), {}),
    "lifecycle.lifecycle_curve": lambda: ((), {}),
    "lifecycle.pattern_curve": lambda: (("长久保持",), {}),
    "lifecycle.period_series": lambda: ((tx(),), {"as_of": "2024-12-31"}),
    "lifecycle.smooth_series": lambda: ((pd.DataFrame([[3.0, 0.0, 3.0, 6.0]]),), {"window": 2}),
    "lifecycle.lifecycle_stages": lambda: ((tx(),), {"as_of": "2024-12-31"}),
    "lifecycle.lifecycle_patterns": lambda: ((tx(),), {"as_of": "2024-12-31"}),
    "lifecycle.win_backs": lambda: ((tx(),), {}),
    "lifecycle.journey_funnel": lambda: ((people(), tx(), channels()), {"as_of": "2024-12-31"}),
    "lifecycle.channel_kpis": lambda: ((people(), tx(), channels()), {"as_of": "2024-12-31"}),
    "lifecycle.nps": lambda: (([10, 9, 3],), {}),
    "lifecycle.csat": lambda: (([5, 4, 2],), {}),
    "lifecycle.churn_warning": lambda: ((tx(),), {"as_of": "2024-12-31"}),
    "lifecycle.visit_schedule": lambda: ((), {}),
    "lifecycle.simulate_visits": lambda: ((), {"seed": 1}),
    "retention.cohort_table": lambda: ((tx(),), {}),
    "retention.retention_curve": lambda: (
        (pd.DataFrame({"size": [100, 300], 0: [1.0, 1.0], 1: [0.5, 0.3], 2: [0.4, np.nan]}),),
        {},
    ),
    "retention.customer_lifetimes": lambda: ((tx(),), {"as_of": "2024-12-31"}),
    "retention.life_table": lambda: (([1.0, 2.0, 2.5, 4.0], [True, False, True, True]), {}),
    "retention.kaplan_meier": lambda: (([1, 2, 3, 4], [True, False, True, True]), {}),
    "retention.survival_quantile": lambda: ((_km(),), {}),
    "retention.fit_sbg": lambda: (([1000, 800, 650, 550],), {}),
    "retention.simulate_sbg": lambda: ((), dict(alpha=1.0, beta=4.0, n_customers=100, periods=3, seed=1)),
    "retention.sbg_current_value": lambda: ((SBG,), dict(annual_profit=1440, renewals=0, discount_rate=0.1, horizon=1)),
    "clv.clv_breakdown": lambda: ((), dict(CLV_BASE)),
    "clv.discounted_lifetime": lambda: ((), dict(churn_rate=0.2, discount_rate=0.1)),
    "clv.expected_lifetime": lambda: ((), dict(churn_rate=0.2)),
    "clv.textbook_walk": lambda: ((), dict(CLV_BASE)),
    "clv.compare_with_textbook": lambda: (
        (resolve("clv.clv_breakdown")(**CLV_BASE), resolve("clv.textbook_walk")(**CLV_BASE)),
        {},
    ),
    "clv.clv_cac_ratio": lambda: ((), dict(clv=8865, cac=2500)),
    "clv.payback_period": lambda: ((), dict(cac=1800, annual_revenue=2400, margin=0.6)),
    "clv.sensitivity_table": lambda: ((dict(CLV_BASE),), dict(factor="churn_rate", values=[0.1, 0.2])),
    "clv.tornado_table": lambda: ((dict(CLV_BASE),), dict(factors=["churn_rate", "annual_revenue"])),
    "clv.clv_table": lambda: ((MEMBERS.copy(),), dict(margin=0.6, churn_rate=0.2, discount_rate=0.1)),
    "clv.clv_segments": lambda: ((pd.DataFrame({"current": [3000, 500, 2500, 400], "potential": [1500, 1200, 100, 50]}),), {}),
    "clv.clv_analysis": lambda: ((MEMBERS.copy(),), dict(margin=0.6, churn_rate=0.2, discount_rate=0.1)),
    "btyd.btyd_summary": lambda: ((tx(),), {}),
    "btyd.calibration_holdout": lambda: ((tx(),), {"calibration_end": "2024-03-01"}),
    "btyd.bgnbd_loglik": lambda: ((), dict(r=0.25, alpha=4.0, a=0.8, b=2.5, frequency=[2, 0], recency=[30, 0], T=[39, 20])),
    "btyd.fit_bgnbd": lambda: (([2, 0, 5, 1, 0, 3], [30, 0, 38, 10, 0, 20], [39, 20, 39, 39, 30, 39]), {}),
    "btyd.simulate_bgnbd": lambda: ((), dict(r=0.25, alpha=4.0, a=0.8, b=2.5, T=39, n_customers=5, seed=1)),
    "btyd.gamma_gamma_loglik": lambda: ((), dict(p=1, q=2, gamma=1, frequency=[1, 2], monetary_value=[1.0, 3.0])),
    "btyd.fit_gamma_gamma": lambda: (([1, 2, 3, 1, 4], [10.0, 12.0, 9.0, 30.0, 11.0]), {}),
    "btyd.simulate_gamma_gamma": lambda: ((), dict(p=6.0, q=4.0, gamma=15.0, frequency=[1, 2], seed=1)),
    "btyd.spend_frequency_correlation": lambda: (([1, 2, 3], [10.0, 12.0, 9.0]), {}),
    "btyd.customer_lifetime_value": lambda: (
        (SUMMARY.copy(),),
        dict(bgnbd=BG, gamma_gamma=GG, time_unit="W", horizon=1, discount_rate=0.1),
    ),
    "btyd.customer_forecast": lambda: ((BG,), dict(frequency=2, recency=30, T=39, t=10)),
    "btyd.run_rate_forecast": lambda: (([2], [30], [40], [25.0]), dict(duration=39)),
    "btyd.simple_clv": lambda: ((SUMMARY.copy(),), dict(time_unit="W", churn_rate=0.2, discount_rate=0.1)),
    "btyd.compare_forecasts": lambda: (([0, 10, 20], {"a": [0, 10, 20], "b": [5, 5, 5]}), {}),
    "btyd.segment_comparison": lambda: (
        (pd.Series(["A", "B", "A"], index=[1, 2, 3]), pd.DataFrame({"clv": [10.0, 2.0, 20.0]}, index=[1, 2, 3])),
        {},
    ),
    "btyd.frequency_histogram": lambda: ((BG, [0, 1, 3], [39, 39, 39]), dict(max_frequency=2)),
    "btyd.holdout_by_frequency": lambda: ((BG, HOLDOUT.copy()), dict(max_frequency=2)),
    "btyd.tracking_table": lambda: ((tx(), BG), dict(time_unit="W", calibration_end="2024-03-01")),
    "btyd.tracking_totals": lambda: (
        (pd.DataFrame({"actual": [10, 20], "expected": [11.0, 15.0], "calibration": [True, False]}),),
        {},
    ),
    "btyd.frequency_recency_matrix": lambda: ((BG,), dict(T=39, kind="alive", max_frequency=3, recency_points=4)),
    "datasets.data_path": lambda: (("course_map.csv",), {}),
    "datasets.course_map": lambda: ((), {}),
    "datasets.zhangsan": lambda: ((), {}),
    "datasets.zhangsan_case": lambda: ((), {}),
    "datasets.zhangsan_printed": lambda: ((), {}),
    "datasets.streamnow_members": lambda: ((), {}),
    "datasets.make_course_shop": lambda: ((), dict(n_customers=5, n_prospects=2, seed=1)),
    "datasets.make_transactions": lambda: ((), dict(n_customers=5, seed=1)),
    "datasets.write_course_shop": None,  # writes files: covered by test_datasets.py with a tmp_path
    "datasets.load_course_shop": None,  # no arguments; loads the committed files (test_datasets.py)
    "datasets.load_cdnow": lambda: (("sample",), {}),
    "datasets.load_cdnow_summary": None,  # no arguments (test_datasets.py)
    "datasets.describe_transactions": lambda: ((tx(),), {}),
    "datasets.customer_classes": lambda: ((), {}),
    "datasets.value_types": lambda: ((), {}),
    "datasets.value_type_cases": lambda: ((), {}),
    "datasets.xiaolin_cup": lambda: ((), {}),
    "datasets.xiaolin_case": lambda: ((), {}),
    "datasets.rfm_segment_notes": lambda: ((), {}),
    "datasets.rfm_strategies": lambda: (("eight",), {}),
    "datasets.fader_hardie_2007": lambda: ((), {}),
    "datasets.btyd_published": lambda: ((), {}),
    "datasets.streamnow_cohort": lambda: ((), {}),
    "datasets.lifecycle_stage_notes": lambda: ((), {}),
    "datasets.lifecycle_pattern_notes": lambda: ((), {}),
    "datasets.journey_stage_notes": lambda: ((), {}),
    # chapter helpers (tables a notebook prints next to the main analysis)
    "customers.rule_vs_truth": lambda: ((_RULE.copy(), _TRUTH.copy()), {"among": ["a", "b"]}),
    "customers.concentration": lambda: ((VALUES.copy(),), {"top": 0.2}),
    "customers.typology_rules": lambda: ((), {}),
    "customers.tier_comparison": lambda: (({"shares": resolve("customers.value_tiers")(VALUES)},), {"by": "tier"}),
    "value.stacked_measures": lambda: ((dict(CUP), {"now": {}, "cheaper": {"monetary_cost": 180}}), {}),
    "rfm.segment_outcome": lambda: ((_segments(), tx()), {"after": "2024-03-01", "until": "2024-12-31"}),
    "rfm.segment_crosstab": lambda: ((_segments(), pd.Series({"a": "A", "b": "C", "c": "C"})), {}),
    "rfm.score_counts": lambda: ((SCORES.copy(),), {"score": "f_score"}),
    "lifecycle.first_warnings": lambda: ((tx(),), {"end": "2024-12-31", "since": "2024-03-01"}),
    "lifecycle.warning_follow_up": lambda: ((_WARNING.copy(), tx()), {"as_of": "2024-03-01"}),
    "lifecycle.stage_examples": lambda: ((_STAGES.copy(),), {"truth": pd.Series({"a": "考察期", "b": "稳定期", "c": "稳定期"})}),
    "lifecycle.ended_before": lambda: ((_ENDS.copy(),), {"date": "2025-06-30"}),
    "retention.lifetime_summary": lambda: ((pd.DataFrame({"duration_months": [2.0, 4.0, 30.0], "churned": [True, True, False]}),), {}),
    "retention.split_groups": lambda: ((_km_groups(),), {"groups": ["x"]}),
    "retention.select_groups": lambda: ((_km_groups(),), {"groups": ["y", "x"]}),
    "retention.compare_fits": lambda: (({"A": _SBG_SE, "B": R.SBGFit(alpha=2.0, beta=3.0, loglik=0.0, survivors=(100.0, 70.0), std_errors=(0.3, 0.5))},), {}),
    "retention.renewal_note": lambda: ((SBG,), {"periods": 3}),
    "retention.churn_model_comparison": lambda: ((SBG, dict(CLV_BASE)), dict(annual_profit=1440, renewals=0, horizons=(1, None))),
    "clv.parameter_table": lambda: ((dict(CLV_BASE),), {}),
    "clv.compare_results": lambda: (
        ({"a": resolve("clv.clv_breakdown")(**CLV_BASE), "b": resolve("clv.clv_breakdown")(**{**CLV_BASE, "margin": 0.3})},),
        {"parts": ("current", "total")},
    ),
    "btyd.matches_published": lambda: ((SUMMARY.copy(), SUMMARY.iloc[::-1].round(2)), {"decimals": 2}),
    "btyd.published_comparison": lambda: ((B.BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=3, std_errors=(0.1, 0.2, 0.3, 0.4)),), {}),
    "btyd.holdout_by_segment": lambda: (
        (pd.Series(["A", "B", "A"], index=[1, 2, 3]), _VALUE.copy(), _VALUE[["clv"]] / 3, _CAL.copy()),
        {},
    ),
    "btyd.largest_gaps": lambda: ((_CAL.copy(), _VALUE[["clv"]] * 2, _VALUE.copy()), {"n": 2}),
    "btyd.customer_forecasts": lambda: ((BG, SUMMARY.copy(), ["a", "c"]), {"t": 10}),
    "btyd.top_customers": lambda: ((SUMMARY.copy(), _VALUE.set_axis(SUMMARY.index)), {"n": 2}),
    "btyd.rfm_side_by_side": lambda: (
        (pd.DataFrame({"recency": [3, 40, 9], "frequency": [4, 1, 2], "monetary": [90.0, 20.0, 35.0]}, index=SUMMARY.index),
         SUMMARY.copy(), ["a", "c"]),
        {},
    ),
    "datasets.compare_transactions": lambda: (({"all": tx(), "first rows": tx().iloc[:3]},), {}),
    # chapter 1: CRM and positioning
    "datasets.write_shop_crm": None,  # writes files: covered by test_positioning.py with a tmp_path
    "datasets.load_shop_crm": None,  # no arguments; loads the committed files (test_positioning.py)
    "datasets.crm_reference": lambda: (("models",), {}),
    "idic.normalise_ids": lambda: ((["C00001", "c1", ""],), {"prefix": "C", "width": 5}),
    "idic.identification_summary": lambda: ((["C00001", "c1", ""],), {"known": ["C00001"], "truth": ["C00001", "C00001", "C00002"]}),
    "idic.contact_summary": lambda: ((pd.DataFrame({"channel": ["邮件", "短信", "邮件"]}),), {"by": "channel", "only": {"channel": "邮件"}}),
    "idic.contacts_per_customer": lambda: ((pd.DataFrame({"customer_id": ["a", "a", None], "direction": ["呼入", "呼出", "呼入"]}),),
                                           {"only": {"direction": "呼入"}}),
    "idic.contact_rates": lambda: (
        (pd.DataFrame({"customer_id": ["a", "b", "a"], "direction": ["呼入", "呼出", "呼入"], "topic": ["投诉", "营销推荐", "咨询"]}),
         _LABELS.copy()),
        {},
    ),
    "positioning.truth_table": lambda: ((_LABELS.copy(), pd.Series(list("AABBAB"), index=list("abcdef"), name="value_type")), {}),
    "crm_models.ladder_summary": lambda: ((pd.DataFrame({"customer_id": list("ab"), "rung": ["潜在客户", "倡导者"]}), pd.Series({"b": 3.0})), {}),
    "idic.value_by_segment": lambda: ((_LABELS.copy(), pd.DataFrame({"customer_id": list("abcdef"), "tier": ["高价值"] * 2 + ["低价值"] * 4})), {}),
    "idic.assign_offers": lambda: ((_LABELS.copy(),), {}),
    "positioning.needs_segments": lambda: ((_NEEDS.copy(),), {"k": 2, "seed": 0}),
    "positioning.choose_k": lambda: ((_NEEDS.copy(),), {"ks": [2, 3], "seed": 0}),
    "positioning.agreement": lambda: ((_LABELS.set_index("customer_id")["segment"], pd.Series(list("AABBAB"), index=list("abcdef"))), {}),
    "positioning.segment_profile": lambda: (
        (_LABELS.copy(), pd.Series({"a": 10.0, "b": 5.0, "e": 1.0}), _NEEDS.assign(csat=[5, 4, 3, 2, 1, 5], nps=[10, 9, 0, 5, 7, 8])),
        {},
    ),
    "positioning.choose_targets": lambda: (
        (pd.DataFrame({"size": [4.0, 2.0], "share": [2 / 3, 1 / 3], "mean_profit": [3.0, 9.0]}, index=["重价格", "重品牌"]),),
        {"min_share": 0.2, "min_value": 1.0},
    ),
    "positioning.target_group_funnel": lambda: ((_PROFILES.copy(),), {"price": 199, "min_trust": 4, "min_appeal": 4}),
    "crm_models.engagement_scores": lambda: ((_PROFILES.copy(), pd.Series({"a": 2, "b": 1})), {"among": ["a", "b"], "value": pd.Series({"a": 5.0})}),
    "crm_models.relationship_ladder": lambda: ((pd.Series({"a": 1, "b": 3, "c": 2}), _PROFILES.copy()), {}),
    "crm_models.relationship_quality": lambda: (
        (pd.DataFrame({"interaction": [3.0, 0.0, 20.0], "trust": [4, 1, 5], "satisfaction": [5, 2, 3]}),),
        {"interaction_cap": 12.0},
    ),
    "crm_models.experience_profile": lambda: ((_PROFILES.copy(),), {}),
    "crm_basics.incremental_value": lambda: ((_PILOT.copy(), _LABELS.assign(segment="甲")), {"cost": 15.0}),
    "crm_basics.rank_stability": lambda: ((tx(),), {"first": 2024, "second": 2024, "top": 0.5, "value": "profit"}),
    "crm_basics.lifecycle_phases": lambda: ((pd.Series([None, "考察期", "稳定期", "已流失"], index=list("abcd")),), {}),
    "crm_models.relationship_parts": lambda: (
        (pd.DataFrame({"customer_id": ["a", "a", "c"]}), _PROFILES.copy(), _NEEDS.assign(csat=[5, 4, 3, 2, 1, 5]), tx()),
        {"as_of": "2024-12-31", "churn_days": 180},
    ),
    "crm_models.band_summary": lambda: ((pd.Series([10.0, 50.0, 90.0]), pd.Series([True, False, False])), {}),
    # appendix B
    "distributions.distribution": lambda: (("nbd",), {"r": 0.25, "alpha": 4.0, "t": 39}),
    "distributions.churn_likelihood": lambda: (([10, 7, 5, 4],), {}),
    # chapter 12, the capstone
    "datasets.load_capstone": None,  # no arguments; loads the committed files (test_datasets.py, test_capstone.py)
    "datasets.write_capstone": None,  # writes files: covered by test_capstone.py with a tmp_path
    "capstone.data_check": lambda: ((tx(currency=["人民币"] * 6),), {"currency": "currency", "outlier_factor": 30.0}),
    "capstone.clean_log": lambda: (
        (tx(currency=["人民币"] * 5 + ["美元"]),), {"currency": "currency", "exchange_rates": {"美元": 7.1}, "outlier_factor": 30.0}
    ),
    "capstone.gross_margin": lambda: ((tx(),), {}),
    "capstone.yearly_churn": lambda: ((tx(),), {"as_of": "2025-01-31"}),
    "capstone.clv_side_by_side": lambda: ((_CAPSTONE_LOG(),), dict(as_of="2024-12-31", margin=0.3, churn_rate=0.4, discount_rate=0.1, horizon=2)),
    "capstone.campaign_by_segment": lambda: (
        (pd.DataFrame({"customer_id": [f"c{i}" for i in range(24)], "treated": [True, False] * 12, "revenue": [5.0, 1.0, 4.0, 0.0] * 6}),
         pd.Series(["甲"] * 24, index=[f"c{i}" for i in range(24)])),
        {},
    ),
    "capstone.customer_overview": lambda: ((tx(),), {"as_of": "2024-12-31", "people": people()}),
    "capstone.channel_value": lambda: ((_OVERVIEW.copy(), pd.DataFrame({"channel": ["友", "广告"], "cac": [30.0, 75.0]})), {"margin": 0.3}),
    "capstone.default_actions": lambda: ((), {}),
    "capstone.strategy_table": lambda: ((_OVERVIEW.copy(), _ACTIONS.copy()), {"total_budget": 100.0, "cost_factor": 1.0, "effect_factor": 1.0}),
    "capstone.key_figures": lambda: ((_OVERVIEW.copy(), resolve("capstone.strategy_table")(_OVERVIEW, _ACTIONS)), {}),
    "report.write_report": None,  # writes files: covered by test_report.py with a tmp_path
}

@functools.lru_cache(maxsize=1)
def _small_operator():
    from crmlab.datasets import make_operator

    return make_operator(n_subscribers=400, seed=7)


def _op() -> tuple[pd.DataFrame, pd.DataFrame]:
    op = _small_operator()
    return op.subscribers.copy(), op.monthly.copy()


_OP_BASE = dict(arpu=90.0, margin=0.6, service_cost=5.0, acquisition_cost=150.0)
_SCORES = ([0.9, 0.8, 0.3, 0.1, 0.5, 0.2], [True, False, True, False, False, True])

# the mobile-operator case (chapter 11)
BASE.update({
    "telecom.churn_reasons": lambda: ((_op()[0],), {"by": "branch"}),
    "telecom.segment_life_table": lambda: ((_op()[0],), {"by": "segment", "width": 3}),
    "telecom.tenure_forecast": lambda: ((_op()[0],), {"by": "plan", "months": 24}),
    "telecom.stage_revenue": lambda: (_op(), {"by": "branch"}),
    "telecom.health_scores": lambda: (_op(), {"by": "segment", "weights": {"value_index": 2.0, "retention_index": 1.0}}),
    "telecom.monthly_hazards": lambda: ((_op()[0],), {"months": 24}),
    "telecom.subscriber_value": lambda: (([0.0, 0.1, 0.1],), dict(_OP_BASE, cross_sell_rate=0.1, churn_change=-0.1)),
    "telecom.case_economics": lambda: (_op(), {"base_service_cost": 4.0, "cost_per_call": 5.0}),
    "telecom.optimisation_table": lambda: (([0.0, 0.1, 0.1], dict(_OP_BASE)), {"change": 0.1}),
    "churn_model.churn_features": lambda: (_op(), {"as_of": "2024-12", "months_ahead": 3}),
    "churn_model.auc": lambda: (_SCORES, {}),
    "churn_model.top_share_precision": lambda: (_SCORES, {"share": 0.5}),
    "churn_model.decile_table": lambda: (_SCORES, {"bins": 3}),
    "churn_model.churn_warning_model": lambda: (_op(), {"train_month": "2024-06", "test_month": "2025-06", "months_ahead": 3}),
    "cltv.cltv_function": lambda: ((), dict(pgs=2400, cs=960, cm=100, mpa=2400, horizon=5, retention_rate=0.8, discount_rate=0.1,
                                            nca=0.5, pe=1.0, price_effect=1.0, referral_cost=500, endorsement_value=20)),
    "cltv.compare_with_clv": lambda: ((dict(CLV_BASE, referrals_per_year=0.5),), {"cm": 50.0, "mpa": 2600.0}),
    "datasets.make_operator": lambda: ((), {"n_subscribers": 20, "seed": 1}),
    "datasets.write_operator": None,  # writes files: covered by test_telecom.py with a tmp_path
    "datasets.load_operator": None,  # no arguments (test_telecom.py)
    "datasets.operator_models": lambda: ((), {}),
})  # fmt: skip


def operator_cases() -> list:
    """Hostile subscriber and monthly tables for the operator case."""
    c = []

    def subs(**changes):
        return lambda: ((_op()[0].assign(**changes),), {})

    for qualified in ("telecom.segment_life_table", "telecom.tenure_forecast", "telecom.monthly_hazards"):
        c.append((f"{qualified}-NaN tenure", qualified, subs(tenure_months=np.nan), "durations"))
        c.append((f"{qualified}-churned maybe", qualified, subs(churned="maybe"), "churned"))
        c.append((f"{qualified}-list", qualified, lambda: (([1, 2],), {}), "subscribers"))
        c.append((f"{qualified}-no churned column", qualified, lambda: ((_op()[0].drop(columns="churned"),), {}), "churned"))
    c.append(("telecom.stage_revenue-unknown subscriber", "telecom.stage_revenue",
              lambda: ((_op()[0].iloc[1:], _op()[1]), {}), "monthly"))  # fmt: skip
    c.append(("telecom.health_scores-monthly list", "telecom.health_scores", lambda: ((_op()[0], [1]), {}), "monthly"))
    c.append(("telecom.churn_reasons-no reason", "telecom.churn_reasons",
              lambda: ((_op()[0].assign(churn_reason=None),), {}), "churn_month"))  # fmt: skip
    c.append(("telecom.subscriber_value-hazards text", "telecom.subscriber_value",
              lambda: (("0.1",), dict(_OP_BASE)), "hazards"))  # fmt: skip
    c.append(("telecom.subscriber_value-hazards NaN", "telecom.subscriber_value",
              lambda: (([0.0, np.nan],), dict(_OP_BASE)), "hazards"))  # fmt: skip
    c.append(("telecom.optimisation_table-base list", "telecom.optimisation_table", lambda: (([0.0, 0.1], [1]), {}), "base"))
    c.append(("telecom.optimisation_table-base unknown", "telecom.optimisation_table",
              lambda: (([0.0, 0.1], dict(_OP_BASE, price=1)), {}), "base"))  # fmt: skip
    c.append(("churn_model.churn_features-month unknown", "churn_model.churn_features",
              lambda: (_op(), {"as_of": "2030-01"}), "as_of"))  # fmt: skip
    c.append(("churn_model.auc-lengths", "churn_model.auc", lambda: (([0.1, 0.2], [True]), {}), "labels"))
    c.append(("churn_model.auc-NaN scores", "churn_model.auc", lambda: (([np.nan, 0.2], [True, False]), {}), "scores"))
    c.append(("churn_model.decile_table-more bins than rows", "churn_model.decile_table",
              lambda: (_SCORES, {"bins": 50}), "bins"))  # fmt: skip
    c.append(("cltv.compare_with_clv-params list", "cltv.compare_with_clv", lambda: (([1],), {}), "params"))
    return c

_LABELS = pd.DataFrame({"customer_id": list("abcdef"), "segment": ["重价格"] * 4 + ["重品牌"] * 2})
_NEEDS = pd.DataFrame({"customer_id": list("abcdef"), "price_sensitivity": [5, 4, 5, 1, 2, 1], "novelty_seeking": [1, 2, 1, 5, 4, 5],
                       "brand_attention": [2, 2, 3, 4, 4, 5]})  # fmt: skip
_PROFILES = pd.DataFrame({
    "customer_id": ["a", "b", "c"], "needs_fit": [True, True, False], "budget": [300, 100, 250], "trust": [5, 3, 4],
    "appeal": [4, 5, 2], "urgent": [True, False, True], "preordered": [True, False, False], "reviews": [2, 0, 1],
    "community": [True, False, False], "referrals": [1, 0, 0], "exp_browse": [4.0, 3.0, np.nan],
    "exp_checkout": [4.0, 4.0, np.nan], "exp_delivery": [2.0, 3.0, np.nan], "exp_service": [3.0, 5.0, np.nan],
})  # fmt: skip
_PILOT = pd.DataFrame({"customer_id": list("abcdef"), "group": ["回访", "回访", "回访", "对照", "对照", "对照"],
                       "pilot_profit": [30.0, 0.0, 45.0, 10.0, 0.0, 20.0]})  # fmt: skip

#: Result columns whose NaN is documented (e.g. a rate of the first funnel stage, which has no stage before it).
DOCUMENTED_NAN = {
    "lifecycle.journey_funnel": {"rate"},  # the first stage has no stage before it
    "btyd.tracking_totals": {"error"},  # a period without purchases
    "btyd.compare_forecasts": {"correlation", "total_error"},  # a constant forecast; no purchases
    "retention.cohort_table": {"*"},  # ages a cohort has not reached yet
    "lifecycle.period_series": {"*"},
    "lifecycle.smooth_series": {"*"},  # NaN kept where period_series has NaN  # periods before a customer's first purchase or after as_of
    "rfm.rf_grid": {"*"},  # cells without customers
    "rfm.segment_profile": {"mean_recency", "mean_frequency", "mean_monetary"},  # segments without customers
    "clv.clv_analysis": {"mean_ratio", "mean_total"},  # segments without customers
    "btyd.frequency_recency_matrix": {"*"},  # frequency 0 with recency > 0 cannot occur
    "lifecycle.channel_kpis": {"cac", "value_to_cac", "lead_rate", "conversion"},  # a channel without customers (attrs["no_customers"])
    "rfm.segment_outcome": {"mean_recency", "mean_frequency", "mean_monetary"},  # as segment_profile
    "lifecycle.first_warnings": {"days_after"},  # a customer never flagged
}

# chapter 7 (satisfaction and loyalty): crmlab.satisfaction, crmlab.loyalty, crmlab.retention_lift
CORE += ["satisfaction", "loyalty", "retention_lift"]
_RATINGS = pd.DataFrame({"customer_id": [1, 1, 2, 2, 3, 3, 4, 4], "attribute": ["质量", "价格"] * 4,
                         "importance": [5, 4, 4, 3, 5, 5, 3, 4], "performance": [4, 2, 5, 3, 2, 2, 3, 5]})  # fmt: skip
_OVERALL = pd.Series({1: 3.5, 2: 4.0, 3: 2.5, 4: 4.0})
_SURVEY = pd.DataFrame({"customer_id": ["a", "b", "c"], "survey_date": ["2024-01-01", "2024-01-10", "2024-01-20"],
                        "csat": [5, 2, 4], "nps": [9, 3, 8]})  # fmt: skip
_FOLLOWUP = pd.DataFrame({"csat": [5, 4, 2, 1], "nps": [9, 9, 3, 2], "orders_after": [3, 2, 1, 0],
                          "spend_after": [30.0, 20.0, 10.0, 0.0], "active_after": [True, True, True, False]},
                         index=["a", "b", "c", "d"])  # fmt: skip
_PURCHASES = pd.DataFrame({"customer_id": [1, 1, 2, 3], "firm": ["甲", "乙", "乙", "甲"], "amount": [80.0, 20.0, 50.0, 50.0]})


def _fit():
    return resolve("satisfaction.derived_weights")(_RATINGS.copy(), _OVERALL.copy())


BASE.update({
    "satisfaction.attribute_scores": lambda: ((_RATINGS.copy(),), {}),
    "satisfaction.stated_weights": lambda: ((_RATINGS.copy(),), {}),
    "satisfaction.derived_weights": lambda: ((_RATINGS.copy(), _OVERALL.copy()), {}),
    "satisfaction.weight_comparison": lambda: ((pd.Series({"质量": 0.5, "价格": 0.5}), pd.Series({"质量": 0.7, "价格": 0.3})), {}),
    "satisfaction.weight_error": lambda: ((pd.Series({"质量": 0.7, "价格": 0.3}), pd.Series({"质量": 0.75, "价格": 0.25})), {}),
    "satisfaction.satisfaction_index": lambda: ((_RATINGS.copy(), pd.Series({"质量": 2.0, "价格": 1.0})), {}),
    "satisfaction.importance_performance": lambda: ((_RATINGS.copy(),), {"weights": pd.Series({"质量": 2.0, "价格": 1.0})}),
    "satisfaction.improvement_priorities": lambda: ((_RATINGS.copy(), _fit()), {"gain": 0.5, "value_per_point": 100.0}),
    "loyalty.survey_followup": lambda: ((tx(), _SURVEY.copy()), {"as_of": "2024-12-31", "days": 30}),
    "loyalty.satisfaction_link": lambda: ((_FOLLOWUP.copy(),), {"by": "csat"}),
    "loyalty.link_strength": lambda: ((_FOLLOWUP.copy(),), {"satisfied": 4}),
    "loyalty.stratified_link": lambda: ((_FOLLOWUP.copy(), pd.Series({"a": "x", "b": "y", "c": "x", "d": "y"})), {"satisfied": 4}),
    "loyalty.value_per_point": lambda: ((dict(CLV_BASE),), {"churn_per_point": 0.05, "n_customers": 10}),
    "loyalty.loyalty_programme": lambda: (
        (dict(CLV_BASE),), dict(reward_rate=0.05, cost_per_member=60.0, churn_reduction=0.05, spend_uplift=0.02)),
    "loyalty.wallet_shares": lambda: ((_PURCHASES.copy(),), {}),
    "loyalty.service_profit_chain": lambda: ((), dict(years=3, service_boost=0.3, employee_link=0.5, customer_link=0.5,
                                                      churn_per_point=0.05, churn_rate=0.2, customers=100, new_customers=20,
                                                      annual_profit=1440.0)),
    "retention_lift.retention_lift": lambda: ((dict(CLV_BASE),), {"retention_gain": 0.05, "cac": 500.0}),
    "retention_lift.lift_curve": lambda: ((dict(CLV_BASE),), {"factor": "churn_rate", "values": [0.1, 0.2], "retention_gain": 0.05, "cac": 0.0}),
    "retention_lift.solve_lift": lambda: ((dict(CLV_BASE),), {"target": 0.25, "factor": "cac", "retention_gain": 0.05, "cac": 0.0}),
    "retention_lift.reichheld_table": lambda: ((dict(CLV_BASE),), {"factors": ["cac"], "targets": [0.25], "retention_gain": 0.05}),
    "datasets.make_attribute_ratings": lambda: ((), {"seed": 3}),
    "datasets.write_attribute_ratings": None,  # writes files: covered by tests/test_shop_satisfaction.py with a tmp_path
    "datasets.load_attribute_ratings": None,  # no arguments (tests/test_shop_satisfaction.py)
    "datasets.attribute_weights_truth": None,  # no arguments (tests/test_shop_satisfaction.py)
    "datasets.wallet_panel": lambda: ((), {}),
    "datasets.value_tier_strategies": lambda: ((), {}),
    "satisfaction.satisfaction_by_group": lambda: ((_SURVEY.copy(), pd.Series({"a": "高", "b": "低", "c": "高"})), {"satisfied": 4}),
})  # fmt: skip
DOCUMENTED_NAN["loyalty.stratified_link"] = {"satisfied_active", "unsatisfied_active", "active_difference"}  # a group without satisfied (or unsatisfied) respondents


# ------------------------------------------------------------------ the checks


@contextlib.contextmanager
def time_limit(seconds: int):
    if not hasattr(signal, "SIGALRM"):  # Windows: no alarm; the sizes are small and bounded anyway
        yield
        return

    def handler(signum, frame):
        raise TimeoutError(f"case took longer than {seconds} s (a hang?)")

    old = signal.signal(signal.SIGALRM, handler)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def same(a, b) -> bool:
    if isinstance(a, pd.DataFrame):
        return isinstance(b, pd.DataFrame) and a.shape == b.shape and list(a.columns) == list(b.columns) and a.equals(b)
    if isinstance(a, (pd.Series, pd.Index)):
        return type(a) is type(b) and a.equals(b) and a.dtype == b.dtype
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.shape == b.shape and bool(np.all((a == b) | (pd.isna(a) & pd.isna(b))))
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return type(a) is type(b) and all(same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    try:
        return bool(a == b) or (isinstance(a, float) and math.isnan(a) and math.isnan(b))
    except (TypeError, ValueError):
        return True


def non_finite(result, allowed: set, where: str = "result") -> list[str]:
    """Places in ``result`` holding NaN or inf (numeric columns only; NaT and pd.NA in Int64 are documented gaps)."""
    found = []
    if isinstance(result, pd.DataFrame):
        for column in result.columns:
            values = result[column]
            if column in allowed or "*" in allowed or not pd.api.types.is_float_dtype(values):
                continue
            if not np.isfinite(values.to_numpy(dtype=float)).all():
                found.append(f"{where}[{column!r}]")
    elif isinstance(result, pd.Series):
        if "*" not in allowed and pd.api.types.is_float_dtype(result) and not np.isfinite(result.to_numpy(dtype=float)).all():
            found.append(where)
    elif isinstance(result, np.ndarray):
        if result.dtype.kind == "f" and not np.isfinite(result).all():
            found.append(where)
    elif isinstance(result, float):
        if not math.isfinite(result):
            found.append(where)
    elif isinstance(result, (list, tuple)):
        for i, item in enumerate(result):
            found += non_finite(item, allowed, f"{where}[{i}]")
    elif dataclasses.is_dataclass(result) and not isinstance(result, type):
        for field in dataclasses.fields(result):
            if field.name in ("std_errors",):
                continue
            found += non_finite(getattr(result, field.name), allowed, f"{where}.{field.name}")
    return found


def _copy(value):
    try:
        return copy.deepcopy(value)
    except TypeError:  # e.g. a frozen result holding a mappingproxy: compared by identity instead
        return value


def run_case(qualified: str, args: tuple, kwargs: dict, expect: str | None):
    """``expect``: None -> a result without NaN/inf; a name -> CrmlabInputError naming it."""
    func = resolve(qualified)
    before = (tuple(_copy(a) for a in args), {k: _copy(v) for k, v in kwargs.items()})
    error = None
    with time_limit(TIME_LIMIT):
        try:
            result = func(*args, **kwargs)
        except CrmlabInputError as err:
            error = err
    assert same(before, (args, kwargs)), f"{qualified} modified its input"
    if expect is None:
        assert error is None, f"{qualified} refused a valid input: {error}"
        bad = non_finite(result, DOCUMENTED_NAN.get(qualified, set()))
        assert not bad, f"{qualified} returned NaN or inf in {bad}"
    else:
        assert error is not None, f"{qualified} accepted a bad input (expected an error naming {expect!r})"
        message = str(error)
        assert expect in message or error.parameter == expect, f"{qualified}: the message does not name {expect!r}: {message}"
        assert any("\u4e00" <= ch <= "\u9fff" for ch in error.zh), "the message has a Chinese part"


# ------------------------------------------------------------------ the cases


def with_args(qualified: str, *, position: int | None = None, **changes):
    """Case builder: the valid call with one argument replaced (by position or keyword)."""

    def build():
        args, kwargs = BASE[qualified]()
        args = list(args)
        if position is not None and position < len(args):
            args[position] = changes.pop("value")
        elif position is not None:
            kwargs[list(inspect.signature(resolve(qualified)).parameters)[position]] = changes.pop("value")
        kwargs.update(changes)
        return tuple(args), kwargs

    return build


def first_param(qualified: str) -> str | None:
    params = list(inspect.signature(resolve(qualified)).parameters)
    return params[0] if params else None


def tx_position(qualified: str) -> int | None:
    params = [p for p in inspect.signature(resolve(qualified)).parameters.values() if p.kind == p.POSITIONAL_OR_KEYWORD]
    names = [p.name for p in params]
    return names.index("transactions") if "transactions" in names else None


def _amount_column(qualified: str) -> str | None:
    if qualified in ("lifecycle.channel_kpis",):
        return "profit"
    sig = inspect.signature(resolve(qualified)).parameters
    if "amount" in sig and sig["amount"].default == "amount":
        return "amount"
    if "value" in sig and sig["value"].default == "amount":
        return "amount"
    return None


#: A valid analysis date with a time of day, where 2024-12-31 is not valid for the function.
AS_OF_WITH_TIME = {"capstone.yearly_churn": "2025-01-31 08:00"}  # needs purchases in the year before last
ONE_ROW_NA = pd.array(["a", "a", None, "c", "c", "c"], dtype="string")


def transaction_cases(qualified: str) -> list:
    """Hostile transaction logs, for every function that takes ``transactions``."""
    pos = tx_position(qualified)
    amount = _amount_column(qualified)
    n = 6
    out = [
        ("ids None", tx(customer_id=["a", None, "b", "c", "c", "c"]), "customer_id"),
        ("ids Int64 NA", tx(customer_id=pd.array([1, 1, pd.NA, 3, 3, 3], dtype="Int64")), "customer_id"),
        ("ids NaN", tx(customer_id=[1.0, 1.0, np.nan, 3.0, 3.0, 3.0]), "customer_id"),
        ("ids string NA", tx(customer_id=ONE_ROW_NA), "customer_id"),
        ("ambiguous dates", tx(date=["05/01/2024", "20/11/2024", "2024-02-10", "2024-01-20", "2024-04-02", "2024-06-30"]), "date"),
        ("tz-aware dates", tx(date=pd.to_datetime(tx()["date"]).dt.tz_localize("Asia/Shanghai")), "date"),
        ("mixed offsets", tx(date=["2024-01-05T10:00+08:00", "2024-03-01T10:00+01:00"] + list(tx()["date"][2:])), "date"),
        ("numeric dates", tx(date=[20240105, 20240301, 20240210, 20240120, 20240402, 20240630]), "date"),
        ("bool dates", tx(date=[True] * n), "date"),
        ("unreadable dates", tx(date=["昨天"] + list(tx()["date"][1:])), "date"),
        ("list as frame", tx().to_dict("records"), "transactions"),
        ("empty", tx().iloc[0:0], "transactions"),
        ("duplicate columns", pd.concat([tx(), tx()[["customer_id"]]], axis=1), "customer_id"),
        ("MultiIndex columns", tx().set_axis(pd.MultiIndex.from_product([["x"], list(tx().columns)]), axis=1), "transactions"),
        ("index repeats customer", tx().set_index("customer_id", drop=False), None),
        ("categorical unused", tx(customer_id=pd.Categorical(list("aabccc"), categories=list("abcxyz"))), None),
        ("duplicated rows", pd.concat([tx(), tx().iloc[:2]], ignore_index=True), None),
        ("datetime dates with times", tx(date=pd.to_datetime(tx()["date"]) + pd.Timedelta(hours=23)), None),
        ("year-first slashes", tx(date=["2024/1/5", "2024/3/1", "2024/2/10", "2024/1/20", "2024/4/2", "2024/6/30"]), None),
        ("Int64 amounts", tx(amount=pd.array([10, 20, 5, 7, 8, 9], dtype="Int64"), profit=pd.array([3, 6, 1, 2, 2, 3], dtype="Int64")), None),
    ]
    if amount is not None:
        out += [
            ("bool amounts", tx(**{amount: [True, False, True, True, False, True]}), amount),
            ("complex amounts", tx(**{amount: [1 + 2j] * n}), amount),
            ("datetime amounts", tx(**{amount: pd.to_datetime(tx()["date"])}), amount),
            ("inf amounts", tx(**{amount: [np.inf, 1, 2, 3, 4, 5]}), amount),
            ("NaN amounts", tx(**{amount: [np.nan, 1, 2, 3, 4, 5]}), amount),
            ("1e308 amounts", tx(**{amount: [1e308] * n}), amount),
            ("object bools", tx(**{amount: pd.Series([True, 1.0, 2.0, 3.0, 4.0, 5.0], dtype=object)}), amount),
        ]
    cases = []
    for case_id, frame, expect in out:
        cases.append((f"{qualified}-tx-{case_id}", qualified, with_args(qualified, position=pos, value=frame), expect))
    for col in ("customer", "date"):
        if col in inspect.signature(resolve(qualified)).parameters:
            cases.append((f"{qualified}-tx-{col} list", qualified, with_args(qualified, **{col: [col]}), col))
    if "as_of" in inspect.signature(resolve(qualified)).parameters:
        for case_id, value, expect in [
            ("as_of aware", pd.Timestamp("2024-12-31", tz="UTC"), "as_of"),
            ("as_of number", 20241231, "as_of"),
            ("as_of ambiguous", "05/01/2024", "as_of"),
            ("as_of text", "去年", "as_of"),
            ("as_of with time", AS_OF_WITH_TIME.get(qualified, "2024-12-31 08:00"), None),
        ]:
            cases.append((f"{qualified}-tx-{case_id}", qualified, with_args(qualified, as_of=value), expect))
    return cases


def value_cases(qualified: str) -> list:
    """Hostile customer values, for the Pareto functions that take ``values``."""
    out = [
        ("bool", pd.Series([True, False, True]), "values"),
        ("complex", pd.Series([1 + 1j, 2 + 0j]), "values"),
        ("datetime", pd.Series(pd.to_datetime(["2024-01-01", "2024-02-01"])), "values"),
        ("inf", pd.Series([np.inf, 1.0, 2.0]), "values"),
        ("NaN", pd.Series([np.nan, 1.0, 2.0]), "values"),
        ("1e308", pd.Series([1e308, 1e308, 1.0]), "values"),
        ("2-D frame", pd.DataFrame({"x": [1.0, 2.0], "y": [3.0, 4.0]}), "values"),
        ("text", pd.Series(["1", "两"]), "values"),
        ("empty", pd.Series([], dtype=float), "values"),
        ("list", [3.0, 1.0, 2.0], "values"),
        ("Int64 with NA", pd.Series(pd.array([1, pd.NA, 3], dtype="Int64")), "values"),
    ]
    return [(f"{qualified}-values-{cid}", qualified, with_args(qualified, position=0, value=v), e) for cid, v, e in out]


def array_cases(qualified: str, names: list[str]) -> list:
    """Hostile columns for the BTYD functions that take arrays (``frequency``, ``recency``, ``T``...)."""
    cases = []
    func = resolve(qualified)
    params = list(inspect.signature(func).parameters)
    for name in names:
        for cid, value in [
            ("2-D", np.array([[2, 0], [1, 1]])),
            ("bool", [True, False]),
            ("complex", [1 + 1j, 2 + 0j]),
            ("datetime", pd.Series(pd.to_datetime(["2024-01-01", "2024-02-01"]))),
            ("NaN", [np.nan, 1.0]),
            ("string", "12"),
        ]:
            if name in ("frequency", "recency", "T", "monetary_value", "durations", "observed", "churned", "actual") or True:
                pos = params.index(name)
                kind = inspect.signature(func).parameters[name].kind
                if kind == inspect.Parameter.KEYWORD_ONLY:
                    build = with_args(qualified, **{name: value})
                else:
                    build = with_args(qualified, position=pos, value=value)
                cases.append((f"{qualified}-{name}-{cid}", qualified, build, name))
    return cases


def specific_cases() -> list:
    c = []

    def add(case_id, qualified, build, expect):
        c.append((f"{qualified}-{case_id}", qualified, build, expect))

    # not numbers
    add("nps bools", "lifecycle.nps", with_args("lifecycle.nps", position=0, value=[True, False]), "scores")
    add("csat bools", "lifecycle.csat", with_args("lifecycle.csat", position=0, value=[True, False]), "scores")
    add("nps 2-D", "lifecycle.nps", with_args("lifecycle.nps", position=0, value=np.array([[10, 9], [1, 2]])), "scores")
    add("km inf", "retention.kaplan_meier", with_args("retention.kaplan_meier", position=0, value=[1, np.inf, 2, 3]), "durations")
    add("km bool durations", "retention.kaplan_meier", with_args("retention.kaplan_meier", position=0, value=[True, False, True, True]), "durations")
    add("km observed text", "retention.kaplan_meier", with_args("retention.kaplan_meier", position=1, value=["False", "否", "是", "1"]), None)
    add("km observed NaN", "retention.kaplan_meier", with_args("retention.kaplan_meier", position=1, value=[True, np.nan, True, False]), "observed")
    # NaN and inf in tables
    add("class_summary NaN", "customers.class_summary",
        lambda: ((resolve("customers.abc_classes")(VALUES).assign(value=[np.nan, 1, 2, 3, 4]),), {}), "value")  # fmt: skip
    add("class_summary inf", "customers.class_summary",
        lambda: ((resolve("customers.abc_classes")(VALUES).assign(value=[np.inf, 1, 2, 3, 4]),), {}), "value")  # fmt: skip
    add("segment_profile NaN", "rfm.segment_profile", lambda: ((_segments().assign(monetary=[np.nan, 1.0, 2.0]),), {}), "monetary")
    add("rfm_segments NaN score", "rfm.rfm_segments", lambda: ((SCORES.assign(r_score=[5, np.nan, 3]),), {}), "r_score")
    add("rfm_segments text score", "rfm.rfm_segments", lambda: ((SCORES.assign(r_score=["5", "x", "3"]),), {}), "r_score")
    add("rf_grid NaN score", "rfm.rf_grid", lambda: ((SCORES.assign(f_score=[4, np.nan, 3]),), {}), "f_score")
    add("rf_grid NaN value", "rfm.rf_grid", lambda: ((SCORES.assign(monetary=[np.nan, 1.0, 2.0]),), {}), "monetary")
    add("segment_comparison NaN value", "btyd.segment_comparison",
        lambda: ((pd.Series(["A", "B", "A"], index=[1, 2, 3]), pd.DataFrame({"clv": [np.nan, 2.0, 20.0]}, index=[1, 2, 3])), {}), "clv")  # fmt: skip
    add("segment_comparison NaN segment", "btyd.segment_comparison",
        lambda: ((pd.Series(["A", None, "A"], index=[1, 2, 3]), pd.DataFrame({"clv": [1.0, 2.0, 20.0]}, index=[1, 2, 3])), {}), "segments")  # fmt: skip
    add("segment_comparison list", "btyd.segment_comparison",
        lambda: ((["A", "B", "A"], pd.DataFrame({"clv": [1.0, 2.0, 20.0]}, index=[1, 2, 3])), {}), "segments")  # fmt: skip
    add("holdout NaN", "btyd.holdout_by_frequency",
        lambda: ((BG, HOLDOUT.assign(frequency_holdout=[np.nan, 1.0, 2.0])), dict(max_frequency=2)), "frequency_holdout")  # fmt: skip
    add("tracking_totals NaN", "btyd.tracking_totals",
        lambda: ((pd.DataFrame({"actual": [10, 20], "expected": [np.nan, 15.0], "calibration": [True, False]}),), {}), "expected")  # fmt: skip
    add("tracking_totals text flag", "btyd.tracking_totals",
        lambda: ((pd.DataFrame({"actual": [10, 20], "expected": [11.0, 15.0], "calibration": ["True", "False"]}),), {}), None)  # fmt: skip
    add("tracking_totals bad flag", "btyd.tracking_totals",
        lambda: ((pd.DataFrame({"actual": [10, 20], "expected": [11.0, 15.0], "calibration": ["yes", "maybe"]}),), {}), "calibration")  # fmt: skip
    add("clv 1e308", "clv.clv_breakdown", with_args("clv.clv_breakdown", annual_revenue=1e308), "annual_revenue")
    add("walk 1e308", "clv.textbook_walk", with_args("clv.textbook_walk", annual_revenue=1e308), "annual_revenue")
    add("delivered 1e308", "value.delivered_value", with_args("value.delivered_value", product_value=1e308, service_value=1e308), "product_value")
    add("delivered NaN", "value.delivered_value", with_args("value.delivered_value", product_value=np.nan), "product_value")
    # flags
    add("targeted text", "customers.customer_profile",
        lambda: ((tx(), people(targeted=["True", "False", "是", "否"])), {"as_of": "2024-12-31"}), None)  # fmt: skip
    add("targeted NaN", "customers.customer_profile",
        lambda: ((tx(), people(targeted=[True, np.nan, True, False])), {"as_of": "2024-12-31"}), "targeted")  # fmt: skip
    add("people ids NA", "customers.customer_profile",
        lambda: ((tx(), people(customer_id=["a", None, "c", "d"])), {"as_of": "2024-12-31"}), "customer_id")  # fmt: skip
    add("people ambiguous lead", "customers.customer_profile",
        lambda: ((tx(), people(lead_date=["01/02/2024"] * 4)), {"as_of": "2024-12-31"}), "lead_date")  # fmt: skip
    # rows dropped
    add("life_table NaN groups", "retention.life_table", with_args("retention.life_table", groups=["x", None, "x", "y"]), "groups")
    add("life_table groups length", "retention.life_table", with_args("retention.life_table", groups=["x", "y"]), "groups")
    add("channel_kpis buyer not in people", "lifecycle.channel_kpis",
        lambda: ((people().iloc[1:], tx(), channels()), {"as_of": "2024-12-31"}), "people")  # fmt: skip
    add("channel_kpis channel without buyers", "lifecycle.channel_kpis",
        lambda: ((people(), tx(), pd.concat([channels(), channels(channel=["电视", "电视"])])), {"as_of": "2024-12-31"}), None)  # fmt: skip
    add("channel_kpis people channel unknown", "lifecycle.channel_kpis",
        lambda: ((people(), tx(), channels(channel=["友", "电视"])), {"as_of": "2024-12-31"}), "channel")  # fmt: skip
    add("channel_kpis bad quarter", "lifecycle.channel_kpis",
        lambda: ((people(), tx(), channels(quarter=["2024Q1", "第一季度"])), {"as_of": "2024-12-31"}), "quarter")  # fmt: skip
    add("journey bad quarter", "lifecycle.journey_funnel",
        lambda: ((people(), tx(), channels(quarter=["2024Q1", "Q9"])), {"as_of": "2024-12-31"}), "quarter")  # fmt: skip
    add("journey bad lead_date", "lifecycle.journey_funnel",
        lambda: ((people(lead_date=["x", "2024-01-01", "2024-01-01", "2024-01-01"]), tx(), channels()), {"as_of": "2024-12-31"}), "lead_date")  # fmt: skip
    add("journey NaN reach", "lifecycle.journey_funnel",
        lambda: ((people(), tx(), channels(reach=[np.nan, 3])), {"as_of": "2024-12-31"}), "reach")  # fmt: skip
    # shapes and types
    add("tornado ranges", "clv.tornado_table", with_args("clv.tornado_table", ranges=[1, 2]), "ranges")
    add("sensitivity values", "clv.sensitivity_table", with_args("clv.sensitivity_table", values=0.1), "values")
    add("sensitivity values text", "clv.sensitivity_table", with_args("clv.sensitivity_table", values="0.1"), "values")
    add("abc cutoffs", "customers.abc_classes", with_args("customers.abc_classes", cutoffs=0.8), "cutoffs")
    add("abc cutoffs text", "customers.abc_classes", with_args("customers.abc_classes", cutoffs="ab"), "cutoffs")
    add("tiers thresholds number", "customers.value_tiers", with_args("customers.value_tiers", thresholds=300), "thresholds")
    add("transitions start", "customers.state_transitions", with_args("customers.state_transitions", start=3), "start")
    add("transitions end ambiguous", "customers.state_transitions", with_args("customers.state_transitions", end="12/31/2024"), "end")
    add("fit wrong type", "btyd.customer_forecast", with_args("btyd.customer_forecast", position=0, value="fit"), "fit")
    add("fit wrong type hist", "btyd.frequency_histogram", with_args("btyd.frequency_histogram", position=0, value=None), "fit")
    add("fit wrong type sbg", "retention.sbg_current_value", with_args("retention.sbg_current_value", position=0, value={}), "fit")
    for qualified in ("btyd.tracking_table", "btyd.holdout_by_frequency"):
        add("fit wrong type", qualified, with_args(qualified, position=1 if qualified == "btyd.tracking_table" else 0, value=GG), "fit")
    add("fit wrong type matrix", "btyd.frequency_recency_matrix", with_args("btyd.frequency_recency_matrix", position=0, value="fit"), "fit")
    add("forecast bool", "btyd.customer_forecast", with_args("btyd.customer_forecast", frequency=True), "frequency")
    add("clv gg type", "btyd.customer_lifetime_value", with_args("btyd.customer_lifetime_value", gamma_gamma=BG), "gamma_gamma")
    add("clv summary list", "btyd.customer_lifetime_value", with_args("btyd.customer_lifetime_value", position=0, value=[1, 2]), "summary")
    add("simple_clv summary missing column", "btyd.simple_clv",
        lambda: ((SUMMARY.drop(columns="T"),), dict(time_unit="W", churn_rate=0.2, discount_rate=0.1)), "T")  # fmt: skip
    add("rfm_scores edges text", "rfm.rfm_scores", with_args("rfm.rfm_scores", edges={"recency": "abc"}), "edges")
    add("rfm_scores rfm list", "rfm.rfm_scores", with_args("rfm.rfm_scores", position=0, value=[1, 2]), "rfm")
    add("clv_analysis cac text", "clv.clv_analysis",
        lambda: ((MEMBERS.assign(cac=["1500元", "1500"]),), dict(margin=0.6, churn_rate=0.2, discount_rate=0.1)), "cac")  # fmt: skip
    add("clv_analysis cac NaN", "clv.clv_analysis",
        lambda: ((MEMBERS.assign(cac=[np.nan, 1500.0]),), dict(margin=0.6, churn_rate=0.2, discount_rate=0.1)), "cac")  # fmt: skip
    add("compare_with_textbook types", "clv.compare_with_textbook", with_args("clv.compare_with_textbook", position=0, value={}), "exact")
    add("win_backs gap huge", "lifecycle.win_backs", with_args("lifecycle.win_backs", gap_days=10**12), None)
    add("churn_warning drop", "lifecycle.churn_warning", with_args("lifecycle.churn_warning", drop=2), "drop")
    add("stages window", "lifecycle.lifecycle_stages", with_args("lifecycle.lifecycle_stages", window=10**9), "window")
    add("period_series freq", "lifecycle.period_series", with_args("lifecycle.period_series", freq="D"), "freq")
    add("cohort freq", "retention.cohort_table", with_args("retention.cohort_table", freq=None), "freq")
    add("summary time_unit", "btyd.btyd_summary", with_args("btyd.btyd_summary", time_unit=float("inf")), "time_unit")
    add("holdout calibration_end late", "btyd.calibration_holdout", with_args("btyd.calibration_holdout", calibration_end="2030-01-01"), "calibration_end")
    add("clv fit type", "btyd.customer_lifetime_value", with_args("btyd.customer_lifetime_value", bgnbd=GG), "bgnbd")
    add("visit start", "lifecycle.visit_schedule", with_args("lifecycle.visit_schedule", start=None), "start")
    add("visit weeks", "lifecycle.visit_schedule", with_args("lifecycle.visit_schedule", weeks=5), "weeks")
    add("simulate_visits start", "lifecycle.simulate_visits", with_args("lifecycle.simulate_visits", start="05/03/2024"), "start")
    add("compare forecasts 2-D", "btyd.compare_forecasts",
        lambda: ((np.array([[1, 2], [3, 4]]), {"a": [0, 10]}), {}), "actual")  # fmt: skip
    add("compare forecasts length", "btyd.compare_forecasts",
        lambda: (([1, 2, 3], {"a": [0, 10]}), {}), "a")  # fmt: skip
    add("survival_quantile km", "retention.survival_quantile", with_args("retention.survival_quantile", position=0, value=[1, 2]), "km")
    add("retention_curve list", "retention.retention_curve", with_args("retention.retention_curve", position=0, value=[1, 2]), "cohorts")
    add("smooth list", "lifecycle.smooth_series", with_args("lifecycle.smooth_series", position=0, value=[1, 2]), "series")
    add("smooth NaN", "lifecycle.smooth_series", with_args("lifecycle.smooth_series", position=0, value=pd.DataFrame([[1.0, np.nan]])), None)
    add("smooth inf", "lifecycle.smooth_series", with_args("lifecycle.smooth_series", position=0, value=pd.DataFrame([[1.0, np.inf]])), "series")
    add("smooth bool", "lifecycle.smooth_series", with_args("lifecycle.smooth_series", position=0, value=pd.DataFrame([[True, False]])), "series")
    add("clv_table bool revenue", "clv.clv_table",
        lambda: ((MEMBERS.assign(annual_revenue=[True, False]),), dict(margin=0.6, churn_rate=0.2, discount_rate=0.1)), "annual_revenue")  # fmt: skip
    add("clv_segments NaN", "clv.clv_segments",
        lambda: ((pd.DataFrame({"current": [np.nan, 500.0], "potential": [1.0, 2.0]}),), {}), "current")  # fmt: skip
    add("survey bool", "customers.value_ability_types",
        lambda: ((pd.DataFrame({"price_sensitivity": [True, False], "novelty_seeking": [5, 1], "brand_attention": [1, 5]}),), {}), "price_sensitivity")  # fmt: skip
    add("survey NaN", "customers.value_ability_types",
        lambda: ((pd.DataFrame({"price_sensitivity": [np.nan, 1], "novelty_seeking": [5, 1], "brand_attention": [1, 5]}),), {}), "price_sensitivity")  # fmt: skip
    add("break_even NaN", "value.break_even", with_args("value.break_even", position=1, value={"service_value": np.nan}), "service_value")
    add("break_even list", "value.break_even", with_args("value.break_even", position=1, value=[1, 2]), "components")
    # dataset loaders that take arguments
    for qualified, value, expect in [
        ("datasets.data_path", "no_such_file.csv", "name"),
        ("datasets.data_path", "../pyproject.toml", "name"),
        ("datasets.data_path", 3, "name"),
        ("datasets.data_path", ["course_map.csv"], "name"),
        ("datasets.customer_classes", "no_scheme", "scheme"),
        ("datasets.customer_classes", 3, "scheme"),
        ("datasets.rfm_segment_notes", "no_scheme", "scheme"),
        ("datasets.rfm_strategies", None, "scheme"),
        ("datasets.xiaolin_cup", "nobody", "customer"),
        ("datasets.xiaolin_cup", ["小林"], "customer"),
        ("datasets.load_cdnow", "everything", "kind"),
        ("datasets.load_cdnow", ["sample"], "kind"),
    ]:
        add(f"bad {value!r}", qualified, with_args(qualified, position=0, value=value), expect)
    for name in ("n_customers", "n_prospects", "seed"):
        add(f"shop {name} text", "datasets.make_course_shop", with_args("datasets.make_course_shop", **{name: "5"}), name)
    # sizes and hangs
    big = 10**9
    for qualified, kw in [
        ("lifecycle.lifecycle_curve", {"stability": big}),
        ("lifecycle.pattern_curve", {"stability": big}),
        ("clv.textbook_walk", {"horizon": big}),
        ("clv.clv_breakdown", {"horizon": big}),
        ("clv.discounted_lifetime", {"horizon": big}),
        ("clv.payback_period", {"max_years": big}),
        ("lifecycle.simulate_visits", {"weeks": (2, big, 20, 8)}),
        ("lifecycle.visit_schedule", {"weeks": (2, big, 20, 8)}),
        ("retention.life_table", {"width": 1e-9}),
        ("retention.sbg_current_value", {"horizon": big}),
        ("btyd.frequency_histogram", {"max_frequency": big}),
        ("btyd.holdout_by_frequency", {"max_frequency": big}),
        ("btyd.frequency_recency_matrix", {"max_frequency": big}),
        ("btyd.frequency_recency_matrix", {"recency_points": big}),
        ("btyd.frequency_recency_matrix", {"T": 1e12}),
        ("btyd.simulate_bgnbd", {"n_customers": big}),
        ("btyd.simulate_bgnbd", {"T": 1e12}),
        ("btyd.customer_lifetime_value", {"horizon": 1e9}),
        ("btyd.customer_lifetime_value", {"steps_per_year": big}),
        ("datasets.make_course_shop", {"n_customers": big}),
        ("datasets.make_transactions", {"n_customers": big}),
    ]:
        name = next(iter(kw))
        add(f"huge {name}", qualified, with_args(qualified, **kw), name)
    # chapter helpers
    add("truth repeats a customer", "customers.rule_vs_truth",
        lambda: ((_RULE.copy(), pd.concat([_TRUTH, _TRUTH])), {}), "truth")  # fmt: skip
    add("among unknown", "customers.rule_vs_truth", with_args("customers.rule_vs_truth", among=["a", "zz"]), "among")
    add("among text", "customers.rule_vs_truth", with_args("customers.rule_vs_truth", among="ab"), "among")
    add("truth list", "customers.rule_vs_truth", with_args("customers.rule_vs_truth", position=1, value=["A", "B", "B"]), "truth")
    add("truth missing", "customers.rule_vs_truth", with_args("customers.rule_vs_truth", position=1, value=_TRUTH.drop("c"), among=None), "truth")
    add("NaN series", "customers.concentration",
        lambda: (({"x": VALUES.copy(), "y": pd.Series([np.nan, 1.0])},), {}), "values")  # fmt: skip
    add("empty mapping", "customers.concentration", with_args("customers.concentration", position=0, value={}), "values")
    add("table list", "customers.tier_comparison", with_args("customers.tier_comparison", position=0, value={"x": [1, 2]}), "table")
    add("by unknown", "customers.tier_comparison", with_args("customers.tier_comparison", by="nope"), "nope")
    add("step NaN", "value.stacked_measures",
        lambda: ((dict(CUP), {"now": {}, "cheaper": {"monetary_cost": np.nan}}), {}), "monetary_cost")  # fmt: skip
    add("step unknown part", "value.stacked_measures",
        lambda: ((dict(CUP), {"now": {}, "cheaper": {"price": 1}}), {}), "steps")  # fmt: skip
    add("step not a mapping", "value.stacked_measures", lambda: ((dict(CUP), {"now": 3}), {}), "steps")
    add("components short", "value.stacked_measures", lambda: (({"product_value": 1}, {"now": {}}), {}), "components")
    add("after before the log", "rfm.segment_outcome", with_args("rfm.segment_outcome", after="2020-01-01"), "after")
    add("after ambiguous", "rfm.segment_outcome", with_args("rfm.segment_outcome", after="01/03/2024"), "after")
    add("segments list", "rfm.segment_outcome", with_args("rfm.segment_outcome", position=0, value=[1, 2]), "segments")
    add("classes repeat a customer", "rfm.segment_crosstab",
        lambda: ((_segments(), pd.Series(["A", "C", "C", "A"], index=["a", "b", "c", "a"])), {}), "classes")  # fmt: skip
    add("classes missing", "rfm.segment_crosstab", lambda: ((_segments(), pd.Series({"a": "A"})), {}), "classes")
    add("classes list", "rfm.segment_crosstab", lambda: ((_segments(), ["A", "B", "C"]), {}), "classes")
    add("NaN score", "rfm.score_counts", lambda: ((SCORES.assign(f_score=[4, np.nan, 3]),), {}), "f_score")
    add("unknown score", "rfm.score_counts", with_args("rfm.score_counts", score="x_score"), "score")
    add("scan too long", "lifecycle.first_warnings", with_args("lifecycle.first_warnings", end="2200-01-01", every="D"), "end")
    add("every unknown", "lifecycle.first_warnings", with_args("lifecycle.first_warnings", every="每周"), "every")
    add("since number", "lifecycle.first_warnings", with_args("lifecycle.first_warnings", since=20240301), "since")
    add("since ambiguous", "lifecycle.first_warnings", with_args("lifecycle.first_warnings", since="01/03/2024"), "since")
    add("start after end", "lifecycle.first_warnings", with_args("lifecycle.first_warnings", start="2024-12-31", end="2024-12-30"), "end")
    add("flagged text", "lifecycle.warning_follow_up",
        lambda: ((_WARNING.assign(flagged=["是", "否", "True"]), tx()), {"as_of": "2024-03-01"}), None)  # fmt: skip
    add("flagged NaN", "lifecycle.warning_follow_up",
        lambda: ((_WARNING.assign(flagged=[True, np.nan, False]), tx()), {"as_of": "2024-03-01"}), "flagged")  # fmt: skip
    add("flagged maybe", "lifecycle.warning_follow_up",
        lambda: ((_WARNING.assign(flagged=["yes", "no", "maybe"]), tx()), {"as_of": "2024-03-01"}), "flagged")  # fmt: skip
    add("truth missing", "lifecycle.stage_examples", with_args("lifecycle.stage_examples", truth=pd.Series({"a": "考察期"})), "truth")
    add("stages list", "lifecycle.stage_examples", with_args("lifecycle.stage_examples", position=0, value=["稳定期"]), "stages")
    add("date number", "lifecycle.ended_before", with_args("lifecycle.ended_before", date=20250630), "date")
    add("date ambiguous", "lifecycle.ended_before", with_args("lifecycle.ended_before", date="06/30/2025"), "date")
    add("end unreadable", "lifecycle.ended_before",
        lambda: ((_ENDS.assign(relationship_end=["2025-01-31", None, "明年"]),), {"date": "2025-06-30"}), "relationship_end")  # fmt: skip
    add("end text", "lifecycle.ended_before",
        lambda: ((_ENDS.assign(relationship_end=["2025-01-31", None, "2025-09-30"]),), {"date": "2025-06-30"}), None)  # fmt: skip
    add("NaN durations", "retention.lifetime_summary",
        lambda: ((pd.DataFrame({"duration_months": [2.0, np.nan, 30.0], "churned": [True, True, False]}),), {}), "durations")  # fmt: skip
    add("churned NaN", "retention.lifetime_summary",
        lambda: ((pd.DataFrame({"duration_months": [2.0, 4.0, 30.0], "churned": [True, np.nan, False]}),), {}), "churned")  # fmt: skip
    add("no group column", "retention.split_groups", with_args("retention.split_groups", position=0, value=_km()), "table")
    add("unknown group", "retention.split_groups", with_args("retention.split_groups", groups=["zz"]), "groups")
    add("groups text", "retention.select_groups", with_args("retention.select_groups", groups="x"), "groups")
    add("mixed models", "retention.compare_fits", lambda: (({"A": SBG, "B": BG},), {}), "fits")
    add("empty", "retention.compare_fits", lambda: (({},), {}), "fits")
    add("fit type", "retention.renewal_note", with_args("retention.renewal_note", position=0, value=BG), "fit")
    add("huge periods", "retention.renewal_note", with_args("retention.renewal_note", periods=10**9), "periods")
    add("params list", "retention.churn_model_comparison", with_args("retention.churn_model_comparison", position=1, value=[1]), "params")
    add("params unknown", "retention.churn_model_comparison",
        with_args("retention.churn_model_comparison", position=1, value={**CLV_BASE, "price": 1}), "params")  # fmt: skip
    add("horizons huge", "retention.churn_model_comparison", with_args("retention.churn_model_comparison", horizons=(10**9,)), "horizons")
    add("horizons text", "retention.churn_model_comparison", with_args("retention.churn_model_comparison", horizons=("5",)), "horizons")
    add("horizons empty", "retention.churn_model_comparison", with_args("retention.churn_model_comparison", horizons=()), "horizons")
    add("params list", "clv.parameter_table", with_args("clv.parameter_table", position=0, value=[1, 2]), "params")
    add("result type", "clv.compare_results", with_args("clv.compare_results", position=0, value={"a": 3}), "results")
    add("unknown part", "clv.compare_results", with_args("clv.compare_results", parts=["price"]), "parts")
    add("parts text", "clv.compare_results", with_args("clv.compare_results", parts="current"), "parts")
    add("different customers", "btyd.matches_published",
        lambda: ((SUMMARY.copy(), SUMMARY.iloc[:2].round(2)), {}), "published")  # fmt: skip
    add("published list", "btyd.matches_published", with_args("btyd.matches_published", position=1, value=[1]), "published")
    add("summary list", "btyd.matches_published", with_args("btyd.matches_published", position=0, value=[1]), "summary")
    add("fit type", "btyd.published_comparison", with_args("btyd.published_comparison", position=0, value=SBG), "fit")
    add("customers differ", "btyd.holdout_by_segment",
        lambda: ((pd.Series(["A", "B", "A"], index=[1, 2, 3]), _VALUE.copy(), _VALUE[["clv"]] / 3, _CAL.iloc[:2]), {}), "summary")  # fmt: skip
    add("NaN clv", "btyd.holdout_by_segment",
        lambda: ((pd.Series(["A", "B", "A"], index=[1, 2, 3]), _VALUE.assign(clv=[np.nan, 1.0, 2.0]), _VALUE[["clv"]] / 3, _CAL.copy()), {}), "clv")  # fmt: skip
    add("NaN segment", "btyd.holdout_by_segment",
        lambda: ((pd.Series(["A", None, "A"], index=[1, 2, 3]), _VALUE.copy(), _VALUE[["clv"]] / 3, _CAL.copy()), {}), "segments")  # fmt: skip
    add("NaN model clv", "btyd.largest_gaps",
        lambda: ((_CAL.copy(), _VALUE[["clv"]] * 2, _VALUE.assign(clv=[30.0, np.nan, 10.0])), {"n": 2}), "clv")  # fmt: skip
    add("customers differ", "btyd.largest_gaps",
        lambda: ((_CAL.copy(), _VALUE[["clv"]].iloc[:2], _VALUE.copy()), {"n": 2}), "simple")  # fmt: skip
    ids = list(inspect.signature(B.customer_forecasts).parameters)[2]  # the list of customers (``ids`` after the renaming)
    add("unknown customer", "btyd.customer_forecasts", lambda: ((BG, SUMMARY.copy(), ["zz"]), {"t": 10}), ids)
    add("no customers", "btyd.customer_forecasts", lambda: ((BG, SUMMARY.copy(), []), {"t": 10}), ids)
    add("fit type", "btyd.customer_forecasts", lambda: ((GG, SUMMARY.copy(), ["a"]), {"t": 10}), "fit")
    add("NaN clv", "btyd.top_customers",
        lambda: ((SUMMARY.copy(), _VALUE.set_axis(SUMMARY.index).assign(clv=[np.nan, 1.0, 2.0])), {"n": 2}), "clv")  # fmt: skip
    add("customers differ", "btyd.top_customers", lambda: ((SUMMARY.copy(), _VALUE.iloc[:2]), {"n": 2}), "value")
    add("log with NaN ids", "datasets.compare_transactions",
        lambda: (({"all": tx(customer_id=["a", None, "b", "c", "c", "c"])},), {}), "customer_id")  # fmt: skip
    add("log list", "datasets.compare_transactions", lambda: (({"all": [1, 2]},), {}), "transactions")
    add("logs list", "datasets.compare_transactions", lambda: (([tx()],), {}), "logs")
    add("customer list", "datasets.compare_transactions", lambda: (({"all": tx()},), {"customer": ["customer_id"]}), "customer")
    add("visits beyond the calendar", "lifecycle.simulate_visits", with_args("lifecycle.simulate_visits", weeks=(0, 0, 100_000, 0)), "weeks")
    add("schedule beyond the calendar", "lifecycle.visit_schedule", with_args("lifecycle.visit_schedule", weeks=(0, 0, 100_000, 0)), "weeks")
    add("as_of far future", "lifecycle.period_series", with_args("lifecycle.period_series", as_of="2200-01-01", freq="W"), None)
    add("as_of out of range", "lifecycle.period_series", with_args("lifecycle.period_series", as_of="9999-01-01"), "as_of")
    add("cohorts far future", "retention.cohort_table", with_args("retention.cohort_table", as_of="2200-01-01", freq="W"), None)
    # consistency
    add("simple_clv daily summary in weeks", "btyd.simple_clv",
        lambda: ((_daily(),), dict(time_unit="W", churn_rate=0.2, discount_rate=0.1)), "time_unit")  # fmt: skip
    add("histogram lengths", "btyd.frequency_histogram", with_args("btyd.frequency_histogram", position=2, value=[39, 39]), "T")
    add("simulate T list and customers", "btyd.simulate_bgnbd", with_args("btyd.simulate_bgnbd", T=[39, 20], n_customers=5), "n_customers")
    add("simulate T list", "btyd.simulate_bgnbd", with_args("btyd.simulate_bgnbd", T=[39, 20], n_customers=None), None)
    return c


def catalogue() -> list:
    cases = []
    for qualified in public_functions():
        if BASE.get(qualified) is None:
            continue
        cases.append((f"{qualified}-valid", qualified, BASE[qualified], None))
        if qualified in FIT_FUNCTIONS:
            continue
        if tx_position(qualified) is not None:
            cases += transaction_cases(qualified)
        if qualified in (
            "customers.pareto_table", "customers.abc_classes", "customers.lorenz_curve", "customers.gini",
            "customers.top_share", "customers.value_tiers",
        ):  # fmt: skip
            cases += value_cases(qualified)
    cases += array_cases("btyd.bgnbd_loglik", ["frequency", "recency", "T"])
    cases += array_cases("btyd.gamma_gamma_loglik", ["frequency", "monetary_value"])
    cases += array_cases("btyd.spend_frequency_correlation", ["frequency", "monetary_value"])
    cases += array_cases("btyd.run_rate_forecast", ["frequency", "recency", "T", "monetary_value"])
    cases += array_cases("btyd.frequency_histogram", ["frequency", "T"])
    cases += array_cases("btyd.simulate_gamma_gamma", ["frequency"])
    cases += array_cases("retention.life_table", ["durations", "churned"])
    cases += array_cases("retention.kaplan_meier", ["durations", "observed"])
    cases += specific_cases()
    cases += operator_cases()
    return cases


CASES = catalogue()


def test_every_public_function_has_a_catalogue_entry():
    missing = [q for q in public_functions() if q not in BASE]
    assert not missing, f"add these public functions to BASE in tests/test_bad_input.py: {missing}"


def test_bounds_are_named():
    assert MAX_PERIODS >= 1000 and MAX_AMOUNT >= 1e12


@pytest.mark.parametrize("case_id, qualified, build, expect", CASES, ids=[c[0] for c in CASES])
def test_catalogue(case_id, qualified, build, expect):
    args, kwargs = build()
    run_case(qualified, args, kwargs, expect)


HOSTILE_SCALARS = [None, "1", True, math.nan, math.inf, -1, 1e308, [1], 10**12]
#: (function, parameter) pairs whose documented result for a hostile scalar is inf ("never repaid").
SCALAR_EXCEPTIONS = {
    ("clv.payback_period", "cac"), ("clv.clv_analysis", "discount_rate"),
}  # fmt: skip


def scalar_cases() -> list:
    cases = []
    for qualified, base in BASE.items():
        if base is None or qualified in FIT_FUNCTIONS:
            continue
        for name in base()[1]:
            cases.append((f"{qualified}-{name}", qualified, name))
    return cases


@pytest.mark.parametrize("case_id, qualified, name", scalar_cases(), ids=[c[0] for c in scalar_cases()])
def test_hostile_scalars_in_every_keyword(case_id, qualified, name):
    """Every keyword of every valid call, replaced by None, text, a boolean, NaN, inf, -1, 1e308, a list, 10**12."""
    for value in HOSTILE_SCALARS:
        args, kwargs = BASE[qualified]()
        kwargs[name] = value
        func = resolve(qualified)
        with time_limit(TIME_LIMIT):
            try:
                result = func(*args, **kwargs)
            except CrmlabInputError as err:
                if (qualified, name) not in SCALAR_EXCEPTIONS:
                    assert name in str(err) or err.parameter == name, f"{name}={value!r}: the message does not name {name}: {err}"
                continue
        if (qualified, name) not in SCALAR_EXCEPTIONS:
            bad = non_finite(result, DOCUMENTED_NAN.get(qualified, set()))
            assert not bad, f"{qualified}({name}={value!r}) returned NaN or inf in {bad}"


# ------------------------------------------------------------------ hand-checked rules


def test_as_of_includes_the_whole_day():
    log = tx(date=pd.to_datetime(tx()["date"]) + pd.Timedelta(hours=18))
    totals = resolve("customers.customer_totals")(log, as_of="2024-03-01")  # a's second purchase, 18:00 on 1 March
    assert totals.to_dict() == {"a": 30.0, "b": 5.0, "c": 7.0}
    assert resolve("customers.customer_totals")(log, as_of="2024-03-01 08:00").to_dict() == totals.to_dict()


def test_day_first_text_is_refused_with_a_format_hint():
    log = tx(date=["05/01/2024", "20/11/2024", "2024-02-10", "2024-01-20", "2024-04-02", "2024-06-30"])
    with pytest.raises(CrmlabInputError, match=r"format='%d/%m/%Y'.*dayfirst=True"):
        resolve("customers.customer_totals")(log)
    parsed = log.assign(date=pd.to_datetime(log["date"], format="mixed", dayfirst=True))
    assert resolve("customers.customer_totals")(parsed).sum() == tx()["amount"].sum()


def test_time_zones_are_refused_with_a_conversion_hint():
    aware = tx(date=pd.to_datetime(tx()["date"]).dt.tz_localize("Asia/Shanghai"))
    with pytest.raises(CrmlabInputError, match="tz_localize\\(None\\)"):
        resolve("rfm.rfm_table")(aware)
    with pytest.raises(CrmlabInputError, match="as_of 带有时区"):
        resolve("customers.customer_totals")(tx(), as_of=pd.Timestamp("2024-12-31", tz="UTC"))


@pytest.mark.parametrize(
    "qualified, kwargs",
    [("customers.customer_totals", {"as_of": "2024-12-31"}), ("rfm.rfm_table", {"as_of": "2024-12-31"}),
     ("customers.customer_profile", {"as_of": "2024-12-31"}), ("customers.loyalty_classes", {"as_of": "2024-12-31"}),
     ("lifecycle.win_backs", {"as_of": "2024-12-31"}), ("retention.customer_lifetimes", {"as_of": "2024-12-31"})],
)  # fmt: skip
def test_unused_categories_are_not_customers(qualified, kwargs):
    log = tx(customer_id=pd.Categorical(list("aabccc"), categories=list("abcxyz")))
    log.loc[2, "date"] = "2025-02-01"  # b buys only after as_of
    result = resolve(qualified)(log, **kwargs)
    table = result.table if hasattr(result, "table") else result
    assert set(table.index) == {"a", "c"}


def test_flags_are_read_strictly():
    flags = people(targeted=["True", "False", "是", "0"])
    profile = resolve("customers.customer_profile")(tx(), flags, as_of="2024-12-31")
    assert profile["targeted"].tolist() == [True, False, True, False]


def test_channel_without_buyers_is_listed_not_infinite():
    chans = pd.concat([channels(), channels(channel=["电视", "电视"])], ignore_index=True)
    k = resolve("lifecycle.channel_kpis")(people(), tx(), chans, as_of="2024-12-31").set_index("channel")
    assert k.attrs["no_customers"] == ["电视"]
    assert math.isnan(k.loc["电视", "cac"]) and not np.isinf(k["cac"]).any()
    assert k.loc["友", "cac"] == 30.0  # 60 yuan for two new customers (a and b)


def test_simple_clv_refuses_a_daily_summary_read_in_weeks():
    with pytest.raises(CrmlabInputError, match="时间单位不一致"):
        B.simple_clv(_daily(), time_unit="W", churn_rate=0.2, discount_rate=0.1)
    assert len(B.simple_clv(_daily(), time_unit="D", churn_rate=0.2, discount_rate=0.1)) == 3


def test_simulate_bgnbd_one_row_per_T():
    assert len(B.simulate_bgnbd(r=0.25, alpha=4.0, a=0.8, b=2.5, T=[39, 20], seed=1)) == 2
    assert len(B.simulate_bgnbd(r=0.25, alpha=4.0, a=0.8, b=2.5, T=[39, 20], n_customers=2, seed=1)) == 2


# ------------------------------------------------------------------ hypothesis


@st.composite
def transaction_logs(draw):
    """Transaction logs with missing ids, duplicated rows, mixed id dtypes and extreme amounts."""
    n = draw(st.integers(1, 12))
    ids = draw(st.lists(st.one_of(st.sampled_from(["a", "b", "c"]), st.integers(1, 3), st.none()), min_size=n, max_size=n))
    days = draw(st.lists(st.integers(0, 400), min_size=n, max_size=n))
    amounts = draw(
        st.lists(
            st.one_of(st.floats(0, 1e4), st.sampled_from([0.0, 1e15, 1e16, 1e308, math.inf, math.nan, -1.0])),
            min_size=n,
            max_size=n,
        )
    )
    frame = pd.DataFrame(
        {"customer_id": pd.Series(ids, dtype=object), "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(days, unit="D"),
         "amount": amounts}
    )  # fmt: skip
    if draw(st.booleans()):
        frame = pd.concat([frame, frame.iloc[: draw(st.integers(0, n))]], ignore_index=True)
    return frame


LOG_FUNCTIONS = [
    ("customers.customer_totals", {}),
    ("customers.monthly_activity", {}),
    ("rfm.rfm_table", {}),
    ("btyd.btyd_summary", {}),
    ("retention.cohort_table", {}),  # reads no amounts
    ("datasets.describe_transactions", {}),
]


@pytest.mark.parametrize("qualified, kwargs", LOG_FUNCTIONS, ids=[q for q, _ in LOG_FUNCTIONS])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(log=transaction_logs())
def test_hostile_logs_give_an_error_or_a_finite_result(qualified, kwargs, log):
    values = log["amount"].to_numpy(dtype=float)
    bad_ids = log["customer_id"].isna().any()
    bad_amounts = not np.isfinite(values).all() or (values < 0).any() or (values > MAX_AMOUNT).any()
    if _amount_column(qualified) is None:
        bad_amounts = False
    func = resolve(qualified)
    before = log.copy(deep=True)
    try:
        result = func(log, **kwargs)
    except CrmlabInputError as err:
        assert bad_ids or bad_amounts, f"refused a valid log: {err}"
        assert ("customer_id" in str(err)) if bad_ids else ("amount" in str(err))
    else:
        assert not (bad_ids or bad_amounts), "accepted a log with missing ids or bad amounts"
        assert not non_finite(result, DOCUMENTED_NAN.get(qualified, set()))
    assert log.equals(before), "the log was modified"


@settings(max_examples=40, deadline=None)
@given(ids=st.lists(st.one_of(st.integers(1, 5), st.text(max_size=2), st.none(), st.floats(allow_nan=True)), min_size=1, max_size=8))
def test_mixed_id_dtypes(ids):
    log = pd.DataFrame({"customer_id": pd.Series(ids, dtype=object), "date": ["2024-01-01"] * len(ids), "amount": 1.0})
    try:
        totals = resolve("customers.customer_totals")(log)
    except CrmlabInputError as err:
        assert "customer_id" in str(err)
        assert log["customer_id"].isna().any()
    except TypeError as err:  # pragma: no cover - reported so the catalogue catches a regression
        pytest.fail(f"bare TypeError for mixed ids: {err}")
    else:
        assert totals.sum() == len(ids)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
