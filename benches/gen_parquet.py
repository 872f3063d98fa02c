#!/usr/bin/env python3
"""Writes a Parquet file of about TARGET_MIB MiB of uncompressed column data
(deterministic; needs pyarrow), for benches/parquet_throughput.sh.

    python3 benches/gen_parquet.py OUT.parquet [TARGET_MIB]   (default 1100)

A 100 000-row block of synthetic users (the shapes of corpora/structured's
Parquet fixture: INT64 phone, INT32 SIN, dictionary postal codes, a struct, a
list of structs, a map, free text) is written again and again with fresh ids,
one row group per block, snappy-compressed: what a warehouse export looks
like. Values are synthetic: example.* domains, documentation IP ranges.
"""
import random
import sys

import pyarrow as pa
import pyarrow.parquet as pq

BLOCK_ROWS = 100_000


def luhn_ok(digits):
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def sin(rng):
    while True:
        digits = str(rng.choice([1, 2, 3, 4, 5, 6, 7, 9])) + "".join(str(rng.randrange(10)) for _ in range(8))
        if luhn_ok(digits):
            return int(digits)


def postal(rng):
    first = "ABCEGHJKLMNPRSTVXY"
    other = "ABCEGHJKLMNPRSTVWXYZ"
    return f"{rng.choice(first)}{rng.randrange(10)}{rng.choice(other)} {rng.randrange(10)}{rng.choice(other)}{rng.randrange(10)}"


def phone(rng):
    return int(f"{rng.choice([418, 438, 450, 514, 581, 819, 613])}{rng.randrange(200, 1000)}{rng.randrange(10000):04d}")


def block(rng):
    words = "merci pour votre aide le colis est arrivé thanks again see you soon bonne journée".split()
    rows = []
    for i in range(BLOCK_ROWS):
        name = f"user{i}"
        note = " ".join(rng.choice(words) for _ in range(rng.randrange(4, 14)))
        if i % 7 == 0:
            note += f" rappelez-moi au {str(phone(rng))[:3]}-{str(phone(rng))[3:6]}-{str(phone(rng))[6:]}"
        rows.append(
            {
                "nom": f"Client {i}",
                "telephone": phone(rng) if i % 5 else None,
                "nas": sin(rng) if i % 3 == 0 else None,
                "code_postal": postal(rng),
                "ville": rng.choice(["Montréal", "Québec", "Laval", "Gatineau", "Sherbrooke"]),
                "last_login_ip": f"203.0.113.{rng.randrange(1, 255)}",
                "contact": {"email": f"{name}@example.com", "phone": f"514-555-{rng.randrange(10000):04d}"},
                "addresses": [{"postal_code": postal(rng), "city": "Montréal"} for _ in range(rng.randrange(0, 3))],
                "attributes": [("langue", rng.choice(["fr", "en"])), ("source", "web")],
                "commentaire": note,
            }
        )
    schema = pa.schema(
        [
            ("id", pa.int64()),
            ("nom", pa.string()),
            ("telephone", pa.int64()),
            ("nas", pa.int32()),
            ("code_postal", pa.dictionary(pa.int32(), pa.string())),
            ("ville", pa.dictionary(pa.int32(), pa.string())),
            ("last_login_ip", pa.string()),
            ("contact", pa.struct([("email", pa.string()), ("phone", pa.string())])),
            ("addresses", pa.list_(pa.struct([("postal_code", pa.string()), ("city", pa.string())]))),
            ("attributes", pa.map_(pa.string(), pa.string())),
            ("commentaire", pa.string()),
        ]
    )
    columns = {name: [row[name] for row in rows] for name in schema.names if name != "id"}
    columns["id"] = list(range(BLOCK_ROWS))
    return pa.table({name: columns[name] for name in schema.names}, schema=schema)


def main():
    out = sys.argv[1]
    target = int(sys.argv[2]) if len(sys.argv) > 2 else 1100
    rng = random.Random(25)
    table = block(rng)
    # Size one block the way the file will count it: Parquet's uncompressed column data.
    probe = pa.BufferOutputStream()
    pq.write_table(table, probe, compression="snappy")
    probe_metadata = pq.ParquetFile(pa.BufferReader(probe.getvalue())).metadata
    block_bytes = sum(probe_metadata.row_group(i).total_byte_size for i in range(probe_metadata.num_row_groups))
    repeats = max(1, -(-(target << 20) // block_bytes))
    with pq.ParquetWriter(out, table.schema, compression="snappy") as writer:
        for repeat in range(repeats):
            ids = pa.array(range(repeat * BLOCK_ROWS, (repeat + 1) * BLOCK_ROWS), pa.int64())
            writer.write_table(table.set_column(0, "id", ids), row_group_size=BLOCK_ROWS)
    metadata = pq.ParquetFile(out).metadata
    uncompressed = sum(metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups))
    print(f"{out}: {metadata.num_rows} rows, {metadata.num_row_groups} row groups, "
          f"{uncompressed / 2**20:.0f} MiB uncompressed column data")


if __name__ == "__main__":
    main()
