"""The customer lifecycle (客户生命周期): stages, patterns, the customer journey and churn warning.

- :func:`lifecycle_curve`: the textbook's model of transaction volume TV(t) and
  profit P(t) over the four stages 考察期 / 形成期 / 稳定期 / 退化期, and
  :func:`pattern_curve` for the four lifecycle patterns.
- :func:`period_series`, :func:`lifecycle_stages`: each real customer's current
  stage, from their own per-period purchase series, by explicit rules.
- :func:`lifecycle_patterns`: which pattern (早期流产 / 中途夭折 / 提前退出 /
  长久保持) a customer's relationship followed.
- :func:`journey_funnel`, :func:`channel_kpis`, :func:`nps`, :func:`csat`,
  :func:`win_backs`: the customer journey 到达 → 获取 → 转换 → 保留 → 流失/赢回
  and its KPIs.
- :func:`churn_warning`: flag customers whose recent activity fell far below
  their own baseline (the 臻选咖啡 case), and :func:`simulate_visits` for 小林.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._validation import (
    MAX_CELLS,
    MAX_PERIODS,
    CrmlabInputError,
    CrmlabTypeError,
    check_as_of,
    check_choice,
    check_date,
    check_flags,
    check_frame,
    check_number,
    check_numbers,
    check_rate,
    check_size,
    check_transactions,
    parse_dates,
)

__all__ = [
    "STAGES",
    "PATTERNS",
    "UNDECIDED",
    "CHURNED",
    "lifecycle_curve",
    "pattern_curve",
    "period_series",
    "smooth_series",
    "lifecycle_stages",
    "lifecycle_patterns",
    "win_backs",
    "journey_funnel",
    "channel_kpis",
    "NPS",
    "nps",
    "csat",
    "churn_warning",
    "visit_schedule",
    "simulate_visits",
    "first_warnings",
    "warning_follow_up",
    "stage_examples",
    "ended_before",
]

STAGES: tuple[str, ...] = ("考察期", "形成期", "稳定期", "退化期")
PATTERNS: tuple[str, ...] = ("早期流产", "中途夭折", "提前退出", "长久保持")
#: Label of a relationship that has ended (no purchase for ``churn_periods``), outside the four stages.
CHURNED = "已流失"
#: Label of an ongoing relationship that has not yet reached the stability stage.
UNDECIDED = "尚难判断"

# how the firm's cost of serving the relationship changes by stage, relative to exploration
_COST_FACTOR = {"考察期": 1.0, "形成期": 0.6, "稳定期": 0.3, "退化期": 0.5}


# ------------------------------------------------------------- model curves


def _segments_curve(segments: Sequence[tuple[str, int, float, float]], margin: float, cost: float) -> pd.DataFrame:
    rows = []
    period = 0
    for stage, length, start, end in segments:
        for i in range(length):
            period += 1
            level = start + (end - start) * (i + 1) / length
            rows.append((period, stage, level, margin * level - cost * _COST_FACTOR[stage]))
    return pd.DataFrame(rows, columns=["period", "stage", "transaction_volume", "profit"])


def lifecycle_curve(
    *,
    exploration: int = 3,
    formation: int = 6,
    stability: int = 12,
    decline: int = 6,
    explore_level: float = 0.2,
    peak: float = 1.0,
    margin: float = 0.3,
    cost: float = 0.15,
) -> pd.DataFrame:
    """The textbook's model of a relationship: transaction volume TV(t) and profit P(t) by period (客户生命周期模型).

    TV rises slowly in 考察期 (to ``explore_level``), fast in 形成期 (to
    ``peak``), stays at the peak in 稳定期 and falls to zero in 退化期 (each
    piece linear, stage lengths in periods). Profit is ``margin * TV`` minus
    the cost of serving the relationship, ``cost`` per period in 考察期 and
    less as the relationship matures (×0.6 in 形成期, ×0.3 in 稳定期, ×0.5 in
    退化期): the firm usually loses money on a customer at first.

    Each stage length is at most :data:`crmlab._validation.MAX_PERIODS` periods.

    Returns
    -------
    pandas.DataFrame
        ``period`` (1, 2, ...), ``stage``, ``transaction_volume``, ``profit``.

    Examples
    --------
    >>> c = lifecycle_curve(exploration=1, formation=2, stability=1, decline=2)
    >>> c["stage"].tolist()
    ['考察期', '形成期', '形成期', '稳定期', '退化期', '退化期']
    >>> c["transaction_volume"].round(2).tolist()
    [0.2, 0.6, 1.0, 1.0, 0.5, 0.0]
    >>> round(float(c["profit"].iloc[0]), 3)  # a loss while exploring
    -0.09
    """
    lengths = {
        name: check_size(name, value, low=0, high=MAX_PERIODS)
        for name, value in (("exploration", exploration), ("formation", formation), ("stability", stability), ("decline", decline))
    }
    if sum(lengths.values()) == 0:
        raise CrmlabInputError("exploration", "四个阶段的长度不能都是 0", "the four stage lengths cannot all be 0")
    low = check_number("explore_level", explore_level, low=0)
    top = check_number("peak", peak, low=0)
    m = check_rate("margin", margin)
    c = check_number("cost", cost, low=0)
    segments = [
        ("考察期", lengths["exploration"], low / 2, low),
        ("形成期", lengths["formation"], low, top),
        ("稳定期", lengths["stability"], top, top),
        ("退化期", lengths["decline"], top, 0.0),
    ]
    return _segments_curve(segments, m, c)


def pattern_curve(pattern: str, **options: Any) -> pd.DataFrame:
    """Model curve of one of the four lifecycle patterns (生命周期模式曲线).

    Built from :func:`lifecycle_curve`'s stages (keyword ``options`` as there):
    早期流产 ends after 考察期; 中途夭折 falls away halfway through 形成期;
    提前退出 leaves after a short 稳定期; 长久保持 stays at the peak for twice
    as long. An early end falls from the level reached to zero in two periods.

    Examples
    --------
    >>> pattern_curve("早期流产", exploration=2)["stage"].tolist()
    ['考察期', '考察期', '退化期', '退化期']
    """
    check_choice("pattern", pattern, PATTERNS)
    full = lifecycle_curve(**options)  # validates the options
    n = {s: int((full["stage"] == s).sum()) for s in STAGES}
    low = float(options.get("explore_level", 0.2))
    top = float(options.get("peak", 1.0))
    margin, cost = float(options.get("margin", 0.3)), float(options.get("cost", 0.15))
    if pattern == "早期流产":
        segments = [("考察期", n["考察期"], low / 2, low), ("退化期", 2, low, 0.0)]
    elif pattern == "中途夭折":
        half = max(1, n["形成期"] // 2)
        reached = low + (top - low) * half / max(n["形成期"], 1)
        segments = [("考察期", n["考察期"], low / 2, low), ("形成期", half, low, reached), ("退化期", 2, reached, 0.0)]
    elif pattern == "提前退出":
        segments = [("考察期", n["考察期"], low / 2, low), ("形成期", n["形成期"], low, top),
                    ("稳定期", max(1, n["稳定期"] // 3), top, top), ("退化期", n["退化期"], top, 0.0)]  # fmt: skip
    else:
        segments = [("考察期", n["考察期"], low / 2, low), ("形成期", n["形成期"], low, top),
                    ("稳定期", 2 * n["稳定期"], top, top), ("退化期", n["退化期"], top, 0.0)]  # fmt: skip
    return _segments_curve([s for s in segments if s[1] > 0], margin, cost)


# ------------------------------------------------------------- real customers


def period_series(
    transactions: pd.DataFrame,
    *,
    as_of: Any,
    freq: str = "M",
    value: str | None = None,
    customer: str = "customer_id",
    date: str = "date",
) -> pd.DataFrame:
    """Each customer's activity per period, counted from their first purchase (个人交易序列).

    Row = customer, column ``k`` = the ``k``-th period after the first purchase
    (0 = the first), up to the period of ``as_of``; the value is the number of
    orders (``value=None``) or the sum of the column ``value``. Periods after
    ``as_of`` for the customer are NaN (not yet happened).

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...                   "date": ["2024-01-05", "2024-01-20", "2024-03-02", "2024-03-10"]})
    >>> s = period_series(t, as_of="2024-03-31")
    >>> s.loc["a"].tolist(), s.loc["b"].tolist()[:1]
    ([2.0, 0.0, 1.0], [1.0])
    """
    check_choice("freq", freq, ["M", "W", "Q"])
    checked = check_transactions(transactions, customer=customer, date=date, amount=value)
    stamp = check_as_of(as_of, checked[date])
    checked = checked[checked[date] <= stamp]
    ordinal = checked[date].dt.to_period(freq).array.asi8
    first = pd.Series(ordinal, index=checked.index).groupby(checked[customer], observed=True).transform("min").to_numpy()
    age = ordinal - first
    weights = checked[value].to_numpy(dtype=float) if value is not None else np.ones(len(checked))
    frame = pd.DataFrame({"customer": checked[customer].to_numpy(), "age": age, "w": weights})
    table = frame.groupby(["customer", "age"], observed=True)["w"].sum().unstack(fill_value=0.0)
    last = pd.Period(stamp, freq).ordinal
    first_by_customer = frame.assign(first=first).groupby("customer", observed=True)["first"].first()
    horizon = last - first_by_customer.reindex(table.index).to_numpy()
    if len(table) * (int(horizon.max()) + 1) > MAX_CELLS:
        raise CrmlabInputError(
            "as_of",
            f"表太大：{len(table)} 位客户 × {int(horizon.max()) + 1} 期超过 {MAX_CELLS} 个格子（MAX_CELLS）；请检查 as_of 或用更长的 freq",
            f"{len(table)} customers x {int(horizon.max()) + 1} periods is more than {MAX_CELLS} cells (MAX_CELLS); check as_of or use a longer freq",
        )
    ages = np.arange(int(horizon.max()) + 1)
    table = table.reindex(columns=ages, fill_value=0.0).astype(float)
    table = table.where(ages[None, :] <= horizon[:, None])
    table.index.name = customer
    table.columns.name = "period"
    return table


def _check_series(series: Any) -> None:
    """A :func:`period_series` table: numbers, NaN allowed (periods that have not happened), no inf."""
    check_frame(series, "series", [])
    for column in series.columns:
        values = series[column]
        check_numbers("series", values.dropna(), allow_empty=True)


def smooth_series(series: pd.DataFrame, *, window: int = 3) -> pd.DataFrame:
    """Moving average of :func:`period_series` over the last ``window`` periods (平滑后的序列).

    Examples
    --------
    >>> s = pd.DataFrame([[3.0, 0.0, 3.0, 6.0]])
    >>> smooth_series(s, window=2).iloc[0].tolist()
    [3.0, 1.5, 1.5, 4.5]
    """
    w = int(check_number("window", window, low=1, high=24, integer=True))
    _check_series(series)
    return pd.DataFrame(_smoothed(series, w), index=series.index, columns=series.columns)


def _smoothed(series: pd.DataFrame, window: int) -> np.ndarray:
    values = series.to_numpy(dtype=float)
    filled = np.where(np.isnan(values), 0.0, values)
    cumulative = np.cumsum(filled, axis=1)
    shifted = np.concatenate([np.zeros((len(values), window)), cumulative[:, :-window]], axis=1)[:, : values.shape[1]]
    counts = np.minimum(np.arange(1, values.shape[1] + 1), window)
    smooth = (cumulative - shifted) / counts
    return np.where(np.isnan(values), np.nan, smooth)


def lifecycle_stages(
    transactions: pd.DataFrame,
    *,
    as_of: Any,
    freq: str = "M",
    value: str | None = None,
    window: int = 6,
    explore_periods: int = 2,
    near_peak: float = 0.5,
    rising: float = 1.0,
    churn_periods: int = 6,
    customer: str = "customer_id",
    date: str = "date",
) -> pd.DataFrame:
    """Each customer's current lifecycle stage, from their own purchase series (当前生命周期阶段).

    The series (orders, or the sum of ``value``, per period since the first
    purchase) is smoothed by a moving average over ``window`` periods. With
    ``level`` = the latest smoothed value, ``peak`` = the highest smoothed
    value so far and ``before`` = the smoothed value ``window`` periods
    earlier, the rules are, in order:

    1. 已流失: no purchase in the last ``churn_periods`` periods;
    2. 考察期: the relationship is at most ``explore_periods`` periods old
       (a one-period history is always 考察期);
    3. 形成期: the level is still rising, ``level > before * (1 + rising)``;
    4. 稳定期: the level is at least ``near_peak`` of the customer's own peak;
    5. 退化期: the level has fallen below ``near_peak`` of the peak.

    Monthly purchase counts are noisy, hence the long default window (six
    months), "rising" meaning doubled and "stable" meaning at least half the
    peak. These defaults agree with the simulated true stage of the course
    shop's customers for about 80% of them (a 3-month window with a 25% rise
    and 70% of the peak: about 65%); on other data treat them as a starting
    point to check.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``periods`` (age of the relationship), ``level``,
        ``before``, ``peak``, ``stage`` (ordered categorical: the four stages
        then 已流失).

    Examples
    --------
    >>> rows = [("new", "2024-06-10"), ("up", "2024-02-01"), ("up", "2024-05-03"), ("up", "2024-06-02"), ("up", "2024-06-20")]
    >>> rows += [("flat", f"2024-{m:02d}-15") for m in range(1, 7)]
    >>> rows += [("down", f"2024-0{m}-{d:02d}") for m in (1, 2, 3) for d in (5, 15, 25)] + [("down", "2024-06-01")]
    >>> t = pd.DataFrame(rows, columns=["customer_id", "date"])
    >>> lifecycle_stages(t, as_of="2024-06-30", window=3, rising=0.25, near_peak=0.7)["stage"].to_dict()
    {'down': '退化期', 'flat': '稳定期', 'new': '考察期', 'up': '形成期'}
    """
    w = int(check_number("window", window, low=1, high=24, integer=True))
    explore = int(check_number("explore_periods", explore_periods, low=1, integer=True))
    near = check_number("near_peak", near_peak, low=0, high=1, low_open=True)
    rise = check_number("rising", rising, low=0)
    gone = int(check_number("churn_periods", churn_periods, low=1, integer=True))
    series = period_series(transactions, as_of=as_of, freq=freq, value=value, customer=customer, date=date)
    smooth = _smoothed(series, w)
    raw = series.to_numpy(dtype=float)
    periods = (~np.isnan(raw)).sum(axis=1)
    last = periods - 1
    rows = np.arange(len(series))
    level = smooth[rows, last]
    before = np.where(last - w >= 0, smooth[rows, np.maximum(last - w, 0)], 0.0)
    peak = np.nanmax(smooth, axis=1)
    recent_orders = np.array([np.nansum(raw[i, max(0, last[i] - gone + 1) : last[i] + 1]) for i in rows])
    codes = np.select(
        [
            (recent_orders == 0) & (periods >= gone),
            periods <= explore,
            level > before * (1 + rise),
            level >= near * peak,
        ],
        [4, 0, 1, 2],
        3,
    )
    out = pd.DataFrame({"periods": periods, "level": level, "before": before, "peak": peak}, index=series.index)
    out["stage"] = pd.Categorical.from_codes(codes, categories=[*STAGES, CHURNED], ordered=True)
    return out


def lifecycle_patterns(
    transactions: pd.DataFrame,
    *,
    as_of: Any,
    freq: str = "M",
    churn_periods: int = 6,
    explore_periods: int = 2,
    stable_active: int = 6,
    customer: str = "customer_id",
    date: str = "date",
) -> pd.DataFrame:
    """Which lifecycle pattern each relationship followed (生命周期模式), by explicit rules.

    A relationship has **ended** when there is no purchase in the last
    ``churn_periods`` periods before ``as_of``. It **reached the stability
    stage** when the customer bought in at least ``stable_active`` different
    periods (an established habit). Then:

    =========  ==========================================================
    早期流产    ended, and all purchases fell within ``explore_periods``
    中途夭折    ended after exploring, without reaching stability
    提前退出    ended after reaching stability
    长久保持    still going on, and has reached stability
    尚难判断    still going on, not yet stable: too early to tell
    =========  ==========================================================

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``span`` (periods from first to last purchase,
        inclusive), ``active_periods``, ``ended``, ``reached_stability`` and
        ``pattern`` (ordered categorical: the four patterns then 尚难判断).

    Examples
    --------
    >>> rows = [("once", "2023-01-10")]
    >>> rows += [("mid", d) for d in ("2023-01-05", "2023-02-05", "2023-03-05", "2023-04-05")]
    >>> rows += [("exit", f"2023-{m:02d}-10") for m in range(1, 9)]
    >>> rows += [("loyal", f"2024-{m:02d}-10") for m in range(1, 13)]
    >>> rows += [("young", "2024-11-10"), ("young", "2024-12-01")]
    >>> t = pd.DataFrame(rows, columns=["customer_id", "date"])
    >>> lifecycle_patterns(t, as_of="2024-12-31")["pattern"].to_dict()
    {'exit': '提前退出', 'loyal': '长久保持', 'mid': '中途夭折', 'once': '早期流产', 'young': '尚难判断'}
    """
    gone = int(check_number("churn_periods", churn_periods, low=1, integer=True))
    explore = int(check_number("explore_periods", explore_periods, low=1, integer=True))
    stable = int(check_number("stable_active", stable_active, low=1, integer=True))
    series = period_series(transactions, as_of=as_of, freq=freq, customer=customer, date=date)
    raw = series.to_numpy(dtype=float)
    bought = np.where(np.isnan(raw), 0.0, raw) > 0
    periods = (~np.isnan(raw)).sum(axis=1)
    last_active = np.array([np.flatnonzero(row).max() for row in bought])
    span = last_active + 1
    active = bought.sum(axis=1)
    ended = (periods - 1 - last_active) >= gone
    stable_reached = active >= stable
    codes = np.select(
        [ended & (span <= explore), ended & ~stable_reached, ended & stable_reached, ~ended & stable_reached],
        [0, 1, 2, 3],
        4,
    )
    out = pd.DataFrame(
        {"span": span, "active_periods": active, "ended": ended, "reached_stability": stable_reached}, index=series.index
    )
    out["pattern"] = pd.Categorical.from_codes(codes, categories=[*PATTERNS, UNDECIDED], ordered=True)
    return out


# --------------------------------------------------------- the customer journey


def win_backs(
    transactions: pd.DataFrame,
    *,
    gap_days: int = 180,
    as_of: Any = None,
    customer: str = "customer_id",
    date: str = "date",
) -> pd.DataFrame:
    """Lapses and returns: customers who stopped buying for more than ``gap_days`` and came back (赢回).

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``lapses`` (gaps longer than ``gap_days``
        between consecutive purchases, or before ``as_of`` after the last
        one), ``returns`` (the gaps that ended with a purchase) and ``won_back``.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "a", "b", "b"], "date": ["2024-01-01", "2024-09-01", "2024-01-01", "2024-02-01"]})
    >>> win_backs(t, as_of="2024-12-31")[["lapses", "returns", "won_back"]].values.tolist()
    [[1, 1, True], [1, 0, False]]
    """
    days = int(check_number("gap_days", gap_days, low=1, integer=True))
    checked = check_transactions(transactions, customer=customer, date=date, amount=None)
    stamp = checked[date].max() if as_of is None else check_as_of(as_of, checked[date])
    ordered = checked.loc[checked[date] <= stamp, [customer, date]].sort_values([customer, date])
    gap = ordered.groupby(customer, observed=True)[date].diff().dt.days
    returns = (gap > days).groupby(ordered[customer], observed=True).sum().astype("int64")
    tail = ((stamp - ordered.groupby(customer, observed=True)[date].max()).dt.days > days).astype("int64")
    out = pd.DataFrame({"lapses": returns + tail, "returns": returns})
    out["won_back"] = out["returns"] > 0
    out.index.name = customer
    return out


def _quarters(values: pd.Series) -> pd.PeriodIndex:
    text = values.astype(str).str.strip().str.upper()
    bad = ~text.str.fullmatch(r"\d{4}-?Q[1-4]")
    if bad.any():
        n = int(bad.sum())
        raise CrmlabInputError(
            "quarter",
            f"channels 的列 quarter 有 {n} 行不是季度（例如 {values[bad].iloc[0]!r}），请写成 \"2024Q1\" 的形式",
            f"channels: column quarter has {n} value(s) that are not quarters such as '2024Q1'",
        )
    return pd.PeriodIndex(text.str.replace("-", ""), freq="Q")


def _lead_dates(people: pd.DataFrame, lead_date: str) -> pd.Series:
    lead = parse_dates(lead_date, people[lead_date])
    if lead.isna().any():
        n = int(lead.isna().sum())
        raise CrmlabInputError(
            lead_date, f"people 的列 {lead_date} 有 {n} 行缺失或无法读成日期", f"people: column {lead_date} has {n} missing or unreadable date(s)"
        )
    return lead


def journey_funnel(
    people: pd.DataFrame,
    transactions: pd.DataFrame,
    channels: pd.DataFrame,
    *,
    as_of: Any,
    churn_days: int = 180,
    customer: str = "customer_id",
    date: str = "date",
    lead_date: str = "lead_date",
) -> pd.DataFrame:
    """The customer journey as a funnel (客户旅程漏斗): 到达 → 获取 → 转换 → 保留 → 流失 / 赢回.

    Each row counts the people who had reached that stage by ``as_of``. The
    first purchase belongs to 获取, as in the goal of 获取 in the course's
    journey table (``journey_stage_notes``) and in the source; leads (people
    who registered but have not bought) are a step inside 获取 and are counted
    per channel by :func:`channel_kpis`.

    - 到达 (Reach): people reached by marketing (``channels["reach"]`` summed
      over the quarters up to ``as_of``);
    - 获取 (Acquisition): people who bought at least once (first purchase);
    - 转换 (Conversion): buyers who bought again on a later day (repeat);
    - 保留 (Retention): repeat buyers who still bought in the last ``churn_days`` days;
    - 流失 (Churn): buyers who at some time went more than ``churn_days`` days
      without a purchase (between two purchases, or since the last one);
    - 赢回 (Win-back): of those, the ones who came back and bought again.

    Returns
    -------
    pandas.DataFrame
        ``stage``, ``count``, ``rate`` (a share of the stage named in
        ``rate_of``: the stage before; 流失 is a share of 获取, the buyers, and
        赢回 of 流失, the customers who lapsed) and ``rate_of``.

    Examples
    --------
    >>> people = pd.DataFrame({"customer_id": ["a", "b", "c"], "lead_date": ["2024-01-01"] * 3})
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"], "date": ["2024-01-05", "2024-12-01", "2024-02-01"]})
    >>> channels = pd.DataFrame({"quarter": ["2024Q1"], "reach": [300]})
    >>> journey_funnel(people, orders, channels, as_of="2024-12-31")["count"].tolist()
    [300, 2, 1, 1, 2, 1]
    """
    check_frame(people, "people", [customer, lead_date])
    check_frame(channels, "channels", ["quarter", "reach"])
    checked = check_transactions(transactions, customer=customer, date=date, amount=None)
    stamp = check_as_of(as_of, checked[date])
    quarters = _quarters(channels["quarter"])
    check_numbers("reach", channels["reach"], low=0)
    check_number("churn_days", churn_days, low=1, integer=True)
    reach = int(channels.loc[(quarters <= stamp.to_period("Q")).tolist(), "reach"].sum())
    _lead_dates(people, lead_date)  # checks the people table and its lead dates (the funnel no longer counts leads)
    known = checked[checked[date] <= stamp]
    days = known[[customer, date]].assign(day=known[date].dt.normalize()).drop_duplicates([customer, "day"])
    per_customer = days.groupby(customer, observed=True)["day"].agg(["size", "max"])
    buyers = len(per_customer)
    again = per_customer["size"] >= 2
    repeat = int(again.sum())
    retained = int((again & ((stamp - per_customer["max"]).dt.days <= churn_days)).sum())
    lapsed = win_backs(known, gap_days=churn_days, as_of=stamp, customer=customer, date=date)
    churned = int((lapsed["lapses"] > 0).sum())
    won = int(lapsed["won_back"].sum())
    rows = [
        ("到达", reach, np.nan, ""),
        ("获取", buyers, buyers / reach if reach else np.nan, "到达"),
        ("转换", repeat, repeat / buyers if buyers else np.nan, "获取"),
        ("保留", retained, retained / repeat if repeat else np.nan, "转换"),
        ("流失", churned, churned / buyers if buyers else np.nan, "获取"),
        ("赢回", won, won / churned if churned else np.nan, "流失"),
    ]
    return pd.DataFrame(rows, columns=["stage", "count", "rate", "rate_of"])


def channel_kpis(
    people: pd.DataFrame,
    transactions: pd.DataFrame,
    channels: pd.DataFrame,
    *,
    as_of: Any,
    value: str = "profit",
    customer: str = "customer_id",
    date: str = "date",
    channel: str = "channel",
    lead_date: str = "lead_date",
) -> pd.DataFrame:
    """Acquisition KPIs per channel (各渠道获客指标): reach, leads, customers, spend, rates, CAC and value.

    ``cac`` = marketing spend / new customers; ``mean_value`` = mean of
    ``value`` per customer so far; ``value_to_cac`` = their ratio (a rough
    CLV:CAC, as value so far understates lifetime value). A channel that won
    no customer has no cost per customer: its ``cac`` and ``value_to_cac`` are
    NaN and it is listed in ``attrs["no_customers"]``; likewise ``lead_rate``
    is NaN without reach and ``conversion`` without leads. Every buyer must be in
    ``people`` (else an error counts the missing ones).

    Examples
    --------
    >>> people = pd.DataFrame({"customer_id": ["a", "b", "c"], "channel": ["友", "友", "广告"], "lead_date": ["2024-01-01"] * 3})
    >>> orders = pd.DataFrame({"customer_id": ["a", "c"], "date": ["2024-01-05", "2024-02-01"], "profit": [90.0, 30.0]})
    >>> channels = pd.DataFrame({"quarter": ["2024Q1", "2024Q1"], "channel": ["友", "广告"], "reach": [20, 500], "spend": [60, 150]})
    >>> k = channel_kpis(people, orders, channels, as_of="2024-12-31").set_index("channel")
    >>> k.loc["友", ["customers", "cac", "value_to_cac"]].tolist()
    [1.0, 60.0, 1.5]
    """
    check_frame(people, "people", [customer, channel, lead_date])
    check_frame(channels, "channels", ["quarter", channel, "reach", "spend"])
    checked = check_transactions(transactions, customer=customer, date=date, amount=value)
    stamp = check_as_of(as_of, checked[date])
    quarters = _quarters(channels["quarter"])
    check_numbers("reach", channels["reach"], low=0)
    check_numbers("spend", channels["spend"], low=0)
    for column in (customer, channel):
        if people[column].isna().any():
            n = int(people[column].isna().sum())
            raise CrmlabInputError(column, f"people 的列 {column} 有 {n} 行缺失", f"people: column {column} has {n} missing value(s)")
    spent = channels.loc[(quarters <= stamp.to_period("Q")).tolist()].groupby(channel, observed=True)[["reach", "spend"]].sum()
    unknown = ~people[channel].isin(spent.index)
    if unknown.any():
        n = int(unknown.sum())
        raise CrmlabInputError(
            channel,
            f"people 有 {n} 人的渠道不在 channels 表（截至 as_of）里（例如 {people.loc[unknown, channel].iloc[0]!r}），无法计算他们的获客成本",
            f"{n} people come from channel(s) missing from channels up to as_of, e.g. {people.loc[unknown, channel].iloc[0]!r}",
        )
    known_people = people[(_lead_dates(people, lead_date) <= stamp).to_numpy()]
    leads = known_people.groupby(channel, observed=True).size()
    totals = checked[checked[date] <= stamp].groupby(customer, observed=True)[value].sum()
    buyer_channel = known_people.set_index(customer)[channel].reindex(totals.index)
    if buyer_channel.isna().any():
        n = int(buyer_channel.isna().sum())
        raise CrmlabInputError(
            "people",
            f"有 {n} 位买过东西的客户不在 people 里（或在 as_of 之后才成为线索），不知道他们来自哪个渠道（例如 {buyer_channel.index[buyer_channel.isna()][0]!r}）",
            f"{n} buyer(s) are missing from people (or became leads after as_of): their channel is unknown",
        )
    customers = buyer_channel.value_counts()
    mean_value = totals.groupby(buyer_channel, observed=True).mean()
    out = spent.assign(leads=leads, customers=customers, mean_value=mean_value).fillna(0)
    out["lead_rate"] = np.divide(out["leads"], out["reach"], out=np.full(len(out), np.nan), where=out["reach"].to_numpy() > 0)
    out["conversion"] = np.divide(out["customers"], out["leads"], out=np.full(len(out), np.nan), where=out["leads"].to_numpy() > 0)
    # a channel that won no customer has no cost per customer: NaN, listed in attrs["no_customers"]
    won = out["customers"] > 0
    out["cac"] = np.where(won, out["spend"] / out["customers"].where(won, 1), np.nan)
    out["value_to_cac"] = np.where(won & (out["cac"] > 0), out["mean_value"] / out["cac"].where(out["cac"] > 0, 1), np.nan)
    out = out[["reach", "leads", "customers", "spend", "lead_rate", "conversion", "cac", "mean_value", "value_to_cac"]]
    out = out.sort_values("value_to_cac", ascending=False).rename_axis(channel).reset_index()
    out.attrs["no_customers"] = out.loc[out["customers"] == 0, channel].tolist()
    return out


@dataclass(frozen=True)
class NPS:
    """Net promoter score (净推荐值): shares of promoters (9-10), passives (7-8), detractors (0-6)."""

    respondents: int
    promoters: float
    passives: float
    detractors: float
    score: float


def _answers(scores: Any) -> pd.Series:
    """Survey answers as numbers; booleans, complex numbers, dates and tables are refused (text and NaN are counted later)."""
    series = scores if isinstance(scores, pd.Series) else None
    if series is None:
        if isinstance(scores, (str, bytes, dict)) or np.ndim(scores) != 1:
            check_numbers("scores", scores)  # raises: not a one-dimensional list of answers
        series = pd.Series(list(scores), dtype=object)
    present = series.dropna()
    if pd.api.types.is_bool_dtype(series) or any(isinstance(v, (bool, np.bool_, complex)) for v in present):
        check_numbers("scores", series.dropna().tolist())  # raises with the kind of value
    if not pd.api.types.is_numeric_dtype(series) and len(present) and not all(isinstance(v, (str, int, float, np.number)) for v in present):
        check_numbers("scores", present)
    if pd.api.types.is_datetime64_any_dtype(series):
        check_numbers("scores", series)
    return pd.to_numeric(series, errors="coerce")


def nps(scores: Any) -> NPS:
    """Net promoter score from 0-10 answers to "how likely would you recommend us?" (净推荐值).

    NPS = % promoters (9-10) - % detractors (0-6), from -100 to 100.

    Examples
    --------
    >>> r = nps([10, 9, 8, 7, 6, 3, 10, 9, 9, 0])
    >>> r.promoters, r.detractors, r.score
    (0.5, 0.3, 20.0)
    """
    values = _answers(scores)
    bad = int((values.isna() | (values < 0) | (values > 10) | (values != values.round())).sum())
    if len(values) == 0 or bad:
        raise CrmlabInputError(
            "scores", f"NPS 的答案必须是 0-10 的整数，有 {bad} 个不是（共 {len(values)} 个）", f"NPS answers must be whole numbers 0-10; {bad} are not"
        )
    n = len(values)
    promoters = float((values >= 9).sum() / n)
    detractors = float((values <= 6).sum() / n)
    return NPS(respondents=n, promoters=promoters, passives=1 - promoters - detractors, detractors=detractors,
               score=round(100 * (promoters - detractors), 10))  # fmt: skip


def csat(scores: Any, *, satisfied: int = 4, scale: int = 5) -> float:
    """Customer satisfaction score (客户满意度): the share answering ``satisfied`` or more on a 1-``scale`` scale.

    Examples
    --------
    >>> csat([5, 4, 3, 2, 5])
    0.6
    """
    top = int(check_number("scale", scale, low=2, integer=True))
    cut = check_number("satisfied", satisfied, low=1, high=top)
    values = _answers(scores)
    bad = int((values.isna() | (values < 1) | (values > top)).sum())
    if len(values) == 0 or bad:
        raise CrmlabInputError(
            "scores", f"满意度答案必须在 1-{top} 之间，有 {bad} 个不是", f"CSAT answers must be 1-{top}; {bad} are not"
        )
    return float((values >= cut).mean())


# ------------------------------------------------------------- churn warning


def churn_warning(
    transactions: pd.DataFrame,
    *,
    as_of: Any,
    baseline_days: int = 90,
    recent_days: int = 30,
    drop: float = 0.5,
    min_baseline: int = 3,
    customer: str = "customer_id",
    date: str = "date",
) -> pd.DataFrame:
    """Flag customers whose recent activity fell far below their own usual level (流失预警).

    For each customer, the purchase rate (per 30 days) in the ``recent_days``
    before ``as_of`` is compared with the rate in the ``baseline_days`` before
    that. A customer is flagged when they had at least ``min_baseline``
    purchases in the baseline window (so that there was a habit to lose) and
    the recent rate is below ``drop`` times the baseline rate.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer (those with a purchase in either window):
        ``baseline``, ``recent`` (purchases), ``baseline_rate``,
        ``recent_rate``, ``activity_ratio`` (recent / baseline rate, 近期/基准频率比)
        and ``flagged``.

    Examples
    --------
    >>> visits = [f"2024-0{m}-{d:02d}" for m in (1, 2, 3) for d in (3, 10, 17, 24)]
    >>> t = pd.DataFrame({"customer_id": "小林", "date": visits + ["2024-04-02"]})
    >>> w = churn_warning(t, as_of="2024-04-30")
    >>> w[["baseline", "recent", "flagged"]].values.tolist()
    [[12, 1, True]]
    """
    base = int(check_number("baseline_days", baseline_days, low=1, integer=True))
    recent = int(check_number("recent_days", recent_days, low=1, integer=True))
    d = check_number("drop", drop, low=0, high=1)
    minimum = int(check_number("min_baseline", min_baseline, low=1, integer=True))
    checked = check_transactions(transactions, customer=customer, date=date, amount=None)
    stamp = check_as_of(as_of, checked[date])
    split = stamp - pd.Timedelta(days=recent)
    start = split - pd.Timedelta(days=base)
    when = checked[date]
    in_recent = (when > split) & (when <= stamp)
    in_base = (when > start) & (when <= split)
    counts = pd.DataFrame({"baseline": in_base, "recent": in_recent}).groupby(checked[customer], observed=True).sum()
    counts = counts[(counts["baseline"] > 0) | (counts["recent"] > 0)].astype("int64")
    counts["baseline_rate"] = counts["baseline"] * 30 / base
    counts["recent_rate"] = counts["recent"] * 30 / recent
    counts["activity_ratio"] = np.divide(
        counts["recent_rate"], counts["baseline_rate"], out=np.full(len(counts), np.inf), where=counts["baseline_rate"] > 0
    )
    counts["flagged"] = (counts["baseline"] >= minimum) & (counts["recent_rate"] < d * counts["baseline_rate"])
    counts.index.name = customer
    return counts


def visit_schedule(*, start: str = "2024-03-04", weeks: Sequence[int] = (2, 6, 20, 8)) -> pd.DataFrame:
    """When each of the four stages of :func:`simulate_visits` begins and ends (小林的阶段时间表).

    The first stage begins on ``start``; later stages begin on a Monday, after
    ``weeks[i]`` whole weeks (counted from the Monday of ``start``'s week).

    Examples
    --------
    >>> visit_schedule()[["stage", "start"]].astype(str).values.tolist()[-1]
    ['退化期', '2024-09-16']
    """
    _check_four("weeks", weeks)
    if len(weeks) != 4:
        raise CrmlabInputError("weeks", "weeks 需要四个数（四个阶段）", "weeks needs four values")
    first = check_date("start", start)
    monday = first - pd.Timedelta(days=first.weekday())
    bounds = np.concatenate([[0], np.cumsum([check_size("weeks", w, low=0, high=MAX_WEEKS) for w in weeks])])
    if bounds[-1] > MAX_WEEKS:
        raise CrmlabInputError("weeks", f"weeks 合计不能超过 {MAX_WEEKS} 周（MAX_WEEKS）", f"weeks must add up to at most {MAX_WEEKS} (MAX_WEEKS)")
    starts = [monday + pd.Timedelta(weeks=int(b)) for b in bounds[:-1]]
    starts[0] = first
    ends = [monday + pd.Timedelta(weeks=int(b)) for b in bounds[1:]]
    return pd.DataFrame({"stage": list(STAGES), "start": starts, "end": ends})


#: Upper bound for the weeks of :func:`visit_schedule` and :func:`simulate_visits` together (about 100 years).
MAX_WEEKS = 5_200
#: Upper bound for the check dates of :func:`first_warnings` (about 20 years of weekly checks).
MAX_SCANS = 1_000


def _check_four(name: str, values: Any) -> None:
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__len__") or not hasattr(values, "__getitem__"):
        raise CrmlabTypeError(name, f"{name} 必须是四个数（四个阶段）的列表，收到 {values!r}", f"{name} must be a list of four numbers, got {values!r}")


def simulate_visits(
    *,
    seed: int,
    start: str = "2024-03-04",
    weeks: Sequence[int] = (2, 6, 20, 8),
    visits_per_week: Sequence[float] = (0.8, 2.0, 3.5, 0.15),
    customer: str = "小林",
    price: float = 32.0,
) -> pd.DataFrame:
    """Simulate 小林's visits to 臻选咖啡 through the four stages of the case (模拟小林的到店记录).

    Stage ``i`` lasts ``weeks[i]`` weeks with ``visits_per_week[i]`` visits a
    week on average (Poisson), on weekdays; 考察期 starts with her first,
    discounted visit. In 形成期 the rate climbs from the 考察期 level, in
    退化期 it collapses after the office moves.

    Returns
    -------
    pandas.DataFrame
        ``customer_id``, ``date``, ``amount`` (yuan), ``stage``.

    Examples
    --------
    >>> v = simulate_visits(seed=7)
    >>> v["stage"].unique().tolist(), v["date"].min().date().isoformat()
    (['考察期', '形成期', '稳定期', '退化期'], '2024-03-04')
    """
    rng = np.random.default_rng(int(check_number("seed", seed, low=0, integer=True)))
    _check_four("weeks", weeks)
    _check_four("visits_per_week", visits_per_week)
    if len(weeks) != 4 or len(visits_per_week) != 4:
        raise CrmlabInputError("weeks", "weeks 和 visits_per_week 各需要四个数（四个阶段）", "weeks and visits_per_week need four values")
    first = check_date("start", start)
    if sum(check_size("weeks", w, low=0, high=MAX_WEEKS) for w in weeks) > MAX_WEEKS:
        raise CrmlabInputError("weeks", f"weeks 合计不能超过 {MAX_WEEKS} 周（MAX_WEEKS）", f"weeks must add up to at most {MAX_WEEKS} (MAX_WEEKS)")
    price = check_number("price", price, low=0)
    monday = first - pd.Timedelta(days=first.weekday())
    rows = [(customer, first, round(price / 2, 2), STAGES[0])]  # the first cup: buy one, get one free
    week, previous = 0, check_number("visits_per_week", visits_per_week[0], low=0)
    for stage, n_weeks, rate in zip(STAGES, weeks, visits_per_week):
        n_weeks = int(check_number("weeks", n_weeks, low=0, integer=True))
        rate = check_number("visits_per_week", rate, low=0)
        for k in range(n_weeks):
            level = previous + (rate - previous) * (k + 1) / n_weeks if stage == "形成期" else rate
            week_start = monday + pd.Timedelta(weeks=week)
            for weekday in sorted(rng.choice(5, size=min(5, int(rng.poisson(level))), replace=False)):
                visit = week_start + pd.Timedelta(days=int(weekday))
                if visit > rows[-1][1]:
                    rows.append((customer, visit, round(price * rng.uniform(0.9, 1.3), 2), stage))
            week += 1
        previous = rate
    return pd.DataFrame(rows, columns=["customer_id", "date", "amount", "stage"])


def first_warnings(
    transactions: pd.DataFrame,
    *,
    end: Any,
    start: Any = None,
    every: str = "W-SUN",
    since: Any = None,
    baseline_days: int = 90,
    recent_days: int = 30,
    drop: float = 0.5,
    min_baseline: int = 3,
    customer: str = "customer_id",
    date: str = "date",
) -> pd.DataFrame:
    """When :func:`churn_warning` first flags each customer, checking on a regular schedule (首次预警日期).

    The warning is run as of every date of ``pandas.date_range(start, end,
    freq=every)`` (by default every Sunday from the first purchase to
    ``end``), as a shop would run it once a week; the first of those dates on
    which a customer is flagged is their first warning.

    Parameters
    ----------
    transactions : pandas.DataFrame
        The purchase log, with ``customer`` and ``date`` columns.
    end, start : date-like
        The scan runs from ``start`` (default: the first purchase) to ``end``.
    every : str
        A pandas frequency for the scan dates, e.g. ``"W-SUN"`` or ``"D"``;
        at most :data:`MAX_SCANS` dates.
    since : date-like, optional
        A reference date (e.g. the start of the decline); adds ``days_after``,
        the days from it to the first warning.
    baseline_days, recent_days, drop, min_baseline
        As in :func:`churn_warning`.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer, in order of first purchase: ``first_warning``
        (``NaT`` when the customer was never flagged) and, with ``since``,
        ``days_after`` (``NaN`` when never flagged).

    Examples
    --------
    >>> visits = [f"2024-0{m}-{d:02d}" for m in (1, 2, 3) for d in (3, 10, 17, 24)] + ["2024-04-02"]
    >>> t = pd.DataFrame({"customer_id": "小林", "date": visits})
    >>> w = first_warnings(t, end="2024-05-31", since="2024-03-25")
    >>> w.loc["小林", "first_warning"].date().isoformat(), float(w.loc["小林", "days_after"])
    ('2024-04-28', 34.0)
    """
    checked = check_transactions(transactions, customer=customer, date=date, amount=None)
    stop = check_as_of(end, checked[date], name="end")
    begin = checked[date].min() if start is None else check_as_of(start, checked[date], name="start")
    try:
        scan = pd.date_range(begin, stop, freq=every)
    except (ValueError, TypeError) as err:
        raise CrmlabInputError(
            "every", f"every 不是 pandas 的频率：{every!r}（例如 \"W-SUN\"）", f"every is not a pandas frequency: {every!r}"
        ) from err
    if len(scan) == 0:
        raise CrmlabInputError(
            "end",
            f"从 {begin.date()} 到 {stop.date()} 之间没有检查日期（every={every!r}）",
            f"no scan date between {begin.date()} and {stop.date()} (every={every!r})",
        )
    if len(scan) > MAX_SCANS:
        raise CrmlabInputError(
            "end",
            f"从 {begin.date()} 到 {stop.date()} 有 {len(scan)} 个检查日期（every={every!r}），上限是 {MAX_SCANS}（MAX_SCANS）；"
            "请缩短时间段或放宽 every，例如 every=\"W-SUN\"",
            f"{len(scan)} scan dates between {begin.date()} and {stop.date()} (every={every!r}); the bound is {MAX_SCANS} "
            "(MAX_SCANS): shorten the period or scan less often",
        )
    reference = None if since is None else check_date("since", since)
    order = checked.sort_values(date, kind="stable")[customer].drop_duplicates()
    first = pd.Series(pd.NaT, index=pd.Index(order.tolist(), name=customer), dtype="datetime64[ns]")
    for stamp in scan:
        warning = churn_warning(
            checked, as_of=stamp, baseline_days=baseline_days, recent_days=recent_days, drop=drop,
            min_baseline=min_baseline, customer=customer, date=date,
        )
        new = warning.index[warning["flagged"].to_numpy()]
        new = new[first.reindex(new).isna().to_numpy()]
        first.loc[new] = stamp
    out = pd.DataFrame({"first_warning": first})
    if reference is not None:
        out["days_after"] = (out["first_warning"] - reference).dt.days.astype(float)
    return out


def warning_follow_up(
    warning: pd.DataFrame,
    transactions: pd.DataFrame,
    *,
    as_of: Any,
    customer: str = "customer_id",
    date: str = "date",
) -> pd.DataFrame:
    """Did the flagged customers come back? Warned and not warned, side by side (预警的事后检验).

    ``warning`` is a :func:`churn_warning` result as of ``as_of``; a customer
    *came back* when they have any purchase in ``transactions`` after ``as_of``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``flagged`` (``"未被预警"``, ``"被预警"``): ``customers`` and
        ``came_back`` (the share of them with a later purchase).

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["甲", "甲", "乙", "乙", "丙"],
    ...                   "date": ["2024-01-10", "2024-02-10", "2024-01-20", "2024-03-05", "2024-02-01"]})
    >>> w = pd.DataFrame({"flagged": [True, False, True]}, index=pd.Index(["甲", "乙", "丙"], name="customer_id"))
    >>> warning_follow_up(w, t, as_of="2024-02-29").values.tolist()
    [[1.0, 1.0], [2.0, 0.0]]
    """
    check_frame(warning, "warning", ["flagged"])
    checked = check_transactions(transactions, customer=customer, date=date, amount=None)
    stamp = check_as_of(as_of, checked[date])
    flagged = check_flags("flagged", warning["flagged"])
    later = pd.unique(checked.loc[checked[date] > stamp, customer])
    came_back = pd.Series(warning.index.isin(later), index=warning.index)
    groups = flagged.astype(bool)
    out = pd.DataFrame({"customers": groups.groupby(groups, observed=True).size(), "came_back": came_back.groupby(groups, observed=True).mean()})
    out.index = pd.Index([("被预警" if f else "未被预警") for f in out.index], name="flagged")
    return out


def stage_examples(stages: pd.DataFrame, truth: pd.Series | None = None) -> pd.Series:
    """One example customer per lifecycle stage (各阶段的示例客户).

    For each of :data:`STAGES`, the first customer (in the order of
    ``stages``) whom :func:`lifecycle_stages` puts in that stage and, when
    ``truth`` (the simulated true stage, indexed by customer) is given, who
    truly is in it. Stages without such a customer are left out.

    Returns
    -------
    pandas.Series
        The example customer, indexed by stage.

    Examples
    --------
    >>> s = pd.DataFrame({"stage": ["稳定期", "考察期", "稳定期"]}, index=["甲", "乙", "丙"])
    >>> stage_examples(s).to_dict()
    {'考察期': '乙', '稳定期': '甲'}
    >>> stage_examples(s, truth=pd.Series({"甲": "退化期", "乙": "考察期", "丙": "稳定期"})).to_dict()
    {'考察期': '乙', '稳定期': '丙'}
    """
    check_frame(stages, "stages", ["stage"])
    rule = stages["stage"].astype(object)
    agree = np.ones(len(stages), dtype=bool)
    if truth is not None:
        if not isinstance(truth, pd.Series):
            raise CrmlabInputError(
                "truth", f"真实结果 truth 必须是按客户索引的 pandas Series，收到 {type(truth).__name__}",
                f"truth must be a pandas Series indexed by customer, got {type(truth).__name__}",
            )
        missing = int((~stages.index.isin(truth.index)).sum())
        if missing:
            raise CrmlabInputError(
                "truth", f"truth 缺少 {missing} 位客户的真实阶段", f"truth has no stage for {missing} customer(s)"
            )
        agree = (truth.reindex(stages.index).astype(object) == rule).to_numpy()
    found = {s: stages.index[agree & (rule == s).to_numpy()] for s in STAGES}
    return pd.Series({s: who[0] for s, who in found.items() if len(who)}, name=stages.index.name or "customer", dtype=object)


def ended_before(
    customers: pd.DataFrame, date: Any, *, customer: str = "customer_id", end: str = "relationship_end"
) -> list[Any]:
    """The customers whose relationship ended before ``date`` (提前结束关系的客户).

    ``customers`` has one row per customer with the date the relationship
    ended in ``end`` (empty for relationships still going on), as the course
    shop's simulation truth ``relationship_end``.

    Examples
    --------
    >>> c = pd.DataFrame({"customer_id": ["甲", "乙", "丙"],
    ...                   "relationship_end": pd.to_datetime(["2025-01-31", None, "2025-09-30"])})
    >>> ended_before(c, "2025-06-30")
    ['甲']
    """
    check_frame(customers, "customers", [customer, end])
    stamp = check_date("date", date)
    ends = parse_dates(end, customers[end])
    bad = int((ends.isna() & customers[end].notna()).sum())
    if bad:
        raise CrmlabInputError(end, f"{end} 列有 {bad} 个值不是日期", f"{bad} values of column {end} are not dates")
    return customers.loc[(ends < stamp).to_numpy(), customer].tolist()
