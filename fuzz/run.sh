#!/usr/bin/env bash
# Builds every fuzz target and runs each for SECONDS (default 60), seeded from
# the labelled corpora. Needs cargo-fuzz (`cargo install cargo-fuzz`); the
# stable toolchain is told to accept the nightly flags libFuzzer needs.
#
#   fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(engine csv json sql parquet compressed)
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O 2>&1 | tail -2
seed() { # target: copy labelled inputs into its corpus directory once
  local dir="corpus/$1"; mkdir -p "$dir"
  [ -n "$(ls -A "$dir")" ] && return
  case $1 in
    engine) cp ../corpora/core/*.{log,txt,md,csv,json} "$dir"/ 2>/dev/null || true ;;
    csv) cp ../corpora/structured/csv/* "$dir"/ ;;
    json) cp ../corpora/structured/json/* "$dir"/ ;;
    sql) for f in ../corpora/structured/pg/*.sql ../corpora/structured/mysql/*.sql; do
           cp "$f" "$dir/$(basename "$(dirname "$f")")-$(basename "$f")"; done ;;
    parquet) cp ../corpora/structured/parquet/*.parquet "$dir"/ ;;
    compressed) for f in ../corpora/structured/compressed/*.gz; do { printf '\0'; cat "$f"; } > "$dir/$(basename "$f")"; done
                for f in ../corpora/structured/compressed/*.zst; do { printf '\1'; cat "$f"; } > "$dir/$(basename "$f")"; done ;;
  esac
}
for target in "${targets[@]}"; do
  seed "$target"
  echo "== $target: ${seconds}s"
  cargo fuzz run -O "$target" "corpus/$target" -- -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 2>&1 \
    | grep -E '^#[0-9]+ *(DONE|INITED)|SUMMARY|ERROR|crash-|Done [0-9]+ runs' || true
done
