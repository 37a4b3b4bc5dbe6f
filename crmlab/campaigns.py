"""Did the campaign work? (营销活动的效果评估): a randomised control group, lift with a confidence interval,
why a before/after comparison misleads, and the cost side.

- :func:`campaign_lift`: the difference between the treatment and the control group in an outcome
  (purchase rate, revenue, profit per customer), with a normal-approximation confidence interval
  (the Welch standard error); with the simulation's potential outcomes it also reports the true effect.
- :func:`before_after`: each group's outcome in the window before and after the campaign: the
  treatment group's change alone (no control) is what a before/after comparison reports.
- :func:`campaign_value`: the incremental profit per contacted customer after the contact cost and
  the coupons (also those paid to customers who would have bought anyway), with its interval.

Targeting: :mod:`crmlab.targeting`, :mod:`crmlab.uplift`; :mod:`crmlab.winback`; :mod:`crmlab.association`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import pandas as pd

from ._columns import _column, _names
from ._validation import (
    CrmlabInputError,
    check_as_of,
    check_choice,
    check_flags,
    check_number,
    check_numbers,
    check_transactions,
)

__all__ = [
    "GROUPS",
    "OUTCOME_LABELS",
    "CampaignLift",
    "campaign_lift",
    "campaign_lifts",
    "true_effect",
    "outcome_values",
    "before_after",
    "CampaignValue",
    "campaign_value",
]

#: How the two groups are shown: the treatment group (got the offer) and the control group.
GROUPS = {True: "实验组", False: "对照组"}
#: How the outcomes of the course's campaign table are named in a table of lifts.
OUTCOME_LABELS = {"purchased": "购买率", "revenue": "每位客户的收入（元）", "profit": "每位客户的毛利（元）"}
_DIFFERENCE = "提升（实验组 − 对照组）"


def outcome_values(campaign: pd.DataFrame, outcome: str) -> pd.Series:
    """One outcome column as floats: yes/no outcomes as 1/0, numbers checked (结果变量).

    Examples
    --------
    >>> outcome_values(pd.DataFrame({"purchased": [True, False]}), "purchased").tolist()
    [1.0, 0.0]
    """
    _column(campaign, "campaign", "outcome", outcome)
    values = campaign[outcome]
    if pd.api.types.is_bool_dtype(values.dtype) or (values.dtype == object and values.map(type).isin([bool, str]).all()):
        return check_flags(outcome, values).astype(float)
    return check_numbers(outcome, values)


def _groups(campaign: pd.DataFrame, treated: str) -> pd.Series:
    _column(campaign, "campaign", "treated", treated)
    flags = check_flags(treated, campaign[treated])
    for flag, name in GROUPS.items():
        if int((flags == flag).sum()) < 2:
            raise CrmlabInputError(
                treated, f"{name}至少要有 2 位客户，收到 {int((flags == flag).sum())} 位", "each group needs at least 2 customers"
            )
    return flags


@dataclass(frozen=True)
class CampaignLift:
    """The effect of a campaign on one outcome, treatment minus control (活动提升).

    ``lift`` is the difference of the group means; ``lower`` and ``upper`` bound it with
    probability ``confidence`` (normal approximation, Welch standard error ``std_error``);
    ``relative_lift`` is ``lift / control_mean``. ``true_lift`` is the mean difference of the
    two potential outcomes over all customers when the table has them (simulation truth,
    columns ``<outcome>_treated`` and ``<outcome>_control``), else ``None``.
    """

    outcome: str
    treated_mean: float
    control_mean: float
    n_treated: int
    n_control: int
    lift: float
    std_error: float
    lower: float
    upper: float
    confidence: float
    true_lift: float | None = None

    @property
    def relative_lift(self) -> float:
        """The lift as a share of the control mean (``nan`` if the control mean is 0).

        Examples
        --------
        >>> t = pd.DataFrame({"treated": [1, 1, 0, 0], "purchased": [1, 0, 0, 0.5]})
        >>> campaign_lift(t).relative_lift
        1.0
        """
        return self.lift / self.control_mean if self.control_mean else math.nan

    @property
    def verdict(self) -> str:
        """有效 if the whole interval is above 0, 有害 if below, else 无法确定.

        Examples
        --------
        >>> t = pd.DataFrame({"treated": [1, 1, 0, 0], "purchased": [1, 1, 0, 0.1]})
        >>> campaign_lift(t).verdict
        '有效'
        """
        if self.lower > 0:
            return "有效"
        if self.upper < 0:
            return "有害"
        return "无法确定"

    def table(self) -> pd.DataFrame:
        """The two groups and the difference: customers and mean outcome (分组结果).

        Examples
        --------
        >>> t = pd.DataFrame({"treated": [1, 1, 0, 0], "purchased": [1, 0, 0, 0]})
        >>> campaign_lift(t).table()["mean"].tolist()
        [0.5, 0.0, 0.5]
        """
        return pd.DataFrame(
            {"customers": [self.n_treated, self.n_control, self.n_treated + self.n_control],
             "mean": [self.treated_mean, self.control_mean, self.lift],
             "lower": [math.nan, math.nan, self.lower], "upper": [math.nan, math.nan, self.upper]},
            index=pd.Index([GROUPS[True], GROUPS[False], _DIFFERENCE], name="group"),
        )  # fmt: skip


def campaign_lift(
    campaign: pd.DataFrame, *, outcome: str = "purchased", treated: str = "treated", confidence: float = 0.95
) -> CampaignLift:
    """Lift of a randomised campaign in one outcome, with a confidence interval (活动提升与置信区间).

    With customers assigned to the groups at random, the difference of the group means
    estimates the campaign's average effect. Its standard error is
    ``sqrt(s_T² / n_T + s_C² / n_C)`` (sample variances, Welch), and the interval is
    ``lift ± z · std_error`` with the normal quantile ``z`` (1.96 for 95%). Yes/no outcomes
    are read as 1/0, so the lift of ``purchased`` is a difference of purchase rates.

    Parameters
    ----------
    campaign : DataFrame
        One row per customer: the group flag ``treated`` and the ``outcome``.
    outcome : str, default "purchased"
        Column of the outcome (yes/no or a number such as ``revenue``).
    treated : str, default "treated"
        Column saying whether the customer got the offer (True/False, 1/0 or 是/否).
    confidence : float, default 0.95
        Coverage of the interval, in (0, 1).

    Examples
    --------
    Four customers got a coupon and two of them bought; one of four in the control group bought:

    >>> t = pd.DataFrame({"treated": [1, 1, 1, 1, 0, 0, 0, 0], "purchased": [1, 1, 0, 0, 1, 0, 0, 0]})
    >>> r = campaign_lift(t)
    >>> r.treated_mean, r.control_mean, r.lift
    (0.5, 0.25, 0.25)
    >>> round(r.std_error, 4), round(r.lower, 3), round(r.upper, 3)
    (0.3819, -0.498, 0.998)
    """
    level = check_number("confidence", confidence, low=0, high=1, low_open=True, high_open=True)
    flags = _groups(campaign, treated).to_numpy()
    y = outcome_values(campaign, outcome).to_numpy()
    truth = None
    if {f"{outcome}_treated", f"{outcome}_control"} <= set(campaign.columns):
        truth = float((outcome_values(campaign, f"{outcome}_treated") - outcome_values(campaign, f"{outcome}_control")).mean())
    return _lift(outcome, y, flags, level, truth)


def _lift(outcome: str, y: Any, flags: Any, level: float, truth: float | None) -> CampaignLift:
    """:class:`CampaignLift` from checked numpy arrays of outcomes and group flags."""
    yt, yc = y[flags], y[~flags]
    se = math.sqrt(float(yt.var(ddof=1)) / len(yt) + float(yc.var(ddof=1)) / len(yc))
    z = NormalDist().inv_cdf(0.5 + level / 2)
    lift = float(yt.mean() - yc.mean())
    return CampaignLift(outcome, float(yt.mean()), float(yc.mean()), len(yt), len(yc), lift, se, lift - z * se, lift + z * se,
                        level, truth)  # fmt: skip


def campaign_lifts(
    campaign: pd.DataFrame,
    outcomes: tuple[str, ...] | list[str] = ("purchased", "revenue", "profit"),
    *,
    treated: str = "treated",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """:func:`campaign_lift` of several outcomes, one row each (各项结果的活动提升).

    Rows are named by :data:`OUTCOME_LABELS` (or the glossary term); columns ``treated_mean``,
    ``control_mean``, ``uplift`` (the estimated lift, treatment − control), ``lower``, ``upper``,
    ``relative_lift``, ``verdict`` and, when the table has the potential outcomes of every row,
    ``true_uplift``.

    Examples
    --------
    >>> t = pd.DataFrame({"treated": [1, 1, 0, 0], "purchased": [1, 1, 0, 1], "revenue": [9.0, 5, 0, 4]})
    >>> campaign_lifts(t, ["purchased", "revenue"])[["uplift", "relative_lift"]].values.tolist()
    [[0.5, 1.0], [5.0, 2.5]]
    """
    from .glossary import term

    names = _names("outcomes", outcomes)
    for name in names:
        _column(campaign, "campaign", "outcomes", name)
    rows = []
    for name in names:
        r = campaign_lift(campaign, outcome=name, treated=treated, confidence=confidence)
        rows.append({"outcome": OUTCOME_LABELS.get(name, term(name)), "treated_mean": r.treated_mean, "control_mean": r.control_mean,
                     "uplift": r.lift, "lower": r.lower, "upper": r.upper, "relative_lift": r.relative_lift, "verdict": r.verdict,
                     "true_uplift": r.true_lift})  # fmt: skip
    table = pd.DataFrame(rows).set_index("outcome")
    if table["true_uplift"].isna().any():
        table = table.drop(columns="true_uplift")
    return table


def true_effect(campaign: pd.DataFrame, *, outcome: str = "purchased") -> pd.Series:
    """Each customer's true effect of the offer (simulation truth): ``<outcome>_treated − <outcome>_control``.

    Real campaigns never show both potential outcomes of one customer; the simulated course
    shop keeps both, so a targeting model can be scored against the truth.

    Examples
    --------
    >>> t = pd.DataFrame({"purchased_treated": [True, True], "purchased_control": [False, True]})
    >>> true_effect(t).tolist()
    [1.0, 0.0]
    """
    effect = outcome_values(campaign, f"{outcome}_treated") - outcome_values(campaign, f"{outcome}_control")
    return effect.rename("true_effect")


def before_after(
    campaign: pd.DataFrame,
    transactions: pd.DataFrame,
    *,
    campaign_date: Any,
    window_days: int = 90,
    outcome: str = "purchased",
    treated: str = "treated",
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
) -> pd.DataFrame:
    """Each group before and after the campaign (活动前后对比): why "before vs after" misleads.

    "Before" is read from the transaction log: the share of the group's customers who bought
    in the ``window_days`` days before ``campaign_date`` (``outcome="purchased"``), or their
    mean ``amount`` there (``outcome="revenue"``). "After" is the group's mean ``outcome`` in
    the campaign table (the window after the campaign). A before/after comparison without a
    control reports the treatment group's ``change``; the control group's change shows what
    would have happened anyway, and the difference of the two changes is the
    difference-in-differences (the last row).

    Returns
    -------
    DataFrame
        Indexed by group (实验组, 对照组, and their difference): ``customers``,
        ``before_campaign``, ``after_campaign``, ``change``.

    Examples
    --------
    >>> c = pd.DataFrame({"customer_id": ["a", "b", "c", "d"], "treated": [1, 1, 0, 0], "purchased": [1, 1, 0, 1]})
    >>> t = pd.DataFrame({"customer_id": ["a", "b", "c", "d"], "date": ["2025-06-01", "2025-06-20", "2025-05-01", "2025-06-02"],
    ...                   "amount": [10.0, 20.0, 5.0, 5.0]})
    >>> before_after(c, t, campaign_date="2025-07-01")["change"].tolist()
    [0.0, -0.5, 0.5]
    """
    check_choice("outcome", outcome, ["purchased", "revenue"])
    _column(campaign, "campaign", "customer", customer)
    days = int(check_number("window_days", window_days, low=1, high=3650, integer=True))
    flags = _groups(campaign, treated)
    log = check_transactions(transactions, customer=customer, date=date, amount=amount)
    start = check_as_of(campaign_date, log[date], name="campaign_date").normalize()
    window = log[(log[date] >= start - pd.Timedelta(days=days)) & (log[date] < start)]
    if outcome == "purchased":
        before = campaign[customer].isin(set(window[customer])).astype(float)
    else:
        before = campaign[customer].map(window.groupby(customer)[amount].sum()).fillna(0.0).astype(float)
    after = outcome_values(campaign, outcome)
    rows = []
    for flag, name in GROUPS.items():
        mask = (flags == flag).to_numpy()
        b, a = float(before[mask].mean()), float(after[mask].mean())
        rows.append((name, int(mask.sum()), b, a, a - b))
    rows.append((_DIFFERENCE, rows[0][1] + rows[1][1], *(x - y for x, y in zip(rows[0][2:], rows[1][2:]))))
    return pd.DataFrame(rows, columns=["group", "customers", "before_campaign", "after_campaign", "change"]).set_index("group")


@dataclass(frozen=True)
class CampaignValue:
    """Is the uplift worth the campaign? Incremental profit per contacted customer (活动的投入产出).

    ``net`` is the :class:`CampaignLift` of the profit net of campaign costs (treatment:
    profit − contact cost − coupon value × purchased; control: profit). ``table`` splits the
    expected result per contacted customer into the gross profit lift, the contact cost and the
    coupons, with the part of the coupons that went to customers who would have bought anyway
    (estimated by the control group's purchase rate). ``true_net`` is the simulation's true net
    effect when the table has the potential outcomes, else ``None``.
    """

    net: CampaignLift
    table: pd.DataFrame
    n_contacted: int
    break_even_coupon: float
    true_net: float | None

    @property
    def verdict(self) -> str:
        """值得 (the interval of the net profit is above 0), 不值得 (below) or 无法确定.

        Examples
        --------
        >>> t = pd.DataFrame({"treated": [1, 1, 0, 0], "purchased": [1, 1, 0, 0], "profit": [50.0, 40.0, 0.0, 1.0]})
        >>> campaign_value(t, contact_cost=1, coupon_value=5).verdict
        '值得'
        """
        return {"有效": "值得", "有害": "不值得"}.get(self.net.verdict, "无法确定")


def campaign_value(
    campaign: pd.DataFrame,
    *,
    contact_cost: float = 1.0,
    coupon_value: float = 20.0,
    profit: str = "profit",
    purchased: str = "purchased",
    treated: str = "treated",
    confidence: float = 0.95,
) -> CampaignValue:
    """Incremental profit of a campaign per contacted customer, net of its costs (活动值不值得做).

    Every contacted customer costs ``contact_cost`` (a text message, a letter); every
    contacted customer who buys redeems the coupon, worth ``coupon_value``, whether or not the
    coupon made them buy. The net effect per contacted customer is the lift of
    ``profit − contact_cost − coupon_value × purchased`` (control: ``profit``), with the
    interval of :func:`campaign_lift`. ``break_even_coupon`` is the coupon value at which the
    expected net effect is 0.

    Examples
    --------
    >>> t = pd.DataFrame({"treated": [1, 1, 1, 1, 0, 0, 0, 0], "purchased": [1, 1, 0, 0, 1, 0, 0, 0],
    ...                   "profit": [40.0, 30.0, 0.0, 0.0, 30.0, 0.0, 0.0, 0.0]})
    >>> v = campaign_value(t, contact_cost=1, coupon_value=10)
    >>> v.table["per_customer"].round(2).tolist()
    [10.0, -1.0, -5.0, -2.5, 4.0]
    >>> v.break_even_coupon
    18.0
    """
    _column(campaign, "campaign", "profit", profit)
    _column(campaign, "campaign", "purchased", purchased)
    contact = check_number("contact_cost", contact_cost, low=0, cap=1e6)
    coupon = check_number("coupon_value", coupon_value, low=0, cap=1e6)
    level = check_number("confidence", confidence, low=0, high=1, low_open=True, high_open=True)
    flags = _groups(campaign, treated).to_numpy()
    bought = outcome_values(campaign, purchased).to_numpy()
    gained = outcome_values(campaign, profit).to_numpy()
    gross = _lift(profit, gained, flags, level, None)
    net = _lift("net", gained - flags * (contact + coupon * bought), flags, level, None)
    rate_t = float(bought[flags].mean())
    rate_c = float(bought[~flags].mean())
    n = net.n_treated
    items = [
        ("毛利提升", gross.lift),
        ("联系成本", 0.0 - contact),  # 0.0 - x: never a negative zero
        ("优惠券成本", 0.0 - coupon * rate_t),
        ("其中：发给本来就会购买的客户", 0.0 - coupon * min(rate_c, rate_t)),
        ("净收益", net.lift),
    ]
    table = pd.DataFrame(items, columns=["item", "per_customer"]).set_index("item")
    table["group_total"] = table["per_customer"] * n
    break_even = (gross.lift - contact) / rate_t if rate_t > 0 else math.inf
    true_net = None
    truth = {f"{profit}_treated", f"{profit}_control", f"{purchased}_treated"}
    if truth <= set(campaign.columns):
        pt, pc = outcome_values(campaign, f"{profit}_treated"), outcome_values(campaign, f"{profit}_control")
        true_net = float((pt - contact - coupon * outcome_values(campaign, f"{purchased}_treated") - pc).mean())
    return CampaignValue(net, table, n, float(break_even), true_net)
