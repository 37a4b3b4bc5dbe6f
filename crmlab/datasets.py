"""The course's data sets (课程数据), read from the package ``crmlab.data``.

Files are found with :mod:`importlib.resources`, so they load the same way from
a wheel, an editable install or any working directory. ``data/README.md``
describes the source, licence and every column of each file.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

import pandas as pd

from ._validation import CrmlabInputError

__all__ = ["data_path", "course_map", "zhangsan", "zhangsan_case", "zhangsan_printed", "streamnow_members"]


def data_path(name: str):
    """Return a :class:`importlib.resources` traversable for a file in ``crmlab.data``.

    Examples
    --------
    >>> data_path("zhangsan.toml").is_file()
    True
    """
    path = resources.files("crmlab.data") / name
    if not path.is_file():
        available = sorted(p.name for p in resources.files("crmlab.data").iterdir() if p.is_file())
        raise CrmlabInputError(
            "name",
            f"课程数据中没有文件 {name!r}; 现有文件: {', '.join(available)}",
            f"no data file {name!r} in crmlab.data",
        )
    return path


def course_map() -> pd.DataFrame:
    """The chapters of the course: notebook, crmlab module, source documents and status (课程地图).

    ``status`` is ``"ready"`` for a chapter that can be studied now and
    ``"planned"`` for one still being written.

    Examples
    --------
    >>> m = course_map()
    >>> m.loc[m["chapter"] == 5, "notebook"].item()
    '05_clv_zhangsan.ipynb'
    """
    with data_path("course_map.csv").open("r", encoding="utf-8") as f:
        frame = pd.read_csv(f, dtype={"module": "str", "sources": "str"}, keep_default_na=False)
    return frame


def _zhangsan_file() -> dict[str, Any]:
    with data_path("zhangsan.toml").open("rb") as f:
        return tomllib.load(f)


def zhangsan() -> dict[str, Any]:
    """Parameters of the textbook's 张三 case, as keyword arguments of :func:`crmlab.clv.clv_breakdown`.

    A new dict on every call, so a caller may change it freely.

    Examples
    --------
    >>> from crmlab.clv import clv_breakdown
    >>> p = zhangsan()
    >>> p["annual_revenue"], p["churn_rate"], p["discount_rate"]
    (2400, 0.2, 0.1)
    >>> round(clv_breakdown(**p).total, 2)
    8866.86
    """
    return dict(_zhangsan_file()["parameters"])


def zhangsan_case() -> dict[str, Any]:
    """Facts of the 张三 case as the textbook states them (platform, plans, fees).

    Examples
    --------
    >>> c = zhangsan_case()
    >>> c["upgrade_plan_fee"] - c["plan_fee"] == zhangsan()["upsell_revenue"]
    True
    """
    return dict(_zhangsan_file()["case"])


def zhangsan_printed() -> dict[str, Any]:
    """Every figure of the 张三 example exactly as printed in the textbook (rounded as printed).

    Examples
    --------
    >>> zhangsan_printed()["total"]
    8865
    """
    return dict(_zhangsan_file()["printed"])


_MEMBER_COLUMNS = {
    "customer_id": "str",
    "name": "str",
    "plan": "str",
    "annual_revenue": "float",
    "years_active": "float",
    "churn_rate": "float",
    "upsell_revenue": "float",
    "upsell_probability": "float",
    "referrals_per_year": "float",
    "referral_cost": "float",
    "cac": "float",
}


def streamnow_members() -> pd.DataFrame:
    """Twelve invented members of the textbook's StreamNow platform, 张三 among them.

    Used for the five steps of CLV analysis. The platform-wide parameters are
    those of the 张三 case (margin 60%, discount rate 10%, 5-year horizon);
    the columns are described in ``data/README.md``.

    Examples
    --------
    >>> m = streamnow_members()
    >>> len(m), m.loc[m["name"] == "张三", "annual_revenue"].item()
    (12, 2400.0)
    """
    with data_path("streamnow_members.csv").open("r", encoding="utf-8") as f:
        frame = pd.read_csv(f, dtype={k: v for k, v in _MEMBER_COLUMNS.items() if v == "str"})
    missing = [c for c in _MEMBER_COLUMNS if c not in frame.columns]
    if missing:
        raise CrmlabInputError(missing[0], f"streamnow_members.csv 缺少列 {missing}", f"missing columns {missing}")
    for col, kind in _MEMBER_COLUMNS.items():
        if kind == "float":
            frame[col] = frame[col].astype(float)
    return frame[list(_MEMBER_COLUMNS)]
