import { describe, expect, it } from 'vitest';
import { GpuSimilarityIndex } from '../src/search/gpu-similarity-index';
import { KeyedVectors } from '../src/search/keyed-vectors';
import { CpuSimilarityIndex, NO_ROW, type TopK } from '../src/search/similarity-index';
import { NodeSearchThreads } from '../src/search/node-search-threads';
import { spawnNodeKernelThread } from '../src/word2vec/cpu/node-kernel-thread';
import { asSearchThread } from '../src/word2vec/cpu/thread-service';
import { testGpu } from './helpers/gpu';

/** Seeded vectors with a few exact duplicates (tied scores) and a zero row. */
function vectors(rows: number, dim: number, seed: number): Float32Array {
  let state = seed;
  const out = Float32Array.from({ length: rows * dim }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  });
  out.copyWithin(7 * dim, 3 * dim, 4 * dim); // row 7 = row 3: equal scores, lower id first
  out.fill(0, 11 * dim, 12 * dim);
  return out;
}

/** Same ids in the same order, except where neighbouring scores are within `tolerance` (either order is right). */
function expectSameTopK(gpu: TopK, cpu: TopK, tolerance: number): void {
  expect(gpu.ids.length).toBe(cpu.ids.length);
  for (let i = 0; i < cpu.ids.length; i++) {
    if (cpu.ids[i] === NO_ROW) {
      expect([gpu.ids[i], gpu.scores[i]]).toEqual([NO_ROW, -Infinity]);
      continue;
    }
    expect(Math.abs(gpu.scores[i]! - cpu.scores[i]!)).toBeLessThanOrEqual(tolerance);
    if (gpu.ids[i] !== cpu.ids[i]) {
      const j = Array.from(cpu.ids).indexOf(gpu.ids[i]!);
      expect(Math.abs(cpu.scores[j]! - cpu.scores[i]!)).toBeLessThanOrEqual(tolerance);
    }
  }
}

describe('GPU similarity kernels against their CPU twin (SwiftShader)', () => {
  const dim = 24;
  const rows = 700;
  const raw = vectors(rows, dim, 5);
  const kv = new KeyedVectors(
    Array.from({ length: rows }, (_, i) => `w${i}`),
    raw,
    dim,
  );
  const cpu = new CpuSimilarityIndex(kv.normalized(), dim);
  const queries = vectors(37, dim, 9).subarray(0, 37 * dim); // 37 queries: not a multiple of the query tile

  async function withGpuIndex(use: (gpu: GpuSimilarityIndex) => Promise<void>): Promise<void> {
    const gpu = await GpuSimilarityIndex.fromVectors((await testGpu()).device, raw, dim);
    try {
      await use(gpu);
    } finally {
      gpu.destroy();
    }
  }

  it('normalize: the GPU unit rows match KeyedVectors.normalized()', () =>
    withGpuIndex(async (gpu) => {
      const rowsBack = await gpu.readRows();
      rowsBack.forEach((v, i) => expect(Math.abs(v - kv.normalized()[i]!)).toBeLessThan(1e-6));
      expect(rowsBack.subarray(11 * dim, 12 * dim).every((v) => v === 0)).toBe(true);
    }));

  it('topK over all rows and over a restricted vocabulary, ties broken by the lower id', () =>
    withGpuIndex(async (gpu) => {
      for (const [k, limit] of [
        [10, rows],
        [8, 300],
        [64, rows],
        [5, 3],
      ] as const) {
        const [g, c] = await Promise.all([gpu.topK(queries, k, limit), cpu.topK(queries, k, limit)]);
        expectSameTopK(g, c, 1e-5);
        expect(Array.from(g.ids).every((id) => id === NO_ROW || id < limit)).toBe(true);
      }
      // A query equal to row 3 (= row 7): both score 1; 3 comes first.
      const tie = await gpu.topK(kv.normalized().slice(3 * dim, 4 * dim), 2, rows);
      expect(Array.from(tie.ids)).toEqual([3, 7]);
      // Fewer rows than k: the rest are empty slots.
      const few = await gpu.topK(queries.subarray(0, dim), 6, 4);
      expect(Array.from(few.ids.subarray(4))).toEqual([NO_ROW, NO_ROW]);
    }));

  it('more results than the kernel keeps come from the full score row', () =>
    withGpuIndex(async (gpu) => {
      expectSameTopK(await gpu.topK(queries.subarray(0, 2 * dim), 100, rows), await cpu.topK(queries.subarray(0, 2 * dim), 100, rows), 1e-5);
    }));

  it('scores and 3CosMul', () =>
    withGpuIndex(async (gpu) => {
      const q = queries.subarray(0, dim);
      const [g, c] = await Promise.all([gpu.scores(q, rows), cpu.scores(q, rows)]);
      g.forEach((v, i) => expect(Math.abs(v - c[i]!)).toBeLessThan(1e-5));
      const unitRow = (r: number): Float32Array => kv.normalized().slice(r * dim, (r + 1) * dim);
      const query = { positive: [unitRow(1), unitRow(2)], negative: [unitRow(5)] };
      expectSameTopK(await gpu.cosmulTopK(query, 12, rows), await cpu.cosmulTopK(query, 12, rows), 1e-5);
    }));

  it('KeyedVectors answers the same on the GPU as on the CPU, and a destroyed index says so', async () => {
    const { device } = await testGpu();
    const onGpu = new KeyedVectors(kv.indexToKey, raw, dim);
    await onGpu.useGpu(device);
    expect(onGpu.queryDevice).toBe('gpu');
    const query = { positive: ['w1', 'w2'], negative: ['w5'], topn: 7 };
    const [g, c] = await Promise.all([onGpu.mostSimilar(query), kv.mostSimilar(query)]);
    expect(g.map((n) => n.word)).toEqual(c.map((n) => n.word));
    expect(await onGpu.rank('w1', 'w2')).toBe(await kv.rank('w1', 'w2'));
    onGpu.destroy();
    expect(onGpu.queryDevice).toBe('cpu');
    expect((await onGpu.mostSimilar(query)).map((n) => n.word)).toEqual(c.map((n) => n.word));
  });
});

describe('the CPU index in WebAssembly SIMD against its TypeScript scan', () => {
  // Size 13: rows padded from 13 to 16 floats; 37 queries: not a multiple of the block of 4.
  for (const dim of [13, 24]) {
    it(`size ${dim}: the same scores to float32 rounding, the same top k (ties to the lower id), the same 3CosMul`, async () => {
      const rows = 700;
      const units = new KeyedVectors(
        Array.from({ length: rows }, (_, i) => `w${i}`),
        vectors(rows, dim, 5),
        dim,
      ).normalized();
      const simd = new CpuSimilarityIndex(units, dim);
      const scan = new CpuSimilarityIndex(units, dim, { kernels: 'typescript' });
      expect([simd.kernels, scan.kernels]).toEqual(['simd', 'typescript']);
      const queries = vectors(37, dim, 9);
      expectSameTopK(await simd.topK(queries, 10, rows), await scan.topK(queries, 10, rows), 1e-6);
      expectSameTopK(await simd.topK(queries, 5, 300), await scan.topK(queries, 5, 300), 1e-6); // restricted vocabulary
      const [a, b] = await Promise.all([simd.scores(queries.subarray(0, dim), rows), scan.scores(queries.subarray(0, dim), rows)]);
      expect(a.length).toBe(rows);
      a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-6));
      // Row 7 repeats row 3: tied, the lower id first, on both.
      const tie = await simd.topK(units.slice(3 * dim, 4 * dim), 2, rows);
      expect(Array.from(tie.ids)).toEqual([3, 7]);
      const query = { positive: [units.slice(dim, 2 * dim), units.slice(2 * dim, 3 * dim)], negative: [units.slice(5 * dim, 6 * dim)] };
      expectSameTopK(await simd.cosmulTopK(query, 12, rows), await scan.cosmulTopK(query, 12, rows), 1e-5);
    });
  }
});

describe('CPU searches shared out to threads', () => {
  it('a large topK split by rows over worker_threads equals the one-thread search exactly, ties across ranges to the lower id', async () => {
    const dim = 24;
    const rows = 5000;
    const raw = vectors(rows, dim, 21);
    for (const copy of [2000, 4000]) raw.copyWithin(copy * dim, 100 * dim, 101 * dim); // rows 2000 and 4000 = row 100, in other thirds
    const units = new KeyedVectors(
      Array.from({ length: rows }, (_, i) => `w${i}`),
      raw,
      dim,
    ).normalized();
    const threads = new NodeSearchThreads(() => asSearchThread(spawnNodeKernelThread()), 2);
    let lent = 0;
    const counting = {
      capacity: threads.capacity,
      lend() {
        const loan = threads.lend();
        lent += loan.threads.length;
        return loan;
      },
    };
    try {
      const single = new CpuSimilarityIndex(units, dim);
      const shared = new CpuSimilarityIndex(units, dim, { threads: counting });
      const queries = new Float32Array(1000 * dim);
      queries.set(vectors(999, dim, 3));
      queries.set(units.subarray(100 * dim, 101 * dim), 999 * dim); // the last query is row 100 itself
      for (const [k, restrict] of [
        [10, rows],
        [3, 4500],
      ] as const) {
        const a = await single.topK(queries, k, restrict);
        const b = await shared.topK(queries, k, restrict);
        expect(b.ids).toEqual(a.ids);
        expect(b.scores).toEqual(a.scores);
      }
      expect(lent).toBe(4); // both searches went out to the 2 threads
      const tied = await shared.topK(queries, 3, rows);
      expect(Array.from(tied.ids.subarray(999 * 3))).toEqual([100, 2000, 4000]);
      // A small search stays on this thread.
      await shared.topK(queries.subarray(0, 4 * dim), 10, rows);
      expect(lent).toBe(6);
    } finally {
      threads.destroy();
    }
  });
});
