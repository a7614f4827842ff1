#!/usr/bin/env bash
# The gateway beside the proxies it is measured against, in one run (issue 12): nginx routing by a cookie map, bare
# YARP (tests/Benchmarks/BareYarp, a fixed cluster and nothing else) and the gateway as shipped (production
# telemetry default, a real session sealed by login). The same two static backends (an nginx playing contacts-v2-1 and
# contacts-v2-2) stand behind each. Runs are interleaved (nginx, YARP, gateway, then the other way round) so that a
# change in the machine's load hits all three alike; the medians of ROUNDS runs are printed last, with each proxy's
# resident memory (VmRSS, read right after its runs), and the gateway's ratios to bare YARP: per round (the two ran
# back to back) and their medians, which are what the goals are checked on. Release builds, loopback only, bounded in time, and
# everything started here is stopped on exit. Installs nginx, wrk and redis-server with apt-get when missing.
# Usage: tests/Benchmarks/proxy-comparison.sh [duration=10s] [connections=64] [rounds=3]
# GATEWAY_ARGS adds settings to the gateway, e.g. GATEWAY_ARGS="--SessionCache:Enabled=false --Telemetry:TraceSampleRatio=1"
# measures it without the ticket cache and tracing every request. NO_BUILD=1 uses the last Release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-10s}
connections=${2:-64}
rounds=${3:-3}
nginx_port=18090 yarp_port=18070 gateway_port=18080
. tests/Benchmarks/lib/gateway-bench.sh

# The proxy: nginx's cookie router, `map $cookie_route` to an upstream, keep-alive to the backends like YARP's pool.
cat >"$data/nginx/proxy.conf" <<CONF
worker_processes auto;
pid $data/nginx/proxy.pid;
error_log $data/nginx/proxy.error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  upstream contacts_v2 { server 127.0.0.1:$backend1; server 127.0.0.1:$backend2; keepalive 128; }
  map \$cookie_route \$upstream { v2 contacts_v2; default ""; }
  server {
    listen 127.0.0.1:$nginx_port;
    location /api/contacts/ {
      if (\$upstream = "") { return 401; }
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass http://\$upstream/;
    }
  }
}
CONF
start "$nginx_bin" -e stderr -g 'daemon off;' -c "$data/nginx/proxy.conf"

start env ASPNETCORE_ENVIRONMENT=Production dotnet "$(bin tests/Benchmarks/BareYarp BareYarp)" --urls "http://127.0.0.1:$yarp_port" \
  --Backends:0="http://127.0.0.1:$backend1" --Backends:1="http://127.0.0.1:$backend2"
yarp_pid=${pids[-1]}
# shellcheck disable=SC2086 # GATEWAY_ARGS is a list of settings
start_gateway $gateway_port ${GATEWAY_ARGS:-}
gateway_pid=${pids[-1]}

wait_ready "http://127.0.0.1:$gateway_port/health" "http://127.0.0.1:$yarp_port/api/contacts/info"
cookie=$(sign_in $gateway_port)

names=(nginx yarp gateway)
declare -A label=([nginx]="nginx, cookie map" [yarp]="bare YARP" [gateway]="gateway, sealed cookie")
declare -A url=([nginx]="http://127.0.0.1:$nginx_port/api/contacts/info" [yarp]="http://127.0.0.1:$yarp_port/api/contacts/info"
  [gateway]="http://127.0.0.1:$gateway_port/api/contacts/info")
declare -A header=([nginx]="Cookie: route=v2" [yarp]="Cookie: route=v2" [gateway]="$cookie")

for name in "${names[@]}"; do expect_v2 "${label[$name]}" "${url[$name]}" "${header[$name]}"; done

proxy_rss() { # the proxy's resident memory in MB (nginx: its workers and master added up)
  case $1 in
    nginx) local total=0 pid; for pid in $(cat "$data/nginx/proxy.pid") $(pgrep -P "$(cat "$data/nginx/proxy.pid")"); do
             total=$((total + $(rss_mb "$pid"))); done; echo $total ;;
    yarp) rss_mb "$yarp_pid" ;;
    gateway) rss_mb "$gateway_pid" ;;
  esac
}
proxy_pids() {
  case $1 in
    nginx) cat "$data/nginx/proxy.pid"; pgrep -P "$(cat "$data/nginx/proxy.pid")" ;;
    yarp) echo "$yarp_pid" ;;
    gateway) echo "$gateway_pid" ;;
  esac
}
# shellcheck disable=SC2046 # one pid per word
cpu_ticks() { process_ticks $(proxy_pids "$1"); } # user + system CPU time of the proxy's processes, in clock ticks
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; printf "%.2f", v}' <<<"$1"; }
measure() { # name, duration -> "rps p50_ms p99_ms non2xx cpu_us_per_request"
  local out before after
  before=$(cpu_ticks "$1")
  out=$(wrk -t2 -c"$connections" -d"$2" --timeout 5s --latency -H "${header[$1]}" "${url[$1]}")
  local rps p50 p99 bad
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(to_ms "$(awk '/^ +50%/ {print $2}' <<<"$out")")
  p99=$(to_ms "$(awk '/^ +99%/ {print $2}' <<<"$out")")
  bad=$(awk '/Non-2xx/ {print $4}' <<<"$out")
  after=$(cpu_ticks "$1")
  # CPU time the proxy spent per request: unlike req/s, barely moved by what else runs on the machine.
  local cpu
  cpu=$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$(awk '/requests in/ {print $1}' <<<"$out")" 'BEGIN {printf "%.0f", t / hz * 1e6 / n}')
  echo "$rps $p50 $p99 ${bad:-0} $cpu"
}

echo "GET /api/contacts/info, $connections connections, $duration per run, $rounds interleaved rounds;"
echo "wrk, the proxies and the backends share $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# Warm-up: connection pools, and tiered JIT reaching its final code. A .NET proxy is warm once its tiered-compilation
# thread spent no CPU during a whole 5 s run under load (a profile after 10 s still found the gateway, which has the
# most code to tier up, compiling); at most a minute each. nginx needs one run.
for name in "${names[@]}"; do
  measure "$name" 5s >/dev/null
  [ "$name" = nginx ] && continue
  pid=$(proxy_pids "$name")
  for _ in $(seq 1 11); do
    before=$(tiering_ticks "$pid")
    measure "$name" 5s >/dev/null
    [ "$(tiering_ticks "$pid")" -eq "$before" ] && break
  done
done
# The order turns every round (nginx, YARP, gateway; then gateway, YARP, nginx), so that a machine slowing down or
# speeding up across a round favours no proxy.
for round in $(seq 1 "$rounds"); do
  order=("${names[@]}")
  [ $((round % 2)) -eq 0 ] && order=("${names[2]}" "${names[1]}" "${names[0]}")
  for name in "${order[@]}"; do
    read -r rps p50 p99 bad cpu < <(measure "$name" "$duration")
    rss=$(proxy_rss "$name")
    printf 'round %d  %-24s %10s req/s   p50 %7s ms   p99 %7s ms   CPU %4s us/req   non-2xx %s   RSS %s MB\n' "$round" "${label[$name]}" "$rps" "$p50" "$p99" "$cpu" "$bad" "$rss"
    echo "$name $rps $p50 $p99 $bad $rss $cpu $round" >>"$data/results"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); the stand-in collector received: $(otlp_received)"

declare -A med_rps med_p50 med_p99 med_rss med_cpu
for name in "${names[@]}"; do
  med_rps[$name]=$(awk -v n="$name" '$1 == n {print $2}' "$data/results" | median)
  med_p50[$name]=$(awk -v n="$name" '$1 == n {print $3}' "$data/results" | median)
  med_p99[$name]=$(awk -v n="$name" '$1 == n {print $4}' "$data/results" | median)
  med_rss[$name]=$(awk -v n="$name" '$1 == n {print $6}' "$data/results" | median)
  med_cpu[$name]=$(awk -v n="$name" '$1 == n {print $7}' "$data/results" | median)
done
bad_total=$(awk '{s += $5} END {print s + 0}' "$data/results")
echo
echo "medians of $rounds:"
printf '| %-24s | %10s | %8s | %8s | %10s | %7s | %14s |\n' proxy req/s "p50 ms" "p99 ms" "CPU us/req" "RSS MB" "req/s vs nginx"
for name in "${names[@]}"; do
  printf '| %-24s | %10.0f | %8s | %8s | %10s | %7s | %14s |\n' "${label[$name]}" "${med_rps[$name]}" "${med_p50[$name]}" "${med_p99[$name]}" \
    "${med_cpu[$name]}" "${med_rss[$name]}" "$(awk -v a="${med_rps[$name]}" -v b="${med_rps[nginx]}" 'BEGIN {printf "%.2f", a / b}')"
done
[ "$bad_total" -eq 0 ] || echo "WARNING: $bad_total non-2xx answers during the runs"
echo
# The goal's ratios: gateway against bare YARP within each round (the two ran one right after the other, so a change
# in the machine's speed between rounds cancels out), the median over the rounds. The ratios of the medians above
# come beside them.
paired() { # column -> median over the rounds of gateway / bare YARP
  awk -v c="$1" '$1 == "yarp" {y[$8] = $c} $1 == "gateway" {g[$8] = $c} END {for (r in y) if (y[r] > 0) print g[r] / y[r]}' "$data/results" | median
}
echo "gateway / bare YARP, per round: $(awk '$1 == "yarp" {y[$8] = $2; yp[$8] = $4} $1 == "gateway" {g[$8] = $2; gp[$8] = $4}
  END {for (r = 1; r in y; r++) printf "%s%.2fx (p99 %.2fx)", (r > 1 ? ", " : ""), g[r] / y[r], gp[r] / yp[r]}' "$data/results")"
awk -v g="${med_rps[gateway]}" -v y="${med_rps[yarp]}" -v n="${med_rps[nginx]}" -v gp="${med_p99[gateway]}" -v yp="${med_p99[yarp]}" \
  -v gc="${med_cpu[gateway]}" -v yc="${med_cpu[yarp]}" -v pr="$(paired 2)" -v pp="$(paired 4)" -v pc="$(paired 7)" 'BEGIN {
  printf "gateway / bare YARP: req/s %.2fx (goal >= 0.90), p99 %.2fx (goal <= 1.20), CPU per request %.2fx (medians of the rounds\x27 ratios)\n", pr, pp, pc
  printf "                     req/s %.2fx, p99 %.2fx, CPU per request %.2fx (ratios of the medians)\n", g / y, gp / yp, gc / yc
  printf "gateway / nginx:     req/s %.2fx\n", g / n
  printf "bare YARP / nginx:   req/s %.2fx\n", y / n
}'
