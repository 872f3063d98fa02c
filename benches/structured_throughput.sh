#!/usr/bin/env bash
# Throughput of the structured readers against the text path on the same bytes:
# a >= 1 GiB SQL dump and a >= 1 GiB CSV export, built by repeating the
# benchmark corpus's large dump and export (python3 benches/gen_corpus.py first).
#
#   benches/structured_throughput.sh [CORPUS_DIR] [TARGET_MIB]   (defaults /tmp/piimap-bench-corpus 1100)
# Prints, for each file: piimap by column, piimap --as text, and ripgrep with the
# same five patterns as compare.sh when rg is installed; seconds, MB/s, peak RSS.
set -euo pipefail
corpus=${1:-/tmp/piimap-bench-corpus}
target_mib=${2:-1100}
root=$(cd "$(dirname "$0")/.." && pwd)
piimap=${PIIMAP:-$root/target/release/piimap}
[ -x "$piimap" ] || { echo "no piimap binary at $piimap (cargo build --release)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

build() { # build OUT SOURCE: repeat SOURCE until OUT reaches the target size
  local out=$1 source=$2
  [ -f "$source" ] || { echo "missing $source (generate the corpus first)" >&2; exit 2; }
  : > "$out"
  while [ "$(stat -c %s "$out")" -lt $((target_mib << 20)) ]; do cat "$source" >> "$out"; done
}
build "$work/export.sql" "$corpus/large/db/boutique-mysqldump.sql"
build "$work/export.csv" "$corpus/large/exports/customers-full-export.csv"

time_it() { # label command...
  local label=$1; shift
  local start end rss
  start=$(date +%s%N)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f %M -o "$work/rss" "$@" > /dev/null 2>&1 || true
    rss=$(tail -1 "$work/rss")
  else
    "$@" > /dev/null 2>&1 || true
  fi
  end=$(date +%s%N)
  local ms=$(( (end - start) / 1000000 ))
  local bytes=$(stat -c %s "$file")
  printf '  %-28s %8.2f s %8.1f MB/s   peak RSS %s KiB\n' "$label" "$(echo "$ms/1000" | bc -l)" "$(echo "$bytes/1000/$ms" | bc -l)" "${rss:-?}"
}

export PIIMAP_FINGERPRINT_KEY=${PIIMAP_FINGERPRINT_KEY:-benchmark}
for file in "$work/export.sql" "$work/export.csv"; do
  echo "$(basename "$file"): $(( $(stat -c %s "$file") >> 20 )) MiB"
  time_it "piimap (by column)" "$piimap" scan "$file" --format jsonl --quiet --output "$work/out.jsonl"
  time_it "piimap --as text" "$piimap" scan "$file" --as text --format jsonl --quiet --output "$work/out.jsonl"
  if command -v rg > /dev/null; then
    mapfile -t patterns < <(python3 - "$root/rules" <<'PY'
import sys, tomllib, pathlib, collections
by = collections.defaultdict(list)
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.toml")):
    data = tomllib.loads(path.read_text())
    for rule in data.get("rules", []):
        if rule.get("enabled", True):
            by[data["category"]] += ([rule["pattern"]] if "pattern" in rule else []) + rule.get("patterns", [])
for category, patterns in by.items():
    print("|".join(f"(?:{p})" for p in patterns))
PY
)
    args=(); for p in "${patterns[@]}"; do args+=(-e "$p"); done
    time_it "rg --count-matches" rg --no-unicode --count-matches "${args[@]}" "$file"
  fi
done
