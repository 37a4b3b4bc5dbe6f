"""The CLTV function of source 000: ``CLTV = F(R(PGS, CS, CM), L(PGS, MPA, T), I(NCA, PE))``.

The source names the three sub-functions and their variables but gives no
formula for any of them. This module fills them in with the simplest forms
that fit the names, each stated, so the function can be computed and compared
with chapter 6's customer lifetime value (:mod:`crmlab.clv`):

- ``R = PGS - CS - CM``: the yearly net revenue of the customer (年收入度量):
  price of the goods and services bought in a year minus the cost of sales
  and the cost of marketing to the customer.
- ``L = Σ_{t=1..T} (r k)^t / (1 + d)^t``: the loyalty measure (忠诚度量) as
  discounted expected years of the relationship over the time dimension
  ``T`` (``horizon``), with retention rate ``r`` lowered by ``k = min(1,
  MPA / PGS) ** price_effect`` when the price is above the market's matching
  price average ``MPA`` (a customer who pays more than the market is less
  loyal). With ``price_effect = 0`` (the default) price plays no part and
  ``L`` is chapter 6's :func:`crmlab.clv.discounted_lifetime`.
- ``I = L (NCA (V - referral_cost) + PE * endorsement_value)``: the
  customer's influence on revenue (客户对收入的影响): ``NCA`` new customers a
  year won through this customer, each worth ``V`` (by default the customer's
  own ``R * L``, as chapter 6's textbook does), and ``PE`` product
  endorsements a year (recommendations, reviews) worth ``endorsement_value``
  each (default 0: the source gives no way to value one).
- ``F = R * L + I``.

The source is inconsistent: the formula has ``MPA`` where its list of
variables defines ``MRA``, "Matching (goods and services) pricing average";
the initials of those words are M, P, A, so ``MPA`` is meant and ``MRA`` is a
typo. It translates ``PE`` "Product endorsement" as "产品返还记录" (a record of
product returns); ``PE`` sits inside ``I``, the customer's influence on
revenue, next to new customers won through the customer, so it means the
customer's endorsement of the product (recommendation, word of mouth), and
"返还记录" is a mistranslation (returns would be a cost and belong in ``R``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from ._validation import CrmlabTypeError, check_number, check_rate, check_size
from .clv import clv_breakdown
from .glossary import term

__all__ = ["CLTV", "cltv_function", "compare_with_clv"]


@dataclass(frozen=True)
class CLTV:
    """The three parts of the source's CLTV function and the total (CLTV 度量函数).

    Attributes
    ----------
    revenue : float
        ``R = PGS - CS - CM``, yuan per year.
    loyalty : float
        ``L``, discounted expected years of the relationship.
    influence : float
        ``I``, yuan.
    retention_rate : float
        The retention rate used in ``L`` after the price effect.
    cltv : float
        ``F = R * L + I``, yuan.
    """

    revenue: float
    loyalty: float
    influence: float
    retention_rate: float
    cltv: float

    def table(self) -> pd.DataFrame:
        """The parts as a table (各部分).

        Examples
        --------
        >>> r = cltv_function(pgs=100, cs=40, cm=10, mpa=100, horizon=1, retention_rate=1.0, discount_rate=0)
        >>> r.table()["value"].tolist()
        [50.0, 1.0, 50.0, 0.0, 50.0]
        """
        rows = {"R(PGS, CS, CM)": self.revenue, "L(PGS, MPA, T)": self.loyalty, "R × L": self.revenue * self.loyalty,
                "I(NCA, PE)": self.influence, "CLTV = R × L + I": self.cltv}  # fmt: skip
        return pd.DataFrame({"value": pd.Series(rows, dtype=float)})


def cltv_function(
    *,
    pgs: float,
    cs: float,
    cm: float,
    mpa: float,
    horizon: int,
    retention_rate: float,
    discount_rate: float,
    nca: float = 0.0,
    pe: float = 0.0,
    price_effect: float = 0.0,
    referral_value: float | None = None,
    referral_cost: float = 0.0,
    endorsement_value: float = 0.0,
) -> CLTV:
    """Compute ``CLTV = F(R(PGS, CS, CM), L(PGS, MPA, T), I(NCA, PE))`` in the forms of the module docstring.

    Parameters
    ----------
    pgs : float
        Price of goods and services bought per year (产品和服务价格), yuan, > 0.
    cs, cm : float
        Cost of sales (销售成本) and cost of marketing (营销成本) per year, yuan.
    mpa : float
        Matching pricing average (匹配价格均值): the market's average price for
        the same goods and services, yuan per year, > 0.
    horizon : int
        The time dimension ``T`` (时间维), in years.
    retention_rate : float
        Yearly retention rate before the price effect, in [0, 1).
    discount_rate : float
        Yearly discount rate.
    nca : float
        New customers acquired through the customer per year (新顾客获取).
    pe : float
        Product endorsements by the customer per year (产品背书).
    price_effect : float
        How strongly a price above ``mpa`` lowers retention (0: not at all).
    referral_value : float, optional
        Value of one new customer; default the customer's own ``R * L``.
    referral_cost : float
        Cost of winning one referred customer, yuan.
    endorsement_value : float
        Value of one endorsement, yuan.

    Examples
    --------
    张三 of chapter 6 (yearly fee 2400, margin 0.6, retention 0.8, discount 10%, 5 years):

    >>> r = cltv_function(pgs=2400, cs=960, cm=0, mpa=2400, horizon=5, retention_rate=0.8, discount_rate=0.1,
    ...                   nca=0.5, referral_cost=500)
    >>> round(r.revenue), round(r.loyalty, 4), round(r.revenue * r.loyalty), round(r.influence), round(r.cltv)
    (1440, 2.1241, 3059, 2717, 5776)
    """
    p = check_number("pgs", pgs, low=0, low_open=True, cap=1e12)
    sales = check_number("cs", cs, low=0, cap=1e12)
    marketing = check_number("cm", cm, low=0, cap=1e12)
    market = check_number("mpa", mpa, low=0, low_open=True, cap=1e12)
    years = check_size("horizon", horizon, high=1000)
    r0 = check_rate("retention_rate", retention_rate)
    d = check_rate("discount_rate", discount_rate)
    n = check_number("nca", nca, low=0, cap=1e6)
    e = check_number("pe", pe, low=0, cap=1e6)
    k = check_number("price_effect", price_effect, low=0, cap=100)
    cost = check_number("referral_cost", referral_cost, low=0, cap=1e12)
    ev = check_number("endorsement_value", endorsement_value, low=0, cap=1e12)
    revenue = p - sales - marketing
    r = r0 * min(1.0, market / p) ** k
    loyalty = sum((r / (1 + d)) ** t for t in range(1, years + 1))
    value = revenue * loyalty if referral_value is None else check_number("referral_value", referral_value, cap=1e12)
    influence = loyalty * (n * (value - cost) + e * ev)
    return CLTV(revenue=revenue, loyalty=loyalty, influence=influence, retention_rate=r, cltv=revenue * loyalty + influence)


def compare_with_clv(params: dict, *, cm: float = 0.0, mpa: float | None = None) -> pd.DataFrame:
    """Chapter 6's CLV (textbook) next to the source's CLTV function for the same customer (两种算法对比).

    ``params`` are :func:`crmlab.clv.clv_breakdown`'s keyword arguments (e.g.
    :func:`crmlab.datasets.zhangsan`); the CLTV function gets ``pgs =
    annual_revenue``, ``cs = annual_revenue * (1 - margin)``, ``cm``,
    ``mpa`` (default: ``pgs``), ``horizon``, ``retention_rate = 1 - churn_rate``,
    ``nca = referrals_per_year`` and the referral cost.

    Examples
    --------
    >>> from crmlab.datasets import zhangsan
    >>> table = compare_with_clv(zhangsan()).round(0)
    >>> table["clv"].tolist(), table["cltv"].tolist()
    ([4320.0, 3059.0, 459.0, 1029.0, 8867.0], [0.0, 3059.0, 0.0, 2717.0, 5776.0])
    """
    if not isinstance(params, Mapping):
        raise CrmlabTypeError("params", f"参数 params 必须是 clv_breakdown 的参数字典，例如 zhangsan()，收到 {type(params).__name__}",
                              f"params must be a dict of clv_breakdown's keywords, got {type(params).__name__}")  # fmt: skip
    b = clv_breakdown(**params)
    price = float(params["annual_revenue"])
    f = cltv_function(pgs=price, cs=price * (1 - float(params["margin"])), cm=cm, mpa=price if mpa is None else mpa,
                      horizon=params.get("horizon", 5), retention_rate=1 - float(params["churn_rate"]),
                      discount_rate=params["discount_rate"], nca=params.get("referrals_per_year", 0.0),
                      referral_cost=params.get("referral_cost", 0.0))  # fmt: skip
    rows = ["historical", "current", "upsell", "referral", "total"]
    return pd.DataFrame(
        {
            "clv": [b.historical, b.current, b.upsell, b.referral, b.total],
            "cltv": [0.0, f.revenue * f.loyalty, 0.0, f.influence, f.cltv],
        },
        index=pd.Index([term(r) for r in rows], name="component"),
    )
