#!/usr/bin/env bash
# Stops the throwaway PostgreSQL started by scripts/pg-up.sh and removes its files. Usage: scripts/pg-down.sh [PORT] [DIR]
set -euo pipefail
port=${1:-55432}
dir=${2:-/tmp/eco-pg-$port}
bin=/usr/lib/postgresql/15/bin
if [ -d "$dir/data" ]; then
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
  else "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true; fi
  rm -rf "$dir"
fi
