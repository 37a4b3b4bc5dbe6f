"""Predictive customer lifetime value (预测型客户终生价值): BG/NBD and Gamma-Gamma.

"Buy till you die" (BTYD) models predict a customer's future purchases from
three numbers of their past, and their future spend from one more:

- :func:`btyd_summary` turns a transaction log into ``frequency`` (repeat
  purchases), ``recency`` (first to last purchase), ``T`` (first purchase to the
  end of the data) and ``monetary_value`` (mean spend of the repeat purchases),
  with the conventions of ``lifetimes`` and ``pymc-marketing`` so that results
  carry over; :func:`calibration_holdout` does the same for a calibration
  period and counts what happened in the holdout period after it.
- :func:`fit_bgnbd` fits the BG/NBD model of Fader, Hardie & Lee (2005a),
  "Counting your customers the easy way" (Marketing Science 24(2)), by maximum
  likelihood: while "alive" a customer buys at a Poisson rate ``λ`` (gamma
  distributed across customers, parameters ``r``, ``alpha``) and after each
  repeat purchase "dies" with probability ``p`` (beta distributed, ``a``, ``b``).
- :func:`fit_gamma_gamma` fits the Gamma-Gamma spend model of Fader, Hardie &
  Lee (2005b), "RFM and CLV: using iso-value curves for customer base analysis"
  (Journal of Marketing Research 42(4)), and :func:`spend_frequency_correlation`
  checks the assumption it rests on.
- :func:`customer_lifetime_value` combines both into a discounted value per
  customer, with the time unit of the data stated explicitly.
- Diagnostics: :func:`frequency_histogram`, :func:`holdout_by_frequency`,
  :func:`tracking_table`, :func:`frequency_recency_matrix`.

Everything is computed in log space or in transformed series where it matters,
so heavy buyers with thousands of purchases and horizons of many times their age
give finite, exact results (tested against 50-digit values). Time is measured in the unit of the
summary (days, weeks, ...), and the fitted ``alpha`` is in that unit too.

The implementation lives in private modules (``_summary``, ``_bgnbd``, ``_series``,
``_gamma_gamma``, ``_forecast``, ``_diagnostics``, ``_tables``, ``_common``); every public
name is re-exported here, so ``from crmlab.btyd import fit_bgnbd`` is the way to use them.
"""

from ._bgnbd import BGNBDFit, bgnbd_loglik, fit_bgnbd, simulate_bgnbd
from ._common import TIME_UNITS
from ._diagnostics import (
    frequency_histogram,
    frequency_recency_matrix,
    holdout_by_frequency,
    tracking_table,
    tracking_totals,
)
from ._forecast import (
    CustomerForecast,
    compare_forecasts,
    customer_forecast,
    customer_lifetime_value,
    run_rate_forecast,
    segment_comparison,
    simple_clv,
)
from ._gamma_gamma import (
    GammaGammaFit,
    SpendCorrelation,
    fit_gamma_gamma,
    gamma_gamma_loglik,
    simulate_gamma_gamma,
    spend_frequency_correlation,
)
from ._summary import btyd_summary, calibration_holdout
from ._tables import (
    customer_forecasts,
    holdout_by_segment,
    largest_gaps,
    matches_published,
    published_comparison,
    rfm_side_by_side,
    top_customers,
)

__all__ = [
    "TIME_UNITS",
    "btyd_summary",
    "calibration_holdout",
    "bgnbd_loglik",
    "BGNBDFit",
    "fit_bgnbd",
    "simulate_bgnbd",
    "gamma_gamma_loglik",
    "GammaGammaFit",
    "fit_gamma_gamma",
    "simulate_gamma_gamma",
    "SpendCorrelation",
    "spend_frequency_correlation",
    "customer_lifetime_value",
    "CustomerForecast",
    "customer_forecast",
    "run_rate_forecast",
    "simple_clv",
    "compare_forecasts",
    "segment_comparison",
    "frequency_histogram",
    "holdout_by_frequency",
    "tracking_table",
    "tracking_totals",
    "frequency_recency_matrix",
    "matches_published",
    "published_comparison",
    "holdout_by_segment",
    "largest_gaps",
    "customer_forecasts",
    "top_customers",
    "rfm_side_by_side",
]
