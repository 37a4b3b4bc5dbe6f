"""Figures of the campaigns chapter (营销活动、挽回与效果评估): stages, lift, before/after, costs, gains, uplift, win-back, lift of item pairs."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import FancyBboxPatch

from ..campaigns import CampaignValue
from ..glossary import term
from ..targeting import MailingPlan
from ._style import CLASS_COLORS, _axes, _legend_over_data, _text_color

__all__ = [
    "plot_stage_alignment",
    "plot_lift_intervals",
    "plot_before_after",
    "plot_campaign_value",
    "plot_gains",
    "plot_lift_by_decile",
    "plot_mailing_depth",
    "plot_uplift_by_decile",
    "plot_qini",
    "plot_winback",
    "plot_pair_lift",
]

_TREATED, _CONTROL = "#1f77b4", "#7f7f7f"

_LANES = (("stage_003", "003（五阶段）"), ("lifecycle_model", "000、002（四阶段）"), ("lifecycle_stage", "第 5 章：生命周期"),
          ("journey_stage", "第 5 章：客户旅程"))  # fmt: skip


def plot_stage_alignment(notes: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """The stage names of 003, of 000/002 and of chapter 5 lined up, one lane each (各套阶段名称的对应).

    One column per row of ``notes`` (:func:`crmlab.datasets.lifecycle_strategy_notes`);
    neighbouring equal names in a lane are merged into one box.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> notes = pd.DataFrame({"stage_003": ["引入", "考虑"], "lifecycle_model": ["获取", "获取"],
    ...                       "lifecycle_stage": ["考察期", "考察期"], "journey_stage": ["到达", "获取"]})
    >>> [t.get_text() for t in plot_stage_alignment(notes).texts]
    ['引入', '考虑', '获取', '考察期', '到达', '获取']
    """
    ax = _axes(ax)
    n = len(notes)
    for lane, (column, _) in enumerate(_LANES):
        names = notes[column].fillna("").astype(str).tolist()
        start = 0
        color = CLASS_COLORS[lane % len(CLASS_COLORS)]
        while start < n:
            end = start
            while end + 1 < n and names[end + 1] == names[start]:
                end += 1
            y = len(_LANES) - 1 - lane
            ax.add_patch(FancyBboxPatch((start + 0.06, y + 0.12), end - start + 0.88, 0.76, boxstyle="round,pad=0.02",
                                        facecolor=color, alpha=0.22, edgecolor=color))  # fmt: skip
            ax.text((start + end + 1) / 2, y + 0.5, names[start], ha="center", va="center", fontsize="small", wrap=True)
            start = end + 1
    ax.set_xlim(0, n)
    ax.set_ylim(0, len(_LANES))
    ax.set_yticks([len(_LANES) - 0.5 - i for i in range(len(_LANES))], [label for _, label in _LANES])
    ax.set_xticks([])
    ax.grid(False)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title(title or "客户生命周期各套阶段名称的对应")
    return ax


def plot_lift_intervals(lifts: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Relative lift of several outcomes with their confidence intervals, and the true lift where known (活动提升与置信区间).

    ``lifts`` is a :func:`crmlab.campaigns.campaign_lifts` table. Each outcome is shown as
    lift / control mean, so a purchase rate and a revenue share one axis; a diamond marks the
    simulation's true lift.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"control_mean": [0.25], "uplift": [0.1], "lower": [0.05], "upper": [0.15], "true_uplift": [0.08]}, index=["购买率"])
    >>> len(plot_lift_intervals(t).get_lines())  # interval, estimate, truth and the zero line
    4
    """
    ax = _axes(ax)
    for i, (name, r) in enumerate(lifts.iterrows()):
        base = r["control_mean"]
        ax.plot([r["lower"] / base, r["upper"] / base], [i, i], color=_TREATED, linewidth=3)
        ax.plot([r["uplift"] / base], [i], "o", color=_TREATED, markersize=9, label="实验组 − 对照组（95% 置信区间）" if i == 0 else None)
        if "true_uplift" in r:
            ax.plot([r["true_uplift"] / base], [i], "D", color="#d62728", markersize=8, label="真实提升（模拟）" if i == 0 else None)
    ax.axvline(0, color="black", linewidth=1)
    ax.set_yticks(range(len(lifts)), [str(i) for i in lifts.index])
    ax.set_ylim(-0.6, len(lifts) - 0.4)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:+.0%}")
    ax.set_xlabel("相对于对照组的提升")
    ax.legend(loc="lower right", fontsize="small")
    ax.set_title(title or "活动的提升：点是估计值，线是置信区间")
    return ax


def plot_before_after(table: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None, percent: bool = True) -> Axes:
    """Each group's outcome before and after the campaign, as a slope chart (活动前后对比).

    ``table`` is a :func:`crmlab.campaigns.before_after` table (its first two rows are drawn).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"before_campaign": [0.4, 0.4], "after_campaign": [0.42, 0.33]}, index=["实验组", "对照组"])
    >>> len(plot_before_after(t).get_lines())
    2
    """
    ax = _axes(ax)
    for (name, row), color in zip(table.iloc[:2].iterrows(), (_TREATED, _CONTROL)):
        ys = [row["before_campaign"], row["after_campaign"]]
        ax.plot([0, 1], ys, "o-", color=color, linewidth=2.5, markersize=8, label=str(name))
        for x, y in zip((0, 1), ys):
            ax.annotate(f"{y:.1%}" if percent else f"{y:,.0f}", (x, y), xytext=(-10 if x == 0 else 10, 0), textcoords="offset points",
                        ha="right" if x == 0 else "left", va="center", fontsize="small", color=color)  # fmt: skip
    ax.set_xticks([0, 1], [term("before_campaign"), term("after_campaign")])
    ax.set_xlim(-0.4, 1.4)
    if percent:
        ax.yaxis.set_major_formatter(lambda y, _: f"{y:.0%}")
    _legend_over_data(ax)
    ax.set_title(title or "活动前后：实验组与对照组")
    return ax


def plot_campaign_value(value: CampaignValue, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Waterfall of the net effect per contacted customer: gross profit lift, contact cost, coupons (活动的投入产出).

    The hatched part of the coupon bar went to customers who would have bought anyway; the
    net bar carries its confidence interval.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.campaigns import campaign_value
    >>> t = pd.DataFrame({"treated": [1, 1, 0, 0], "purchased": [1, 0, 1, 0], "profit": [30.0, 0, 10, 0]})
    >>> len(plot_campaign_value(campaign_value(t, contact_cost=1, coupon_value=5)).patches)
    5
    """
    ax = _axes(ax)
    per = value.table["per_customer"]
    gross, contact, coupon, waste, net = (float(per.iloc[i]) for i in range(5))
    steps = [("毛利提升", 0.0, gross, "#2ca02c"), ("联系成本", gross, contact, "#d62728"),
             ("优惠券成本", gross + contact, coupon, "#d62728")]  # fmt: skip
    for i, (_, bottom, height, color) in enumerate(steps):
        ax.bar(i, height, bottom=bottom, color=color, alpha=0.8)
    ax.bar(2, waste, bottom=gross + contact, color="none", edgecolor="black", hatch="//", label="其中发给本来就会购买的客户")
    ax.bar(3, net, color=_TREATED, yerr=[[net - value.net.lower], [value.net.upper - net]], capsize=8)
    ax.axhline(0, color="black", linewidth=1)
    tops = (max(gross, 0.0), gross, gross + contact, max(net, 0.0))
    for i, (y, top) in enumerate(zip((gross, contact, coupon, net), tops)):
        x = i + 0.42 if i == 3 else i
        ax.annotate(f"{y:+.2f}", (x, top), xytext=(0, 4), textcoords="offset points", ha="left" if i == 3 else "center",
                    va="bottom", fontsize="small")  # fmt: skip
    if value.true_net is not None:
        ax.plot([3], [value.true_net], "D", color="#d62728", markersize=8, label="真实净收益（模拟）")
    ax.set_xticks(range(4), ["毛利提升", "联系成本", "优惠券成本", "净收益（95% 置信区间）"])
    ax.set_ylabel("每位实验组客户（元）")
    ax.legend(loc="lower left", fontsize="small")
    ax.set_title(title or "活动值得吗？每位收到优惠券的客户带来的净收益")
    return ax


def plot_gains(gains: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """The cumulative gains chart: share of responders found against share of customers contacted (累计响应曲线).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.targeting import gains_table
    >>> len(plot_gains(gains_table([1, 0, 1, 0], [4, 3, 2, 1], bins=2)).get_lines())
    2
    """
    ax = _axes(ax)
    x = np.concatenate([[0.0], gains["contacted_share"].to_numpy()])
    y = np.concatenate([[0.0], gains["captured_share"].to_numpy()])
    ax.plot(x, y, "o-", color=_TREATED, linewidth=2.5, label="按模型得分从高到低联系")
    ax.plot([0, 1], [0, 1], "--", color=_CONTROL, label="随机联系")
    for xi, yi in zip(x[1:4], y[1:4]):
        ax.annotate(f"{yi:.0%}", (xi, yi), xytext=(-4, 8), textcoords="offset points", ha="right", fontsize="small")
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel(term("contacted_share"))
    ax.set_ylabel("找到的响应者占全部响应者的比例")
    ax.legend(loc="lower right")
    ax.set_title(title or "累计响应曲线（保留集）")
    return ax


def plot_lift_by_decile(gains: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Lift of each score group: its response rate / the overall rate (各组提升度).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.targeting import gains_table
    >>> len(plot_lift_by_decile(gains_table([1, 0, 1, 0], [4, 3, 2, 1], bins=2)).patches)
    2
    """
    ax = _axes(ax)
    bars = ax.bar(gains.index.astype(int), gains["lift"], color=_TREATED, alpha=0.85)
    ax.bar_label(bars, labels=[f"{v:.1f}" for v in gains["lift"]], fontsize="small", padding=2)
    ax.axhline(1, color="black", linestyle="--", linewidth=1)
    ax.set_xticks(gains.index.astype(int))
    ax.set_xlabel(term("decile"))
    ax.set_ylabel(term("lift"))
    ax.set_title(title or "各组的提升度（1 = 与随机联系一样）")
    return ax


def plot_mailing_depth(plan: MailingPlan, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Profit against the share of customers contacted, best-scored first, with the best depth marked (发送深度).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.targeting import mailing_depth
    >>> p = mailing_depth([1, 1, 0, 0], [4, 3, 2, 1], value_per_response=10, cost_per_contact=3)
    >>> len(plot_mailing_depth(p).get_lines())
    3
    """
    ax = _axes(ax)
    curve = plan.curve
    ax.plot(curve["contacted_share"], curve["profit"], color=_TREATED, linewidth=2.5)
    ax.axhline(0, color="black", linewidth=1)
    ax.axvline(plan.best_share, color="#2ca02c", linestyle="--", label=f"利润最高：联系前 {plan.best_share:.0%}（{plan.best_profit:,.0f} 元）")
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel(term("contacted_share"))
    ax.set_ylabel("利润（元）")
    ax.legend(loc="lower right")
    ax.set_title(title or "联系多少客户利润最高？")
    return ax


def plot_uplift_by_decile(tables: Mapping[str, pd.DataFrame], ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Observed uplift by score group for several rankings, with the true uplift where known (按分组的提升).

    ``tables`` maps a ranking's name to its :func:`crmlab.targeting.uplift_by_decile` table.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"uplift": [0.2, 0.0], "true_uplift": [0.15, 0.01]}, index=pd.Index([1, 2], name="decile"))
    >>> len(plot_uplift_by_decile({"提升模型": t}).patches)
    2
    """
    ax = _axes(ax)
    width = 0.8 / len(tables)
    for k, (name, table) in enumerate(tables.items()):
        x = table.index.to_numpy(dtype=float) + (k - (len(tables) - 1) / 2) * width
        color = CLASS_COLORS[k % len(CLASS_COLORS)]
        ax.bar(x, table["uplift"], width=width * 0.95, color=color, alpha=0.75, label=f"{name}：实际提升")
        if "true_uplift" in table:
            ax.plot(x, table["true_uplift"], "D", color=color, markeredgecolor="black", markersize=7, linestyle="none",
                    label=f"{name}：真实提升（模拟）")  # fmt: skip
    ax.axhline(0, color="black", linewidth=1)
    first = next(iter(tables.values()))
    ax.set_xticks(first.index.astype(int))
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:+.0%}")
    ax.set_xlabel(term("decile"))
    ax.set_ylabel("实验组 − 对照组的购买率")
    _legend_over_data(ax, fontsize="small")
    ax.set_title(title or "按得分分组的提升：谁是因为优惠券才购买的？")
    return ax


def plot_qini(curves: Mapping[str, pd.DataFrame], ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Qini curves of several rankings and the random line (Qini 曲线).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.uplift import qini_curve
    >>> len(plot_qini({"模型": qini_curve([1, 0, 0, 1], [1, 0, 1, 0], [4, 3, 2, 1])}).get_lines())  # the curve, the random line and the zero line
    3
    """
    ax = _axes(ax)
    for k, (name, curve) in enumerate(curves.items()):
        ax.plot(curve["contacted_share"], curve["incremental"], color=CLASS_COLORS[k % len(CLASS_COLORS)], linewidth=2.2, label=name)
    last = next(iter(curves.values()))
    ax.plot(last["contacted_share"], last["random"], "--", color=_CONTROL, label="随机排序")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel(term("contacted_share"))
    ax.set_ylabel(term("incremental"))
    ax.legend(loc="upper left", fontsize="small")
    ax.set_title(title or "提升排序曲线：按得分从高到低联系，多带来多少购买")
    return ax


def plot_winback(priorities: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Expected net value of a win-back offer by group of churned customers: p × V − c (赢回优先级).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> w = pd.DataFrame({"return_rate": [0.1, 0.1], "value_if_back": [40.0, 300.0], "expected_net": [-6.0, 20.0]},
    ...                  index=pd.Index(["[0, 15)", "≥ 15"], name="band"))
    >>> len(plot_winback(w).patches)
    2
    """
    ax = _axes(ax)
    colors = ["#2ca02c" if v > 0 else "#d62728" for v in priorities["expected_net"]]
    x = np.arange(len(priorities))
    bars = ax.bar(x, priorities["expected_net"], color=colors, alpha=0.85)
    labels = [f"p = {p:.0%}\nV = {v:,.0f}" for p, v in zip(priorities["return_rate"], priorities["value_if_back"])]
    ax.bar_label(bars, labels=labels, fontsize="small", padding=3)
    ax.axhline(0, color="black", linewidth=1)
    ax.set_xticks(x, [str(i) for i in priorities.index])
    ax.set_xlabel(f"{term(priorities.index.name or 'band')}（{term('value_per_order')}，元）")
    ax.set_ylabel(f"{term('expected_net')}（元/人）")
    low, high = ax.get_ylim()
    ax.set_ylim(low - 0.15 * (high - low), high + 0.25 * (high - low))
    ax.set_title(title or "哪些流失客户值得挽回？p × V − 成本")
    return ax


def plot_pair_lift(rules: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Heat map of the lift of every item pair (品类两两之间的提升度); above 1 (green): bought together more than by chance.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> r = pd.DataFrame({"antecedent": ["茶叶", "茶具"], "consequent": ["茶具", "茶叶"], "lift": [2.0, 2.0]})
    >>> [t.get_text() for t in plot_pair_lift(r).texts]
    ['', '2.00', '2.00', '']
    """
    ax = _axes(ax)
    matrix = rules.pivot(index="antecedent", columns="consequent", values="lift")
    items = sorted(set(matrix.index) | set(matrix.columns))
    matrix = matrix.reindex(index=items, columns=items)
    values = matrix.to_numpy(dtype=float)
    span = max(1.0, float(np.nanmax(np.abs(np.log2(values[values > 0])))) if (values > 0).any() else 1.0)
    logged = np.log2(np.where(values > 0, values, np.nan))
    image = ax.imshow(logged, cmap="RdYlGn", vmin=-span, vmax=span)
    for i in range(len(items)):
        for j in range(len(items)):
            v = values[i, j]
            shown = "" if np.isnan(v) else f"{v:.2f}"
            color = "black" if np.isnan(logged[i, j]) else _text_color(image.cmap(image.norm(logged[i, j])))
            ax.text(j, i, shown, ha="center", va="center", fontsize="x-small", color=color)
    ax.set_xticks(range(len(items)), items, rotation=45, ha="right")
    ax.set_yticks(range(len(items)), items)
    ax.set_xlabel(term("consequent"))
    ax.set_ylabel(term("antecedent"))
    ax.grid(False)
    ax.set_title(title or "同一订单里的品类提升度")
    return ax
