#!/usr/bin/env bash
# Compare piimap's scan throughput with ripgrep and with plain cat (the I/O
# floor) on the same corpus, using all cores.
#
#   benches/compare.sh CORPUS_DIR [RUNS]        (RUNS defaults to 3)
#
# Environment:
#   PIIMAP       piimap binary (default: <repo>/target/release/piimap)
#   PIIMAP_ARGS  extra arguments appended to `piimap scan` (word-split)
#   RULES_DIR    rule files the rg patterns are derived from (default: <repo>/rules)
#   RG           ripgrep binary (default: rg from PATH)
#
# The ripgrep patterns (one per category of the rule files: email, phone,
# postal_code, sin, ip_address, credit_card, date_of_birth...) are derived from
# RULES_DIR/*.toml: every enabled rule's pattern(s) of a category are joined
# into one alternation (?:p1)|(?:p2)|...
#
# Also timed: `piimap scan --format table` (the scan without a record per
# finding), `piimap inventory --format json` (against POLICY, default
# rules/policies/alloprof.toml), `rg --json` writing its records to a file, and
# `write` (copying piimap's JSONL output to a new file: the floor for any tool
# that writes that output). The report ends with issue 21's like-for-like
# pairs: counts and inventory against `rg --count-matches`, a record per
# finding against `rg --json` to a file, as throughput ratios (piimap / rg).
set -euo pipefail
export LC_ALL=C # '.' as decimal separator in EPOCHREALTIME, awk and printf

die() { printf 'compare.sh: %s\n' "$*" >&2; exit 2; }
warn() { printf 'compare.sh: warning: %s\n' "$*" >&2; }

usage() {
    sed -n '2,20s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
    exit "${1:-2}"
}

[[ $# -ge 1 && ${1:-} != -h && ${1:-} != --help ]] || usage 0
[[ $# -le 2 ]] || usage
CORPUS=$1
RUNS=${2:-3}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
[[ -d $CORPUS ]] || die "corpus directory not found: $CORPUS (generate one with: python3 benches/gen_corpus.py $CORPUS)"

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd)
RULES_DIR=${RULES_DIR:-$REPO_ROOT/rules}
PIIMAP=${PIIMAP:-$REPO_ROOT/target/release/piimap}
RG=${RG:-rg}
POLICY=${POLICY:-$REPO_ROOT/rules/policies/alloprof.toml}
read -r -a PIIMAP_EXTRA <<<"${PIIMAP_ARGS:-}"
NPROC=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)

# ---------------------------------------------------------------- tools ----
command -v python3 >/dev/null || die "python3 (>= 3.11, for tomllib) is required to read the rule files"
python3 -c 'import tomllib' 2>/dev/null || die "python3 >= 3.11 is required (tomllib); found $(python3 --version 2>&1)"
if ! command -v "$RG" >/dev/null; then
    die "ripgrep ('$RG') not found: install it with 'apt-get install ripgrep' (or 'cargo install ripgrep'), or set RG=/path/to/rg"
fi
if [[ $PIIMAP != */* ]]; then
    PIIMAP_PATH=$(command -v "$PIIMAP" || true)
    [[ -n $PIIMAP_PATH ]] || die "piimap binary '$PIIMAP' not found in PATH: build it with 'cargo build --release' or set PIIMAP=/path/to/piimap"
    PIIMAP=$PIIMAP_PATH
fi
[[ -x $PIIMAP && ! -d $PIIMAP ]] || die "piimap binary not found at $PIIMAP: build it with 'cargo build --release' (in $REPO_ROOT) or set PIIMAP=/path/to/piimap"
[[ -d $RULES_DIR ]] || die "rules directory not found: $RULES_DIR (set RULES_DIR=...)"

if [[ -n ${EPOCHREALTIME:-} ]]; then
    now() { printf '%s\n' "$EPOCHREALTIME"; }
else
    now() { date +%s.%N; }
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/piimap-compare.XXXXXX")
trap 'rm -rf -- "$TMP"' EXIT

# Peak RSS: GNU time if present, otherwise getrusage(RUSAGE_CHILDREN) from a
# tiny python wrapper (ru_maxrss is in KiB on Linux). Both report the child's
# own high-water mark, i.e. what /proc/PID/status calls VmHWM.
RSS_METHOD=none
if [[ -x /usr/bin/time ]] && /usr/bin/time -f %M -o "$TMP/probe" true 2>/dev/null && [[ -s $TMP/probe ]]; then
    RSS_METHOD=gnu-time
elif python3 -c 'import resource' 2>/dev/null; then
    RSS_METHOD=rusage
fi
RUSAGE_PY='
import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as f:
    f.write("%d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc)
'

# with_rss RSS_FILE CMD...: run CMD, leave its peak RSS (KiB) in RSS_FILE when measurable.
with_rss() {
    local out=$1
    shift
    case $RSS_METHOD in
        gnu-time) /usr/bin/time -f %M -o "$out" "$@" ;;
        rusage) python3 -c "$RUSAGE_PY" "$out" "$@" ;;
        *) "$@" ;;
    esac
}

# ------------------------------------------------------------- patterns ----
# Emits NUL-terminated records "category<TAB>alternation", in a fixed category
# order, plus a summary on stderr.
python3 "$SCRIPT_DIR/rg_patterns.py" "$RULES_DIR" >"$TMP/patterns" 2>"$TMP/patterns.log" || {
    cat "$TMP/patterns.log" >&2
    die "could not derive patterns from $RULES_DIR/*.toml"
}
RG_PATTERNS=()
while IFS= read -r -d '' rec; do
    cat_name=${rec%%$'\t'*}
    pat=${rec#*$'\t'}
    if [[ -z $pat ]]; then
        warn "no enabled rule for category '$cat_name'; rg gets no pattern for it"
        continue
    fi
    RG_PATTERNS+=(-e "$pat")
done <"$TMP/patterns"
[[ ${#RG_PATTERNS[@]} -gt 0 ]] || die "no enabled patterns in $RULES_DIR"

# Validate the patterns with rg before timing anything. The rules use Rust
# regex syntax; --no-unicode rejects Unicode classes such as \p{L}, in which
# case fall back to rg's default (Unicode) mode and say so.
RG_MODE=(--no-unicode)
: >"$TMP/empty"
set +e
"$RG" "${RG_MODE[@]}" -c "${RG_PATTERNS[@]}" -- "$TMP/empty" >/dev/null 2>"$TMP/rg-check.err"
rc=$?
if [[ $rc -eq 2 ]]; then
    warn "rg rejected the patterns with --no-unicode ($(grep -m 1 '^error' "$TMP/rg-check.err" || tail -n 1 "$TMP/rg-check.err")); retrying in Unicode mode"
    RG_MODE=()
    "$RG" -c "${RG_PATTERNS[@]}" -- "$TMP/empty" >/dev/null 2>"$TMP/rg-check.err"
    rc=$?
fi
set -e
[[ $rc -ne 2 ]] || { cat "$TMP/rg-check.err" >&2; die "ripgrep cannot compile the derived patterns"; }

# --------------------------------------------------------------- corpus ----
read -r CORPUS_FILES CORPUS_BYTES < <(find "$CORPUS" -type f -printf '%s\n' | awk '{n++; s+=$1} END {printf "%d %d\n", n, s}')
[[ $CORPUS_FILES -gt 0 ]] || die "no files in $CORPUS"
CORPUS_MIB=$(awk -v b="$CORPUS_BYTES" 'BEGIN {printf "%.1f", b / 1048576}')
MEM_AVAIL_KB=$(awk '/^MemAvailable:/ {print $2}' /proc/meminfo 2>/dev/null || echo 0)

# --------------------------------------------------------------- runners ---
run_cat() {
    find "$CORPUS" -type f -print0 | xargs -0 -P "$NPROC" -n 32 cat >/dev/null
}
# rg's per-file counts go to a regular file (tiny) rather than /dev/null so the
# total can be reported, and so no output-is-/dev/null shortcut can apply.
run_rg() {
    with_rss "$TMP/rg.rss" "$RG" "${RG_MODE[@]}" --count-matches --no-ignore --hidden -j "$NPROC" \
        "${RG_PATTERNS[@]}" -- "$CORPUS" >"$TMP/rg.out" 2>"$TMP/rg.err"
}
prepare_piimap() { rm -f -- "$TMP/piimap.jsonl"; }
run_piimap() {
    with_rss "$TMP/piimap.rss" "$PIIMAP" scan "$CORPUS" --format jsonl --output "$TMP/piimap.jsonl" \
        --quiet --no-ignore --hidden "${PIIMAP_EXTRA[@]}" >"$TMP/piimap.stdout" 2>"$TMP/piimap.err"
}

# The same scan with the summary table as output: what the scan costs without
# writing a record per finding.
run_summary() {
    "$PIIMAP" scan "$CORPUS" --format table --output "$TMP/summary.txt" \
        --quiet --no-ignore --hidden "${PIIMAP_EXTRA[@]}" >"$TMP/summary.stdout" 2>"$TMP/summary.err"
}
# The inventory: the scan collected per (location, category) and checked
# against a policy; one JSON document.
run_inventory() {
    "$PIIMAP" inventory "$CORPUS" --policy "$POLICY" --format json --output "$TMP/inventory.json" --fail-on none \
        --quiet --no-ignore --hidden "${PIIMAP_EXTRA[@]}" >"$TMP/inventory.stdout" 2>"$TMP/inventory.err"
}
# ripgrep writing a JSON record per match to a file: the same kind of work as
# piimap's JSONL.
prepare_rgjson() { rm -f -- "$TMP/rg.json"; }
run_rgjson() {
    "$RG" "${RG_MODE[@]}" --json --no-ignore --hidden -j "$NPROC" "${RG_PATTERNS[@]}" -- "$CORPUS" \
        >"$TMP/rg.json" 2>"$TMP/rgjson.err"
}
# The output floor: writing as many bytes as piimap's JSONL (copied from the
# page cache to a new file, as piimap's writer does). No scan can be faster
# than writing its own output.
prepare_write() { rm -f -- "$TMP/write.copy"; }
run_write() { cat -- "$TMP/piimap.jsonl" >"$TMP/write.copy"; }

# timed TOOL: runs prepare_TOOL if there is one (untimed), then run_TOOL, appends the elapsed seconds to TIMES_TOOL, checks the exit status.
declare -a TIMES_cat=() TIMES_rg=() TIMES_piimap=() TIMES_summary=() TIMES_write=() TIMES_inventory=() TIMES_rgjson=()
declare -a RSS_piimap=() RSS_rg=()
LAST=
timed() {
    local tool=$1 t0 t1 rc
    if declare -F "prepare_$tool" >/dev/null; then "prepare_$tool"; fi
    t0=$(now)
    set +e
    "run_$tool"
    rc=$?
    set -e
    t1=$(now)
    case $tool:$rc in
        cat:0 | rg:0 | rg:1 | piimap:0 | piimap:1 | summary:0 | summary:1 | write:0 | inventory:0 | rgjson:0 | rgjson:1) ;;
        inventory:*) head -n 40 "$TMP/inventory.err" >&2; die "piimap inventory failed (exit $rc)" ;;
        rgjson:*) head -n 20 "$TMP/rgjson.err" >&2; die "rg --json failed (exit $rc)" ;;
        cat:*) die "cat failed (exit $rc)" ;;
        rg:*) head -n 20 "$TMP/rg.err" >&2; die "rg failed (exit $rc)" ;;
        piimap:*) head -n 40 "$TMP/piimap.err" >&2; die "piimap failed (exit $rc; 0 = no findings, 1 = findings, anything else is an error)" ;;
        summary:*) head -n 40 "$TMP/summary.err" >&2; die "piimap --format table failed (exit $rc)" ;;
        write:*) die "copying piimap's output failed (exit $rc)" ;;
    esac
    LAST=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')
    eval "TIMES_$tool+=(\"\$LAST\")"
    if [[ ($tool == rg || $tool == piimap) && -s $TMP/$tool.rss ]]; then
        eval "RSS_$tool+=(\"\$(tail -n 1 \"\$TMP/$tool.rss\")\")"
    fi
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
maxval() { printf '%s\n' "$@" | sort -g | tail -n 1; }

# ---------------------------------------------------------------- header ---
echo "== piimap vs ripgrep vs cat =="
echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)   host: $(uname -n), $NPROC cpu(s), $(awk '/^MemTotal:/ {printf "%.1f GiB RAM", $2 / 1048576}' /proc/meminfo 2>/dev/null)"
echo "corpus:  $CORPUS  ($CORPUS_FILES files, $CORPUS_MIB MiB, $CORPUS_BYTES bytes)"
echo "rg:      $("$RG" --version | head -n 1) [$RG]  mode: ${RG_MODE[*]:-unicode}"
PIIMAP_VERSION=$("$PIIMAP" --version 2>/dev/null | head -n 1 || true)
echo "piimap:  $PIIMAP${PIIMAP_VERSION:+  ($PIIMAP_VERSION)}${PIIMAP_ARGS:+  extra args: $PIIMAP_ARGS}"
echo "runs:    $RUNS per tool, interleaved, after one untimed cat to warm the page cache"
sed 's/^/         /' "$TMP/patterns.log"
if [[ $MEM_AVAIL_KB -gt 0 && $((CORPUS_BYTES / 1024)) -gt $MEM_AVAIL_KB ]]; then
    warn "corpus ($CORPUS_MIB MiB) is larger than available memory; runs will be disk-bound"
fi
echo

# -------------------------------------------------------------------- run ---
run_cat # warm the page cache (untimed)
for ((i = 1; i <= RUNS; i++)); do
    line=$(printf 'run %d/%d:' "$i" "$RUNS")
    for tool in cat rg piimap summary inventory rgjson write; do
        timed "$tool"
        line+=$(printf '  %s %8.3fs' "$tool" "$LAST")
    done
    echo "$line"
done
echo

# ---------------------------------------------------------------- report ---
printf '%-8s %10s %10s %10s\n' tool "median s" "MB/s" "MiB/s"
for tool in cat rg piimap summary inventory rgjson write; do
    eval "times=(\"\${TIMES_$tool[@]}\")"
    m=$(median "${times[@]}")
    eval "MED_$tool=\$m"
    awk -v t="$tool" -v m="$m" -v b="$CORPUS_BYTES" 'BEGIN {
        if (m > 0) printf "%-8s %10.3f %10.1f %10.1f\n", t, m, b / m / 1e6, b / m / 1048576;
        else printf "%-8s %10.3f %10s %10s\n", t, m, "-", "-" }'
done
echo
awk -v p="$MED_piimap" -v r="$MED_rg" -v c="$MED_cat" 'BEGIN {
    if (r > 0) printf "piimap/rg  time ratio: %6.2fx\n", p / r; else print "piimap/rg  time ratio: n/a";
    if (c > 0) printf "piimap/cat time ratio: %6.2fx\n", p / c; else print "piimap/cat time ratio: n/a" }'
OUTPUT_BYTES=$(stat -c %s -- "$TMP/piimap.jsonl" 2>/dev/null || echo 0)
awk -v s="$MED_summary" -v w="$MED_write" -v r="$MED_rg" -v o="$OUTPUT_BYTES" 'BEGIN {
    if (r <= 0) exit;
    printf "summary/rg time ratio: %6.2fx  (piimap --format table: the scan without a record per finding)\n", s / r;
    printf "goal (2x rg):          %8.3fs\n", r / 2;
    printf "output floor:          %8.3fs  = %.2fx the goal (writing the %.2f GB of JSONL piimap wrote, by cat)\n", w, w / (r / 2), o / 1e9 }'

echo
echo "like for like (issue 21): piimap throughput / ripgrep throughput on the same work"
awk -v s="$MED_summary" -v i="$MED_inventory" -v p="$MED_piimap" -v r="$MED_rg" -v j="$MED_rgjson" 'BEGIN {
    if (s > 0) printf "  counts    scan --format table      vs rg --count-matches:  %.2fx  (goal >= 1, aim 2)\n", r / s;
    if (i > 0) printf "  inventory inventory --format json  vs rg --count-matches:  %.2fx  (goal >= 1, aim 2)\n", r / i;
    if (p > 0) printf "  records   scan --format jsonl -o   vs rg --json > file:     %.2fx  (goal >= 1.5)\n", j / p }'

if [[ ${#RSS_piimap[@]} -gt 0 ]]; then
    printf 'piimap peak RSS: %.1f MiB (max over runs; via %s)\n' "$(awk -v k="$(maxval "${RSS_piimap[@]}")" 'BEGIN {print k / 1024}')" "$RSS_METHOD"
    [[ ${#RSS_rg[@]} -eq 0 ]] || printf 'rg peak RSS:     %.1f MiB\n' "$(awk -v k="$(maxval "${RSS_rg[@]}")" 'BEGIN {print k / 1024}')"
else
    echo "piimap peak RSS: unavailable (neither GNU time at /usr/bin/time nor python3's resource module; apt-get install time)"
fi
echo "corpus size:     $CORPUS_MIB MiB ($CORPUS_FILES files)"
rg_matches=$(awk -F: '{s += $NF} END {printf "%d", s}' "$TMP/rg.out")
piimap_findings=$(if [[ -f $TMP/piimap.jsonl ]]; then wc -l <"$TMP/piimap.jsonl"; else echo "0 (no output file written)"; fi)
echo "rg matches (sum of --count-matches, last run): $rg_matches"
echo "piimap findings (lines of jsonl, last run):    $piimap_findings"
