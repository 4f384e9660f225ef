import { describe, expect, it } from 'vitest';
import { testGpu } from './helpers/gpu';
import { compareWithTwin, TWIN_CASES } from './helpers/twin';
import { LANE_INVOCATIONS, PRIVATE_BYTES_LIMIT, windowKernelShape, type KernelConfig } from '../src/word2vec/kernel-contract';
import { resolveOptions } from '../src/word2vec/options';
import { train } from '../src/word2vec/train';
import { nodeGpu } from '../src/runtime/node-gpu';

describe("the window kernel's variants: invocations a lane", () => {
  const config: KernelConfig = { dim: 100, window: 5, negative: 5, vocabSize: 1000, cbow: false, loss: 'ns', treeDepth: 0 };

  it('lays each out with that many invocations, through subgroups only where it is the subgroup size', () => {
    for (const invocations of LANE_INVOCATIONS) {
      const shape = windowKernelShape(config, 32, invocations)!;
      expect(shape.workgroupSize).toBe(invocations);
      expect(shape.slice).toBe(Math.ceil(25 / invocations)); // 25 vec4s a row
      expect(shape.subgroups).toBe(invocations === 32);
      expect(shape.privateBytes).toBeLessThanOrEqual(PRIVATE_BYTES_LIMIT);
    }
  });

  it('has none where rows overflow an invocation or the partial sums overflow workgroup memory', () => {
    expect(windowKernelShape({ ...config, dim: 4096 }, undefined, 8)).toBeNull(); // 128 vec4s an invocation
    expect(windowKernelShape({ ...config, negative: 64 }, undefined, 64)).toBeNull(); // 65 targets x 64 invocations
    expect(windowKernelShape({ ...config, negative: 64 }, undefined, 32)).not.toBeNull();
    expect(() => windowKernelShape(config, undefined, 12)).toThrow(/8, 16, 32, 64/);
  });

  it('training takes one by `laneInvocations` and reports it; a bad one is refused, naming the fix', async () => {
    const text = 'the cat sat on the mat and the dog sat on the log '.repeat(300);
    const gpu = await nodeGpu();
    const model = await train(text, { sg: 1, vectorSize: 16, minCount: 1, epochs: 1, laneInvocations: 16 }, { device: 'gpu', gpu });
    expect(model.report.gpuInvocations).toBe(16);
    model.destroy();
    expect(() => resolveOptions({ laneInvocations: 12 })).toThrow(/`laneInvocations` must be 8, 16, 32, 64, not 12; leave it out/);
    await expect(train(text, { vectorSize: 4096, minCount: 1, laneInvocations: 8 }, { device: 'gpu', gpu })).rejects.toThrow(/`laneInvocations` 8 is too few for size 4096/);
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
    if (limits?.invocations !== undefined) expect(result.invocations).toBe(limits.invocations);
  });
});
