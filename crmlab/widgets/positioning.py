"""Explorers of chapter 1 (CRM 与客户定位): the target-group funnel and the needs segments."""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import pandas as pd

from .. import positioning
from ..glossary import term
from ..plotting._style import use_course_style
from ..plotting.positioning import plot_positioning_map, plot_target_funnel
from ._base import _DESCRIPTION, Explorer, _float_slider, _int_slider, _table_html
from ._image import _PlotImage

__all__ = [
    "TargetFunnelExplorer",
    "target_funnel_explorer",
    "SegmentationExplorer",
    "segmentation_explorer",
]


class TargetFunnelExplorer(Explorer):
    """Sliders for the conditions of the target-group funnel (目标客户群漏斗探索器).

    Controls: ``price`` (the new product's price in yuan, against each person's monthly
    budget), ``min_trust`` and ``min_appeal`` (1-5). Shows the funnel and its table;
    ``result`` is the latest :func:`crmlab.positioning.target_group_funnel`.
    """

    def __init__(self, profiles: pd.DataFrame, *, price: float = 199, min_trust: int = 4, min_appeal: int = 4) -> None:
        use_course_style()
        self.profiles = profiles
        controls = {
            "price": _float_slider(term("price"), float(price), 50.0, 500.0, 10.0, ",.0f"),
            "min_trust": _int_slider(term("min_trust"), int(min_trust), 1, 5),
            "min_appeal": _int_slider(term("min_appeal"), int(min_appeal), 1, 5),
        }
        self.plot = _PlotImage((9, 4.8))
        self.table = w.HTML()
        super().__init__(controls, [self.plot.widget, self.table], columns=[list(controls)])
        self.update()

    def compute(self, parameters: dict[str, Any]) -> pd.DataFrame:
        return positioning.target_group_funnel(self.profiles, **parameters)

    def render(self, result: pd.DataFrame) -> None:
        self.plot.draw(plot_target_funnel, result)
        self.table.value = _table_html(
            result, {"share_of_all": "{:.1%}", "kept": "{:.1%}", "outcome_rate": "{:.1%}", "captured": "{:.1%}"}
        )


def target_funnel_explorer(profiles: pd.DataFrame, **options: Any) -> TargetFunnelExplorer:
    """Open the target-group funnel explorer on the year-end questionnaire (``load_shop_crm().profiles``).

    Examples
    --------
    >>> from crmlab.datasets import load_shop_crm
    >>> ex = target_funnel_explorer(load_shop_crm().profiles)
    >>> int(ex.result["people"].iloc[-1])
    147
    >>> ex.controls["min_trust"].value = 3
    >>> int(ex.result["people"].iloc[-1]) > 147
    True
    """
    return TargetFunnelExplorer(profiles, **options)


class SegmentationExplorer(Explorer):
    """A slider for the number of needs segments and the axes of the positioning map (需求细分探索器).

    Controls: ``k`` (2-8), ``x_axis`` and ``y_axis`` (the needs on the map's axes). Shows the
    positioning map, the agreement with ``truth`` (if given) and the segment table;
    ``result`` is the latest :class:`crmlab.positioning.Segmentation`. Segmentations
    are kept per ``k``, so moving back to a ``k`` seen before is instant.
    """

    def __init__(self, survey: pd.DataFrame, *, truth: pd.Series | None = None, k: int = 4, seed: int = 0) -> None:
        use_course_style()
        self.survey, self.truth, self.seed = survey, truth, seed
        self._cache: dict[int, positioning.Segmentation] = {}
        needs = [(term(n), n) for n in positioning.NEEDS]
        controls = {
            "k": _int_slider(term("k"), int(k), 2, 8),
            "x_axis": w.Dropdown(options=needs, value="price_sensitivity", description=term("x_axis"), style=_DESCRIPTION),
            "y_axis": w.Dropdown(options=needs, value="novelty_seeking", description=term("y_axis"), style=_DESCRIPTION),
        }
        self.agreement = w.HTML()
        self.plot = _PlotImage((8, 6))
        self.table = w.HTML()
        super().__init__(controls, [self.agreement, self.plot.widget, self.table], columns=[list(controls)])
        self.update()

    def compute(self, parameters: dict[str, Any]) -> positioning.Segmentation:
        k = int(parameters["k"])
        if k not in self._cache:
            self._cache[k] = positioning.needs_segments(self.survey, k, seed=self.seed)
        return self._cache[k]

    def render(self, result: positioning.Segmentation) -> None:
        x, y = self.controls["x_axis"].value, self.controls["y_axis"].value
        self.plot.draw(plot_positioning_map, result.profile, x=x, y=y, colorbar=False)
        text = f"轮廓系数 {result.silhouette:.3f}"
        if self.truth is not None:
            agree = positioning.agreement(result.labels.set_index("customer_id")["segment"], self.truth)
            text += f"；与模拟的真实类型相比：纯度 {agree['purity'].iloc[0]:.1%}，调整兰德指数 {agree['ari'].iloc[0]:.3f}"
        self.agreement.value = f"<div style='font-size:1.2em'>{text}</div>"
        shown = result.profile.reset_index()
        self.table.value = _table_html(shown, {"share": "{:.1%}", **{n: "{:.2f}" for n in positioning.NEEDS}})


def segmentation_explorer(survey: pd.DataFrame, **options: Any) -> SegmentationExplorer:
    """Open the needs-segmentation explorer on the shop's survey (``load_course_shop().survey``).

    Examples
    --------
    >>> from crmlab.datasets import load_course_shop
    >>> ex = segmentation_explorer(load_course_shop().survey)
    >>> ex.result.profile.index.tolist()
    ['重价格', '重性价比', '重品牌', '重新鲜']
    >>> ex.controls["k"].value = 3
    >>> len(ex.result.profile)
    3
    """
    return SegmentationExplorer(survey, **options)
