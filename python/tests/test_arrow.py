"""The package on pyarrow batches: findings, nested columns, keys, profiles
that merge in any order and grouping, and an inventory equal to the CLI's."""

import random

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import piimap
from conftest import GOOD_PARQUET, KEY, PARQUET, POLICY, entries

PLANTED = ["jean.tremblay@exemple.qc.ca", "418-549-6754", "130 692 544", "H2X 1Y4"]


def clients():
    return pa.record_batch(
        {
            "courriel": [PLANTED[0], None, "pas de courriel"],
            "telephone": pa.array([4185496754, None, 12], pa.int64()),
            "contact": pa.array([{"tel": PLANTED[1], "nas": "NAS 130 692 544"}, None, {"tel": "non", "nas": ""}]),
            "adresses": pa.array([[{"code_postal": PLANTED[3]}], [], None]),
            "attributs": pa.array([[("courriel_secondaire", "marie@exemple.ca")], None, []], pa.map_(pa.string(), pa.string())),
        }
    )


def test_findings_by_column_and_path_masked_and_fingerprinted():
    found = piimap.scan_arrow(clients(), table="crm.clients", key=KEY)
    rows = sorted((r["field"], r["category"], r["row"], r["table"]) for r in found.to_pylist())
    assert rows == [
        ("adresses[].code_postal", "postal_code", 0, "crm.clients"),
        ("attributs[].value", "email", 0, "crm.clients"),
        ("contact.nas", "sin", 0, "crm.clients"),
        ("contact.tel", "phone", 0, "crm.clients"),
        ("courriel", "email", 0, "crm.clients"),
        ("telephone", "phone", 0, "crm.clients"),
    ]
    assert found.column_names == [
        "category", "rule", "table", "field", "row", "confidence", "masked", "fingerprint", "context",
    ]
    # No raw value anywhere without reveal.
    text = str(found.to_pylist())
    for value in PLANTED + ["4185496754", "marie@exemple.ca"]:
        assert value not in text
    revealed = piimap.scan_arrow(clients(), table="crm.clients", key=KEY, reveal=True)
    assert PLANTED[0] in revealed.column("value").to_pylist()


def test_a_table_of_several_batches_numbers_rows_across_them():
    batch = clients()
    table = pa.Table.from_batches([batch, batch, batch])
    found = piimap.scan_arrow(table, table="clients", key=KEY)
    assert sorted(set(found.column("row").to_pylist())) == [0, 3, 6]


def test_the_same_key_gives_the_same_fingerprints_and_no_key_a_run_key():
    first = piimap.scan_arrow(clients(), key=KEY).column("fingerprint").to_pylist()
    again = piimap.scan_arrow(clients(), key=KEY.decode()).column("fingerprint").to_pylist()
    other = piimap.scan_arrow(clients()).column("fingerprint").to_pylist()
    assert first == again
    assert set(first).isdisjoint(other)
    assert piimap.Scanner()._native.key_scope == "run"


def test_errors_are_python_exceptions_with_the_message():
    with pytest.raises(ValueError, match="min_confidence must be low, medium or high"):
        piimap.scan_arrow(clients(), min_confidence="certain")
    with pytest.raises(ValueError, match="nowhere.toml"):
        piimap.inventory([], policy="/nowhere.toml")
    with pytest.raises(ValueError, match="not piimap column profiles"):
        piimap.merge_profiles([{"unexpected": 1}])
    with pytest.raises(TypeError):
        piimap.scan_arrow({"courriel": ["a@b.ca"]})


def partition(table, cuts):
    """`table` cut at row offsets `cuts`, as record batches."""
    bounds = [0] + sorted(cuts) + [table.num_rows]
    return [table.slice(a, b - a).combine_chunks().to_batches()[0] for a, b in zip(bounds, bounds[1:]) if b > a]


def counts(profiles):
    return sorted((p["path"], p["table"], p["field"], p["category"], p["values"], p["matched"], p["confidence"]) for p in profiles)


def test_partial_profiles_merge_alike_in_any_order_and_any_partitioning():
    table = pq.read_table(PARQUET / "users.parquet")
    scanner = piimap.Scanner(key=KEY)
    whole = piimap.merge_profiles(scanner.scan(table, "users", "users.parquet")[1])
    rng = random.Random(16)
    for _ in range(12):
        cuts = rng.sample(range(1, table.num_rows), rng.randint(1, 8))
        parts = [scanner.scan(batch, "users", "users.parquet")[1] for batch in partition(table, cuts)]
        merged = piimap.merge_profiles(*parts)
        assert counts(merged) == counts(whole), cuts
        # The same parts, in another order and grouping: identical, examples included.
        rng.shuffle(parts)
        split = rng.randint(1, len(parts))
        regrouped = piimap.merge_profiles(piimap.merge_profiles(*parts[:split]), piimap.merge_profiles(*parts[split:]))
        assert regrouped == merged


def test_the_inventory_of_profiles_equals_the_cli_inventory(cli_inventory):
    scanner = piimap.Scanner(key=KEY)
    parts = []
    for name in GOOD_PARQUET:
        for batch in pq.ParquetFile(PARQUET / name).iter_batches(batch_size=10):
            parts.append(scanner.scan(batch, name.removesuffix(".parquet"), name)[1])
    random.Random(3).shuffle(parts)
    document = piimap.inventory(piimap.merge_profiles(*parts), policy=str(POLICY))
    assert document["schema"] == "piimap.inventory/1"
    assert entries(document) == entries(cli_inventory)
    assert document["summary"] == cli_inventory["summary"]
    assert len(document["entries"]) > 20
