#!/usr/bin/env bash
# Cross-instance push latency (chat posted on instance A, received on B's event socket), with a
# throwaway PostgreSQL 15 on 127.0.0.1. Usage: bench/cross_instance_push.sh [messages]
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
chmod 755 "$work"  # the server runs as nobody when started by root
trap 'scripts/pg-test-cluster.sh stop "$work/pg"; rm -rf "$work"' EXIT
ONAIR_PG_URL=$(scripts/pg-test-cluster.sh start "$work/pg")
export ONAIR_PG_URL
echo "onair cross-instance push: 2 instances, PostgreSQL 15, $(nproc) cores"
build/bench/cross_instance_push "${1:-500}"
