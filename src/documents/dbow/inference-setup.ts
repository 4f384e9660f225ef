// What PV-DBOW's inference reads, shared by its CPU twin (`inferRows`), its SIMD kernel
// (simd-inference.ts) and its GPU kernel (gpu-paragraph-vectors.ts), and where each document's
// vector starts.
import { draw, epochKey, pcg, positionKey, STREAM_KEEP, unitFloat } from '../../core/rng';

/** The arrays a paragraph-vector kernel reads, and its settings: what the CPU twin and the GPU share. */
export interface InferenceSetup {
  dim: number;
  syn1neg: Float32Array;
  noise: Uint32Array;
  keep: Float32Array;
  epochs: number;
  alpha: number;
  minAlpha: number;
  negative: number;
  seed: number;
}

/** A document's starting vector: uniform in [-0.5/dim, 0.5/dim), from the hash of its key. */
export function startingVector(dim: number, seed: number, key: number): Float32Array {
  const v = new Float32Array(dim);
  const base = pcg((pcg(seed ^ 0xd0c) ^ key) >>> 0);
  for (let k = 0; k < dim; k++) v[k] = (unitFloat(pcg((k ^ base) >>> 0)) - 0.5) / dim;
  return v;
}

/**
 * Inference's walk, the same for every kernel: per epoch (the learning rate decaying linearly from
 * `alpha` to `minAlpha`), per word of the document kept by subsampling, `visit(word, key, rate)`
 * with the position's key, from which its noise words are drawn.
 */
export function forEachKeptWord(setup: InferenceSetup, rows: Uint32Array, key: number, visit: (word: number, positionKey: number, rate: number) => void): void {
  const { keep, epochs, alpha, minAlpha, seed } = setup;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const rate = Math.fround(alpha - ((alpha - minAlpha) * epoch) / epochs);
    const ek = epochKey((seed ^ Math.imul(key + 1, 0x9e3779b1)) >>> 0, epoch);
    for (let p = 0; p < rows.length; p++) {
      const word = rows[p]!;
      const pk = positionKey(ek, p);
      if (unitFloat(draw(pk, STREAM_KEEP)) < keep[word]!) visit(word, pk, rate);
    }
  }
}
