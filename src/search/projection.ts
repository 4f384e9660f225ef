/** A 2D view of vectors: their mean and the two directions of largest variance (unit length). */
export interface Projection2D {
  mean: Float32Array;
  axes: [Float32Array, Float32Array];
}

const POWER_STEPS = 200;

/** The top eigenvector of a symmetric matrix (dim x dim, row-major) by power iteration, from a fixed start. */
export function topEigenvector(matrix: Float64Array, dim: number): Float64Array {
  let v = new Float64Array(dim).map((_, k) => 1 + k / dim);
  for (let step = 0; step < POWER_STEPS; step++) {
    const next = new Float64Array(dim);
    for (let i = 0; i < dim; i++) {
      let sum = 0;
      for (let j = 0; j < dim; j++) sum += matrix[i * dim + j]! * v[j]!;
      next[i] = sum;
    }
    const length = Math.hypot(...next);
    if (length === 0) return v.map(() => 0);
    v = next.map((x) => x / length);
  }
  return v;
}

/**
 * Principal component analysis of `rows` vectors of `dim` values (row-major): the two leading
 * components of their covariance, found by power iteration with deflation.
 */
export function principalAxes(vectors: Float32Array, rows: number, dim: number): Projection2D {
  const mean = new Float64Array(dim);
  for (let r = 0; r < rows; r++) for (let k = 0; k < dim; k++) mean[k]! += vectors[r * dim + k]! / rows;
  const covariance = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < dim; k++) centred[k] = vectors[r * dim + k]! - mean[k]!;
    for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) covariance[i * dim + j]! += centred[i]! * centred[j]!;
  }
  const first = topEigenvector(covariance, dim);
  let lambda = 0;
  for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) lambda += first[i]! * covariance[i * dim + j]! * first[j]!;
  for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) covariance[i * dim + j]! -= lambda * first[i]! * first[j]!;
  const second = topEigenvector(covariance, dim);
  return { mean: Float32Array.from(mean), axes: [Float32Array.from(first), Float32Array.from(second)] };
}

/** The 2D coordinates (x, y interleaved) of each vector on a projection's axes. */
export function project(projection: Projection2D, vectors: Float32Array, dim: number): Float32Array {
  const rows = vectors.length / dim;
  const out = new Float32Array(rows * 2);
  for (let r = 0; r < rows; r++) {
    for (let a = 0; a < 2; a++) {
      const axis = projection.axes[a]!;
      let sum = 0;
      for (let k = 0; k < dim; k++) sum += (vectors[r * dim + k]! - projection.mean[k]!) * axis[k]!;
      out[r * 2 + a] = sum;
    }
  }
  return out;
}
