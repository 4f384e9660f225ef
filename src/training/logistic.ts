/** The logistic pieces every kernel and twin shares (WGSL: `clippedSigmoid`, `softplus` in the training shaders). */

/** The C tool's logistic, exactly 0 or 1 beyond |f| > 6. */
export function clippedSigmoid(f: number): number {
  if (f > 6) return 1;
  if (f < -6) return 0;
  return 1 / (1 + Math.exp(-f));
}

/** log(1 + e^x) without overflow. */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}
