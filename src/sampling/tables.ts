import { pcg, unitFloat } from './rng';

/** Per-word tables that the kernels and the CPU twin read: subsampling odds and the noise table. */

/** Entries in the unigram noise table (the C tool uses 1e8; 1e7 resolves probabilities down to 1e-7). */
export const NOISE_TABLE_SIZE = 10_000_000;

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
 * The C tool's unigram table: word i fills a share count_i^exponent / sum of the table, so a
 * uniform index draws noise words from the smoothed unigram distribution.
 */
export function noiseTable(counts: readonly number[], exponent: number, size = NOISE_TABLE_SIZE): Uint32Array {
  const table = new Uint32Array(size);
  let norm = 0;
  for (const c of counts) norm += Math.pow(c, exponent);
  let word = 0;
  let edge = Math.pow(counts[0]!, exponent) / norm;
  const last = counts.length - 1;
  for (let a = 0; a < size; a++) {
    table[a] = word;
    if ((a + 1) / size > edge && word < last) {
      word++;
      edge += Math.pow(counts[word]!, exponent) / norm;
    }
  }
  return table;
}

/** The C tool's initialisation: syn0 uniform in [-0.5/dim, 0.5/dim) (from the seeded hash); syn1 is zero. */
export function initialInputVectors(vocabSize: number, dim: number, seed: number): Float32Array {
  const syn0 = new Float32Array(vocabSize * dim);
  const key = pcg(seed ^ 0x5eed);
  for (let i = 0; i < syn0.length; i++) syn0[i] = (unitFloat(pcg((i ^ key) >>> 0)) - 0.5) / dim;
  return syn0;
}
