"""Explorer of the retention chapter (客户保持与流失): the sBG model."""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import numpy as np

from .. import retention
from ..glossary import term
from ..plotting._style import use_course_style
from ..plotting.retention import plot_sbg
from ._base import _DESCRIPTION, Explorer, _int_slider
from ._image import _PlotImage

__all__ = [
    "SBGExplorer",
    "sbg_explorer",
]


class SBGExplorer(Explorer):
    """Sliders for the sBG parameters: how heterogeneous churn bends the survival curve (sBG 探索器).

    Shows the survivors of a cohort of 1,000 under sBG(``alpha``, ``beta``)
    against a constant churn rate equal to the first period's, and the
    retention rate period by period. ``result`` is the :class:`crmlab.retention.SBGFit`.
    """

    def __init__(self, *, alpha: float = 1.0, beta: float = 4.0, periods: int = 12) -> None:
        use_course_style()
        controls: dict[str, w.ValueWidget] = {
            "alpha": w.FloatLogSlider(value=alpha, base=10, min=-1.5, max=1.5, step=0.05, description=term("alpha"),
                                      continuous_update=False, style=_DESCRIPTION, layout=w.Layout(width="auto")),
            "beta": w.FloatLogSlider(value=beta, base=10, min=-1.0, max=2.0, step=0.05, description=term("beta"),
                                     continuous_update=False, style=_DESCRIPTION, layout=w.Layout(width="auto")),
            "periods": _int_slider(term("periods"), periods, 2, 30),
        }  # fmt: skip
        self.summary = w.HTML()
        self.plot = _PlotImage((10, 5.2))
        super().__init__(controls, [self.summary, self.plot.widget], columns=[["alpha", "beta", "periods"]])
        self.update()

    def compute(self, parameters: dict[str, Any]) -> retention.SBGFit:
        fit = retention.SBGFit(alpha=parameters["alpha"], beta=parameters["beta"], loglik=float("nan"), survivors=(1000.0,))
        survivors = tuple(float(v) for v in 1000 * fit.survival([0, 1]))
        return retention.SBGFit(alpha=fit.alpha, beta=fit.beta, loglik=float("nan"), survivors=survivors)

    def render(self, result: retention.SBGFit) -> None:
        rates = result.retention(np.arange(1, 6))
        mean = result.alpha / (result.alpha + result.beta)
        self.summary.value = (
            f"<div style='font-size:1.15em'>平均流失概率 {mean:.1%}；各期留存率："
            + "，".join(f"第 {k} 期 {r:.1%}" for k, r in enumerate(rates, start=1))
            + "</div>"
        )
        self.plot.draw(plot_sbg, result, self.parameters["periods"], title="sBG 模型与固定流失率")


def sbg_explorer(*, alpha: float = 1.0, beta: float = 4.0, periods: int = 12) -> SBGExplorer:
    """Open the sBG explorer (alpha, beta and the number of periods).

    Examples
    --------
    >>> ex = sbg_explorer()
    >>> round(float(ex.result.retention(1)), 2)
    0.8
    >>> ex.controls["beta"].value = 9.0
    >>> round(float(ex.result.retention(1)), 2)
    0.9
    """
    return SBGExplorer(alpha=alpha, beta=beta, periods=periods)
