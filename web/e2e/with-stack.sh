#!/usr/bin/env bash
# Runs the browser tests against the whole stack: starts the AppHost from seeded data (a fresh data folder),
# waits for the gateway and the freshly built front end, runs `npm run e2e`, and always stops the stack.
# Exit code: the browser tests'. Needs dotnet, node/npm, redis-server and /usr/bin/chromium.
set -euo pipefail

web="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(dirname "$web")"
base="${E2E_BASE_URL:-http://localhost:8080}"
timeout_s="${E2E_STACK_TIMEOUT:-240}"

if [[ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]]; then
  echo "with-stack: no Chromium at ${CHROMIUM_PATH:-/usr/bin/chromium}; install it: apt-get install -y chromium" >&2
  exit 1
fi
if curl -fsS -o /dev/null "$base/health" 2>/dev/null; then
  echo "with-stack: something already answers at $base; stop it first (this script starts its own stack)" >&2
  exit 1
fi

scratch="$(mktemp -d)"
export TMPDIR="$scratch/tmp" Store__DataPath="$scratch/data"
mkdir -p "$TMPDIR"
log="$scratch/apphost.log"

# Install and build here, before the AppHost, with the AppHost's own script: it records a completed npm ci and build,
# so the AppHost's "web" resource then finds both up to date and leaves node_modules and web/dist alone while the
# tests run (an npm ci it started would remove the browser tests' packages under them).
(cd "$web" && node scripts/build-for-apphost.mjs)

echo "with-stack: starting the AppHost (log: $log)"
cd "$repo"
setsid dotnet run --project AppHost >"$log" 2>&1 &
pgid=$!
stop() {
  echo "with-stack: stopping the stack"
  kill -TERM -- "-$pgid" 2>/dev/null || true
  wait "$pgid" 2>/dev/null || true
  # The AppHost's orchestrator (dcp, its files under our TMPDIR) stops the services after the AppHost exits:
  # wait for it, so the next run finds the ports free.
  for _ in $(seq 60); do pgrep -f "$scratch" >/dev/null || return 0; sleep 1; done
  echo "with-stack: the orchestrator still runs after 60s: $(pgrep -f "$scratch" | tr '\n' ' ')" >&2
}
trap stop EXIT

# Ready: the gateway is healthy, serves index.html, and serves the main bundle that index.html names.
waiting_for="the gateway's /health"
ready() {
  waiting_for="the gateway's /health"
  curl -fsS -o /dev/null "$base/health" || return 1
  # Login starts beside the gateway: sign-in works once /auth answers from login (401 without a session).
  waiting_for="login, through the gateway's /auth"
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/auth/session")" == 401 ]] || return 1
  waiting_for="the front end's index.html (built by the AppHost's 'web' resource; see its log in the dashboard)"
  local index main
  index="$(curl -fsS "$base/")" || return 1
  main="$(grep -o 'main-[A-Za-z0-9]*\.js' <<<"$index" | head -n1)"
  [[ -n "$main" ]] && curl -fsS -o /dev/null "$base/$main"
}
deadline=$((SECONDS + timeout_s))
until ready 2>/dev/null; do
  if ! kill -0 "$pgid" 2>/dev/null; then
    echo "with-stack: the AppHost exited before the stack was ready; last lines of its log:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  if ((SECONDS > deadline)); then
    echo "with-stack: not ready within ${timeout_s}s, still waiting for $waiting_for; last lines of the AppHost log:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  sleep 2
done
echo "with-stack: stack ready after ${SECONDS}s"

cd "$web"
set +e
E2E_BASE_URL="$base" npm run e2e
code=$?
set -e
exit "$code"
