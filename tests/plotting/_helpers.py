"""Helpers of the figure tests."""

import warnings


def draw_without_missing_glyphs(fig):
    """Draw the figure, failing on matplotlib's "Glyph ... missing from font" warning."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r".*Glyph .* missing from")
        fig.canvas.draw()
