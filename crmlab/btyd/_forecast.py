"""Predictive CLV per customer, the chapter-5 formula on the same customers, and forecast comparisons."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    MAX_CELLS,
    MAX_PERIODS,
    CrmlabInputError,
    CrmlabTypeError,
    check_frame,
    check_number,
    check_numbers,
    check_rate,
    fmt,
)
from ._bgnbd import BGNBDFit
from ._common import (
    _as_array,
    _check_rft,
    _unit_days,
    _unit_text,
    btyd_table,
)
from ._gamma_gamma import GammaGammaFit, _check_spend
from ._grid import _conditional_grid

__all__ = [
    "customer_lifetime_value",
    "CustomerForecast",
    "customer_forecast",
    "run_rate_forecast",
    "simple_clv",
    "compare_forecasts",
    "segment_comparison",
]


def _summary_unit(summary: pd.DataFrame, time_unit: Any) -> float:
    """Days in ``time_unit``, refused when the summary records a different unit (``attrs["unit_days"]``)."""
    unit = _unit_days(time_unit)
    recorded = summary.attrs.get("unit_days")
    if recorded is not None and not math.isclose(recorded, unit, rel_tol=1e-9):
        raise CrmlabInputError(
            "time_unit",
            f"时间单位不一致：summary 的时间单位是 {_unit_text(recorded)}（{fmt(round(recorded, 4))} 天），"
            f"但 time_unit 是 {_unit_text(unit)}（{fmt(round(unit, 4))} 天）",
            f"time_unit ({fmt(round(unit, 4))} days) disagrees with the summary's unit ({fmt(round(recorded, 4))} days)",
        )
    return unit


def _history_columns(summary: Any) -> list[str]:
    """The columns ``frequency, recency, T, monetary_value`` of a summary, or their ``_cal`` versions."""
    check_frame(summary, "summary", [])
    suffix = "_cal" if "frequency" not in summary.columns and "frequency_cal" in summary.columns else ""
    cols = [f"{c}{suffix}" for c in ("frequency", "recency", "T", "monetary_value")]
    missing = [c for c in cols if c not in summary.columns]
    if missing:
        raise CrmlabInputError(
            missing[0],
            f"summary 缺少列 {', '.join(missing)}（现有列：{', '.join(map(str, summary.columns))}）；"
            f"请传入 btyd_summary 或 calibration_holdout 的结果",
            f"summary has no column {', '.join(missing)}: pass the result of btyd_summary or calibration_holdout",
        )
    return cols


@btyd_table
def customer_lifetime_value(
    summary: pd.DataFrame,
    *,
    bgnbd: BGNBDFit,
    gamma_gamma: GammaGammaFit,
    time_unit: str | float,
    horizon: float,
    discount_rate: float,
    margin: float = 1.0,
    steps_per_year: int = 12,
) -> pd.DataFrame:
    """Discounted future value of each customer from BG/NBD and Gamma-Gamma (预测型客户终生价值).

    The horizon is cut into ``steps_per_year`` steps a year (months by
    default; a last step may be shorter). In step ``k`` a customer is expected to make
    ``E[Y(t_k)] - E[Y(t_{k-1})]`` purchases (BG/NBD, given their history),
    each worth ``margin`` times their expected spend (Gamma-Gamma); the
    step's value is discounted to today at the annual ``discount_rate``:
    ``CLV = Σ_k margin · spend · ΔE[Y]_k / (1 + d)^(k / steps_per_year)``.

    The time unit is explicit: ``time_unit`` says what one unit of the
    summary's ``recency`` and ``T`` (and so of the fitted ``alpha``) is, in
    which ``horizon`` in years is converted (a year is 365.25 days). Getting
    it wrong is a classic error: treating weekly data as daily stretches a
    one-year horizon to seven years.

    Parameters
    ----------
    summary : DataFrame
        ``frequency``, ``recency``, ``T``, ``monetary_value`` per customer
        (from :func:`btyd_summary`; columns ending in ``_cal`` from
        :func:`calibration_holdout` are accepted too).
    bgnbd, gamma_gamma : BGNBDFit, GammaGammaFit
        The fitted models.
    time_unit : {"D", "W", "M"} or float
        Unit of ``recency``/``T``: day, week, month, or a number of days. If
        the summary records its unit (``attrs["unit_days"]``) they must agree.
    horizon : float
        Years ahead (a last step may be shorter, e.g. 0.75 years of 39 weeks).
    discount_rate : float
        Annual discount rate.
    margin : float
        Share of spend that is profit (1 = value in revenue).
    steps_per_year : int
        Discounting steps per year.

    Returns
    -------
    DataFrame
        Indexed like ``summary``: ``probability_alive``,
        ``expected_purchases`` (over the horizon, undiscounted),
        ``expected_spend`` (per purchase) and ``clv``.

    Examples
    --------
    >>> bg = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
    >>> gg = GammaGammaFit(p=6.0, q=4.0, gamma=15.0, loglik=0.0, n_customers=1)
    >>> s = pd.DataFrame({"frequency": [2.0], "recency": [30.0], "T": [39.0], "monetary_value": [25.0]})
    >>> out = customer_lifetime_value(s, bgnbd=bg, gamma_gamma=gg, time_unit="W", horizon=1, discount_rate=0.1)
    >>> out.round(2).values.tolist()
    [[0.72, 1.56, 26.0, 38.77]]
    """
    cols = _history_columns(summary)
    if not isinstance(bgnbd, BGNBDFit):
        raise CrmlabTypeError("bgnbd", "bgnbd 必须是 fit_bgnbd 的结果", "bgnbd must be a BGNBDFit")
    if not isinstance(gamma_gamma, GammaGammaFit):
        raise CrmlabTypeError("gamma_gamma", "gamma_gamma 必须是 fit_gamma_gamma 的结果", "gamma_gamma must be a GammaGammaFit")
    unit = _summary_unit(summary, time_unit)
    years = check_number("horizon", horizon, low=0, low_open=True, cap=MAX_PERIODS)
    d = check_rate("discount_rate", discount_rate)
    mg = check_rate("margin", margin)
    per_year = int(check_number("steps_per_year", steps_per_year, low=1, integer=True, cap=MAX_PERIODS))
    if years * per_year > MAX_PERIODS:
        raise CrmlabInputError(
            "steps_per_year",
            f"horizon × steps_per_year = {fmt(years * per_year)} 步，超过 {MAX_PERIODS}（MAX_PERIODS）",
            f"horizon × steps_per_year = {fmt(years * per_year)} steps, more than {MAX_PERIODS} (MAX_PERIODS)",
        )
    full = int(math.floor(years * per_year + 1e-9))
    step_years = np.arange(1, full + 1) / per_year
    if years - full / per_year > 1e-9:  # a last, shorter step up to the horizon
        step_years = np.append(step_years, years)
    t = step_years * 365.25 / unit  # end of each step in the model's time unit
    x, tx, big_t = _check_rft(summary[cols[0]], summary[cols[1]], summary[cols[2]])
    if len(x) * len(t) > MAX_CELLS:
        raise CrmlabInputError(
            "steps_per_year",
            f"{len(x)} 位客户 × {len(t)} 步超过 {MAX_CELLS} 个格子（MAX_CELLS）；请减小 steps_per_year 或 horizon，或分批计算",
            f"{len(x)} customers x {len(t)} steps is more than {MAX_CELLS} cells (MAX_CELLS); use fewer steps or batches",
        )
    spend = gamma_gamma.conditional_expected_spend(summary[cols[0]], summary[cols[3]])
    cumulative = _conditional_grid(bgnbd, t, x, tx, big_t)  # (customers, steps)
    increments = np.diff(np.concatenate([np.zeros((len(x), 1)), cumulative], axis=1), axis=1)
    discount = (1.0 + d) ** (-step_years)
    return pd.DataFrame(
        {
            "probability_alive": bgnbd._alive(x, tx, big_t),
            "expected_purchases": cumulative[:, -1],
            "expected_spend": spend,
            "clv": mg * spend * (increments @ discount),
        },
        index=summary.index,
    )


def run_rate_forecast(
    frequency: Any, recency: Any, T: Any, monetary_value: Any, *, duration: float, churn_rate: float = 0.0, period_length: float = 52.0
) -> np.ndarray:
    """The naive forecast the simple CLV formula implies: everyone keeps buying at their past rate (按历史速率外推).

    ``frequency / T · duration · monetary_value``, times an average survival
    over ``duration`` when a constant ``churn_rate`` per ``period_length``
    units of time (a year of weeks by default) is applied, as in chapter 6.
    It ignores that a customer who has been silent for long has probably
    left: the comparison point for BG/NBD.

    Examples
    --------
    >>> run_rate_forecast([2], [30], [40], [25.0], duration=39).round(2)
    array([48.75])
    """
    x, tx, t = _check_rft(frequency, recency, T)
    _, m, _ = _check_spend(frequency, monetary_value)
    length = check_number("duration", duration, low=0, low_open=True)
    c = check_rate("churn_rate", churn_rate)
    per = check_number("period_length", period_length, low=0, low_open=True)
    rate = np.divide(x, t, out=np.zeros(len(x)), where=t > 0)
    if c == 0:
        survival = 1.0
    else:
        hazard = -math.log(1 - c) / per  # continuous churn with the same yearly rate
        survival = (1 - math.exp(-hazard * length)) / (hazard * length)  # average survival over the window
    return rate * length * m * survival


@btyd_table
def simple_clv(
    summary: pd.DataFrame,
    *,
    time_unit: str | float,
    churn_rate: float,
    discount_rate: float,
    horizon: int | None = 5,
    margin: float = 1.0,
) -> pd.DataFrame:
    """The chapter-5 formula applied to every customer alike (教材公式的客户终生价值).

    Each customer's yearly revenue is their past repeat-purchase rate times
    their mean repeat spend, ``frequency / T · (units per year) ·
    monetary_value``; it is multiplied by ``margin`` and by the discounted
    number of future years of :func:`crmlab.clv.discounted_lifetime` with one
    ``churn_rate`` for everybody. The formula cannot tell a customer who
    bought last week from one who has been silent for months.

    Returns
    -------
    DataFrame
        Indexed like ``summary``: ``annual_revenue`` and ``clv``.

    Examples
    --------
    >>> s = pd.DataFrame({"frequency": [2.0, 2.0], "recency": [38.0, 4.0], "T": [39.0, 39.0], "monetary_value": [20.0, 20.0]})
    >>> simple_clv(s, time_unit="W", churn_rate=0.2, discount_rate=0.1).round(1).values.tolist()  # same value for both
    [[53.5, 113.7], [53.5, 113.7]]
    """
    from ..clv import discounted_lifetime

    cols = _history_columns(summary)
    unit = _summary_unit(summary, time_unit)
    mg = check_rate("margin", margin)
    x, _, t = _check_rft(summary[cols[0]], summary[cols[1]], summary[cols[2]])
    _, m, _ = _check_spend(summary[cols[0]], summary[cols[3]])
    annual = np.divide(x, t, out=np.zeros(len(x)), where=t > 0) * (365.25 / unit) * m
    years = discounted_lifetime(churn_rate=churn_rate, discount_rate=discount_rate, horizon=horizon)
    return pd.DataFrame({"annual_revenue": annual, "clv": mg * annual * years}, index=summary.index)


@btyd_table
def compare_forecasts(actual: Any, forecasts: dict[str, Any]) -> pd.DataFrame:
    """How well each forecast of per-customer values matches what happened (预测准确度比较).

    Parameters
    ----------
    actual : array-like
        What each customer actually did (e.g. holdout spend).
    forecasts : dict
        Name -> forecast per customer, in the same order.

    Returns
    -------
    DataFrame
        One row per forecast: ``total`` predicted (and the actual total in
        ``actual_total``), ``total_error`` (predicted / actual - 1),
        ``mae`` (mean absolute error per customer) and ``correlation``.

    Examples
    --------
    >>> compare_forecasts([0, 10, 20], {"a": [0, 10, 20], "b": [5, 5, 5]})[["total", "mae"]].values.tolist()
    [[30.0, 0.0], [15.0, 8.333333333333334]]
    """
    y = _as_array("actual", actual)
    if not isinstance(forecasts, Mapping) or not forecasts:
        raise CrmlabTypeError("forecasts", "forecasts 必须是 {名称: 每位客户的预测} 的字典", "forecasts must be a non-empty dict name -> forecast")
    rows = []
    for name, values in forecasts.items():
        f = _as_array(name, values)
        if len(f) != len(y):
            raise CrmlabInputError(name, f"预测 {name} 的长度 {len(f)} 与 actual 的长度 {len(y)} 不同", f"forecast {name} has length {len(f)}, actual {len(y)}")
        corr = float(np.corrcoef(y, f)[0, 1]) if np.ptp(f) > 0 and np.ptp(y) > 0 else math.nan
        rows.append(
            {"forecast": name, "total": float(f.sum()), "actual_total": float(y.sum()),
             "total_error": float(f.sum() / y.sum() - 1) if y.sum() else math.nan,
             "mae": float(np.mean(np.abs(f - y))), "correlation": corr}  # fmt: skip
        )
    return pd.DataFrame(rows).set_index("forecast")


@btyd_table
def segment_comparison(segments: pd.Series, values: pd.DataFrame) -> pd.DataFrame:
    """Customers and the mean of each column of ``values`` per segment (按细分比较).

    ``segments`` and ``values`` are matched on their index (customer);
    customers in only one of them are reported in ``attrs["unmatched"]``.

    Examples
    --------
    >>> seg = pd.Series(["A", "B", "A"], index=[1, 2, 3])
    >>> segment_comparison(seg, pd.DataFrame({"clv": [10.0, 2.0, 20.0]}, index=[1, 2, 3]))
             customers   clv
    segment
    A                2  15.0
    B                1   2.0
    """
    if not isinstance(segments, pd.Series):
        raise CrmlabTypeError("segments", "segments 必须是以客户为索引的一列细分标签", "segments must be a Series indexed by customer")
    check_frame(values, "values", [])
    if segments.isna().any():
        n = int(segments.isna().sum())
        raise CrmlabInputError("segments", f"segments 有 {n} 位客户没有细分标签；请先补上或删除", f"segments has {n} missing label(s)")
    for column in values.columns:
        check_numbers(str(column), values[column], low=-1e300, high=1e300)
    if not segments.index.is_unique or not values.index.is_unique:
        raise CrmlabInputError("segments", "segments 和 values 的索引（客户）不能有重复", "segments and values need unique customer indexes")
    frame = values
    common = segments.index.intersection(frame.index)
    if len(common) == 0:
        raise CrmlabInputError("segments", "segments 与 values 没有共同的客户（索引）", "segments and values share no customer")
    joined = frame.loc[common].assign(segment=segments.loc[common].array)  # .array keeps a categorical's order
    out = joined.groupby("segment", sort=True, observed=True).agg(customers=("segment", "size"), **{c: (c, "mean") for c in frame.columns})
    out.attrs["unmatched"] = int(len(segments) + len(frame) - 2 * len(common))
    return out


@dataclass(frozen=True)
class CustomerForecast:
    """What BG/NBD says about one customer (单个客户的预测).

    Attributes
    ----------
    frequency, recency, T : float
        The customer's history.
    t : float
        Forecast length, in the same time unit.
    probability_alive : float
        ``P(alive | x, t_x, T)``.
    expected_purchases : float
        Expected repeat purchases in the next ``t``.
    if_alive : float
        Expected purchases in the next ``t`` if the customer is certainly alive.
    """

    frequency: float
    recency: float
    T: float
    t: float
    probability_alive: float
    expected_purchases: float
    if_alive: float


def customer_forecast(fit: BGNBDFit, *, frequency: float, recency: float, T: float, t: float) -> CustomerForecast:
    """Probability alive and expected purchases of one customer (单个客户的存活概率与预测购买).

    Examples
    --------
    >>> fit = BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1)
    >>> f = customer_forecast(fit, frequency=3, recency=13, T=39, t=52)
    >>> round(f.probability_alive, 3), round(f.expected_purchases, 2), round(f.if_alive, 2)
    (0.216, 0.66, 3.06)
    """
    if not isinstance(fit, BGNBDFit):
        raise CrmlabTypeError("fit", "fit 必须是 fit_bgnbd 的结果", "fit must be a BGNBDFit")
    horizon = check_number("t", t, low=0)
    x, tx, age = _check_rft([check_number("frequency", frequency)], [check_number("recency", recency)], [check_number("T", T)])
    alive = float(fit._alive(x, tx, age)[0])
    if_alive = float(fit._if_alive(horizon, x, age)[0])
    return CustomerForecast(
        frequency=float(x[0]), recency=float(tx[0]), T=float(age[0]), t=horizon, probability_alive=alive,
        expected_purchases=alive * if_alive, if_alive=if_alive,
    )  # fmt: skip
