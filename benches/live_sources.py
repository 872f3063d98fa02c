#!/usr/bin/env python3
"""Throughput of piimap on live sources, against the floor of each source.

    python3 benches/live_sources.py [ROWS] [RUNS]     (defaults: 500000 rows, 5 runs)

Starts the test servers (tests/servers/up: PostgreSQL 15, MariaDB and a moto
S3 server on loopback), loads one table of ROWS rows (id, nom, courriel,
telephone, code_postal, note) into each database, and uploads the same rows as
a CSV object and a Parquet object. Then it times, interleaved, RUNS times each:

  piimap  a whole table (--sample-rows all), the CSV object, the Parquet object;
  floor   the same bytes read by the source's own client with nothing done to
          them: psql \\copy to /dev/null, the mariadb client to /dev/null, curl
          of the object to /dev/null.

and prints medians: seconds, rows/s, MB/s, and piimap's time over the floor's.
Everything runs on loopback: this measures piimap's own cost per source, not a
network. Needs the release binary (cargo build --release), psql, mariadb,
curl, python3 with pyarrow and boto3 (tests/servers/up installs boto3).
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PIIMAP = os.environ.get("PIIMAP", str(REPO / "target/release/piimap"))
ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 500_000
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 5


def servers():
    """The servers' variables: the current environment's, or servers started now."""
    if "PIIMAP_TEST_PG_URL" in os.environ:
        return dict(os.environ)
    state = REPO / "target/bench-servers"
    env = dict(os.environ, PIIMAP_SERVERS=str(state), PIIMAP_SERVERS_OWNER=str(os.getpid()))
    subprocess.run([str(REPO / "tests/servers/up")], env=env, check=True)
    found = {}
    for line in (state / "env").read_text().splitlines():
        if line.startswith("export "):
            name, value = line[len("export "):].split("=", 1)
            found[name] = value.strip("'")
    return dict(os.environ, **found)


def load(env, work):
    pg_bin = env.get("PIIMAP_TEST_PG_BIN", "/usr/lib/postgresql/15/bin")
    admin = env["PIIMAP_TEST_PG_ADMIN_URL"].rsplit("/", 1)[0] + "/fondation_boreale"
    columns = (
        "{id} AS id, {concat_nom} AS nom, {concat_mail} AS courriel, "
        "{concat_tel} AS telephone, {concat_cp} AS code_postal, {concat_note} AS note"
    )
    pg_select = columns.format(
        id="i",
        concat_nom="'Client ' || i",
        concat_mail="'client' || i || '@exemple.ca'",
        concat_tel="'514-555-' || lpad((i % 10000)::text, 4, '0')",
        concat_cp="'H2X ' || (i % 10) || 'Y' || (i % 10)",
        concat_note="'Note libre numéro ' || i || ' sans donnée personnelle'",
    )
    sql = (
        "DROP SCHEMA IF EXISTS bench CASCADE; CREATE SCHEMA bench; "
        f"CREATE TABLE bench.people AS SELECT {pg_select} FROM generate_series(1, {ROWS}) i; "
        "ANALYZE bench.people; GRANT USAGE ON SCHEMA bench TO piimap_scan; "
        "GRANT SELECT ON bench.people TO piimap_scan;"
    )
    subprocess.run([f"{pg_bin}/psql", "-X", "-q", admin, "-c", sql], check=True)
    my_select = columns.format(
        id="seq",
        concat_nom="CONCAT('Client ', seq)",
        concat_mail="CONCAT('client', seq, '@exemple.ca')",
        concat_tel="CONCAT('514-555-', LPAD(seq % 10000, 4, '0'))",
        concat_cp="CONCAT('H2X ', seq % 10, 'Y', seq % 10)",
        concat_note="CONCAT('Note libre numéro ', seq, ' sans donnée personnelle')",
    )
    my_sql = (
        "CREATE TABLE IF NOT EXISTS fondation_boreale.bench_people (id int) ; DROP TABLE fondation_boreale.bench_people; "
        f"CREATE TABLE fondation_boreale.bench_people AS SELECT {my_select} FROM seq_1_to_{ROWS}; "
        "ANALYZE TABLE fondation_boreale.bench_people;"
    )
    subprocess.run(
        ["mariadb", "--no-defaults", f"--socket={env['PIIMAP_TEST_MYSQL_SOCKET']}", "-uroot", "fondation_boreale",
         "-e", my_sql],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    csv = work / "people.csv"
    subprocess.run(
        [f"{pg_bin}/psql", "-X", "-q", admin, "-c", f"\\copy bench.people TO '{csv}' CSV HEADER"], check=True
    )
    import pyarrow.csv
    import pyarrow.parquet

    parquet = work / "people.parquet"
    pyarrow.parquet.write_table(pyarrow.csv.read_csv(csv), parquet, row_group_size=100_000)
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=env["PIIMAP_TEST_S3_ENDPOINT"],
        region_name="us-east-1",
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
    )
    bucket = env["PIIMAP_TEST_S3_BUCKET"]
    for path in (csv, parquet):
        s3.upload_file(str(path), bucket, f"bench/{path.name}")
    return admin, csv.stat().st_size, parquet.stat().st_size


def main():
    if not Path(PIIMAP).is_file():
        sys.exit(f"live_sources.py: {PIIMAP} not found: cargo build --release")
    env = servers()
    work = Path(tempfile.mkdtemp(prefix="piimap-live-bench."))
    try:
        admin, csv_size, parquet_size = load(env, work)
        pg_bin = env.get("PIIMAP_TEST_PG_BIN", "/usr/lib/postgresql/15/bin")
        endpoint, bucket = env["PIIMAP_TEST_S3_ENDPOINT"], env["PIIMAP_TEST_S3_BUCKET"]
        scan = [PIIMAP, "scan", "--format", "table", "-q", "--sample-rows", "all"]
        obj = lambda name: f"s3://{bucket}/bench/{name}"
        cases = [
            ("PostgreSQL table", csv_size,
             scan + ["--include-table", "bench.people", env["PIIMAP_TEST_PG_URL"]],
             [f"{pg_bin}/psql", "-X", "-q", admin, "-c", "\\copy bench.people TO '/dev/null'"]),
            ("MariaDB table", csv_size,
             scan + ["--include-table", "bench_people", env["PIIMAP_TEST_MYSQL_URL"]],
             ["mariadb", "--no-defaults", f"--socket={env['PIIMAP_TEST_MYSQL_SOCKET']}", "-uroot", "--quick",
              "-e", "SELECT * FROM fondation_boreale.bench_people"]),
            ("CSV object", csv_size, scan + ["--endpoint", endpoint, obj("people.csv")],
             ["curl", "-sf", "-o", "/dev/null", f"{endpoint}/{bucket}/bench/people.csv"]),
            ("Parquet object", parquet_size, scan + ["--endpoint", endpoint, obj("people.parquet")],
             ["curl", "-sf", "-o", "/dev/null", f"{endpoint}/{bucket}/bench/people.parquet"]),
            ("CSV file (local)", csv_size, scan + [str(work / "people.csv")], ["cat", str(work / "people.csv")]),
        ]
        times = {(name, who): [] for name, *_ in cases for who in ("piimap", "floor")}
        for _ in range(RUNS):
            for name, _, piimap, floor in cases:
                for who, command in (("piimap", piimap), ("floor", floor)):
                    started = time.perf_counter()
                    subprocess.run(command, env=env, check=who == "floor", stdout=subprocess.DEVNULL)
                    times[(name, who)].append(time.perf_counter() - started)
        print(f"{ROWS} rows; CSV {csv_size / 1e6:.1f} MB, Parquet {parquet_size / 1e6:.1f} MB; "
              f"medians of {RUNS} interleaved runs; loopback servers")
        print(f"{'source':<20} {'piimap s':>9} {'rows/s':>10} {'MB/s':>7} {'floor s':>8} {'ratio':>6}")
        for name, size, *_ in cases:
            mine = statistics.median(times[(name, "piimap")])
            floor = statistics.median(times[(name, "floor")])
            print(f"{name:<20} {mine:9.2f} {ROWS / mine:10.0f} {size / 1e6 / mine:7.1f} {floor:8.2f} {mine / floor:6.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
