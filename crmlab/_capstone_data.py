"""The capstone project's raw data (综合实训的原始数据): a second shop with a dirty export.

The student's own project is 小满茶铺, a small online tea shop. Its clean history is the
course shop's simulation (:mod:`crmlab._shop`) run again with another size and seed
(:data:`SEED`), so the customers behave like the course shop's but are different people.
Its order log is then exported the way real exports go wrong; every problem is planted
in chosen rows with a second, separate random stream (seed ``SEED + 1``, raw PCG64 words,
stable across numpy versions), and counted in the truth table:

========================  ========================================================================
problem                   how it was planted
========================  ========================================================================
``duplicate``             a clean order exported twice: an exact copy right after it
``test_order``            orders of the test accounts ``测试01``..``测试03`` (1 yuan or 0.01 yuan)
``missing_customer``      the customer id left empty
``day_first_date``        the date written day first, ``DD/MM/YYYY`` (the old till's export)
``malformed_date``        a date that is no date (``2024-02-30``, ``2025-13-05``, ``2024年5月``, ``5月3日``)
``other_currency``        an order paid in US dollars: ``currency`` is ``美元`` and the amount is
                          the yuan amount divided by :data:`USD_RATE`, rounded to the cent
``return``                a return: a row with the negative amount of an earlier order of the
                          same customer, 1-14 days later, order id ``R...``
``outlier``               an amount typed in fen instead of yuan: 100 times the true amount
========================  ========================================================================

Each planted problem touches its own rows (a row has at most one problem; duplicates and
returned orders are otherwise clean), so the counts of :func:`crmlab.capstone.data_check`
on the raw log equal the truth table's. The files are written with the ``csv`` module
(UTF-8 with BOM) like the course shop's, so ``write_capstone('data')`` regenerates the
committed ``data/capstone_*.csv`` byte for byte (a test checks).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from . import _shop

#: Seed of 小满茶铺's simulated history; the planted problems use ``SEED + 1``.
SEED = 2027
#: Buyers and prospects of 小满茶铺.
CUSTOMERS = 700
PROSPECTS = 200
#: Yuan per US dollar (美元), as the project description gives it.
USD_RATE = 7.1
#: The currency column's value for yuan.
BASE_CURRENCY = "人民币"
#: The gross margin the project description gives (the simulated orders' profit / revenue, 0.3225, rounded).
MARGIN = 0.32
#: How many rows of each problem are planted (see the module docstring).
COUNTS: dict[str, int] = {
    "duplicate": 50,
    "test_order": 12,
    "missing_customer": 25,
    "day_first_date": 60,
    "malformed_date": 12,
    "other_currency": 40,
    "return": 30,
    "outlier": 8,
}
#: The Chinese name of each problem, in the order of :data:`COUNTS`.
LABELS: dict[str, str] = {
    "duplicate": "完全重复的行",
    "test_order": "测试订单",
    "missing_customer": "缺少客户编号",
    "day_first_date": "日在前的日期（日/月/年）",
    "malformed_date": "无法解析的日期",
    "other_currency": "外币（美元）金额",
    "return": "退货（负金额）",
    "outlier": "按分录入的金额（正常的 100 倍）",
}

TRANSACTION_COLUMNS = ["order_id", "customer_id", "date", "amount", "currency"]
_TEST_IDS = ("测试01", "测试02", "测试03")


def _malformed(k: int, day: date) -> str:
    """The k-th unreadable date, near the true ``day``."""
    kind = k % 4
    if kind == 0:
        return f"{day.year}-02-30"
    if kind == 1:
        return f"{day.year}-13-{day.day:02d}"
    if kind == 2:
        return f"{day.year}年{day.month}月"
    return f"{day.month}月{day.day}日"  # no year


def simulate(seed: int = SEED) -> dict[str, list[list[str]]]:
    """The five tables of the project as rows of text (first row: the header)."""
    shop = _shop.simulate(CUSTOMERS, PROSPECTS, seed)
    u = _shop._Uniforms(seed + 1)
    clean = shop.transactions[1:]  # order_id, customer_id, date, quantity, amount, profit
    n = len(clean)
    order = np.argsort(u(n), kind="stable")
    last_day = _shop.END
    used: set[int] = set()

    def pick(count: int, ok) -> list[int]:
        chosen = []
        for i in order:
            i = int(i)
            if i not in used and ok(clean[i]):
                chosen.append(i)
                used.add(i)
                if len(chosen) == count:
                    return sorted(chosen)
        raise RuntimeError("not enough rows to plant the problems")  # pragma: no cover

    def day_of(row: list[str]) -> date:
        return date.fromisoformat(row[2])

    anything = lambda row: True  # noqa: E731
    plan = {
        "outlier": pick(COUNTS["outlier"], lambda row: 60 <= float(row[4]) <= 300),
        "return": pick(COUNTS["return"], lambda row: day_of(row) < last_day),
        "duplicate": pick(COUNTS["duplicate"], anything),
        "missing_customer": pick(COUNTS["missing_customer"], anything),
        "day_first_date": pick(COUNTS["day_first_date"], anything),
        "malformed_date": pick(COUNTS["malformed_date"], anything),
        "other_currency": pick(COUNTS["other_currency"], anything),
    }
    role = {i: problem for problem, rows in plan.items() for i in rows}
    malformed_k = {i: k for k, i in enumerate(plan["malformed_date"])}
    out: list[tuple[int, int, int, list[str]]] = []  # (day, position, copy, row)
    for i, row in enumerate(clean):
        order_id, customer, day_text, _, amount, _ = row
        day = date.fromisoformat(day_text)
        key = (day - _shop.START).days
        problem = role.get(i)
        currency = BASE_CURRENCY
        if problem == "missing_customer":
            customer = ""
        elif problem == "day_first_date":
            day_text = day.strftime("%d/%m/%Y")
        elif problem == "malformed_date":
            day_text = _malformed(malformed_k[i], day)
        elif problem == "other_currency":
            amount, currency = f"{float(amount) / USD_RATE:.2f}", "美元"
        elif problem == "outlier":
            amount = f"{float(amount) * 100:.2f}"
        line = [order_id, customer, day_text, amount, currency]
        out.append((key, i, 0, line))
        if problem == "duplicate":
            out.append((key, i, 1, list(line)))
        elif problem == "return":
            back = min(day + timedelta(days=1 + int(u() * 14)), last_day)
            out.append(((back - _shop.START).days, i, 2, ["R" + order_id[1:], customer, back.isoformat(), f"-{amount}", BASE_CURRENCY]))
    for k in range(COUNTS["test_order"]):
        day = _shop.START + timedelta(days=int(u() * _shop.DAYS))
        amount = "1.00" if u() < 0.5 else "0.01"
        out.append(((day - _shop.START).days, n + k, 0, [f"T{k + 1:06d}", _TEST_IDS[k % 3], day.isoformat(), amount, BASE_CURRENCY]))
    out.sort(key=lambda item: item[:3])
    transactions = [TRANSACTION_COLUMNS] + [line for *_, line in out]
    customers = [["customer_id", "lead_date", "channel"]] + [row[:3] for row in shop.customers[1:]]
    survey_columns = ["customer_id", "survey_date", "nps", "csat"]
    header = shop.survey[0]
    survey = [survey_columns] + [[row[header.index(c)] for c in survey_columns] for row in shop.survey[1:]]
    truth = [["problem", "label", "rows"]] + [[p, LABELS[p], str(c)] for p, c in COUNTS.items()]
    truth.append(["clean_orders", "清洗前的真实订单数", str(n)])
    return {
        "transactions": transactions,
        "customers": customers,
        "channels": shop.channels,
        "survey": survey,
        "truth": truth,
    }


def to_bytes(seed: int = SEED) -> dict[str, bytes]:
    """The five CSV files as bytes, by table name."""
    return {name: _shop.to_csv(rows) for name, rows in simulate(seed).items()}
