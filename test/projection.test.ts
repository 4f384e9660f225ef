import { describe, expect, it } from 'vitest';
import { principalAxes, project } from '../src/internal';
import { pcg, unitFloat } from '../src/core/rng';

describe('2D projection (PCA) for the page map', () => {
  it('finds the two directions of largest variance and projects onto them', () => {
    // Points spread 10x along u, 3x along v and 0.1x along the rest, around a mean of 5 in every coordinate.
    const dim = 8;
    const rows = 400;
    let draws = 0;
    const random = (): number => unitFloat(pcg(draws++));
    const u = Float32Array.from({ length: dim }, (_, k) => (k % 2 === 0 ? 0.5 : 0));
    const v = Float32Array.from({ length: dim }, (_, k) => (k % 2 === 1 ? 0.5 : 0));
    const vectors = new Float32Array(rows * dim);
    const truth: [number, number][] = [];
    for (let r = 0; r < rows; r++) {
      const a = 10 * (random() - 0.5);
      const b = 3 * (random() - 0.5);
      truth.push([a, b]);
      for (let k = 0; k < dim; k++) vectors[r * dim + k] = 5 + a * u[k]! + b * v[k]! + 0.1 * (random() - 0.5);
    }
    const projection = principalAxes(vectors, rows, dim);
    const dot = (x: Float32Array, y: Float32Array): number => x.reduce((s, xi, k) => s + xi * y[k]!, 0);
    expect(Math.abs(dot(projection.axes[0], u))).toBeGreaterThan(0.99);
    expect(Math.abs(dot(projection.axes[1], v))).toBeGreaterThan(0.99);
    expect(Math.abs(dot(projection.axes[0], projection.axes[1]))).toBeLessThan(1e-3);
    for (const m of projection.mean) expect(m).toBeCloseTo(5, 0);

    const xy = project(projection, vectors, dim);
    const sign = [Math.sign(dot(projection.axes[0], u)), Math.sign(dot(projection.axes[1], v))];
    for (let r = 0; r < rows; r += 37) {
      expect(sign[0]! * xy[2 * r]!).toBeCloseTo(truth[r]![0] - truthMean(truth, 0), 0);
      expect(sign[1]! * xy[2 * r + 1]!).toBeCloseTo(truth[r]![1] - truthMean(truth, 1), 0);
    }
  });
});

function truthMean(truth: [number, number][], axis: 0 | 1): number {
  return truth.reduce((s, t) => s + t[axis], 0) / truth.length;
}
