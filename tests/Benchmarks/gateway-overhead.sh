#!/usr/bin/env bash
# What the gateway costs per request. One contacts v2 instance is measured directly and through the gateway
# (cookie unsealed, version chosen from the ticket, YARP forwarding), with login issuing the session on a private
# redis-server. No AppHost: its proxies and telemetry export would be measured too. Release builds, loopback only,
# bounded: two wrk runs of DURATION each. Needs wrk and redis-server (apt-get install -y wrk redis-server).
# Usage: tests/Benchmarks/gateway-overhead.sh [duration=10s] [connections=32]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-10s}
connections=${2:-32}
redis_port=16379 login_port=18082 gateway_port=18080 contacts_port=18181
for tool in wrk redis-server; do
  command -v $tool >/dev/null || { echo "$tool is missing: apt-get install -y $tool"; exit 1; }
done

data=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT
start() { "$@" >>"$data/processes.log" 2>&1 & pids+=($!); }

echo "building (Release)..."
dotnet build Platform.sln -c Release -v quiet -nologo >"$data/build.log" || { cat "$data/build.log"; exit 1; }
bin() { echo "$1/bin/Release/net10.0/$2.dll"; }

export Logging__LogLevel__Default=Warning
export VersionMatrix__contacts__Versions__v2__Instances=1 VersionMatrix__contacts__Default=v2
export ConnectionStrings__redis="127.0.0.1:$redis_port"
start redis-server --port $redis_port --bind 127.0.0.1 --save '' --appendonly no --dir "$data"
start env ASPNETCORE_ENVIRONMENT=Production dotnet "$(bin services/Contacts Contacts)" --urls "http://127.0.0.1:$contacts_port" \
  --Service:Version=v2 --Service:Instance=contacts-v2-1
start env ASPNETCORE_ENVIRONMENT=Development dotnet "$(bin login Login)" --urls "http://127.0.0.1:$login_port" \
  --Store:Kind=redis --Login:AttemptsPerMinute=1000
start env ASPNETCORE_ENVIRONMENT=Development dotnet "$(bin gateway Gateway)" --urls "http://127.0.0.1:$gateway_port" \
  --services:login:http:0="http://127.0.0.1:$login_port" --services:contacts-v2-1:http:0="http://127.0.0.1:$contacts_port"

for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$gateway_port/health" >/dev/null && curl -sf "http://127.0.0.1:$login_port/health" >/dev/null \
    && curl -sf "http://127.0.0.1:$contacts_port/health" >/dev/null && break
  sleep 1
done
cookie=$(curl -sf -D - -o /dev/null -H 'content-type: application/json' \
  -d '{"username":"alice@acme.test","password":"Passw0rd!"}' "http://127.0.0.1:$gateway_port/auth/login" \
  | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p')
[ -n "$cookie" ] || { echo "could not sign in:"; tail -30 "$data/processes.log"; exit 1; }
curl -sf -H "Cookie: $cookie" "http://127.0.0.1:$gateway_port/api/contacts/info" | grep -q '"version":"v2"' \
  || { echo "the gateway did not route to contacts v2"; exit 1; }

run() { # label, url, header
  wrk -t2 -c"$connections" -d"$duration" --latency -H "$3" "$2" | awk -v label="$1" '
    /Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$4}
    END {printf "%-24s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n", label, rps, p50, p99, bad+0}'
}
echo "GET contacts v2 /info, $connections connections, $duration each; wrk, gateway and service share $(nproc) cores"
run "direct to the instance" "http://127.0.0.1:$contacts_port/info" "X-Platform-Tenant: acme"
run "through the gateway" "http://127.0.0.1:$gateway_port/api/contacts/info" "Cookie: $cookie"
