"""crmlab.plotting.distributions: the figures of appendix B, on Agg."""

import pytest

from crmlab import CrmlabInputError, plotting
from crmlab.distributions import churn_likelihood, distribution

from ._helpers import draw_without_missing_glyphs


def test_plot_distributions_bars_and_curves():
    ax = plotting.plot_distributions(
        {"λ = 1": distribution("poisson", purchase_rate=1), "λ = 4": distribution("poisson", purchase_rate=4)}, title="泊松"
    )
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["λ = 1（平均 1）", "λ = 4（平均 4）"] and ax.get_title() == "泊松"
    assert [line.get_xdata()[0] for line in ax.lines] == [1.0, 4.0]  # the dotted means
    draw_without_missing_glyphs(ax.figure)
    gamma = distribution("gamma", r=0.243, alpha=4.414)  # density shoots up near 0: the top is cut
    ax2 = plotting.plot_distributions(gamma)
    assert ax2.get_ylabel() == "概率密度" and ax2.get_ylim()[1] < gamma.table()["density"].max()
    draw_without_missing_glyphs(ax2.figure)


def test_plot_distributions_refuses_mixing_kinds():
    with pytest.raises(CrmlabInputError, match="分两张图"):
        plotting.plot_distributions({"a": distribution("poisson", purchase_rate=1), "b": distribution("exponential", purchase_rate=1)})


def test_plot_likelihood_marks_the_maximum():
    fit = churn_likelihood([10, 7, 5, 4])
    ax = plotting.plot_likelihood(fit)
    assert ax.get_title() == "最大似然估计：θ = 6 / 22 = 0.273"
    marker = ax.lines[-1]
    assert (marker.get_xdata()[0], marker.get_ydata()[0]) == pytest.approx((fit.churn_rate, fit.loglik))
    draw_without_missing_glyphs(ax.figure)
