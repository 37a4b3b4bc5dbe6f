"""crmlab.widgets.rfm: the RFM explorer's wiring."""

import pandas as pd

from crmlab import rfm as R
from crmlab.datasets import load_course_shop
from crmlab.widgets import rfm_explorer


def test_rfm_explorer_wiring():
    shop = load_course_shop()
    table = R.rfm_table(shop.transactions)
    ex = rfm_explorer({"课程商店": table, "小": R.rfm_table(shop.transactions.head(200))})
    assert set(ex.controls) == {"data", "bins", "threshold", "scheme"}
    expected = R.segment_profile(R.rfm_segments(R.rfm_scores(table)))
    pd.testing.assert_frame_equal(ex.result, expected)
    ex.set(bins=3, threshold="median", scheme="four")
    expected = R.segment_profile(R.rfm_segments(R.rfm_scores(table, bins=3), scheme="four", threshold="median"))
    pd.testing.assert_frame_equal(ex.result, expected)
    ex.controls["data"].value = "小"
    assert ex.result["customers"].sum() == shop.transactions.head(200)["customer_id"].nunique()
