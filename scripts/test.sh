#!/usr/bin/env bash
# Builds everything and runs every test suite through ctest: C++ unit and HTTP integration tests
# against the real server binary, the web client's component tests and the LiveKit stand-in's
# tests. Ends with ctest's summary. With CI=true, warnings are errors.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
werror=OFF
if [ "${CI:-}" = "true" ]; then werror=ON; fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DONAIR_WERROR=$werror -DONAIR_BUILD_TESTS=ON -DONAIR_BUILD_BENCH=ON >/dev/null
ninja -C build
# The libFuzzer harnesses that ctest's fuzz_* tests run (clang, into build-fuzz/).
./fuzz/run.sh build
for dir in web tests/livekit-standin tests/browser tests/contract; do
  if [ -f "$dir/package-lock.json" ]; then ./scripts/npm-ready.sh "$dir"; fi
done
if [ -f web/package.json ]; then (cd web && npm run build --silent); fi
# The store suite also runs against a real PostgreSQL server, started here and stopped after.
root=$(pwd)
export ONAIR_PG_URL=$("$root/scripts/pg-test-cluster.sh" start "$root/build/pg")
trap '"$root/scripts/pg-test-cluster.sh" stop "$root/build/pg" || true' EXIT
cd build
ctest -j2 --output-on-failure --timeout 600
