#!/usr/bin/env bash
# Peak memory on huge inputs: a single-line text file and an NDJSON file of
# SIZE_GIB GiB each (default 10), generated in a temporary directory (needs
# 2 × SIZE_GIB of free disk). Prints time, throughput and peak RSS for each;
# memory must not grow with the input.
#
#   benches/memory.sh [SIZE_GIB]
set -euo pipefail
size_gib=${1:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
piimap=${PIIMAP:-$root/target/release/piimap}
[ -x "$piimap" ] || { echo "no piimap binary at $piimap (cargo build --release)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$size_gib" <<'PY'
import sys
work, gib = sys.argv[1], int(sys.argv[2])
target = gib << 30
# One line, no newline at all: words, and an email and a phone every kilobyte.
filler = b"lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor " * 12
block = b"".join(filler + b"client%d@exemple.qc.ca tel 514-555-%04d " % (i, i % 10000) for i in range(1024))
with open(f"{work}/one-line.txt", "wb") as out:
    written = 0
    while written < target:
        out.write(block); written += len(block)
# NDJSON: ordinary records of about 1 KB, one per line.
note = b"lorem ipsum dolor sit amet consectetur adipiscing elit " * 16
lines = b"".join(b'{"id":%d,"contact":{"email":"client%d@exemple.qc.ca","phone":"514-555-%04d"},"note":"%s"}\n' % (i, i, i % 10000, note) for i in range(4096))
with open(f"{work}/events.ndjson", "wb") as out:
    written = 0
    while written < target:
        out.write(lines); written += len(lines)
PY
export PIIMAP_FINGERPRINT_KEY=${PIIMAP_FINGERPRINT_KEY:-benchmark}
for file in "$work/one-line.txt" "$work/events.ndjson"; do
  bytes=$(stat -c %s "$file")
  start=$(date +%s%N)
  /usr/bin/time -f %M -o "$work/rss" "$piimap" scan "$file" --format table --quiet --output "$work/out" || true
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  printf '%-16s %6d MiB  %8.1f s  %7.1f MB/s  peak RSS %d MiB\n' "$(basename "$file")" $((bytes >> 20)) \
    "$(echo "$ms/1000" | bc -l)" "$(echo "$bytes/1000/$ms" | bc -l)" $(( $(tail -1 "$work/rss") / 1024 ))
done
