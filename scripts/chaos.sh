#!/usr/bin/env bash
# Runs `eco chaos` on a throwaway PostgreSQL it starts on loopback (and stops afterwards); eco chaos starts its own Redis.
# Extra arguments go to `eco chaos` (see `./eco chaos --help`); with none, the full scenario of BENCHMARKS.md runs.
# Usage: scripts/chaos.sh [--duration 260 --kill-every 20 …]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir=${ECO_CHAOS_DIR:-/tmp/eco-chaos}
pg_port=${ECO_CHAOS_PG_PORT:-55434}
mkdir -p "$dir"
if ! command -v redis-server >/dev/null 2>&1; then
  echo "installing redis-server…" >&2; apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-upgrade redis-server >/dev/null
fi
cleanup() {
  "$root/scripts/pg-down.sh" "$pg_port" "$dir/pg" >/dev/null 2>&1 || true
}
trap cleanup EXIT
echo "▸ postgresql on 127.0.0.1:$pg_port (eco chaos starts its own redis-server, to restart it)" >&2
pg=$("$root/scripts/pg-up.sh" "$pg_port" "$dir/pg")
echo "▸ building eco (Release)" >&2
dotnet build "$root/Eco.Host/Eco.Host.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
dotnet "$root/Eco.Host/bin/Release/net10.0/eco.dll" chaos --postgres "$pg" --postgres-data-dir "$dir/pg/data" "$@"
