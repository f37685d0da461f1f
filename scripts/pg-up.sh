#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 on loopback from the machine's binaries (trust auth, durable settings: fsync and synchronous
# commit on) and prints its Npgsql connection string. WAL tuning for a journal: new WAL segments are not zero-filled
# (wal_init_zero=off; zero-filling each new 16 MB segment stalled every commit ~70 ms every 16 MB of WAL, ~4.5 s at 10k events/s)
# and up to 1 GB of used segments is kept for reuse (min_wal_size), so a busy journal rarely creates one at all.
# Stop it with scripts/pg-down.sh. Usage: scripts/pg-up.sh [PORT] [DIR]
set -euo pipefail
port=${1:-55432}
dir=${2:-/tmp/eco-pg-$port}
bin=/usr/lib/postgresql/15/bin
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ ! -d "$dir/data" ]; then
  install -d "$dir"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
fi
if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400 -c wal_init_zero=off -c min_wal_size=1GB" start >/dev/null
fi
echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Maximum Pool Size=50"
