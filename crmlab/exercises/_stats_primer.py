"""Exercises of appendix B (stats_primer): Poisson, geometric, gamma and beta distributions, maximum likelihood."""

from __future__ import annotations

from ..distributions import churn_likelihood, distribution
from ._core import Exercise

EXERCISES: list[Exercise] = [
    Exercise(
        "B.1",
        "一位客户平均每月购买 1.5 次，购买次数服从泊松分布。他下个月一次也不买的概率是多少？（请手算，保留三位小数）",
        lambda: float(distribution("poisson", purchase_rate=1.5).table([0])["probability"].iloc[0]),
        "泊松分布取 0 的概率是 e 的 -λ 次方",
        unit="",
        abs_tol=0.0005,
    ),
    Exercise(
        "B.2",
        "会员的年流失率是 25%（几何分布）。一位新会员恰好在第 3 年流失的概率是多少？（保留三位小数）",
        lambda: float(distribution("geometric", churn_rate=0.25).table([3])["probability"].iloc[0]),
        "要先留过第 1 年和第 2 年，再在第 3 年离开",
        unit="",
        abs_tol=0.0005,
    ),
    Exercise(
        "B.3",
        "第 10 章在 CDNOW 数据上估计的购买速率分布是 Gamma 分布，r = 0.243，α = 4.414（每周）。购买速率低于每周 0.01 次的客户占多大比例？（保留三位小数）",
        lambda: float(distribution("gamma", r=0.243, alpha=4.414).table([0.01])["cumulative"].iloc[0]),
        "“低于某个值的比例”是累计概率",
        unit="",
        abs_tol=0.0005,
    ),
    Exercise(
        "B.4",
        "第 8 章的高端客户的流失概率服从 Beta 分布，α = 0.668，β = 3.806。他们的平均流失概率是多少？（保留三位小数）",
        lambda: distribution("beta", a=0.668, b=3.806).mean,
        "Beta 分布的平均值是 α / (α + β)",
        unit="",
        abs_tol=0.0005,
    ),
    Exercise(
        "B.5",
        "一批 20 位新会员：第 1 年末还剩 15 人，第 2 年末剩 12 人，第 3 年末剩 10 人。假设每位会员每年的流失概率都是同一个 θ，θ 的最大似然估计是多少？（保留三位小数）",
        lambda: churn_likelihood([20, 15, 12, 10]).churn_rate,
        "最大似然估计 = 流失的人数 ÷ 每年年初在册人数之和",
        unit="",
        abs_tol=0.0005,
    ),
    Exercise(
        "B.6",
        "（开放题）第 8 章的 sBG 模型让每位客户有自己的流失概率（服从 Beta 分布），本附录 B.5 节只用一个共同的流失概率。用本附录的图和数解释：为什么 sBG 拟合得更好？如果用共同的流失概率计算老客户的 CLV，会高估还是低估？",
        None,
        "比较两种模型的对数似然，想一想“容易流失的人先走”",
        unit="",
    ),
]
