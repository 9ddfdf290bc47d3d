#!/usr/bin/env bash
# Installs a Node package folder's dependencies from its lock file, only when they changed.
# Usage: scripts/npm-ready.sh DIR
set -euo pipefail
dir="$1"
lock="$dir/package-lock.json"
stamp="$dir/node_modules/.onair-lock.sha256"
want=$(sha256sum "$lock" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
echo "$want" > "$stamp"
