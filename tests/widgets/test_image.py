"""Explorer figures: only the data are drawn on a kept background while the frame stays (issue 14).

The image an explorer shows must be pixel for pixel what a full drawing of its figure gives,
whichever way it was drawn, after every move of every control.
"""

import io

import numpy as np
import PIL.Image
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from crmlab.plotting import use_course_style
from crmlab.widgets._glyphs import _Canvas
from crmlab.widgets._image import HEADROOM, SHRINK, _PlotImage, render_png

from .test_labels import EXPLORERS


def _other(control, value):
    """Two other legal values of a control (a selector's other options, a slider's neighbours)."""
    if getattr(control, "options", None):
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return [v for v in values if v != value][:2]
    step = control.step or 1
    if isinstance(value, tuple):  # a range slider: move its lower end
        low = value[0] + step if value[0] + step <= value[1] else value[0] - step
        return [(type(value[0])(low), value[1])]
    moved = [value + 3 * step, value - 3 * step, value + step]
    return [type(value)(v) for v in moved if control.min <= v <= control.max][:2]


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(PIL.Image.open(io.BytesIO(png)).convert("RGBA"))


def _full_drawing(figure: Figure) -> np.ndarray:
    figure.canvas.draw()
    return np.asarray(figure.canvas.buffer_rgba()).copy()


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_every_update_shows_the_pixels_of_a_full_drawing(name):
    explorer = EXPLORERS[name][0]()
    images = [v for v in vars(explorer).values() if isinstance(v, _PlotImage)]
    if name == "ChurnWarningExplorer":
        assert images == []  # tables only
        return
    assert images, f"{name} shows its figure through _PlotImage"
    for control_name, control in explorer.controls.items():
        start = control.value
        for value in [*_other(control, start), start, *_other(control, start)[:1], start]:
            control.value = value
            for image in images:
                shown = _pixels(image.widget.value)
                assert np.array_equal(shown, _full_drawing(image.figure)), f"{name}: {control_name} = {value!r}"
    assert sum(image.data_draws for image in images) > 0, f"{name} never kept its frame"


@pytest.mark.parametrize("name", sorted(set(EXPLORERS) - {"ChurnWarningExplorer"}))
def test_reset_brings_back_the_first_image(name):
    explorer = EXPLORERS[name][0]()
    first = [v.widget.value for v in vars(explorer).values() if isinstance(v, _PlotImage)]
    for control in explorer.controls.values():  # every control moved (the axes grow to fit)
        moved = _other(control, control.value)
        if moved:
            control.value = moved[0]
    explorer.reset()
    assert [v.widget.value for v in vars(explorer).values() if isinstance(v, _PlotImage)] == first


def _line_image(values):
    use_course_style()
    image = _PlotImage((4, 3))
    image.ax.plot(values)
    image.widget.value = render_png(image.figure, image)
    return image


def test_the_axis_range_is_kept_while_the_data_fit_and_grows_with_headroom():
    image = _line_image([0.0, 10.0])
    first = image.ax.get_ylim()
    for values, expected in [
        ([0.0, 8.0], first),  # fits and fills 80%: kept, only the line is drawn
        ([0.0, 10.0], first),
    ]:
        image.ax.lines[0].set_ydata(values)
        image.ax.relim()
        image.ax.autoscale_view()
        image.widget.value = render_png(image.figure, image)
        assert image.ax.get_ylim() == expected
    assert image.data_draws == 2 and image.full_draws == 1
    image.ax.lines[0].set_ydata([0.0, 20.0])  # outgrows it: grows to the data plus the headroom
    image.ax.relim()
    image.ax.autoscale_view()
    low, high = image.ax.get_ylim()  # (-1, 21): the low end moved by the margin only, so no headroom there
    image.widget.value = render_png(image.figure, image)
    assert image.ax.get_ylim() == (pytest.approx(low), pytest.approx(high + HEADROOM * (high - low)))
    image.ax.lines[0].set_ydata([0.0, 1.0])  # far smaller than the range: the plot's own range again
    image.ax.relim()
    image.ax.autoscale_view()
    wanted = image.ax.get_ylim()
    image.widget.value = render_png(image.figure, image)
    assert image.ax.get_ylim() == wanted and wanted[1] - wanted[0] < SHRINK * (high - low)


def test_a_changed_frame_is_drawn_whole():
    image = _line_image([0.0, 10.0])
    image.ax.set_ylabel("新的标签")
    image.widget.value = render_png(image.figure, image)
    assert image.full_draws >= 2 and image.data_draws == 0  # (a new label: laid out and drawn again)
    assert np.array_equal(_pixels(image.widget.value), _full_drawing(image.figure))


def _texts_figure(canvas_class):
    figure = Figure(figsize=(5, 3), dpi=90)
    canvas_class(figure)
    ax = figure.subplots()
    ax.plot([0, 1, 2], [3, 1, 2], label="留存客户")
    ax.set_title("客户终身价值 CLV = 8,866.86 元")
    ax.set_ylabel("元（现值）")  # drawn rotated by 90°
    ax.text(1, 2, "峰值", rotation=30, color="tab:red")
    ax.text(0.2, 1.2, r"$\frac{1}{1+d}$")  # math text: drawn, not kept
    ax.legend()
    return figure


def test_texts_drawn_again_from_the_cache_give_the_same_pixels():
    use_course_style()
    plain = _full_drawing(_texts_figure(FigureCanvasAgg))
    figure = _texts_figure(_Canvas)
    first = _full_drawing(figure)
    again = _full_drawing(figure)
    cache = figure.canvas.get_renderer().crmlab_texts
    assert cache.hits > 5  # every text but the math one came from the cache the second time
    assert np.array_equal(first, plain) and np.array_equal(again, plain)
    figure.axes[0].texts[0].set_color("tab:blue")  # the colour is applied when the glyphs are blended
    recoloured = _full_drawing(figure)
    assert not np.array_equal(recoloured, plain)
    figure.canvas.get_renderer().crmlab_texts.entries.clear()
    assert np.array_equal(recoloured, _full_drawing(figure))


def test_the_guide_describes_the_axis_rule_with_these_numbers():
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[2] / "notebooks" / "00_guide.ipynb").read_text(encoding="utf-8")
    assert SHRINK == 0.4 and "不足原范围的四成时才收回" in guide  # chapter 0 tells students the rule in words
