#!/usr/bin/env bash
# The GPU benchmark, in one run on the lent GPU machine (see ../shared/GPU.md; after `npm ci` and
# ../shared/tools/gpu-pack.sh here, one `device` call with carry [".gpu"]):
#
#   source .gpu/setup.sh && bash bench/gpu-bench.sh
#
# On text8's first 10M characters (5 iterations, scored: analogies top 30k, WS-353) and on that
# prefix repeated to 80M characters (1 iteration), skip-gram and CBOW at sizes 100 and 300: the
# project's GPU engine and FULL-W2V (CUDA, built with nvcc) 3 runs each (median), then the C tool
# and the CPU path once each at size 100; then hierarchical softmax (-hs 1 -negative 0) beside
# negative sampling on the 10M corpus, every engine but FULL-W2V (which has none). Each part
# writes its JSON to $OUT (or bench/results/). The C tool and the CPU path run on every core here;
# their thread sweep is bench/cpu-scaling.sh. Last, the documents' kernels against the CPU
# (bench/documents-gpu-bench.ts: 10,000 documents of 200 words).
set -euo pipefail
cd "$(dirname "$0")/.."
bench() { node --import ./bin/register.mjs bench/train-bench.ts --corpora 10000000:5,80000000:1 --eval-device gpu "$@"; }
bench --engines gpu,fullw2v --sizes 100,300 --runs 3
bench --engines c,cpu --sizes 100 --runs 1 --threads all
node --import ./bin/register.mjs bench/train-bench.ts --corpora 10000000:5 --eval-device gpu --engines gpu,c,cpu --losses hs,ns --sizes 100 --runs 1 --threads all
node --import ./bin/register.mjs bench/documents-gpu-bench.ts --documents 10000 --words 200 --dbow-cpu 500
