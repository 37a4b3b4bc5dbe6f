"""Figures of the explorers as images: one layout only when margins change, and only the data redrawn.

An explorer's slider usually changes the data of a figure, not its frame: the axes, their
tick labels, grid and axis labels stay as they were. :func:`render_png` then keeps the
frame as a pixel background from the last full drawing and draws only the changing artists
(bars, lines, labels, titles, legend) on it again, which is what matplotlib calls
blitting. Whenever something in the frame changes (limits, ticks, labels, size), the whole
figure is drawn again. Either way the pixels are the same as a full drawing (tested).
"""

from __future__ import annotations

import math
import struct
import zlib
from typing import Any

import ipywidgets as w
import matplotlib as mpl
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.ticker import FixedLocator

from ._glyphs import _Canvas

__all__: list[str] = []


# Titles sit just above their axes (matplotlib's default place when no tick labels are on top, as in every
# course figure) without matplotlib measuring every tick label again on each drawing to check (~9 ms an axes).
_FIXED_TITLES = {"axes.titley": 1.0}


class _PlotImage:
    """A matplotlib figure shown as an image in an Image widget, redrawn on each update.

    The figure is laid out (constrained layout) on the first draw, and again only when
    something that decides the margins changes: a title, an axis label, the legend or
    the width of the tick labels (the "layout key", read after drawing). Moving a slider
    usually changes none of these, so an update renders once with Agg and encodes a fast
    PNG; ``Figure.savefig`` would lay the figure out twice and render it twice. When the
    frame of the figure did not change either, only the data are drawn (see the module).
    """

    def __init__(
        self,
        figsize: tuple[float, float],
        *,
        dpi: int = 90,
        width_ratios: list[float] | None = None,
        margins: dict[str, float] | None = None,
        max_width: str = "1000px",
    ) -> None:
        self.figure = Figure(figsize=figsize, dpi=dpi)
        _Canvas(self.figure)
        ncols = len(width_ratios) if width_ratios else 1
        with mpl.rc_context(_FIXED_TITLES):
            self.axes: list[Axes] = list(self.figure.subplots(1, ncols, width_ratios=width_ratios, squeeze=False)[0])
        self.ax = self.axes[0]
        self.widget = w.Image(format="png", layout=w.Layout(width="100%", max_width=max_width))
        if margins is not None:  # fixed margins (subplots_adjust) instead of constrained layout
            self.figure.subplots_adjust(**margins)
        self._layout = None if margins is not None else ConstrainedLayoutEngine()
        self._positions = [ax.get_position() for ax in self.axes]  # before any layout
        self._key: tuple | None = None
        self.layouts = 0  # how many times the layout was computed (for tests and benchmarks)
        self.full_draws = 0  # how many updates drew the whole figure
        self.data_draws = 0  # how many drew only the data on the kept background
        self._background: Any = None
        self._frame: tuple | None = None
        self._titles: list[list[tuple[float, float]]] = []
        self._limits: dict[tuple[int, str], tuple[str, tuple[float, float], bool]] = {}

    def forget(self) -> None:
        """Draw the next figure as the first: axis ranges as the plot asks, laid out anew (after a reset)."""
        self._limits.clear()
        self._key = None
        for ax, position in zip(self.axes, self._positions):
            ax._set_position(position)  # a plot may size things to its axes (a legend over the data); still laid out

    def clear(self, ax: Axes | None = None) -> None:
        """Clear one of the figure's axes (the first by default), keeping its title at the fixed height."""
        with mpl.rc_context(_FIXED_TITLES):
            (self.ax if ax is None else ax).clear()

    def draw(self, plot, *args: Any, **kwargs: Any) -> None:
        self.clear()
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


def _titles(ax: Axes) -> list[Artist]:
    return [ax.title, ax._left_title, ax._right_title]


def _zorder(artist: Artist) -> float:
    return artist.get_zorder()


def _split(figure: Figure) -> tuple[list[str], list[Artist]]:
    """The frame (drawn once, kept as background) and the other artists, in drawing order.

    The frame of an Axes is what matplotlib draws before its first data artist: the axes
    background, and the axes (ticks, grid, axis labels) when they are drawn below the data
    (``axes.axisbelow``). Anything drawn after a data artist is drawn again every time, so the
    order of the pixels never changes. An Axes overlapping one drawn before it (a twin) has
    no frame of its own. Returns names of the frame's parts (for the frame key) and the
    artists to draw on the background, in the order ``Figure.draw`` draws them.
    """
    frame: list[str] = []
    dynamic: list[Artist] = []
    boxes = []
    late = False  # a figure-level artist was drawn before this point: no more frames
    children = sorted((a for a in figure.get_children() if a is not figure.patch), key=_zorder)
    for child in children:
        if not isinstance(child, Axes):
            dynamic.append(child)
            late = True
            continue
        if not child.get_visible():
            continue
        index = figure.axes.index(child) if child in figure.axes else -1
        parts = child.get_children()
        parts.remove(child.patch)
        if not (child.axison and child.get_frame_on()):
            parts = [a for a in parts if a not in child.spines.values()]
        if not child.axison:
            parts = [a for a in parts if not isinstance(a, Axis)]
        parts = sorted(parts, key=_zorder)
        box = child.bbox.extents
        if late or any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
            dynamic.append(child)  # drawn whole, after what is below it
            boxes.append(box)
            continue
        boxes.append(box)
        frame.append(f"{index}:patch")
        for n, part in enumerate(parts):
            if isinstance(part, Axis):
                frame.append(f"{index}:{part.axis_name}axis")
                continue
            dynamic.extend(parts[n:])
            break
    return frame, dynamic


def _frame_key(figure: Figure, frame: list[str]) -> tuple:
    """Everything that decides the pixels of the frame, read without drawing."""
    key: list[Any] = [tuple(figure.bbox.bounds), figure.dpi, tuple(frame), tuple(figure.patch.get_facecolor())]
    for ax in figure.axes:
        key.append(
            (
                tuple(ax.get_position().bounds), ax.get_xlim(), ax.get_ylim(), ax.get_xscale(), ax.get_yscale(),
                tuple(ax.patch.get_facecolor()),
                tuple((_lines(t.get_text()), t.get_fontsize()) for t in _titles(ax)),  # the title's room (layout)
            )
        )  # fmt: skip
        for axis in (ax.xaxis, ax.yaxis):
            locs = axis.get_majorticklocs()
            formatter = axis.get_major_formatter()
            labels = tuple(formatter.format_ticks(locs))
            label = axis.label
            key.append(
                (
                    axis.get_visible(), tuple(locs), labels, formatter.get_offset(), tuple(axis.get_minorticklocs()),
                    label.get_text(), label.get_visible(), label.get_fontsize(), label.get_color(), label.get_rotation(),
                    axis.get_label_position(), axis.get_ticks_position(),
                    repr(sorted(axis._major_tick_kw.items())), repr(sorted(axis._minor_tick_kw.items())),
                )
            )  # fmt: skip
    key.append(tuple(_lines(t.get_text()) for t in figure.texts))
    return tuple(key)


def _draw_with_background(figure: Figure, image: _PlotImage) -> None:
    """Draw the frame alone, keep it as the background, then draw the rest on it."""
    canvas = figure.canvas
    frame, dynamic = _split(figure)
    animated = [(a, a.get_animated()) for a in dynamic]
    for artist, _ in animated:
        artist.set_animated(True)
    try:
        canvas.draw()
    finally:
        for artist, was in animated:
            artist.set_animated(was)
    image._background = canvas.copy_from_bbox(figure.bbox)
    renderer = canvas.get_renderer()
    for artist in dynamic:
        artist.draw(renderer)
    image._titles = [[t.get_position() for t in _titles(ax)] for ax in figure.axes]
    image._frame = _frame_key(figure, frame)
    image.full_draws += 1


def _draw_on_background(figure: Figure, image: _PlotImage) -> bool:
    """Draw the data on the kept background if the frame did not change; False if it did."""
    if image._background is None:
        return False
    for ax in figure.axes:
        ax.apply_aspect()
    frame, dynamic = _split(figure)
    if _frame_key(figure, frame) != image._frame:
        return False
    for ax, positions in zip(figure.axes, image._titles):
        for title, position in zip(_titles(ax), positions):
            title.set_position(position)  # where the last full drawing put them (above the axes)
    canvas = figure.canvas
    canvas.restore_region(image._background)
    renderer = canvas.get_renderer()
    for artist in dynamic:
        artist.draw(renderer)
    image.data_draws += 1
    return True


SHRINK = 0.4  # an autoscaled axis keeps its range until the data take less than this share of it
HEADROOM = 0.2  # and grows by this share more than the data need when they outgrow it


def _steady_limits(figure: Figure, image: _PlotImage) -> None:
    """Keep each axis range while the data fit it and fill at least ``SHRINK`` of it.

    A slider moved back and forth then leaves the axes (and the drawn frame) as they were, and
    the student sees the bars and lines move against a fixed scale. When the data outgrow the
    range, it grows to take them in, plus ``HEADROOM`` on the side they grew; when they shrink
    below ``SHRINK`` of it, the range is the one the plot asked for. Axes whose ticks the plot
    placed itself (categories) are left alone.
    """
    for index, ax in enumerate(figure.axes):
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            key = (index, name)
            scale = axis.get_scale()
            limits = ax.get_xlim() if name == "x" else ax.get_ylim()
            if scale not in ("linear", "log") or isinstance(axis.get_major_locator(), FixedLocator) or axis.units is not None:
                image._limits.pop(key, None)
                continue
            flipped = limits[0] > limits[1]
            raw = tuple(sorted(float(v) for v in limits))
            to, back = (math.log10, lambda v: 10.0**v) if scale == "log" else (float, float)
            if not raw[0] < raw[1] or (scale == "log" and raw[0] <= 0):
                image._limits.pop(key, None)
                continue
            previous = image._limits.get(key)
            new = raw
            if previous is not None and previous[0] == scale and previous[2] == flipped:
                (p_low, p_high), (low, high) = (to(v) for v in previous[1]), (to(v) for v in raw)
                span = high - low
                if p_low <= low and high <= p_high and span >= SHRINK * (p_high - p_low):
                    new = previous[1]
                elif span >= SHRINK * (max(high, p_high) - min(low, p_low)):
                    # each side: kept if the data are inside it; beyond it, taken as the plot asks (a small step,
                    # e.g. the plot's margin growing with the data) or with headroom (a real outgrowing)
                    room = 0.1 * (p_high - p_low)
                    low_side = previous[1][0] if low >= p_low else raw[0] if low > p_low - room else back(low - HEADROOM * span)
                    high_side = previous[1][1] if high <= p_high else raw[1] if high < p_high + room else back(high + HEADROOM * span)
                    new = (low_side, high_side)
            if new != raw:
                setter = ax.set_xlim if name == "x" else ax.set_ylim
                setter(*(new[::-1] if flipped else new), auto=None)
            image._limits[key] = (scale, new, flipped)


def render_png(figure: Figure, image: _PlotImage | None = None) -> bytes:
    """Render ``figure`` with Agg and return PNG bytes, laying it out when needed.

    Without ``image`` the figure is laid out and drawn whole on every call. With the
    ``_PlotImage`` that owns it, the layout is recomputed only when the layout key changed
    since the last layout (then the figure is drawn a second time), and when the frame of
    the figure is as it was last time only the data are drawn on the kept background.
    """
    canvas = figure.canvas
    if image is None:
        ConstrainedLayoutEngine().execute(figure)
        canvas.draw()
    else:
        _steady_limits(figure, image)
    if image is not None and not _draw_on_background(figure, image):
        if image._key is None and image._layout is not None:
            image._layout.execute(figure)
            image.layouts += 1
        _draw_with_background(figure, image)
        if image._layout is None:
            image._key = ()
            return _encode(canvas)
        key = _layout_key(figure)
        first = image._key is None
        if (first and any(ax_key[5] for ax_key in key[:-1])) or (not first and _needs_layout(key, image._key)):
            image._layout.execute(figure)
            image.layouts += 1
            _draw_with_background(figure, image)
            key = _layout_key(figure)
        if first or _needs_layout(key, image._key):
            image._key = key
    return _encode(canvas)


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _encode(canvas: FigureCanvasAgg) -> bytes:
    """The canvas as PNG bytes: 8-bit RGBA rows without a filter, compressed at zlib's fastest level.

    A slider update cannot wait for a small file. Pillow's PNG writer filters every row
    adaptively (12 ms for a 900 x 470 figure on the course machine); unfiltered rows take
    5 ms and the file is about as small (58 vs 61 KB), since an explorer's figure is mostly
    flat colour. Tests decode it with Pillow and compare every pixel with the canvas.
    """
    width, height = canvas.get_width_height(physical=True)
    rows = np.empty((height, 1 + 4 * width), dtype=np.uint8)
    rows[:, 0] = 0  # filter type 0 (none) on every row
    rows[:, 1:] = np.asarray(canvas.buffer_rgba()).reshape(height, 4 * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits per channel, colour type 6 (RGBA)
    return _PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)) + _chunk(b"IEND", b"")
