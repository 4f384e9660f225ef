import { describe, expect, it } from 'vitest';
import { CpuKernels, type KernelConfig, type KernelInputs } from '../src/cpu/kernels';
import { GpuTrainer } from '../src/gpu/trainer';
import { batches, makeSchedule } from '../src/sampling/schedule';
import { initialInputVectors, keepProbabilities, noiseTable } from '../src/sampling/tables';
import { SENTENCE_END } from '../src/text/vocabulary';
import { testGpu } from './helpers/gpu';

/** A small Zipf-like corpus with sentence ends, from a seeded LCG. */
function syntheticCorpus(length: number, vocabSize: number, seed: number): { ids: Uint32Array; counts: number[] } {
  const ids = new Uint32Array(length);
  const counts = new Array<number>(vocabSize).fill(0);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    if (i % 37 === 36) {
      ids[i] = SENTENCE_END;
      continue;
    }
    const word = Math.min(vocabSize - 1, Math.floor(vocabSize ** (state / 2 ** 32)) - 1);
    ids[i] = word;
    counts[word]!++;
  }
  return { ids, counts: counts.map((c) => Math.max(1, c)) };
}

/** Runs the same deterministic single-lane schedule on the GPU kernel and its CPU twin. */
async function compare(config: KernelConfig, options: { sample: number; epochs: number; length: number }) {
  const { device } = await testGpu();
  const { ids, counts } = syntheticCorpus(options.length, config.vocabSize, 7);
  const inputs: KernelInputs = { corpus: ids, keepProbability: keepProbabilities(counts, options.sample), noiseTable: noiseTable(counts, 0.75, 1000) };
  const syn0 = initialInputVectors(config.vocabSize, config.dim, 3);
  const schedule = { ...makeSchedule(ids.length, 1, options.epochs), stepsPerDispatch: 50, dispatchesPerBatch: 3 };
  const cpu = new CpuKernels(config, inputs, syn0.slice(), new Float32Array(syn0.length));
  const gpu = await GpuTrainer.create(device, config, inputs, syn0, 1, schedule.dispatchesPerBatch);
  let cpuLoss = 0;
  let gpuLoss = 0;
  for (const batch of batches(schedule, { alpha: 0.05, minAlpha: 0.0001, seed: 11 })) {
    for (const p of batch) cpuLoss += cpu.runDispatch(p).loss;
    gpuLoss += (await gpu.submitBatch(batch)).loss;
  }
  const matrices = await gpu.readMatrices();
  gpu.destroy();
  return { cpu, matrices, cpuLoss, gpuLoss, initial: syn0 };
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('training kernels match their CPU twin (one lane, deterministic)', () => {
  const base = { dim: 16, window: 3, negative: 4, vocabSize: 40 };
  const cases: [string, KernelConfig][] = [
    ['skip-gram, negative sampling', { ...base, cbow: false, loss: 'ns' }],
    ['CBOW, negative sampling', { ...base, cbow: true, loss: 'ns' }],
    ['skip-gram, full softmax', { ...base, cbow: false, loss: 'softmax' }],
    ['CBOW, full softmax', { ...base, cbow: true, loss: 'softmax' }],
  ];
  for (const [name, config] of cases) {
    it(name, async () => {
      const { cpu, matrices, cpuLoss, gpuLoss, initial } = await compare(config, { sample: 0.01, epochs: 2, length: 600 });
      // Training moved the vectors, and both devices moved them the same way.
      expect(maxDifference(cpu.syn0, initial)).toBeGreaterThan(1e-3);
      expect(maxDifference(matrices.syn0, cpu.syn0)).toBeLessThan(1e-5);
      expect(maxDifference(matrices.syn1, cpu.syn1)).toBeLessThan(1e-5);
      expect(cpuLoss).toBeGreaterThan(0);
      expect(Math.abs(gpuLoss - cpuLoss) / cpuLoss).toBeLessThan(1e-4);
    });
  }
});
