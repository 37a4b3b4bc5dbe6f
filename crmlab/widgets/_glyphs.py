"""The Agg canvas of the explorers' figures: texts drawn again are blended from recorded glyph bitmaps."""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg

__all__: list[str] = []


_RC_TEXT = ("font.family", "font.sans-serif", "font.serif", "font.monospace", "font.cursive", "font.fantasy",
            "text.hinting", "text.hinting_factor", "text.antialiased")  # fmt: skip


class _Recorder:
    """Stands in for Agg's C++ renderer while a text is drawn: records each glyph bitmap it blends."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.calls: list[tuple[np.ndarray, Any, Any, Any]] = []
        self.other = False  # the text also used something else (e.g. the boxes of math text): not kept

    def draw_text_image(self, image: Any, x: Any, y: Any, angle: Any, gc: Any) -> None:
        self.calls.append((np.array(image, dtype=np.uint8, copy=True), x, y, angle))
        self.real.draw_text_image(image, x, y, angle, gc)

    def __getattr__(self, name: str) -> Any:
        self.other = True
        return getattr(self.real, name)


class _TextCache:
    """Replays the glyph bitmaps of a text drawn before at the same place in the same font.

    Matplotlib 3.11 lays out and renders every glyph of every text anew on each drawing
    (about 1 ms per label on the course machine). A text drawn again with the same string,
    position, angle, font and text settings gets exactly the same glyph bitmaps blended at
    the same pixels, so they are recorded once and blended again, with the new colour.
    Installed on the renderer of an explorer's canvas only.
    """

    LIMIT = 2048

    def __init__(self, renderer: RendererAgg) -> None:
        self.renderer = renderer
        self.entries: dict[tuple, list[tuple[np.ndarray, Any, Any, Any]]] = {}
        self.hits = 0
        renderer.draw_text = self.draw_text

    def draw_text(self, gc: Any, x: float, y: float, s: str, prop: Any, angle: float, ismath: Any = False, mtext: Any = None) -> None:
        renderer = self.renderer
        if ismath:
            return RendererAgg.draw_text(renderer, gc, x, y, s, prop, angle, ismath, mtext)
        font = (tuple(prop.get_family()), prop.get_style(), prop.get_variant(), prop.get_weight(), prop.get_stretch(),
                prop.get_size_in_points(), prop.get_file(), prop.get_math_fontfamily())  # fmt: skip
        shaping = tuple(getattr(mtext, name)() if hasattr(mtext, name) else None for name in ("get_fontfeatures", "get_language"))
        key = (s, x, y, angle, gc.get_antialiased(), font, shaping, renderer.dpi, tuple(str(mpl.rcParams[k]) for k in _RC_TEXT))
        glyphs = self.entries.get(key)
        if glyphs is not None:
            self.hits += 1
            for image, gx, gy, gangle in glyphs:
                renderer._renderer.draw_text_image(image, gx, gy, gangle, gc)
            return None
        recorder = _Recorder(renderer._renderer)
        renderer._renderer = recorder
        try:
            RendererAgg.draw_text(renderer, gc, x, y, s, prop, angle, ismath, mtext)
        finally:
            renderer._renderer = recorder.real
        if not recorder.other:
            if len(self.entries) >= self.LIMIT:
                self.entries.clear()
            self.entries[key] = recorder.calls
        return None


class _Canvas(FigureCanvasAgg):
    """The Agg canvas of an explorer's figure: its renderer keeps the texts it drew (:class:`_TextCache`)."""

    def get_renderer(self) -> RendererAgg:
        renderer = super().get_renderer()
        if not hasattr(renderer, "crmlab_texts"):  # a new renderer (first drawing, or the size changed)
            renderer.crmlab_texts = _TextCache(renderer)
        return renderer
