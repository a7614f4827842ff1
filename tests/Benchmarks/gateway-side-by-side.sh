#!/usr/bin/env bash
# Whether a change to the gateway costs or saves CPU: two gateways loaded at the same time, each by its own wrk with half
# the connections, so both see the same machine. Run one after the other, as proxy-comparison.sh does, the same
# gateway differed by 5-10% from one minute to the next on the development VM, more than most single changes are
# worth; side by side, two identical gateways came out 0.6%, 1.7% and 2.9% apart, and 0.1% once the load started
# first alternated between them (README, Performance): compare a change both ways round when it is worth about 2%.
# Gateway A runs with A_ARGS, gateway B with B_ARGS (settings, e.g. B_ARGS="--Telemetry:TraceSampleRatio=1"), or
# another build of it (B_DLL=/path/to/Gateway.dll, e.g. from a worktree of main). Both are warmed up until tiered
# compilation is done.
# Printed per round and last as the median: CPU time per request (from /proc) of each, and B's against A's. The
# requests each served say little: how the scheduler splits the cores between them is not their cost. Same backends,
# login and session as proxy-comparison.sh; Release builds, loopback only, bounded in time; everything started here
# is stopped on exit. NO_BUILD=1 uses the last Release build.
# Usage: tests/Benchmarks/gateway-side-by-side.sh [duration=5s] [connections=64] [rounds=10]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-5s}
connections=${2:-64}
rounds=${3:-10}
port_a=18080 port_b=18081
. tests/Benchmarks/lib/gateway-bench.sh

# shellcheck disable=SC2086 # the settings are a list
start_gateway $port_a ${A_ARGS:-}
pid_a=${pids[-1]}
# shellcheck disable=SC2086
GATEWAY_DLL=${B_DLL:-} start_gateway $port_b ${B_ARGS:-}
pid_b=${pids[-1]}
wait_ready "http://127.0.0.1:$port_a/health" "http://127.0.0.1:$port_b/health"
# One session for both: they share the key ring.
header=$(sign_in $port_a)
url_a="http://127.0.0.1:$port_a/api/contacts/info" url_b="http://127.0.0.1:$port_b/api/contacts/info"
expect_v2 "gateway A" "$url_a" "$header"
expect_v2 "gateway B" "$url_b" "$header"

load() { wrk -t1 -c$((connections / 2)) -d"$1" --timeout 5s -H "$header" "$2" >"$3"; }
both() { # duration [b_first]: both loaded at once; wrk's reports in $data/wrk-a and $data/wrk-b
  # Which load starts first alternates from round to round: an A/A run that always started A's first put B 3% cheaper.
  if [ -n "${2:-}" ]; then
    load "$1" "$url_b" "$data/wrk-b" & local first=$!
    load "$1" "$url_a" "$data/wrk-a"
  else
    load "$1" "$url_a" "$data/wrk-a" & local first=$!
    load "$1" "$url_b" "$data/wrk-b"
  fi
  wait $first
  if grep -q Non-2xx "$data/wrk-a" "$data/wrk-b"; then echo "non-2xx answers:"; cat "$data/wrk-a" "$data/wrk-b"; exit 1; fi
}
requests() { awk '/requests in/ {print $1}' "$data/wrk-$1"; }

echo "GET /api/contacts/info, $((connections / 2)) connections to each gateway, $duration per round, $rounds rounds;"
echo "wrk, the gateways and the backends share $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "A: ${A_ARGS:-as shipped}"
echo "B: ${B_ARGS:-as shipped}${B_DLL:+ ($B_DLL)}"
for _ in $(seq 1 12); do
  before="$(tiering_ticks "$pid_a") $(tiering_ticks "$pid_b")"
  both 5s
  [ "$(tiering_ticks "$pid_a") $(tiering_ticks "$pid_b")" = "$before" ] && break
done

hz=$(getconf CLK_TCK)
for round in $(seq 1 "$rounds"); do
  a0=$(process_ticks "$pid_a") b0=$(process_ticks "$pid_b")
  both "$duration" $([ $((round % 2)) -eq 0 ] && echo b_first)
  a1=$(process_ticks "$pid_a") b1=$(process_ticks "$pid_b")
  n_a=$(requests a) n_b=$(requests b)
  # CPU time per request of each, and B's against A's
  read -r cpu_a cpu_b ratio < <(awk -v ta=$((a1 - a0)) -v tb=$((b1 - b0)) -v na="$n_a" -v nb="$n_b" -v hz="$hz" \
    'BEGIN {a = ta / hz * 1e6 / na; b = tb / hz * 1e6 / nb; printf "%.2f %.2f %.4f\n", a, b, b / a}')
  echo "$cpu_a $cpu_b $ratio" >>"$data/results"
  printf 'round %2d  A %6.1f us/req (%7d requests)   B %6.1f us/req (%7d requests)   B/A %.3f\n' "$round" "$cpu_a" "$n_a" "$cpu_b" "$n_b" "$ratio"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); the stand-in collector received: $(otlp_received)"
echo
printf 'medians of %d rounds: A %.1f us/req, B %.1f us/req, B/A %.3f (CPU per request; below 1: B is cheaper)\n' "$rounds" \
  "$(awk '{print $1}' "$data/results" | median)" "$(awk '{print $2}' "$data/results" | median)" "$(awk '{print $3}' "$data/results" | median)"
