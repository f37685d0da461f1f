#!/usr/bin/env bash
# Stops the local cluster started by scripts/cluster-up.sh: nodes get SIGTERM (Akka's CoordinatedShutdown: they leave and hand
# their shards off), then Redis
# and PostgreSQL stop, and the directory is removed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir=${ECO_CLUSTER_DIR:-/tmp/eco-cluster}
pg_port=${ECO_CLUSTER_PG_PORT:-55433}
# A killed child may linger as a zombie (this machine's PID 1 does not reap): treat state Z as gone.
gone() { [ ! -e "/proc/$1" ] || [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = "Z" ]; }
for pidfile in "$dir"/node-*.pid; do
  [ -e "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do gone "$pid" && break; sleep 0.5; done
  gone "$pid" || kill -KILL "$pid" 2>/dev/null || true
  echo "▸ stopped $(basename "$pidfile" .pid)"
done
[ -e "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null && echo "▸ stopped redis" || true
"$root/scripts/pg-down.sh" "$pg_port" "$dir/pg" && echo "▸ stopped postgresql"
rm -rf "$dir"
