"""Explorer of the RFM chapter (RFM 模型与客户分层): bins, threshold and scheme."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as w
import pandas as pd

from .. import rfm
from ..glossary import term
from ..plotting._style import use_course_style
from ..plotting.rfm import SegmentChart
from ._base import _DESCRIPTION, Explorer, _table_html
from ._image import _PlotImage, render_png

__all__ = [
    "RFMExplorer",
    "rfm_explorer",
]


class RFMExplorer(Explorer):
    """Sliders over the RFM binning, the high/low threshold and the segmentation scheme (RFM 探索器).

    Controls: ``data`` (when several RFM tables are given), ``bins`` (number
    of quantile groups), ``threshold`` (mean or median score) and ``scheme``
    (four or eight classes). Shows each segment's share of customers and of
    revenue, and the profile table; ``result`` is the latest
    :func:`crmlab.rfm.segment_profile`.
    """

    def __init__(self, tables: rfm.RFM | Mapping[str, rfm.RFM], *, bins: int = 5, threshold: str = "mean", scheme: str = "eight") -> None:
        use_course_style()
        self.data = dict(tables) if isinstance(tables, Mapping) else {"RFM": tables}
        controls: dict[str, w.ValueWidget] = {}
        if len(self.data) > 1:
            controls["data"] = w.Dropdown(options=list(self.data), description="数据", style=_DESCRIPTION)
        controls["bins"] = w.IntSlider(value=bins, min=2, max=10, description=term("bins"), continuous_update=False,
                                       style=_DESCRIPTION, layout=w.Layout(width="auto"))  # fmt: skip
        controls["threshold"] = w.ToggleButtons(options=[("平均数", "mean"), ("中位数", "median")], value=threshold,
                                                description=term("threshold"), style={**_DESCRIPTION, "button_width": "6em"})  # fmt: skip
        controls["scheme"] = w.ToggleButtons(options=[("八类", "eight"), ("教材四类", "four")], value=scheme,
                                             description=term("scheme"), style={**_DESCRIPTION, "button_width": "6em"})  # fmt: skip
        self.plot = _PlotImage((9, 5.2))
        self._chart: SegmentChart | None = None
        self.table = w.HTML()
        super().__init__(controls, [self.plot.widget, self.table], columns=[list(controls)])
        self.update()

    def compute(self, parameters: dict[str, Any]) -> pd.DataFrame:
        table = self.data[parameters.get("data", next(iter(self.data)))]
        scores = rfm.rfm_scores(table, bins=parameters["bins"])
        segments = rfm.rfm_segments(scores, scheme=parameters["scheme"], threshold=parameters["threshold"])
        return rfm.segment_profile(segments)

    def render(self, result: pd.DataFrame) -> None:
        segments = [str(s) for s in result["segment"]]
        if self._chart is None or self._chart.segments != segments:  # a new scheme: build the bars anew
            self.plot.clear()
            use_course_style()
            self._chart = SegmentChart(self.plot.ax, segments)
        self._chart.update(result)  # otherwise only lengths and labels change
        self.plot.widget.value = render_png(self.plot.figure, self.plot)
        shown = result[["segment", "customers", "customer_share", "revenue_share", "mean_recency", "mean_frequency", "mean_monetary"]]
        self.table.value = _table_html(
            shown,
            {"customer_share": "{:.1%}", "revenue_share": "{:.1%}", "mean_recency": "{:,.0f}", "mean_frequency": "{:,.1f}",
             "mean_monetary": "{:,.0f}"},
        )  # fmt: skip


def rfm_explorer(tables: rfm.RFM | Mapping[str, rfm.RFM], **options: Any) -> RFMExplorer:
    """Open the RFM explorer on one RFM table or a dict of named ones.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "b", "c", "d"], "date": pd.to_datetime(["2024-01-01", "2024-06-01", "2024-06-20", "2024-06-25"]),
    ...                   "amount": [100.0, 20.0, 50.0, 80.0]})
    >>> ex = rfm_explorer(rfm.rfm_table(t))
    >>> int(ex.result["customers"].sum())
    4
    >>> ex.controls["scheme"].value = "four"
    >>> ex.result["segment"].tolist()
    ['高价值客户', '重要挽留客户', '新客户', '低价值客户']
    """
    return RFMExplorer(tables, **options)
