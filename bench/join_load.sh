#!/usr/bin/env bash
# Load test of joinLiveStream and getLiveStream: wrk with 64 connections against the real server
# (fresh data dir), 64 signed-up viewers rotated per request. Prints req/s and the latency
# distribution for each. On SQLite by default; BENCH_DB=postgresql runs it on a throwaway
# PostgreSQL 15 on 127.0.0.1 instead. Usage: [BENCH_DB=postgresql] bench/join_load.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-64}
bin=${ONAIR_BINARY:-build/onair}
work=$(mktemp -d)
chmod 755 "$work"  # PostgreSQL runs as nobody when started by root
db=${BENCH_DB:-sqlite}
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; [ "$db" = postgresql ] && scripts/pg-test-cluster.sh stop "$work/pg"; rm -rf "$work"' EXIT
server=
if [ "$db" = postgresql ]; then
  pg_url=$(scripts/pg-test-cluster.sh start "$work/pg")
  export ONAIR_DATABASE_URL=$pg_url
fi

ONAIR_DATA_DIR="$work" ONAIR_LISTEN=127.0.0.1:0 ONAIR_LOG_LEVEL=${ONAIR_LOG_LEVEL:-info} ONAIR_SIGNUPS_PER_HOUR=100000 \
  "$bin" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q "listening on" "$work/server.log" && break; sleep 0.05; done
base=$(grep -o 'http://[0-9.:]*' "$work/server.log" | head -1)

token() { python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])'; }
creator=$(curl -s -H "Content-Type: application/json" -XPOST "$base/api/auth/signup" -d '{"handle":"creator","email":"c@bench.test","password":"password1"}' | token)
stream=$(curl -s -H "Content-Type: application/json" -XPOST "$base/api/live-streams" -H "Authorization: Bearer $creator" \
  -d '{"title":"bench","sensitivity":"none","gating":"public"}' | python3 -c 'import sys,json;print(json.load(sys.stdin)["stream"]["id"])')
: > "$work/tokens.txt"
for i in $(seq 1 "$connections"); do
  curl -s -H "Content-Type: application/json" -XPOST "$base/api/auth/signup" -d "{\"handle\":\"viewer$i\",\"email\":\"v$i@bench.test\",\"password\":\"password1\"}" | token >> "$work/tokens.txt"
done

cat > "$work/rotate.lua" <<LUA
local tokens = {}
for line in io.lines("$work/tokens.txt") do tokens[#tokens + 1] = line end
local n = 0
wrk.method = os.getenv("BENCH_METHOD")
wrk.path = os.getenv("BENCH_PATH")
if wrk.method == "POST" then wrk.body = "{}" end
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  wrk.headers["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1]
  return wrk.format()
end
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %s req/s=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d errors=%d\n",
    os.getenv("BENCH_NAME"), summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, summary.requests, errors))
end
LUA

run() {
  BENCH_NAME=$1 BENCH_METHOD=$2 BENCH_PATH=$3 wrk -t2 -c"$connections" -d"${seconds}s" --latency \
    -s "$work/rotate.lua" "$base" | grep RESULT
}
echo "onair join/get load: $connections connections, ${seconds}s each, $db, $(nproc) cores"
# PERF_OUT=file records the server (call graphs) during the join run.
if [ -n "${PERF_OUT:-}" ]; then perf record -g -p "$server" -o "$PERF_OUT" >/dev/null 2>&1 & perfpid=$!; fi
run joinLiveStream POST "/api/live-streams/$stream/join"
if [ -n "${PERF_OUT:-}" ]; then kill -INT $perfpid; wait $perfpid 2>/dev/null || true; fi
run getLiveStream GET "/api/live-streams/$stream"
count='SELECT COUNT(*) FROM live_stream_participants'
if [ "$db" = postgresql ]; then
  echo "participant rows: $(psql -At "$pg_url" -c "$count")"
else
  echo "participant rows: $(sqlite3 "$work/onair.db" "$count")"
fi
