#!/usr/bin/env bash
# Re-create every fixture in corpora/structured/ from scratch.
#
#   bash corpora/structured/make_fixtures.sh
#
# Prerequisites (Debian 12): postgresql-15 (server binaries), mariadb-server,
# zstd, python3 with pyarrow (pip install pyarrow).  Run as root (the database
# servers are started as the `postgres` and `mysql` users) or as a user who can
# start them directly.  Both servers are throwaway instances under a fresh
# /tmp directory, listening on a unix socket only (no TCP), stopped and deleted
# at the end.
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1   # no __pycache__ beside the fixtures

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"

PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
PY="${PYTHON:-python3}"
DB=fondation_boreale
RESTRICT_KEY=piimapfixtures   # fixed key: pg_dump otherwise writes a random \restrict key

missing=()
for b in "$PGBIN/initdb" "$PGBIN/pg_ctl" "$PGBIN/pg_dump" "$PGBIN/psql" "$PGBIN/createdb"; do
    [ -x "$b" ] || missing+=("$b (apt-get install postgresql-15)")
done
for b in mariadbd mariadb-install-db mariadb-dump mariadb mariadb-admin; do
    command -v "$b" >/dev/null 2>&1 || missing+=("$b (apt-get install mariadb-server)")
done
command -v zstd >/dev/null 2>&1 || missing+=("zstd (apt-get install zstd)")
"$PY" -c 'import pyarrow' 2>/dev/null || missing+=("pyarrow (pip install pyarrow)")
if [ ${#missing[@]} -gt 0 ]; then
    printf 'make_fixtures.sh: missing prerequisite: %s\n' "${missing[@]}" >&2
    exit 1
fi

as_user() {  # as_user USER CMD...: run CMD as USER when we are root
    local u="$1"; shift
    if [ "$(id -u)" -eq 0 ]; then runuser -u "$u" -- "$@"; else "$@"; fi
}

WORK="$(mktemp -d /tmp/piimap-fixtures.XXXXXX)"
chmod 755 "$WORK"
PGDATA="$WORK/pg/data"
PGSOCK="$WORK/pg"
MYSOCK="$WORK/my/mysqld.sock"
PG_STARTED=0
MY_PID=""
cleanup() {
    if [ "$PG_STARTED" = 1 ]; then
        as_user postgres "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
    fi
    if [ -n "$MY_PID" ]; then
        mariadb-admin --no-defaults --socket="$MYSOCK" -uroot shutdown >/dev/null 2>&1 || kill "$MY_PID" 2>/dev/null || true
        wait "$MY_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

rm -rf pg mysql csv json parquet sqlite compressed expected.tsv
mkdir -p pg mysql

"$PY" gen_data.py pg-load "$WORK/load_pg.sql"
"$PY" gen_data.py mysql-load "$WORK/load_mysql.sql"

# ---------------------------------------------------------------- PostgreSQL
mkdir -p "$WORK/pg"
[ "$(id -u)" -eq 0 ] && chown postgres: "$WORK/pg"
as_user postgres env TZ=UTC "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust \
    -E UTF8 --no-locale --no-sync >"$WORK/initdb.log"
as_user postgres "$PGBIN/pg_ctl" -D "$PGDATA" -l "$WORK/pg/server.log" -w \
    -o "-c listen_addresses='' -c port=54329 -c unix_socket_directories='$PGSOCK' -c fsync=off -c timezone=UTC" \
    start >/dev/null
PG_STARTED=1
export PGHOST="$PGSOCK" PGPORT=54329 PGUSER=postgres PGTZ=UTC
"$PGBIN/createdb" "$DB"
"$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$WORK/load_pg.sql" >/dev/null
"$PGBIN/psql" -X -q -d "$DB" -c 'VACUUM ANALYZE' >/dev/null
"$PGBIN/pg_dump" --restrict-key="$RESTRICT_KEY" -d "$DB" -f pg/export.sql
"$PGBIN/pg_dump" --restrict-key="$RESTRICT_KEY" --inserts -d "$DB" -f pg/export_inserts.sql
"$PGBIN/pg_dump" --restrict-key="$RESTRICT_KEY" --column-inserts -d "$DB" -f pg/export_column_inserts.sql
as_user postgres "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
PG_STARTED=0
unset PGHOST PGPORT PGUSER PGTZ
"$PY" gen_data.py truncate

# ---------------------------------------------------------------- MariaDB
mkdir -p "$WORK/my"
[ "$(id -u)" -eq 0 ] && chown mysql: "$WORK/my"
as_user mysql mariadb-install-db --no-defaults --datadir="$WORK/my/data" \
    --auth-root-authentication-method=normal --skip-test-db >"$WORK/my-install.log" 2>&1
mariadbd --no-defaults --user=mysql --datadir="$WORK/my/data" --socket="$MYSOCK" \
    --skip-networking --pid-file="$WORK/my/mysqld.pid" --log-error="$WORK/my/error.log" \
    --innodb-buffer-pool-size=32M --default-time-zone=+00:00 &
MY_PID=$!
for _ in $(seq 1 100); do
    mariadb-admin --no-defaults --socket="$MYSOCK" -uroot ping >/dev/null 2>&1 && break
    sleep 0.2
done
mariadb --no-defaults --socket="$MYSOCK" -uroot -e "CREATE DATABASE $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
mariadb --no-defaults --socket="$MYSOCK" -uroot "$DB" <"$WORK/load_mysql.sql"
# --skip-dump-date: no "Dump completed on <date>" trailer; a small net buffer splits
# each table's rows over several extended INSERT statements.
mariadb-dump --no-defaults --socket="$MYSOCK" -uroot --skip-dump-date --order-by-primary \
    --net-buffer-length=4096 "$DB" >mysql/export.sql
mariadb-dump --no-defaults --socket="$MYSOCK" -uroot --skip-dump-date --order-by-primary \
    --skip-extended-insert --complete-insert "$DB" >mysql/export_complete_insert.sql
mariadb-admin --no-defaults --socket="$MYSOCK" -uroot shutdown
wait "$MY_PID" || true
MY_PID=""
"$PY" gen_data.py mysql-oneline

# ---------------------------------------------------------------- files
"$PY" gen_data.py files
"$PY" make_parquet.py
"$PY" gen_data.py expected
"$PY" gen_data.py check
