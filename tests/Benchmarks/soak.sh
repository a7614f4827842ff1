#!/usr/bin/env bash
# The full soak run: 60 s (or $1 seconds) of load on the whole stack, on Redis run by the AppHost, while an instance
# of each pinned contacts version is killed and started again and the store is frozen for 6 s. Runs the stack test
# SoakTests with PLATFORM_SOAK_SECONDS set (CI runs the same test for 15 s) and prints its report: reads, failed
# reads (must be 0), sign-ins during the store outage (must all be 503 within 2 s), and gateway/login memory.
# Loopback only: the stack binds 127.0.0.1 with random ports. Needs redis-server.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PLATFORM_SOAK_SECONDS="${1:-60}"
dotnet test tests/Platform.Stack.Tests --filter "FullyQualifiedName~Reliability.SoakTests" -nologo \
  --logger "console;verbosity=detailed" 2>&1 | tee /tmp/soak.log | grep -E "soak:|Passed|Failed|Error Message" 
