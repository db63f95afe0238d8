#!/usr/bin/env bash
# Starts a private, throw-away PostgreSQL cluster on loopback for the test suite and prints its URL.
#   scripts/test-postgres.sh start DIR   → prints postgres://postgres@127.0.0.1:PORT/postgres
#   scripts/test-postgres.sh stop DIR
# Uses the newest /usr/lib/postgresql/*/bin (or PROVENA_POSTGRES_BIN); as root it runs the server as the `postgres`
# user.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?data directory}
bin=${PROVENA_POSTGRES_BIN-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -z "$bin" ] || [ -x "$bin/initdb" ] || bin=''
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql-15)" >&2; exit 3; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null
    # pgvector, when installed, in the template every test database is created from (decision 0027).
    if [ -f "$("$bin/pg_config" --sharedir 2>/dev/null || echo /nonexistent)/extension/vector.control" ]; then
      as_owner "$bin/psql" -q -h "$dir" -p "$port" -U postgres -d template1 -c 'create extension if not exists vector' >/dev/null
    fi
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "unknown command $cmd" >&2; exit 2 ;;
esac
