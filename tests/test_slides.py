"""Slide metadata of every notebook is valid for live slides (jupyterlab-slideshow) and for nbconvert.

What jupyterlab-slideshow 0.3.4 reads (``js/jupyterlab-slideshow/src/notebook/presenter.ts``,
``_getSlideType`` and ``_getExtents``; checked in its built ``static/506.*.js`` too):

- ``cell.metadata.slideshow.slide_type``, read as ``... || null``: ``"slide"``, ``"subslide"``,
  ``"fragment"``, ``"skip"``, ``"notes"``, and ``null`` (no value, or the empty string) for a cell that
  continues the current slide. Any other value falls through its ``switch``: the cell is linked to no
  slide and is never shown. That includes ``"-"``, the classic notebook's and nbconvert's spelling of
  "continue": in a deck every ``"-"`` cell (most code cells, so figures and sliders) stays hidden. This
  was seen in JupyterLab 4.6 with headless Chromium (chapter 6's ``clv_breakdown`` table and explorer
  invisible with ``"-"``, shown and recomputing with ``""``). JupyterLab 4's own cell inspector writes
  ``""`` for "-" (``@jupyterlab/notebook-extension`` ``tools.json``), and nbconvert treats every value it
  does not know as a continuation, so ``""`` is the one spelling all three read the same way.
- ``cell.metadata["jupyterlab-slideshow"].layer`` (``deck``, ``stack``, ``slide``, ``fragment``): a layer
  is drawn over other slides and is not a slide itself. The course uses none.
- Cell 0 is made a slide if it is empty or a subslide; a ``notes`` cell is attached to the slide,
  subslide or fragment before it (and to nothing if none is before it).

The course adds: a ``## `` heading opens a slide or subslide (so a section never starts mid-slide),
notes (the teacher hints) are markdown, and a cell that opens an explorer or draws a figure is shown.

Run ``python tests/test_slides.py --fix [notebooks ...]`` to rewrite ``"-"`` as ``""`` in place.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted([*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "notebooks" / "solutions").glob("*.ipynb")])

#: The values jupyterlab-slideshow's ``switch`` handles; ``""`` is read as ``null`` (continue the slide).
DECK_TYPES = ("slide", "subslide", "fragment", "skip", "notes", "")
LAYER_SCOPES = ("deck", "stack", "slide", "fragment")
HIDDEN = ("skip", "notes")


def _ids(paths):
    return [str(p.relative_to(ROOT / "notebooks")) for p in paths]


def _types(nb):
    return [cell.metadata.get("slideshow", {}).get("slide_type") for cell in nb.cells]


def test_there_are_notebooks_to_check():
    assert (ROOT / "notebooks" / "00_guide.ipynb") in NOTEBOOKS
    assert any(p.parent.name == "solutions" for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_every_cell_has_a_slide_type_the_deck_understands(path):
    nb = nbformat.read(path, as_version=4)
    types = _types(nb)
    dashes = [i for i, t in enumerate(types) if t == "-"]
    assert not dashes, (
        f'cells {dashes} are "-": jupyterlab-slideshow never shows them; write "" '
        f"(python tests/test_slides.py --fix {path.relative_to(ROOT)})"
    )
    unknown = {i: t for i, t in enumerate(types) if t not in DECK_TYPES}
    assert not unknown, f"slide_type must be one of {DECK_TYPES}: {unknown}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_the_deck_opens_on_the_title_and_sections_open_slides(path):
    nb = nbformat.read(path, as_version=4)
    types = _types(nb)
    assert types[0] == "slide" and nb.cells[0].cell_type == "markdown"
    late = [
        (i, cell.source.splitlines()[0][:30])
        for i, (cell, t) in enumerate(zip(nb.cells, types))
        if cell.cell_type == "markdown" and cell.source.startswith("## ") and t not in ("slide", "subslide")
    ]
    assert not late, f"a ## heading starts a slide or subslide: {late}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notes_are_markdown_after_a_shown_cell(path):
    nb = nbformat.read(path, as_version=4)
    types = _types(nb)
    for i, (cell, t) in enumerate(zip(nb.cells, types)):
        if t == "notes":
            assert cell.cell_type == "markdown", f"cell {i}: notes (teacher hints) are markdown"
            assert any(u not in HIDDEN for u in types[:i]), f"cell {i}: a note needs a slide before it"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_explorers_and_figures_are_shown_and_no_layers(path):
    nb = nbformat.read(path, as_version=4)
    for i, (cell, t) in enumerate(zip(nb.cells, _types(nb))):
        layer = cell.metadata.get("jupyterlab-slideshow", {}).get("layer")
        assert layer is None or layer in LAYER_SCOPES, f"cell {i}: unknown layer {layer!r}"
        if cell.cell_type == "code" and re.search(r"\b\w+_explorer\(|\bplot_\w+\(", cell.source):
            assert t not in HIDDEN, f"cell {i} shows an explorer or a figure but is {t!r}"


def test_nbconvert_reads_empty_as_continue_like_dash():
    """The reveal.js slides (nbconvert) cut a deck the same way with "" as with "-"."""
    from nbconvert.exporters.slides import _RevealMetadataPreprocessor

    def cuts(continue_as):
        types = ["slide", continue_as, "fragment", continue_as, "subslide", continue_as, "notes", "slide", continue_as]
        cells = [nbformat.v4.new_markdown_cell(f"{i}", metadata={"slideshow": {"slide_type": t}}) for i, t in enumerate(types)]
        nb, _ = _RevealMetadataPreprocessor().preprocess(nbformat.v4.new_notebook(cells=cells), {})
        keys = ("slide_start", "subslide_start", "fragment_start", "fragment_end", "subslide_end", "slide_end")
        return [tuple(bool(c.metadata.get(k)) for k in keys) for c in nb.cells]

    assert cuts("") == cuts("-")


def fix(paths):
    """Rewrite ``"slide_type": "-"`` as ``""`` in place, keeping everything else byte for byte."""
    changed = []
    for path in map(Path, paths):
        text = path.read_text(encoding="utf-8")
        new = re.sub(r'("slide_type":\s*)"-"', r'\1""', text)
        if new != text:
            json.loads(new)  # still a notebook
            path.write_text(new, encoding="utf-8")
            changed.append(str(path))
    return changed


if __name__ == "__main__":
    if sys.argv[1:2] != ["--fix"]:
        sys.exit("usage: python tests/test_slides.py --fix [notebook.ipynb ...] (default: every notebook)")
    for name in fix(sys.argv[2:] or NOTEBOOKS):
        print("fixed", name)
