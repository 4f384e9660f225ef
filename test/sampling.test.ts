import { describe, expect, it } from 'vitest';
import { draw, positionKey } from '../src/core/rng';
import { initialInputVectors, keepProbabilities, noiseTable, noiseWord } from '../src/core/noise-tables';
import { batches, defaultLanes, makeSchedule, throughputLanes } from '../src/word2vec/schedule';

describe('subsampling (the C tool formula)', () => {
  it('keeps (sqrt(c/(s*T)) + 1) * (s*T)/c, capped at 1', () => {
    const counts = [100000, 10000, 100, 1];
    const total = counts.reduce((a, b) => a + b);
    const keep = keepProbabilities(counts, 1e-3);
    const st = 1e-3 * total;
    expect(keep[0]).toBeCloseTo((Math.sqrt(100000 / st) + 1) * (st / 100000), 6);
    expect(keep[0]).toBeLessThan(0.5);
    expect(keep[3]).toBe(1);
    expect([...keepProbabilities(counts, 0)]).toEqual([1, 1, 1, 1]);
  });
});

describe('noise table (alias method)', () => {
  const counts = [1000, 300, 50, 5, 5, 1];
  const norm = counts.reduce((a, c) => a + c ** 0.75, 0);
  const table = noiseTable(counts, 0.75);
  const keep = new Float32Array(table.buffer);

  it('holds count^0.75 / sum exactly: each entry keeps its word or passes the rest to its alias', () => {
    const n = counts.length;
    const implied = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      implied[i]! += keep[2 * i]! / n;
      implied[table[2 * i + 1]!]! += (1 - keep[2 * i]!) / n;
    }
    counts.forEach((c, i) => expect(implied[i]).toBeCloseTo(c ** 0.75 / norm, 6));
  });

  it("draws words in proportion to count^0.75 from the kernels' hashed draws", () => {
    const seen = new Array<number>(counts.length).fill(0);
    const draws = 200_000;
    for (let i = 0; i < draws; i++) seen[noiseWord(table, keep, draw(positionKey(7, i), 2))]!++;
    counts.forEach((c, i) => expect(seen[i]! / draws).toBeCloseTo(c ** 0.75 / norm, 2));
  });
});

describe('initialisation', () => {
  it('is uniform in [-0.5/d, 0.5/d) and seeded', () => {
    const a = initialInputVectors(50, 20, 1);
    expect(Math.max(...a)).toBeLessThan(0.5 / 20);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(-0.5 / 20);
    expect(Math.abs(a.reduce((s, v) => s + v, 0) / a.length)).toBeLessThan(0.002);
    expect(initialInputVectors(50, 20, 1)).toEqual(a);
    expect(initialInputVectors(50, 20, 2)).not.toEqual(a);
  });
});

describe('schedule', () => {
  it('covers every position once per epoch and decays the learning rate linearly to minAlpha', () => {
    const schedule = makeSchedule(1003, 10, 3);
    const seen = new Uint8Array(1003 * 3);
    let lastAlpha = Infinity;
    let finalAlpha = 0;
    for (const batch of batches(schedule, { alpha: 0.025, minAlpha: 0.0001, seed: 1 })) {
      expect(new Set(batch.map((p) => p.epoch)).size).toBe(1);
      for (const p of batch) {
        expect(p.alpha).toBeLessThan(lastAlpha);
        lastAlpha = p.alpha;
        finalAlpha = p.alpha - p.alphaDecay * p.steps;
        for (let s = 0; s < p.steps; s++) {
          for (let lane = 0; lane < p.lanes; lane++) {
            const position = lane * p.laneLength + p.firstStep + s;
            if (position < p.corpusLength) seen[p.epoch * 1003 + position]!++;
          }
        }
      }
    }
    expect(seen.every((n) => n === 1)).toBe(true);
    expect(finalAlpha).toBeCloseTo(0.0001, 6);
  });

  it('batches are sized for a report about once a second: long on a hardware GPU, short on SwiftShader and the CPU path', () => {
    const positions = (device: 'gpu' | 'software-gpu' | 'cpu'): number => {
      const schedule = makeSchedule(1_624_330, defaultLanes(1_624_330), 5, device);
      return schedule.stepsPerDispatch * schedule.lanes * schedule.dispatchesPerBatch;
    };
    expect(defaultLanes(1_624_330)).toBe(1586); // text8's first 10M characters
    expect(positions('gpu')).toBeLessThanOrEqual(4 << 20); // ~0.1 s at 40M words/s
    expect(positions('gpu')).toBeGreaterThan(1 << 20);
    expect(positions('software-gpu')).toBeLessThanOrEqual(1 << 14); // ~0.5 s at SwiftShader's 30k words/s
    expect(positions('cpu')).toBeLessThanOrEqual(1 << 15);
    expect(defaultLanes(100)).toBe(1);
    expect(defaultLanes(100_000_000)).toBe(2048);
    expect(throughputLanes(50_000)).toBe(781);
  });
});
