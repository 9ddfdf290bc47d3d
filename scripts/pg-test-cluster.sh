#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster on 127.0.0.1 for the store tests.
#   scripts/pg-test-cluster.sh start DIR   → prints the URL (postgresql://postgres@127.0.0.1:PORT/postgres)
#   scripts/pg-test-cluster.sh stop DIR
# As root the server runs as `nobody` (PostgreSQL refuses to run as root).
set -euo pipefail
cmd=$1
dir=$(realpath -m "$2")
bin=/usr/lib/postgresql/15/bin
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown nobody "$dir"; fi
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    # fsync off: a throwaway cluster. wal_init_zero off: a fresh cluster zero-fills every new 16 MB
    # WAL segment while commits wait (30-80 ms stalls under load); a server that has run a while
    # recycles its segments instead, which is what this makes the test cluster behave like.
    as_owner "$bin/pg_ctl" -D "$dir/data" -w -l "$dir/server.log" \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c wal_init_zero=off" \
      start >/dev/null
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [ -d "$dir/data" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true; fi
    ;;
esac
