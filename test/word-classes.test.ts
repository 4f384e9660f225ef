import { describe, expect, it } from 'vitest';
import { KeyedVectors } from '../src/search/keyed-vectors';
import { classesText } from '../src/search/word-classes';
import { testGpu } from './helpers/gpu';

/** A seeded uniform in [-1, 1). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  };
}

/** The C tool's k-means, ported line for line from word2vec.c (its `classes` block), as the reference. */
function cToolClasses(syn0: Float32Array, dim: number, k: number): Uint32Array {
  const words = syn0.length / dim;
  const cl = new Uint32Array(words).map((_, a) => a % k);
  const cent = new Float32Array(k * dim);
  const centcn = new Int32Array(k);
  for (let iter = 0; iter < 10; iter++) {
    cent.fill(0);
    centcn.fill(1);
    for (let c = 0; c < words; c++) {
      for (let d = 0; d < dim; d++) cent[dim * cl[c]! + d]! += syn0[c * dim + d]!;
      centcn[cl[c]!]!++;
    }
    for (let b = 0; b < k; b++) {
      let closev = 0;
      for (let c = 0; c < dim; c++) {
        cent[dim * b + c]! /= centcn[b]!;
        closev += cent[dim * b + c]! * cent[dim * b + c]!;
      }
      closev = Math.sqrt(closev);
      for (let c = 0; c < dim; c++) cent[dim * b + c]! /= closev;
    }
    for (let c = 0; c < words; c++) {
      let closev = -10;
      let closeid = 0;
      for (let d = 0; d < k; d++) {
        let x = 0;
        for (let b = 0; b < dim; b++) x += cent[dim * d + b]! * syn0[c * dim + b]!;
        if (x > closev) {
          closev = x;
          closeid = d;
        }
      }
      cl[c] = closeid;
    }
  }
  return cl;
}

/** `count` words in `groups` well-separated groups (word i in group i % groups... shuffled by a seed). */
function groupedVectors(count: number, groups: number, dim: number, seed: number): { kv: KeyedVectors; group: number[] } {
  const next = random(seed);
  const centres = Array.from({ length: groups }, () => Float32Array.from({ length: dim }, next));
  const group = Array.from({ length: count }, () => Math.floor(((next() + 1) / 2) * groups));
  const vectors = new Float32Array(count * dim);
  group.forEach((g, w) => {
    for (let d = 0; d < dim; d++) vectors[w * dim + d] = (1 + 0.5 * next()) * centres[g]![d]! + 0.05 * next();
  });
  return {
    kv: new KeyedVectors(
      Array.from({ length: count }, (_, w) => `w${w}`),
      vectors,
      dim,
    ),
    group,
  };
}

describe('word classes: k-means as the C tool runs it', () => {
  it("gives the C tool's own assignment (its k-means ported line for line) on random vectors", async () => {
    const next = random(5);
    const dim = 16;
    const vectors = Float32Array.from({ length: 300 * dim }, next);
    const kv = new KeyedVectors(
      Array.from({ length: 300 }, (_, w) => `w${w}`),
      vectors,
      dim,
    );
    expect(Array.from(await kv.cluster(7))).toEqual(Array.from(cToolClasses(vectors, dim, 7)));
  });

  it('recovers well-separated groups: two words share a class exactly when they share a group', async () => {
    const { kv, group } = groupedVectors(200, 4, 12, 9);
    const classes = await kv.cluster(4);
    for (let a = 0; a < 200; a++) {
      for (let b = a + 1; b < 200; b += 7) expect(classes[a] === classes[b]).toBe(group[a] === group[b]);
    }
  });

  it('on the GPU (SwiftShader here) assigns exactly what the CPU does', async () => {
    const { device } = await testGpu();
    const next = random(11);
    const dim = 24;
    const vectors = Float32Array.from({ length: 2000 * dim }, next);
    const cpu = new KeyedVectors(
      Array.from({ length: 2000 }, (_, w) => `w${w}`),
      vectors,
      dim,
    );
    const gpu = new KeyedVectors(cpu.indexToKey, vectors, dim);
    await gpu.useGpu(device);
    expect(gpu.queryDevice).toBe('gpu');
    const [a, b] = await Promise.all([cpu.cluster(20), gpu.cluster(20)]);
    expect(new Set(a).size).toBe(20);
    expect(Array.from(b)).toEqual(Array.from(a));
    gpu.destroy();
  });

  it("writes the C tool's layout, one `word class` line per word; more classes than words, and bad counts, are refused", async () => {
    const { kv } = groupedVectors(5, 2, 4, 3);
    const classes = await kv.cluster(5);
    expect(classesText(kv.indexToKey, classes)).toMatch(/^(w\d \d\n){5}$/);
    await expect(kv.cluster(6)).rejects.toThrow(/^6 word classes is more than the 5 words\. Ask for at most 5 classes \(`classes`\)\.$/);
    await expect(kv.cluster(0)).rejects.toThrow(/whole number, 1 or more, not 0/);
    await expect(kv.cluster(2, { iterations: 0 })).rejects.toThrow(/1 or more iterations/);
  });
});
