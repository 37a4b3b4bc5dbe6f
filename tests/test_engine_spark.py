"""crmlab.engine on Spark in local mode: the same numbers and errors as the pandas path (marker ``spark``).

Skipped with the reason when pyspark or Java is absent (a student's machine);
CI installs both (``pip install -e ".[test,spark]"``, ``apt-get install -y default-jre-headless``).
One small SparkSession (``local[1]``) serves the whole test session.
"""

import os
import shutil

import pandas as pd
import pytest

from crmlab import btyd, engine, rfm
from crmlab._validation import CrmlabInputError
from crmlab.datasets import load_cdnow, load_course_shop

pytest.importorskip("pyspark", reason="Spark tests need pyspark: pip install -e '.[test,spark]'")
pytest.importorskip("sqlglot", reason="crmlab.engine on Spark needs sqlglot: pip install -e '.[test,spark]'")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark tests need Java 17 (apt-get install -y default-jre-headless)", allow_module_level=True)

pytestmark = [
    pytest.mark.spark,
    # pyspark 4.x warns that it does not fully support pandas 3; the conversions used here are plain columns
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),  # inside pyspark's toPandas
]


@pytest.fixture(scope="session")
def spark():
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("crmlab-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _frame(spark, log):
    return spark.createDataFrame(log[["customer_id", "date", "amount"]])


def _same(expected, got):
    pd.testing.assert_frame_equal(expected, got, check_index_type=False, rtol=1e-12)
    assert got.attrs == expected.attrs


@pytest.fixture(scope="module")
def shop(spark):
    log = load_course_shop().transactions
    return log, _frame(spark, log)


def test_btyd_summary_on_the_course_shop(shop):
    log, frame = shop
    as_of = log["date"].max() - pd.Timedelta(days=100)
    _same(btyd.btyd_summary(log), engine.btyd_summary(frame))
    _same(btyd.btyd_summary(log, period="W", time_unit="W", as_of=as_of), engine.btyd_summary(frame, period="W", time_unit="W", as_of=as_of))


def test_rfm_table_and_calibration_holdout_on_the_course_shop(shop):
    log, frame = shop
    expected, got = rfm.rfm_table(log, frequency="days"), engine.rfm_table(frame, frequency="days")
    ns = {"last_purchase": "datetime64[ns]"}
    pd.testing.assert_frame_equal(expected.table.astype(ns), got.table.astype(ns), check_index_type=False, rtol=1e-12)
    assert got.note == expected.note
    cut = str((log["date"].min() + (log["date"].max() - log["date"].min()) / 2).date())
    _same(btyd.calibration_holdout(log, calibration_end=cut, period="M", time_unit="M"), engine.calibration_holdout(frame, calibration_end=cut, period="M", time_unit="M"))


def test_cdnow_sample_as_a_named_view(spark):
    log = load_cdnow("sample")
    _frame(spark, log).createOrReplaceTempView("cdnow_sample")
    kwargs = {"time_unit": "W"}
    _same(btyd.btyd_summary(log, **kwargs), engine.btyd_summary("cdnow_sample", con=spark, **kwargs))


def test_bad_input_gets_the_pandas_message(spark):
    log = pd.DataFrame({"customer_id": [1, 2], "date": pd.to_datetime(["2024-01-01"] * 2), "amount": ["10", "20元"]})
    with pytest.raises(CrmlabInputError) as expected:
        btyd.btyd_summary(log)
    with pytest.raises(CrmlabInputError) as got:
        engine.btyd_summary(spark.createDataFrame(log))
    assert str(got.value) == str(expected.value)
    with pytest.raises(CrmlabInputError, match="day"):
        engine.rfm_table(spark.createDataFrame(log.rename(columns={"date": "day"})))
