"""The measured effect of chapter 9's randomised campaign, per segment of the capstone (活动效果按细分).

Kept apart from :mod:`crmlab.capstone` (which re-exports it) so that both files stay short.
"""

from __future__ import annotations

import pandas as pd

from ._validation import CrmlabInputError, CrmlabTypeError, check_frame, check_number
from .campaigns import _groups, campaign_lift

__all__ = ["campaign_by_segment"]

#: A segment needs at least this many customers in each group for an interval (otherwise its row says so).
MIN_PER_GROUP = 10


def campaign_by_segment(
    campaign: pd.DataFrame,
    segments: pd.Series,
    *,
    outcome: str = "revenue",
    treated: str = "treated",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """The campaign's lift in ``outcome`` within each segment, with its interval (各细分的活动提升).

    ``campaign`` has one row per customer of a randomised campaign (chapter 9:
    :func:`crmlab.datasets.load_campaign`); ``segments`` maps customer ids to a segment
    (e.g. the RFM segment of :func:`crmlab.capstone.customer_overview`). Within each
    segment the customers were still assigned at random, so :func:`crmlab.campaigns.campaign_lift`
    applies: the table has ``n_treated``, ``n_control``, ``treated_mean``, ``control_mean``,
    ``uplift`` (treated − control), ``lower``, ``upper``, ``relative_lift`` (uplift ÷ control mean)
    and ``verdict`` (有效 / 有害 / 无法确定), plus ``true_uplift`` when the table keeps the
    simulation's potential outcomes. A segment with fewer than 10 customers in a group has no
    estimate: it is left out of the table and listed, with its number of campaign customers, in
    ``attrs["too_small"]``; campaign customers without a segment are counted in ``attrs["unmatched"]``.

    Examples
    --------
    >>> import numpy as np
    >>> c = pd.DataFrame({"customer_id": [f"c{i}" for i in range(40)], "treated": [True, False] * 20,
    ...                   "revenue": [30.0, 10.0] * 10 + [12.0, 10.0] * 10})
    >>> seg = pd.Series(["甲"] * 20 + ["乙"] * 20, index=c["customer_id"])
    >>> t = campaign_by_segment(c, seg)
    >>> t[["n_treated", "uplift", "relative_lift"]].values.tolist()
    [[10.0, 20.0, 2.0], [10.0, 2.0, 0.2]]
    >>> t["verdict"].tolist(), t.attrs["too_small"]
    (['有效', '有效'], {})
    """
    check_frame(campaign, "campaign", ["customer_id", treated, outcome])
    if not isinstance(segments, pd.Series):
        raise CrmlabTypeError("segments", f"细分 segments 必须是以客户编号为索引的 Series，收到 {type(segments).__name__}",
                              f"segments must be a Series indexed by customer id, got {type(segments).__name__}")  # fmt: skip
    level = check_number("confidence", confidence, low=0, high=1, low_open=True, high_open=True)
    if segments.index.has_duplicates:
        raise CrmlabInputError("segments", f"细分 segments 的客户编号有 {int(segments.index.duplicated().sum())} 个重复",
                               f"segments has {int(segments.index.duplicated().sum())} duplicated customer ids")  # fmt: skip
    flags = _groups(campaign, treated)  # checks the flags once (True/False, 1/0 or 是/否)
    label = campaign["customer_id"].map(segments)
    rows: list[dict] = []
    too_small: dict[str, int] = {}
    for name in [s for s in pd.unique(segments.dropna()) if (label == s).any()]:
        part = campaign[label == name]
        mine = flags[label == name]
        enough = int(mine.sum()) >= MIN_PER_GROUP and int((~mine).sum()) >= MIN_PER_GROUP
        if not enough:
            too_small[str(name)] = len(part)
            continue
        r = campaign_lift(part, outcome=outcome, treated=treated, confidence=level)
        row = {"segment": name, "n_treated": float(mine.sum()), "n_control": float((~mine).sum()), "treated_mean": r.treated_mean,
               "control_mean": r.control_mean, "uplift": r.lift, "lower": r.lower, "upper": r.upper,
               "relative_lift": r.relative_lift, "verdict": r.verdict}  # fmt: skip
        if r.true_lift is not None:
            row["true_uplift"] = r.true_lift
        rows.append(row)
    columns = ["segment", "n_treated", "n_control", "treated_mean", "control_mean", "uplift", "lower", "upper", "relative_lift", "verdict"]
    table = pd.DataFrame(rows).reindex(columns=columns + (["true_uplift"] if any("true_uplift" in r for r in rows) else []))
    table = table.set_index("segment")
    table.attrs["unmatched"] = int(label.isna().sum())
    table.attrs["too_small"] = too_small
    return table

