"""Fonts, colours and the course style shared by every figure (字体、配色与课程样式).

Imports no calculation module. :func:`use_chinese_font` selects a font with Chinese
glyphs on any machine; :func:`use_course_style` adds projector-sized text.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
from matplotlib import font_manager, ticker
from matplotlib.axes import Axes
from matplotlib.ft2font import FT2Font

from ..clv import SEGMENTS

__all__ = [
    "SYSTEM_CJK_FONTS",
    "CLASS_COLORS",
    "COLORS",
    "use_chinese_font",
    "use_course_style",
]


#: System fonts with Chinese glyphs, tried in this order before the font shipped by pip.
SYSTEM_CJK_FONTS: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "STHeiti",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Noto Sans CJK JP",
    "Droid Sans Fallback",
)


_SAMPLE = "客户终生价值历史当前潜在元年"


#: One colour per part of CLV, shared by every figure.
COLORS = {
    "historical": "#7f8c9a",
    "current": "#1f77b4",
    "upsell": "#ff7f0e",
    "referral": "#2ca02c",
    "potential": "#9467bd",
    "total": "#2c3e50",
    "expected_profit": "#aec7e8",
    "present_value": "#1f77b4",
    "low": "#d62728",
    "high": "#2ca02c",
}


SEGMENT_COLORS = dict(zip(SEGMENTS, ("#9467bd", "#2ca02c", "#ff7f0e", "#7f7f7f")))


def _covers(path: str | Path, text: str) -> bool:
    try:
        charmap = FT2Font(str(path)).get_charmap()
    except (OSError, RuntimeError, ValueError):
        return False
    return all(ord(ch) in charmap for ch in text)


@functools.cache
def _system_cjk_font() -> str | None:
    files: dict[str, str] = {}
    for entry in font_manager.fontManager.ttflist:
        files.setdefault(entry.name, entry.fname)
    for name in SYSTEM_CJK_FONTS:
        if name in files and _covers(files[name], _SAMPLE):
            return name
    return None


@functools.cache
def _pip_font() -> tuple[str, str]:
    import pylopdf_fonts_zh_cn

    path = str(pylopdf_fonts_zh_cn.sans_path())
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name(), path


def use_chinese_font() -> str:
    """Make matplotlib draw Chinese text on any machine; return the font family used.

    Tries the system CJK fonts of :data:`SYSTEM_CJK_FONTS` first, then Noto Sans
    SC (SIL Open Font License) shipped by the pip package ``pylopdf-fonts-zh-cn``,
    which is a dependency of crmlab, so some font is always found. The chosen
    family goes first in ``font.sans-serif`` with DejaVu Sans after it for any
    glyph it lacks; if it has no proper minus sign (U+2212), matplotlib is told
    to draw an ASCII hyphen instead. Safe to call more than once.

    Examples
    --------
    >>> use_chinese_font() in SYSTEM_CJK_FONTS + ("Noto Sans SC",)
    True
    """
    name, has_minus = _font_details(_system_cjk_font())
    families = mpl.rcParams["font.sans-serif"]
    if families[:2] != [name, "DejaVu Sans"]:
        rest = [f for f in families if f not in (name, "DejaVu Sans")]
        mpl.rcParams["font.sans-serif"] = [name, "DejaVu Sans", *rest]
    if mpl.rcParams["font.family"] != ["sans-serif"]:
        mpl.rcParams["font.family"] = ["sans-serif"]
    mpl.rcParams["axes.unicode_minus"] = has_minus
    return name


@functools.cache
def _font_details(system_name: str | None) -> tuple[str, bool]:
    """Family to use and whether it has a minus sign, for a system font name or None (the pip font).

    Cached: opening the 8 MB font file to read its character map took 18-35 ms, and every
    ``plot_*`` call (so every slider update) asks for the font.
    """
    if system_name is None:
        name, path = _pip_font()
    else:
        name = system_name
        path = font_manager.findfont(font_manager.FontProperties(family=name), fallback_to_default=False)
    return name, _covers(path, "\u2212")


def use_course_style() -> str:
    """Chinese font plus sizes legible on a classroom projector; return the font family.

    Examples
    --------
    >>> isinstance(use_course_style(), str)
    True
    """
    name = use_chinese_font()
    mpl.rcParams.update(
        {
            "figure.figsize": (10, 5),
            "figure.dpi": 100,
            "font.size": 14,
            "axes.titlesize": 17,
            "axes.labelsize": 15,
            "xtick.labelsize": 13,
            "ytick.labelsize": 13,
            "legend.fontsize": 13,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.axisbelow": True,  # grid and ticks under the bars: explorers keep them as a background
        }
    )
    return name


def _axes(ax: Axes | None) -> Axes:
    """The Axes to draw on; makes sure a Chinese font is configured first."""
    use_chinese_font()
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.subplots()[1]


class _ChineseDateFormatter(ticker.Formatter):
    """Chinese date ticks: "1997年1月, 3月, 5月, ..."; the year is written at the first tick and at each January.

    Ticks on the first of January read "1997年"; ticks on the first of a month "3月" (with the year where it
    changes); other ticks "3月15日"; ticks within one day "14:00".
    """

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self.format_ticks([x])[0]

    def format_ticks(self, values: list[float]) -> list[str]:
        dates = [mdates.num2date(v) for v in values]
        if not dates:
            return []
        if len({d.date() for d in dates}) < len(dates):
            return [f"{d.hour:02d}:{d.minute:02d}" for d in dates]
        if all(d.month == 1 and d.day == 1 for d in dates):
            return [f"{d.year}年" for d in dates]
        labels, year = [], None
        for d in dates:
            text = f"{d.month}月" if d.day == 1 else f"{d.month}月{d.day}日"
            labels.append(text if d.year == year else f"{d.year}年{text}")
            year = d.year
        return labels


def _date_axis(ax: Axes) -> None:
    """Chinese date ticks ("1997年1月, 3月, 5月, ...") that stay readable on a projector."""
    locator = mdates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(_ChineseDateFormatter())


def _text_color(rgba: tuple[float, ...]) -> str:
    """Black or white, whichever reads better on a cell of colour ``rgba`` (relative luminance, WCAG)."""
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgba[:3])
    return "black" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.179 else "white"


#: where a point's name may go, in points from the point: right, left, above, below, then the diagonals further out
_LABEL_OFFSETS = ((6, 4, "left"), (-6, 4, "right"), (0, 9, "center"), (0, -16, "center"), (6, -14, "left"),
                  (-6, -14, "right"), (10, 14, "left"), (-10, 14, "right"), (10, -24, "left"), (-10, -24, "right"))  # fmt: skip


def _label_points(ax: Axes, xs: Sequence[float], ys: Sequence[float], labels: Sequence[object], *, marker: float = 9.5,
                  **kwargs: Any) -> list[Any]:  # fmt: skip
    """Name each point, moving a name to the first free place so no two names overlap (a small, deterministic repel).

    Draw everything else first (limits and legend included): the places are chosen in screen coordinates and
    keep clear of the other names, of the points (``marker`` is their diameter in points) and of the legend.
    A name that fits nowhere is left out rather than drawn on top of another.
    """
    from matplotlib.transforms import Bbox

    ax.autoscale_view()
    renderer = ax.figure.canvas.get_renderer()
    placed: list[Any] = []
    radius = marker / 2 * ax.figure.dpi / 72  # pixels
    centres = ax.transData.transform(np.column_stack([np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)]))
    boxes: list[Any] = [Bbox.from_extents(cx - radius, cy - radius, cx + radius, cy + radius) for cx, cy in centres]
    if ax.get_legend() is not None:
        boxes.append(ax.get_legend().get_window_extent(renderer))
    for x, y, text in zip(xs, ys, labels):
        for dx, dy, ha in _LABEL_OFFSETS:
            note = ax.annotate(str(text), (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, fontsize="small", **kwargs)
            box = note.get_window_extent(renderer).expanded(1.05, 1.1)
            if not any(box.overlaps(other) for other in boxes):
                placed.append(note)
                boxes.append(box)
                break
            note.remove()
    return placed


def _legend_over_data(ax: Axes, *, margin: float = 0.08, **kwargs: Any) -> Any:
    """A legend in the top left corner, with the y axis raised so that no bar or line runs under it.

    Call it after the data are drawn. ``margin`` (a fraction of the axes height) leaves room for the
    axes to shrink a little later (``tight_layout``).
    """
    legend = ax.legend(loc="upper left", **kwargs)
    renderer = ax.figure.canvas.get_renderer()
    share = legend.get_window_extent(renderer).height / max(ax.get_window_extent(renderer).height, 1.0)
    bottom, top = ax.get_ylim()
    if share + margin < 0.9:
        ax.set_ylim(bottom, bottom + (top - bottom) / (1 - share - margin))
    return legend


def _yuan(x: float) -> str:
    return f"{x:,.0f}"


CLASS_COLORS = ("#2ca02c", "#ff7f0e", "#7f7f7f", "#1f77b4", "#9467bd", "#d62728")
