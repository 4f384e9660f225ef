// The WGSL halves of rng.ts and noise-tables.ts, which kernels include to draw the same numbers as their twins.
import rngSource from './rng.wgsl?raw';
import noiseSource from './noise.wgsl?raw';

/** The counter-based RNG functions (rng.wgsl), bit for bit those of rng.ts. */
export const RNG_WGSL: string = rngSource;
/** Noise-word lookup in the alias table (noise.wgsl), as `noiseWord` in noise-tables.ts. */
export const NOISE_WGSL: string = noiseSource;
