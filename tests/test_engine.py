"""crmlab.engine on DuckDB: the same numbers, notes and errors as the pandas functions of crmlab.rfm and crmlab.btyd."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import btyd, engine, rfm
from crmlab._validation import CrmlabInputError, CrmlabTypeError
from crmlab.datasets import load_cdnow, load_course_shop

duckdb = pytest.importorskip("duckdb", reason="crmlab.engine needs DuckDB: pip install -e '.[engine]'")


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()


def _logs():
    shop = load_course_shop().transactions
    return {
        "cdnow": (load_cdnow(), "1997-09-30"),
        "shop": (shop, str((shop["date"].min() + (shop["date"].max() - shop["date"].min()) / 2).date())),
    }


LOGS = _logs()


def _same(expected: pd.DataFrame, got: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(expected, got, check_index_type=False, rtol=1e-12)
    assert got.index.tolist() == expected.index.tolist()
    assert got.attrs == expected.attrs


def _same_rfm(expected: rfm.RFM, got: rfm.RFM) -> None:
    ns = {"last_purchase": "datetime64[ns]"}
    pd.testing.assert_frame_equal(expected.table.astype(ns), got.table.astype(ns), check_index_type=False, rtol=1e-12)
    assert (got.as_of, got.used, got.excluded, got.excluded_customers) == (
        expected.as_of,
        expected.used,
        expected.excluded,
        expected.excluded_customers,
    )
    assert got.note == expected.note


SUMMARY_ARGS = [
    {},
    {"period": "W", "time_unit": "W"},
    {"period": "M", "time_unit": "M"},
    {"time_unit": "W"},
    {"amount": None, "period": "W", "time_unit": 28},
    {"as_of": "1997-06-30"},
]


@pytest.mark.parametrize("kwargs", SUMMARY_ARGS, ids=str)
@pytest.mark.parametrize("name", LOGS)
def test_btyd_summary_matches_pandas(con, name, kwargs):
    log, _ = LOGS[name]
    if "as_of" in kwargs and name == "shop":
        kwargs = {"as_of": log["date"].max() - pd.Timedelta(days=200)}
    expected = btyd.btyd_summary(log, **kwargs)
    _same(expected, engine.btyd_summary(con.from_df(log), **kwargs))


@pytest.mark.parametrize(
    "kwargs", [{}, {"frequency": "days"}, {"monetary": "mean"}, {"frequency": "days", "monetary": "mean"}], ids=str
)
@pytest.mark.parametrize("name", LOGS)
def test_rfm_table_matches_pandas(con, name, kwargs):
    log, cut = LOGS[name]
    for as_of in (None, cut):
        _same_rfm(rfm.rfm_table(log, as_of=as_of, **kwargs), engine.rfm_table(con.from_df(log), as_of=as_of, **kwargs))


@pytest.mark.parametrize("kwargs", [{}, {"period": "W", "time_unit": "W"}, {"time_unit": "W"}, {"amount": None, "period": "M", "time_unit": "M"}], ids=str)
@pytest.mark.parametrize("name", LOGS)
def test_calibration_holdout_matches_pandas(con, name, kwargs):
    log, cut = LOGS[name]
    expected = btyd.calibration_holdout(log, calibration_end=cut, **kwargs)
    _same(expected, engine.calibration_holdout(con.from_df(log), calibration_end=cut, **kwargs))
    end = pd.Timestamp(cut) + pd.Timedelta(days=90)  # rows after observation_end are counted in the note
    expected = btyd.calibration_holdout(log, calibration_end=cut, observation_end=end, **kwargs)
    _same(expected, engine.calibration_holdout(con.from_df(log), calibration_end=cut, observation_end=end, **kwargs))


def test_hand_computed_summary(con):
    # customer 1: two orders on Jan 1 (one period, 15), one on Jan 11 (30); customer 2: Jan 5; customer 3 after as_of
    log = con.sql(
        "SELECT * FROM (VALUES (1, DATE '2024-01-01', 10.0), (1, DATE '2024-01-01', 5.0), (1, DATE '2024-01-11', 30.0),"
        " (2, DATE '2024-01-05', 8.0), (3, DATE '2024-02-05', 9.0)) t(customer_id, date, amount)"
    )
    out = engine.btyd_summary(log, as_of="2024-01-31")
    assert out.to_dict("index") == {
        1: {"frequency": 1.0, "recency": 10.0, "T": 30.0, "monetary_value": 30.0},
        2: {"frequency": 0.0, "recency": 0.0, "T": 26.0, "monetary_value": 0.0},
    }
    assert (out.attrs["excluded_rows"], out.attrs["excluded_customers"]) == (1, 1)
    table = engine.rfm_table(log, as_of="2024-01-31").table
    assert table[["recency", "frequency", "monetary"]].to_dict("index") == {
        1: {"recency": 20, "frequency": 3, "monetary": 45.0},
        2: {"recency": 26, "frequency": 1, "monetary": 8.0},
    }


def test_parquet_csv_and_named_tables(con, tmp_path):
    log = LOGS["shop"][0][["customer_id", "date", "amount"]]
    expected = btyd.btyd_summary(log, period="W", time_unit="W")
    con.from_df(log).write_parquet(str(tmp_path / "log.parquet"))
    _same(expected, engine.btyd_summary(con.read_parquet(str(tmp_path / "log.parquet")), period="W", time_unit="W"))
    # text dates in a CSV file are read by the engine, as pandas reads them
    log.assign(date=log["date"].dt.strftime("%Y-%m-%d")).to_csv(tmp_path / "log.csv", index=False)  # text dates
    rel = con.read_csv(str(tmp_path / "log.csv"), dtype={"date": "VARCHAR", "customer_id": "VARCHAR"})
    _same(expected, engine.btyd_summary(rel, period="W", time_unit="W"))
    con.execute(f"CREATE OR REPLACE VIEW shop_log AS SELECT * FROM read_parquet('{tmp_path / 'log.parquet'}')")
    _same(expected, engine.btyd_summary("shop_log", con=con, period="W", time_unit="W"))


def _error(call):
    with pytest.raises(CrmlabInputError) as info:
        call()
    return info.value


BAD_LOGS = {
    "missing column": pd.DataFrame({"customer_id": [1], "day": pd.to_datetime(["2024-01-01"]), "amount": [1.0]}),
    "missing id": pd.DataFrame({"customer_id": ["a", None], "date": pd.to_datetime(["2024-01-01"] * 2), "amount": [1.0, 2.0]}),
    "text amount": pd.DataFrame({"customer_id": [1, 2], "date": pd.to_datetime(["2024-01-01"] * 2), "amount": ["10", "20元"]}),
    "missing amount": pd.DataFrame({"customer_id": [1, 2], "date": pd.to_datetime(["2024-01-01"] * 2), "amount": [1.0, np.nan]}),
    "infinite amount": pd.DataFrame({"customer_id": [1, 2], "date": pd.to_datetime(["2024-01-01"] * 2), "amount": [1.0, np.inf]}),
    "negative amount": pd.DataFrame({"customer_id": [1, 2], "date": pd.to_datetime(["2024-01-01"] * 2), "amount": [1.0, -3.0]}),
    "huge amount": pd.DataFrame({"customer_id": [1, 2], "date": pd.to_datetime(["2024-01-01"] * 2), "amount": [1.0, 2e15]}),
    "missing date": pd.DataFrame({"customer_id": [1, 2], "date": pd.to_datetime(["2024-01-01", None]), "amount": [1.0, 2.0]}),
    "unreadable date": pd.DataFrame({"customer_id": [1, 2], "date": ["2024-01-01", "明天"], "amount": [1.0, 2.0]}),
    "numeric date": pd.DataFrame({"customer_id": [1, 2], "date": [20240101, 20240102], "amount": [1.0, 2.0]}),
    "empty": pd.DataFrame({"customer_id": pd.Series([], dtype="int64"), "date": pd.to_datetime([]), "amount": pd.Series([], dtype=float)}),
}


@pytest.mark.parametrize("name", BAD_LOGS)
def test_bad_input_gets_the_pandas_message(con, name):
    log = BAD_LOGS[name]
    for pandas_call, engine_call in [
        (btyd.btyd_summary, engine.btyd_summary),
        (rfm.rfm_table, engine.rfm_table),
        (lambda t: btyd.calibration_holdout(t, calibration_end="2024-01-01"),
         lambda t: engine.calibration_holdout(t, calibration_end="2024-01-01")),
    ]:
        expected = _error(lambda: pandas_call(log))
        got = _error(lambda: engine_call(con.from_df(log)))
        assert (str(got), got.parameter, type(got)) == (str(expected), expected.parameter, type(expected))


def test_bad_parameters(con):
    log = con.from_df(LOGS["shop"][0])
    with pytest.raises(CrmlabInputError, match="period"):
        engine.btyd_summary(log, period="Y")
    with pytest.raises(CrmlabInputError, match="time_unit"):
        engine.calibration_holdout(log, calibration_end="2024-06-30", time_unit=0)
    with pytest.raises(CrmlabInputError, match="参数 freq 已改名"):
        engine.btyd_summary(log, freq="W")
    with pytest.raises(CrmlabInputError, match="as_of"):
        engine.btyd_summary(log, as_of="1990-01-01")
    with pytest.raises(CrmlabInputError, match="observation_end"):
        engine.calibration_holdout(log, calibration_end="2024-06-30", observation_end="2024-06-01")
    with pytest.raises(CrmlabInputError, match="frequency"):
        engine.rfm_table(log, frequency="orders")
    with pytest.raises(CrmlabTypeError, match="source"):
        engine.btyd_summary(LOGS["shop"][0])  # a pandas DataFrame belongs to crmlab.btyd
    with pytest.raises(CrmlabTypeError, match="source"):
        engine.btyd_summary("shop_log")  # a table name needs con


def test_the_caller_data_is_untouched(con):
    log = LOGS["cdnow"][0]
    before = log.copy()
    engine.btyd_summary(con.from_df(log))
    pd.testing.assert_frame_equal(log, before)


@pytest.mark.slow
@settings(max_examples=25)  # each example runs about ten queries
@given(
    rows=st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 400), st.integers(0, 86399), st.floats(0, 1000, allow_nan=False)),
        min_size=1,
        max_size=40,
    ),
    freq=st.sampled_from(["D", "W", "M"]),
    cut=st.integers(0, 400),
)
def test_any_small_log_matches_pandas(rows, freq, cut):
    con = duckdb.connect()
    start = pd.Timestamp("2023-12-25")
    log = pd.DataFrame(
        {
            "customer_id": [r[0] for r in rows],
            "date": [start + pd.Timedelta(days=r[1], seconds=r[2]) for r in rows],
            "amount": [r[3] for r in rows],
        }
    )
    as_of = max(log["date"].min(), start + pd.Timedelta(days=cut))
    _same(btyd.btyd_summary(log, as_of=as_of, period=freq, time_unit=freq), engine.btyd_summary(con.from_df(log), as_of=as_of, period=freq, time_unit=freq))
    _same_rfm(rfm.rfm_table(log, as_of=as_of), engine.rfm_table(con.from_df(log), as_of=as_of))
    _same_rfm(rfm.rfm_table(log, frequency="days"), engine.rfm_table(con.from_df(log), frequency="days"))
    if as_of.normalize() < log["date"].max().normalize():  # dates are read to the day
        expected = btyd.calibration_holdout(log, calibration_end=as_of, period=freq, time_unit=freq)
        _same(expected, engine.calibration_holdout(con.from_df(log), calibration_end=as_of, period=freq, time_unit=freq))
    con.close()


def test_a_table_function_as_the_source(con, tmp_path):
    log = LOGS["cdnow"][0]
    con.from_df(log).write_parquet(str(tmp_path / "cdnow.parquet"))
    source = f"read_parquet('{tmp_path / 'cdnow.parquet'}')"
    _same_rfm(rfm.rfm_table(log, frequency="days"), engine.rfm_table(source, con=con, frequency="days"))


def test_the_engine_words_errors_through_the_shared_builders():
    """The input-error wording lives once, in crmlab._validation (used by check_transactions too)."""
    from pathlib import Path

    source = (Path(engine.__file__).parent / "_sql.py").read_text(encoding="utf-8")
    for phrase in ["列 {", "是空表", "缺少客户编号", "无法解析", "不是数字", "无穷大", "为负数"]:
        assert phrase not in source, phrase
