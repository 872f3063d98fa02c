#!/usr/bin/env bash
# Times `piimap scan --staged` on a 50-file commit in a 10,000-file repository:
# the pre-commit case. The scan must cost the size of the change, not of the
# repository (piimap asks git for the diff and never walks the tree).
#
#   benches/staged_commit.sh [FILES] [CHANGED] [RUNS]      (defaults 10000 50 10)
# PIIMAP selects the binary (default target/release/piimap).
set -euo pipefail
files=${1:-10000}
changed=${2:-50}
runs=${3:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
piimap=${PIIMAP:-$root/target/release/piimap}
[ -x "$piimap" ] || { echo "no piimap binary at $piimap (cargo build --release)" >&2; exit 2; }
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com

cd "$repo"
git init -q -b main
python3 - "$files" <<'PY'
import os, sys
n = int(sys.argv[1])
for i in range(n):
    d = f"src/mod{i % 100:02d}"
    os.makedirs(d, exist_ok=True)
    with open(f"{d}/file{i:05d}.py", "w") as f:
        for j in range(40):
            f.write(f"def function_{j}(value):\n    return value * {j} + {i}  # ordinary code, version 1.2.{j}\n")
PY
git add -A && git commit -q -m "10k files"
python3 - "$files" "$changed" <<'PY'
import sys
n, k = int(sys.argv[1]), int(sys.argv[2])
for c in range(k):
    i = c * (n // k)
    path = f"src/mod{i % 100:02d}/file{i:05d}.py"
    with open(path, "a") as f:
        for j in range(20):
            f.write(f"# added line {j}: contact support@example.com or 514-555-{j:04d}, build 2.{j}.0\n")
PY
git add -A
echo "repository: $(git ls-files | wc -l) tracked files, $(du -sh . | cut -f1); staged: $(git diff --cached --name-only | wc -l) files, $(git diff --cached --numstat | awk '{s+=$1} END {print s}') added lines"

times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  set +e; "$piimap" scan --staged --format jsonl --quiet > /tmp/staged-findings.jsonl; code=$?; set -e
  end=$(date +%s%N)
  [ "$code" -le 1 ] || { echo "piimap failed ($code)" >&2; exit 2; }
  times+=($(( (end - start) / 1000000 )))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
echo "runs (ms): ${times[*]}"
echo "median: $(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p") ms; findings: $(wc -l < /tmp/staged-findings.jsonl)"
start=$(date +%s%N); git diff --cached --unified=0 > /dev/null; end=$(date +%s%N)
echo "for reference, git diff --cached alone: $(( (end - start) / 1000000 )) ms"
start=$(date +%s%N); "$piimap" scan . --format jsonl --quiet > /dev/null || true; end=$(date +%s%N)
echo "for reference, a full scan of the tree: $(( (end - start) / 1000000 )) ms"
