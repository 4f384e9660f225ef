#!/usr/bin/env bash
# What sharing one model costs two threads: per round, two one-thread runs side by side (each its own
# model) and then one two-thread run (one shared model), on text8's first 10M characters, 1 epoch,
# skip-gram, size 100; negative sampling and hierarchical softmax. Prints words/s per round: the two
# separate runs, their sum, and the shared run. Interleaved so that this machine's drift hits both.
#
#   bash bench/thread-contention.sh [ROUNDS] [DATA]      (default 3 rounds, ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
data=${2:-../shared/data}
work=bench/tmp
mkdir -p "$work"
corpus=$work/text8-10000000.txt
node -e "const z=require('zlib'),f=require('fs');f.writeFileSync('$corpus',z.gunzipSync(f.readFileSync('$data/corpora/text8.head.gz')).subarray(0,1e7))"
speed() { # OUTPUT THREADS FLAGS...: words/s (thousands)
  local output=$1 threads=$2
  shift 2
  node bin/webgpu-word2vec.js -train "$corpus" -output "$work/$output.bin" -binary 1 -cbow 0 -size 100 -window 5 -sample 1e-4 -iter 1 -device cpu -debug 1 -threads "$threads" "$@" |
    sed -n 's/.*: \([0-9.]*\)k words\/sec.*/\1/p'
}
for loss in ns hs; do
  if [ "$loss" = ns ]; then flags=(-hs 0 -negative 5); else flags=(-hs 1 -negative 0 -alpha 0.07); fi
  for ((r = 1; r <= rounds; r++)); do
    speed contention-a 1 "${flags[@]}" > "$work/contention-a.txt" &
    speed contention-b 1 "${flags[@]}" > "$work/contention-b.txt" &
    wait
    a=$(cat "$work/contention-a.txt")
    b=$(cat "$work/contention-b.txt")
    shared=$(speed contention-shared 2 "${flags[@]}")
    echo "$loss round $r: separate ${a}k + ${b}k = $(node -e "console.log(($a + $b).toFixed(2))")k words/s; shared, 2 threads ${shared}k words/s"
  done
done
