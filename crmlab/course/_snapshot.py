"""A static HTML snapshot of an explorer, rebuilt from the widget state an executed notebook stores.

Without a kernel nothing recomputes, and the widget manager's JavaScript would have to come from a
CDN or be vendored (several MB). Instead each ``application/vnd.jupyter.widget-view+json`` output is
replaced by plain HTML: boxes, disabled sliders with their readout, the figure as an ``<img>`` and the
HTML panels as they were, under a visible note that the sliders need JupyterLab. No script at all.
"""

from __future__ import annotations

import html
import math
from typing import Any

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

#: the note above every snapshot (handouts and slides)
NOTE_HANDOUT = "静态快照：这里的滑块不能拖动。要拖动滑块、看结果重新计算，请在 JupyterLab 中打开本章笔记本并运行。"
NOTE_SLIDES = "静态快照：没有 Python 内核，滑块不会重新计算；现场演示请在 JupyterLab 中运行本章笔记本。"

_PREFIX = "IPY_MODEL_"


def _fmt(value: Any, spec: str | None) -> str:
    """A slider readout: d3's format strings are Python's for the specs the course uses (',.0f', '.1%')."""
    if isinstance(value, (list, tuple)):
        return " – ".join(_fmt(v, spec) for v in value)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return html.escape(str(value))
    if spec:
        try:
            return html.escape(format(value, spec.replace("~", "")))
        except (ValueError, TypeError):
            pass
    return html.escape(f"{value:,.4g}" if isinstance(value, float) else f"{value:,}")


class _Renderer:
    def __init__(self, state: dict[str, Any], alt: str) -> None:
        self.models = state.get("state", {})
        self.alt = alt

    def model(self, ref: str) -> dict[str, Any]:
        return self.models.get(ref.removeprefix(_PREFIX), {})

    def style(self, state: dict[str, Any]) -> str:
        layout = self.model(state.get("layout") or "").get("state", {})
        width = layout.get("width")
        return f' style="width:{html.escape(width)}"' if width and width not in ("None", "auto") else ""

    def render(self, ref: str) -> str:
        model = self.model(ref)
        name = model.get("model_name", "")
        state = dict(model.get("state", {}))
        for buffer in model.get("buffers", []):
            if buffer.get("path") == ["value"] and buffer.get("encoding") == "base64":
                state["value_base64"] = buffer["data"]
        description = html.escape(state.get("description") or "")
        label = f'<span class="w-label">{description}</span>' if description else ""
        if name in ("VBoxModel", "HBoxModel", "BoxModel", "GridBoxModel"):
            kind = "w-hbox" if name == "HBoxModel" else "w-vbox"
            children = "".join(self.render(child) for child in state.get("children", []))
            return f'<div class="{kind}"{self.style(state)}>{children}</div>'
        if name in ("FloatSliderModel", "IntSliderModel", "FloatLogSliderModel"):
            value, low, high = state.get("value", 0), state.get("min", 0), state.get("max", 1)
            position = value
            if name == "FloatLogSliderModel":  # min and max are exponents
                base = state.get("base", 10)
                position = math.log(value, base) if value and value > 0 else low
            return self._slider(label, low, high, position, _fmt(value, state.get("readout_format")))
        if name in ("FloatRangeSliderModel", "IntRangeSliderModel"):
            low, high = state.get("value", [0, 0])
            readout = _fmt([low, high], state.get("readout_format"))
            return self._slider(label, state.get("min", 0), state.get("max", 1), low, readout)
        if name == "SelectionSliderModel":
            labels = state.get("_options_labels", [])
            index = state.get("index") or 0
            shown = html.escape(str(labels[index])) if 0 <= index < len(labels) else ""
            return self._slider(label, 0, max(len(labels) - 1, 1), index, shown)
        if name in ("DropdownModel", "SelectModel", "RadioButtonsModel"):
            labels = state.get("_options_labels", [])
            index = state.get("index")
            shown = html.escape(str(labels[index])) if index is not None and 0 <= index < len(labels) else ""
            return f'<div class="w-control"{self.style(state)}>{label}<span class="w-select">{shown}</span></div>'
        if name == "ToggleButtonsModel":
            labels = state.get("_options_labels", [])
            index = state.get("index")
            buttons = "".join(
                f'<span class="w-toggle{" w-selected" if i == index else ""}">{html.escape(str(text))}</span>'
                for i, text in enumerate(labels)
            )
            return f'<div class="w-control"{self.style(state)}>{label}<span class="w-toggles">{buttons}</span></div>'
        if name == "ButtonModel":
            return f'<button class="w-button" disabled{self.style(state)}>{description}</button>'
        if name in ("HTMLModel", "HTMLMathModel"):
            return f'<div class="w-html"{self.style(state)}>{label}{state.get("value", "")}</div>'
        if name == "LabelModel":
            return f'<span class="w-text">{html.escape(str(state.get("value", "")))}</span>'
        if name == "ImageModel":
            data = state.get("value_base64", "")
            if not data:
                return ""
            kind = html.escape(state.get("format") or "png")
            return f'<img class="w-image" src="data:image/{kind};base64,{data}" alt="{html.escape(self.alt, quote=True)}">'
        if "value" in state:  # any other control: its label and value
            return f'<div class="w-control">{label}<span class="w-readout">{_fmt(state["value"], None)}</span></div>'
        return ""

    @staticmethod
    def _slider(label: str, low: Any, high: Any, position: Any, readout: str) -> str:
        try:
            fraction = (float(position) - float(low)) / (float(high) - float(low))
        except (TypeError, ValueError, ZeroDivisionError):
            fraction = 0.0
        percent = min(max(fraction, 0.0), 1.0) * 100
        track = f'<span class="w-track"><span class="w-fill" style="width:{percent:.1f}%"></span><span class="w-knob" style="left:{percent:.1f}%"></span></span>'
        return f'<div class="w-slider">{label}{track}<span class="w-readout">{readout}</span></div>'


def snapshot_html(model_id: str, state: dict[str, Any], *, note: str, alt: str) -> str:
    """The static HTML of the widget ``model_id`` in a notebook's stored widget ``state``, under ``note``."""
    body = _Renderer(state, alt).render(model_id)
    return (
        '<div class="crmlab-snapshot">'
        f'<p class="crmlab-snapshot-note" role="note">{html.escape(note)}</p>'
        f'<div class="crmlab-snapshot-body">{body}</div></div>'
    )


def replace_widget_outputs(nb: Any, *, note: str, alt_of: Any) -> int:
    """Turn every widget-view output of ``nb`` into a static HTML output; drop the stored widget state.

    ``alt_of(cell)`` gives the alt text of a figure in that cell. Returns how many outputs were replaced.
    """
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {})
    replaced = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW not in data:
                continue
            model_id = data[WIDGET_VIEW].get("model_id", "")
            if model_id.removeprefix(_PREFIX) in state.get("state", {}):
                shown = snapshot_html(model_id, state, note=note, alt=alt_of(cell))
            else:  # state not stored: say so rather than leave a blank
                shown = f'<div class="crmlab-snapshot"><p class="crmlab-snapshot-note" role="note">{html.escape(note)}</p></div>'
            output["data"] = {"text/html": shown}
            replaced += 1
    nb.metadata.pop("widgets", None)
    return replaced
