#!/usr/bin/env bash
# One core, per kind of file: ripgrep, piimap by column (each format read for
# what it is) and piimap reading the same bytes as text, interleaved, medians.
#
#   benches/per_format.sh CORPUS_DIR [RUNS]        (RUNS defaults to 5)
#
# The corpus (python3 benches/gen_corpus.py DIR) is split by kind of file:
# prose (.md .txt), JSON lines (.jsonl .ndjson), CSV exports (.csv .tsv), logs
# (.log), SQL dumps (.sql). Each kind is timed with
#   rg --no-unicode --count-matches -j1 (the patterns of rg_patterns.py)
#   piimap scan --format table -j1           (counts mode, by column)
#   piimap scan --format table -j1 --as text (the same bytes as text)
# and the report gives issue 21's ratios: by column / as text (goal <= 1.3),
# and piimap's throughput as text against rg's (goal >= 1.5).
#
# Environment: PIIMAP (default <repo>/target/release/piimap), RG (default rg),
# RULES_DIR (default <repo>/rules).
set -euo pipefail
export LC_ALL=C

die() { printf 'per_format.sh: %s\n' "$*" >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 && $1 != -h && $1 != --help ]] || { sed -n '2,17s/^# \{0,1\}//p' "$0"; exit 2; }
CORPUS=$1
RUNS=${2:-5}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
[[ -d $CORPUS ]] || die "corpus directory not found: $CORPUS (generate one with: python3 benches/gen_corpus.py $CORPUS)"
ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
PIIMAP=${PIIMAP:-$ROOT/target/release/piimap}
RG=${RG:-rg}
RULES_DIR=${RULES_DIR:-$ROOT/rules}
[[ -x $PIIMAP ]] || die "no piimap binary at $PIIMAP: cargo build --release"
command -v "$RG" >/dev/null || die "ripgrep not found: apt-get install ripgrep (or set RG=)"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/piimap-per-format.XXXXXX")
trap 'rm -rf -- "$TMP"' EXIT

python3 "$ROOT/benches/rg_patterns.py" "$RULES_DIR" 2>/dev/null \
    | tr '\0' '\n' | cut -f2- | grep -v '^$' >"$TMP/patterns" || die "could not derive the rg patterns"

# One tree per kind: hard links when the corpus is on the same file system, copies otherwise.
KINDS=(prose jsonl csv logs sql)
declare -A EXTENSIONS=([prose]="md txt" [jsonl]="jsonl ndjson" [csv]="csv tsv" [logs]="log" [sql]="sql")
declare -A LABEL=([prose]="prose" [jsonl]="JSON lines" [csv]="CSV exports" [logs]="logs" [sql]="SQL dumps")
for kind in "${KINDS[@]}"; do
    mkdir -p "$TMP/$kind"
    for extension in ${EXTENSIONS[$kind]}; do
        (cd "$CORPUS" && find . -type f -name "*.$extension" -print0) | while IFS= read -r -d '' file; do
            mkdir -p "$TMP/$kind/$(dirname "$file")"
            ln "$CORPUS/$file" "$TMP/$kind/$file" 2>/dev/null || cp "$CORPUS/$file" "$TMP/$kind/$file"
        done
    done
done

seconds() { # command... → elapsed seconds on stdout
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000000 ))" | awk '{printf "%.3f\n", $1 / 1000}'
}
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

echo "per kind of file, one core, median of $RUNS interleaved runs ($("$PIIMAP" --version 2>/dev/null | head -1), $("$RG" --version | head -1))"
for run in $(seq "$RUNS"); do
    for kind in "${KINDS[@]}"; do
        dir=$TMP/$kind
        [[ -n $(find "$dir" -type f -print -quit) ]] || continue
        seconds "$RG" --no-unicode --count-matches --no-ignore --hidden -j1 -f "$TMP/patterns" -- "$dir" >>"$TMP/$kind.rg"
        seconds "$PIIMAP" scan --format table -j1 "$dir" >>"$TMP/$kind.column"
        seconds "$PIIMAP" scan --format table -j1 --as text "$dir" >>"$TMP/$kind.text"
    done
    printf '  run %d/%d done\n' "$run" "$RUNS" >&2
done

printf '\n%-12s %9s %8s %8s %9s %18s %16s\n' kind MB rg piimap "as text" "by column/as text" "text vs rg (x)"
printf '%-12s %9s %8s %8s %9s %18s %16s\n' "" "" "s" "s" "s" "(goal <= 1.3)" "(goal >= 1.5)"
for kind in "${KINDS[@]}"; do
    [[ -s $TMP/$kind.rg ]] || continue
    bytes=$(find "$TMP/$kind" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
    rg_s=$(median <"$TMP/$kind.rg")
    column_s=$(median <"$TMP/$kind.column")
    text_s=$(median <"$TMP/$kind.text")
    awk -v label="${LABEL[$kind]}" -v b="$bytes" -v r="$rg_s" -v c="$column_s" -v t="$text_s" 'BEGIN {
        printf "%-12s %9.1f %8.2f %8.2f %9.2f %18.2f %16.2f\n", label, b / 1e6, r, c, t, (t > 0 ? c / t : 0), (t > 0 ? r / t : 0)
    }'
done
