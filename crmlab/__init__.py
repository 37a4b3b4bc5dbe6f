"""crmlab: the calculations behind the crmlab course on customer relationship management analytics.

Calculation modules (``clv``, ``datasets``, ...) are pure functions returning
small frozen dataclasses or DataFrames; they never import matplotlib or
ipywidgets. Figures live in :mod:`crmlab.plotting`, slider explorers in
:mod:`crmlab.widgets`, self-checks for the exercises in :mod:`crmlab.exercises`.
"""

from ._validation import CrmlabInputError, CrmlabTypeError

__version__ = "0.1.0"
__all__ = ["CrmlabInputError", "CrmlabTypeError", "__version__"]
