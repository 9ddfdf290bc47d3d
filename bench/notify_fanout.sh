#!/usr/bin/env bash
# "Is live" fan-out on SQLite: an author with N followers (default 100,000) goes live through the
# relay; prints the time until every in-app notification is written and the p50/p99 of
# getLiveStream requests made (wrk, 16 connections) while the fan-out runs, and how long the
# followers with an open event socket (`GET /ws`, default 1,000) took to receive it.
# Usage: bench/notify_fanout.sh [followers] [sockets]
#   (needs build/onair, build/bench/relay_fanout and build/bench/ws_clients)
# WRK=0 leaves wrk out; KEEP=1 keeps the data dir; PERF_OUT=file records the server with perf;
# EMAILS=1 also times the emails to the outbox.
set -euo pipefail
cd "$(dirname "$0")/.."
followers=${1:-100000}
sockets=${2:-1000}
ulimit -n 65536 2>/dev/null || true
bin=build/onair
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill $server 2>/dev/null; wait 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

start() {
  ONAIR_DATA_DIR="$work" ONAIR_LISTEN=127.0.0.1:0 ONAIR_LOG_LEVEL=warn ONAIR_MAX_CONNECTIONS_PER_ADDRESS=1000000 "$bin" >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 200); do grep -q "listening on" "$work/server.log" && break; sleep 0.05; done
  base=$(grep -o 'http://[0-9.:]*' "$work/server.log" | tail -1)
  port=${base##*:}
}
json() { python3 -c "import sys,json;d=json.load(sys.stdin);print($1)"; }

start
token=$(curl -s -H "Content-Type: application/json" -XPOST "$base/api/auth/signup" -d '{"handle":"creator","email":"c@bench.test","password":"password1"}' | json 'd["token"]')
creator=$(curl -s "$base/api/me" -H "Authorization: Bearer $token" | json 'd["user"]["id"]')
kill $server; wait $server 2>/dev/null || true; : > "$work/server.log"
sqlite3 "$work/onair.db" "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $followers)
  INSERT INTO users (id, handle, email, display_name, password_hash, created_at)
  SELECT printf('f%09d', i), printf('f%09d', i), printf('f%09d@bench.test', i), 'f', 'x', 0 FROM seq;
  INSERT INTO follows (follower_id, followee_id, created_at) SELECT id, '$creator', 0 FROM users WHERE handle LIKE 'f0%';"
# Sessions for $sockets followers spread evenly over the follower list, so the last of them is
# reached by the last batches (tokens known here, stored as their SHA-256).
python3 - "$sockets" "$work/tokens.txt" "$followers" <<'PY' | sqlite3 "$work/onair.db"
import hashlib, sys
n, out, total = int(sys.argv[1]), open(sys.argv[2], "w"), int(sys.argv[3])
step = max(1, total // n)
print("BEGIN;")
for i in range(1, n + 1):
    token = "benchsession%09d" % i
    out.write(token + "\n")
    print("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ('%s', 'f%09d', 0, 9999999999999);"
          % (hashlib.sha256(token.encode()).hexdigest(), i * step))
print("COMMIT;")
PY
start
created=$(curl -s -H "Content-Type: application/json" -XPOST "$base/api/live-streams" -H "Authorization: Bearer $token" -d '{"title":"bench","sensitivity":"none","gating":"public"}')
stream=$(echo "$created" | json 'd["stream"]["id"]')
publish=$(echo "$created" | json 'd["publish"]["url"].split("//",1)[1].split("/",1)[1]')
ptoken=$(echo "$created" | json 'd["publish"]["token"]')
echo "wrk.headers['Authorization']='Bearer $token'" > "$work/auth.lua"
[ -n "${KEEP:-}" ] && echo "work dir: $work"
echo "notify_fanout: $followers followers ($sockets with an open /ws), SQLite, $(nproc) cores"
build/bench/ws_clients "$port" 120 < "$work/tokens.txt" > "$work/ws.txt" 2>&1 &
wspid=$!
for _ in $(seq 600); do grep -q READY "$work/ws.txt" && break; sleep 0.05; done
grep -q READY "$work/ws.txt" || { echo "event sockets did not connect: $(cat "$work/ws.txt")"; exit 1; }
t0=$(date +%s.%N)
build/bench/relay_fanout --publish "$port" "/$publish?token=$ptoken" tests/fixtures/media/vp8_opus_restart_a.webm 60 &
pub=$!
# TARGET=join: the followers with sessions join the stream instead (a write per request).
cat > "$work/join.lua" <<LUA
local tokens = {}
for line in io.lines("$work/tokens.txt") do tokens[#tokens + 1] = line end
local n = 0
wrk.method = "POST"
wrk.body = "{}"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  wrk.headers["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1]
  return wrk.format()
end
LUA
if [ "${WRK:-1}" = 1 ] && [ "${TARGET:-get}" = join ]; then
  wrk -t1 -c16 -d60s --latency -s "$work/join.lua" "$base/api/live-streams/$stream/join" > "$work/wrk.txt" 2>&1 &
  wrkpid=$!
elif [ "${WRK:-1}" = 1 ]; then
  wrk -t1 -c16 -d60s --latency -s "$work/auth.lua" "$base/api/live-streams/$stream" > "$work/wrk.txt" 2>&1 &
  wrkpid=$!
else
  : > "$work/wrk.txt"; wrkpid=""
fi
if [ -n "${PERF_OUT:-}" ]; then perf record -g -p "$server" -o "$PERF_OUT" >/dev/null 2>&1 & perfpid=$!; fi
while [ "$(sqlite3 "$work/onair.db" 'SELECT COUNT(*) FROM notifications')" -lt "$followers" ]; do sleep 0.05; done
t1=$(date +%s.%N)
[ -n "$wrkpid" ] && { kill -INT $wrkpid 2>/dev/null || true; wait $wrkpid 2>/dev/null || true; }
[ -n "${PERF_OUT:-}" ] && { kill -INT $perfpid; wait $perfpid 2>/dev/null || true; }
kill $pub 2>/dev/null || true
printf 'all %d in-app notifications written in %.2f s\n' "$followers" "$(echo "$t1 - $t0" | bc)"
if [ "${EMAILS:-0}" = 1 ]; then
  # EMAILS=1: also wait for every follower's email in the outbox (the default mailer).
  while [ "$(find "$work/outbox" -name '*.eml' 2>/dev/null | wc -l)" -lt "$followers" ]; do sleep 0.2; done
  t2=$(date +%s.%N)
  printf 'all %d emails written to the outbox in %.2f s\n' "$followers" "$(echo "$t2 - $t0" | bc)"
fi
wait $wspid || true
t0ms=$(echo "$t0 * 1000 / 1" | bc)
read -r median last <<<"$(sed -n 's/.*median_ms \([0-9]*\) last_ms \([0-9]*\).*/\1 \2/p' "$work/ws.txt")"
if [ -n "${last:-}" ]; then
  printf 'all %d /ws clients had it %.2f s after the publish (median %.2f s)\n' "$sockets" \
    "$(echo "($last - $t0ms) / 1000" | bc -l)" "$(echo "($median - $t0ms) / 1000" | bc -l)"
else
  echo "/ws clients: $(cat "$work/ws.txt")"
fi
label=getLiveStream; [ "${TARGET:-get}" = join ] && label=joinLiveStream
grep -E "Requests/sec|^ +50%|^ +99%" "$work/wrk.txt" | sed "s/^/$label during fan-out: /"
