#!/usr/bin/env bash
# The 6-minute GPU check: see bench/gpu-quick.ts (its flags: --budget SECONDS, --small 1).
#
#   source .gpu/setup.sh && bash bench/gpu-quick.sh
set -euo pipefail
cd "$(dirname "$0")/.."
exec node --import ./bin/register.mjs bench/gpu-quick.ts "$@"
