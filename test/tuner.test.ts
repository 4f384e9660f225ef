import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeTuning, tuneWindowKernel, tuningKey, tuningSpace, type TuningCache, type TuningSpace, type TuningTrial } from '../src/word2vec/gpu/kernel-tuner';
import { nodeTuningCache } from '../src/word2vec/gpu/tuning-cache-file';
import { type KernelConfig, type KernelVariant, variantName } from '../src/word2vec/kernel-contract';
import { nodeGpu } from '../src/runtime/node-gpu';
import { train } from '../src/word2vec/train';
import { cli } from './helpers/cli';
import { describeMeasurement, measureDevices, rememberRace } from '../src/word2vec/device-measure';
import { describeAdapter } from '../src/runtime/gpu-device';
import { prepareCorpus } from '../src/text/corpus';
import { resolveOptions } from '../src/word2vec/options';

/** A cache in memory that counts its writes. */
function memoryCache(): TuningCache & { writes: number; map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
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

const BASE: Record<number, number> = { 8: 1e6, 16: 2e6, 32: 5e6, 64: 3e6 };
/** Speeds injected: 32 a lane fastest, its ring faster in workgroup memory, 2 lanes a workgroup faster still, half the lanes 3% slower. */
function speed(v: KernelVariant, lanes: number): number {
  const ring = v.ring === 'workgroup' ? 1.2 : 1;
  const grouped = v.lanesPerGroup === 2 ? 1.1 : v.lanesPerGroup === 4 ? 0.9 : 1;
  const fewer = lanes === 2048 ? 1 : lanes === 1024 ? 0.97 : 0.5;
  return BASE[v.invocations]! * ring * grouped * fewer;
}
const SPACE: TuningSpace = { invocations: [8, 16, 32, 64], fits: (v) => !(v.invocations === 64 && v.ring === 'workgroup'), subgroupSize: 32, maxLanes: 2048, tuneLanes: true };
const name = (t: TuningTrial): string => `${variantName(t.variant)} @ ${t.lanes}`;

describe("the GPU kernel's tuner", () => {
  it('tries one axis at a time, keeps the fastest (the fewest lanes within 5%) and remembers it; the next run takes it from the cache', async () => {
    const cache = memoryCache();
    let tried = 0;
    const trial = async (v: KernelVariant, lanes: number): Promise<{ positionsPerSecond: number; clock: 'wall clock' }> => {
      tried++;
      return { positionsPerSecond: speed(v, lanes), clock: 'wall clock' };
    };
    const first = await tuneWindowKernel('gpu | shape', SPACE, trial, { cache });
    expect(first.trials.map(name)).toEqual([
      '8 @ 2048',
      '16 @ 2048',
      '32 @ 2048',
      '64 @ 2048',
      '32, ring in workgroup memory @ 2048',
      '32 x 2, ring in workgroup memory @ 2048',
      '32 x 4, ring in workgroup memory @ 2048',
      '32 x 2, ring in workgroup memory @ 1024',
      '32 x 2, ring in workgroup memory @ 512',
    ]);
    const choice = { variant: { invocations: 32, lanesPerGroup: 2, ring: 'workgroup' }, laneShare: 0.5 };
    expect(first).toMatchObject({ choice, lanes: 1024, cached: false, untried: [] });
    expect(cache.map.get('gpu | shape')).toEqual(choice);
    expect(describeTuning(first)).toMatch(
      /^Tuned the GPU kernel in [\d.]+ s: 32 x 2, ring in workgroup memory invocations a lane on 1,024 lanes, of 9 trials; the fastest trained 6,600,000 positions\/s\.$/,
    );
    const again = await tuneWindowKernel('gpu | shape', { ...SPACE, maxLanes: 1000 }, trial, { cache });
    expect(again).toMatchObject({ choice, lanes: 500, cached: true, trials: [] });
    expect(tried).toBe(9); // no new trials
    // Where the run sets its lanes, they are kept: none fewer are tried, nor taken from the cache.
    expect(await tuneWindowKernel('gpu | shape', { ...SPACE, tuneLanes: false }, trial, { cache })).toMatchObject({ lanes: 2048, cached: true });
    const fixed = await tuneWindowKernel('gpu | fixed', { ...SPACE, tuneLanes: false }, trial);
    expect([fixed.lanes, fixed.trials.length]).toEqual([2048, 7]);
    // Another problem shape is tuned afresh; so is a remembered variant this device cannot build, or an old choice that is not one.
    expect((await tuneWindowKernel('gpu | other', SPACE, trial, { cache })).cached).toBe(false);
    cache.map.set('gpu | narrow', { variant: { invocations: 64, lanesPerGroup: 1, ring: 'workgroup' }, laneShare: 1 });
    cache.map.set('gpu | old', 16);
    expect(await tuneWindowKernel('gpu | narrow', SPACE, trial, { cache })).toMatchObject({ cached: false, choice });
    expect(await tuneWindowKernel('gpu | old', SPACE, trial, { cache })).toMatchObject({ cached: false, choice });
  });

  it('stops trying when its 2 s are spent, and lists what it had no time for', async () => {
    let now = 0;
    const trial = async (v: KernelVariant, lanes: number): Promise<{ positionsPerSecond: number; clock: 'wall clock' }> => {
      now += 800; // each trial takes 0.8 s
      return { positionsPerSecond: speed(v, lanes), clock: 'wall clock' };
    };
    const tuning = await tuneWindowKernel('k', SPACE, trial, { clock: () => now });
    expect(tuning.trials.map(name)).toEqual(['8 @ 2048', '16 @ 2048']); // a third would end at 2.4 s
    expect(tuning.untried).toEqual(['32 @ 2,048 lanes', '64 @ 2,048 lanes', '16, ring in workgroup memory @ 2,048 lanes', '16 @ 1,024 lanes', '16 @ 512 lanes']);
    expect(tuning.choice).toEqual({ variant: { invocations: 16, lanesPerGroup: 1, ring: 'private' }, laneShare: 1 });
    expect(tuning.seconds).toBeCloseTo(1.6, 6);
  });

  it('keys a choice by the adapter and the shape of the problem; offers only the variants that fit', () => {
    const config: KernelConfig = { dim: 100, window: 5, negative: 5, vocabSize: 1000, cbow: false, loss: 'ns', treeDepth: 0 };
    const adapter = { vendor: 'nvidia', architecture: 'hopper', device: '', description: 'H100', isFallback: false };
    const key = tuningKey(adapter, config);
    expect(tuningKey({ ...adapter, description: 'A100' }, config)).not.toBe(key);
    expect(tuningKey(adapter, { ...config, dim: 300 })).not.toBe(key);
    expect(tuningKey(adapter, { ...config, vocabSize: 5 })).toBe(key); // the vocabulary is not the kernel's shape
    const v = (invocations: number, lanesPerGroup = 1, ring: KernelVariant['ring'] = 'private'): KernelVariant => ({ invocations, lanesPerGroup, ring });
    expect(tuningSpace(config, { subgroupSize: 32 }, 2048, true).invocations).toEqual([32, 8, 16, 64]); // the subgroup first
    const narrow = tuningSpace(config, { subgroupSize: 4 }, 2048, true);
    expect(narrow.invocations).toEqual([4, 8, 16, 32, 64]);
    expect([narrow.fits(v(4, 4)), narrow.fits(v(8, 2)), narrow.fits(v(12))]).toEqual([true, false, false]);
    const wide = tuningSpace({ ...config, dim: 2100 }, {}, 2048, true); // 525 vec4s a row
    expect([wide.fits(v(8)), wide.fits(v(64))]).toEqual([false, true]);
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
    expect(tuned.report.gpuVariant).toEqual(tuning.choice.variant);
    expect(tuned.report.lanes).toBe(tuning.lanes);
    // The chosen variant is the fastest tried (on the lanes within 5% of its fastest).
    const chosen = tuning.trials.filter((t) => variantName(t.variant) === variantName(tuning.choice.variant)).map((t) => t.positionsPerSecond);
    expect(Math.max(...chosen)).toBe(Math.max(...tuning.trials.map((t) => t.positionsPerSecond)));
    expect(notices.some((m) => /^Tuned the GPU kernel in [\d.]+ s: .+ invocations a lane on [\d,]+ lanes, of \d+ trials/.test(m))).toBe(true);
    expect(Number.isFinite(tuned.wv.similarity('cat', 'dog'))).toBe(true);
    tuned.destroy();
    const again = await train(text, { ...options, tune: 1 }, { device: 'gpu', gpu, tuningCache: cache });
    expect(again.report.gpuTuning).toMatchObject({ cached: true, choice: tuning.choice, trials: [] });
    again.destroy();
    // A software adapter is not tuned by default, nor is a run given its variant.
    const plain = await train(text, options, { device: 'gpu', gpu, tuningCache: cache });
    expect(plain.report.gpuTuning).toBeNull();
    plain.destroy();
    const given = await train(text, { ...options, tune: 1, laneInvocations: 8 }, { device: 'gpu', gpu, tuningCache: cache });
    expect([given.report.gpuTuning, given.report.gpuVariant?.invocations]).toEqual([null, 8]);
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
    expect(report.gpu_variant).toEqual(report.gpu_tuning.choice.variant);
    const kept = JSON.parse(readFileSync(join(dir, 'cache', 'webgpu-word2vec', 'gpu-tuning.json'), 'utf8'));
    expect(Object.values(kept)).toEqual([report.gpu_tuning.choice]);
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

  it("the page's race is auto's measurement: kept, auto then trains on its winner without measuring again", async () => {
    const gpu = await nodeGpu();
    const adapter = describeAdapter((await gpu.requestAdapter())!);
    const prepared = await prepareCorpus('the cat sat on the mat and the dog sat on the log '.repeat(400), { minCount: 1 });
    const options = { sg: 1 as const, vectorSize: 16, minCount: 1, epochs: 1, tune: 1 as const };
    const cache = memoryCache();
    // SwiftShader loses to the CPU path when measured; a race it won (as a hardware GPU would) is what auto goes by.
    expect(await rememberRace(cache, adapter, resolveOptions(options), prepared, 1, { gpu: 2e6, cpu: 1e6 })).toEqual({ gpu: 2e6, cpu: 1e6, chosen: 'gpu', cached: false });
    const model = await train(prepared, options, { device: 'auto', gpu, tuningCache: cache });
    expect(model.report.deviceMeasurement).toEqual({ gpu: null, cpu: null, chosen: 'gpu', cached: true });
    expect(model.report.device).toBe('gpu');
    model.destroy();
    await rememberRace(cache, adapter, resolveOptions(options), prepared, 1, { gpu: 1e6, cpu: 3e6 });
    const after = await train(prepared, options, { device: 'auto', gpu, tuningCache: cache });
    expect([after.report.device, after.report.deviceMeasurement?.cached]).toEqual(['cpu', true]);
    after.destroy();
  }, 120_000);
});
