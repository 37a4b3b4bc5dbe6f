"""The explorer base class and the image/table helpers shared by every explorer (互动探索器的基础)."""

from __future__ import annotations

import contextlib
import html
import io
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import ipywidgets as w
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

from .._validation import CrmlabInputError
from ..glossary import label_columns, term

__all__ = [
    "Explorer",
]


_DESCRIPTION = {"description_width": "7.5em"}


class Explorer:
    """Base of the course's explorers: controls -> compute -> render.

    Subclasses build ``controls`` and implement :meth:`compute` (call a crmlab
    function with the current parameters) and :meth:`render` (update the output
    widgets from a result). ``updates`` counts successful recomputations.
    """

    def __init__(
        self,
        controls: Mapping[str, w.ValueWidget],
        outputs: list[w.Widget],
        *,
        columns: Sequence[Sequence[str]] | None = None,
    ) -> None:
        self.controls: dict[str, w.ValueWidget] = dict(controls)
        self.result: Any = None
        self.error: CrmlabInputError | None = None
        self.updates = 0
        self._initial = {name: control.value for name, control in self.controls.items()}
        self._holding = False
        self.message = w.HTML()
        # a fixed width, so a long message beside it never squeezes the label away
        reset = w.Button(description="恢复初始值", icon="undo", tooltip="把所有滑块恢复到初始值",
                         layout=w.Layout(width="9em", min_width="9em", flex="0 0 auto"))  # fmt: skip
        reset.on_click(lambda _: self.reset())
        names = list(self.controls)
        if columns is None:  # two columns in the order given
            half = (len(names) + 1) // 2
            columns = [names[:half], names[half:]]
        placed = [name for column in columns for name in column]
        if sorted(placed) != sorted(names):
            raise ValueError(f"columns must place every control exactly once: {placed} vs {names}")
        panel = w.HBox(
            [w.VBox([self.controls[n] for n in column], layout=w.Layout(width=f"{100 / len(columns):.0f}%")) for column in columns],
            layout=w.Layout(grid_gap="24px"),
        )
        self.outputs = list(outputs)
        self.stale = False
        self.widget = w.VBox([panel, w.HBox([reset, self.message]), *outputs])
        for control in self.controls.values():
            control.observe(self._on_change, names="value")

    @property
    def parameters(self) -> dict[str, Any]:
        """The current value of every control, by parameter name."""
        return {name: control.value for name, control in self.controls.items()}

    def compute(self, parameters: dict[str, Any]) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def render(self, result: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _on_change(self, change: dict[str, Any]) -> None:
        if not self._holding:
            self.update()

    def update(self) -> None:
        """Recompute from the controls and redraw; show bad input as a message."""
        try:
            result = self.compute(self.parameters)
        except CrmlabInputError as err:
            self._show_error(err)
            return
        self.error = None
        self.message.value = ""
        self._mark_stale(False)
        self.result = result
        self.render(result)
        self.updates += 1

    def _show_error(self, err: CrmlabInputError) -> None:
        """Show a bad input to the student (in Chinese; English on hover) and dim the outputs.

        The outputs still show the last valid result; they are dimmed and the message
        says so, so a stale figure is never taken for the current one. ``result`` keeps
        that last valid result and ``stale`` is True until the next successful update.
        """
        self.error = err
        self.message.value = (
            f"<style>.crmlab-stale {{opacity: 0.35; filter: grayscale(1);}}</style>"
            f"<div style='color:#b00020;font-size:1.1em' title='{html.escape(err.en, quote=True)}'>"
            f"⚠ {html.escape(err.zh)}<br><small>下方灰色的图表和表格仍是上一次有效输入的结果。</small></div>"
        )
        self._mark_stale(True)

    def _mark_stale(self, stale: bool) -> None:
        self.stale = stale
        for output in self.outputs:
            if stale:
                output.add_class("crmlab-stale")
            else:
                output.remove_class("crmlab-stale")

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Change several controls with a single recomputation at the end."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
        self.update()

    def set(self, **values: Any) -> None:
        """Set several controls at once, e.g. ``ex.set(churn_rate=0.15, discount_rate=0.08)``.

        A value outside a slider's range is not clamped silently: if the crmlab function
        accepts it, the slider's range is widened to include it; if the function refuses
        it, its message is shown (and kept in ``error``) and no control changes. A value
        that is not one of a selector's options is shown as a message in the same way.
        """
        unknown = [k for k in values if k not in self.controls]
        if unknown:
            raise CrmlabInputError(
                unknown[0],
                f"没有名为 {unknown[0]} 的滑块；可用：{'、'.join(self.controls)}",
                f"no control named {unknown[0]}; available: {', '.join(self.controls)}",
            )
        outside = {name: value for name, value in values.items() if not _fits(self.controls[name], value)}
        if outside:
            refused = self._refusal(values, outside)
            if refused is not None:
                self._show_error(refused)
                return
            for name, value in outside.items():
                _widen(self.controls[name], value)
        with self.hold():
            for name, value in values.items():
                self.controls[name].value = value

    def _refusal(self, values: dict[str, Any], outside: dict[str, Any]) -> CrmlabInputError | None:
        """The error for values no control can take, or None if the calculation accepts them."""
        for name, value in outside.items():
            control = self.controls[name]
            if _options(control) is not None:
                shown = "、".join(str(label) for label in _options(control))
                return CrmlabInputError(
                    name,
                    f"{control.description or name} 没有 {value!r} 这一项；可选：{shown}",
                    f"{name} has no option {value!r}",
                )
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value != value:
                return CrmlabInputError(name, f"{control.description or name} 必须是数字，收到 {value!r}",
                                        f"{name} must be a number, got {value!r}")  # fmt: skip
        try:
            self.compute({**self.parameters, **values})
        except CrmlabInputError as err:
            return err
        return None

    def reset(self) -> None:
        """Put every control back to its initial value."""
        self.set(**self._initial)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def _options(control: w.ValueWidget) -> list[Any] | None:
    """The labels of a selector's options, or None for a slider."""
    options = getattr(control, "options", None)
    if options is None:
        return None
    return [o[0] if isinstance(o, tuple) else o for o in options]


def _fits(control: w.ValueWidget, value: Any) -> bool:
    """Whether the control can show ``value`` as it is (sliders clamp values outside their range)."""
    options = getattr(control, "options", None)
    if options is not None:
        return any((o[1] if isinstance(o, tuple) else o) == value for o in options)
    low, high = getattr(control, "min", None), getattr(control, "max", None)
    if low is None or high is None:
        return True
    ends = value if isinstance(value, tuple) else (value,)
    try:
        return all(low <= v <= high for v in ends)
    except TypeError:
        return False


def _widen(control: w.ValueWidget, value: Any) -> None:
    """Widen a slider's range to include an accepted value."""
    ends = value if isinstance(value, tuple) else (value,)
    if max(ends) > control.max:
        control.max = max(ends)
    if min(ends) < control.min:
        control.min = min(ends)


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
    for ax in figure.axes:
        key.append(
            (
                max(_lines(ax.get_title(loc)) for loc in ("left", "center", "right")),
                _lines(ax.get_xlabel()), _lines(ax.get_ylabel()),
                max((_lines(t.get_text()) for t in ax.get_xticklabels()), default=0),
                max((len(t.get_text()) for t in ax.get_yticklabels()), default=0),
            )
        )  # fmt: skip
    key.append(tuple(_lines(t.get_text()) for t in figure.texts))
    return tuple(key)


def _needs_layout(key: tuple, laid_out: tuple) -> bool:
    """Lay out again when line counts change or a y tick label grows (or shrinks by 3+ characters)."""
    if len(key) != len(laid_out) or key[-1] != laid_out[-1]:
        return True
    for now, then in zip(key[:-1], laid_out[:-1]):
        if now[:4] != then[:4] or now[4] > then[4] or now[4] < then[4] - 2:
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
        if image._key is None or _needs_layout(key, image._key):
            if image._key is not None:
                image._layout.execute(figure)
                image.layouts += 1
                canvas.draw()
            image._key = key
    width, height = canvas.get_width_height(physical=True)
    pixels = PIL.Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    pixels.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def _table_html(frame, formats: Mapping[str, str]) -> str:
    labelled = label_columns(frame)  # chapter-7 terms when the table is tagged so (glossary.with_terms)
    labels = dict(zip(frame.columns, labelled.columns))
    shown = labelled.to_html(
        index=False, border=0,
        formatters={labels.get(k, term(k)): (lambda f: (lambda x: f.format(x)))(f) for k, f in formats.items()},
    )  # fmt: skip
    return f"<div style='font-size:1.05em'>{shown}</div>"


def _int_slider(label: str, value: int, low: int, high: int, step: int = 1) -> w.IntSlider:
    return w.IntSlider(value=value, min=min(low, value), max=max(high, value), step=step, description=label,
                       continuous_update=False, style=_DESCRIPTION, layout=w.Layout(width="auto"))  # fmt: skip


def _float_slider(label: str, value: float, low: float, high: float, step: float, readout: str = ".2f") -> w.FloatSlider:
    return w.FloatSlider(value=value, min=min(low, value), max=max(high, value), step=step, readout_format=readout,
                         description=label, continuous_update=False, style=_DESCRIPTION, layout=w.Layout(width="auto"))  # fmt: skip
