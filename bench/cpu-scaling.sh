#!/usr/bin/env bash
# The CPU path's thread scaling against the C tool's, in one run. On the lent 16-core GPU
# machine (see ../shared/GPU.md; after `npm ci` and ../shared/tools/gpu-pack.sh here, one `device`
# call with carry [".gpu"]):
#
#   source .gpu/setup.sh && bash bench/cpu-scaling.sh
#
# and on any other machine as it is. Text8's first 10M characters, 5 epochs, size 100, window 5,
# sample 1e-4, negative sampling (5 noise words): skip-gram and CBOW on the CPU path and the C tool
# at 1, 2, 4, 8 threads and every core (counts above the cores are dropped), gensim on every core;
# every vector file scored by the project's CPU evaluator (every core) and, where it is installed,
# gensim's. The JSON (its "scaling" part: words/s by threads and the gain over one thread) goes to
# $OUT, or bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
node --import ./bin/register.mjs bench/train-bench.ts --corpora 10000000:5 --engines cpu,c,gensim --models sg,cbow --losses ns --sizes 100 --threads 1,2,4,8,all --eval-device cpu "$@"
