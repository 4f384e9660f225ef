import { describe, expect, it } from 'vitest';
import { testGpu } from './helpers/gpu';
import { compareWithTwin, onDevice, syntheticCorpus, TWIN_CASES } from './helpers/twin';
import { type KernelConfig, type KernelVariant, LANE_INVOCATIONS, PRIVATE_BYTES_LIMIT, variantShape, WORKGROUP_BYTES_LIMIT } from '../src/word2vec/kernel-contract';
import { GpuTrainer } from '../src/word2vec/gpu/gpu-trainer';
import { WindowTwin } from '../src/word2vec/gpu/window-twin';
import { batches, makeSchedule } from '../src/word2vec/schedule';
import { initialInputVectors, keepProbabilities, noiseTable } from '../src/core/noise-tables';
import { resolveOptions } from '../src/word2vec/options';
import { train } from '../src/word2vec/train';
import { nodeGpu } from '../src/runtime/node-gpu';

describe("the window kernel's variants", () => {
  const config: KernelConfig = { dim: 100, window: 5, negative: 5, vocabSize: 1000, cbow: false, loss: 'ns', treeDepth: 0 };
  const variant = (invocations: number, lanesPerGroup = 1, ring: KernelVariant['ring'] = 'private'): KernelVariant => ({ invocations, lanesPerGroup, ring });

  it('lays each out with that many invocations a lane, through subgroups only where it is the subgroup size', () => {
    for (const invocations of LANE_INVOCATIONS) {
      const shape = variantShape(config, variant(invocations), { subgroupSize: 32 })!;
      expect(shape.workgroupSize).toBe(invocations);
      expect(shape.slice).toBe(Math.ceil(25 / invocations)); // 25 vec4s a row
      expect(shape.subgroups).toBe(invocations === 32);
      expect(shape.privateBytes).toBeLessThanOrEqual(PRIVATE_BYTES_LIMIT);
      expect(shape.workgroupBytes).toBeLessThanOrEqual(WORKGROUP_BYTES_LIMIT);
    }
  });

  it('moves the ring from private to workgroup memory, and several lanes into a workgroup only where a lane is one subgroup', () => {
    const own = variantShape(config, variant(16))!;
    const shared = variantShape(config, variant(16, 1, 'workgroup'))!;
    const ringBytes = 16 * 2 * 2 * 11; // two vec4s an invocation, row and change, 11 rows
    expect(own.privateBytes - shared.privateBytes).toBe(ringBytes);
    expect(shared.workgroupBytes - own.workgroupBytes).toBe(16 * ringBytes);
    expect(variantShape(config, variant(32, 4), { subgroupSize: 32 })).toMatchObject({ lanesPerGroup: 4, subgroups: true, workgroupBytes: 0 });
    const fourRings = 4 * 32 * 16 * 2 * 11; // one vec4 an invocation: 44 KiB
    expect(variantShape(config, variant(32, 4, 'workgroup'), { subgroupSize: 32 })).toBeNull();
    expect(variantShape(config, variant(32, 4, 'workgroup'), { subgroupSize: 32, workgroupBytes: 49152 })!.workgroupBytes).toBe(fourRings);
    expect(variantShape(config, variant(16, 2), { subgroupSize: 32 })).toBeNull(); // lanes would share barriers
    expect(variantShape(config, variant(64, 4), { subgroupSize: 64 })).not.toBeNull();
    expect(variantShape(config, variant(64, 4), { subgroupSize: 64, workgroupInvocations: 128 })).toBeNull();
  });

  it('has none where rows overflow an invocation or workgroup memory', () => {
    expect(variantShape({ ...config, dim: 4096 }, variant(8))).toBeNull(); // 128 vec4s an invocation
    expect(variantShape({ ...config, dim: 4096 }, variant(64, 1, 'workgroup'))).toBeNull(); // 64 x 16 vec4s x 22 rows
    expect(variantShape({ ...config, dim: 4096 }, variant(64, 1, 'workgroup'), { workgroupBytes: 49152 })).toBeNull();
    expect(variantShape({ ...config, dim: 300 }, variant(32, 1, 'workgroup'))).toBeNull(); // 22 KiB of ring
    expect(variantShape({ ...config, dim: 300 }, variant(32, 1, 'workgroup'), { workgroupBytes: 49152 })).not.toBeNull(); // as an H100 offers
    expect(variantShape({ ...config, negative: 64 }, variant(64))).toBeNull(); // 65 targets x 64 invocations
    expect(variantShape({ ...config, negative: 64 }, variant(32))).not.toBeNull();
    expect(() => variantShape(config, variant(12))).toThrow(/8, 16, 32, 64 invocations or the subgroup size, not 12/);
    expect(() => variantShape(config, variant(8, 3))).toThrow(/1, 2, 4 lanes, not 3/);
  });

  it('training takes one by `laneInvocations`, `lanesPerGroup` and `ringMemory` and reports it; a bad one is refused, naming the fix', async () => {
    const text = 'the cat sat on the mat and the dog sat on the log '.repeat(300);
    const gpu = await nodeGpu();
    const options = { sg: 1 as const, vectorSize: 16, minCount: 1, epochs: 1 };
    const model = await train(text, { ...options, laneInvocations: 16 }, { device: 'gpu', gpu });
    expect(model.report.gpuVariant).toEqual(variant(16));
    model.destroy();
    // Two lanes a workgroup take the subgroup's invocations (SwiftShader's 4).
    const grouped = await train(text, { ...options, lanesPerGroup: 2, ringMemory: 'workgroup' }, { device: 'gpu', gpu });
    expect(grouped.report.gpuVariant).toEqual(variant(4, 2, 'workgroup'));
    expect(grouped.report.gpuKernel).toBe('subgroups');
    expect(Number.isFinite(grouped.wv.similarity('cat', 'dog'))).toBe(true);
    grouped.destroy();
    expect(() => resolveOptions({ laneInvocations: 12 })).toThrow(/`laneInvocations` must be 8, 16, 32, 64, not 12; leave it out/);
    expect(() => resolveOptions({ lanesPerGroup: 3 })).toThrow(/`lanesPerGroup` must be 1, 2, 4, not 3/);
    expect(() => resolveOptions({ ringMemory: 'shared' as 'private' })).toThrow(/`ringMemory` must be 'private' or 'workgroup', not 'shared'/);
    await expect(train(text, { vectorSize: 4096, minCount: 1, laneInvocations: 8 }, { device: 'gpu', gpu })).rejects.toThrow(/The GPU kernel's variant 8 does not fit size 4096/);
    await expect(train(text, { ...options, laneInvocations: 16, lanesPerGroup: 2 }, { device: 'gpu', gpu })).rejects.toThrow(
      /several lanes a workgroup need the lane to be one subgroup \(4\)/,
    );
  });

  it('several lanes a workgroup: each walks its own stretch, the last workgroup part empty (3 lanes, 2 a workgroup)', async () => {
    const { device } = await testGpu();
    const subgroupSize = (device.adapterInfo as GPUAdapterInfo).subgroupMinSize;
    const kernel: KernelConfig = { dim: 16, window: 3, negative: 4, vocabSize: 40, cbow: false, loss: 'ns', treeDepth: 0 };
    const { ids, counts } = syntheticCorpus(900, kernel.vocabSize, 7);
    const inputs = { corpus: ids, keepProbability: keepProbabilities(counts, 0.01), noiseTable: noiseTable(counts, 0.75) };
    const syn0 = initialInputVectors(kernel.vocabSize, kernel.dim, 3);
    const schedule = { ...makeSchedule(ids.length, 3, 1), stepsPerDispatch: 50, dispatchesPerBatch: 3 };
    const gpu = await GpuTrainer.create(device, kernel, inputs, syn0, 3, schedule.dispatchesPerBatch, { variant: variant(subgroupSize, 2) });
    const twin = new WindowTwin(kernel, inputs, syn0.slice(), new Float32Array(kernel.vocabSize * kernel.dim), 1);
    try {
      expect(gpu.shape.lanesPerGroup).toBe(2);
      let [gpuExamples, cpuExamples, gpuLoss, cpuLoss] = [0, 0, 0, 0];
      for (const batch of batches(schedule, { alpha: 0.05, minAlpha: 0.0001, seed: 11 })) {
        for (const p of batch) {
          const stats = twin.runDispatch(p);
          cpuExamples += stats.examples;
          cpuLoss += stats.loss;
        }
        const stats = await gpu.submitBatch(batch);
        gpuExamples += stats.examples;
        gpuLoss += stats.loss;
      }
      // Which positions train, and with which contexts, depends on the corpus alone; the order of the lanes' updates does not.
      expect(gpuExamples).toBe(cpuExamples);
      expect(cpuExamples).toBeGreaterThan(1000);
      expect(Math.abs(gpuLoss - cpuLoss) / cpuLoss).toBeLessThan(0.02);
    } finally {
      gpu.destroy();
    }
  });
});

describe('training kernels match their CPU twin (one lane, deterministic; Dawn in Node)', () => {
  it('SwiftShader offers subgroups, so the default negative-sampling cases take the subgroupAdd path', async () => {
    const { device } = await testGpu();
    expect(device.features.has('subgroups')).toBe(true);
    const [, config] = TWIN_CASES[0]!;
    expect((await compareWithTwin(device, config)).subgroups).toBe(true);
  });

  it.each(TWIN_CASES)('%s', async (_, config, limits) => {
    const result = await compareWithTwin((await testGpu()).device, config, limits);
    expect(result.moved).toBeGreaterThan(1e-3);
    expect(result.syn0Difference).toBeLessThan(1e-5);
    expect(result.syn1Difference).toBeLessThan(1e-5);
    expect(result.cpuLoss).toBeGreaterThan(0);
    expect(result.lossRelativeDifference).toBeLessThan(1e-4);
    expect(result.split).toBe(limits?.matrixBindingBytes !== undefined);
    if (limits?.subgroups === false || limits?.subgroupSize !== undefined) expect(result.subgroups).toBe(false);
    const variant = onDevice((await testGpu()).device, limits)?.variant;
    if (variant && limits?.subgroupSize === undefined) expect(result.variant).toEqual(variant);
    if (variant && variant.lanesPerGroup > 1) expect(result.subgroups).toBe(true);
  });
});
