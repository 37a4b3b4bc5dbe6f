"""Explorer of chapter 3 (客户让渡价值): the parts of customer delivered value."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..datasets import xiaolin_cup
from ..glossary import term
from ..plotting._style import use_course_style
from ..plotting.value import plot_delivered_value
from ..value import COST_COMPONENTS, VALUE_COMPONENTS, DeliveredValue, delivered_value
from ._base import _DESCRIPTION, Explorer
from ._image import _PlotImage

__all__ = [
    "DeliveredValueExplorer",
    "delivered_value_explorer",
]


class DeliveredValueExplorer(Explorer):
    """Sliders for the eight components of customer delivered value, starting at 小林's (让渡价值探索器).

    Shows the total value against the total cost and the decision
    (物超所值 / 不值); ``result`` is the latest :func:`crmlab.value.delivered_value`.
    """

    def __init__(self, customer: str = "小林", **overrides: Any) -> None:
        use_course_style()
        start = {**xiaolin_cup(customer), **overrides}
        self.baseline: DeliveredValue = delivered_value(**start)
        controls = {
            name: w.FloatSlider(
                value=float(start[name]), min=0.0, max=max(600.0, float(start[name])), step=5.0, readout_format=",.0f",
                description=term(name), continuous_update=False, style=_DESCRIPTION, layout=w.Layout(width="auto"),
            )  # fmt: skip
            for name in (*VALUE_COMPONENTS, *COST_COMPONENTS)
        }
        self.verdict = w.HTML()
        self.plot = _PlotImage((8, 5.6))
        super().__init__(controls, [self.verdict, self.plot.widget], columns=[list(VALUE_COMPONENTS), list(COST_COMPONENTS)])
        self.update()

    def compute(self, parameters: dict[str, Any]) -> DeliveredValue:
        return delivered_value(**parameters)

    def render(self, result: DeliveredValue) -> None:
        color = {"物超所值": "#2ca02c", "不值": "#d62728"}.get(result.verdict, "#555")
        self.verdict.value = (
            f"<div style='font-size:1.5em'>让渡价值 <b>{result.delivered_value:+,.0f} 元</b>："
            f"<b style='color:{color}'>{result.verdict}</b>"
            f" <span style='font-size:0.7em;color:#555'>（总价值 / 总成本 = {result.ratio:.2f}）</span></div>"
        )
        self.plot.draw(plot_delivered_value, result)


def delivered_value_explorer(customer: str = "小林", **overrides: Any) -> DeliveredValueExplorer:
    """Open the delivered value explorer at a customer's perceptions of the coffee cup (小林 or 小王).

    Examples
    --------
    >>> ex = delivered_value_explorer()
    >>> ex.result.verdict
    '物超所值'
    >>> ex.controls["psychological_cost"].value = 60
    >>> ex.result.verdict, ex.result.delivered_value
    ('不值', -18.0)
    """
    return DeliveredValueExplorer(customer, **overrides)
