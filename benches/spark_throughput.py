#!/usr/bin/env python3
"""Rows per second of piimap on Spark (mapInArrow, local mode) beside the
CLI's Parquet rate on the same file, interleaved, medians.

    python3 benches/spark_throughput.py [TARGET_MIB] [RUNS]    (defaults: 110 MiB, 5 runs)

Writes a Parquet file with benches/gen_parquet.py (synthetic users: phones,
SINs, postal codes, a struct, a list of structs, a map, free text), then
times, RUNS times each and interleaved:

  cli -j1 / -j2      piimap scan FILE --format table (summary output);
  spark local[1/2]   piimap.spark.profiles(df): the scan on executors and the
                     merge of partial profiles on the driver; the session is
                     started once, before timing, and the file is read by
                     Spark's own Parquet reader inside the timed action;
  spark floor        the same mapInArrow job with a function that only counts
                     rows: Spark's Parquet read and Arrow hand-over, no scan;
  presidio           when presidio-analyzer is installed: the common recipe, a
                     pandas_udf calling Presidio's AnalyzerEngine on every
                     value (regex recognizers; a blank spaCy pipeline, since
                     models cannot be fetched here), on the first PRESIDIO_ROWS
                     rows (default 4000: it is slow).

and prints rows/s, and rows/s per core. Needs the release binary (cargo build
--release), the package installed (pip install ./python), pyspark, a JDK.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PIIMAP = os.environ.get("PIIMAP", str(REPO / "target/release/piimap"))
TARGET_MIB = sys.argv[1] if len(sys.argv) > 1 else "110"
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 5


def session(cores):
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(f"piimap-bench-{cores}")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        # Splits of a few row groups, so that every core gets some (the default, 128 MiB, is one split).
        .config("spark.sql.files.maxPartitionBytes", "4m")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def scan_job(spark, path):
    import piimap.spark

    piimap.spark.profiles(spark.read.parquet(str(path)), table="users", key=b"bench")


def floor_job(spark, path):
    import pyarrow as pa

    def count(batches):
        yield pa.record_batch({"rows": [sum(batch.num_rows for batch in batches)]})

    spark.read.parquet(str(path)).mapInArrow(count, "rows long").collect()


def presidio_available():
    try:
        import presidio_analyzer  # noqa: F401
        import spacy  # noqa: F401
    except ImportError:
        return False
    return True


def presidio_job(spark, path, limit):
    """The public recipe: a pandas_udf per column, Presidio on every value."""
    import pandas as pd
    from pyspark.sql import functions as F

    @F.pandas_udf("int")
    def count_pii(values: pd.Series) -> pd.Series:
        global _ANALYZER
        if "_ANALYZER" not in globals():
            import tempfile

            import spacy
            from presidio_analyzer import AnalyzerEngine
            from presidio_analyzer.nlp_engine import NlpEngineProvider

            model = tempfile.mkdtemp()
            spacy.blank("en").to_disk(model)
            configuration = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model}]}
            engine = NlpEngineProvider(nlp_configuration=configuration).create_engine()
            _ANALYZER = AnalyzerEngine(nlp_engine=engine, supported_languages=["en"])
        return values.map(lambda v: 0 if v is None else len(_ANALYZER.analyze(text=v, language="en")))

    df = spark.read.parquet(str(path)).limit(limit).repartition(spark.sparkContext.defaultParallelism)
    # Every column as text (nested ones as JSON), as the recipe scans them.
    columns = [F.col(f.name).cast("string") if f.dataType.simpleString() in ("string", "bigint", "int")
               else F.to_json(F.col(f.name)) for f in df.schema.fields if f.dataType.simpleString() != "timestamp"]
    counted = df.select([count_pii(column).alias(f"c{index}") for index, column in enumerate(columns)])
    counted.agg(*[F.sum(name) for name in counted.columns]).collect()


def main():
    import pyarrow.parquet as pq

    import piimap.spark

    with tempfile.TemporaryDirectory(prefix="piimap-spark-bench.") as work:
        path = Path(work) / "users.parquet"
        subprocess.run([sys.executable, str(REPO / "benches/gen_parquet.py"), str(path), TARGET_MIB], check=True)
        rows = pq.ParquetFile(path).metadata.num_rows
        cases = {}

        def cli(threads):
            command = [PIIMAP, "scan", str(path), "--format", "table", "-q", "-j", str(threads), "-o", os.devnull]
            return lambda: subprocess.run(command, env=dict(os.environ, PIIMAP_FINGERPRINT_KEY="bench"))

        cases["cli -j1"] = (1, cli(1))
        cases["cli -j2"] = (2, cli(2))
        times = {name: [] for name in cases}
        spark_times = {1: [], 2: []}
        for _ in range(RUNS):
            for name, (_, run) in cases.items():
                started = time.perf_counter()
                run()
                times[name].append(time.perf_counter() - started)
        floor_times = {1: [], 2: []}
        presidio_times = {1: [], 2: []}
        presidio_rows = int(os.environ.get("PRESIDIO_ROWS", "4000"))
        for cores in (1, 2):
            spark = session(cores)
            piimap.spark.profiles(spark.read.parquet(str(path)), table="users", key=b"bench")  # warm up the workers
            for _ in range(RUNS):
                for measured, job in ((spark_times, scan_job), (floor_times, floor_job)):
                    started = time.perf_counter()
                    job(spark, path)
                    measured[cores].append(time.perf_counter() - started)
            if presidio_available():
                for _ in range(max(1, RUNS // 2)):
                    started = time.perf_counter()
                    presidio_job(spark, path, presidio_rows)
                    presidio_times[cores].append(time.perf_counter() - started)
            spark.stop()
        print(f"{rows} rows, {path.stat().st_size / 2**20:.0f} MiB Parquet; medians of {RUNS} runs")
        print(f"{'mode':<18} {'seconds':>8} {'rows/s':>10} {'rows/s/core':>12}")
        for name, (cores, _) in cases.items():
            median = statistics.median(times[name])
            print(f"{name:<18} {median:8.2f} {rows / median:10.0f} {rows / median / cores:12.0f}")
        for label, results, count in (
            ("spark", spark_times, rows),
            ("spark floor", floor_times, rows),
            ("presidio", presidio_times, presidio_rows),
        ):
            for cores, measured in results.items():
                if measured:
                    median = statistics.median(measured)
                    name = f"{label} local[{cores}]"
                    print(f"{name:<18} {median:8.2f} {count / median:10.0f} {count / median / cores:12.0f}")


if __name__ == "__main__":
    main()
