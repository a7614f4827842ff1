#!/usr/bin/env bash
# Runs every test of the platform: .NET unit and whole-stack tests, then the web front end's tests.
# Needs: the .NET SDK, redis-server (apt-get install -y redis-server), Node 20 + npm, and for the browser tests
# Debian's chromium (apt-get install -y chromium). Ends with one line: "tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"

passed=0
failed=0
status=0
logs=$(mktemp -d)

count() { # $1 passed, $2 failed
  passed=$((passed + $1)); failed=$((failed + $2))
}

missing=()
command -v redis-server >/dev/null || missing+=("redis-server (apt-get install -y redis-server)")
command -v kubectl >/dev/null || missing+=("kubectl, for the AWS manifests' kustomize check (apt-get install -y kubectl or kubernetes-client)")
command -v cfn-lint >/dev/null || missing+=("cfn-lint, for the CloudFormation template (pip install cfn-lint)")
if [ -d web ]; then
  command -v npm >/dev/null || missing+=("Node 20 + npm")
  [ -x /usr/bin/chromium ] || missing+=("chromium (apt-get install -y chromium)")
fi
if [ ${#missing[@]} -gt 0 ]; then
  printf 'test.sh: missing prerequisites:\n'; printf '  - %s\n' "${missing[@]}"
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

echo "== .NET: build (warnings are errors)"
if ! dotnet build Platform.sln -warnaserror -v quiet -nologo; then
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

echo "== .NET: unit and whole-stack tests"
dotnet test Platform.sln --no-build -nologo 2>&1 | tee "$logs/dotnet.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
# VSTest prints one summary per test assembly: "Passed!  - Failed:     0, Passed:    18, ..."
read -r p f < <(grep -E '(Passed|Failed)! +- Failed:' "$logs/dotnet.log" \
  | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+).*/\2 \1/' \
  | awk '{p+=$1; f+=$2} END {print p+0, f+0}')
count "$p" "$f"
[ "$p" -gt 0 ] || { echo "test.sh: dotnet test ran no test"; status=1; }

if [ -d web ]; then
  echo "== web: unit tests (Vitest)"
  (cd web && npm test) 2>&1 | tee "$logs/web.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  read -r p f < <(grep -E '^[0-9]+ passed, [0-9]+ failed' "$logs/web.log" | tail -1 | awk '{print $1, $3}')
  count "${p:-0}" "${f:-1}"

  echo "== web: browser end-to-end tests against the whole stack"
  web/e2e/with-stack.sh 2>&1 | tee "$logs/e2e.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  p=$(grep -E '^# pass [0-9]+' "$logs/e2e.log" | tail -1 | awk '{print $3}')
  f=$(grep -E '^# fail [0-9]+' "$logs/e2e.log" | tail -1 | awk '{print $3}')
  count "${p:-0}" "${f:-1}"
fi

[ "$failed" -eq 0 ] || status=1
echo "tests: $passed passed, $failed failed"
exit $status
