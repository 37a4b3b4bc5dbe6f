"""Two tables derived from the course shop for chapter 9 (营销活动): a campaign and basket lines.

Both are drawn from the committed course-shop tables (customers and orders, as CSV rows of
strings) with their own seeds, through :class:`crmlab._shop._Uniforms` (raw PCG64 words, stable
across numpy versions), so the files regenerate byte for byte and the shop's own files are
never touched.

The campaign (``course_shop_campaign.csv``)
    On 2025-07-01 the shop sends a 20-yuan coupon by text message. Every buyer with an order
    before that day is eligible; a fair coin puts each into the treatment group (gets the
    coupon) or the control group (does not). The outcome window is the 90 days from
    2025-07-01. For every customer both potential outcomes are kept (simulation truth):

    - without the coupon: what the customer actually bought in the window, read from
      ``course_shop_transactions.csv`` (so the control group's outcomes agree with the log);
    - with the coupon: the same, plus one extra order if the customer would not have bought
      in the window and the coupon persuades them, which happens with probability
      ``offer_effect``. That probability depends on the days since the last purchase
      (customers who lapsed a few months ago are the most persuadable, long-gone ones the
      least), on the value type (profit seekers love coupons, lighthouse customers hardly
      care) and on whether the relationship has in truth ended. The extra order's amount is
      the customer's mean order amount times a log-normal factor; its profit uses the
      customer's own margin.

    The observed columns are the potential outcome of the group the customer is in. The
    extra orders are recorded only here, not in the transaction log.

The basket lines (``course_shop_basket_lines.csv``)
    Every item of every order gets a product category, so that the quantities of an order's
    lines add up to the order's ``quantity``. Each value type has its own taste over the eight
    categories; after the first item, an item is with probability 0.45 a complement of an item
    already in the basket (the pairs in :data:`COMPLEMENTS`, the simulation truth an
    association analysis should find), otherwise another draw from the customer's taste.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, timedelta

from ._shop import START, _Uniforms

CAMPAIGN_SEED = 909
BASKET_SEED = 919
CAMPAIGN_DATE = date(2025, 7, 1)
WINDOW_DAYS = 90

CAMPAIGN_COLUMNS = [
    "customer_id", "treated", "purchased", "orders", "revenue", "profit",
    "purchased_control", "purchased_treated", "revenue_control", "revenue_treated",
    "profit_control", "profit_treated", "offer_effect",
]  # fmt: skip
BASKET_COLUMNS = ["order_id", "category", "quantity"]

CATEGORIES = ("咖啡豆", "挂耳咖啡", "咖啡器具", "滤纸耗材", "茶叶", "茶具", "零食", "礼盒")
#: (item, complement): after an item, its complement is likely to join the basket (simulation truth).
COMPLEMENTS = (("咖啡器具", "滤纸耗材"), ("咖啡豆", "咖啡器具"), ("茶叶", "茶具"), ("挂耳咖啡", "零食"))
#: taste of each value type over :data:`CATEGORIES` (weights of the first item of an order and of new draws)
_TASTE = {
    "灯塔型": (0.18, 0.06, 0.22, 0.06, 0.12, 0.14, 0.06, 0.16),
    "跟随型": (0.20, 0.14, 0.10, 0.06, 0.14, 0.08, 0.12, 0.16),
    "理性型": (0.30, 0.12, 0.08, 0.12, 0.18, 0.06, 0.10, 0.04),
    "逐利型": (0.12, 0.28, 0.04, 0.06, 0.10, 0.04, 0.30, 0.06),
}
_COMPLEMENT_P = 0.45
_TYPE_EFFECT = {"灯塔型": 0.5, "跟随型": 1.0, "理性型": 0.8, "逐利型": 1.8}


def _days(text: str) -> int:
    return (date.fromisoformat(text) - START).days


def _recency_effect(days_since: int) -> float:
    """Probability that the coupon persuades a customer who would not have bought, by days since the last order."""
    if days_since <= 60:
        return 0.12
    if days_since <= 180:
        return 0.40
    if days_since <= 365:
        return 0.28
    return 0.08


def simulate_campaign(customers: list[list[str]], transactions: list[list[str]], seed: int = CAMPAIGN_SEED) -> list[list[str]]:
    """The campaign table (rows of strings, header first) from the shop's customer and order rows."""
    u = _Uniforms(seed)
    day0 = (CAMPAIGN_DATE - START).days
    day1 = day0 + WINDOW_DAYS
    info = {row[0]: row for row in customers[1:]}
    history: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
    for _, cid, when, _, amount, profit in transactions[1:]:
        history[cid].append((_days(when), float(amount), float(profit)))
    eligible = sorted(cid for cid, orders in history.items() if min(d for d, _, _ in orders) < day0)
    n = len(eligible)
    treated = u(n) < 0.5
    persuaded = u(n)
    noise = u.normal(n)
    rows = [CAMPAIGN_COLUMNS]
    for k, cid in enumerate(eligible):
        orders = history[cid]
        before = [(d, a, p) for d, a, p in orders if d < day0]
        window = [(a, p) for d, a, p in orders if day0 <= d < day1]
        last = max(d for d, _, _ in before)
        mean_amount = sum(a for _, a, _ in before) / len(before)
        margin = sum(p for _, _, p in before) / sum(a for _, a, _ in before)
        row = info[cid]
        ended = row[7] != "" and _days(row[7]) <= day0
        effect = min(0.6, _recency_effect(day0 - last) * _TYPE_EFFECT[row[4]] * (0.5 if ended else 1.0))
        n_control = len(window)
        revenue_c = round(sum(a for a, _ in window), 2)
        profit_c = round(sum(p for _, p in window), 2)
        extra = n_control == 0 and persuaded[k] < effect
        if extra:
            amount = round(max(9.9, mean_amount * math.exp(0.3 * float(noise[k]))), 2)
            revenue_t, profit_t, n_treated = amount, round(amount * margin, 2), 1
        else:
            revenue_t, profit_t, n_treated = revenue_c, profit_c, n_control
        t = bool(treated[k])
        observed = (n_treated, revenue_t, profit_t) if t else (n_control, revenue_c, profit_c)
        rows.append(
            [cid, str(t), str(observed[0] > 0), str(observed[0]), f"{observed[1]:.2f}", f"{observed[2]:.2f}",
             str(n_control > 0), str(n_treated > 0), f"{revenue_c:.2f}", f"{revenue_t:.2f}", f"{profit_c:.2f}",
             f"{profit_t:.2f}", f"{effect:.3f}"]
        )  # fmt: skip
    return rows


def simulate_basket_lines(customers: list[list[str]], transactions: list[list[str]], seed: int = BASKET_SEED) -> list[list[str]]:
    """The basket-lines table (rows of strings, header first): a category for every item of every order."""
    u = _Uniforms(seed)
    value_type = {row[0]: row[4] for row in customers[1:]}
    partners: dict[str, list[str]] = defaultdict(list)
    for a, b in COMPLEMENTS:
        partners[a].append(b)
        partners[b].append(a)
    rows = [BASKET_COLUMNS]
    for order_id, cid, _, quantity, _, _ in transactions[1:]:
        taste = _TASTE[value_type[cid]]
        counts: dict[str, int] = defaultdict(int)
        for item in range(int(quantity)):
            if item > 0 and u() < _COMPLEMENT_P:
                options = sorted({p for c in counts for p in partners[c]} - set(counts))
                if options:
                    counts[options[min(len(options) - 1, int(u() * len(options)))]] += 1
                    continue
            counts[u.choice(CATEGORIES, taste, 1)[0]] += 1
        for category in CATEGORIES:
            if counts[category]:
                rows.append([order_id, category, str(counts[category])])
    return rows


def campaign_day(offset: int = 0) -> str:
    """The campaign date plus ``offset`` days, as ``YYYY-MM-DD``."""
    return (CAMPAIGN_DATE + timedelta(days=offset)).isoformat()
