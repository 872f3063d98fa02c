#!/usr/bin/env bash
# Parquet scan throughput: MB of uncompressed column data per second and rows
# per second, on a generated >= 1 GiB (uncompressed) Parquet file, with one
# worker and with all of them (row groups are read in parallel).
#
#   benches/parquet_throughput.sh [TARGET_MIB]   (default 1100; needs python3 + pyarrow, bc)
set -euo pipefail
target_mib=${1:-1100}
root=$(cd "$(dirname "$0")/.." && pwd)
piimap=${PIIMAP:-$root/target/release/piimap}
[ -x "$piimap" ] || { echo "no piimap binary at $piimap (cargo build --release)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
file="$work/users.parquet"
python3 "$root/benches/gen_parquet.py" "$file" "$target_mib"
read -r rows uncompressed < <(python3 - "$file" <<'PY'
import sys, pyarrow.parquet as pq
m = pq.ParquetFile(sys.argv[1]).metadata
print(m.num_rows, sum(m.row_group(i).total_byte_size for i in range(m.num_row_groups)))
PY
)
echo "file: $(( $(stat -c %s "$file") >> 20 )) MiB on disk, $(( uncompressed >> 20 )) MiB uncompressed column data, $rows rows"
export PIIMAP_FINGERPRINT_KEY=${PIIMAP_FINGERPRINT_KEY:-benchmark}
# Two outputs: the summary table (reading + detection + masking: what an
# inventory costs) and every finding as JSONL (a dense export writes ~250 bytes
# per finding, so this measures the output path as much as the reader).
run() { # threads format
  local threads=$1 format=$2 start end ms
  start=$(date +%s%N)
  /usr/bin/time -f %M -o "$work/rss" "$piimap" scan "$file" -j "$threads" --format "$format" --quiet --output "$work/out" || true
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  printf '  -j %-2s %-6s %8.2f s  %6.1f MB/s uncompressed  %8.0f rows/s  output %5d MiB  peak RSS %s KiB\n' "$threads" "$format" \
    "$(echo "$ms/1000" | bc -l)" "$(echo "$uncompressed/1000/$ms" | bc -l)" "$(echo "$rows*1000/$ms" | bc -l)" \
    "$(( $(stat -c %s "$work/out") >> 20 ))" "$(tail -1 "$work/rss")"
}
run 1 table
run "$(nproc)" table
run "$(nproc)" jsonl
