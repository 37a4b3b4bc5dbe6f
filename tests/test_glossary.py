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
