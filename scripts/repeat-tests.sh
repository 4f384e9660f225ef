#!/usr/bin/env bash
# Runs test files N times and counts the runs that failed: the measured failure rate that a
# statistical test states in its file.
#
#   scripts/repeat-tests.sh 30 test/statistical/quality-gpu.test.ts
set -uo pipefail
cd "$(dirname "$0")/.."
runs=$1
shift
failed=0
for i in $(seq "$runs"); do
  if ! npx vitest run "$@" >"/tmp/repeat-tests.$i.log" 2>&1; then
    failed=$((failed + 1))
    echo "run $i failed: /tmp/repeat-tests.$i.log"
  fi
done
echo "$failed of $runs runs failed: $*"
