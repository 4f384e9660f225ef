/**
 * Counter-based random numbers shared bit-for-bit by the WGSL kernels (`src/core/rng.wgsl`)
 * and the CPU twin. Every draw is a pure function of (seed, epoch, corpus position, stream),
 * so any GPU invocation can recompute any decision without shared state.
 */

/** PCG-RXS-M-XS 32-bit hash (Jarzynski & Olano 2020), the same arithmetic as `pcg` in WGSL. */
export function pcg(v: number): number {
  const state = (Math.imul(v, 747796405) + 2891336453) >>> 0;
  const word = Math.imul((state >>> ((state >>> 28) + 4)) ^ state, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/** Key of one epoch of one run: passed to the kernels as a uniform. */
export function epochKey(seed: number, epoch: number): number {
  return pcg((epoch ^ pcg(seed >>> 0)) >>> 0);
}

/** Key of one corpus position within an epoch. */
export function positionKey(epochKeyValue: number, position: number): number {
  return pcg((position ^ epochKeyValue) >>> 0);
}

/** The i-th draw of a position: stream 0 decides subsampling, 1 the window, 2.. the negatives. */
export function draw(key: number, stream: number): number {
  return pcg((key ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0);
}

/** A uniform float in [0, 1) from 24 random bits: exact in both float32 and float64. */
export function unitFloat(bits: number): number {
  return (bits >>> 8) * (1 / 16777216);
}

/** Draw streams, named. */
export const STREAM_KEEP = 0;
export const STREAM_WINDOW = 1;
export const STREAM_NEGATIVES = 2;

/**
 * `bits % n` for a 32-bit draw, as WGSL's u32 `%` computes it. JavaScript's `%` on a number above
 * 2^31 falls back to a slow floating-point remainder; here the quotient is exact in float64
 * (x / n is never within 2^-53 of the next integer when x, n < 2^32), so this is exact.
 */
export function remainder(bits: number, n: number): number {
  return bits - n * Math.floor(bits / n);
}
