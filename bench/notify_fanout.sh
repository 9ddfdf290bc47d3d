#!/usr/bin/env bash
# "Is live" fan-out on SQLite: an author with N followers (default 100,000) goes live through the
# relay; prints the time until every in-app notification is written and the p50/p99 of
# getLiveStream requests made (wrk, 16 connections) while the fan-out runs.
# Usage: bench/notify_fanout.sh [followers]   (needs build/onair and build/bench/relay_fanout)
set -euo pipefail
cd "$(dirname "$0")/.."
followers=${1:-100000}
bin=build/onair
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill $server 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

start() {
  ONAIR_DATA_DIR="$work" ONAIR_LISTEN=127.0.0.1:0 ONAIR_LOG_LEVEL=warn "$bin" >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 200); do grep -q "listening on" "$work/server.log" && break; sleep 0.05; done
  base=$(grep -o 'http://[0-9.:]*' "$work/server.log" | tail -1)
  port=${base##*:}
}
json() { python3 -c "import sys,json;d=json.load(sys.stdin);print($1)"; }

start
token=$(curl -s -XPOST "$base/api/auth/signup" -d '{"handle":"creator","email":"c@bench.test","password":"password1"}' | json 'd["token"]')
creator=$(curl -s "$base/api/me" -H "Authorization: Bearer $token" | json 'd["user"]["id"]')
kill $server; wait $server 2>/dev/null || true; : > "$work/server.log"
sqlite3 "$work/onair.db" "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $followers)
  INSERT INTO users (id, handle, email, display_name, password_hash, created_at)
  SELECT printf('f%09d', i), printf('f%09d', i), printf('f%09d@bench.test', i), 'f', 'x', 0 FROM seq;
  INSERT INTO follows (follower_id, followee_id, created_at) SELECT id, '$creator', 0 FROM users WHERE handle LIKE 'f0%';"
start
created=$(curl -s -XPOST "$base/api/live-streams" -H "Authorization: Bearer $token" -d '{"title":"bench","sensitivity":"none","gating":"public"}')
stream=$(echo "$created" | json 'd["stream"]["id"]')
publish=$(echo "$created" | json 'd["publish"]["url"].split("//",1)[1].split("/",1)[1]')
ptoken=$(echo "$created" | json 'd["publish"]["token"]')
echo "wrk.headers['Authorization']='Bearer $token'" > "$work/auth.lua"
echo "notify_fanout: $followers followers, SQLite, $(nproc) cores"
t0=$(date +%s.%N)
build/bench/relay_fanout --publish "$port" "/$publish?token=$ptoken" tests/fixtures/media/vp8_opus_restart_a.webm 60 &
pub=$!
wrk -t1 -c16 -d60s --latency -s "$work/auth.lua" "$base/api/live-streams/$stream" > "$work/wrk.txt" 2>&1 &
wrkpid=$!
while [ "$(sqlite3 "$work/onair.db" 'SELECT COUNT(*) FROM notifications')" -lt "$followers" ]; do sleep 0.05; done
t1=$(date +%s.%N)
kill -INT $wrkpid 2>/dev/null || true; wait $wrkpid 2>/dev/null || true
kill $pub 2>/dev/null || true
printf 'all %d in-app notifications written in %.2f s\n' "$followers" "$(echo "$t1 - $t0" | bc)"
grep -E "Requests/sec|^ +50%|^ +99%" "$work/wrk.txt" | sed 's/^/getLiveStream during fan-out: /'
