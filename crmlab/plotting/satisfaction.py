"""Figures of the satisfaction and loyalty chapter (客户满意与忠诚).

Weights from stated importance vs regression vs truth, the importance–performance matrix, later
behaviour by satisfaction level, the Reichheld & Sasser lift curve, the loyalty programme, the
service–profit chain and market share vs share of wallet.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib import ticker
from matplotlib.axes import Axes

from ..glossary import term
from ..loyalty import LoyaltyProgramme
from ..retention_lift import RetentionLift
from ..satisfaction import QUADRANTS
from ._style import CLASS_COLORS, _axes, _label_points, _legend_over_data

__all__ = [
    "QUADRANT_COLORS",
    "plot_weight_comparison",
    "plot_importance_performance",
    "plot_satisfaction_link",
    "plot_retention_lift",
    "plot_loyalty_programme",
    "plot_service_profit_chain",
    "plot_wallet_shares",
    "plot_improvement_priorities",
    "plot_group_satisfaction",
]

#: One colour per quadrant of the importance–performance matrix.
QUADRANT_COLORS = dict(zip(QUADRANTS, ("#d62728", "#2ca02c", "#7f7f7f", "#ff7f0e")))
_PERCENT = ticker.PercentFormatter(xmax=1, decimals=0)


def plot_weight_comparison(table: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Attribute weights side by side: stated importance, regression, and the truth if given (权重比较).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"attribute": ["质量", "价格"], "stated_weight": [0.5, 0.5], "derived_weight": [0.7, 0.3]})
    >>> len(plot_weight_comparison(t).patches)
    4
    """
    ax = _axes(ax)
    columns = [c for c in ("stated_weight", "derived_weight", "true_weight") if c in table.columns]
    y = np.arange(len(table))
    height = 0.8 / len(columns)
    for i, (column, colour) in enumerate(zip(columns, ("#aec7e8", "#1f77b4", "#2c3e50"))):
        values = table[column].to_numpy(dtype=float)
        ax.barh(y + (i - (len(columns) - 1) / 2) * height, values, height=height, color=colour, label=term(column))
    ax.set_yticks(y, table["attribute"].tolist())
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(_PERCENT)
    ax.set_xlabel(term("weight"))
    ax.legend(loc="lower right")
    ax.set_title(title or "各属性的权重：自述重要性与回归的比较")
    return ax


def plot_importance_performance(table: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None,
                                importance_label: str | None = None) -> Axes:  # fmt: skip
    """The importance–performance matrix (重要性–表现四象限图), split at the mean of each axis.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.satisfaction import importance_performance
    >>> r = pd.DataFrame({"customer_id": [1] * 4, "attribute": ["质量", "价格", "配送", "包装"],
    ...                   "importance": [5, 5, 2, 2], "performance": [4, 2, 2, 5]})
    >>> ax = plot_importance_performance(importance_performance(r))
    >>> sorted(t.get_text() for t in ax.texts if t.get_text() in QUADRANT_COLORS)
    ['低优先', '可能过度', '继续保持', '重点改进']
    """
    ax = _axes(ax)
    x, y = table["importance"].to_numpy(dtype=float), table["performance"].to_numpy(dtype=float)
    x_cut = table.attrs.get("importance_cut", float(np.mean(x)))
    y_cut = table.attrs.get("performance_cut", float(np.mean(y)))
    colours = [QUADRANT_COLORS[q] for q in table["quadrant"]]
    ax.scatter(x, y, s=90, c=colours, zorder=3)
    dx, dy = max(np.ptp(x), 1e-9) * 0.35, max(np.ptp(y), 1e-9) * 0.35
    ax.set_xlim(x.min() - dx, x.max() + dx)
    ax.set_ylim(y.min() - dy, y.max() + dy)
    ax.axvline(x_cut, color="gray", linestyle="--", linewidth=1)
    ax.axhline(y_cut, color="gray", linestyle="--", linewidth=1)
    corners = {QUADRANTS[0]: (1, 0), QUADRANTS[1]: (1, 1), QUADRANTS[2]: (0, 0), QUADRANTS[3]: (0, 1)}
    for name, (right, top) in corners.items():
        ax.text(0.98 if right else 0.02, 0.97 if top else 0.03, name, transform=ax.transAxes, ha="right" if right else "left",
                va="top" if top else "bottom", color=QUADRANT_COLORS[name], fontsize="medium")  # fmt: skip
    ax.grid(False)
    weights = bool(x.max() <= 1.0)
    if weights:
        ax.xaxis.set_major_formatter(_PERCENT)
    ax.set_xlabel(importance_label or ("重要性（回归权重）" if weights else "重要性（自述，1-5 分）"))
    ax.set_ylabel("表现（平均分，1-5 分）")
    ax.set_title(title or "重要性–表现四象限")
    _label_points(ax, x, y, table["attribute"].tolist(), marker=11)
    return ax


def plot_satisfaction_link(table: pd.DataFrame, ax: Axes | None = None, *, metric: str = "active_share",
                           title: str | None = None) -> Axes:  # fmt: skip
    """Later behaviour by satisfaction level: one bar per level, with the respondents counted (满意度与此后行为).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"csat": [2, 5], "respondents": [1, 2], "active_share": [0.0, 1.0],
    ...                   "mean_orders": [0.0, 3.0], "mean_spend": [0.0, 40.0]})
    >>> [round(float(p.get_height()), 2) for p in plot_satisfaction_link(t).patches]
    [0.0, 1.0]
    """
    ax = _axes(ax)
    level = table.columns[0]
    values = table[metric].to_numpy(dtype=float)
    labels = [f"{v}（{n} 人）" for v, n in zip(table[level], table["respondents"])]
    bars = ax.bar(labels, values, color="#1f77b4")
    share = metric == "active_share"
    for bar, v in zip(bars, values):
        ax.annotate(f"{v:.0%}" if share else f"{v:,.0f}", (bar.get_x() + bar.get_width() / 2, v), xytext=(0, 3),
                    textcoords="offset points", ha="center", fontsize="small")  # fmt: skip
    if share:
        ax.yaxis.set_major_formatter(_PERCENT)
        ax.set_ylim(0, 1.1)
    else:
        ax.set_ylim(0, values.max() * 1.15 if values.max() > 0 else 1)
    ax.set_xlabel(f"{term(level)}（调查时的回答；括号内为人数）")
    ax.set_ylabel(term(metric) + ("" if share else "（元）"))
    ax.set_title(title or f"调查后一年：{term(metric)}")
    return ax


def plot_retention_lift(curve: pd.DataFrame, ax: Axes | None = None, *, point: RetentionLift | None = None,
                        title: str | None = None) -> Axes:  # fmt: skip
    """Lift of the customer profit against one parameter, with Reichheld & Sasser's 25–85% band (利润增幅曲线).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> c = pd.DataFrame({"churn_rate": [0.1, 0.2], "profit_before": [1.0, 1.0], "profit_after": [1.4, 1.3], "profit_lift": [0.4, 0.3]})
    >>> ax = plot_retention_lift(c)
    >>> ax.get_lines()[0].get_ydata().tolist()
    [0.4, 0.3]
    """
    ax = _axes(ax)
    factor = curve.columns[0]
    ax.axhspan(0.25, 0.85, color="#2ca02c", alpha=0.12, label="Reichheld & Sasser：25%–85%")
    ax.plot(curve[factor].to_numpy(dtype=float), curve["profit_lift"].to_numpy(dtype=float), color="#1f77b4", linewidth=2.5,
            label=term("profit_lift"))  # fmt: skip
    if point is not None:
        x = point.cac if factor == "cac" else (point.churn_before if factor == "churn_rate" else None)
        if x is not None:
            ax.plot([x], [point.lift], "o", color="#d62728", markersize=10, label=f"当前：{point.lift:.1%}")
    ax.yaxis.set_major_formatter(_PERCENT)
    if factor in ("churn_rate", "discount_rate", "revenue_growth"):
        ax.xaxis.set_major_formatter(_PERCENT)
    top = float(np.nanmax(curve["profit_lift"])) if len(curve) else 1.0
    ax.set_ylim(0, max(1.0, min(top, 3.0)) * 1.05)
    ax.set_xlabel(term(factor) + ("（元）" if factor == "cac" else ""))
    ax.set_ylabel("客户利润的增幅")
    ax.set_title(title or "保留率提高 5 个百分点，客户利润提高多少？")
    ax.legend(loc="upper left", fontsize="small")
    return ax


def plot_loyalty_programme(result: LoyaltyProgramme, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Current value of a member without and with the loyalty programme (会员计划前后的当前价值).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.loyalty import loyalty_programme
    >>> base = dict(annual_revenue=2400, margin=0.6, years_active=3, churn_rate=0.2, discount_rate=0.1)
    >>> ax = plot_loyalty_programme(loyalty_programme(base, reward_rate=0.05, cost_per_member=60, churn_reduction=0.05))
    >>> [round(float(p.get_height()), 1) for p in ax.patches]
    [3058.7, 3103.7]
    """
    ax = _axes(ax)
    table = result.table
    values = table["current"].to_numpy(dtype=float)
    bars = ax.bar(table["scenario"].tolist(), values, color=["#7f8c9a", "#1f77b4"], width=0.55)
    for bar, v, churn in zip(bars, values, table["churn_rate"]):
        ax.annotate(f"{v:,.0f} 元\n流失率 {churn:.0%}", (bar.get_x() + bar.get_width() / 2, v), xytext=(0, 4),
                    textcoords="offset points", ha="center", fontsize="small")  # fmt: skip
    ax.set_ylim(0, values.max() * 1.25)
    ax.set_ylabel(f"{term('current')}（元）")
    sign = "增加" if result.gain >= 0 else "减少"
    ax.set_title(title or f"会员计划：每位会员的当前价值{sign} {abs(result.gain):,.0f} 元")
    return ax


def plot_service_profit_chain(table: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Customer and employee satisfaction year by year in the service–profit chain (服务利润链).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.loyalty import service_profit_chain
    >>> len(plot_service_profit_chain(service_profit_chain(years=4)).get_lines())
    3
    """
    ax = _axes(ax)
    years = table["year"].to_numpy()
    ax.plot(years, table["customer_satisfaction"], "o-", color="#1f77b4", label=term("customer_satisfaction"))
    ax.plot(years, table["employee_satisfaction"], "s-", color="#ff7f0e", label=term("employee_satisfaction"))
    first = float(table["customer_satisfaction"].iloc[0])
    limit = first * table.attrs.get("multiplier", 1.0)
    ax.axhline(limit, color="gray", linestyle="--", linewidth=1, label=f"良性循环的极限：{limit:.2f} 分")
    ax.set_xticks(years)
    ax.set_xlabel(term("year"))
    ax.set_ylabel("比原来高出的分数（1-5 分制）")
    ax.set_title(title or "服务利润链：员工满意与客户满意相互促进")
    _legend_over_data(ax, fontsize="small")
    return ax


def plot_wallet_shares(table: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Market share, penetration and share of wallet of each firm (市场份额与客户份额).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"firm": ["甲", "乙"], "market_share": [0.6, 0.4], "penetration": [0.8, 0.5],
    ...                   "share_of_wallet": [0.5, 0.9]})
    >>> len(plot_wallet_shares(t).patches)
    6
    """
    ax = _axes(ax)
    columns = ("market_share", "penetration", "share_of_wallet")
    x = np.arange(len(table))
    width = 0.26
    for i, (column, colour) in enumerate(zip(columns, CLASS_COLORS[3:] + CLASS_COLORS[:1])):
        values = table[column].to_numpy(dtype=float)
        bars = ax.bar(x + (i - 1) * width, values, width=width, color=colour, label=term(column))
        for bar, v in zip(bars, values):
            ax.annotate(f"{v:.0%}", (bar.get_x() + bar.get_width() / 2, v), xytext=(0, 3), textcoords="offset points",
                        ha="center", fontsize="x-small")  # fmt: skip
    ax.set_xticks(x, table["firm"].tolist())
    ax.yaxis.set_major_formatter(_PERCENT)
    ax.set_ylim(0, 1.0)
    ax.set_title(title or "市场份额 = 渗透率 × 客户份额 × 购买强度")
    _legend_over_data(ax, fontsize="small", ncols=3)
    return ax


def plot_improvement_priorities(table: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Rise of mean overall satisfaction if each attribute improves, largest first (改进的优先顺序).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"attribute": ["质量", "价格"], "gain": [0.5, 0.5], "satisfaction_gain": [0.15, 0.05]})
    >>> [round(float(p.get_width()), 2) for p in plot_improvement_priorities(t).patches]
    [0.15, 0.05]
    """
    ax = _axes(ax)
    values = table["satisfaction_gain"].to_numpy(dtype=float)
    bars = ax.barh(table["attribute"].tolist(), values, color="#1f77b4")
    has_value = "value" in table.columns
    for bar, v, k in zip(bars, values, range(len(values))):
        text = f"+{v:.3f} 分" + (f"，约 {table['value'].iloc[k]:,.0f} 元" if has_value else "")
        ax.annotate(text, (v, bar.get_y() + bar.get_height() / 2), xytext=(4, 0), textcoords="offset points", va="center",
                    fontsize="small")  # fmt: skip
    ax.invert_yaxis()
    ax.set_xlim(0, max(values.max(), 1e-9) * (1.9 if has_value else 1.4))
    ax.set_xlabel(f"{term('satisfaction_gain')}（总体满意度，分）")
    gains = sorted(set(table["gain"].round(3)))
    shown = f"{gains[0]:g} 分" if len(gains) == 1 else "若干分"
    ax.set_title(title or f"各属性表现提高 {shown}，平均总体满意度提高多少？")
    return ax


def plot_group_satisfaction(table: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """CSAT (share satisfied) and NPS of each group of respondents side by side (各组的满意度与净推荐值).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"group": ["高", "低"], "respondents": [2, 2], "csat_share": [1.0, 0.0], "mean_csat": [4.5, 2.5],
    ...                   "nps_score": [100.0, -50.0]})
    >>> len(plot_group_satisfaction(t).patches)
    4
    """
    ax = _axes(ax)
    x = np.arange(len(table))
    csat = table["csat_share"].to_numpy(dtype=float) * 100
    nps = table["nps_score"].to_numpy(dtype=float)
    for offset, values, colour, label in ((-0.2, csat, "#1f77b4", "CSAT（满意的比例，%）"), (0.2, nps, "#ff7f0e", "NPS")):
        bars = ax.bar(x + offset, values, width=0.38, color=colour, label=label)
        for bar, v in zip(bars, values):
            ax.annotate(f"{v:.0f}", (bar.get_x() + bar.get_width() / 2, v), xytext=(0, 3 if v >= 0 else -12),
                        textcoords="offset points", ha="center", fontsize="small")  # fmt: skip
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(x, [f"{g}（{n} 人）" for g, n in zip(table["group"], table["respondents"])])
    ax.set_ylim(min(-100, nps.min() - 10), 110)
    ax.set_ylabel("分数")
    ax.set_title(title or "各组客户的 CSAT 与 NPS")
    ax.legend(loc="upper right", fontsize="small")
    return ax
