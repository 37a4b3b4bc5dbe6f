"""The course's data sets (课程数据), read from the package ``crmlab.data``.

Files are found with :mod:`importlib.resources`, so they load the same way from
a wheel, an editable install or any working directory. ``data/README.md``
describes the source, licence and every column of each file.
"""

from __future__ import annotations

import io
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from . import _shop
from ._validation import (
    CrmlabInputError,
    CrmlabTypeError,
    check_number,
    check_transactions,
)

__all__ = [
    "data_path",
    "course_map",
    "zhangsan",
    "zhangsan_case",
    "zhangsan_printed",
    "streamnow_members",
    "CourseShop",
    "make_course_shop",
    "make_transactions",
    "write_course_shop",
    "load_course_shop",
    "load_cdnow",
    "load_cdnow_summary",
    "describe_transactions",
    "compare_transactions",
    "customer_classes",
    "value_types",
    "value_type_cases",
    "xiaolin_cup",
    "xiaolin_case",
    "rfm_segment_notes",
    "rfm_strategies",
    "fader_hardie_2007",
    "btyd_published",
    "streamnow_cohort",
    "lifecycle_stage_notes",
    "lifecycle_pattern_notes",
    "journey_stage_notes",
]


def data_path(name: str):
    """Return a :class:`importlib.resources` traversable for a file in ``crmlab.data``.

    Examples
    --------
    >>> data_path("zhangsan.toml").is_file()
    True
    """
    if not isinstance(name, str) or "/" in name or "\\" in name or name.startswith("."):
        raise CrmlabInputError(
            "name", f"name 必须是 crmlab.data 里的一个文件名，例如 \"zhangsan.toml\"，收到 {name!r}", f"name must be a file name in crmlab.data, got {name!r}"
        )
    path = resources.files("crmlab.data") / name
    if not path.is_file():
        available = sorted(p.name for p in resources.files("crmlab.data").iterdir() if p.is_file())
        raise CrmlabInputError(
            "name",
            f"课程数据中没有文件 {name!r}；现有文件：{', '.join(available)}",
            f"no data file {name!r} in crmlab.data",
        )
    return path


def course_map() -> pd.DataFrame:
    """The chapters of the course: notebook, crmlab module, source documents and status (课程地图).

    ``chapter`` is the chapter's number as text (``"0"`` … ``"12"``), or a letter for
    an appendix (``"A"``, ``"B"``, ``"C"``). ``status`` is ``"ready"`` for a chapter that can be studied now and
    ``"planned"`` for one still being written. The table is tagged with the
    ``"course_map"`` term set, so ``label_columns(course_map())`` shows it in Chinese.

    Examples
    --------
    >>> m = course_map()
    >>> m.loc[m["chapter"] == "6", "notebook"].item()
    '06_clv_zhangsan.ipynb'
    >>> from crmlab.glossary import label_columns
    >>> label_columns(m).columns.tolist()[-1], label_columns(m)["状态"].iloc[0]
    ('状态', '已完成')
    """
    from .glossary import with_terms

    with data_path("course_map.csv").open("r", encoding="utf-8-sig") as f:
        frame = pd.read_csv(f, dtype={"chapter": "str", "module": "str", "sources": "str"}, keep_default_na=False)
    return with_terms(frame, "course_map")


def customer_classes(scheme: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Definition and strategy of each customer class of chapter 2 (客户类别与策略), from the sources.

    ``scheme`` selects one classification: ``"relationship"`` (消费者 / B2B /
    渠道 / 内部客户), ``"importance"``, ``"abc"``, ``"loyalty"``, ``"state"``,
    ``"tier"`` or ``"value_type"``, or a list of them (their rows in that
    order); ``None`` returns all. The columns (``class``, ``definition``,
    ``strategy``, ``source``) have glossary terms, so
    ``label_columns(customer_classes(...))`` shows them in Chinese.

    Examples
    --------
    >>> customer_classes("loyalty")["class"].tolist()
    ['潜在客户', '新客户', '老客户', '忠诚客户', '流失客户']
    >>> customer_classes(["abc", "importance"])["class"].tolist()
    ['A', 'B', 'C', '贵宾型', '重要型', '普通型']
    """
    with data_path("customer_classes.csv").open("r", encoding="utf-8-sig") as f:
        frame = pd.read_csv(f, dtype=str, keep_default_na=False)
    if scheme is None:
        return frame
    from ._validation import check_choice

    if not isinstance(scheme, (str, list, tuple)):
        raise CrmlabTypeError(
            "scheme", f"scheme 必须是分类名称或名称的列表，收到 {type(scheme).__name__}",
            f"scheme must be a classification name or a list of names, got {type(scheme).__name__}",
        )
    schemes = [scheme] if isinstance(scheme, str) else list(scheme)
    if not schemes:
        raise CrmlabInputError("scheme", "scheme 至少要有一种分类", "scheme needs at least one classification")
    for one in schemes:
        check_choice("scheme", one, list(dict.fromkeys(frame["scheme"])))
    parts = [frame[frame["scheme"] == one] for one in schemes]
    return pd.concat(parts).drop(columns="scheme").reset_index(drop=True)


def _csv(name: str) -> pd.DataFrame:
    with data_path(name).open("r", encoding="utf-8-sig") as f:
        return pd.read_csv(f, dtype=str, keep_default_na=False)


def value_types() -> pd.DataFrame:
    """The six value types of value to the customer, after Maslow's hierarchy of needs (六种客户价值).

    Columns ``value_type``, ``maslow_level``, ``core_appeal``,
    ``customer_questions``, ``firm_focus``, ``examples``; see ``data/README.md``.

    Examples
    --------
    >>> value_types()["value_type"].tolist()
    ['功能性价值', '信赖性价值', '社会性价值', '探知性价值', '美感性价值', '自我实现价值']
    """
    return _csv("value_types.csv")


def value_type_cases() -> pd.DataFrame:
    """Short cases, each illustrating one of the six value types (``case``, ``value_type``).

    Examples
    --------
    >>> set(value_type_cases()["value_type"]) == set(value_types()["value_type"])
    True
    """
    return _csv("value_type_cases.csv")


def rfm_segment_notes(scheme: str | None = None) -> pd.DataFrame:
    """Meaning and strategy of each RFM segment (RFM 分类的含义与策略), from ``data/rfm_segments.csv``.

    Examples
    --------
    >>> rfm_segment_notes("four")["segment"].tolist()
    ['高价值客户', '重要挽留客户', '新客户', '低价值客户']
    """
    frame = _csv("rfm_segments.csv")
    if scheme is None:
        return frame
    from ._validation import check_choice

    check_choice("scheme", scheme, list(dict.fromkeys(frame["scheme"])))
    return frame[frame["scheme"] == scheme].drop(columns="scheme").reset_index(drop=True)


def rfm_strategies(scheme: str) -> dict[str, str]:
    """Segment -> strategy for one RFM scheme (``"four"`` or ``"eight"``).

    Examples
    --------
    >>> rfm_strategies("eight")["重要价值客户"][:4]
    '重点保持'
    """
    from ._validation import check_choice

    check_choice("scheme", scheme, ["four", "eight"])
    notes = rfm_segment_notes(scheme)
    return dict(zip(notes["segment"], notes["strategy"]))


def lifecycle_stage_notes() -> pd.DataFrame:
    """The four lifecycle stages with their meaning, customer, goal, strategies and the 臻选咖啡 case (生命周期阶段与策略).

    Examples
    --------
    >>> lifecycle_stage_notes()["stage"].tolist()
    ['考察期', '形成期', '稳定期', '退化期']
    """
    return _csv("lifecycle_stages.csv")


def lifecycle_pattern_notes() -> pd.DataFrame:
    """The four lifecycle patterns with features, causes, what to watch out for and a case each (生命周期模式).

    Examples
    --------
    >>> lifecycle_pattern_notes()["pattern"].tolist()
    ['早期流产', '中途夭折', '提前退出', '长久保持']
    """
    return _csv("lifecycle_patterns.csv")


def journey_stage_notes() -> pd.DataFrame:
    """The five stages of the customer journey with goals, tasks and KPIs (客户旅程).

    Examples
    --------
    >>> journey_stage_notes()["stage"].tolist()
    ['到达', '获取', '转换', '保留', '流失']
    """
    return _csv("journey_stages.csv")


def fader_hardie_2007() -> pd.DataFrame:
    """Survivors of two cohorts of 1,000 customers over 12 years, from Fader & Hardie (2007).

    "Regular" and "high end" subscribers of a contractual service, as printed
    in Fader, P. S. & Hardie, B. G. S. (2007), How to project customer
    retention, *Journal of Interactive Marketing* 21(1), 76-90. The paper fits
    the sBG model to years 0-7 and checks its projections on years 8-12.

    Examples
    --------
    >>> fh = fader_hardie_2007()
    >>> fh["regular"].tolist()[:4], fh["high_end"].tolist()[-1]
    ([1000, 631, 468, 382], 394)
    """
    with data_path("fader_hardie_2007.csv").open("r", encoding="utf-8") as f:
        frame = pd.read_csv(f)
    if list(frame.columns) != ["year", "regular", "high_end"]:
        raise CrmlabInputError("fader_hardie_2007.csv", "列应为 year, regular, high_end", "unexpected columns")
    return frame.astype("int64")


def btyd_published() -> pd.DataFrame:
    """Published estimates of the BG/NBD and Gamma-Gamma models on the CDNOW sample (发表的参数估计).

    BG/NBD: Fader, Hardie & Lee (2005), "Counting your customers" the easy way,
    *Marketing Science* 24(2), fitted to the 2,357 customers over 39 weeks
    (time unit: weeks). Gamma-Gamma: Fader & Hardie (2013), "The Gamma-Gamma
    model of monetary value", on the 946 customers with repeat purchases.
    The values are as printed (rounded); chapter 10 compares crmlab's fits with them.

    Returns
    -------
    DataFrame
        ``model``, ``parameter``, ``value``, ``source``.

    Examples
    --------
    >>> p = btyd_published().set_index(["model", "parameter"])["value"]
    >>> p["BG/NBD", "r"], p["Gamma-Gamma", "gamma"]
    (np.float64(0.243), np.float64(15.44))
    """
    with data_path("btyd_published.csv").open("r", encoding="utf-8-sig") as f:
        frame = pd.read_csv(f)
    if list(frame.columns) != ["model", "parameter", "value", "source"]:
        raise CrmlabInputError("btyd_published.csv", "列应为 model, parameter, value, source", "unexpected columns")
    return frame


def streamnow_cohort() -> pd.DataFrame:
    """Members left of an (invented) cohort of 1,000 StreamNow 高级VIP members, year by year.

    Written for the course to match the 张三 case: about 20% leave in the
    first year, as the textbook's churn rate, but fewer in later years.

    Examples
    --------
    >>> streamnow_cohort()["members"].tolist()[:2]
    [1000, 804]
    """
    with data_path("streamnow_cohort.csv").open("r", encoding="utf-8") as f:
        frame = pd.read_csv(f)
    if list(frame.columns) != ["year", "members"]:
        raise CrmlabInputError("streamnow_cohort.csv", "列应为 year, members", "unexpected columns")
    return frame.astype("int64")


def _cup_file() -> dict[str, Any]:
    with data_path("xiaolin_cup.toml").open("rb") as f:
        return tomllib.load(f)


def xiaolin_cup(customer: str = "小林") -> dict[str, float]:
    """What a customer perceives of the 298-yuan smart coffee cup, as keyword arguments of
    :func:`crmlab.value.delivered_value` (yuan-equivalents; all but the price are the course's assumptions).

    ``customer`` is ``"小林"`` (the textbook's customer) or ``"小王"`` (a second,
    more sceptical customer, for comparing perceptions).

    Examples
    --------
    >>> from crmlab.value import delivered_value
    >>> delivered_value(**xiaolin_cup()).verdict, delivered_value(**xiaolin_cup("小王")).verdict
    ('物超所值', '不值')
    """
    customers = _cup_file()["customers"]
    if not isinstance(customer, str) or customer not in customers:
        raise CrmlabInputError(
            "customer", f"没有顾客 {customer!r}；可选：{', '.join(customers)}", f"no customer {customer!r}"
        )
    return dict(customers[customer])


def xiaolin_case() -> dict[str, Any]:
    """Facts of the coffee-cup case as the textbook states them (customer, company, product, price).

    Examples
    --------
    >>> xiaolin_case()["price"]
    298
    """
    return dict(_cup_file()["case"])


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
    with data_path("streamnow_members.csv").open("r", encoding="utf-8-sig") as f:
        frame = pd.read_csv(f, dtype={k: v for k, v in _MEMBER_COLUMNS.items() if v == "str"})
    missing = [c for c in _MEMBER_COLUMNS if c not in frame.columns]
    if missing:
        raise CrmlabInputError(missing[0], f"streamnow_members.csv 缺少列 {missing}", f"missing columns {missing}")
    for col, kind in _MEMBER_COLUMNS.items():
        if kind == "float":
            frame[col] = frame[col].astype(float)
    return frame[list(_MEMBER_COLUMNS)]


# ------------------------------------------------------------------ the course shop

SHOP_SEED = 2026
SHOP_CUSTOMERS = 2000
SHOP_PROSPECTS = 800

# column -> kind, for parsing and checking each table of the course shop
_SHOP_SCHEMA: dict[str, dict[str, str]] = {
    "customers": {
        "customer_id": "str",
        "lead_date": "date",
        "channel": "str",
        "targeted": "bool",
        "value_type": "str?",
        "pattern": "str?",
        "stage_at_end": "str?",
        "relationship_end": "date?",
        "won_back": "bool?",
    },
    "transactions": {
        "order_id": "str",
        "customer_id": "str",
        "date": "date",
        "quantity": "int",
        "amount": "float",
        "profit": "float",
    },
    "survey": {
        "customer_id": "str",
        "survey_date": "date",
        "price_sensitivity": "int",
        "novelty_seeking": "int",
        "brand_attention": "int",
        "nps": "int",
        "csat": "int",
    },
    "channels": {"quarter": "str", "channel": "str", "reach": "int", "spend": "int"},
}


@dataclass(frozen=True, eq=False)
class CourseShop:
    """The four tables of the simulated course shop (课程商店); columns in ``data/README.md``.

    Attributes
    ----------
    customers : DataFrame
        One row per person the shop met, prospects included.
    transactions : DataFrame
        One row per order.
    survey : DataFrame
        Answers of the customers who took the survey.
    channels : DataFrame
        Reach and marketing spend per quarter and channel.
    """

    customers: pd.DataFrame
    transactions: pd.DataFrame
    survey: pd.DataFrame
    channels: pd.DataFrame


def _parse(raw: bytes, table: str, source: str) -> pd.DataFrame:
    schema = _SHOP_SCHEMA[table]
    frame = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    missing = [c for c in schema if c not in frame.columns]
    if missing:
        raise CrmlabInputError(source, f"{source} 缺少列 {missing}", f"{source} has no column(s) {missing}")
    out = pd.DataFrame(index=frame.index)
    for column, kind in schema.items():
        text = frame[column]
        optional = kind.endswith("?")
        empty = text == ""
        if empty.any() and not optional:
            raise CrmlabInputError(
                column, f"{source} 的列 {column} 有 {int(empty.sum())} 行为空", f"{source}: column {column} has empty rows"
            )
        base = kind.rstrip("?")
        if base == "str":
            values = text.mask(empty) if optional else text  # empty optional text: missing (NaN), in pandas 2 and 3
        elif base == "date":
            values = pd.to_datetime(text.where(~empty, None), format="%Y-%m-%d", errors="coerce")
        elif base == "bool":
            values = text.map({"True": True, "False": False})
            values = values.astype("boolean") if optional else values
        elif base == "int":
            values = pd.to_numeric(text, errors="coerce")
        else:
            values = pd.to_numeric(text, errors="coerce").astype(float)
        bad = values.isna() & ~empty
        if bad.any():
            raise CrmlabInputError(
                column,
                f"{source} 的列 {column} 有 {int(bad.sum())} 行无法读成 {base}（例如 {text[bad].iloc[0]!r}）",
                f"{source}: column {column} has {int(bad.sum())} row(s) that are not {base}",
            )
        if base == "bool" and not optional:
            values = values.astype(bool)
        if base == "int":
            values = values.astype("int64")
        out[column] = values
    return out


#: Upper bound for ``n_customers`` and ``n_prospects`` of a simulated shop (the simulation runs in Python).
MAX_SHOP_PEOPLE = 200_000


def _shop_bytes(n_customers: int, n_prospects: int, seed: int) -> dict[str, bytes]:
    n_c = int(check_number("n_customers", n_customers, low=1, cap=MAX_SHOP_PEOPLE, integer=True))
    n_p = int(check_number("n_prospects", n_prospects, low=0, cap=MAX_SHOP_PEOPLE, integer=True))
    s = int(check_number("seed", seed, low=0, integer=True))
    tables = _shop.simulate(n_c, n_p, s)
    return {name: _shop.to_csv(getattr(tables, name)) for name in _SHOP_SCHEMA}


def make_course_shop(
    *, n_customers: int = SHOP_CUSTOMERS, n_prospects: int = SHOP_PROSPECTS, seed: int = SHOP_SEED
) -> CourseShop:
    """Simulate the course shop (课程商店): customers, orders, survey answers and channels.

    A small online shop over three years (2023-01-01 to 2025-12-31). Each buyer
    has a value-providing type (灯塔型 / 跟随型 / 理性型 / 逐利型) and follows one
    of the textbook's lifecycle patterns (早期流产 / 中途夭折 / 提前退出 /
    长久保持); some lapsed buyers come back (赢回); prospects never buy. The
    same seed always gives the same tables, byte for byte; the files in
    ``data/`` are ``make_course_shop()`` with the defaults (see
    :func:`write_course_shop`). The simulation is described in
    ``crmlab/_shop.py`` and ``data/README.md``.

    Parameters
    ----------
    n_customers : int, default 2000
        People who buy at least once.
    n_prospects : int, default 800
        People who never buy (潜在客户 and 目标客户).
    seed : int, default 2026
        Seed of the random stream.

    Examples
    --------
    >>> shop = make_course_shop(n_customers=20, n_prospects=5, seed=1)
    >>> len(shop.customers), shop.transactions["customer_id"].nunique()
    (25, 20)
    """
    raw = _shop_bytes(n_customers, n_prospects, seed)
    return CourseShop(**{name: _parse(data, name, f"course_shop_{name}") for name, data in raw.items()})


def make_transactions(*, n_customers: int = SHOP_CUSTOMERS, seed: int = SHOP_SEED) -> pd.DataFrame:
    """Only the orders of a simulated course shop (see :func:`make_course_shop`).

    Examples
    --------
    >>> t = make_transactions(n_customers=10, seed=3)
    >>> list(t.columns)
    ['order_id', 'customer_id', 'date', 'quantity', 'amount', 'profit']
    """
    return make_course_shop(n_customers=n_customers, n_prospects=0, seed=seed).transactions


def write_course_shop(
    directory: str | Path,
    *,
    n_customers: int = SHOP_CUSTOMERS,
    n_prospects: int = SHOP_PROSPECTS,
    seed: int = SHOP_SEED,
) -> list[Path]:
    """Write the course shop's four CSV files (UTF-8 with BOM, opens in Excel) into ``directory``.

    With the defaults this regenerates the committed files in ``data/``::

        python -c "from crmlab.datasets import write_course_shop; write_course_shop('data')"

    Returns the paths written.

    Examples
    --------
    A small shop (20 customers, 5 prospects) in a temporary folder:

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [p.name for p in write_course_shop(folder, n_customers=20, n_prospects=5)]
    ['course_shop_customers.csv', 'course_shop_transactions.csv', 'course_shop_survey.csv', 'course_shop_channels.csv']
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in _shop_bytes(n_customers, n_prospects, seed).items():
        path = folder / f"course_shop_{name}.csv"
        path.write_bytes(data)
        paths.append(path)
    return paths


def load_course_shop() -> CourseShop:
    """The course shop's four tables from ``data/`` (课程商店数据), checked and typed.

    Examples
    --------
    >>> shop = load_course_shop()
    >>> shop.transactions["date"].min().date().isoformat(), shop.transactions["date"].max().year
    ('2023-01-01', 2025)
    >>> int(shop.customers["pattern"].isna().sum())  # prospects have no pattern
    800
    """
    tables = {}
    for name in _SHOP_SCHEMA:
        file = f"course_shop_{name}.csv"
        tables[name] = _parse(data_path(file).read_bytes(), name, file)
    return CourseShop(**tables)


# ----------------------------------------------------------------------- CDNOW


def load_cdnow(kind: str = "master") -> pd.DataFrame:
    """CDNOW purchases: every customer (``"master"``) or the 1/10 sample (``"sample"``).

    The customers who first bought at the online retailer CDNOW in the first
    quarter of 1997, followed until 1998-06-30 (Fader & Hardie; copies of the
    files shipped with the ``lifetimes`` package, MIT licence; ``data/README.md``).
    Rows are as published: exact duplicates (255 in the master file) and
    zero-amount rows are kept; :func:`describe_transactions` counts them.

    Returns
    -------
    pandas.DataFrame
        ``customer_id`` (int), ``date`` (datetime), ``quantity`` (CDs),
        ``amount`` (US dollars); the sample adds ``sample_id``, the id used by
        :func:`load_cdnow_summary`.

    Examples
    --------
    >>> t = load_cdnow()
    >>> len(t), t["customer_id"].nunique()
    (69659, 23570)
    >>> len(load_cdnow("sample"))
    6919
    """
    from ._validation import check_choice

    check_choice("kind", kind, ["master", "sample"])
    if kind == "master":
        with data_path("CDNOW_master.txt").open("r", encoding="utf-8") as f:
            raw = pd.read_csv(f, sep=r"\s+", dtype=str)
        raw = raw.rename(columns={"number_of_cds": "quantity", "dollar_value": "amount"})
        columns = ["customer_id", "date", "quantity", "amount"]
    else:
        with data_path("CDNOW_sample.txt").open("r", encoding="utf-8") as f:
            raw = pd.read_csv(f, sep=r"\s+", header=None, dtype=str)
        raw.columns = ["customer_id", "sample_id", "date", "quantity", "amount"]
        columns = ["customer_id", "date", "quantity", "amount", "sample_id"]
    out = pd.DataFrame(
        {
            "customer_id": pd.to_numeric(raw["customer_id"], errors="coerce"),
            "date": pd.to_datetime(raw["date"], format="%Y%m%d", errors="coerce"),
            "quantity": pd.to_numeric(raw["quantity"], errors="coerce"),
            "amount": pd.to_numeric(raw["amount"], errors="coerce"),
        }
    )
    if kind == "sample":
        out["sample_id"] = pd.to_numeric(raw["sample_id"], errors="coerce")
    bad = out.isna().sum()
    if bad.any():
        column = bad.idxmax()
        raise CrmlabInputError(
            column, f"CDNOW 数据的列 {column} 有 {int(bad.max())} 行无法读取", f"CDNOW: column {column} has unreadable rows"
        )
    for column in ("customer_id", "quantity", "sample_id"):
        if column in out:
            out[column] = out[column].astype("int64")
    return out[columns]


def load_cdnow_summary() -> pd.DataFrame:
    """The CDNOW sample summarised over a 39-week calibration period (1997-01-01 to 1997-09-30), in weeks.

    Columns ``sample_id`` (the ``sample_id`` of ``load_cdnow("sample")``),
    ``frequency`` (repeat purchases, counted on distinct days), ``recency``
    (weeks from the first to the last purchase) and ``T`` (weeks from the first
    purchase to the end of the calibration period), as published with
    ``lifetimes`` and used by Fader, Hardie & Lee (2005).

    Examples
    --------
    >>> s = load_cdnow_summary()
    >>> len(s), s.loc[0, ["frequency", "recency", "T"]].tolist()
    (2357, [2.0, 30.43, 38.86])
    """
    with data_path("cdnow_customers_summary.csv").open("r", encoding="utf-8") as f:
        raw = pd.read_csv(f)
    expected = ["ID", "frequency", "recency", "T"]
    if list(raw.columns) != expected:
        raise CrmlabInputError("cdnow_customers_summary.csv", f"列应为 {expected}", f"columns should be {expected}")
    return pd.DataFrame(
        {
            "sample_id": raw["ID"].astype("int64"),
            "frequency": raw["frequency"].astype(float),
            "recency": raw["recency"].astype(float),
            "T": raw["T"].astype(float),
        }
    )


def compare_transactions(
    logs: Any, *, customer: str = "customer_id", date: str = "date", amount: str = "amount"
) -> pd.DataFrame:
    """:func:`describe_transactions` of several transaction logs side by side (交易数据概况对比).

    ``logs`` maps a name to a log; the result has one column per log, indexed
    by ``item``.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": [1, 1, 2], "date": ["2024-01-01"] * 3, "amount": [5.0, 5.0, 0.0]})
    >>> compare_transactions({"甲": t, "乙": t.iloc[:1]}).iloc[:2].values.tolist()
    [[3, 1], [2, 1]]
    """
    if not isinstance(logs, Mapping) or not logs:
        raise CrmlabInputError(
            "logs", "logs 必须是非空的字典：名称 -> 交易记录", "logs must be a non-empty mapping name -> transaction log"
        )
    columns = {
        name: describe_transactions(log, customer=customer, date=date, amount=amount).set_index("item")["value"]
        for name, log in logs.items()
    }
    return pd.concat(columns, axis=1)


def describe_transactions(
    transactions: pd.DataFrame, *, customer: str = "customer_id", date: str = "date", amount: str = "amount"
) -> pd.DataFrame:
    """A data-quality summary of a transaction log (交易数据概况), before any analysis.

    Counts rows, customers and the date range, and the rows an analyst must
    decide about: exact duplicates, several rows of one customer on one day,
    and zero amounts. Nothing is dropped.

    Returns
    -------
    pandas.DataFrame
        Columns ``item`` (Chinese description) and ``value``.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": [1, 1, 2], "date": ["2024-01-01"] * 3, "amount": [5.0, 5.0, 0.0]})
    >>> describe_transactions(t)["value"].tolist()
    [3, 2, '2024-01-01', '2024-01-01', 1, 1, 1]
    """
    checked = check_transactions(transactions, customer=customer, date=date, amount=amount)
    rows = [
        ("交易行数", len(checked)),
        ("客户数", int(checked[customer].nunique())),
        ("最早日期", checked[date].min().date().isoformat()),
        ("最晚日期", checked[date].max().date().isoformat()),
        ("与前面某行完全相同的行", int(checked.duplicated().sum())),
        ("同一客户同一天的额外行", int(checked.duplicated([customer, date]).sum())),
        ("金额为 0 的行", int((checked[amount] == 0).sum())),
    ]
    return pd.DataFrame(rows, columns=["item", "value"])
