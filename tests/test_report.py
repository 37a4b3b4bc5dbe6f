"""crmlab.report.write_report: the workbook, the figures, and the folder rules."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from crmlab import CrmlabInputError  # noqa: E402
from crmlab.report import write_report  # noqa: E402

PLAN = pd.DataFrame({"segment": ["重要价值客户", "一般挽留客户"], "action_budget": [15480.0, 1246.0], "funded": [True, False]})
VIEW = pd.DataFrame({"revenue": [100.0, 20.5]}, index=pd.Index(["C1", "C2"], name="customer_id"))


def test_workbook_has_a_sheet_per_table_with_chinese_headers(tmp_path):
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    paths = write_report({"细分策略": PLAN, "客户": VIEW}, {"图一": fig, "图二": ax}, folder=tmp_path / "方案")
    assert [p.name for p in paths] == ["客户关系管理方案.xlsx", "图一.png", "图二.png"]
    assert all(p.parent == (tmp_path / "方案").resolve() and p.stat().st_size > 0 for p in paths)
    sheets = pd.read_excel(paths[0], sheet_name=None)
    assert list(sheets) == ["细分策略", "客户"]
    assert list(sheets["细分策略"].columns) == ["客户细分", "行动预算（元）", "是否投入"]
    assert sheets["细分策略"]["是否投入"].tolist() == ["是", "否"]
    assert list(sheets["客户"].columns) == ["客户编号", "收入"]  # a named index becomes the first column
    assert sheets["客户"]["收入"].tolist() == [100.0, 20.5]
    assert paths[1].read_bytes()[:4] == b"\x89PNG"
    plt.close(fig)


def test_header_row_is_frozen_and_numbers_formatted(tmp_path):
    from openpyxl import load_workbook

    path = write_report({"策略": PLAN}, folder=tmp_path / "r")[0]
    sheet = load_workbook(path)["策略"]
    assert sheet.freeze_panes == "A2"
    assert sheet["B2"].number_format == "#,##0.00" and sheet["A1"].value == "客户细分"


def test_a_non_empty_folder_is_refused_unless_overwrite(tmp_path):
    folder = tmp_path / "报告"
    write_report({"策略": PLAN}, folder=folder)
    (folder / "我的笔记.txt").write_text("不要删除", encoding="utf-8")
    with pytest.raises(CrmlabInputError, match="已存在且不是空的.*overwrite=True"):
        write_report({"策略": PLAN}, folder=folder)
    write_report({"策略": PLAN.head(1)}, folder=folder, overwrite=True)
    assert (folder / "我的笔记.txt").read_text(encoding="utf-8") == "不要删除"  # other files are left alone
    assert len(pd.read_excel(folder / "客户关系管理方案.xlsx")) == 1
    empty = tmp_path / "空"
    empty.mkdir()
    write_report({"策略": PLAN}, folder=empty)  # an empty folder is fine


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"tables": {}}, "tables"),
        ({"tables": [PLAN]}, "tables"),
        ({"tables": {"策略": [1, 2]}}, "tables"),
        ({"tables": {"a/b": PLAN}}, "sheet"),
        ({"tables": {"x" * 32: PLAN}}, "sheet"),
        ({"figures": {"../逃出去": None}}, "figure"),
        ({"figures": {"图": "不是图"}}, "figures"),
        ({"figures": [1]}, "figures"),
        ({"workbook": "报告.csv"}, "workbook"),
        ({"workbook": "../报告.xlsx"}, "workbook"),
        ({"workbook": ".xlsx"}, "workbook"),
        ({"overwrite": "yes"}, "overwrite"),
        ({"folder": None}, "folder"),
        ({"folder": ""}, "folder"),
    ],
)
def test_bad_arguments_are_refused_and_nothing_is_written(tmp_path, kwargs, match):
    args = {"tables": {"策略": PLAN}, "folder": tmp_path / "out", **kwargs}
    with pytest.raises(CrmlabInputError, match=match) as err:
        write_report(**args)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.value.zh)
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_file_named_like_the_folder_is_refused(tmp_path):
    (tmp_path / "报告").write_text("x", encoding="utf-8")
    with pytest.raises(CrmlabInputError, match="是一个文件"):
        write_report({"策略": PLAN}, folder=tmp_path / "报告")


def test_the_callers_tables_are_not_modified(tmp_path):
    before = VIEW.copy()
    write_report({"客户": VIEW}, folder=tmp_path / "r")
    pd.testing.assert_frame_equal(VIEW, before)
