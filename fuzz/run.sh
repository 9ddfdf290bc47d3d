#!/usr/bin/env bash
# Builds the libFuzzer harnesses (fuzz/*_fuzz.cpp) with Debian's clang into build-fuzz/ and runs
# them: first every saved regression input (fuzz/regressions/NAME/), then NAME for SECONDS of
# fuzzing from a scratch copy of fuzz/corpus/NAME/ (the committed corpus is never written).
# Exits non-zero on any crash, hang, leak or out-of-memory and prints the reproducer's path.
#
#   fuzz/run.sh                      all harnesses, $ONAIR_FUZZ_SECONDS (default 30) s each
#   fuzz/run.sh NAME [SECONDS]       one harness (webm_parser, multipart, json_io, cursor, ...)
#   fuzz/run.sh all [SECONDS]        every harness, one after another
#   fuzz/run.sh build                only build
#   SECONDS of 0 replays the regression inputs only.
#
# Environment: ONAIR_FUZZ_SECONDS, ONAIR_FUZZ_BUILD_DIR (build-fuzz), ONAIR_FUZZ_JOBS (ninja -j),
# ONAIR_FUZZ_ARTIFACTS (where crashes are kept; build-fuzz/artifacts).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fuzz_dir="$root/fuzz"
build_dir="${ONAIR_FUZZ_BUILD_DIR:-$root/build-fuzz}"
artifacts="${ONAIR_FUZZ_ARTIFACTS:-$build_dir/artifacts}"

harnesses() {
  for f in "$fuzz_dir"/*_fuzz.cpp; do basename "$f" _fuzz.cpp; done
}

# clang and libFuzzer's runtime (libclang_rt.fuzzer) from Debian, installed when missing. The rest
# of the build dependencies come from scripts/install-deps.sh.
ensure_clang() {
  local missing=()
  for p in clang libclang-rt-14-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # Another install may hold the dpkg lock: wait for it rather than fail.
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
  ensure_clang
  mkdir -p "$build_dir"
  # ctest may start several harnesses at once: one build at a time.
  exec 9>"$build_dir/.build-lock"
  flock 9
  if [ ! -f "$build_dir/build.ninja" ]; then
    CXX=clang++ cmake -S "$fuzz_dir" -B "$build_dir" -G Ninja -DCMAKE_CXX_COMPILER=clang++ >/dev/null
  fi
  ninja -C "$build_dir" ${ONAIR_FUZZ_JOBS:+-j "$ONAIR_FUZZ_JOBS"} "$@" >&2
  flock -u 9
  exec 9>&-
}

report() {
  local name=$1 what=$2 dir=$3 log=$4
  echo "FAILED: $name ($what)" >&2
  # The sanitizer's or the harness's report, without libFuzzer's progress lines.
  grep -v -E '^#[0-9]+ ' "$log" | tail -n 40 >&2
  local found
  found=$(find "$dir" -maxdepth 1 -type f -newer "$log.start" \( -name 'crash-*' -o -name 'leak-*' \
    -o -name 'timeout-*' -o -name 'oom-*' -o -name 'slow-unit-*' \) 2>/dev/null || true)
  if [ -n "$found" ]; then
    echo "reproducer(s):" >&2
    for f in $found; do echo "  $f   (rerun: $build_dir/${name}_fuzz $f)" >&2; done
  fi
}

run_one() {
  local name=$1 seconds=$2
  local bin="$build_dir/${name}_fuzz"
  [ -x "$bin" ] || { echo "no harness named $name (have: $(harnesses | tr '\n' ' '))" >&2; return 2; }
  local art="$artifacts/$name"
  mkdir -p "$art"
  local scratch
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/onair-fuzz-$name.XXXXXX")
  local log="$scratch/log"
  touch "$log.start"
  local options=(-rss_limit_mb=1024 -timeout=10 "-artifact_prefix=$art/")

  # Every input that once failed must pass now.
  local regressions=("$fuzz_dir/regressions/$name"/*)
  if [ -e "${regressions[0]}" ]; then
    if ! "$bin" "${options[@]}" "${regressions[@]}" >"$log" 2>&1; then
      report "$name" "regression inputs in fuzz/regressions/$name; log $log" "$art" "$log"
      return 1
    fi
    echo "$name: ${#regressions[@]} regression input(s) pass" >&2
  fi

  if [ "$seconds" -eq 0 ]; then rm -rf "$scratch"; return 0; fi  # regression inputs only

  mkdir -p "$scratch/corpus"
  if [ -d "$fuzz_dir/corpus/$name" ]; then cp -R "$fuzz_dir/corpus/$name/." "$scratch/corpus/"; fi
  local dict=()
  if [ -f "$fuzz_dir/dict/$name.dict" ]; then dict=("-dict=$fuzz_dir/dict/$name.dict"); fi
  local status=0
  "$bin" "${options[@]}" "${dict[@]}" -max_total_time="$seconds" -print_final_stats=1 \
    "$scratch/corpus" >"$log" 2>&1 || status=$?
  if [ $status -ne 0 ]; then
    report "$name" "fuzzing, exit $status; log $log" "$art" "$log"
    return 1
  fi
  local summary
  summary=$(grep -E '^#[0-9]+.*(DONE|INITED)' "$log" | tail -n 1 || true)
  echo "$name: ${seconds}s clean — ${summary:-no summary}" >&2
  rm -rf "$scratch"
}

what=${1:-all}
seconds=${2:-${ONAIR_FUZZ_SECONDS:-30}}
# -max_total_time=0 would mean "forever": 0 replays the regression inputs only.
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "SECONDS must be a whole number, not '$seconds'" >&2; exit 2; }
case "$what" in
  build) build; exit 0 ;;
  all) build; names=$(harnesses) ;;
  *) build "${what}_fuzz"; names=$what ;;
esac

failed=0
for name in $names; do
  run_one "$name" "$seconds" || failed=1
done
exit $failed
