"""crmlab.glossary: terms and the labelling of result tables."""


def test_label_columns_relabels_axis_names_too():
    import pandas as pd

    from crmlab.glossary import label_columns

    cross = pd.crosstab(pd.Series(["A", "B"], name="classified"), pd.Series(["A", "A"], name="true_stage"))
    out = label_columns(cross)
    assert (out.index.name, out.columns.name) == ("规则判断", "模拟的真实阶段")
    assert (cross.index.name, cross.columns.name) == ("classified", "true_stage")  # the caller's table is unchanged
    multi = pd.DataFrame({"customers": [1]}, index=pd.MultiIndex.from_tuples([("a", 1)], names=["segment", "x"]))
    assert label_columns(multi).index.names == ["segment", "x"]  # MultiIndex names are left alone
    unnamed = label_columns(pd.DataFrame({"customers": [1]}))
    assert unnamed.index.name is None and unnamed.columns.tolist() == ["客户数"]


def test_label_columns_relabels_every_level_of_hierarchical_columns():
    import pandas as pd

    from crmlab.glossary import label_columns

    frame = pd.DataFrame([[1, 0.5]], columns=pd.MultiIndex.from_tuples([("按客户占比", "customers"), ("按客户占比", "value_share")]))
    assert label_columns(frame).columns.tolist() == [("按客户占比", "客户数"), ("按客户占比", "价值占比")]
    assert frame.columns.tolist()[0] == ("按客户占比", "customers")


def test_label_columns_shows_values_in_chinese_and_keeps_the_computed_table():
    import pandas as pd

    from crmlab.glossary import label_columns

    frame = pd.DataFrame(
        {"churned": [True, False, True], "status": ["ready", "planned", None], "segment": ["ready", "high", "low"], "n": [1, 2, 3]},
        index=["count", "mean", "25%"],
    )
    out = label_columns(frame)
    assert out["已流失"].tolist() == ["是", "否", "是"]
    assert out["是否收敛"].tolist()[:2] == ["已完成", "计划中"]  # every value known: translated
    assert out["客户细分"].tolist() == ["ready", "high", "low"]  # one unknown value: the column is left as it is
    assert out.index.tolist() == ["个数", "平均值", "25%"] and out["n"].tolist() == [1, 2, 3]
    assert frame["churned"].dtype == bool and frame.index.tolist() == ["count", "mean", "25%"]  # the caller's table
    empty = pd.DataFrame({"churned": pd.Series([], dtype=bool)})
    assert label_columns(empty).columns.tolist() == ["已流失"]


def test_course_map_is_shown_in_chinese():
    from crmlab.datasets import course_map
    from crmlab.glossary import label_columns

    shown = label_columns(course_map())
    assert shown.columns.tolist() == ["章", "标题", "笔记本", "模块", "教材来源", "状态"]
    assert set(shown["状态"]) <= {"已完成", "计划中"}
    assert set(course_map()["status"]) <= {"ready", "planned"}
