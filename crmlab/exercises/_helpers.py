"""Data and small helpers shared by the exercise modules (reference answers compute with crmlab)."""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd

from .. import btyd, retention, rfm
from ..clv import clv_analysis
from ..datasets import (
    fader_hardie_2007,
    load_cdnow,
    load_course_shop,
    streamnow_members,
    zhangsan,
)

__all__: list[str] = []


_FIVE = pd.Series({"甲": 500.0, "乙": 300.0, "丙": 100.0, "丁": 60.0, "戊": 40.0})


def _shop():
    return load_course_shop()


def _lifetimes_months():
    life = retention.customer_lifetimes(_shop().transactions, as_of="2025-12-31")
    return life["duration_months"], life["churned"]


def _survey_of_channel(channel: str) -> pd.DataFrame:
    shop = _shop()
    survey = shop.survey.merge(
        shop.customers[["customer_id", "channel"]], on="customer_id", how="left"
    )
    return survey[survey["channel"] == channel]


def _regular_first_years(years: int) -> retention.SBGFit:
    return retention.fit_sbg(fader_hardie_2007()["regular"].iloc[:years].tolist())


def _with(**changes: Any) -> dict[str, Any]:
    return {**zhangsan(), **changes}


@functools.lru_cache(maxsize=1)
def _cdnow_models():
    """Chapter 10's calibration table and fits: the CDNOW sample, 39 weeks to 1997-09-30, in weeks."""
    t = load_cdnow("sample")
    ch = btyd.calibration_holdout(
        t, customer="sample_id", calibration_end="1997-09-30", time_unit="W"
    )
    fit = btyd.fit_bgnbd(ch["frequency_cal"], ch["recency_cal"], ch["T_cal"])
    gg = btyd.fit_gamma_gamma(ch["frequency_cal"], ch["monetary_value_cal"])
    return ch, fit, gg


def _cdnow_customer(sample_id: int) -> tuple[float, float, float]:
    ch = _cdnow_models()[0]
    return tuple(
        float(v) for v in ch.loc[sample_id, ["frequency_cal", "recency_cal", "T_cal"]]
    )


def _members_analysis():
    return clv_analysis(streamnow_members(), margin=0.6, discount_rate=0.1)


def _segment_of(name: str) -> str:
    a = _members_analysis()
    table = a.segments.table
    return str(table.loc[a.data["name"] == name, "segment"].item())


_VALUE_KINDS = (
    "功能性价值",
    "信赖性价值",
    "社会性价值",
    "探知性价值",
    "美感性价值",
    "自我实现价值",
)
_RFM_EIGHT = tuple(rule[-1] for rule in rfm.SEGMENT_RULES["eight"])
_NPS_TEN = [10, 9, 9, 8, 7, 7, 6, 5, 3, 10]


def _km_at(month: float) -> float:
    km = retention.kaplan_meier([2, 3, 3, 5, 8], [1, 1, 0, 1, 0])
    return float(km.loc[km.index <= month, "survival"].iloc[-1])
