#!/usr/bin/env bash
# Do sign-ups starve ordinary requests? Measures GET /api/me (wrk, 8 connections) on its own, then
# while 16 clients sign up as fast as they can (argon2id, 64 MiB and ~0.1 s each). Prints both
# latency distributions and how the sign-ups fared. Usage: bench/signup_storm.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
bin=${ONAIR_BINARY:-build/onair}
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT

ONAIR_DATA_DIR="$work" ONAIR_LISTEN=127.0.0.1:0 ONAIR_LOG_LEVEL=warn ONAIR_SIGNUPS_PER_HOUR=1000000 \
  "$bin" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q "listening on" "$work/server.log" && break; sleep 0.05; done
base=$(grep -o 'http://[0-9.:]*' "$work/server.log" | head -1)
token=$(curl -s -H "Content-Type: application/json" -XPOST "$base/api/auth/signup" \
  -d '{"handle":"reader","email":"r@bench.test","password":"password1"}' |
  python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])')

me() {
  wrk -t1 -c8 -d"${seconds}s" --latency -H "Authorization: Bearer $token" "$base/api/me" |
    grep -E "Requests/sec|  50%|  99%" | tr -s ' ' | tr '\n' ' '
  echo
}

echo "GET /api/me alone:            $(me)"
( seq 1 100000 | xargs -P 16 -I{} curl -s -o /dev/null -w '%{http_code}\n' -H "Content-Type: application/json" \
    -XPOST "$base/api/auth/signup" -d '{"handle":"s{}","email":"s{}@bench.test","password":"password1"}' \
    >"$work/signups.txt" 2>/dev/null || true ) &
storm=$!
sleep 1
echo "GET /api/me during sign-ups:  $(me)"
kill $storm 2>/dev/null || true
pkill -P $storm 2>/dev/null || true
wait $storm 2>/dev/null || true
echo "sign-ups answered during the run: $(sort "$work/signups.txt" | uniq -c | tr -s ' ' | tr '\n' ' ')"
