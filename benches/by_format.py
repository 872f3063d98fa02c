#!/usr/bin/env python3
"""Each structured format by column against the same bytes as text, one core.

    python3 benches/by_format.py CORPUS_DIR [RUNS]      (RUNS defaults to 5)

Issue 21 asks the structured readers to stay within 1.3x of the text rate on
the same bytes, per format: SQL dumps (PostgreSQL and MySQL, every insert
style), NDJSON, JSON documents, CSV and TSV. The benchmark corpus
(python3 benches/gen_corpus.py DIR) holds PostgreSQL COPY dumps, MySQL
extended-insert dumps, NDJSON and CSV; this script writes the other styles
from them, value for value:

  pg-copy         the corpus's pg_dump files (COPY ... FROM stdin)
  pg-inserts      the same rows as pg_dump --column-inserts writes them
  mysql-extended  the corpus's mysqldump files (one INSERT, many rows)
  mysql-single    the same rows as mysqldump --skip-extended-insert writes them
  ndjson          the corpus's .jsonl files
  json-documents  the same records as one pretty-printed JSON array per file
  csv             the corpus's .csv files
  tsv             the same rows tab-separated

and times, interleaved, `piimap scan --format table -j1` (by column) and
`piimap scan --format table -j1 --as text` on each, reporting medians and the
ratio by column / as text (goal <= 1.3). Times are CPU seconds (user +
system) of the piimap process, and the ratio is the median of each run's.

Environment: PIIMAP (default <repo>/target/release/piimap).
"""

import csv
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def files(corpus, suffix):
    return sorted(p for p in corpus.rglob(f"*{suffix}") if p.is_file())


def link_or_copy(source, target):
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def copy_unescape(field):
    """A COPY text field's value (None for \\N)."""
    if field == r"\N":
        return None
    escapes = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), field)


def sql_literal(value):
    if value is None:
        return "NULL"
    return "'" + value.replace("'", "''") + "'"


def pg_inserts(source, out):
    """Rewrites a pg_dump's COPY blocks as one INSERT per row, columns named."""
    copy = re.compile(r"^COPY ([^ ]+) \((.*)\) FROM stdin;$")
    block = None
    for line in source.open(encoding="utf-8", errors="surrogateescape"):
        line = line.rstrip("\n")
        if block is None:
            match = copy.match(line)
            if match:
                block = match.groups()
            else:
                out.write(line + "\n")
        elif line == r"\.":
            block = None
        else:
            values = ", ".join(sql_literal(copy_unescape(field)) for field in line.split("\t"))
            out.write(f"INSERT INTO {block[0]} ({block[1]}) VALUES ({values});\n")


def mysql_tuples(values):
    """Splits `(..),(..)` of an extended INSERT into its tuples' text."""
    tuples, depth, quote, escaped, start = [], 0, None, False, 0
    for index, char in enumerate(values):
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "(":
            if depth == 0:
                start = index
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                tuples.append(values[start : index + 1])
    return tuples


def mysql_single(source, out):
    """Rewrites a mysqldump's extended INSERTs as one INSERT per row."""
    insert = re.compile(r"^(INSERT INTO `[^`]+` VALUES )(.*);$")
    for line in source.open(encoding="utf-8", errors="surrogateescape"):
        match = insert.match(line.rstrip("\n"))
        if not match:
            out.write(line)
            continue
        for row in mysql_tuples(match.group(2)):
            out.write(f"{match.group(1)}{row};\n")


def json_document(source, out):
    records = [json.loads(line) for line in source.open(encoding="utf-8") if line.strip()]
    json.dump(records, out, indent=2, ensure_ascii=False)
    out.write("\n")


def tsv(source, out):
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    with source.open(encoding="utf-8", errors="surrogateescape", newline="") as text:
        for row in csv.reader(text):
            writer.writerow(row)


def build(corpus, work):
    """The variants, each a directory: name -> path."""
    plans = {
        "pg-copy": (files(corpus, ".sql"), lambda p: "COPY " in p.read_text(errors="replace")[:1 << 20], None, ".sql"),
        "pg-inserts": (None, None, pg_inserts, ".sql"),
        "mysql-extended": (files(corpus, ".sql"), lambda p: "` VALUES (" in p.read_text(errors="replace")[:1 << 20], None, ".sql"),
        "mysql-single": (None, None, mysql_single, ".sql"),
        "ndjson": (files(corpus, ".jsonl"), lambda p: True, None, ".jsonl"),
        "json-documents": (None, None, json_document, ".json"),
        "csv": (files(corpus, ".csv"), lambda p: True, None, ".csv"),
        "tsv": (None, None, tsv, ".tsv"),
    }
    derived_from = {"pg-inserts": "pg-copy", "mysql-single": "mysql-extended", "json-documents": "ndjson", "tsv": "csv"}
    sources = {}
    dirs = {}
    for name, (candidates, keep, convert, suffix) in plans.items():
        target = work / name
        target.mkdir()
        dirs[name] = target
        if convert is None:
            sources[name] = [p for p in candidates if keep(p)]
            for index, path in enumerate(sources[name]):
                link_or_copy(path, target / f"{index:04}-{path.name}")
        else:
            for index, path in enumerate(sources[derived_from[name]]):
                with (target / f"{index:04}-{path.stem}{suffix}").open("w", encoding="utf-8", errors="surrogateescape", newline="") as out:
                    convert(path, out)
    return dirs


def cpu_seconds(command):
    """User + system CPU time of `command`: on a shared machine, less swayed
    than wall time by other tenants taking the core away."""
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    return usage.ru_utime + usage.ru_stime


def main():
    if len(sys.argv) not in (2, 3) or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        sys.exit(2)
    corpus = Path(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) == 3 else 5
    piimap = os.environ.get("PIIMAP", str(ROOT / "target/release/piimap"))
    if not corpus.is_dir():
        sys.exit(f"by_format.py: corpus directory not found: {corpus} (python3 benches/gen_corpus.py {corpus})")
    if not os.access(piimap, os.X_OK):
        sys.exit(f"by_format.py: no piimap binary at {piimap}: cargo build --release")
    with tempfile.TemporaryDirectory(prefix="piimap-by-format.") as tmp:
        dirs = build(corpus, Path(tmp))
        times = {name: ([], []) for name in dirs}
        version = subprocess.run([piimap, "--version"], capture_output=True, text=True).stdout.strip()
        print(f"per structured format, one core, median of {runs} interleaved runs ({version})")
        for run in range(runs):
            for name, path in dirs.items():
                by_column, as_text = times[name]
                by_column.append(cpu_seconds([piimap, "scan", "--format", "table", "-j1", str(path)]))
                as_text.append(cpu_seconds([piimap, "scan", "--format", "table", "-j1", "--as", "text", str(path)]))
            print(f"  run {run + 1}/{runs} done", file=sys.stderr)
        print("(CPU seconds, user + system; the ratio is the median of each run's ratio)")
        print(f"\n{'format':<16}{'MB':>8}{'by column s':>13}{'as text s':>11}{'by column MB/s':>16}{'by column/as text':>19}")
        print(f"{'':<16}{'':>8}{'':>13}{'':>11}{'':>16}{'(goal <= 1.3)':>19}")
        for name, path in dirs.items():
            size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6
            column, text = (statistics.median(values) for values in times[name])
            ratio = statistics.median(c / t for c, t in zip(*times[name]))
            print(f"{name:<16}{size:>8.1f}{column:>13.3f}{text:>11.3f}{size / column:>16.1f}{ratio:>19.2f}")


if __name__ == "__main__":
    main()
