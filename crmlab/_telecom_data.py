"""The course operator (课程运营商): a documented simulation of a mobile operator's subscribers.

Everything is drawn from one seed through the stable uniform stream of the course
shop (:class:`crmlab._shop._Uniforms`: raw PCG64 words and transforms written
here), month by month for all subscribers at once, so the committed CSV files
regenerate byte for byte (a test checks).

The story, over 36 calendar months (2023-01 .. 2025-12, months 0..35):

- Each subscriber joins in one month of the window, in one of five city
  branches (市公司), is urban or rural (城市 / 农村; the rural share differs by
  branch), comes through one of three channels (自营营业厅 / 社会代理点 /
  网上营业厅; rural people use agents more) and picks one of three plans
  (基础套餐 / 流量套餐 / 家庭套餐). Some also take a value-added package (增值业务).
- Each month an active subscriber may turn dissatisfied (4% a month) and
  recover (30% a month). Dissatisfied subscribers use less (x0.7) and call the
  10086 hotline more (Poisson mean 1.3 instead of 0.12).
- The monthly churn hazard (simulation truth, ``true_hazard``) is the sum of
  four parts, each the truth of one churn reason:
  ``资费与套餐`` base(t) x multipliers (tenure t in months, falling from 7.2%
  towards 1.2%; branch, segment, channel, plan, value-added package);
  ``服务不满`` 3 x that base while dissatisfied; ``竞争对手`` +3% for urban
  basic/data-plan subscribers of a branch while a competitor campaign runs
  there (江州 months 18-23, 临川 months 27-32); ``迁出异地`` 0.2%. A churned
  subscriber's reason is drawn in proportion to the parts.
- Revenue = plan fee + 10 yuan for the package + overage (0.15 yuan a minute
  and 5 yuan a GB above the plan's allowance, data overage capped at 60 yuan).
- After the window the simulation goes on without usage and without competitor
  campaigns, to give each subscriber's true total tenure (``true_tenure_months``,
  capped at 240 months), so life tables can be scored.
"""

from __future__ import annotations

import io

import numpy as np

from ._shop import _Uniforms, to_csv

START_YEAR, MONTHS = 2023, 36
TRUTH_CAP = 240  # months: true tenures are simulated up to this length

BRANCHES = ("江州", "临川", "云阳", "青石", "白沙")
SEGMENTS = ("城市", "农村")
CHANNELS = ("自营营业厅", "社会代理点", "网上营业厅")
PLANS = ("基础套餐", "流量套餐", "家庭套餐")
REASONS = ("资费与套餐", "服务不满", "竞争对手", "迁出异地")

_BRANCH_P = (0.30, 0.25, 0.20, 0.15, 0.10)
_RURAL_SHARE = (0.15, 0.30, 0.45, 0.60, 0.35)
_BRANCH_HAZARD = (1.00, 1.15, 0.90, 1.05, 1.40)
_CHANNEL_P = {"城市": (0.35, 0.25, 0.40), "农村": (0.35, 0.55, 0.10)}
_CHANNEL_HAZARD = (0.85, 1.35, 1.05)
_PLAN_P = {"城市": (0.35, 0.42, 0.23), "农村": (0.60, 0.22, 0.18)}
_PLAN_HAZARD = (1.20, 0.95, 0.50)
_SEGMENT_HAZARD = (1.0, 0.70)
_ADDON_P = {"城市": 0.30, "农村": 0.15}
_ADDON_HAZARD = 0.80
_FEE = (38.0, 58.0, 128.0)
_ALLOW_MINUTES = (200.0, 500.0, 1000.0)
_ALLOW_GB = (5.0, 20.0, 40.0)
_DATA_GB = (4.0, 16.0, 30.0)
_MINUTES = (280.0, 360.0)  # urban, rural
_ACQUISITION_COST = (120.0, 200.0, 60.0)  # by channel, yuan per new subscriber
_FAMILY_SUBSIDY = 100.0
_ADDON_FEE = 10.0
#: competitor campaigns (simulation truth): branch -> (first month, last month, extra monthly hazard)
COMPETITOR_CAMPAIGNS = {"江州": (18, 23, 0.03), "临川": (27, 32, 0.03)}
_RELOCATION = 0.002

SUBSCRIBER_COLUMNS = [
    "subscriber_id", "branch", "segment", "channel", "plan", "addon", "join_month", "acquisition_cost",
    "churned", "churn_month", "tenure_months", "churn_reason", "true_tenure_months",
]  # fmt: skip
MONTHLY_COLUMNS = ["subscriber_id", "month", "tenure", "minutes", "data_gb", "revenue", "calls_10086", "true_hazard"]


def month_label(m: int) -> str:
    """Calendar month ``m`` of the window as ``YYYY-MM`` (``0`` is 2023-01)."""
    return f"{START_YEAR + m // 12}-{m % 12 + 1:02d}"


def base_hazard(tenure: np.ndarray) -> np.ndarray:
    """Monthly churn hazard of the reference subscriber at ``tenure`` months (simulation truth)."""
    return 0.06 * np.exp(-np.asarray(tenure, dtype=float) / 6.0) + 0.012


def _pick(u: _Uniforms, p_rows: np.ndarray) -> np.ndarray:
    """One index per row of a matrix of probabilities."""
    cumulative = np.cumsum(p_rows, axis=1)
    cumulative[:, -1] = 1.0
    return (u(len(p_rows))[:, None] >= cumulative).sum(axis=1)


def _poisson(u: _Uniforms, mean: np.ndarray) -> np.ndarray:
    """Poisson draws by inversion (small means), one uniform each."""
    x = u(len(mean))
    k = np.zeros(len(mean), dtype=int)
    p = np.exp(-mean)
    cdf = p.copy()
    for j in range(1, 30):
        more = x >= cdf
        if not more.any():
            break
        k += more
        p = p * mean / j
        cdf = cdf + p
    return k


def simulate(n_subscribers: int, seed: int) -> tuple[list[list[str]], list[list[str]]]:
    """Rows (header first) of the subscriber table and the monthly table."""
    u = _Uniforms(seed)
    n = n_subscribers
    branch = _pick(u, np.tile(_BRANCH_P, (n, 1)))
    rural = (u(n) < np.asarray(_RURAL_SHARE)[branch]).astype(int)
    channel = _pick(u, np.array([_CHANNEL_P[SEGMENTS[s]] for s in rural]))
    plan = _pick(u, np.array([_PLAN_P[SEGMENTS[s]] for s in rural]))
    addon = u(n) < np.array([_ADDON_P[SEGMENTS[s]] for s in rural])
    join = np.minimum((u(n) * MONTHS).astype(int), MONTHS - 1)
    person_minutes = np.asarray(_MINUTES)[rural] * np.exp(0.4 * u.normal(n))
    person_gb = np.asarray(_DATA_GB)[plan] * np.where(rural == 1, 0.6, 1.0) * np.exp(0.5 * u.normal(n))
    multiplier = (np.asarray(_BRANCH_HAZARD)[branch] * np.asarray(_SEGMENT_HAZARD)[rural] * np.asarray(_CHANNEL_HAZARD)[channel]
                  * np.asarray(_PLAN_HAZARD)[plan] * np.where(addon, _ADDON_HAZARD, 1.0))  # fmt: skip
    exposed = (rural == 0) & (plan < 2)

    dissatisfied = np.zeros(n, dtype=bool)
    churn_at = np.full(n, -1)  # month (possibly after the window) in which the subscriber left
    reason = np.full(n, -1)
    monthly: list[tuple[int, int, list[str]]] = []
    for m in range(MONTHS + TRUTH_CAP):
        active = (join <= m) & (churn_at < 0) & (m - join < TRUTH_CAP)
        if m >= MONTHS and not active.any():
            break
        flip = u(n)
        dissatisfied = np.where(dissatisfied, flip >= 0.30, flip < 0.04) & active
        tenure = m - join
        parts = np.zeros((n, 4))
        parts[:, 0] = base_hazard(np.maximum(tenure, 0)) * multiplier
        parts[:, 1] = np.where(dissatisfied, 3.0 * parts[:, 0], 0.0)
        for b, (first, last, extra) in COMPETITOR_CAMPAIGNS.items():
            if first <= m <= last:
                parts[:, 2] += np.where(exposed & (branch == BRANCHES.index(b)), extra, 0.0)
        parts[:, 3] = _RELOCATION
        hazard = np.minimum(parts.sum(axis=1), 0.9)
        leave = (u(n) < hazard) & active
        why = _pick(u, parts / parts.sum(axis=1, keepdims=True))
        if m < MONTHS:
            noise = np.exp(0.25 * u.normal(n)), np.exp(0.3 * u.normal(n))
            calls = _poisson(u, np.where(dissatisfied, 1.3, 0.12))
            slow = np.where(dissatisfied, 0.7, 1.0)
            minutes = np.round(person_minutes * noise[0] * slow)
            gb = np.round(person_gb * noise[1] * slow * (1 + 0.01 * m), 1)
            p = plan
            revenue = (np.asarray(_FEE)[p] + np.where(addon, _ADDON_FEE, 0.0)
                       + 0.15 * np.maximum(0, minutes - np.asarray(_ALLOW_MINUTES)[p])
                       + np.minimum(60.0, 5.0 * np.maximum(0, gb - np.asarray(_ALLOW_GB)[p])))  # fmt: skip
            for i in np.flatnonzero(active):
                monthly.append((i, m, [month_label(m), str(int(tenure[i])), str(int(minutes[i])), f"{gb[i]:.1f}",
                                       f"{revenue[i]:.2f}", str(int(calls[i])), f"{hazard[i]:.5f}"]))  # fmt: skip
        churn_at = np.where(leave, m, churn_at)
        reason = np.where(leave, why, reason)

    width = max(5, len(str(n)))
    order = np.lexsort((np.arange(n), join))  # ids in order of joining
    ids = np.empty(n, dtype=object)
    for k, i in enumerate(order, start=1):
        ids[i] = f"S{k:0{width}d}"
    subscribers = [SUBSCRIBER_COLUMNS]
    for i in order:
        gone = 0 <= churn_at[i] < MONTHS
        true_tenure = (churn_at[i] - join[i] + 1) if churn_at[i] >= 0 else TRUTH_CAP
        cost = _ACQUISITION_COST[channel[i]] + (_FAMILY_SUBSIDY if plan[i] == 2 else 0.0)
        subscribers.append(
            [ids[i], BRANCHES[branch[i]], SEGMENTS[rural[i]], CHANNELS[channel[i]], PLANS[plan[i]], str(bool(addon[i])),
             month_label(int(join[i])), f"{cost:.0f}", str(bool(gone)), month_label(int(churn_at[i])) if gone else "",
             str(int((churn_at[i] if gone else MONTHS - 1) - join[i] + 1)), REASONS[reason[i]] if gone else "",
             str(int(true_tenure))]
        )  # fmt: skip
    monthly.sort(key=lambda row: (ids[row[0]], row[1]))
    return subscribers, [MONTHLY_COLUMNS] + [[ids[i], *cells] for i, _, cells in monthly]


def operator_bytes(n_subscribers: int, seed: int) -> dict[str, bytes]:
    """The two CSV files as bytes: ``subscribers`` and ``monthly``."""
    subscribers, monthly = simulate(n_subscribers, seed)
    return {"subscribers": to_csv(subscribers), "monthly": to_csv(monthly)}


#: Column types of the two tables ("?" = may be empty).
SCHEMA = {
    "subscribers": {
        "subscriber_id": "str", "branch": "str", "segment": "str", "channel": "str", "plan": "str", "addon": "bool",
        "join_month": "str", "acquisition_cost": "float", "churned": "bool", "churn_month": "str?",
        "tenure_months": "int", "churn_reason": "str?", "true_tenure_months": "int",
    },
    "monthly": {
        "subscriber_id": "str", "month": "str", "tenure": "int", "minutes": "int", "data_gb": "float",
        "revenue": "float", "calls_10086": "int", "true_hazard": "float",
    },
}  # fmt: skip


def parse(raw: bytes, table: str):
    """One table from its CSV bytes, with the types of :data:`SCHEMA` (empty optional text is missing)."""
    import pandas as pd

    frame = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    out = pd.DataFrame(index=frame.index)
    for column, kind in SCHEMA[table].items():
        text = frame[column]
        if kind == "str":
            out[column] = text
        elif kind == "str?":
            out[column] = text.mask(text == "")
        elif kind == "bool":
            out[column] = text.map({"True": True, "False": False}).astype(bool)
        elif kind == "int":
            out[column] = pd.to_numeric(text).astype("int64")
        else:
            out[column] = pd.to_numeric(text).astype(float)
    return out
