// A synthetic corpus for throughput sweeps: word ids drawn from a Zipf law (frequency ~ 1/rank), as natural
// text roughly follows, with the project's counter-based RNG. Only the ids exist; there is no text to read.
import { pcg, unitFloat } from '../src/core/rng';
import { Vocabulary, type PreparedCorpus } from '../src/internal';

/** Walker's alias table over `weights`: one uniform draw and one comparison per sample. */
function aliasTable(weights: Float64Array): { probability: Float64Array; alias: Uint32Array } {
  const n = weights.length;
  const total = weights.reduce((a, b) => a + b, 0);
  const scaled = weights.map((w) => (w * n) / total);
  const probability = new Float64Array(n);
  const alias = new Uint32Array(n);
  const small: number[] = [];
  const large: number[] = [];
  scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
  while (small.length && large.length) {
    const s = small.pop()!;
    const l = large.pop()!;
    probability[s] = scaled[s]!;
    alias[s] = l;
    scaled[l] = scaled[l]! + scaled[s]! - 1;
    (scaled[l]! < 1 ? small : large).push(l);
  }
  for (const i of [...small, ...large]) probability[i] = 1;
  return { probability, alias };
}

/** `words` ids over a vocabulary of `vocabularySize` words (rank r has weight 1/r), counted like a prepared text. */
export function zipfCorpus(vocabularySize: number, words: number, seed = 1): PreparedCorpus {
  const { probability, alias } = aliasTable(Float64Array.from({ length: vocabularySize }, (_, r) => 1 / (r + 1)));
  const ids = new Uint32Array(words);
  const counts = new Array<number>(vocabularySize).fill(0);
  for (let i = 0; i < words; i++) {
    const bits = pcg((i ^ Math.imul(seed, 0x9e3779b9)) >>> 0);
    const column = Math.floor(unitFloat(bits) * vocabularySize);
    const id = unitFloat(pcg(bits)) < probability[column]! ? column : alias[column]!;
    ids[i] = id;
    counts[id]!++;
  }
  // Ranks by drawn count, as a counted vocabulary would be (most frequent first).
  const order = counts.map((_, r) => r).sort((a, b) => counts[b]! - counts[a]! || a - b);
  const newId = new Uint32Array(vocabularySize);
  order.forEach((old, i) => (newId[old] = i));
  for (let i = 0; i < words; i++) ids[i] = newId[ids[i]!]!;
  const vocabulary = new Vocabulary(
    order.map((r) => `w${r}`),
    order.map((r) => Math.max(1, counts[r]!)),
  );
  return { vocabulary, ids, wordCount: words, rawWordCount: words, invalidShare: 0 };
}
