#!/usr/bin/env bash
# Builds onair and its web client and runs the server on the embedded defaults
# (SQLite in ./data, built-in relay, email to ./data/outbox). Open http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh --runtime-only
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DONAIR_BUILD_TESTS=OFF -DONAIR_BUILD_BENCH=OFF >/dev/null
ninja -C build onair
if [ -f web/package.json ]; then
  ./scripts/npm-ready.sh web
  (cd web && npm run build --silent)
fi
exec ./build/onair
