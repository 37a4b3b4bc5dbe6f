"""Chinese terms for the parameters and columns used throughout crmlab (术语表).

Every error message, slider label and axis label takes its Chinese term from
here, so that a concept is called the same thing everywhere in the course.

Examples
--------
>>> term("churn_rate")
'流失率'
>>> import pandas as pd
>>> list(label_columns(pd.DataFrame({"year": [1], "present_value": [1047.27]})).columns)
['年份', '利润现值']
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

__all__ = ["TERMS", "BTYD_TERMS", "term", "label_columns"]

TERMS: Mapping[str, str] = {
    # clv_breakdown parameters: the textbook's eight factors and the rest
    "annual_revenue": "年收入",
    "margin": "毛利率",
    "years_active": "已合作年数",
    "past_annual_revenue": "过去的年收入",
    "churn_rate": "流失率",
    "retention_rate": "保留率",
    "discount_rate": "折现率",
    "horizon": "计算年限",
    "revenue_growth": "收入年增长率",
    "maintenance_cost": "年维系成本",
    "data_value": "年信息价值",
    "upsell_revenue": "升级后年增收入",
    "upsell_probability": "升级成功率",
    "referrals_per_year": "年均推荐人数",
    "referral_value": "被推荐客户价值",
    "referral_cost": "推荐成本",
    "referral_model": "推荐价值算法",
    # results
    "historical": "历史价值",
    "current": "当前价值",
    "upsell": "升级价值",
    "referral": "推荐价值",
    "potential": "潜在价值",
    "total": "客户终生价值",
    "clv": "客户终生价值",
    "cac": "获客成本",
    "ratio": "CLV:CAC",
    "payback_years": "回本年数",
    "segment": "客户细分",
    "verdict": "判断",
    # DCF table
    "year": "年份",
    "retention_probability": "留存概率",
    "expected_profit": "预测利润",
    "discount_factor": "折现因子",
    "present_value": "利润现值",
    # tables of helpers
    "factor": "因素",
    "term": "名称",
    "base_value": "基准值",
    "low_value": "下调后",
    "high_value": "上调后",
    "total_at_low": "下调时CLV",
    "total_at_high": "上调时CLV",
    "swing": "CLV变动幅度",
    "customer_id": "客户编号",
    "name": "姓名",
    "plan": "套餐",
    "count": "人数",
    "share": "占比",
    "strategy": "策略",
    "item": "项目",
    "description": "计算说明",
    "value": "价值",
    # chapter 2: delivered value
    "product_value": "产品价值",
    "service_value": "服务价值",
    "personnel_value": "人员价值",
    "image_value": "形象价值",
    "monetary_cost": "货币成本",
    "time_cost": "时间成本",
    "energy_cost": "精力成本",
    "psychological_cost": "心理成本",
    # chapter 3: RFM
    "recency": "R 最近购买距今天数",
    "frequency": "F 购买次数",
    "monetary": "M 消费金额",
    "revenue": "收入",
    "revenue_share": "收入占比",
    "r_score": "R 分",
    "f_score": "F 分",
    "m_score": "M 分",
    "rfm_code": "RFM 代码",
    "rfm_score": "RFM 总分",
    "mean_recency": "平均 R (天)",
    "mean_frequency": "平均 F (次)",
    "mean_monetary": "平均 M",
    "meaning": "含义",
    "source": "来源",
    "total_value": "客户总价值",
    "total_cost": "客户总成本",
    "delivered_value": "让渡价值",
    "side": "方面",
    "yuan": "金额 (元)",
    "maslow_level": "对应的马斯洛需求层次",
    "core_appeal": "核心诉求",
    "customer_questions": "客户关心的问题",
    "firm_focus": "企业提供价值的关键",
    "examples": "典型例子",
    "case": "案例",
    # chapters 4 and 6: lifecycle and retention
    "stage": "阶段",
    "pattern": "生命周期模式",
    "transaction_volume": "交易额 TV(t)",
    "period": "期",
    "periods": "已有期数",
    "level": "当前水平",
    "before": "前一段水平",
    "peak": "峰值",
    "span": "首末购买跨度 (期)",
    "active_periods": "有购买的期数",
    "ended": "关系已结束",
    "reached_stability": "曾进入稳定期",
    "lapses": "中断次数",
    "returns": "回归次数",
    "won_back": "被赢回",
    "rate": "比率",
    "rate_of": "相对于",
    "reach": "触达人数",
    "leads": "线索数",
    "spend": "营销费用",
    "lead_rate": "线索率",
    "conversion": "转化率",
    "value_to_cac": "价值/CAC",
    "baseline": "基准期次数",
    "recent": "观察期次数",
    "baseline_rate": "基准期每30天",
    "recent_rate": "观察期每30天",
    "flagged": "预警",
    "size": "人数",
    "retention": "留存率",
    "duration_days": "寿命 (天)",
    "duration_months": "寿命 (月)",
    "churned": "已流失",
    "start": "区间起点",
    "end": "区间终点",
    "at_risk": "期初人数",
    "censored": "删失",
    "effective_at_risk": "有效人数",
    "churn_probability": "流失概率",
    "survival": "生存概率",
    "expected_remaining": "期望剩余寿命",
    "lower": "下限",
    "upper": "上限",
    "observed": "观测值",
    "expected": "预测值",
    "constant_churn": "固定流失率的预测",
    "actual": "实际值",
    "channel": "渠道",
    "fitted": "用于拟合",
    "group": "分组",
    "english": "英文",
    "customer": "客户特点",
    "goal": "目标",
    "strategies": "策略",
    "case_xiaolin": "臻选咖啡: 小林",
    "features": "特点",
    "causes": "形成原因",
    "watch_out": "企业应警惕",
    "case_lesson": "案例启示",
    "firm_tasks": "企业的关键任务",
    "kpis": "核心指标",
    # chapter 1: classifications
    "customers": "客户数",
    "customer_share": "客户占比",
    "value_share": "价值占比",
    "cumulative_share": "累计价值占比",
    "mean_value": "平均价值",
    "rank": "排名",
    "class": "类别",
    "tier": "价值层级",
    "value_type": "提供价值的能力",
    "loyalty": "忠诚度分类",
    "state": "客户状态",
    "first_purchase": "首次购买",
    "last_purchase": "最近一次购买",
    "orders": "订单数",
    "tenure_days": "首次购买至今天数",
    "recency_days": "最近一次购买至今天数",
    "targeted": "是否目标客户",
    "month": "月份",
    "new_customers": "新客户数",
    "amount": "金额",
    "profit": "利润",
    "quantity": "数量",
    "textbook": "教材数值",
    "exact": "精确值",
    "difference": "差额",
    "reason": "差异原因",
    "mean_total": "平均CLV",
    "mean_ratio": "平均CLV:CAC",
    # tables the notebooks show (computed by crmlab, not built in a cell)
    "definition": "含义",
    "first_warning": "首次预警日期",
    "days_after": "相隔天数",
    "came_back": "之后仍有购买的比例",
    "classified": "规则判断",
    "true_stage": "模拟的真实阶段",
    "true_pattern": "模拟的真实模式",
    "true_value_type": "模拟的真实类型",
    "measure": "措施（依次叠加）",
    "past_revenue_share": "分类时的收入占比",
    "sbg": "sBG 模型",
    "sample_id": "客户编号",
    "top_share": "头部客户的价值占比",
    "gini": "基尼系数",
    "rule": "规则（依次判断）",
    "parameter": "参数名",
    "setting": "取值",
    # churn warning (crmlab.lifecycle.churn_warning): its own term, not CLV:CAC
    "activity_ratio": "近期/基准频率比",
}


#: Terms for the "buy till you die" summary (chapter 7), whose columns share English names with RFM's
#: but mean something else: pass ``terms=BTYD_TERMS`` to :func:`label_columns`.
BTYD_TERMS: Mapping[str, str] = {
    "frequency": "重复购买次数 x",
    "recency": "首末购买间隔 t_x",
    "T": "观察时长 T",
    "monetary_value": "重复购买平均金额",
    "frequency_cal": "校准期重复购买次数",
    "recency_cal": "校准期首末间隔",
    "T_cal": "校准期观察时长",
    "monetary_value_cal": "校准期平均金额",
    "frequency_holdout": "验证期购买次数",
    "monetary_value_holdout": "验证期平均金额",
    "spend_holdout": "验证期消费额",
    "duration_holdout": "验证期时长",
    "probability_alive": "存活概率",
    "t": "预测时长",
    "if_alive": "若仍活着的预测购买",
    "expected_purchases": "预测购买次数",
    "expected_spend": "预测客单价",
    "clv": "预测 CLV",
    "annual_revenue": "年收入 (按历史速率)",
    "customers": "客户数",
    "actual": "实际",
    "expected": "预测",
    "predicted": "预测",
    "estimate": "估计值",
    "std_error": "标准误",
    "lower_95": "95% 下限",
    "upper_95": "95% 上限",
    "total": "预测合计",
    "actual_total": "实际合计",
    "total_error": "合计误差",
    "mae": "平均绝对误差",
    "correlation": "相关系数",
    "published": "论文发表",
    "predicted_holdout": "验证期预测消费",
    "simple_clv": "公式 CLV",
    "model_clv": "模型 CLV",
}


def term(name: str) -> str:
    """Return the Chinese term for a parameter or column name (中文术语).

    Names without an entry are returned unchanged, so a caller can label any
    column without checking first.

    Examples
    --------
    >>> term("discount_rate")
    '折现率'
    >>> term("not_a_term")
    'not_a_term'
    """
    return TERMS.get(name, name)


def label_columns(frame: pd.DataFrame, terms: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Return a copy of ``frame`` with its columns renamed to Chinese terms.

    Used by the notebooks to show a result table the way the textbook prints
    it; the caller's frame is not modified. ``terms`` takes precedence over
    :data:`TERMS` (e.g. :data:`BTYD_TERMS` for chapter 7's tables). The names
    of the row and column axes (e.g. of a cross-table) and the labels of
    every level of hierarchical columns are relabelled too.

    Examples
    --------
    >>> label_columns(pd.DataFrame({"churn_rate": [0.2]})).columns.tolist()
    ['流失率']
    >>> label_columns(pd.DataFrame({"frequency": [2.0]}), BTYD_TERMS).columns.tolist()
    ['重复购买次数 x']
    >>> cross = pd.crosstab(pd.Series(["A"], name="classified"), pd.Series(["B"], name="true_stage"))
    >>> label_columns(cross).index.name, label_columns(cross).columns.name
    ('规则判断', '模拟的真实阶段')
    """
    extra = terms or {}

    def chinese(name: object) -> object:
        return extra.get(name, term(name)) if isinstance(name, str) else name

    if isinstance(frame.columns, pd.MultiIndex):
        names = {c for level in frame.columns.levels for c in level if isinstance(c, str)}
    else:
        names = {c for c in frame.columns if isinstance(c, str)}
    out = frame.rename(columns={c: chinese(c) for c in names})
    for axis in ("index", "columns"):
        labels = getattr(out, axis)
        if labels.nlevels == 1 and isinstance(labels.name, str):
            out = out.rename_axis(**{axis: chinese(labels.name)})
    return out
