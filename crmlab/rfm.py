"""The RFM model (RFM 模型): recency, frequency and monetary value of each customer, scores and segments.

- :func:`rfm_table`: per customer, as of a date, **R**ecency (days since the last
  purchase), **F**requency (number of purchases) and **M**onetary value (total,
  or mean per purchase).
- :func:`rfm_scores`: scores 1-5 by quintiles (or any number of quantile groups,
  or custom cut points); tied values always get the same score.
- :func:`rfm_segments`: each of R, F, M is "high" or "low" against the mean or
  the median score, and a rule table names the segment: the source's four
  classes or the eight classes commonly taught in Chinese courses.
- :func:`segment_profile`: size, share of revenue and mean R/F/M per segment,
  with the strategy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._validation import (
    CrmlabInputError,
    check_as_of,
    check_choice,
    check_frame,
    check_number,
    check_numbers,
    check_transactions,
)

__all__ = [
    "RFM",
    "SCHEMES",
    "SEGMENT_RULES",
    "rfm_table",
    "rfm_scores",
    "segment_rules",
    "rfm_segments",
    "segment_profile",
    "rf_grid",
    "segment_outcome",
    "segment_crosstab",
    "score_counts",
]

# rule tables: (R, F, M, segment) with "高" / "低" or None for "any"
SEGMENT_RULES: Mapping[str, tuple[tuple[str | None, str | None, str | None, str], ...]] = {
    # the source's four classes (000): told apart by R and F; M follows F in its description
    "four": (
        ("高", "高", None, "高价值客户"),
        ("低", "高", None, "重要挽留客户"),
        ("高", "低", None, "新客户"),
        ("低", "低", None, "低价值客户"),
    ),
    # the eight classes commonly taught in Chinese courses
    "eight": (
        ("高", "高", "高", "重要价值客户"),
        ("高", "低", "高", "重要发展客户"),
        ("低", "高", "高", "重要保持客户"),
        ("低", "低", "高", "重要挽留客户"),
        ("高", "高", "低", "一般价值客户"),
        ("高", "低", "低", "一般发展客户"),
        ("低", "高", "低", "一般保持客户"),
        ("低", "低", "低", "一般挽留客户"),
    ),
}
SCHEMES = tuple(SEGMENT_RULES)


@dataclass(frozen=True, eq=False)
class RFM:
    """The result of :func:`rfm_table`: the table and what went into it (RFM 表).

    Attributes
    ----------
    table : DataFrame
        Indexed by customer id: ``recency`` (days from the last purchase to
        ``as_of``), ``frequency``, ``monetary``, ``revenue`` (sum of amounts) and
        ``last_purchase``.
    as_of : Timestamp
        The analysis date.
    used : int
        Transactions used (dated on or before ``as_of``).
    excluded : int
        Transactions dated after ``as_of``, left out.
    excluded_customers : int
        Customers whose every transaction is after ``as_of`` (not in the table).
    frequency, monetary : str
        How frequency (``"rows"`` or ``"days"``) and monetary (``"sum"`` or ``"mean"``) were counted.
    """

    table: pd.DataFrame
    as_of: pd.Timestamp
    used: int
    excluded: int
    excluded_customers: int
    frequency: str
    monetary: str

    @property
    def note(self) -> str:
        """One sentence in Chinese on what the table contains and what was left out.

        Examples
        --------
        >>> t = pd.DataFrame({"customer_id": ["a", "b", "c"], "date": ["2024-01-05", "2024-02-01", "2024-04-02"], "amount": [100.0, 80.0, 30.0]})
        >>> note = rfm_table(t, as_of="2024-03-31").note
        >>> "2 位客户" in note, "1 行交易晚于 as_of" in note
        (True, True)
        """
        counted = "按交易行" if self.frequency == "rows" else "按购买天数"
        money = "消费总额" if self.monetary == "sum" else "平均每次消费"
        text = (
            f"RFM 表：{len(self.table):,} 位客户，截至 {self.as_of.date()}（含当天）；使用了 {self.used:,} 行交易"
            f"（F {counted}计数，M 为{money}）"
        )
        if self.excluded:
            text += f"；另有 {self.excluded:,} 行交易晚于 as_of，未计入"
            if self.excluded_customers:
                text += f"（其中 {self.excluded_customers:,} 位客户此时还没有购买）"
        return text + "。"

    def __repr__(self) -> str:
        return f"{self.note}\n{self.table.head()!r}"

    def _repr_html_(self) -> str:
        from .glossary import label_columns

        return f"<p>{self.note}</p>{label_columns(self.table.head(10)).to_html()}"


def rfm_table(
    transactions: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    as_of: Any = None,
    frequency: str = "rows",
    monetary: str = "sum",
) -> RFM:
    """Recency, frequency and monetary value of every customer as of a date (RFM 表).

    Parameters
    ----------
    transactions : DataFrame
        One row per transaction (never modified).
    customer, date, amount : str
        Column names.
    as_of : date-like, optional
        The analysis date; default the last transaction date. Transactions
        after it are left out and counted in the result.
    frequency : {"rows", "days"}
        Count transaction rows, or distinct purchase days (several orders on
        one day count once).
    monetary : {"sum", "mean"}
        Total spend, or mean spend per purchase (per row or per day, as
        ``frequency``).

    Returns
    -------
    RFM
        The table (``result.table``) with what went into it.

    Raises
    ------
    CrmlabInputError
        For missing columns, or rows with a missing customer, a missing or
        unreadable date, or a missing, non-numeric or negative amount (with the
        number of rows), or an ``as_of`` before every transaction.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["a", "a", "b", "a"],
    ...                   "date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-02-15", "2024-03-01"]),
    ...                   "amount": [10.0, 20.0, 5.0, 30.0]})
    >>> r = rfm_table(t, as_of="2024-03-31")
    >>> r.table[["recency", "frequency", "monetary"]].values.tolist()
    [[30.0, 3.0, 60.0], [45.0, 1.0, 5.0]]
    >>> rfm_table(t, as_of="2024-03-31", frequency="days").table["frequency"].tolist()
    [2, 1]
    >>> rfm_table(t, as_of="2024-02-20").note
    'RFM 表：2 位客户，截至 2024-02-20（含当天）；使用了 2 行交易（F 按交易行计数，M 为消费总额）；另有 2 行交易晚于 as_of，未计入。'
    """
    check_choice("frequency", frequency, ["rows", "days"])
    check_choice("monetary", monetary, ["sum", "mean"])
    check_frame(transactions, "transactions", [customer, date, amount])
    columns = transactions if transactions.shape[1] == 3 else transactions[[customer, date, amount]]
    checked = check_transactions(columns, customer=customer, date=date, amount=amount)
    stamp = checked[date].max() if as_of is None else check_as_of(as_of, checked[date])
    dates = checked[date]
    keep = (dates <= stamp).to_numpy()
    excluded = int(len(checked) - keep.sum())
    all_customers = 0
    if frequency == "days":
        if excluded:
            all_customers = checked[customer].nunique()
            checked = checked[keep]
        day = checked[date].dt.normalize()
        per_day = checked.assign(**{date: day}).groupby([customer, date], sort=False, as_index=False, observed=True)[amount].sum()
        grouped = per_day.groupby(customer, sort=True, observed=True)
        table = grouped.agg(last_purchase=(date, "max"), frequency=(date, "size"), revenue=(amount, "sum"))
    else:
        table, all_customers = _per_customer(checked, keep if excluded else None, customer, date, amount)
    table["recency"] = (stamp - table["last_purchase"]).dt.days
    table["monetary"] = table["revenue"] if monetary == "sum" else table["revenue"] / table["frequency"]
    table = table[["recency", "frequency", "monetary", "revenue", "last_purchase"]]
    excluded_customers = all_customers - len(table) if excluded else 0
    return RFM(
        table=table,
        as_of=stamp,
        used=int(keep.sum()),
        excluded=excluded,
        excluded_customers=excluded_customers,
        frequency=frequency,
        monetary=monetary,
    )


def _per_customer(
    checked: pd.DataFrame, keep: np.ndarray | None, customer: str, date: str, amount: str
) -> tuple[pd.DataFrame, int]:
    """Last purchase, purchases and revenue per customer (sorted by id), and the customers before ``keep``.

    The same table as ``groupby(customer, sort=True, observed=True).agg(max, size, sum)``, from
    integer codes: the ids are factorised once, counts and last dates come from ``bincount`` and
    ``np.maximum.at``, and the sums from pandas' own (compensated) sum over the codes, so that
    the revenue is bit for bit the groupby's.
    """
    codes, ids = _codes(checked[customer])
    all_customers = len(ids)
    days = checked[date].to_numpy(dtype="datetime64[ns]").view("int64")
    amounts = checked[amount].to_numpy()
    if keep is not None:
        codes, days, amounts = codes[keep], days[keep], amounts[keep]
        present = np.bincount(codes, minlength=len(ids)) > 0
        if not present.all():  # customers whose every purchase is after as_of
            codes = (np.cumsum(present) - 1)[codes]
            ids = ids[present]
    n = len(ids)
    last = np.full(n, np.iinfo(np.int64).min)
    np.maximum.at(last, codes, days)
    grouper = pd.Categorical.from_codes(codes, categories=pd.RangeIndex(n))
    revenue = pd.Series(amounts).groupby(grouper, observed=False).sum().to_numpy()
    index = pd.Index(ids.to_numpy(), name=customer) if ids.dtype == object else ids.rename(customer)  # as groupby: infers str
    table = pd.DataFrame(
        {"last_purchase": last.view("datetime64[ns]"), "frequency": np.bincount(codes, minlength=n), "revenue": revenue},
        index=index,
    )
    return table, all_customers


def _codes(ids: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """``ids.factorize(sort=True)``; for integer ids in a compact range by offset and ``bincount``, without hashing."""
    raw = ids.to_numpy()
    if isinstance(ids.dtype, np.dtype) and ids.dtype.kind in "iu" and len(raw):
        low, high = int(raw.min()), int(raw.max())
        if high - low <= 4 * len(raw) and high <= np.iinfo(np.int64).max:
            offsets = raw.astype(np.int64, copy=False) - low
            present = np.bincount(offsets, minlength=high - low + 1) > 0
            codes = (np.cumsum(present) - 1)[offsets]
            return codes, pd.Index((np.flatnonzero(present) + low).astype(raw.dtype))
    return ids.factorize(sort=True)


def _table(rfm: RFM | pd.DataFrame, needed: Sequence[str]) -> pd.DataFrame:
    table = rfm.table if isinstance(rfm, RFM) else rfm
    check_frame(table, "rfm", needed)
    return table


def _score(values: np.ndarray, cuts: np.ndarray, lower_is_better: bool) -> np.ndarray:
    # bins are closed on the right: a value equal to a cut point belongs to the bin that ends there
    if len(cuts) <= 16:  # a few comparisons beat a binary search per unsorted value
        below = np.zeros(len(values), dtype=np.intp)
        for cut in cuts:
            below += values > cut  # cut points strictly below each value
    else:
        below = np.searchsorted(cuts, values, side="left")  # cut points strictly below each value
    return 1 + (len(cuts) - below if lower_is_better else below)


def _codes_text(r: pd.Series, f: pd.Series, m: pd.Series) -> pd.Series:
    """``r.astype(str) + f.astype(str) + m.astype(str)``, built once per distinct (r, f, m) and looked up by integer key."""
    base = int(max(r.max(), f.max(), m.max(), 0)) + 1 if len(r) else 1
    if base**3 > 10_000_000:  # many custom edges: the text of every row
        return r.astype(str) + f.astype(str) + m.astype(str)
    key = (r.to_numpy() * base + f.to_numpy()) * base + m.to_numpy()
    present = np.flatnonzero(np.bincount(key, minlength=base**3))
    r_, f_, m_ = pd.Series(present // (base * base)), pd.Series(present // base % base), pd.Series(present % base)
    texts = r_.astype(str) + f_.astype(str) + m_.astype(str)  # the distinct codes, written as before
    slot = np.zeros(base**3, dtype=np.intp)
    slot[present] = np.arange(len(present))
    return texts.take(slot[key]).set_axis(r.index)


def rfm_scores(
    rfm: RFM | pd.DataFrame,
    *,
    bins: int = 5,
    edges: Mapping[str, Sequence[float]] | None = None,
) -> pd.DataFrame:
    """Score recency, frequency and monetary value from 1 (worst) to ``bins`` (best) (RFM 打分).

    By default the cut points are the quantiles at ``1/bins, 2/bins, ...`` of
    each column (the quintiles for ``bins=5``). The cut points split the values
    into bins closed on the right (a value equal to a cut point falls in the bin
    that ends there): for frequency and monetary value the lowest bin scores 1;
    for recency, where fewer days is better, the lowest bin scores ``bins``.
    Tied values always get the same score; where many customers share a value
    (e.g. 60% bought only once), the cut points coincide and some scores are
    skipped rather than splitting identical customers at random. If every
    customer has the same value there is nothing to tell apart: F and M score
    1, R scores ``bins``.

    ``edges`` gives custom cut points per column instead, e.g.
    ``{"frequency": [1, 2, 5, 10]}``: 1 purchase scores 1, 2 scores 2, 3-5
    score 3, 6-10 score 4, more score 5; ``{"recency": [30, 90, 180, 365]}``:
    within 30 days scores 5, 31-90 days 4, and so on.

    Returns
    -------
    pandas.DataFrame
        The RFM table with ``r_score``, ``f_score``, ``m_score``, the code
        ``rfm_code`` (e.g. ``"545"``) and ``rfm_score`` (R + F + M).

    Examples
    --------
    >>> table = pd.DataFrame({"recency": [5, 40, 90, 200, 400], "frequency": [9, 1, 1, 1, 3],
    ...                       "monetary": [900.0, 50.0, 20.0, 80.0, 300.0]})
    >>> s = rfm_scores(table)
    >>> s["r_score"].tolist(), s["f_score"].tolist(), s["m_score"].tolist()
    ([5, 4, 3, 2, 1], [5, 1, 1, 1, 4], [5, 2, 1, 3, 4])
    >>> rfm_scores(table, edges={"frequency": [1, 2, 5, 10]})["f_score"].tolist()
    [4, 1, 1, 1, 3]
    """
    table = _table(rfm, ["recency", "frequency", "monetary"])
    n_bins = int(check_number("bins", bins, low=2, high=10, integer=True))
    edges = dict(edges or {})
    for key in edges:
        check_choice("edges", key, ["recency", "frequency", "monetary"])
    out = table.copy()
    for column, score, lower in (("recency", "r_score", True), ("frequency", "f_score", False), ("monetary", "m_score", False)):
        values = pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float)
        if np.isnan(values).any():
            raise CrmlabInputError(column, f"列 {column} 有缺失值", f"column {column} has missing values")
        if column in edges:
            cuts = np.asarray([check_number("edges", e) for e in edges[column]], dtype=float)
            if (np.diff(cuts) <= 0).any():
                raise CrmlabInputError("edges", f"{column} 的分界点必须从小到大排列", f"edges for {column} must increase")
        else:
            cuts = np.quantile(values, np.arange(1, n_bins) / n_bins)
        out[score] = _score(values, cuts, lower).astype("int64")
    out["rfm_code"] = _codes_text(out["r_score"], out["f_score"], out["m_score"])
    out["rfm_score"] = out["r_score"] + out["f_score"] + out["m_score"]
    return out


def segment_rules(scheme: str = "eight") -> pd.DataFrame:
    """The rule table of a segmentation scheme (RFM 分类规则表).

    Columns ``R``, ``F``, ``M`` ("高", "低" or "任意") and ``segment``.

    Examples
    --------
    >>> segment_rules("four").values.tolist()[0]
    ['高', '高', '任意', '高价值客户']
    """
    check_choice("scheme", scheme, SCHEMES)
    rows = [(r or "任意", f or "任意", m or "任意", s) for r, f, m, s in SEGMENT_RULES[scheme]]
    return pd.DataFrame(rows, columns=["R", "F", "M", "segment"])


def rfm_segments(scores: pd.DataFrame, *, scheme: str = "eight", threshold: str = "mean") -> pd.DataFrame:
    """Name each customer's RFM segment with a rule table (RFM 客户分类).

    Each of R, F, M is "高" when its score is above the ``threshold`` (the
    mean or the median of that score over all customers) and "低" otherwise;
    :func:`segment_rules` then names the segment. With the median and many
    tied scores, "above" matters: for frequency, customers at the median (often
    the one-time buyers) are low.

    Returns
    -------
    pandas.DataFrame
        ``scores`` with ``r_high``, ``f_high``, ``m_high`` (bool) and
        ``segment`` (ordered categorical, in the rule table's order).

    Examples
    --------
    >>> scores = pd.DataFrame({"r_score": [5, 5, 1, 1], "f_score": [5, 1, 5, 1], "m_score": [5, 5, 1, 1],
    ...                        "monetary": [1.0, 1.0, 1.0, 1.0]})
    >>> rfm_segments(scores)["segment"].tolist()
    ['重要价值客户', '重要发展客户', '一般保持客户', '一般挽留客户']
    >>> rfm_segments(scores, scheme="four")["segment"].tolist()
    ['高价值客户', '新客户', '重要挽留客户', '低价值客户']
    """
    check_choice("scheme", scheme, SCHEMES)
    check_choice("threshold", threshold, ["mean", "median"])
    check_frame(scores, "scores", ["r_score", "f_score", "m_score"])
    for column in ("r_score", "f_score", "m_score"):
        check_numbers(column, scores[column])
    out = scores.copy()
    highs = {}
    for letter, column in (("r", "r_score"), ("f", "f_score"), ("m", "m_score")):
        values = out[column].astype(float)
        cut = values.mean() if threshold == "mean" else values.median()
        highs[letter] = (values > cut).to_numpy()
        out[f"{letter}_high"] = highs[letter]
    rules = SEGMENT_RULES[scheme]
    conditions = []
    for r, f, m, _ in rules:
        condition = np.ones(len(out), dtype=bool)
        for letter, level in (("r", r), ("f", f), ("m", m)):
            if level is not None:
                condition &= highs[letter] if level == "高" else ~highs[letter]
        conditions.append(condition)
    codes = np.select(conditions, list(range(len(rules))), -1)
    labels = [segment for *_, segment in rules]
    out["segment"] = pd.Categorical.from_codes(codes, categories=labels, ordered=True)
    return out


def segment_profile(segments: pd.DataFrame) -> pd.DataFrame:
    """Per segment: customers, their share, share of revenue and mean R, F, M, with the strategy (分类画像).

    Revenue is the ``revenue`` column (or ``monetary`` if there is no ``revenue``).
    Strategies come from ``data/rfm_segments.csv``.

    Examples
    --------
    >>> seg = pd.DataFrame({"segment": pd.Categorical(["新客户", "新客户", "低价值客户"], categories=["新客户", "低价值客户"]),
    ...                     "recency": [10, 20, 300], "frequency": [1, 1, 1], "monetary": [30.0, 50.0, 20.0]})
    >>> segment_profile(seg)[["segment", "customers", "revenue_share", "mean_recency"]].values.tolist()
    [['新客户', 2, 0.8, 15.0], ['低价值客户', 1, 0.2, 300.0]]
    """
    from .datasets import rfm_strategies

    check_frame(segments, "segments", ["segment", "recency", "frequency", "monetary"])
    for column in ("recency", "frequency", "monetary") + (("revenue",) if "revenue" in segments.columns else ()):
        check_numbers(column, segments[column])
    if segments["segment"].isna().any():
        n = int(segments["segment"].isna().sum())
        raise CrmlabInputError("segment", f"列 segment 有 {n} 位客户没有细分标签", f"column segment has {n} missing label(s)")
    categories = list(segments["segment"].cat.categories) if isinstance(segments["segment"].dtype, pd.CategoricalDtype) else []
    scheme = next((k for k, rules in SEGMENT_RULES.items() if categories == [r[-1] for r in rules]), None)
    revenue = segments["revenue"] if "revenue" in segments.columns else segments["monetary"]
    grouped = segments.assign(_revenue=revenue).groupby("segment", observed=False)
    out = pd.DataFrame(
        {
            "customers": grouped.size(),
            "revenue": grouped["_revenue"].sum(),
            "mean_recency": grouped["recency"].mean(),
            "mean_frequency": grouped["frequency"].mean(),
            "mean_monetary": grouped["monetary"].mean(),
        }
    )
    out.insert(1, "customer_share", out["customers"] / len(segments))
    out.insert(3, "revenue_share", out["revenue"] / revenue.sum())
    strategies = rfm_strategies(scheme) if scheme else {}
    out["strategy"] = [strategies.get(str(s), "") for s in out.index]
    return out.rename_axis("segment").reset_index()


def rf_grid(scores: pd.DataFrame, *, value: str = "monetary") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mean ``value`` and number of customers for each (R score, F score) cell (R×F 网格).

    Returns two DataFrames indexed by R score (rows, highest first) and F score
    (columns): the mean of ``value`` (NaN where no customer falls) and the counts.

    Examples
    --------
    >>> s = pd.DataFrame({"r_score": [2, 2, 1], "f_score": [1, 1, 2], "monetary": [10.0, 30.0, 5.0]})
    >>> mean, count = rf_grid(s)
    >>> float(mean.loc[2, 1]), int(count.loc[1, 2]), int(count.loc[1, 1])
    (20.0, 1, 0)
    """
    check_frame(scores, "scores", ["r_score", "f_score", value])
    for column in ("r_score", "f_score", value):
        check_numbers(column, scores[column], integer=column != value)
    r_levels = sorted(set(scores["r_score"]) | set(range(1, int(scores["r_score"].max()) + 1)), reverse=True)
    f_levels = sorted(set(scores["f_score"]) | set(range(1, int(scores["f_score"].max()) + 1)))
    grouped = scores.groupby(["r_score", "f_score"], observed=True)[value]
    mean = grouped.mean().unstack().reindex(index=r_levels, columns=f_levels)
    count = grouped.size().unstack().reindex(index=r_levels, columns=f_levels).fillna(0).astype("int64")
    for frame in (mean, count):
        frame.index.name, frame.columns.name = "R 分", "F 分"
    return mean, count


def segment_outcome(
    segments: pd.DataFrame,
    transactions: pd.DataFrame,
    *,
    after: Any,
    until: Any = None,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
) -> pd.DataFrame:
    """What each segment brought in *after* it was formed: past and later revenue share (分类之后的收入).

    ``segments`` is an :func:`rfm_segments` result formed as of ``after``;
    the later revenue of each of its customers is the sum of ``amount`` in
    ``transactions`` dated after ``after`` (and up to ``until``), 0 for those
    who bought nothing. Customers who first bought after ``after`` are not in
    any segment and so not counted.

    Returns
    -------
    pandas.DataFrame
        :func:`segment_profile` of the later revenue (``revenue``,
        ``revenue_share`` are the later period's; the mean R, F, M are the
        past ones), with ``past_revenue_share`` (the share when the segments
        were formed) inserted before ``revenue``.

    Examples
    --------
    >>> seg = pd.DataFrame({"segment": ["新客户", "新客户", "低价值客户"], "recency": [10, 20, 300],
    ...                     "frequency": [1, 1, 1], "monetary": [30.0, 50.0, 20.0]}, index=["甲", "乙", "丙"])
    >>> t = pd.DataFrame({"customer_id": ["甲", "丙", "丙", "丁"], "date": ["2024-12-01", "2025-02-01", "2025-03-01", "2025-03-01"],
    ...                   "amount": [30.0, 10.0, 30.0, 99.0]})
    >>> segment_outcome(seg, t, after="2024-12-31")[["segment", "past_revenue_share", "revenue", "revenue_share"]].values.tolist()
    [['低价值客户', 0.2, 40.0, 1.0], ['新客户', 0.8, 0.0, 0.0]]
    """
    check_frame(segments, "segments", ["segment", "recency", "frequency", "monetary"])
    checked = check_transactions(transactions, customer=customer, date=date, amount=amount)
    start = check_as_of(after, checked[date], name="after")
    when = checked[date] > start
    if until is not None:
        when &= checked[date] <= check_as_of(until, checked[date], name="until")
    later = checked.loc[when].groupby(customer, observed=True)[amount].sum()
    before = segment_profile(segments)
    out = segment_profile(segments.assign(revenue=later.reindex(segments.index).fillna(0.0).to_numpy()))
    out.insert(3, "past_revenue_share", before["revenue_share"].to_numpy())
    return out


def segment_crosstab(segments: pd.DataFrame, classes: pd.Series) -> pd.DataFrame:
    """How many customers of each RFM segment fall in each class of another classification (分类交叉表).

    ``classes`` gives each customer's class (e.g. the ABC class of
    :func:`crmlab.customers.abc_classes`), indexed by customer like
    ``segments``; it must cover every customer of ``segments``.

    Returns
    -------
    pandas.DataFrame
        Rows: ``segment``; columns: ``class``; cells: numbers of customers.

    Examples
    --------
    >>> seg = pd.DataFrame({"segment": ["新客户", "新客户", "低价值客户"]}, index=["甲", "乙", "丙"])
    >>> segment_crosstab(seg, pd.Series({"甲": "A", "乙": "C", "丙": "C"})).values.tolist()
    [[0, 1], [1, 1]]
    """
    check_frame(segments, "segments", ["segment"])
    if not isinstance(classes, pd.Series):
        raise CrmlabInputError(
            "classes", f"classes 必须是按客户索引的 pandas Series，收到 {type(classes).__name__}",
            f"classes must be a pandas Series indexed by customer, got {type(classes).__name__}",
        )
    if not classes.index.is_unique:
        n = int(classes.index.duplicated().sum())
        raise CrmlabInputError("classes", f"classes 的索引有 {n} 位客户重复出现", f"classes' index repeats {n} customer(s)")
    aligned = classes.reindex(segments.index)
    missing = int(aligned.isna().sum())
    if missing:
        raise CrmlabInputError(
            "classes", f"classes 缺少 {missing} 位客户的类别", f"classes has no class for {missing} customer(s)"
        )
    return pd.crosstab(segments["segment"], aligned, rownames=["segment"], colnames=["class"])


def score_counts(scores: pd.DataFrame, score: str = "f_score") -> pd.DataFrame:
    """How many customers got each value of one score (各分值的客户数).

    Returns
    -------
    pandas.DataFrame
        Indexed by the score values that occur (named ``score``), lowest
        first: ``customers``.

    Examples
    --------
    >>> s = pd.DataFrame({"f_score": [1, 3, 1, 2]})
    >>> score_counts(s)["customers"].to_dict()
    {1: 2, 2: 1, 3: 1}
    """
    check_choice("score", score, ["r_score", "f_score", "m_score"])
    check_frame(scores, "scores", [score])
    missing = int(scores[score].isna().sum())
    if missing:  # value_counts would leave these customers out without a word
        raise CrmlabInputError(score, f"列 {score} 有 {missing} 个缺失值；请先处理这些客户", f"column {score} has {missing} missing value(s)")
    counts = scores[score].value_counts().sort_index()
    return pd.DataFrame({"customers": counts.to_numpy()}, index=pd.Index(counts.index, name=score))
