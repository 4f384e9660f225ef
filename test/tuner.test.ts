import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tuneWindowKernel, tuningCandidates, tuningKey, type TuningCache } from '../src/word2vec/gpu/kernel-tuner';
import { nodeTuningCache } from '../src/word2vec/gpu/tuning-cache-file';
import type { KernelConfig } from '../src/word2vec/kernel-contract';
import { nodeGpu } from '../src/runtime/node-gpu';
import { train } from '../src/word2vec/train';
import { cli } from './helpers/cli';
import { describeMeasurement, measureDevices } from '../src/word2vec/device-measure';

/** A cache in memory that counts its writes. */
function memoryCache(): TuningCache & { writes: number; map: Map<string, number> } {
  const map = new Map<string, number>();
  return {
    map,
    writes: 0,
    async get(key) {
      return map.get(key);
    },
    async set(key, value) {
      this.writes++;
      map.set(key, value);
    },
  };
}

const SPEEDS: Record<number, number> = { 8: 1e6, 16: 5e6, 32: 3e6, 64: 2e6 };

describe("the GPU kernel's tuner", () => {
  it('tries every variant, keeps the fastest and remembers it; the next run takes it from the cache without trials', async () => {
    const cache = memoryCache();
    const tried: number[] = [];
    const trial = async (n: number): Promise<{ positionsPerSecond: number; clock: 'wall clock' }> => {
      tried.push(n);
      return { positionsPerSecond: SPEEDS[n]!, clock: 'wall clock' };
    };
    const first = await tuneWindowKernel('gpu | shape', [8, 16, 32, 64], trial, { cache });
    expect(first).toMatchObject({ invocations: 16, cached: false, untried: [] });
    expect(first.trials.map((t) => t.invocations)).toEqual([8, 16, 32, 64]);
    expect(tried).toEqual([8, 16, 32, 64]);
    expect(cache.map.get('gpu | shape')).toBe(16);
    const again = await tuneWindowKernel('gpu | shape', [8, 16, 32, 64], trial, { cache });
    expect(again).toMatchObject({ invocations: 16, cached: true, trials: [] });
    expect(tried).toHaveLength(4); // no new trials
    // Another problem shape is tuned afresh; a remembered variant this shape lacks is tried again.
    expect((await tuneWindowKernel('gpu | other', [8, 16, 32, 64], trial, { cache })).cached).toBe(false);
    cache.map.set('gpu | narrow', 64);
    expect(await tuneWindowKernel('gpu | narrow', [8, 16, 32], trial, { cache })).toMatchObject({ cached: false, invocations: 16 });
  });

  it('stops trying when its 2 s are spent, and lists what it had no time for', async () => {
    let now = 0;
    const trial = async (n: number): Promise<{ positionsPerSecond: number; clock: 'wall clock' }> => {
      now += 800; // each trial takes 0.8 s
      return { positionsPerSecond: SPEEDS[n]!, clock: 'wall clock' };
    };
    const tuning = await tuneWindowKernel('k', [8, 16, 32, 64], trial, { clock: () => now });
    expect(tuning.trials.map((t) => t.invocations)).toEqual([8, 16, 32]);
    expect(tuning.untried).toEqual([64]);
    expect(tuning.invocations).toBe(16);
    expect(tuning.seconds).toBeCloseTo(2.4, 6);
  });

  it('keys a choice by the adapter and the shape of the problem; offers only the variants that fit', () => {
    const config: KernelConfig = { dim: 100, window: 5, negative: 5, vocabSize: 1000, cbow: false, loss: 'ns', treeDepth: 0 };
    const adapter = { vendor: 'nvidia', architecture: 'hopper', device: '', description: 'H100', isFallback: false };
    const key = tuningKey(adapter, config);
    expect(tuningKey({ ...adapter, description: 'A100' }, config)).not.toBe(key);
    expect(tuningKey(adapter, { ...config, dim: 300 })).not.toBe(key);
    expect(tuningKey(adapter, { ...config, vocabSize: 5 })).toBe(key); // the vocabulary is not the kernel's shape
    expect(tuningCandidates(config)).toEqual([8, 16, 32, 64]);
    expect(tuningCandidates({ ...config, dim: 4096 })).not.toContain(8);
  });

  it('keeps its choices in a file under the cache folder; an unreadable file is an empty cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'w2v-tuning-'));
    const path = join(dir, 'sub', 'gpu-tuning.json');
    const cache = nodeTuningCache(path);
    expect(await cache.get('a')).toBeUndefined();
    await cache.set('a', 32);
    await cache.set('b', 8);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ a: 32, b: 8 });
    expect(await nodeTuningCache(path).get('a')).toBe(32);
    writeFileSync(path, 'not json');
    expect(await cache.get('a')).toBeUndefined();
    await cache.set('c', 16);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ c: 16 });
  });

  it('tunes on the GPU (SwiftShader) when asked: real trials of each variant on the corpus, the fastest trains and is reported, then remembered', async () => {
    const gpu = await nodeGpu();
    const text = 'the cat sat on the mat and the dog sat on the log '.repeat(400);
    const cache = nodeTuningCache(join(mkdtempSync(join(tmpdir(), 'w2v-tuning-')), 'gpu-tuning.json'));
    const options = { sg: 1 as const, vectorSize: 16, minCount: 1, epochs: 1 };
    const notices: string[] = [];
    const tuned = await train(text, { ...options, tune: 1 }, { device: 'gpu', gpu, tuningCache: cache, onNotice: (m) => notices.push(m) });
    const tuning = tuned.report.gpuTuning!;
    expect(tuning.cached).toBe(false);
    expect(tuning.trials.length).toBeGreaterThanOrEqual(1);
    for (const t of tuning.trials) expect(t.positionsPerSecond).toBeGreaterThan(0);
    // SwiftShader offers timestamp queries: the trials are timed on its own clock.
    expect(tuning.trials.map((t) => t.clock)).toEqual(tuning.trials.map(() => 'gpu timestamps'));
    expect(tuned.report.gpuInvocations).toBe(tuning.invocations);
    expect(Math.max(...tuning.trials.map((t) => t.positionsPerSecond))).toBe(tuning.trials.find((t) => t.invocations === tuning.invocations)!.positionsPerSecond);
    expect(notices.some((m) => /^Tuned the GPU kernel in [\d.]+ s: \d+ invocations a lane/.test(m))).toBe(true);
    expect(Number.isFinite(tuned.wv.similarity('cat', 'dog'))).toBe(true);
    tuned.destroy();
    const again = await train(text, { ...options, tune: 1 }, { device: 'gpu', gpu, tuningCache: cache });
    expect(again.report.gpuTuning).toMatchObject({ cached: true, invocations: tuning.invocations, trials: [] });
    again.destroy();
    // A software adapter is not tuned by default, nor is a run given its variant.
    const plain = await train(text, options, { device: 'gpu', gpu, tuningCache: cache });
    expect(plain.report.gpuTuning).toBeNull();
    plain.destroy();
    const given = await train(text, { ...options, tune: 1, laneInvocations: 8 }, { device: 'gpu', gpu, tuningCache: cache });
    expect([given.report.gpuTuning, given.report.gpuInvocations]).toEqual([null, 8]);
    given.destroy();
  }, 120_000);

  it('the CLI: -tune 1 reports the trials and the choice, kept under $XDG_CACHE_HOME', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'w2v-tuning-cli-'));
    const corpus = join(dir, 'corpus.txt');
    writeFileSync(corpus, 'the cat sat on the mat and the dog sat on the log '.repeat(400));
    const args = [
      '-train',
      corpus,
      '-output',
      join(dir, 'v.txt'),
      '-size',
      '16',
      '-min-count',
      '1',
      '-iter',
      '1',
      '-cbow',
      '0',
      '-device',
      'gpu',
      '-tune',
      '1',
      '-report',
      join(dir, 'r.json'),
    ];
    const run = await cli(args, { env: { XDG_CACHE_HOME: join(dir, 'cache') } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Note: Tuned the GPU kernel in [\d.]+ s/);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(report.gpu_tuning.trials.length).toBeGreaterThanOrEqual(1);
    expect(report.gpu_invocations).toBe(report.gpu_tuning.invocations);
    const kept = JSON.parse(readFileSync(join(dir, 'cache', 'webgpu-word2vec', 'gpu-tuning.json'), 'utf8'));
    expect(Object.values(kept)).toEqual([report.gpu_invocations]);
  }, 120_000);

  it('device=auto by measurement: the GPU made slow loses to the CPU path, the CPU path made slow loses to the GPU; the choice is remembered', async () => {
    const cache = memoryCache();
    const slowGpu = await measureDevices(
      'a | device',
      async () => 1e3,
      async () => 1e6,
      cache,
    );
    expect(slowGpu).toEqual({ gpu: 1e3, cpu: 1e6, chosen: 'cpu', cached: false });
    const slowCpu = await measureDevices(
      'b | device',
      async () => 5e7,
      async () => 1e5,
      cache,
    );
    expect(slowCpu).toMatchObject({ chosen: 'gpu', cached: false });
    let measured = 0;
    const again = await measureDevices(
      'a | device',
      async () => ++measured,
      async () => ++measured,
      cache,
    );
    expect(again).toEqual({ gpu: null, cpu: null, chosen: 'cpu', cached: true });
    expect(measured).toBe(0);
    expect(describeMeasurement(slowGpu, 2)).toBe(
      'device=auto measured 1,000 corpus positions a second on the GPU, 1,000,000 on the CPU path on 2 threads: training on the CPU path on 2 threads.',
    );
  });

  it('device=auto with tune=1 measures SwiftShader against the CPU path, trains on the faster (the CPU) and says so', async () => {
    const gpu = await nodeGpu();
    const text = 'the cat sat on the mat and the dog sat on the log '.repeat(400);
    const cache = memoryCache();
    const notices: string[] = [];
    const model = await train(text, { sg: 1, vectorSize: 16, minCount: 1, epochs: 1, tune: 1 }, { device: 'auto', gpu, tuningCache: cache, onNotice: (m) => notices.push(m) });
    const measured = model.report.deviceMeasurement!;
    expect(measured.cached).toBe(false);
    expect(measured.cpu!).toBeGreaterThan(measured.gpu!);
    expect([measured.chosen, model.report.device, model.report.gpuTuning]).toEqual(['cpu', 'cpu', null]);
    expect(notices.some((m) => /^device=auto measured [\d,]+ corpus positions a second on the GPU, [\d,]+ on the CPU path on 1 thread: training on the CPU path/.test(m))).toBe(
      true,
    );
    model.destroy();
    const again = await train(text, { sg: 1, vectorSize: 16, minCount: 1, epochs: 1, tune: 1 }, { device: 'auto', gpu, tuningCache: cache });
    expect(again.report.deviceMeasurement).toMatchObject({ cached: true, chosen: 'cpu' });
    expect(again.report.device).toBe('cpu');
    again.destroy();
  }, 120_000);
});
