"""piimap for Arrow and Spark: find Canadian personal data in record batches
and DataFrames, and check it against a privacy policy.

The engine is piimap's own (Rust): batches are handed over without copying
(the Arrow C data interface), nested columns are read by path as in Parquet
files (``contact.email``, ``addresses[].postal_code``), column names are
context, and no raw value comes back unless ``reveal=True``.

    >>> import pyarrow as pa, piimap
    >>> batch = pa.record_batch({"courriel": ["jean@exemple.qc.ca", None]})
    >>> piimap.scan_arrow(batch, table="clients", key=b"k").column("masked").to_pylist()
    ['j***@e*****.ca']

Column profiles are partial: profiles of different batches (Spark
partitions, shards) merge with :func:`merge_profiles` in any order and any
grouping, and :func:`inventory` turns them into the ``piimap.inventory/1``
document that ``piimap inventory`` writes for the same data.
"""

import json
from typing import Iterable, List, Optional, Sequence, Union

import pyarrow as pa

from . import _native

__version__ = _native.__version__
__all__ = ["Scanner", "scan_arrow", "profile_arrow", "merge_profiles", "inventory"]

ArrowData = Union[pa.RecordBatch, pa.Table]


class Scanner:
    """piimap's rules, a threshold and a fingerprint key, built once and used
    for many batches.

    ``key``: the fingerprint key (bytes or str). Fingerprints made with the
    same key compare across runs and machines; without one, a key is drawn
    for this scanner and its fingerprints compare only with its own.
    ``rules``: directories of extra rule files. ``reveal``: add the raw values
    (a ``value`` column); off by default, since the output is then personal data.
    """

    def __init__(
        self,
        min_confidence: str = "medium",
        rules: Optional[Sequence[str]] = None,
        key: Optional[Union[bytes, str]] = None,
        reveal: bool = False,
    ):
        if isinstance(key, str):
            key = key.encode()
        self._native = _native.Scanner(min_confidence, [str(r) for r in rules or []], key, reveal)

    def scan(self, data: ArrowData, table: str, path: Optional[str] = None, first_row: int = 0):
        """Findings (a ``pyarrow.Table``) and partial column profiles (a list of dicts) of ``data``."""
        if isinstance(data, pa.Table):
            findings, profiles = self._native.scan_table(data, table, path)
        elif isinstance(data, pa.RecordBatch):
            findings, profiles = self._native.scan_batch(data, table, path, first_row)
        else:
            raise TypeError(f"expected a pyarrow.RecordBatch or pyarrow.Table, not {type(data).__name__}")
        return pa.Table.from_batches([findings]), json.loads(profiles)


def scan_arrow(
    data: ArrowData,
    table: str = "table",
    min_confidence: str = "medium",
    rules: Optional[Sequence[str]] = None,
    key: Optional[Union[bytes, str]] = None,
    reveal: bool = False,
    path: Optional[str] = None,
) -> pa.Table:
    """The findings in ``data`` (a ``pyarrow.RecordBatch`` or ``Table``) as a
    ``pyarrow.Table``: category, rule, table, field, row, confidence, masked,
    fingerprint, context (and value, only with ``reveal=True``)."""
    findings, _ = Scanner(min_confidence, rules, key, reveal).scan(data, table, path)
    return findings


def profile_arrow(
    data: ArrowData,
    table: str = "table",
    min_confidence: str = "medium",
    rules: Optional[Sequence[str]] = None,
    key: Optional[Union[bytes, str]] = None,
    path: Optional[str] = None,
) -> List[dict]:
    """The partial column profiles of ``data``: per (path, table, field) the
    values scanned (a row with an empty category) and per category the values
    that matched, with masked examples. Merge them with :func:`merge_profiles`."""
    _, profiles = Scanner(min_confidence, rules, key).scan(data, table, path)
    return profiles


def merge_profiles(*parts: Iterable[dict]) -> List[dict]:
    """Merges lists of partial profiles into one list of partial profiles;
    the result is the same in any order and any grouping of the parts."""
    return json.loads(_native.merge_profiles([json.dumps(list(part)) for part in parts]))


def inventory(
    profiles: Iterable[dict],
    policy: str,
    min_confidence: str = "medium",
    rules: Optional[Sequence[str]] = None,
) -> dict:
    """The ``piimap.inventory/1`` document of ``profiles`` against the policy
    file ``policy``: locations, statuses (covered, undeclared, unexpected
    location), severities and per-purpose reports, as ``piimap inventory``
    writes them."""
    document = _native.inventory(json.dumps(list(profiles)), str(policy), min_confidence, [str(r) for r in rules or []])
    return json.loads(document)
