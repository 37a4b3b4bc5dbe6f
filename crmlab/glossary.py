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

__all__ = ["TERMS", "term", "label_columns"]

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


def label_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` with its columns renamed to Chinese terms.

    Used by the notebooks to show a result table the way the textbook prints
    it; the caller's frame is not modified.

    Examples
    --------
    >>> label_columns(pd.DataFrame({"churn_rate": [0.2]})).columns.tolist()
    ['流失率']
    """
    return frame.rename(columns={c: term(c) for c in frame.columns if isinstance(c, str)})
