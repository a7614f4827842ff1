# Sourced by the gateway benchmarks (proxy-comparison.sh, gateway-side-by-side.sh), from the repository root: what they
# share. Two static backends (an nginx playing contacts-v2-1 and contacts-v2-2), a stand-in OpenTelemetry collector,
# login on a private redis-server with its demo users, a throwaway key ring certificate, and gateways started as
# shipped, all on loopback; everything started through `start` is stopped on exit. Installs nginx, wrk, redis-server
# and openssl with apt-get when missing.
backend1=18191 backend2=18192 collector=18193 login_port=18082 redis_port=16380

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

# The backends: what contacts v2 /info answers, from a static nginx (one worker: it is not what is measured). Beside
# them the collector a deployed gateway exports to (deploy/: OTLP to the cluster's collector): without one, the
# OpenTelemetry SDK has no reader, listens to no instrument, and the gateway would skip every metric it records per
# request in production. This one accepts OTLP/HTTP and keeps only what was sent where, for otlp_received.
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
  log_format otlp '\$uri';
  server { listen 127.0.0.1:$backend1; location / { return 200 '{"service":"contacts","version":"v2","instance":"contacts-v2-1","tenant":"acme"}'; } }
  server { listen 127.0.0.1:$backend2; location / { return 200 '{"service":"contacts","version":"v2","instance":"contacts-v2-2","tenant":"acme"}'; } }
  server { listen 127.0.0.1:$collector; client_max_body_size 64m; access_log $data/nginx/otlp.log otlp; location / { return 200; } }
}
CONF
start "$nginx_bin" -e stderr -g 'daemon off;' -c "$data/nginx/backends.conf"

export Logging__LogLevel__Default=Warning ConnectionStrings__redis="127.0.0.1:$redis_port"
# The matrix of these benches: contacts v2 on the two static backends (the stack's matrix is the AppHost's).
export VersionMatrix__contacts__Default=v2 VersionMatrix__contacts__Versions__v2__Instances=2
start redis-server --port $redis_port --bind 127.0.0.1 --save '' --appendonly no --dir "$data"
# The key ring encrypted with a throwaway certificate, as production requires.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$data/keyring.key" -out "$data/keyring.crt" -days 1 -subj /CN=bench 2>/dev/null
openssl pkcs12 -export -inkey "$data/keyring.key" -in "$data/keyring.crt" -out "$data/keyring.pfx" -passout pass:
# Login runs in Development for its demo users (seeded in Development only); it is not on the measured path.
start env ASPNETCORE_ENVIRONMENT=Development dotnet "$(bin login Login)" --urls "http://127.0.0.1:$login_port" \
  --Store:Kind=redis --Store:SeedDemoData=true --Login:AttemptsPerMinute=1000 --Session:CertificatePath="$data/keyring.pfx"

# start_gateway PORT [settings...]: the gateway as shipped: Production, so its production telemetry defaults
# (TelemetryOptions), exported to the stand-in collector; no developer exception page, HSTS, the __Host- session cookie.
# GATEWAY_DLL runs another build of it. Its content root is its build's folder, as in its container, so that its
# appsettings.json applies; no web app is served. Its pid is the last of `pids`.
start_gateway() {
  local port=$1; shift
  local dll=${GATEWAY_DLL:-$(bin gateway Gateway)}
  mkdir -p "$data/web"
  start env ASPNETCORE_ENVIRONMENT=Production OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$collector" \
    OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf dotnet "$dll" --contentRoot "$(dirname "$(realpath "$dll")")" --Web:Root="$data/web" \
    --urls "http://127.0.0.1:$port" --Session:CertificatePath="$data/keyring.pfx" "$@" \
    --services:login:http:0="http://127.0.0.1:$login_port" \
    --services:contacts-v2-1:http:0="http://127.0.0.1:$backend1" --services:contacts-v2-2:http:0="http://127.0.0.1:$backend2"
}

# wait_ready URL...: until login, the backends and every URL given answer with success (a minute at most); fails if a
# process of the bench has exited.
wait_ready() {
  local _ url up
  for _ in $(seq 1 60); do
    up=1
    for url in "http://127.0.0.1:$login_port/health" "http://127.0.0.1:$backend1/" "http://127.0.0.1:$backend2/" "$@"; do
      curl -sf -o /dev/null "$url" || { up=0; break; }
    done
    [ $up -eq 1 ] && break
    sleep 1
  done
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "a process of the bench exited at start:"; tail -30 "$data/processes.log"; exit 1; }
  done
}

# sign_in PORT: the Cookie header of alice's session, signed in through the gateway on PORT (the Development cookie
# login sets, renamed as a production gateway reads it).
sign_in() {
  local cookie
  cookie=$(curl -sf -D - -o /dev/null -H 'content-type: application/json' \
    -d '{"username":"alice@acme.test","password":"Passw0rd!"}' "http://127.0.0.1:$1/auth/login" \
    | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' || true)
  [ -n "$cookie" ] || { echo "could not sign in through the gateway:" >&2; tail -30 "$data/processes.log" >&2; exit 1; }
  echo "Cookie: __Host-${cookie}"
}

# expect_v2 LABEL URL HEADER: the proxy must answer from both v2 backends (round robin) before anything is measured.
expect_v2() {
  local seen instance
  seen=$(for _ in 1 2 3 4; do curl -sf -H "$3" "$2" || true; echo; done)
  for instance in contacts-v2-1 contacts-v2-2; do
    grep -q "\"version\":\"v2\",\"instance\":\"$instance\"" <<<"$seen" \
      || { echo "$1 did not answer from $instance:"; echo "$seen"; tail -20 "$data/processes.log"; exit 1; }
  done
}

# otlp_received: what the gateways exported to the stand-in collector, e.g. "3 /v1/metrics, 12 /v1/traces".
otlp_received() { sort "$data/nginx/otlp.log" 2>/dev/null | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}'; }

rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
process_ticks() { # user + system CPU time of the given processes, in clock ticks
  local total=0 pid
  for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done
  echo $total
}
tiering_ticks() { # CPU ticks of the runtime's tiered-compilation thread of a .NET process
  local total=0 task
  for task in /proc/"$1"/task/*; do
    [[ $(cat "$task/comm" 2>/dev/null) == ".NET Tiered Com"* ]] || continue
    total=$((total + $(sed 's/.*) //' "$task/stat" | awk '{print $12 + $13}')))
  done
  echo $total
}
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
