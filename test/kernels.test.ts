import { describe, expect, it } from 'vitest';
import { testGpu } from './helpers/gpu';
import { compareWithTwin, TWIN_CASES } from './helpers/twin';

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
  });
});
