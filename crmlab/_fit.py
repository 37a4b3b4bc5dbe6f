"""What crmlab's fitted models share (拟合结果的共同部分): checks, parameter table, repr and the optimiser.

Every fitted model (:class:`crmlab.btyd.BGNBDFit`, :class:`crmlab.btyd.GammaGammaFit`,
:class:`crmlab.retention.SBGFit`) is a frozen dataclass with its parameters, ``loglik``,
``n_customers``, ``std_errors``, ``converged`` and ``note``; :class:`FittedModel` gives it
``params``, ``summary()``, a short repr and the checks of a fit built by hand. :func:`maximise`
is the one place where crmlab calls an optimiser: L-BFGS-B from several starting points, with
one BLAS thread (scipy >= 1.15's L-BFGS-B is many times slower on small problems with a
multithreaded OpenBLAS, scipy issues #22438 and #23191) and without numpy's or scipy's
RuntimeWarnings reaching the student.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import pandas as pd

from ._validation import CrmlabInputError, CrmlabTypeError, fmt
from .glossary import TERMS_ATTR

if TYPE_CHECKING:  # scipy.optimize is imported when a model is fitted: it adds ~0.5 s to `import crmlab`
    from scipy.optimize import OptimizeResult

__all__ = ["LOG_BOUND", "RUNAWAY", "VAGUE", "FittedModel", "compare_fits", "one_blas_thread", "maximise", "std_errors", "param_table", "runaway_note"]

#: Bound of every log parameter while optimising (data are rescaled so that sensible parameters are near 1).
LOG_BOUND = 20.0
#: A log parameter beyond ±15 at the maximum (a parameter above 3 million or below 3e-7) has run away.
RUNAWAY = 15.0
#: A parameter whose standard error exceeds this many times its estimate is not determined by the data.
VAGUE = 3.0


@lru_cache(maxsize=1)
def _controller() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()  # inspects the loaded libraries once (numpy's and scipy's OpenBLAS)


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Limit BLAS to one thread inside the ``with`` block; the previous limits are restored afterwards.

    Examples
    --------
    >>> with one_blas_thread():
    ...     float(np.ones(3) @ np.ones(3))
    3.0
    """
    with _controller().limit(limits=1, user_api="blas"):
        yield


def maximise(
    objective: Callable[..., tuple[float, np.ndarray]], starts: Sequence[Sequence[float]], args: tuple = ()
) -> tuple[OptimizeResult, bool]:
    """Minimise ``objective`` (value and gradient) over log parameters from the starts in turn; the best run, and whether it converged.

    The starts are tried in order until a run converges cleanly: L-BFGS-B
    reports success at a finite value, every log parameter is inside
    ±:data:`RUNAWAY` and the standard errors are finite and not vague (the
    later starts are there for the data where that does not happen, e.g. a
    maximum at infinity or a flat ridge). A run counts as converged when L-BFGS-B reports success at
    (nearly) the best value found. All runs happen with one BLAS thread and
    with numpy's floating-point warnings silenced (the objectives handle
    infinities themselves).

    Examples
    --------
    >>> best, ok = maximise(lambda p: (float((p[0] - 1) ** 2), 2 * (p - 1)), [[0.0], [3.0]])
    >>> round(float(best.x[0]), 6), ok
    (1.0, True)
    """
    from scipy.optimize import minimize

    with one_blas_thread(), np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        runs = []
        for start in starts:
            res = minimize(objective, np.asarray(start, dtype=float), args=args, jac=True, method="L-BFGS-B",
                           bounds=[(-LOG_BOUND, LOG_BOUND)] * len(start), options={"maxiter": 2000, "ftol": 1e-13, "gtol": 1e-9})  # fmt: skip
            runs.append(res)
            if _clean(res, objective, args):
                break  # a proper maximum inside the parameter space: the other starts would find it again
    finite = [res for res in runs if np.isfinite(res.fun)] or runs
    best = min(finite, key=lambda res: res.fun)
    converged = bool(np.isfinite(best.fun)) and any(
        res.success and res.fun <= best.fun + 1e-9 * max(1.0, abs(best.fun)) for res in finite
    )
    return best, converged


def _clean(res: OptimizeResult, objective: Callable[..., tuple[float, np.ndarray]], args: tuple) -> bool:
    """Whether a run ended at a proper maximum: success, finite, inside ±RUNAWAY, with finite and not vague standard errors."""
    if not (res.success and np.isfinite(res.fun) and np.all(np.abs(res.x) < RUNAWAY)):
        return False
    errors = std_errors(lambda p: objective(p, *args)[1], res.x)
    return not runaway_note(res, [str(i) for i in range(len(res.x))], errors)


def std_errors(gradient: Callable[[np.ndarray], np.ndarray], log_theta: np.ndarray) -> np.ndarray:
    """Standard errors of the natural parameters from the Hessian of the negative log-likelihood in log space.

    The Hessian is the central difference of the analytic gradient; NaN when it is
    not positive definite (the maximum is not a proper one).

    Examples
    --------
    >>> std_errors(lambda p: 2 * (p - 0.0), np.zeros(1)).round(6)  # -log L = (log θ)^2 at θ = 1: var = 1/2
    array([0.707107])
    """
    k = len(log_theta)
    h = 1e-5
    hess = np.empty((k, k))
    with np.errstate(all="ignore"):
        for i in range(k):
            step = np.zeros(k)
            step[i] = h
            hess[:, i] = (gradient(log_theta + step) - gradient(log_theta - step)) / (2 * h)
        hess = (hess + hess.T) / 2
        if not np.isfinite(hess).all() or np.any(np.linalg.eigvalsh(hess) <= 0):
            return np.full(k, np.nan)
        theta = np.exp(log_theta)
        cov = np.linalg.inv(hess) * np.outer(theta, theta)  # delta method: d theta = theta d log(theta)
    return np.sqrt(np.clip(np.diag(cov), 0, None))


def param_table(names: Sequence[str], values: Sequence[float], errors: Sequence[float]) -> pd.DataFrame:
    """Estimates, standard errors and 95% intervals (normal approximation), one row per parameter.

    Examples
    --------
    >>> param_table(["r"], [0.25], [0.01]).round(4).values.tolist()
    [[0.25, 0.01, 0.2304, 0.2696]]
    """
    v = np.asarray(values, dtype=float)
    e = np.asarray(errors, dtype=float)
    return pd.DataFrame({"estimate": v, "std_error": e, "lower_95": v - 1.959964 * e, "upper_95": v + 1.959964 * e},
                        index=pd.Index(list(names), name="parameter"))  # fmt: skip


def runaway_note(best: OptimizeResult, names: Sequence[str], errors: np.ndarray) -> str:
    """A sentence saying why a maximum is not a proper estimate (a parameter runs away, or no standard errors); ``""`` if it is.

    The standard errors must be those of the parameters ``exp(best.x)``.

    Examples
    --------
    >>> from scipy.optimize import OptimizeResult
    >>> runaway_note(OptimizeResult(x=np.array([0.0, 19.5])), ["alpha", "beta"], np.array([0.1, np.nan]))
    '参数 beta 趋向无穷大，似然函数在参数空间内部没有最大值，估计值没有意义（数据不足以识别这个模型，或者数据中看不出客户之间的差异）。'
    """
    at_bound = [name for name, v in zip(names, best.x) if abs(v) > RUNAWAY]
    if at_bound:
        direction = "无穷大" if best.x[list(names).index(at_bound[0])] > 0 else "0"
        return (
            f"参数 {'、'.join(at_bound)} 趋向{direction}，似然函数在参数空间内部没有最大值，估计值没有意义"
            "（数据不足以识别这个模型，或者数据中看不出客户之间的差异）。"
        )
    if not np.isfinite(errors).all():
        return "似然函数在最大值处不是严格凹的（标准误无法计算）：数据不足以确定全部参数（模型不可识别）。"
    vague = [name for name, v, e in zip(names, best.x, errors) if e > VAGUE * math.exp(v)]
    if vague:
        return (
            f"参数 {'、'.join(vague)} 的标准误超过估计值的 {VAGUE:g} 倍：数据几乎不能确定它们"
            "（模型近似不可识别，或者数据中看不出客户之间的差异）。"
        )
    return ""


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


class FittedModel:
    """Mixin of the fitted-model dataclasses: ``params``, ``summary()``, a short repr and the checks of the fields.

    A subclass names its parameters in ``_PARAMETERS`` and its model in
    ``_MODEL``, and calls :meth:`_check_fields` from ``__post_init__``.
    """

    _PARAMETERS: ClassVar[tuple[str, ...]] = ()
    _MODEL: ClassVar[str] = ""
    #: Term set of the chapter that uses the model (see :func:`crmlab.glossary.with_terms`), if any.
    _TERM_SET: ClassVar[str | None] = None

    @property
    def params(self) -> dict[str, float]:
        """The estimated parameters by name.

        Examples
        --------
        >>> from crmlab.retention import SBGFit
        >>> SBGFit(alpha=0.7, beta=1.2, loglik=-10.0, survivors=(1000.0, 800.0)).params
        {'alpha': 0.7, 'beta': 1.2}
        """
        return {name: getattr(self, name) for name in self._PARAMETERS}

    def summary(self) -> pd.DataFrame:
        """Estimates, standard errors and 95% intervals, one row per parameter (参数估计表).

        ``attrs`` records ``loglik``, ``n_customers``, ``converged`` and
        ``note`` (a sentence in Chinese).

        Examples
        --------
        >>> from crmlab.retention import SBGFit
        >>> fit = SBGFit(alpha=0.7, beta=1.2, loglik=-10.0, survivors=(1000.0, 800.0), std_errors=(0.1, 0.2))
        >>> fit.summary().round(3)
                   estimate  std_error  lower_95  upper_95
        parameter
        alpha           0.7        0.1     0.504     0.896
        beta            1.2        0.2     0.808     1.592
        >>> fit.summary().attrs["note"]
        'sBG 模型：1,000 位客户，对数似然 -10.00，已收敛。'
        """
        table = param_table(self._PARAMETERS, list(self.params.values()), self.std_errors)
        status = "已收敛" if self.converged else f"未收敛：{self.note}" if self.note else "未收敛"
        note = f"{self._MODEL} 模型：{self.n_customers:,.0f} 位客户，对数似然 {self.loglik:.2f}，{status}"
        table.attrs.update(loglik=self.loglik, n_customers=self.n_customers, converged=self.converged, note=note.rstrip("。") + "。")
        if self._TERM_SET is not None:
            table.attrs[TERMS_ATTR] = self._TERM_SET
        return table

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={value:.6g}" for name, value in self.params.items())
        text = f"{type(self).__name__}({values}, loglik={self.loglik:.6g}, n_customers={self.n_customers:g}, converged={self.converged}"
        return text + (f", note={self.note!r})" if self.note else ")")

    # ------------------------------------------------------------- checks

    def _check_fields(self) -> None:
        """Check the fields of a fit (built by :func:`fit_*` or by hand) and store the numbers as floats."""
        model = self._MODEL
        for name in self._PARAMETERS:
            value = getattr(self, name)
            if not _is_number(value):
                raise CrmlabTypeError(
                    name, f"{model} 模型参数 {name} 必须是数字，收到 {value!r}", f"{model} parameter {name} must be a number, got {value!r}"
                )
            if not (math.isfinite(value) and value > 0):
                raise CrmlabInputError(
                    name,
                    f"{model} 模型参数 {name} 必须是大于 0 的有限数，收到 {fmt(value)}",
                    f"{model} parameter {name} must be a positive finite number, got {fmt(value)}",
                )
            object.__setattr__(self, name, float(value))
        loglik = self.loglik
        if not _is_number(loglik) or math.isinf(loglik):
            raise CrmlabInputError(
                "loglik",
                f"对数似然 loglik 必须是有限的数（手工构造时可以用 float('nan')），收到 {loglik!r}",
                f"loglik must be a finite number (or nan for a fit built by hand), got {loglik!r}",
            )
        object.__setattr__(self, "loglik", float(loglik))
        errors = self.std_errors
        if (
            isinstance(errors, (str, bytes))
            or not isinstance(errors, Sequence | np.ndarray)
            or len(errors) != len(self._PARAMETERS)
            or not all(_is_number(e) and (math.isnan(e) or 0 <= e < math.inf) for e in errors)
        ):
            raise CrmlabInputError(
                "std_errors",
                f"标准误 std_errors 必须是 {len(self._PARAMETERS)} 个非负数（未知时为 nan），依次对应 {'、'.join(self._PARAMETERS)}，收到 {errors!r}",
                f"std_errors must be {len(self._PARAMETERS)} non-negative numbers (nan when unknown), got {errors!r}",
            )
        object.__setattr__(self, "std_errors", tuple(float(e) for e in errors))
        if not isinstance(self.converged, (bool, np.bool_)):
            raise CrmlabTypeError("converged", f"converged 必须是 True 或 False，收到 {self.converged!r}", "converged must be True or False")
        object.__setattr__(self, "converged", bool(self.converged))
        if not isinstance(self.note, str):
            raise CrmlabTypeError("note", f"note 必须是文字，收到 {self.note!r}", "note must be a string")

    @staticmethod
    def _check_count(name: str, value: Any, low: int) -> int:
        if not _is_number(value) or not math.isfinite(value) or value != int(value) or value < low:
            zh = {"n_customers": "客户数", "n_excluded": "未参与拟合的客户数"}.get(name, "")
            raise CrmlabInputError(
                name,
                f"{zh} {name} 必须是不小于 {low} 的整数，收到 {value!r}".strip(),
                f"{name} must be a whole number of at least {low}, got {value!r}",
            )
        return int(value)


def compare_fits(fits: Mapping[str, FittedModel]) -> pd.DataFrame:
    """One row per fitted model: its estimates, their standard errors, log-likelihood, customers, convergence (模型对比表).

    The fits must be of the same model (the same parameters). The columns are the
    parameters, then ``<parameter>_se`` for each standard error, then ``loglik``,
    ``n_customers`` and ``status`` (“已收敛”, or “未收敛：” and the reason); the row labels
    are the keys of ``fits``.

    Examples
    --------
    >>> from crmlab.retention import SBGFit
    >>> a = SBGFit(alpha=0.7, beta=1.2, loglik=-10.0, survivors=(1000.0, 800.0), std_errors=(0.1, 0.2))
    >>> b = SBGFit(alpha=1.5, beta=3.0, loglik=-12.5, survivors=(500.0, 450.0), std_errors=(0.3, 0.6))
    >>> compare_fits({"A": a, "B": b})[["alpha", "alpha_se", "loglik", "n_customers"]]
       alpha  alpha_se  loglik  n_customers
    A    0.7       0.1   -10.0         1000
    B    1.5       0.3   -12.5          500
    """
    if not isinstance(fits, Mapping) or not fits:
        raise CrmlabTypeError(
            "fits", "fits 必须是“名称 → 拟合结果”的非空字典，例如 {'普通客户': fit}", f"fits must be a non-empty dict of name -> fitted model, got {type(fits).__name__}"
        )
    kinds = {type(fit) for fit in fits.values()}
    if not all(isinstance(fit, FittedModel) for fit in fits.values()) or len(kinds) != 1:
        raise CrmlabTypeError(
            "fits", "fits 中的拟合结果必须来自同一个模型（同一种 fit_* 函数）", "fits must all be fitted models of the same kind"
        )
    rows = {}
    for name, fit in fits.items():
        row: dict[str, Any] = dict(fit.params)
        row.update({f"{p}_se": se for p, se in zip(fit._PARAMETERS, fit.std_errors)})
        status = "已收敛" if fit.converged else (f"未收敛：{fit.note}" if fit.note else "未收敛")
        row.update(loglik=fit.loglik, n_customers=fit.n_customers, status=status)
        rows[name] = row
    return pd.DataFrame.from_dict(rows, orient="index")
