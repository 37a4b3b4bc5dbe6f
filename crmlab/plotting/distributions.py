"""Figures of appendix B (概率分布与最大似然): distributions side by side, a likelihood curve."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes

from .._validation import CrmlabInputError, _label
from ..distributions import ChurnLikelihood, Distribution
from ..glossary import term
from ._style import CLASS_COLORS, _axes

__all__ = ["plot_distributions", "plot_likelihood"]


def plot_distributions(
    distributions: Distribution | Mapping[str, Distribution],
    ax: Axes | None = None,
    *,
    title: str | None = None,
    values: Sequence[float] | None = None,
) -> Axes:
    """One or several distributions on one Axes: bars for counts and periods, curves for rates and times (概率分布图).

    ``distributions`` is one :class:`~crmlab.distributions.Distribution` or a
    mapping of legend labels to distributions, all discrete or all continuous. A
    dotted vertical line marks each mean. A density that shoots up near 0 (a gamma
    with ``r < 1``) is cut at the top so that the rest stays readable. ``values``
    (optional) is where every distribution is evaluated; by default each uses
    its own :meth:`~crmlab.distributions.Distribution.table`.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.distributions import distribution
    >>> ax = plot_distributions({"λ = 1": distribution("poisson", purchase_rate=1),
    ...                          "λ = 3": distribution("poisson", purchase_rate=3)})
    >>> len(ax.patches) > 0, [t.get_text() for t in ax.get_legend().get_texts()]
    (True, ['λ = 1（平均 1）', 'λ = 3（平均 3）'])
    >>> ax.get_ylabel()
    '概率'
    """
    if isinstance(distributions, Distribution):
        distributions = {distributions.label: distributions}
    items = list(distributions.items())
    if not items or not all(isinstance(d, Distribution) for _, d in items):
        raise CrmlabInputError(
            "distributions",
            f"{_label('distributions')} 必须是一个分布，或以图例文字为键、分布为值的字典",
            "distributions must be a Distribution or a mapping of them",
        )
    if len({d.discrete for _, d in items}) > 1:
        raise CrmlabInputError(
            "distributions", "离散分布（次数、期数）和连续分布（速率、时间）请分两张图画", "draw discrete and continuous distributions on separate axes"
        )
    ax = _axes(ax)
    discrete = items[0][1].discrete
    width = 0.8 / len(items)
    top = 0.0
    for k, (label, d) in enumerate(items):
        color = CLASS_COLORS[k % len(CLASS_COLORS)]
        table = d.table(values)
        legend = f"{label}（平均 {d.mean:.3g}）"
        if discrete:
            offset = (k - (len(items) - 1) / 2) * width
            ax.bar(table["value"] + offset, table["probability"], width=width, color=color, label=legend)
            top = max(top, float(table["probability"].max()))
        else:
            density = table["density"].to_numpy()
            ax.plot(table["value"], density, color=color, linewidth=2.5, label=legend)
            typical = float(np.percentile(density, 90))
            top = max(top, min(float(density.max()), 3 * typical))
        ax.axvline(d.mean, color=color, linestyle=":", linewidth=1.5)
    ax.set_ylim(0, top * 1.15)
    ax.set_ylabel(term("probability" if discrete else "density", "distributions"))
    ax.set_xlabel(term("value", "distributions"))
    ax.legend()
    if title is not None:
        ax.set_title(title)
    return ax


def plot_likelihood(result: ChurnLikelihood, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """The log-likelihood of the churn probability θ over its grid, with the maximum marked (似然函数).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlab.distributions import churn_likelihood
    >>> ax = plot_likelihood(churn_likelihood([10, 7, 5, 4]))
    >>> ax.get_xlabel(), ax.get_title()
    ('流失概率 θ', '最大似然估计：θ = 6 / 22 = 0.273')
    """
    ax = _axes(ax)
    table = result.table
    ax.plot(table["churn_rate"], table["log_likelihood"], color=CLASS_COLORS[3], linewidth=2.5)
    low = result.loglik - max(30.0, 0.02 * abs(result.loglik))
    ax.set_ylim(low, result.loglik + 0.08 * (result.loglik - low))
    ax.axvline(result.churn_rate, color=CLASS_COLORS[5], linestyle="--", linewidth=1.5)
    ax.plot([result.churn_rate], [result.loglik], "o", color=CLASS_COLORS[5], markersize=9)
    ax.set_xlim(0, 1)
    ax.set_xlabel(term("churn_rate", "distributions"))
    ax.set_ylabel(term("log_likelihood", "distributions"))
    headline = f"最大似然估计：θ = {result.churned:,} / {result.exposure:,} = {result.churn_rate:.3f}"
    ax.set_title(headline if title is None else f"{headline}\n{title}")
    return ax
