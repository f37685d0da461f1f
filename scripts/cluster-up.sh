#!/usr/bin/env bash
# Starts a local Eco cluster on loopback: Redis, PostgreSQL and 3 nodes (API on 127.0.0.1:5081..5083, management on
# 127.0.0.1:5091..5093, Akka remoting on 127.0.0.1:4054..4056, every node a seed, one shared signing key in $dir/signing.key),
# config/cluster.json plus per-node environment. Logs and pids in $ECO_CLUSTER_DIR (default /tmp/eco-cluster). Stop it with scripts/cluster-down.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir=${ECO_CLUSTER_DIR:-/tmp/eco-cluster}
nodes=${ECO_CLUSTER_NODES:-3}
redis_port=${ECO_CLUSTER_REDIS_PORT:-6390}
pg_port=${ECO_CLUSTER_PG_PORT:-55433}
mkdir -p "$dir"

if ! command -v redis-server >/dev/null 2>&1; then
  echo "installing redis-server…"; apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-upgrade redis-server >/dev/null
fi
echo "▸ redis on 127.0.0.1:$redis_port"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
echo "▸ postgresql on 127.0.0.1:$pg_port"
pg=$("$root/scripts/pg-up.sh" "$pg_port" "$dir/pg")

# Every node checks tokens with one key; `export Eco__Auth__SigningKeyFile=$dir/signing.key` lets eco sign its own.
if [ ! -s "$dir/signing.key" ]; then
  (umask 077; head -c 32 /dev/urandom | base64 > "$dir/signing.key")
fi
echo "▸ building eco (Release)"
dotnet build "$root/Eco.Host/Eco.Host.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly
eco="$root/Eco.Host/bin/Release/net10.0/eco.dll"
# Every node is a seed (Eco__Cluster__Seeds__N); node-1, the first, forms the cluster, the others join whichever seed answers.
seeds=()
for i in $(seq 1 "$nodes"); do seeds+=("Eco__Cluster__Seeds__$((i - 1))=127.0.0.1:$((4053 + i))"); done
for i in $(seq 1 "$nodes"); do
  port=$((5080 + i))
  echo "▸ node-$i on http://127.0.0.1:$port, management http://127.0.0.1:$((port + 10)) (remoting 127.0.0.1:$((4053 + i)))"
  env "${seeds[@]}" Eco__Cluster__NodeId="node-$i" Eco__Cluster__Port="$((4053 + i))" Eco__Cluster__Redis="127.0.0.1:$redis_port" \
  Eco__Admin__Urls="http://127.0.0.1:$((port + 10))" Eco__Auth__SigningKeyFile="$dir/signing.key" \
  Eco__Journal__Postgres__ConnectionString="$pg" \
    nohup dotnet "$eco" serve --config "$root/config/cluster.json" --urls "http://127.0.0.1:$port" --data-dir "$dir/node-$i" \
    > "$dir/node-$i.log" 2>&1 &
  echo $! > "$dir/node-$i.pid"
done
for i in $(seq 1 "$nodes"); do
  port=$((5080 + i))
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null || { echo "node-$i did not become ready; see $dir/node-$i.log"; exit 1; }
done
echo "cluster up. Try: export Eco__Auth__SigningKeyFile=$dir/signing.key"
echo "                 ./eco cluster show --url http://127.0.0.1:5091   ./eco chat --url http://127.0.0.1:5082 \"우유팩 버리는 법\""
