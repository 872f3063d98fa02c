"""Spark in local mode (`local[2]`): the scan runs on executors through
mapInArrow; the inventory of a DataFrame equals the CLI's over the same files."""

import os
import subprocess
import sys

import pytest

import piimap
import piimap.spark
from conftest import GOOD_PARQUET, KEY, PARQUET, POLICY, REPO, entries

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


def test_the_key_stays_out_of_the_logs_and_the_event_log(tmp_path):
    """The fingerprint key reaches executors as a broadcast variable: not in
    what the driver and executors print, nor in Spark's event log (every
    job, stage, task, SQL plan and property of the run)."""
    secret = "a-key-that-must-not-be-in-any-log"
    events = tmp_path / "events"
    events.mkdir()
    script = f"""
import os, sys
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
from pyspark.sql import SparkSession
import piimap.spark
spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
         .config("spark.driver.host", "127.0.0.1").config("spark.eventLog.enabled", "true")
         .config("spark.eventLog.dir", {str(events)!r}).config("spark.eventLog.compress", "false").getOrCreate())
df = spark.read.parquet({str(PARQUET / "users.parquet")!r})
print(piimap.spark.findings(df, table="users", key={secret!r}.encode()).count())
print(piimap.spark.inventory(df, policy={str(REPO / "rules/policies/alloprof.toml")!r}, table="users", key={secret!r}.encode())["summary"]["entries"])
spark.stop()
"""
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr[-4000:]
    assert run.stdout.split() == ["354", "11"]
    logged = run.stdout + run.stderr + "".join(p.read_text(errors="replace") for p in events.rglob("*") if p.is_file())
    assert "MapInArrow" in logged, "the event log holds the job's plans"
    assert secret not in logged
