"""Explorers of the predictive-CLV chapter (预测型客户终生价值): CLV per customer and P(alive)."""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import pandas as pd

from .. import btyd, customers
from ..btyd._forecast import _history_columns
from ..glossary import BTYD_TERMS, label_columns, term
from ..plotting._style import use_course_style
from ..plotting.btyd import plot_alive_curve, plot_clv_distribution
from ._base import Explorer, _float_slider, _int_slider
from ._image import _PlotImage

__all__ = [
    "PredictiveCLVExplorer",
    "predictive_clv_explorer",
    "AliveExplorer",
    "alive_explorer",
]


class PredictiveCLVExplorer(Explorer):
    """Sliders for the discount rate, the horizon and the margin of the predictive CLV (预测型 CLV 探索器).

    Recomputes :func:`crmlab.btyd.customer_lifetime_value` for every customer
    of ``summary`` with the fitted models; ``result`` is its table.
    """

    def __init__(self, summary: pd.DataFrame, *, bgnbd: btyd.BGNBDFit, gamma_gamma: btyd.GammaGammaFit,
                 time_unit: str | float, discount_rate: float = 0.1, horizon: float = 3.0, margin: float = 0.3) -> None:  # fmt: skip
        use_course_style()
        self.summary_table, self.models = summary, {"bgnbd": bgnbd, "gamma_gamma": gamma_gamma, "time_unit": time_unit}
        controls: dict[str, w.ValueWidget] = {
            "discount_rate": _float_slider(term("discount_rate", "btyd"), discount_rate, 0, 0.3, 0.01, ".0%"),
            "horizon": _float_slider(term("horizon", "btyd"), horizon, 0.25, 10, 0.25, ".2f"),
            "margin": _float_slider(term("margin", "btyd"), margin, 0.05, 1, 0.05, ".0%"),
        }
        self.headline = w.HTML()
        self.table = w.HTML()
        self.plot = _PlotImage((10, 4.6))
        super().__init__(controls, [self.headline, self.plot.widget, self.table], columns=[list(controls)])
        self.update()

    def compute(self, parameters: dict[str, Any]) -> pd.DataFrame:
        return btyd.customer_lifetime_value(self.summary_table, **self.models, **parameters)

    def render(self, result: pd.DataFrame) -> None:
        values = result["clv"].sort_values(ascending=False)
        share = customers.top_share(values, top=0.2)
        p = self.parameters
        self.headline.value = (
            f"<div style='font-size:1.3em'>{len(values):,} 位客户未来 {p['horizon']:g} 年的预测价值合计 <b>{values.sum():,.0f}</b>"
            f"，人均 <b>{values.mean():,.2f}</b>；前 20% 客户占 <b>{share:.0%}</b></div>"
        )
        self.plot.draw(plot_clv_distribution, result["clv"])
        history = _history_columns(self.summary_table)  # the four columns the model used
        best = self.summary_table[history].join(result).loc[values.index[:10]]
        shown = best.reset_index()
        self.table.value = "<div style='font-size:1.05em'><b>预测价值最高的 10 位客户</b>" + label_columns(shown, BTYD_TERMS).to_html(
            index=False, border=0, float_format=lambda x: f"{x:,.2f}"
        ) + "</div>"


def predictive_clv_explorer(summary: pd.DataFrame, *, bgnbd: btyd.BGNBDFit, gamma_gamma: btyd.GammaGammaFit,
                            time_unit: str | float, **start: Any) -> PredictiveCLVExplorer:  # fmt: skip
    """Open the predictive CLV explorer (discount rate, horizon in years, margin).

    Examples
    --------
    >>> from crmlab.btyd import BGNBDFit, GammaGammaFit
    >>> s = pd.DataFrame({"frequency": [2.0, 0.0], "recency": [30.0, 0.0], "T": [39.0, 39.0], "monetary_value": [25.0, 0.0]})
    >>> ex = predictive_clv_explorer(s, bgnbd=BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=2),
    ...                              gamma_gamma=GammaGammaFit(p=6.0, q=4.0, gamma=15.0, loglik=0.0, n_customers=1), time_unit="W")
    >>> before = ex.result["clv"].sum()
    >>> ex.controls["discount_rate"].value = 0.2
    >>> bool(ex.result["clv"].sum() < before)
    True
    """
    return PredictiveCLVExplorer(summary, bgnbd=bgnbd, gamma_gamma=gamma_gamma, time_unit=time_unit, **start)


class AliveExplorer(Explorer):
    """Sliders for one customer's history: is this customer still "alive"? (存活概率探索器)

    ``result`` is the latest :class:`crmlab.btyd.CustomerForecast`. A customer
    without repeat purchases has recency 0 whatever the slider says.
    """

    def __init__(self, fit: btyd.BGNBDFit, *, frequency: int = 2, recency: float = 30.0, T: float = 39.0, t: float = 52.0,
                 unit: str = "周") -> None:  # fmt: skip
        use_course_style()
        self.fit, self.unit = fit, unit
        controls: dict[str, w.ValueWidget] = {
            "frequency": _int_slider(term("frequency", "btyd"), frequency, 0, 30),
            "recency": _float_slider(term("recency", "btyd"), recency, 0, 78, 1, ".0f"),
            "T": _float_slider(term("T", "btyd"), T, 1, 78, 1, ".0f"),
            "t": _float_slider(term("t", "btyd"), t, 1, 104, 1, ".0f"),
        }
        self.headline = w.HTML()
        self.plot = _PlotImage((10, 4.6))
        super().__init__(controls, [self.headline, self.plot.widget], columns=[["frequency", "recency"], ["T", "t"]])
        self.update()

    def compute(self, parameters: dict[str, Any]) -> btyd.CustomerForecast:
        p = dict(parameters)
        if p["frequency"] == 0:
            p["recency"] = 0.0
        return btyd.customer_forecast(self.fit, **p)

    def render(self, result: btyd.CustomerForecast) -> None:
        u = self.unit
        self.headline.value = (
            f"<div style='font-size:1.3em'>{term('probability_alive', 'btyd')} <b>{result.probability_alive:.1%}</b>；"
            f"未来 {result.t:g} {u}预计购买 <b>{result.expected_purchases:.2f}</b> 次"
            f" <span style='font-size:0.8em;color:#555'>（如果确定还“活着”：{result.if_alive:.2f} 次）</span></div>"
        )
        self.plot.draw(plot_alive_curve, self.fit, frequency=int(result.frequency), T=result.T, recency=result.recency, unit=u)


def alive_explorer(fit: btyd.BGNBDFit, **start: Any) -> AliveExplorer:
    """Open the probability-alive explorer for a fitted BG/NBD model (times in the fit's unit, weeks for CDNOW).

    Examples
    --------
    >>> from crmlab.btyd import BGNBDFit
    >>> ex = alive_explorer(BGNBDFit(r=0.25, alpha=4.0, a=0.8, b=2.5, loglik=0.0, n_customers=1))
    >>> ex.controls["recency"].value = 10
    >>> round(ex.result.probability_alive, 2)
    0.26
    >>> ex.controls["recency"].value = 60  # later than T = 39: refused, with a message
    >>> ex.error.parameter
    'recency'
    """
    return AliveExplorer(fit, **start)
