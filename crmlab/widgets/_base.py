"""The explorer base class and the image/table helpers shared by every explorer (互动探索器的基础)."""

from __future__ import annotations

import contextlib
import html
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import ipywidgets as w

from .._validation import CrmlabInputError
from ..glossary import label_columns, term
from ._image import _PlotImage

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
        """The current value of every control, by parameter name.

        Examples
        --------
        >>> from crmlab.widgets import clv_explorer
        >>> clv_explorer().parameters["churn_rate"]
        0.2
        """
        return {name: control.value for name, control in self.controls.items()}

    def compute(self, parameters: dict[str, Any]) -> Any:  # pragma: no cover - abstract
        """Call the explorer's crmlab function with ``parameters`` and return its result.

        Subclasses implement it; it raises :class:`CrmlabInputError` for bad input, which
        :meth:`update` shows as a message.

        Examples
        --------
        >>> from crmlab.widgets import clv_explorer
        >>> ex = clv_explorer()
        >>> round(ex.compute({**ex.parameters, "churn_rate": 0.15}).total, 2)
        9672.75
        """
        raise NotImplementedError

    def render(self, result: Any) -> None:  # pragma: no cover - abstract
        """Update the explorer's figure and tables to show ``result`` (subclasses implement it).

        Examples
        --------
        >>> from crmlab.widgets import clv_explorer
        >>> ex = clv_explorer()
        >>> ex.render(ex.compute({**ex.parameters, "churn_rate": 0.15}))
        >>> "9,672.75" in ex.summary.value
        True
        """
        raise NotImplementedError

    def _on_change(self, change: dict[str, Any]) -> None:
        if not self._holding:
            self.update()

    def update(self) -> None:
        """Recompute from the controls and redraw; show bad input as a message.

        Called whenever a control changes; ``updates`` counts the successful ones.

        Examples
        --------
        >>> from crmlab.widgets import clv_explorer
        >>> ex = clv_explorer()
        >>> n = ex.updates
        >>> ex.update()
        >>> ex.updates == n + 1, ex.error is None
        (True, True)
        """
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
        """Change several controls with a single recomputation at the end.

        Examples
        --------
        >>> from crmlab.widgets import clv_explorer
        >>> ex = clv_explorer()
        >>> n = ex.updates
        >>> with ex.hold():
        ...     ex.controls["churn_rate"].value = 0.15
        ...     ex.controls["discount_rate"].value = 0.08
        >>> ex.updates - n
        1
        """
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

        Examples
        --------
        >>> from crmlab.widgets import clv_explorer
        >>> ex = clv_explorer()
        >>> ex.set(churn_rate=0.15, discount_rate=0.08)
        >>> ex.result.parameters["churn_rate"]
        0.15
        >>> ex.set(churn_rate=1.5)  # refused by clv_breakdown: shown, not clamped
        >>> ex.error.parameter, ex.controls["churn_rate"].value, ex.stale
        ('churn_rate', 0.15, True)
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
        """Put every control back to its initial value, and the figure's axes to their initial ranges.

        Examples
        --------
        >>> from crmlab.widgets import clv_explorer
        >>> ex = clv_explorer()
        >>> ex.set(churn_rate=0.3)
        >>> ex.reset()
        >>> ex.controls["churn_rate"].value
        0.2
        """
        for value in vars(self).values():
            if isinstance(value, _PlotImage):
                value.forget()  # the axes and margins kept while dragging go back to what the plot asks for
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
