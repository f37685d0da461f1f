#!/usr/bin/env bash
# Runs every test: restore, build, then xunit over real SQLite files, a real PostgreSQL and a real Redis (the tests start
# their own, on free loopback ports), real Kestrel and WebSockets, and real `eco serve` processes killed with SIGKILL.
# Needs the .NET 10 SDK and the PostgreSQL 15 binaries (on the image); installs redis-server, and chromium with a Korean font
# for the web page tests, when they are missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! command -v redis-server >/dev/null 2>&1; then
  echo "installing redis-server (the cluster tests use a real Redis)…"
  if [ "$(id -u)" = 0 ]; then sudo_cmd=""; else sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-upgrade redis-server >/dev/null
fi
if [ ! -x /usr/lib/postgresql/15/bin/initdb ] && [ -z "${ECO_TEST_POSTGRES:-}" ]; then
  echo "installing PostgreSQL 15 server binaries…"
  if [ "$(id -u)" = 0 ]; then sudo_cmd=""; else sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-upgrade postgresql-15 >/dev/null
fi
if ! command -v chromium >/dev/null 2>&1 || ! fc-list :lang=ko 2>/dev/null | grep -q .; then
  echo "installing chromium and a Korean font (the web page tests drive a headless browser)…"
  if [ "$(id -u)" = 0 ]; then sudo_cmd=""; else sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-upgrade chromium fonts-nanum >/dev/null
fi
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
if [ "${failed:-0}" != 0 ]; then
  # The failures again, at the end, so a CI that keeps only the tail of the output still shows which test failed and why.
  echo "── failed tests ──"
  awk '/^  Failed /{show=1; lines=0} /^  (Passed|Skipped) /{show=0} show && lines < 60 {print; lines++}' "$log" | head -400
fi
rm -f "$log"
if [ -z "$total" ]; then
  echo "tests: no test summary found (build or runner failure)"
  exit 1
fi
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"
