# Shared helpers for tests/servers/{up,down,pg-cluster}.  Sourced, not run.
# shellcheck shell=bash

SERVERS_HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck disable=SC2034  # used by the scripts that source this
REPO="$(cd "$SERVERS_HERE/../.." && pwd)"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
PY="${PYTHON:-python3}"
# Debian puts mariadbd in /usr/sbin, which a non-root PATH often lacks.
PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
export PYTHONDONTWRITEBYTECODE=1

is_root() { [ "$(id -u)" -eq 0 ]; }

as_user() {  # as_user USER CMD...: run CMD as USER when we are root, else as ourselves
    local u="$1"; shift
    if is_root; then runuser -u "$u" -- "$@"; else "$@"; fi
}

say() { printf '%s\n' "$*" >&2; }
die() { printf '%s: %s\n' "${0##*/}" "$*" >&2; exit 1; }

# free_ports N: N distinct free TCP ports on 127.0.0.1, space-separated.
free_ports() {
    "$PY" - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
EOF
}

urlenc() { "$PY" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

# shq VALUE: VALUE single-quoted for the shell.
shq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

# usable_by USER DIR: can USER (when we are root) create files in DIR?
usable_by() {
    if is_root; then runuser -u "$1" -- test -x "$2"; else test -w "$2"; fi
}

# pid_alive PID: is PID a live process (not a zombie)?  Works across users.
pid_alive() {
    local st
    [ -n "$1" ] && [ -r "/proc/$1/stat" ] || return 1
    st="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
    st="${st##*) }"
    [ "${st%% *}" != Z ]
}

# pid_starttime PID: field 22 of /proc/PID/stat (start time in clock ticks since boot).
pid_starttime() {
    local st
    st="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
    st="${st##*) }"
    # shellcheck disable=SC2086
    set -- $st
    printf '%s\n' "${20}"
}

# wait_gone PID SECONDS: wait up to SECONDS (tenths polled) for PID to exit.
wait_gone() {
    local i n=$(( $2 * 10 ))
    for ((i = 0; i < n; i++)); do
        pid_alive "$1" || return 0
        sleep 0.1
    done
    ! pid_alive "$1"
}

# stop_pid PID [SECONDS]: TERM, wait, then KILL.
stop_pid() {
    local pid="$1" t="${2:-10}"
    pid_alive "$pid" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    wait_gone "$pid" "$t" && return 0
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 5 || true
}

# pg_stop DATADIR MODE: pg_ctl stop, falling back to killing the postmaster.
pg_stop() {
    local data="$1" mode="$2" pid owner
    [ -f "$data/postmaster.pid" ] || return 0
    pid="$(head -n1 "$data/postmaster.pid" 2>/dev/null || true)"
    owner="$(stat -c %U "$data" 2>/dev/null || echo postgres)"
    if ! as_user "$owner" "$PGBIN/pg_ctl" -D "$data" -m "$mode" -w -t 15 stop >/dev/null 2>&1; then
        [ -n "$pid" ] && stop_pid "$pid" 5
    fi
    if [ -n "$pid" ]; then wait_gone "$pid" 5 || true; fi
}

# short_enough PATH: fits in a unix socket address (108 bytes with the NUL) with room to spare.
short_enough() { [ "${#1}" -le 100 ]; }
