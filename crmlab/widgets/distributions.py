"""Explorer of appendix B (概率分布与最大似然): how different purchase rates reshape a count distribution."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..distributions import Distribution, distribution
from ..glossary import term
from ..plotting._style import use_course_style
from ..plotting.distributions import plot_distributions
from ._base import _DESCRIPTION, Explorer, _float_slider, _int_slider
from ._image import _PlotImage

__all__ = ["HeterogeneityExplorer", "heterogeneity_explorer"]


class HeterogeneityExplorer(Explorer):
    """Sliders for the gamma mixture of Poissons: the same mean rate, different spreads (客户差异探索器).

    The purchases in ``weeks`` weeks of a customer drawn at random when the weekly
    purchase rates follow a gamma distribution with shape ``r`` and mean
    ``mean_rate`` (a negative binomial), beside a Poisson with every customer at
    that mean. ``result`` is the pair ``(mixed, same_rate)`` of
    :class:`crmlab.distributions.Distribution`.
    """

    def __init__(self, *, r: float = 0.243, mean_rate: float = 0.055, weeks: int = 39) -> None:
        use_course_style()
        controls: dict[str, w.ValueWidget] = {
            "r": w.FloatLogSlider(value=r, base=10, min=-1.3, max=1.3, step=0.05, description=term("r", "distributions"),
                                  continuous_update=False, style=_DESCRIPTION, layout=w.Layout(width="auto")),
            "mean_rate": _float_slider(term("mean_rate", "distributions"), mean_rate, 0.01, 0.5, 0.005, readout=".3f"),
            "weeks": _int_slider(term("weeks", "distributions"), weeks, 1, 104),
        }  # fmt: skip
        self.summary = w.HTML()
        self.plot = _PlotImage((10, 5.2))
        super().__init__(controls, [self.summary, self.plot.widget], columns=[["r", "mean_rate", "weeks"]])
        self.update()

    def compute(self, parameters: dict[str, Any]) -> tuple[Distribution, Distribution]:
        r, rate, weeks = parameters["r"], parameters["mean_rate"], parameters["weeks"]
        mixed = distribution("nbd", r=r, alpha=r / rate, t=weeks)
        same_rate = distribution("poisson", purchase_rate=rate, t=weeks)
        return mixed, same_rate

    def render(self, result: tuple[Distribution, Distribution]) -> None:
        mixed, same_rate = result
        zero_mixed = float(mixed.table([0])["probability"].iloc[0])
        zero_same = float(same_rate.table([0])["probability"].iloc[0])
        self.summary.value = (
            f"<div style='font-size:1.15em'>平均购买 {mixed.mean:.2f} 次；一次也不买的比例："
            f"客户各不相同 {zero_mixed:.1%}，人人一样 {zero_same:.1%}</div>"
        )
        # one range for both, wide enough for the Poisson and most of the mixture, at most 61 bars each
        spread = same_rate.mean + 4 * same_rate.variance**0.5
        top = int(min(60, max(10, 3 * mixed.mean, spread)))
        self.plot.draw(
            plot_distributions,
            {"负二项（客户各不相同）": mixed, "泊松（人人一样）": same_rate},
            title=f"{self.parameters['weeks']} 周里的购买次数",
            values=range(top + 1),
        )


def heterogeneity_explorer(*, r: float = 0.243, mean_rate: float = 0.055, weeks: int = 39) -> HeterogeneityExplorer:
    """Open the heterogeneity explorer of appendix B (客户差异探索器); see :class:`HeterogeneityExplorer`.

    Examples
    --------
    >>> ex = heterogeneity_explorer()
    >>> ex.controls["r"].value = 5.0
    >>> mixed, same_rate = ex.result
    >>> round(mixed.mean, 3) == round(same_rate.mean, 3)
    True
    """
    return HeterogeneityExplorer(r=r, mean_rate=mean_rate, weeks=weeks)
