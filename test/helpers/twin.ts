// Runs the training kernel and its CPU twin on the same deterministic single-lane schedule.
// Shared by the Node tests (Dawn) and the browser page test/browser/kernels.ts (Chromium).
import { buildHuffmanTree } from '../../src/word2vec/huffman';
import { type KernelConfig, type KernelInputs, type KernelVariant, outputRows, shapeVariant } from '../../src/word2vec/kernel-contract';
import { GpuTrainer, type GpuTrainerLimits } from '../../src/word2vec/gpu/gpu-trainer';
import { batches, makeSchedule } from '../../src/word2vec/schedule';
import { initialInputVectors, keepProbabilities, noiseTable } from '../../src/core/noise-tables';
import { SENTENCE_END } from '../../src/text/vocabulary';
import { WindowTwin } from '../../src/word2vec/gpu/window-twin';

/** A small Zipf-like corpus with sentence ends, from a seeded LCG. */
export function syntheticCorpus(length: number, vocabSize: number, seed: number): { ids: Uint32Array; counts: number[] } {
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

function maxDifference(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

export interface TwinComparison {
  /** How far training moved syn0 from its initial values (to show the check is not vacuous). */
  moved: number;
  syn0Difference: number;
  syn1Difference: number;
  cpuLoss: number;
  lossRelativeDifference: number;
  /** Whether the GPU held each matrix in more than one buffer. */
  split: boolean;
  /** Whether the kernel summed with subgroupAdd (else through workgroup memory). */
  subgroups: boolean;
  /** The variant the kernel was built as. */
  variant: KernelVariant;
}

/** A binding limit of 25 rows of 16 floats: each 40-row matrix goes into two buffers of 20 rows. */
const SPLIT: GpuTrainerLimits = { matrixBindingBytes: 25 * 16 * 4 };
/** The same with syn1's rows twice as wide (hierarchical softmax beside negative sampling). */
const SPLIT_WIDE: GpuTrainerLimits = { matrixBindingBytes: 25 * 32 * 4 };

/** In a case's variant: the device's subgroup size (a lane of several a workgroup must be one subgroup). */
export const SUBGROUP = -1;

function variant(invocations: number, lanesPerGroup = 1, ring: KernelVariant['ring'] = 'private'): GpuTrainerLimits {
  return { variant: { invocations, lanesPerGroup, ring } };
}

/** The case's limits with SUBGROUP made the device's subgroup size. */
export function onDevice(device: GPUDevice, limits: GpuTrainerLimits | undefined): GpuTrainerLimits | undefined {
  if (limits?.variant?.invocations !== SUBGROUP) return limits;
  const subgroupSize = (device.adapterInfo as GPUAdapterInfo).subgroupMinSize;
  return { ...limits, variant: { ...limits.variant, invocations: subgroupSize } };
}

const base: KernelConfig = { dim: 16, window: 3, negative: 4, vocabSize: 40, cbow: false, loss: 'ns', treeDepth: 0 };
/** Hierarchical softmax: any depth above 0 turns it on; compareWithTwin builds the tree and uses its depth. */
const tree: Partial<KernelConfig> = { treeDepth: 1 };
export const TWIN_CASES: [string, KernelConfig, GpuTrainerLimits?][] = [
  ['skip-gram, negative sampling', base],
  ['CBOW, negative sampling', { ...base, cbow: true }],
  ['skip-gram, negative sampling, sums through workgroup memory', base, { subgroups: false }],
  ['CBOW, negative sampling, sums through workgroup memory', { ...base, cbow: true }, { subgroups: false }],
  ['skip-gram, a workgroup wider than a subgroup: found by the probe, rebuilt with workgroup memory', base, { subgroupSize: 8 }],
  ['skip-gram, full softmax', { ...base, loss: 'softmax' }],
  ['CBOW, full softmax', { ...base, cbow: true, loss: 'softmax' }],
  ['skip-gram, full softmax, sums through workgroup memory', { ...base, loss: 'softmax' }, { subgroups: false }],
  ['skip-gram, negative sampling, matrices split over two buffers', base, SPLIT],
  ['CBOW, full softmax, matrices split over two buffers', { ...base, cbow: true, loss: 'softmax' }, SPLIT],
  ['skip-gram, size 13 (rows padded to whole vec4s)', { ...base, dim: 13 }],
  ['CBOW, size 1', { ...base, dim: 1, cbow: true }],
  ['skip-gram, size 2100 (three vec4s per invocation)', { ...base, dim: 2100, vocabSize: 12 }],
  ['skip-gram, window 8 with 40 negatives (contexts reduced in several rounds)', { ...base, window: 8, negative: 40, dim: 300 }],
  ['skip-gram, window 64 (the largest), sums through workgroup memory', { ...base, window: 64 }, { subgroups: false }],
  ['skip-gram, 64 negatives (the most), 400 words', { ...base, negative: 64, vocabSize: 400 }],
  ['skip-gram, hierarchical softmax', { ...base, ...tree, negative: 0 }],
  ['CBOW, hierarchical softmax', { ...base, ...tree, negative: 0, cbow: true }],
  ['skip-gram, hierarchical softmax, sums through workgroup memory', { ...base, ...tree, negative: 0 }, { subgroups: false }],
  ['skip-gram, hierarchical softmax and negative sampling', { ...base, ...tree }],
  ['CBOW, hierarchical softmax and negative sampling, sums through workgroup memory', { ...base, ...tree, cbow: true }, { subgroups: false }],
  ['skip-gram, hierarchical softmax and negative sampling, matrices split over two buffers', { ...base, ...tree }, SPLIT_WIDE],
  ['CBOW, hierarchical softmax, size 13, 400 words', { ...base, ...tree, negative: 0, cbow: true, dim: 13, vocabSize: 400 }],
  // The window kernel's variants: invocations a lane (LANE_INVOCATIONS), lanes a workgroup, where the ring is.
  ['skip-gram, 8 invocations a lane', base, variant(8)],
  ['CBOW, 16 invocations a lane', { ...base, cbow: true }, variant(16)],
  ['skip-gram, size 300, 8 invocations a lane (ten vec4s each)', { ...base, dim: 300 }, variant(8)],
  ['skip-gram, hierarchical softmax and negative sampling, 64 invocations a lane', { ...base, ...tree }, variant(64)],
  ['skip-gram, full softmax, 16 invocations a lane', { ...base, loss: 'softmax' }, variant(16)],
  ['skip-gram, 32 invocations a lane as one subgroup (rebuilt through workgroup memory where subgroups are narrower)', base, { ...variant(32), subgroupSize: 32 }],
  ['skip-gram, ring in workgroup memory', base, variant(32, 1, 'workgroup')],
  ['CBOW, hierarchical softmax, ring in workgroup memory, 16 invocations a lane', { ...base, ...tree, negative: 0, cbow: true }, variant(16, 1, 'workgroup')],
  ['skip-gram, full softmax, ring in workgroup memory', { ...base, loss: 'softmax' }, variant(8, 1, 'workgroup')],
  ['skip-gram, 4 lanes a workgroup, each one subgroup', base, variant(SUBGROUP, 4)],
  ['CBOW, 2 lanes a workgroup, each one subgroup, ring in workgroup memory', { ...base, cbow: true }, variant(SUBGROUP, 2, 'workgroup')],
  ['skip-gram, hierarchical softmax and negative sampling, 2 lanes a workgroup', { ...base, ...tree }, variant(SUBGROUP, 2)],
];

export async function compareWithTwin(device: GPUDevice, caseConfig: KernelConfig, caseLimits?: GpuTrainerLimits): Promise<TwinComparison> {
  const limits = onDevice(device, caseLimits);
  const { ids, counts } = syntheticCorpus(600, caseConfig.vocabSize, 7);
  const huffman = caseConfig.treeDepth > 0 ? buildHuffmanTree(counts) : undefined;
  const config = { ...caseConfig, treeDepth: huffman?.stride ?? 0 };
  const inputs: KernelInputs = { corpus: ids, keepProbability: keepProbabilities(counts, 0.01), noiseTable: noiseTable(counts, 0.75), tree: huffman };
  const syn0 = initialInputVectors(config.vocabSize, config.dim, 3);
  const schedule = { ...makeSchedule(ids.length, 1, 2), stepsPerDispatch: 50, dispatchesPerBatch: 3 };
  const gpu = await GpuTrainer.create(device, config, inputs, syn0, 1, schedule.dispatchesPerBatch, limits);
  const cpu = new WindowTwin(config, inputs, syn0.slice(), new Float32Array(outputRows(config) * config.dim), gpu.shape.subgroups ? 1 : gpu.shape.chunkContexts);
  let cpuLoss = 0;
  let gpuLoss = 0;
  try {
    for (const batch of batches(schedule, { alpha: 0.05, minAlpha: 0.0001, seed: 11 })) {
      for (const p of batch) cpuLoss += cpu.runDispatch(p).loss;
      gpuLoss += (await gpu.submitBatch(batch)).loss;
    }
    const matrices = await gpu.readMatrices();
    return {
      moved: maxDifference(cpu.syn0, syn0),
      syn0Difference: maxDifference(matrices.syn0, cpu.syn0),
      syn1Difference: maxDifference(matrices.syn1, cpu.syn1),
      cpuLoss,
      lossRelativeDifference: Math.abs(gpuLoss - cpuLoss) / cpuLoss,
      split: gpu.split,
      subgroups: gpu.shape.subgroups,
      variant: shapeVariant(gpu.shape),
    };
  } finally {
    gpu.destroy();
  }
}
