#!/usr/bin/env bash
# Runs every test: restore, build, then xunit over real SQLite files, real Kestrel on loopback, real WebSockets and a real
# `eco serve` child process that is killed with SIGKILL. Needs only the .NET 10 SDK (no Redis, no PostgreSQL yet).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log="$(mktemp)"
dotnet build Eco.Akka.sln -c Release -nologo -clp:ErrorsOnly
set +e
dotnet test Eco.Tests/Eco.Tests.csproj -c Release --no-build --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One plain summary line that any CI can read.
count() { sed -nE "s/^ *$1: +([0-9]+) *\$/\\1/p" "$log" | tail -1; }
total=$(count "Total tests")
passed=$(count "Passed")
failed=$(count "Failed")
skipped=$(count "Skipped")
rm -f "$log"
if [ -z "$total" ]; then
  echo "tests: no test summary found (build or runner failure)"
  exit 1
fi
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"
