import { describe, expect, it } from 'vitest';
import { testGpu } from './helpers/gpu';
import { compareWithTwin, TWIN_CASES } from './helpers/twin';

describe('training kernels match their CPU twin (one lane, deterministic; Dawn in Node)', () => {
  it.each(TWIN_CASES)('%s', async (_, config, limits) => {
    const result = await compareWithTwin((await testGpu()).device, config, limits);
    expect(result.moved).toBeGreaterThan(1e-3);
    expect(result.syn0Difference).toBeLessThan(1e-5);
    expect(result.syn1Difference).toBeLessThan(1e-5);
    expect(result.cpuLoss).toBeGreaterThan(0);
    expect(result.lossRelativeDifference).toBeLessThan(1e-4);
    expect(result.split).toBe(limits !== undefined);
  });
});
