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

__all__ = ["TERMS", "BTYD_TERMS", "COURSE_MAP_TERMS", "POSITIONING_TERMS", "VALUE_TERMS", "BOOL_TERMS", "TERM_SETS", "TERMS_ATTR", "term", "with_terms", "label_columns"]

TERMS: Mapping[str, str] = {
    # clv_breakdown parameters: the textbook's eight factors and the rest
    "annual_revenue": "年收入",
    "margin": "毛利率",
    "years_active": "已合作年数",
    "past_annual_revenue": "过去的年收入",
    "churn_rate": "流失率",
    "retention_rate": "保留率",  # period to period (1 - churn_rate; SBGFit.retention_rate); the cumulative one is survival_probability
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
    # cumulative: the probability of still being a customer in year t (S(t) = (1 - churn)^t),
    # not a period-to-period retention rate (retention_rate, SBGFit.retention_rate)
    "survival_probability": "留存概率",
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
    # chapter 3: delivered value
    "product_value": "产品价值",
    "service_value": "服务价值",
    "personnel_value": "人员价值",
    "image_value": "形象价值",
    "monetary_cost": "货币成本",
    "time_cost": "时间成本",
    "energy_cost": "精力成本",
    "psychological_cost": "心理成本",
    # chapter 4: RFM
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
    "mean_recency": "平均 R（天）",
    "mean_frequency": "平均 F（次）",
    "mean_monetary": "平均 M",
    "meaning": "含义",
    "source": "来源",
    "total_value": "客户总价值",
    "total_cost": "客户总成本",
    "delivered_value": "让渡价值",
    "side": "方面",
    "yuan": "金额（元）",
    "maslow_level": "对应的马斯洛需求层次",
    "core_appeal": "核心诉求",
    "customer_questions": "客户关心的问题",
    "firm_focus": "企业提供价值的关键",
    "examples": "典型例子",
    "case": "案例",
    # chapters 5 and 8: lifecycle and retention
    "stage": "阶段",
    "pattern": "生命周期模式",
    "transaction_volume": "交易额 TV(t)",
    "period": "第几期",
    "periods": "期数",
    "level": "当前水平",
    "before": "前一段水平",
    "peak": "峰值",
    "span": "首末购买跨度（期）",
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
    "duration_days": "寿命（天）",
    "duration_months": "寿命（月）",
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
    "case_xiaolin": "臻选咖啡：小林",
    "features": "特点",
    "causes": "形成原因",
    "watch_out": "企业应警惕",
    "case_lesson": "案例启示",
    "firm_tasks": "企业的关键任务",
    "kpis": "核心指标",
    # chapter 2: classifications
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
    # the two halves of a side-by-side table (crmlab.btyd.rfm_side_by_side)
    "rfm": "第 4 章 RFM",
    "btyd": "本章 BTYD",
    # fitted models compared side by side (crmlab.retention.compare_fits)
    "loglik": "对数似然",
    "n_customers": "客户数",
    "status": "是否收敛",
    "r_se": "r 的标准误",
    "alpha_se": "α 的标准误",
    "a_se": "a 的标准误",
    "b_se": "b 的标准误",
    "beta_se": "β 的标准误",
    "p_se": "p 的标准误",
    "q_se": "q 的标准误",
    "gamma_se": "γ 的标准误",
    # model parameters are written as the formulas write them (issue 11: no English in what a student sees)
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "cumulative": "累计",
    "time": "时间",
    # the case of chapter 3 (crmlab.datasets.xiaolin_case)
    "company": "公司",
    "product": "产品",
    "price": "价格",
    # --- issue 9, one vocabulary: concepts named by figure axes and explorer sliders ---
    # (kept as the sliders and notebooks already say them, in full-width punctuation)
    "cohort": "同期群",
    "as_of": "分析日期",
    "cutoffs": "分界值",
    "basis": "划分依据",
    "scheme": "分类方案",
    "bins": "分数档数",
    "threshold": "高低分界",
    "new_days": "新客户天数",
    "churn_days": "流失天数",
    "loyal_orders": "忠诚最少单数",
    "loyal_days": "忠诚最短天数",
    "exploration": "考察期长度",
    "formation": "形成期长度",
    "stability": "稳定期长度",
    "decline": "退化期长度",
    "explore_level": "考察期交易额",
    "cost": "考察期维系成本",
    "baseline_days": "基准期天数",
    "recent_days": "观察期天数",
    "drop": "下降到不足",
    "min_baseline": "基准期至少几次",
    "price_sensitivity": "价格敏感",
    "novelty_seeking": "追新",
    "brand_attention": "品牌关注",
    "score": "分数",
    # churn warning (crmlab.lifecycle.churn_warning): its own term, not CLV:CAC
    "activity_ratio": "近期/基准频率比",
    # --- chapter 1, CRM and customer positioning (crmlab.positioning, crmlab.idic, crmlab.crm_models) ---
    "definer": "提出者",
    "emphasis": "侧重",
    "role": "作用",
    "functions": "主要功能",
    "course_computes": "本课程计算什么",
    "chapters": "章节",
    "four_p": "4P",
    "four_c": "4C",
    "four_r": "4R",
    "shop_example": "在课程商店",
    "idea": "营销思想",
    "core": "核心观点",
    "versus": "对照",
    "shop_application": "本课程的应用",
    "lifecycle_scheme": "生命周期划分",
    "stages": "阶段",
    "used_in": "本课程在哪里用",
    "number": "序号",
    "crm_model": "模型",
    "purpose": "用途",
    "listed": "在 000 的清单中印出",
    "step": "步骤",
    "task": "任务",
    "on_shop": "在课程商店",
    "tally": "数目",
    "contacts": "联系次数",
    "direction": "方向",
    "topic": "主题",
    "handled_by": "接听方式",
    "k": "细分数目 k",
    "inertia": "组内平方和",
    "silhouette": "轮廓系数",
    "purity": "纯度",
    "ari": "调整兰德指数",
    "mean_profit": "平均利润",
    "profit_share": "利润占比",
    "active_customer_share": "仍活跃的占比",
    "segment_value_index": "价值指数",
    "is_target": "选为目标",
    "layer": "层次",
    "people": "人数",
    "share_of_all": "占全部的比例",
    "kept": "本层保留的比例",
    "outcome_rate": "实际预订率",
    "captured": "覆盖的预订占比",
    "needs_fit": "用得上",
    "budget": "每月预算（元）",
    "trust": "信任",
    "appeal": "看得中",
    "urgent": "急着用",
    "preordered": "已预订",
    "reviews": "评价数",
    "community": "加入社群",
    "referrals": "推荐人数",
    "inbound": "主动联系次数",
    "engagement_level": "参与度等级",
    "rung": "关系阶梯",
    "interaction": "互动（每年联系次数）",
    "satisfaction": "满意度",
    "interaction_score": "互动得分",
    "trust_score": "信任得分",
    "satisfaction_score": "满意得分",
    "quality": "关系质量",
    "touchpoint": "触点",
    "cost_per_customer": "每人成本",
    "standing": "次年的位置",
    "phase": "阶段（001 五阶段）",
    "min_trust": "信任至少",
    "min_appeal": "看得中至少",
    "x_axis": "横轴",
    "y_axis": "纵轴",
    "contact_id": "联系编号",
    "date": "日期",
    "contacts_per_customer": "人均联系次数",
    "inbound_share": "客户主动联系的占比",
    "complaint_share": "投诉占比",
    "raw_id": "记录的编号",
    "true_customer_id": "真实客户编号",
    "pilot_profit": "试点两个月的利润",
    "exp_browse": "浏览选购",
    "exp_checkout": "下单支付",
    "exp_delivery": "物流配送",
    "exp_service": "售后服务",
    # --- chapter 9: campaigns, targeting, win-back, association (crmlab.campaigns, .targeting, .winback, .association) ---
    "treated": "是否实验组",
    "treated_mean": "实验组",
    "control_mean": "对照组",
    "relative_lift": "相对提升",
    "purchased": "是否购买",
    "outcome": "结果变量",
    "mean": "均值",
    "before_campaign": "活动前",
    "after_campaign": "活动后",
    "change": "变化",
    "per_customer": "每位实验组客户",
    "group_total": "实验组合计",
    "contact_cost": "联系成本",
    "coupon_value": "优惠券面值",
    "campaign_date": "活动日期",
    "window_days": "窗口天数",
    "purchased_control": "不发券时是否购买（模拟）",
    "purchased_treated": "发券时是否购买（模拟）",
    "revenue_control": "不发券时的收入（模拟）",
    "revenue_treated": "发券时的收入（模拟）",
    "profit_control": "不发券时的利润（模拟）",
    "profit_treated": "发券时的利润（模拟）",
    "offer_effect": "优惠说服概率（模拟）",
    "mean_amount": "平均订单金额",
    "test_share": "保留集比例",
    "odds_ratio": "优势比",
    "scale": "标准差",
    "decile": "得分分组（从高到低）",
    "responders": "响应人数",
    "response_rate": "响应率",
    "contacted": "联系人数",
    "contacted_share": "联系比例",
    "captured_share": "累计响应占比",
    "lift": "提升度",
    "cumulative_lift": "累计提升度",
    "value_per_response": "每个响应的价值",
    "cost_per_contact": "每次联系成本",
    "n_treated": "实验组人数",
    "n_control": "对照组人数",
    "rate_treated": "实验组响应率",
    "rate_control": "对照组响应率",
    "uplift": "提升（实验组 − 对照组）",
    "true_uplift": "真实提升（模拟）",
    "incremental": "增量响应人数",
    "random": "随机排序",
    "first_orders": "第一段订单数",
    "first_value": "第一段价值",
    "first_days": "第一段天数",
    "value_per_order": "第一段每单价值",
    "returned": "已回来",
    "gap": "中断天数",
    "second_orders": "第二段订单数",
    "second_value": "第二段价值",
    "second_days": "第二段天数",
    "lifetime": "生命段",
    "days": "天数",
    "band": "分组区间",
    "edges": "分界值",
    "return_rate": "回来的比例",
    "value_if_back": "回来后的价值",
    "expected_net": "期望净收益",
    "lapsed_now": "目前仍流失人数",
    "offer_cost": "挽回成本",
    "antecedent": "前项（已购买）",
    "consequent": "后项（推荐）",
    "baskets": "购物篮数",
    "antecedent_support": "前项支持度",
    "consequent_support": "后项支持度",
    "support": "支持度",
    "min_support": "最小支持度",
    "confidence": "置信度",
    "bought": "已购品类",
    "offer": "推荐品类",
    "because": "推荐依据",
    "categories": "购买品类数",
    "category": "品类",
    "stage_003": "003 的阶段",
    "lifecycle_model": "000、002 的阶段",
    "lifecycle_stage": "第 5 章生命周期阶段",
    "journey_stage": "第 5 章客户旅程",
    "claim_003": "003 声称的效果",
    "basis_003": "003 给出的依据",
    # satisfaction and loyalty (chapter 7: crmlab.satisfaction, crmlab.loyalty, crmlab.retention_lift)
    "csat": "总体满意度",
    "nps": "推荐意愿",
    "attribute": "属性",
    "respondents": "受访人数",
    "importance": "重要性",
    "performance": "表现",
    "performance_offset": "表现偏移",
    "stated_weight": "自述权重",
    "derived_weight": "回归权重",
    "true_weight": "真实权重",
    "coefficient": "回归系数",
    "std_error": "标准误",
    "weight": "权重",
    "quadrant": "象限",
    "action": "建议",
    "gain": "提升分数",
    "satisfaction_gain": "满意度提升",
    "csi": "满意度指数",
    "orders_after": "此后订单数",
    "spend_after": "此后消费额",
    "active_after": "此后仍购买",
    "active_share": "仍购买比例",
    "mean_orders": "平均订单数",
    "mean_spend": "平均消费额",
    "satisfied": "满意人数",
    "unsatisfied": "不满意人数",
    "satisfied_active": "满意者仍购买比例",
    "unsatisfied_active": "不满意者仍购买比例",
    "active_difference": "比例之差",
    "scenario": "方案",
    "annual_profit": "年利润",
    "profit_before": "提高前的客户利润",
    "profit_after": "提高后的客户利润",
    "profit_lift": "利润增幅",
    "at_25%": "增幅 25% 时",
    "at_85%": "增幅 85% 时",
    "retention_gain": "保留率提高",
    "reward_rate": "积分返还比例",
    "cost_per_member": "每位会员年运营成本",
    "churn_reduction": "流失率下降",
    "spend_uplift": "消费提升",
    "churn_per_point": "每分满意度降低的流失率",
    "value_per_point": "每分满意度的价值",
    "firm": "企业",
    "sales": "销售额",
    "buyers": "购买人数",
    "market_share": "市场份额",
    "penetration": "渗透率",
    "share_of_wallet": "客户份额",
    "heaviness": "购买强度指数",
    "customer_satisfaction": "客户满意度提升",
    "employee_satisfaction": "员工满意度提升",
    "service_boost": "服务改进幅度",
    "employee_link": "客户→员工满意传导",
    "customer_link": "员工→客户满意传导",
    "traits": "客户特征",
    "course_chapters": "本课程中的位置",
    "satisfaction_focus": "满意度工作的重点",
    "csat_share": "CSAT（满意的比例）",
    "mean_csat": "平均总体满意度",
    "nps_score": "NPS",
    "years": "模拟年数",
    # two engines compared (crmlab.engine.compare_errors; the appendix on DuckDB)
    "call": "调用",
    "raised": "是否报错",
    "message": "提示信息",
    "same_as_first": "与第一行相同",
    # the mobile-operator case (chapter 11: crmlab.telecom, crmlab.churn_model, crmlab.cltv)
    "subscriber_id": "用户编号",
    "branch": "市公司",
    "addon": "增值业务",
    "join_month": "入网月份",
    "acquisition_cost": "获客成本",
    "churn_month": "流失月份",
    "tenure_months": "在网月数",
    "churn_reason": "流失原因",
    "true_tenure_months": "模拟的真实在网月数",
    "tenure": "在网月数",
    "minutes": "通话分钟数",
    "data_gb": "流量（GB）",
    "calls_10086": "10086 来电次数",
    "true_hazard": "模拟的真实流失风险",
    "subscribers": "用户数",
    "n_subscribers": "用户数",
    "survival_12": "在网满 12 个月的比例",
    "survival_24": "在网满 24 个月的比例",
    "expected_tenure": "预测在网月数",
    "true_tenure": "真实在网月数",
    "by": "分组依据",
    "width": "区间宽度",
    "months": "月数",
    "acquisition_index": "新用户站稳",
    "development_index": "价值提升",
    "retention_index": "稳定保持",
    "value_index": "用户价值",
    "health": "健康度",
    "focus": "工作重点",
    "weights": "权重",
    "hazards": "月度流失风险",
    "arpu": "每用户月均收入",
    "service_cost": "月服务成本",
    "base_service_cost": "基础月服务成本",
    "cost_per_call": "每次 10086 来电成本",
    "cross_sell_rate": "交叉销售渗透率",
    "cross_sell_price": "新业务月费",
    "cross_sell_margin": "新业务毛利率",
    "churn_change": "流失风险变化",
    "lever": "优化方向",
    "subscriber_value": "每位用户的终生价值",
    "value_gain": "价值增加",
    "months_ahead": "预警期月数",
    "train_month": "训练快照月份",
    "test_month": "测试快照月份",
    "predictors": "预测变量",
    "feature": "预测变量",
    "churned_next": "预警期内流失",
    "revenue_3m": "近 3 个月月均收入",
    "revenue_trend": "收入变化",
    "minutes_trend": "通话变化",
    "data_trend": "流量变化",
    "calls_10086_3m": "近 3 个月 10086 来电",
    "family_plan": "家庭套餐",
    "rural": "农村用户",
    "agent_channel": "社会代理点入网",
    "pgs": "产品和服务价格 PGS",
    "cs": "销售成本 CS",
    "cm": "营销成本 CM",
    "mpa": "匹配价格均值 MPA",
    "nca": "新顾客获取 NCA",
    "pe": "产品背书 PE",
    "price_effect": "价格对忠诚的影响",
    "endorsement_value": "每次背书的价值",
    "cltv": "CLTV 函数 F(R, L, I)",
    "component": "组成部分",
    "model": "应用模型",
    "target": "战略目标",
    "question": "要回答的问题",
    "data_needed": "需要的数据",
    "in_course": "本课程中",
    "churners": "流失人数",
    # --- chapter 12, the capstone (crmlab.capstone, crmlab.report) ---
    "problem": "问题",
    "rows": "行数",
    "example": "示例",
    "fix": "处理方法",
    "cleaning_step": "清洗步骤",
    "operation": "操作",
    "rows_left": "剩余行数",
    "removal_reason": "删除原因",
    "probability_alive": "存活概率",
    "textbook_clv": "教材公式 CLV",
    "predictive_clv": "预测 CLV",
    "abc_class": "ABC 分类",
    "warned": "流失预警",
    "past_profit": "已实现利润",
    "lifetime_value": "终生价值（已实现 + 预测）",
    "effect": "预期提升比例",
    "segment_value": "细分预测价值合计",
    "action_budget": "行动预算（元）",
    "total_budget": "总预算上限（元）",
    "expected_value": "预期增加价值（元）",
    "net_value": "预期净收益（元）",
    "roi": "投入产出比",
    "funded": "是否投入",
    "funded_share": "覆盖比例",
    "planned_spend": "计划投入（元）",
    "planned_gain": "计划增加价值（元）",
    "cost_factor": "成本倍数",
    "effect_factor": "效果倍数",
    "figure": "数值",
    "order_id": "订单号",
    "currency": "币种",
}


#: Terms for the "buy till you die" summary (chapter 10), whose columns share English names with RFM's
#: but mean something else: the tables of :mod:`crmlab.btyd` are tagged with them (:func:`with_terms`), or pass
#: ``terms=BTYD_TERMS`` (or ``"btyd"``) to :func:`label_columns` and :func:`term`.
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
    "annual_revenue": "年收入（按历史速率）",
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
    # --- issue 9, one vocabulary: the other columns of tracking_table and tracking_totals ---
    "actual_cumulative": "累计实际",
    "expected_cumulative": "累计预测",
    "calibration": "校准期内",
    "error": "相对误差",
    "forecast": "预测方法",
}

#: The course map's columns (:func:`crmlab.datasets.course_map`).
COURSE_MAP_TERMS: Mapping[str, str] = {
    "chapter": "章",
    "title": "标题",
    "notebook": "笔记本",
    "module": "模块",
    "sources": "教材来源",
    "status": "状态",
}

#: Term sets a table can be tagged with (:func:`with_terms`); each takes precedence over :data:`TERMS`.
#: "rfm" is chapter 4's reading of the same English names (the default :data:`TERMS`).
#: Chapter 1's readings of names that chapter 9 uses for its campaign experiment: the follow-up-call
#: pilot (:func:`crmlab.crm_basics.incremental_value`) and the offer per segment (:func:`crmlab.idic.assign_offers`).
POSITIONING_TERMS: Mapping[str, str] = {
    "treated": "回访组人数",
    "control": "对照组人数",
    "treated_mean": "回访组平均利润",
    "control_mean": "对照组平均利润",
    "uplift": "提升",
    "incremental": "增量客户价值",
    "offer": "定制方案",
}

TERM_SETS: Mapping[str, Mapping[str, str]] = {
    "btyd": BTYD_TERMS,
    "rfm": {},
    "course_map": COURSE_MAP_TERMS,
    "positioning": POSITIONING_TERMS,
}

#: Values shown in Chinese by :func:`label_columns`: row labels (e.g. of ``describe()`` and of a
#: table of model parameters) and whole columns whose every value is listed here (e.g. a status).
VALUE_TERMS: Mapping[str, str] = {
    "count": "个数",
    "mean": "平均值",
    "std": "标准差",
    "min": "最小值",
    "max": "最大值",
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "ready": "已完成",
    "planned": "计划中",
    # rows of crmlab.engine.compare_frames
    "max_abs_diff": "最大绝对差",
    "max_rel_diff": "最大相对差",
    "missing_mismatch": "仅一方缺失的行数",
}

#: How :func:`label_columns` shows True and False.
BOOL_TERMS: Mapping[bool, str] = {True: "是", False: "否"}

#: Key of ``DataFrame.attrs`` under which :func:`with_terms` records a table's term set.
TERMS_ATTR = "crmlab_terms"


def _term_set(terms: Mapping[str, str] | str | None) -> Mapping[str, str]:
    """The mapping named by ``terms`` (a key of :data:`TERM_SETS`), or ``terms`` itself."""
    if terms is None:
        return {}
    if isinstance(terms, str):
        if terms not in TERM_SETS:
            from ._validation import check_choice  # _validation imports this module

            check_choice("terms", terms, list(TERM_SETS))
        return TERM_SETS[terms]
    return terms


def term(name: str, terms: Mapping[str, str] | str | None = None) -> str:
    """Return the Chinese term for a parameter or column name (中文术语).

    Names without an entry are returned unchanged, so a caller can label any
    column without checking first. ``terms`` (a mapping, or the name of a
    term set such as ``"btyd"``) takes precedence over :data:`TERMS`.

    Examples
    --------
    >>> term("discount_rate")
    '折现率'
    >>> term("not_a_term")
    'not_a_term'
    >>> term("frequency"), term("frequency", "btyd"), term("discount_rate", "btyd")
    ('F 购买次数', '重复购买次数 x', '折现率')
    """
    return _term_set(terms).get(name, TERMS.get(name, name))


def with_terms(frame: pd.DataFrame, terms: str) -> pd.DataFrame:
    """Return a copy of ``frame`` tagged with the term set its columns need (标记术语表).

    The tag is ``frame.attrs["crmlab_terms"]``; :func:`label_columns` reads it,
    so a chapter-7 table is labelled with :data:`BTYD_TERMS` without the caller
    passing them. The caller's frame is not modified. pandas keeps ``attrs``
    through ``round``, ``head``, row and column selection, ``reset_index``,
    ``rename``, ``sort_values`` and ``concat`` of frames tagged alike, but drops
    them in ``join``, ``merge`` and ``concat`` with an untagged frame.

    Examples
    --------
    >>> summary = pd.DataFrame({"frequency": [2.0], "recency": [30.0], "T": [39.0]})
    >>> tagged = with_terms(summary, "btyd")
    >>> tagged.attrs, summary.attrs
    ({'crmlab_terms': 'btyd'}, {})
    >>> label_columns(tagged).columns.tolist()
    ['重复购买次数 x', '首末购买间隔 t_x', '观察时长 T']
    >>> label_columns(tagged.round(1).head(1)[["frequency"]]).columns.tolist()
    ['重复购买次数 x']
    >>> label_columns(summary).columns.tolist()  # untagged: the RFM terms
    ['F 购买次数', 'R 最近购买距今天数', 'T']
    """
    _term_set(terms)
    if not isinstance(frame, (pd.DataFrame, pd.Series)):
        from ._validation import CrmlabTypeError

        raise CrmlabTypeError(
            "frame", f"表格 frame 必须是 DataFrame，收到 {type(frame).__name__}", f"frame must be a DataFrame, got {type(frame).__name__}"
        )
    tagged = frame.copy()
    tagged.attrs[TERMS_ATTR] = terms
    return tagged


def _label_values(frame: pd.DataFrame) -> pd.DataFrame:
    """Bool columns as 是/否, known row labels and all-known text columns in Chinese (see :func:`label_columns`)."""
    out = frame
    for position, column in enumerate(frame.columns):
        values = frame.iloc[:, position]
        if pd.api.types.is_bool_dtype(values.dtype):
            shown = values.map(BOOL_TERMS)
        elif values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            known = values.dropna()
            if known.empty or not all(isinstance(v, str) and v in VALUE_TERMS for v in known):
                continue
            shown = values.map(lambda v: VALUE_TERMS.get(v, v))
        else:
            continue
        if out is frame:
            out = frame.copy()
        out.isetitem(position, shown.astype(object))
    if out.index.nlevels == 1 and any(isinstance(v, str) and v in VALUE_TERMS for v in out.index):
        out = out.rename(index=lambda v: VALUE_TERMS.get(v, v) if isinstance(v, str) else v)
    return out


def label_columns(frame: pd.DataFrame, terms: Mapping[str, str] | str | None = None) -> pd.DataFrame:
    """Return a copy of ``frame`` with its columns renamed to Chinese terms.

    Used by the notebooks to show a result table the way the textbook prints
    it; the caller's frame is not modified. ``terms`` (a mapping, or the name
    of a term set such as ``"btyd"``) takes precedence over :data:`TERMS`;
    without it, the term set the table was tagged with by :func:`with_terms`
    (e.g. :data:`BTYD_TERMS` for chapter 10's tables) is used. The names of the
    row and column axes (e.g. of a cross-table) and the labels of every level
    of hierarchical columns are relabelled too.

    Examples
    --------
    >>> label_columns(pd.DataFrame({"churn_rate": [0.2]})).columns.tolist()
    ['流失率']
    >>> label_columns(pd.DataFrame({"frequency": [2.0]}), BTYD_TERMS).columns.tolist()
    ['重复购买次数 x']
    >>> cross = pd.crosstab(pd.Series(["A"], name="classified"), pd.Series(["B"], name="true_stage"))
    >>> label_columns(cross).index.name, label_columns(cross).columns.name
    ('规则判断', '模拟的真实阶段')
    >>> tagged = with_terms(pd.DataFrame({"frequency": [2.0]}), "btyd")
    >>> label_columns(tagged).columns.tolist(), label_columns(tagged, terms={}).columns.tolist()
    (['重复购买次数 x'], ['F 购买次数'])

    Values are shown in Chinese too, the computed table keeps its own: True and
    False as 是 and 否 (:data:`BOOL_TERMS`), and the row labels and all-known
    columns of :data:`VALUE_TERMS`.

    >>> shown = label_columns(pd.DataFrame({"churned": [True, False]}, index=["mean", "std"]))
    >>> shown["已流失"].tolist(), shown.index.tolist()
    (['是', '否'], ['平均值', '标准差'])
    """
    if terms is None:
        terms = frame.attrs.get(TERMS_ATTR)
    extra = _term_set(terms)

    def chinese(name: object) -> object:
        return term(name, extra) if isinstance(name, str) else name

    columns = frame.columns
    if isinstance(columns, pd.MultiIndex) and columns.nlevels == 2 and all(
        isinstance(top, str) and top in TERM_SETS for top in columns.get_level_values(0)
    ):
        # side-by-side tables whose top level names each half's term set (e.g. "rfm" and "btyd"):
        # the same English name gets the term of its own half
        pairs = [(term(top), term(name, TERM_SETS[top]) if isinstance(name, str) else name) for top, name in columns]
        out = frame.copy()
        out.columns = pd.MultiIndex.from_tuples(pairs)
        return out
    if isinstance(columns, pd.MultiIndex):
        names = {c for level in frame.columns.levels for c in level if isinstance(c, str)}
    else:
        names = {c for c in frame.columns if isinstance(c, str)}
    out = frame.rename(columns={c: chinese(c) for c in names})
    out = _label_values(out)
    for axis in ("index", "columns"):
        labels = getattr(out, axis)
        if labels.nlevels == 1 and isinstance(labels.name, str):
            out = out.rename_axis(**{axis: chinese(labels.name)})
    return out


# --- appendix B (crmlab.distributions): distributions and likelihood ---
#: Columns of :meth:`crmlab.distributions.Distribution.table` and :func:`crmlab.distributions.churn_likelihood`.
DISTRIBUTION_TERMS: Mapping[str, str] = {
    "value": "取值",
    "probability": "概率",
    "density": "概率密度",
    "cumulative": "累计概率",
    "churn_rate": "流失概率 θ",
    "log_likelihood": "对数似然",
    "relative_likelihood": "相对似然（似然 / 最大似然）",
    # the sliders of crmlab.widgets.heterogeneity_explorer
    "r": "差异参数 r",
    "mean_rate": "每周购买速率",
    "weeks": "周数",
}
TERM_SETS = {**TERM_SETS, "distributions": DISTRIBUTION_TERMS}
