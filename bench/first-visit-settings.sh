#!/usr/bin/env bash
# The measurements behind the page's default settings (README, "The first visit"): each candidate
# trained on text8's first 10M characters with the CLI on the CPU path, then scored by `eval`
# (analogies over the top 30,000 words, WS-353). Prints one line per candidate:
# name, words/s, analogy accuracy, WS-353 Spearman. Then the phrase analogy set's coverage after
# two phrase passes (thresholds 200 and 100).
#
#   bash bench/first-visit-settings.sh [DATA]      (DATA: the shared data folder, default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
work=bench/tmp
mkdir -p "$work"
corpus=$work/text8-10000000.txt
node -e "const z=require('zlib'),f=require('fs');f.writeFileSync('$corpus',z.gunzipSync(f.readFileSync('$data/corpora/text8.head.gz')).subarray(0,1e7))"
cli() { node bin/webgpu-word2vec.js "$@"; }
score() { # NAME FLAGS...: train, then print the figures
  local name=$1
  shift
  local speed
  speed=$(cli -train "$corpus" -output "$work/settings-$name.bin" -binary 1 -min-count 5 -device cpu -debug 1 "$@" | sed -n 's/.*: \([0-9.]*k\) words\/sec.*/\1/p')
  cli eval -vectors "$work/settings-$name.bin" -analogies "$data/eval/questions-words.txt" -pairs "$data/eval/wordsim353/combined.tab" -device cpu 2>/dev/null |
    node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const r=JSON.parse(s);console.log('$name', '$speed words/s', (r.analogies.accuracy*100).toFixed(2)+'%', r.pairs[0].spearman.toFixed(3))})"
}
sg=(-cbow 0 -size 100 -window 5 -sample 1e-4)
hs=(-hs 1 -negative 0)
# The page's default first, then each setting changed on its own.
score sg-hs "${sg[@]}" "${hs[@]}" -iter 4 -alpha 0.07
score sg-hs-alpha-0.05 "${sg[@]}" "${hs[@]}" -iter 4 -alpha 0.05
score sg-hs-alpha-0.025 "${sg[@]}" "${hs[@]}" -iter 4 -alpha 0.025
score sg-hs-5-epochs-alpha-0.025 "${sg[@]}" "${hs[@]}" -iter 5 -alpha 0.025
score sg-hs-3-epochs "${sg[@]}" "${hs[@]}" -iter 3 -alpha 0.07
score sg-ns "${sg[@]}" -hs 0 -negative 5 -iter 4 -alpha 0.07
score cbow-hs -cbow 1 -size 100 -window 5 -sample 1e-4 "${hs[@]}" -iter 4 -alpha 0.05
score cbow-hs-10-epochs -cbow 1 -size 100 -window 5 -sample 1e-4 "${hs[@]}" -iter 10 -alpha 0.05
score sg-hs-size-50 -cbow 0 -size 50 -window 5 -sample 1e-4 "${hs[@]}" -iter 4 -alpha 0.07
score sg-hs-window-4 -cbow 0 -size 100 -window 4 -sample 1e-4 "${hs[@]}" -iter 4 -alpha 0.07
score sg-hs-sample-1e-5 -cbow 0 -size 100 -window 5 -sample 1e-5 "${hs[@]}" -iter 4 -alpha 0.07

# The phrase analogy set on the same text, phrases joined twice.
cli phrases -train "$corpus" -output "$work/text8-phrase0.txt" -threshold 200 -debug 0
cli phrases -train "$work/text8-phrase0.txt" -output "$work/text8-phrase1.txt" -threshold 100 -debug 0
cli -train "$work/text8-phrase1.txt" -output "$work/settings-phrases.bin" -binary 1 "${sg[@]}" "${hs[@]}" -iter 4 -alpha 0.07 -device cpu -debug 0
cli eval -vectors "$work/settings-phrases.bin" -analogies "$data/eval/questions-phrases.txt" -restrict 1000000 -device cpu 2>/dev/null |
  node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const a=JSON.parse(s).analogies;console.log('phrase analogies:', a.total, 'of', a.questions, 'questions covered')})"
echo "phrases of the set in the joined text: $(tr ' ' '\n' < "$work/text8-phrase1.txt" | grep _ | sort -u | comm -12 - <(awk '!/^:/ {print tolower($2); print tolower($4)}' "$data/eval/questions-phrases.txt" | sort -u) | tr '\n' ' ')"
