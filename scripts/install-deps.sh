#!/usr/bin/env bash
# Installs the Debian 12 packages onair needs to build, run and test. Idempotent: packages
# already present are not fetched again. Run as root (or with sudo available).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsoci-dev libsqlite3-dev sqlite3 libpq-dev
  libsodium-dev libssl-dev libcurl4-openssl-dev libspdlog-dev libfmt-dev libtomlplusplus-dev libicu-dev
  libgtest-dev libgmock-dev libbenchmark-dev clang libclang-rt-14-dev
  libwebm-dev libavformat-dev libavcodec-dev libavutil-dev libswscale-dev ffmpeg
  postgresql-15 python3-aiosmtpd python3-icalendar chromium fonts-noto-color-emoji wrk nodejs npm
)
if [ "${1:-}" = "--runtime-only" ]; then
  packages=(build-essential cmake ninja-build pkg-config git ca-certificates
    libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libsoci-dev libsqlite3-dev
    libpq-dev libsodium-dev libssl-dev libcurl4-openssl-dev libtomlplusplus-dev libspdlog-dev libfmt-dev libwebm-dev libicu-dev
    libavformat-dev libavcodec-dev libavutil-dev libswscale-dev ffmpeg nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  # node and npm may come from outside Debian; accept them when they are on PATH.
  if [ "$p" = nodejs ] && command -v node >/dev/null; then continue; fi
  if [ "$p" = npm ] && command -v npm >/dev/null; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
