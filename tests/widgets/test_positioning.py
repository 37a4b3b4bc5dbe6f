"""crmlab.widgets.positioning: the target-group funnel and needs-segment explorers' wiring."""

import pandas as pd
import pytest

from crmlab import positioning
from crmlab.datasets import load_course_shop, load_shop_crm
from crmlab.widgets import segmentation_explorer, target_funnel_explorer


@pytest.mark.slow
def test_target_funnel_explorer_wiring():
    profiles = load_shop_crm().profiles
    ex = target_funnel_explorer(profiles)
    assert list(ex.controls) == ["price", "min_trust", "min_appeal"]
    ex.controls["price"].value = 300
    ex.controls["min_appeal"].value = 3
    expected = positioning.target_group_funnel(profiles, price=300, min_trust=4, min_appeal=3)
    pd.testing.assert_frame_equal(ex.result, expected)
    assert "用得上" in ex.table.value and ex.plot.widget.value
    ex.reset()
    pd.testing.assert_frame_equal(ex.result, positioning.target_group_funnel(profiles))


@pytest.mark.slow
def test_segmentation_explorer_wiring():
    shop = load_course_shop()
    truth = shop.customers.set_index("customer_id")["value_type"]
    ex = segmentation_explorer(shop.survey, truth=truth)
    assert list(ex.controls) == ["k", "x_axis", "y_axis"]
    assert "纯度" in ex.agreement.value and "重性价比" in ex.table.value
    ex.controls["k"].value = 3
    expected = positioning.needs_segments(shop.survey, 3)
    pd.testing.assert_frame_equal(ex.result.profile, expected.profile)
    image = ex.plot.widget.value
    ex.controls["y_axis"].value = "brand_attention"
    assert ex.result is ex._cache[3] and ex.plot.widget.value != image
    ex.controls["k"].value = 4
    assert len(ex.result.profile) == 4
    assert "调整兰德指数" not in segmentation_explorer(shop.survey).agreement.value
