"""Spark in local mode (`local[2]`): the scan runs on executors through
mapInArrow; the inventory of a DataFrame equals the CLI's over the same files."""

import os
import sys

import pytest

import piimap
import piimap.spark
from conftest import GOOD_PARQUET, KEY, PARQUET, POLICY, entries

pyspark = pytest.importorskip("pyspark") if os.environ.get("PIIMAP_SKIP_SPARK") else __import__("pyspark")


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("piimap-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        # Small batches and several partitions: the merge is exercised.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "7")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_the_spark_inventory_equals_the_cli_inventory(spark, cli_inventory):
    merged = []
    for name in GOOD_PARQUET:
        df = spark.read.parquet(str(PARQUET / name)).repartition(3)
        merged.append(piimap.spark.profiles(df, table=name.removesuffix(".parquet"), path=name, key=KEY))
    document = piimap.inventory(piimap.merge_profiles(*merged), policy=str(POLICY))
    assert entries(document) == entries(cli_inventory)
    assert document["summary"] == cli_inventory["summary"]
    one = spark.read.parquet(str(PARQUET / "users.parquet"))
    report = piimap.spark.inventory(one, policy=str(POLICY), table="users", path="users.parquet")
    assert [e for e in entries(report)] == [e for e in entries(cli_inventory) if e[0] == "users.parquet"]


def test_the_findings_dataframe_is_masked_and_the_key_stays_out_of_the_plan(spark):
    df = spark.read.parquet(str(PARQUET / "users.parquet")).repartition(2)
    secret = b"a-key-that-must-not-be-in-the-plan"
    found = piimap.spark.findings(df, table="users", key=secret)
    assert found.count() == 354  # as `piimap scan corpora/structured/parquet/users.parquet`
    plan = found._jdf.queryExecution().toString()
    assert secret.decode() not in plan
    rows = found.select("field", "masked", "partition", "row").collect()
    assert {row["partition"] for row in rows} == {0, 1}
    raw = [r["nom"] for r in df.select("nom").collect()] + [r["email"] for r in df.select("contact.email").collect() if r["email"]]
    masked = {row["masked"] for row in rows}
    assert not masked & set(raw)
    assert "value" not in found.columns
    assert "value" in piimap.spark.findings(df, table="users", key=secret, reveal=True).columns
