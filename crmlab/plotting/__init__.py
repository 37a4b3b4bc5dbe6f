"""Figures of the course (图表), one module per chapter topic.

Every ``plot_*(..., ax=None)`` returns the Axes it drew on. Call
:func:`use_course_style` once at the top of a notebook: it selects a Chinese font and
projector-sized text; every ``plot_*`` also makes sure a Chinese font is selected.
Importing this package changes no matplotlib setting.

Modules: ``_style`` (fonts, colours), ``clv``, ``customers``, ``value``, ``rfm``,
``lifecycle``, ``retention``, ``btyd``, ``positioning``. Their public names are re-exported here, so
``from crmlab.plotting import plot_dcf`` works.
"""

from ._style import (
    CLASS_COLORS,
    COLORS,
    SYSTEM_CJK_FONTS,
    use_chinese_font,
    use_course_style,
)
from .btyd import (
    plot_alive_curve,
    plot_clv_comparison,
    plot_clv_distribution,
    plot_frequency_histogram,
    plot_frequency_recency_matrix,
    plot_holdout_by_frequency,
    plot_purchase_timelines,
    plot_spend_shrinkage,
    plot_tracking,
)
from .clv import (
    SEGMENT_COLORS,
    CompositionChart,
    DCFChart,
    plot_clv_composition,
    plot_clv_segments,
    plot_clv_vs_cac,
    plot_dcf,
    plot_sensitivity,
    plot_tornado,
)
from .customers import (
    plot_class_counts,
    plot_lorenz,
    plot_monthly_activity,
    plot_pareto,
    plot_survey_profiles,
    plot_transitions,
)
from .lifecycle import (
    PATTERN_COLORS,
    STAGE_COLORS,
    plot_customer_series,
    plot_funnel,
    plot_lifecycle_curve,
    plot_pattern_curves,
    plot_visits,
)
from .retention import (
    plot_cohort_heatmap,
    plot_life_table,
    plot_retention_curves,
    plot_sbg,
    plot_survival,
)
from .rfm import (
    SegmentChart,
    plot_rf_heatmap,
    plot_rfm_scatter,
    plot_rfm_segments,
    plot_score_distribution,
)
from .campaigns import (
    plot_stage_alignment,
    plot_lift_intervals,
    plot_before_after,
    plot_campaign_value,
    plot_gains,
    plot_lift_by_decile,
    plot_mailing_depth,
    plot_uplift_by_decile,
    plot_qini,
    plot_winback,
    plot_pair_lift,
)
from .value import plot_delivered_value, plot_maslow, plot_value_distribution
from .telecom import (
    plot_churn_reasons,
    plot_cltv_comparison,
    plot_health,
    plot_optimisations,
    plot_score_deciles,
    plot_stage_revenue,
    plot_tenure_curves,
    plot_value_curve,
)
from .positioning import (
    plot_band_rates,
    plot_choose_k,
    plot_counts,
    plot_crosstab,
    plot_experience,
    plot_incremental,
    plot_marketing_mix,
    plot_positioning_map,
    plot_target_funnel,
)
from .distributions import plot_distributions, plot_likelihood  # appendix B
from .capstone import StrategyChart, plot_channel_value, plot_data_problems, plot_strategy

__all__ = [
    "SYSTEM_CJK_FONTS",
    "CLASS_COLORS",
    "COLORS",
    "use_chinese_font",
    "use_course_style",
    "SEGMENT_COLORS",
    "DCFChart",
    "CompositionChart",
    "plot_dcf",
    "plot_clv_composition",
    "plot_tornado",
    "plot_sensitivity",
    "plot_clv_segments",
    "plot_clv_vs_cac",
    "plot_monthly_activity",
    "plot_pareto",
    "plot_lorenz",
    "plot_class_counts",
    "plot_transitions",
    "plot_survey_profiles",
    "plot_delivered_value",
    "plot_maslow",
    "plot_value_distribution",
    "SegmentChart",
    "plot_rfm_scatter",
    "plot_rfm_segments",
    "plot_rf_heatmap",
    "plot_score_distribution",
    "STAGE_COLORS",
    "PATTERN_COLORS",
    "plot_lifecycle_curve",
    "plot_pattern_curves",
    "plot_customer_series",
    "plot_funnel",
    "plot_visits",
    "plot_cohort_heatmap",
    "plot_retention_curves",
    "plot_survival",
    "plot_life_table",
    "plot_sbg",
    "plot_frequency_histogram",
    "plot_holdout_by_frequency",
    "plot_tracking",
    "plot_frequency_recency_matrix",
    "plot_alive_curve",
    "plot_spend_shrinkage",
    "plot_clv_distribution",
    "plot_purchase_timelines",
    "plot_clv_comparison",
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
    # the mobile-operator case (chapter 11)
    "plot_tenure_curves",
    "plot_churn_reasons",
    "plot_stage_revenue",
    "plot_health",
    "plot_optimisations",
    "plot_score_deciles",
    "plot_cltv_comparison",
    "plot_value_curve",
]

# chapter 7: satisfaction and loyalty
from .satisfaction import (  # noqa: E402
    QUADRANT_COLORS,
    plot_group_satisfaction,
    plot_importance_performance,
    plot_improvement_priorities,
    plot_loyalty_programme,
    plot_retention_lift,
    plot_satisfaction_link,
    plot_service_profit_chain,
    plot_wallet_shares,
    plot_weight_comparison,
)

__all__ += [
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
    "plot_counts",
    "plot_marketing_mix",
    "plot_target_funnel",
    "plot_choose_k",
    "plot_crosstab",
    "plot_positioning_map",
    "plot_incremental",
    "plot_experience",
    "plot_band_rates",
    "plot_distributions",
    "plot_likelihood",
    "StrategyChart",
    "plot_data_problems",
    "plot_channel_value",
    "plot_strategy",
]
