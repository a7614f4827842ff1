#!/usr/bin/env bash
# How long a newcomer waits: from the README's `dotnet run --project AppHost` on a built checkout (so its build is
# the up-to-date check, and no project is rebuilt at start) to the first routed
# /api/contacts/info of a signed-in tenant user. Fresh data folder (so the seed runs), loopback only, bounded by
# TIMEOUT seconds per run; always stops the stack. Prints one line per run and the median.
# Usage: tests/Benchmarks/start-time.sh [runs=3] [timeout=120]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
timeout_s=${2:-120}
port=18480
base="http://127.0.0.1:$port"

echo "building (Debug, as dotnet run does)..."
dotnet build AppHost -v quiet -nologo >/dev/null

scratch=$(mktemp -d)
pgid=
stop() {
  [ -n "$pgid" ] || return 0
  kill -TERM -- "-$pgid" 2>/dev/null || true
  wait "$pgid" 2>/dev/null || true
  # The orchestrator stops the services after the AppHost exits; wait so the next run finds the ports free.
  for _ in $(seq 60); do pgrep -f "$scratch" >/dev/null || break; sleep 1; done
  pgid=
}
trap 'stop; rm -rf "$scratch"' EXIT

routed() { # signs in as alice and asks contacts for /info; true once the gateway routes it to an instance
  local jar="$scratch/jar"
  curl -fsS -o /dev/null -c "$jar" -H 'content-type: application/json' \
    -d '{"username":"alice@acme.test","password":"Passw0rd!"}' "$base/auth/login" 2>/dev/null || return 1
  curl -fsS -b "$jar" "$base/api/contacts/info" 2>/dev/null | grep -q '"instance":"contacts-v2-'
}

times=()
for run in $(seq "$runs"); do
  data="$scratch/data-$run"
  export TMPDIR="$scratch/tmp" && mkdir -p "$TMPDIR"
  start=$(date +%s.%N)
  setsid dotnet run --project AppHost -- --Store:DataPath="$data" --Gateway:Port=$port --Web:Enabled=false \
    >"$scratch/apphost-$run.log" 2>&1 &
  pgid=$!
  until routed; do
    kill -0 "$pgid" 2>/dev/null || { echo "the AppHost exited:"; tail -20 "$scratch/apphost-$run.log"; exit 1; }
    if awk -v s="$start" -v n="$(date +%s.%N)" -v t="$timeout_s" 'BEGIN {exit !(n - s > t)}'; then
      echo "run $run: nothing routed within ${timeout_s}s"; tail -20 "$scratch/apphost-$run.log"; exit 1
    fi
    sleep 0.25
  done
  elapsed=$(awk -v s="$start" -v n="$(date +%s.%N)" 'BEGIN {print n - s}')
  printf 'run %d: first routed request after %.1f s\n' "$run" "$elapsed"
  times+=("$elapsed")
  stop
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median: %.1f s over %d runs on %s cores\n", a[int((NR+1)/2)], NR, '"$(nproc)"'}'
