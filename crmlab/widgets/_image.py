"""Figures of the explorers as PNG images: one layout only when margins change, one Agg render per update."""

from __future__ import annotations

import io
from typing import Any

import ipywidgets as w
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

__all__: list[str] = []


class _PlotImage:
    """A matplotlib figure shown as a PNG in an Image widget, redrawn on each update.

    The figure is laid out (constrained layout) on the first draw, and again only when
    something that decides the margins changes: a title, an axis label, the legend or
    the width of the tick labels (the "layout key", read after drawing). Moving a slider
    usually changes none of these, so an update renders once with Agg and encodes a fast
    PNG; ``Figure.savefig`` would lay the figure out twice and render it twice.
    """

    def __init__(self, figsize: tuple[float, float], *, dpi: int = 90) -> None:
        self.figure = Figure(figsize=figsize, dpi=dpi)
        FigureCanvasAgg(self.figure)
        self.ax = self.figure.subplots()
        self.widget = w.Image(format="png", layout=w.Layout(width="100%", max_width="1000px"))
        self._layout = ConstrainedLayoutEngine()
        self._key: tuple | None = None
        self.layouts = 0  # how many times the layout was computed (for tests and benchmarks)

    def draw(self, plot, *args: Any, **kwargs: Any) -> None:
        self.ax.clear()
        plot(*args, ax=self.ax, **kwargs)
        self.widget.value = render_png(self.figure, self)


def _lines(text: str) -> int:
    return 0 if not text else text.count("\n") + 1


def _layout_key(figure: Figure) -> tuple:
    """What decides the margins of a drawn figure, read after drawing it.

    Line counts of the titles, axis labels and x tick labels (they set the heights of the
    top and bottom margins) and the widest y tick label in characters (the left margin).
    Numbers inside a title or legend change as a slider moves without changing any margin.
    """
    key = []
    width = figure.bbox.width
    for ax in figure.axes:
        low, high = sorted(ax.get_xlim())
        shown = zip(ax.xaxis.get_majorticklocs(), ax.get_xticklabels())
        xticks = [t for loc, t in shown if t.get_text() and low <= loc <= high]  # labels of ticks in view are drawn
        # a tick label sticking out of the figure (the axis range grew, e.g. up to "1,000"): lay out again
        spills = any(box.x0 < -0.5 or box.x1 > width + 0.5 for box in (t.get_window_extent() for t in xticks[:1] + xticks[-1:]))
        key.append(
            (
                max(_lines(ax.get_title(loc)) for loc in ("left", "center", "right")),
                _lines(ax.get_xlabel()), _lines(ax.get_ylabel()),
                max((_lines(t.get_text()) for t in xticks), default=0),
                max((len(t.get_text()) for t in ax.get_yticklabels()), default=0),
                spills,
            )
        )  # fmt: skip
    key.append(tuple(_lines(t.get_text()) for t in figure.texts))
    return tuple(key)


def _needs_layout(key: tuple, laid_out: tuple) -> bool:
    """Lay out again when line counts change, a y tick label grows (or shrinks by 3+ characters) or an x tick label spills."""
    if len(key) != len(laid_out) or key[-1] != laid_out[-1]:
        return True
    for now, then in zip(key[:-1], laid_out[:-1]):
        if now[:4] != then[:4] or now[4] > then[4] or now[4] < then[4] - 2 or now[5]:
            return True
    return False


def render_png(figure: Figure, image: _PlotImage | None = None) -> bytes:
    """Render ``figure`` once with Agg and return PNG bytes, laying it out when needed.

    Without ``image`` the figure is laid out on every call. With the ``_PlotImage`` that
    owns it, the layout is recomputed only when the layout key changed since the last
    layout (then the figure is rendered a second time).
    """
    canvas = figure.canvas
    if image is None:
        ConstrainedLayoutEngine().execute(figure)
        canvas.draw()
    else:
        if image._key is None:
            image._layout.execute(figure)
            image.layouts += 1
        canvas.draw()
        key = _layout_key(figure)
        first = image._key is None
        if (first and any(ax_key[5] for ax_key in key[:-1])) or (not first and _needs_layout(key, image._key)):
            image._layout.execute(figure)
            image.layouts += 1
            canvas.draw()
            key = _layout_key(figure)
        if first or _needs_layout(key, image._key):
            image._key = key
    width, height = canvas.get_width_height(physical=True)
    pixels = PIL.Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    pixels.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()
