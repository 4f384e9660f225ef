// What PV-DBOW's inference reads, shared by its CPU twin (`inferRows`), its SIMD kernel
// (simd-inference.ts) and its GPU kernel (gpu-paragraph-vectors.ts), and where each document's
// vector starts.
import { pcg, unitFloat } from '../../core/rng';

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
