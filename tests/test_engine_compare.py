"""crmlab.engine.compare_frames and compare_errors: pure pandas, so tested without DuckDB."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlab import btyd, rfm
from crmlab._validation import CrmlabInputError, CrmlabTypeError
from crmlab.engine import compare_errors, compare_frames
from crmlab.glossary import label_columns, with_terms


def test_compare_frames_by_hand():
    left = pd.DataFrame(
        {
            "x": [0.5, 100.0, np.nan, 4.0],
            "n": [1, 2, 3, 4],
            "flag": [True, False, True, True],
            "day": pd.to_datetime(["2024-01-01", "2024-01-05", None, "2024-02-01"]),
        },
        index=["a", "b", "c", "d"],
    )
    right = left.assign(
        x=[0.25, 103.0, np.nan, np.nan],  # |0.25| gap on a value below 1 is relative to 1; 3 of 100 is 3%
        flag=[True, True, True, True],
        day=pd.to_datetime(["2024-01-01", "2024-01-08", None, "2024-02-01"]),
    )
    got = compare_frames(left, right)
    assert got.index.tolist() == ["max_abs_diff", "max_rel_diff", "missing_mismatch"]
    assert got.columns.tolist() == ["x", "n", "flag", "day"]
    assert got["x"].tolist() == pytest.approx([3.0, 0.25, 1.0])
    assert got["n"].tolist() == [0.0, 0.0, 0.0]
    assert got["flag"].tolist() == [1.0, 1.0, 0.0]
    assert got["day"].tolist() == pytest.approx([3.0, 3.0 / 19727, 0.0])  # days; 2024-01-05 is day 19,727
    assert left["x"].isna().sum() == 1 and right["x"].isna().sum() == 2  # inputs untouched


def test_compare_frames_keeps_the_term_set_and_labels_in_chinese():
    summary = with_terms(pd.DataFrame({"frequency": [1.0], "T": [3.0]}, index=pd.Index([7], name="customer_id")), "btyd")
    shown = label_columns(compare_frames(summary, summary))
    assert shown.columns.tolist() == ["重复购买次数 x", "观察时长 T"]
    assert shown.index.tolist() == ["最大绝对差", "最大相对差", "仅一方缺失的行数"]


def test_compare_frames_of_identical_tables_is_zero():
    shop = pd.DataFrame({"customer_id": [1, 1, 2], "date": ["2024-01-01", "2024-02-01", "2024-01-15"], "amount": [5.0, 7.0, 3.0]})
    summary = btyd.btyd_summary(shop)
    assert (compare_frames(summary, summary.copy()).to_numpy() == 0).all()


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=20), st.floats(-10, 10))
def test_compare_frames_finds_a_shift(values, shift):
    left = pd.DataFrame({"v": values})
    got = compare_frames(left, left + shift)["v"]
    gaps = np.abs((left["v"] + shift) - left["v"])
    assert got["max_abs_diff"] == pytest.approx(gaps.max())
    assert got["max_rel_diff"] <= got["max_abs_diff"] + 1e-12
    assert got["missing_mismatch"] == 0


@pytest.mark.parametrize(
    ("left", "right", "error", "match"),
    [
        ([1.0], pd.DataFrame({"v": [1.0]}), CrmlabTypeError, "表格 left 必须是 pandas DataFrame"),
        (pd.DataFrame({"v": [1.0]}), None, CrmlabTypeError, "表格 right 必须是 pandas DataFrame"),
        (pd.DataFrame({"v": []}), pd.DataFrame({"v": []}), CrmlabInputError, "表格 left 是空表"),
        (pd.DataFrame({"v": [1.0]}), pd.DataFrame({"w": [1.0]}), CrmlabInputError, r"列不同（只在 left：\['v'\]"),
        (pd.DataFrame({"v": [1.0], "w": [2]}), pd.DataFrame({"w": [2], "v": [1.0]}), CrmlabInputError, "列不同（顺序不同）"),
        (pd.DataFrame({"v": [1.0, 2.0]}), pd.DataFrame({"v": [1.0]}), CrmlabInputError, "行数不同（2 对 1）"),
        (pd.DataFrame({"v": [1.0]}, index=["a"]), pd.DataFrame({"v": [1.0]}, index=["b"]), CrmlabInputError, "第 1 行：'a' 对 'b'"),
        (pd.DataFrame({"v": ["x"]}), pd.DataFrame({"v": ["x"]}), CrmlabTypeError, "列 v 不是数字或日期"),
    ],
)
def test_compare_frames_bad_input(left, right, error, match):
    with pytest.raises(error, match=match):
        compare_frames(left, right)


BAD = pd.DataFrame({"customer_id": [1, 2], "date": ["2024-01-01", "2024-01-02"], "amount": ["12.5", "8元"]})


def test_compare_errors_by_hand():
    before = BAD.copy()
    table = compare_errors({"btyd": (btyd.btyd_summary, BAD), "rfm": lambda: rfm.rfm_table(BAD), "fine": (len, BAD)})
    assert table.index.tolist() == ["btyd", "rfm", "fine"] and table.index.name == "call"
    assert table["raised"].tolist() == [True, True, False]
    assert table["message"].tolist() == ["列 amount 有 1 行不是数字（例如 '8元'）"] * 2 + [""]
    assert table["same_as_first"].tolist() == [True, True, False]
    pd.testing.assert_frame_equal(BAD, before)
    shown = label_columns(table)
    assert shown.columns.tolist() == ["是否报错", "提示信息", "与第一行相同"] and shown.index.name == "调用"
    assert shown["是否报错"].tolist() == ["是", "是", "否"]


def test_compare_errors_tells_different_errors_apart():
    negative = BAD.assign(amount=[1.0, -2.0])
    table = compare_errors({"text": (btyd.btyd_summary, BAD), "negative": (btyd.btyd_summary, negative)})
    assert table["same_as_first"].tolist() == [True, False]


def test_compare_errors_lets_bugs_through():
    with pytest.raises(ZeroDivisionError):
        compare_errors({"bug": lambda: 1 / 0})


@pytest.mark.parametrize(
    ("cases", "error", "match"),
    [
        ([lambda: 1], CrmlabTypeError, "调用 cases 必须是字典"),
        ({}, CrmlabInputError, "调用 cases 是空的"),
        ({"x": 3}, CrmlabTypeError, r"cases 中的 'x' 必须是元组（函数，参数，…）"),
        ({"x": ()}, CrmlabTypeError, "cases 中的 'x'"),
        ({"x": ("not a function", 1)}, CrmlabTypeError, "cases 中的 'x'"),
    ],
)
def test_compare_errors_bad_input(cases, error, match):
    with pytest.raises(error, match=match):
        compare_errors(cases)
