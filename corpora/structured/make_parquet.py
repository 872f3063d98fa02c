#!/usr/bin/env python3
"""Write parquet/*.parquet from gen_data's nested users records with pyarrow.

users.parquet        snappy, dictionary encoding (pyarrow default), data page v1
users_zstd.parquet   zstd, data page v2
users_gzip.parquet   gzip
users_none.parquet   no compression, no dictionary encoding (PLAIN pages)
corrupt_footer.parquet  users.parquet with bytes inside the footer's Thrift metadata overwritten
corrupt_page.parquet    snappy, PLAIN, page CRCs; bytes in the middle of the
                        contact.email data page of row group 1 overwritten

All files hold the same 56 records in 4 row groups of 16, 16, 16 and 8 rows.
"""

import os
import sys

import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_data  # noqa: E402

HERE = gen_data.HERE
OUT = os.path.join(HERE, "parquet")
ROW_GROUP = 16

SCHEMA = pa.schema([
    pa.field("id", pa.int64(), nullable=False),
    pa.field("nom", pa.string()),
    pa.field("telephone", pa.int64()),             # bare ten-digit phone number (INT64)
    pa.field("nas", pa.int32()),                   # SIN: nine digits fit in INT32 (max 2147483647)
    pa.field("code_postal", pa.dictionary(pa.int32(), pa.string())),
    pa.field("ville", pa.dictionary(pa.int32(), pa.string())),
    pa.field("last_login_ip", pa.string()),
    pa.field("contact", pa.struct([pa.field("email", pa.string()), pa.field("phone", pa.string())])),
    pa.field("addresses", pa.list_(pa.struct([pa.field("postal_code", pa.string()),
                                              pa.field("city", pa.string())]))),
    pa.field("attributes", pa.map_(pa.string(), pa.string())),
    pa.field("commentaire", pa.string()),
    pa.field("created_at", pa.timestamp("ms", tz="UTC"), nullable=False),
])


def table():
    _, people, _ = gen_data.build_tables()
    recs = [rec for rec, _ in gen_data.build_nested(people)]
    cols = {f.name: [] for f in SCHEMA}
    for r in recs:
        cols["id"].append(r["id"])
        cols["nom"].append(r["nom"])
        cols["telephone"].append(r["telephone"])
        cols["nas"].append(int(r["nas"]) if r["nas"] is not None else None)
        cols["code_postal"].append(r["code_postal"])
        cols["ville"].append(r["ville"])
        cols["last_login_ip"].append(r["last_login_ip"])
        c = r["contact"]
        # Parquet's contact struct has one phone, the first of the JSON list
        # (gen_data.parquet_labels labels it contact.phone).
        cols["contact"].append(None if c is None else
                               {"email": c["email"], "phone": c["phones"][0] if c["phones"] else None})
        cols["addresses"].append([{"postal_code": a["postal_code"], "city": a["city"]} for a in r["addresses"]])
        cols["attributes"].append(None if r["attributes"] is None else list(r["attributes"].items()))
        cols["commentaire"].append(r["commentaire"])
        cols["created_at"].append(r["created_at"])
    arrays = []
    for f in SCHEMA:
        if pa.types.is_dictionary(f.type):
            arrays.append(pa.array(cols[f.name], pa.string()).dictionary_encode())
        else:
            arrays.append(pa.array(cols[f.name], f.type))
    return pa.Table.from_arrays(arrays, schema=SCHEMA)


def write(name, t, **kw):
    pq.write_table(t, os.path.join(OUT, name), row_group_size=ROW_GROUP, **kw)


def damage(src, dst, offset, n):
    with open(src, "rb") as f:
        data = bytearray(f.read())
    for i in range(n):
        data[offset + i] ^= 0xA5
    with open(dst, "wb") as f:
        f.write(bytes(data))


def main():
    os.makedirs(OUT, exist_ok=True)
    t = table()
    write("users.parquet", t, compression="snappy")
    write("users_zstd.parquet", t, compression="zstd", data_page_version="2.0")
    write("users_gzip.parquet", t, compression="gzip")
    write("users_none.parquet", t, compression="none", use_dictionary=False)

    # corrupt_footer: flip 16 bytes in the middle of the Thrift FileMetaData; magic and length intact
    src = os.path.join(OUT, "users.parquet")
    size = os.path.getsize(src)
    with open(src, "rb") as f:
        f.seek(size - 8)
        footer_len = int.from_bytes(f.read(4), "little")
    footer_start = size - 8 - footer_len
    damage(src, os.path.join(OUT, "corrupt_footer.parquet"), footer_start + footer_len // 2, 16)

    # corrupt_page: PLAIN + snappy + page CRCs; damage the `contact.email` data page in row group 1
    tmp = os.path.join(OUT, ".corrupt_page.tmp")
    pq.write_table(t, tmp, row_group_size=ROW_GROUP, compression="snappy", use_dictionary=False,
                   write_page_checksum=True)
    md = pq.ParquetFile(tmp).metadata
    col = [md.schema.column(i).path for i in range(md.num_columns)].index("contact.email")
    cc = md.row_group(1).column(col)
    assert cc.dictionary_page_offset is None or cc.dictionary_page_offset == 0 or not cc.has_dictionary_page
    page_start = cc.data_page_offset
    mid = page_start + cc.total_compressed_size // 2
    damage(tmp, os.path.join(OUT, "corrupt_page.parquet"), mid, 8)
    os.remove(tmp)
    print("corrupt_footer.parquet: footer of %d bytes at %d, 16 bytes flipped at %d"
          % (footer_len, footer_start, footer_start + footer_len // 2))
    print("corrupt_page.parquet: row group 1, column `contact.email` (chunk at %d, %d bytes), 8 bytes flipped at %d"
          % (page_start, cc.total_compressed_size, mid))


if __name__ == "__main__":
    main()
