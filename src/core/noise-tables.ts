import { pcg, remainder, unitFloat } from './rng';

/** Per-word tables that the kernels and the CPU twin read: subsampling odds and the noise distribution. */

/**
 * The C tool's subsampling: a word with count c among `total` is kept with probability
 * (sqrt(c / (sample * total)) + 1) * (sample * total) / c, capped at 1. `sample` 0 keeps all.
 */
export function keepProbabilities(counts: readonly number[], sample: number): Float32Array {
  const keep = new Float32Array(counts.length).fill(1);
  if (sample <= 0) return keep;
  let total = 0;
  for (const c of counts) total += c;
  const threshold = sample * total;
  counts.forEach((c, i) => {
    keep[i] = Math.min(1, (Math.sqrt(c / threshold) + 1) * (threshold / c));
  });
  return keep;
}

/**
 * The noise distribution, count^exponent / sum, as Walker's alias table (the C tool fills a 1e8-entry
 * unigram table instead; this draws from the same distribution exactly, and is V entries rather
 * than 1e8, so that it stays in cache). Entry i is two u32 words: [2i] the float32 bits of the chance
 * that a draw landing on i keeps i, [2i+1] the word it takes otherwise. Built with Vose's method.
 */
export function noiseTable(counts: readonly number[], exponent: number): Uint32Array {
  const n = counts.length;
  const table = new Uint32Array(2 * n);
  const keep = new Float32Array(table.buffer);
  let norm = 0;
  for (const c of counts) norm += c ** exponent;
  const scaled = counts.map((c) => (c ** exponent / norm) * n);
  const small: number[] = [];
  const large: number[] = [];
  scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!;
    const l = large.pop()!;
    keep[2 * s] = scaled[s]!;
    table[2 * s + 1] = l;
    scaled[l] = scaled[l]! + scaled[s]! - 1;
    (scaled[l]! < 1 ? small : large).push(l);
  }
  // What is left is 1 up to rounding: kept whenever drawn.
  for (const i of [...small, ...large]) {
    keep[2 * i] = 1;
    table[2 * i + 1] = i;
  }
  return table;
}

/**
 * A noise word from one 32-bit draw: the draw picks an entry uniformly, and its hash decides between
 * the entry's word and its alias (as `noiseWord` in noise.wgsl).
 */
export function noiseWord(table: Uint32Array, keep: Float32Array, bits: number): number {
  const entry = remainder(bits, table.length >> 1);
  return unitFloat(pcg(bits)) < keep[2 * entry]! ? entry : table[2 * entry + 1]!;
}

/** The C tool's initialisation: syn0 uniform in [-0.5/dim, 0.5/dim) (from the seeded hash); syn1 is zero. */
export function initialInputVectors(vocabSize: number, dim: number, seed: number): Float32Array {
  const syn0 = new Float32Array(vocabSize * dim);
  const key = pcg(seed ^ 0x5eed);
  for (let i = 0; i < syn0.length; i++) syn0[i] = (unitFloat(pcg((i ^ key) >>> 0)) - 0.5) / dim;
  return syn0;
}
