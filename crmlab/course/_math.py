"""Formulas rendered to MathML at build time (Chromium draws MathML Core natively: no MathJax to ship).

Markdown math (``$...$``, ``$$...$$``, outside code) is swapped for a placeholder before the markdown is
converted, so the converter never sees LaTeX, and the placeholder is swapped for MathML afterwards.
A formula latex2mathml cannot convert is shown as its LaTeX source in a ``<code>`` (without the
dollars) and reported.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ._deps import require

#: a fenced block or code span (left alone), display math, inline math
_MATH = re.compile(r"(```.*?```|`[^`\n]+`)|\$\$(.+?)\$\$|(?<![\\$])\$([^$\n]+?)\$", flags=re.S)
_TOKEN = re.compile(r"CRMLABMATH(\d+)X")


def latex_to_mathml(latex: str, *, display: bool = False) -> str:
    """MathML for ``latex`` (no namespace attribute: HTML5 needs none), with the source as ``alttext``."""
    converter = require("latex2mathml.converter")
    mathml = converter.convert(latex.strip(), display="block" if display else "inline")
    mathml = mathml.replace(' xmlns="http://www.w3.org/1998/Math/MathML"', "", 1)
    return mathml.replace("<math", f'<math alttext="{html.escape(latex.strip(), quote=True)}"', 1)


@dataclass
class MathStore:
    """Formulas taken out of markdown, by placeholder number; ``failed`` lists the LaTeX not converted."""

    formulas: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def protect(self, markdown: str) -> str:
        """Replace each formula in ``markdown`` by a placeholder that markdown leaves alone."""

        def swap(match: re.Match) -> str:
            if match.group(1):
                return match.group(0)
            display = match.group(2) is not None
            latex = match.group(2) if display else match.group(3)
            try:
                rendered = latex_to_mathml(latex, display=display)
            except ImportError:
                raise
            except Exception:  # latex2mathml raises assorted exceptions on macros it does not know
                self.failed.append(latex.strip())
                rendered = f'<code class="crmlab-latex">{html.escape(latex.strip())}</code>'
            self.formulas.append(rendered)
            return f"CRMLABMATH{len(self.formulas) - 1}X"

        return _MATH.sub(swap, markdown)

    def restore(self, text: str) -> str:
        """Put the MathML back in place of the placeholders in converted ``text``."""
        return _TOKEN.sub(lambda m: self.formulas[int(m.group(1))], text)


def markdown_to_html(markdown: str, store: MathStore | None = None) -> str:
    """HTML for a markdown text with its formulas as MathML (nbconvert's own markdown converter)."""
    from nbconvert.filters.markdown import markdown2html

    store = store if store is not None else MathStore()
    return store.restore(markdown2html(store.protect(markdown)))
