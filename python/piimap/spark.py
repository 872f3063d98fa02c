"""piimap on Spark: the scan runs on the executors, over Arrow batches
(``DataFrame.mapInArrow``, Spark >= 3.3), never row by row in Python.

    from pyspark.sql import SparkSession
    import piimap.spark

    spark = SparkSession.builder.master("local[2]").getOrCreate()
    df = spark.read.parquet("corpora/structured/parquet/users.parquet")
    report = piimap.spark.inventory(df, policy="rules/policies/alloprof.toml",
                                    table="users", path="users.parquet")
    report["summary"]   # the same counts as `piimap inventory` over the file

Each partition's batches are scanned by one piimap scanner; a partition sends
back only its partial column profiles (counts and masked examples), which the
driver merges (in any order: the merge is associative and commutative) and
checks against the policy. ``findings`` returns a DataFrame of masked
findings. The fingerprint key goes to the executors as a broadcast variable,
not inside the job's plan; no raw value leaves an executor unless
``reveal=True``.
"""

import json
import os
from typing import Optional, Sequence, Union

import pyarrow as pa

import piimap

__all__ = ["inventory", "profiles", "findings", "FINDINGS_SCHEMA"]

#: The schema of :func:`findings` (``value`` is added with ``reveal=True``).
#: ``row`` counts from 0 in each partition, which ``partition`` names.
FINDINGS_SCHEMA = (
    "category string, rule string, `table` string, field string, partition int, row long, "
    "confidence string, masked string, fingerprint string, context string"
)


def _key_broadcast(df, key: Optional[Union[bytes, str]]):
    """The key as a broadcast variable: drawn here when none is given, so
    that every executor fingerprints with the same key."""
    if key is None:
        key = os.urandom(32)
    elif isinstance(key, str):
        key = key.encode()
    return df.sparkSession.sparkContext.broadcast(key)


def profiles(
    df,
    table: str = "table",
    path: Optional[str] = None,
    min_confidence: str = "medium",
    rules: Optional[Sequence[str]] = None,
    key: Optional[Union[bytes, str]] = None,
) -> list:
    """The merged partial column profiles of ``df``, scanned on the executors."""
    key_broadcast = _key_broadcast(df, key)
    rule_dirs = [str(r) for r in rules or []]

    def scan_partition(batches):
        scanner = piimap.Scanner(min_confidence, rule_dirs, key_broadcast.value)
        parts = [scanner.scan(batch, table, path)[1] for batch in batches]
        yield pa.record_batch({"profiles": [json.dumps(piimap.merge_profiles(*parts))]})

    rows = df.mapInArrow(scan_partition, "profiles string").collect()
    return piimap.merge_profiles(*(json.loads(row["profiles"]) for row in rows))


def inventory(
    df,
    policy: str,
    table: str = "table",
    path: Optional[str] = None,
    min_confidence: str = "medium",
    rules: Optional[Sequence[str]] = None,
    key: Optional[Union[bytes, str]] = None,
) -> dict:
    """The ``piimap.inventory/1`` document of ``df`` against the policy file
    ``policy``. ``path`` (default: ``table``) is where the data is said to
    be, as the policy's ``paths`` globs see it; ``table`` and the column paths
    are what its ``fields`` globs see."""
    merged = profiles(df, table, path, min_confidence, rules, key)
    return piimap.inventory(merged, policy, min_confidence, rules)


def findings(
    df,
    table: str = "table",
    path: Optional[str] = None,
    min_confidence: str = "medium",
    rules: Optional[Sequence[str]] = None,
    key: Optional[Union[bytes, str]] = None,
    reveal: bool = False,
):
    """A DataFrame of the findings in ``df``, masked and fingerprinted, one
    row per finding (see :data:`FINDINGS_SCHEMA`)."""
    key_broadcast = _key_broadcast(df, key)
    rule_dirs = [str(r) for r in rules or []]
    schema = FINDINGS_SCHEMA + (", value string" if reveal else "")

    def scan_partition(batches):
        from pyspark import TaskContext

        partition = TaskContext.get().partitionId()
        scanner = piimap.Scanner(min_confidence, rule_dirs, key_broadcast.value, reveal)
        first_row = 0
        for batch in batches:
            found, _ = scanner.scan(batch, table, path, first_row)
            first_row += batch.num_rows
            if found.num_rows == 0:
                continue
            found = found.add_column(4, "partition", pa.array([partition] * found.num_rows, pa.int32()))
            found = found.set_column(5, "row", found.column("row").cast(pa.int64()))
            yield from found.to_batches()

    return df.mapInArrow(scan_partition, schema)
