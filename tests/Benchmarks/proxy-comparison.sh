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
backend1=18191 backend2=18192 nginx_port=18090 yarp_port=18070 gateway_port=18080 login_port=18082 redis_port=16380

missing=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v wrk >/dev/null || missing+=(wrk)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v openssl >/dev/null || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}..."
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

data=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
start() { "$@" >>"$data/processes.log" 2>&1 & pids+=($!); }

echo "building (Release)..."
[ -n "${NO_BUILD:-}" ] || dotnet build Platform.sln -c Release -v quiet -nologo >"$data/build.log" 2>&1 || { cat "$data/build.log"; exit 1; }
bin() { echo "$1/bin/Release/net10.0/$2.dll"; }

# The backends: what contacts v2 /info answers, from a static nginx (one worker: it is not what is measured).
# The proxy: nginx's cookie router, `map $cookie_route` to an upstream, keep-alive to the backends like YARP's pool.
mkdir -p "$data/nginx"
cat >"$data/nginx/backends.conf" <<CONF
worker_processes 1;
pid $data/nginx/backends.pid;
error_log $data/nginx/backends.error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  default_type application/json;
  server { listen 127.0.0.1:$backend1; location / { return 200 '{"service":"contacts","version":"v2","instance":"contacts-v2-1","tenant":"acme"}'; } }
  server { listen 127.0.0.1:$backend2; location / { return 200 '{"service":"contacts","version":"v2","instance":"contacts-v2-2","tenant":"acme"}'; } }
}
CONF
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
start "$nginx_bin" -e stderr -g 'daemon off;' -c "$data/nginx/backends.conf"
start "$nginx_bin" -e stderr -g 'daemon off;' -c "$data/nginx/proxy.conf"

start env ASPNETCORE_ENVIRONMENT=Production dotnet "$(bin tests/Benchmarks/BareYarp BareYarp)" --urls "http://127.0.0.1:$yarp_port" \
  --Backends:0="http://127.0.0.1:$backend1" --Backends:1="http://127.0.0.1:$backend2"
yarp_pid=${pids[-1]}

export Logging__LogLevel__Default=Warning ConnectionStrings__redis="127.0.0.1:$redis_port"
# The matrix of this bench: contacts v2 on the two static backends (the stack's matrix is the AppHost's).
export VersionMatrix__contacts__Default=v2 VersionMatrix__contacts__Versions__v2__Instances=2
start redis-server --port $redis_port --bind 127.0.0.1 --save '' --appendonly no --dir "$data"
# The key ring encrypted with a throwaway certificate, as production requires.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$data/keyring.key" -out "$data/keyring.crt" -days 1 -subj /CN=bench 2>/dev/null
openssl pkcs12 -export -inkey "$data/keyring.key" -in "$data/keyring.crt" -out "$data/keyring.pfx" -passout pass:
# Login runs in Development for its demo users (seeded in Development only); it is not on the measured path.
start env ASPNETCORE_ENVIRONMENT=Development dotnet "$(bin login Login)" --urls "http://127.0.0.1:$login_port" \
  --Store:Kind=redis --Store:SeedDemoData=true --Login:AttemptsPerMinute=1000 --Session:CertificatePath="$data/keyring.pfx"
# The gateway as shipped: Production, so its production telemetry default (TelemetryOptions.ProductionTraceSampleRatio),
# no developer exception page, HSTS, and the __Host- session cookie (the Development cookie login sets is renamed).
start env ASPNETCORE_ENVIRONMENT=Production dotnet "$(bin gateway Gateway)" --urls "http://127.0.0.1:$gateway_port" \
  --Session:CertificatePath="$data/keyring.pfx" ${GATEWAY_ARGS:-} \
  --services:login:http:0="http://127.0.0.1:$login_port" \
  --services:contacts-v2-1:http:0="http://127.0.0.1:$backend1" --services:contacts-v2-2:http:0="http://127.0.0.1:$backend2"
gateway_pid=${pids[-1]}

ready() { curl -sf -o /dev/null "$1"; }
for _ in $(seq 1 60); do
  ready "http://127.0.0.1:$gateway_port/health" && ready "http://127.0.0.1:$login_port/health" \
    && ready "http://127.0.0.1:$backend1/" && ready "http://127.0.0.1:$backend2/" \
    && curl -s -o /dev/null "http://127.0.0.1:$yarp_port/" && curl -s -o /dev/null "http://127.0.0.1:$nginx_port/" && break
  sleep 1
done
for pid in "${pids[@]}"; do
  kill -0 "$pid" 2>/dev/null || { echo "a process of the bench exited at start:"; tail -30 "$data/processes.log"; exit 1; }
done
cookie=$(curl -sf -D - -o /dev/null -H 'content-type: application/json' \
  -d '{"username":"alice@acme.test","password":"Passw0rd!"}' "http://127.0.0.1:$gateway_port/auth/login" \
  | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' || true)
[ -n "$cookie" ] || { echo "could not sign in through the gateway:"; tail -30 "$data/processes.log"; exit 1; }
cookie="__Host-${cookie}"

names=(nginx yarp gateway)
declare -A label=([nginx]="nginx, cookie map" [yarp]="bare YARP" [gateway]="gateway, sealed cookie")
declare -A url=([nginx]="http://127.0.0.1:$nginx_port/api/contacts/info" [yarp]="http://127.0.0.1:$yarp_port/api/contacts/info"
  [gateway]="http://127.0.0.1:$gateway_port/api/contacts/info")
declare -A header=([nginx]="Cookie: route=v2" [yarp]="Cookie: route=v2" [gateway]="Cookie: $cookie")

# Each proxy must answer from both v2 backends (round robin) before anything is measured.
for name in "${names[@]}"; do
  seen=$(for _ in 1 2 3 4; do curl -sf -H "${header[$name]}" "${url[$name]}" || true; echo; done)
  for instance in contacts-v2-1 contacts-v2-2; do
    grep -q "\"version\":\"v2\",\"instance\":\"$instance\"" <<<"$seen" \
      || { echo "${label[$name]} did not answer from $instance:"; echo "$seen"; tail -20 "$data/processes.log"; exit 1; }
  done
done

rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
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
cpu_ticks() { # user + system CPU time of the proxy's processes, in clock ticks
  local total=0 pid
  for pid in $(proxy_pids "$1"); do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done
  echo $total
}
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
tiering_ticks() { # CPU ticks of the runtime's tiered-compilation thread (none for nginx)
  local total=0 task
  for task in /proc/"$1"/task/*; do
    [[ $(cat "$task/comm" 2>/dev/null) == ".NET Tiered Com"* ]] || continue
    total=$((total + $(sed 's/.*) //' "$task/stat" | awk '{print $12 + $13}')))
  done
  echo $total
}
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
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
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
