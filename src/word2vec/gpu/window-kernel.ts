import { NOISE_WGSL, RNG_WGSL } from '../../core/shared-wgsl';
import type { KernelDescription, StorageBinding } from '../../runtime/gpu-kernel';
import { SENTENCE_END } from '../../text/vocabulary';
import { maxScan, negativeSampling, outputBanks, TARGET_LABEL, TARGET_TREE, type KernelConfig, type WindowKernelShape } from '../kernel-contract';
import matrixSource from './matrix.wgsl?raw';
import reduceSource from './reduce.wgsl?raw';
import windowSource from './train-window.wgsl?raw';
import windowLogisticSource from './window-logistic.wgsl?raw';
import windowSoftmaxSource from './window-softmax.wgsl?raw';

export type WindowUniform = 'epochKey' | 'firstStep' | 'steps' | 'lanes' | 'laneLength' | 'corpusLength' | 'alpha' | 'alphaDecay';

/**
 * The window kernel (the training walk, train-window.wgsl, with its output layer: window-logistic.wgsl
 * or window-softmax.wgsl; matrix.wgsl gives access to the rows). Its layout and the run's settings
 * are constants. syn1's rows hold SYN1_DIM4 vec4s: negative sampling's row, then the tree's at
 * TREE_OFFSET; a word's path takes TREE_STRIDE entries. With `rowsPerPart` below the vocabulary,
 * each matrix is bound as two buffers split at that row (syn0Tail, syn1Tail).
 */
export function windowKernel(config: KernelConfig, shape: WindowKernelShape, rowsPerPart = config.vocabSize): KernelDescription<WindowUniform> {
  const split = rowsPerPart < config.vocabSize;
  const matrix = (name: string): StorageBinding => ({ name, access: 'read_write', type: 'array<vec4f>' });
  return {
    label: 'train-window',
    sources: [RNG_WGSL, NOISE_WGSL, matrixSource, windowSource, config.loss === 'ns' ? windowLogisticSource : windowSoftmaxSource],
    constants: {
      WG: shape.workgroupSize,
      LANES_PER_GROUP: shape.lanesPerGroup,
      GROUP: shape.workgroupSize * shape.lanesPerGroup,
      SLICE: shape.slice,
      WINDOW: config.window,
      NEGATIVE: config.negative,
      TARGETS: shape.targets,
      RING: shape.ringSize,
      CHUNK_CONTEXTS: shape.chunkContexts,
      CHUNK_PAIRS: shape.chunkPairs,
      PAIR_STRIDE: shape.pairStride,
      DIM4: shape.dim4,
      SYN1_DIM4: outputBanks(config) * shape.dim4,
      TREE_OFFSET: negativeSampling(config) ? shape.dim4 : 0,
      TREE_STRIDE: config.treeDepth + 1,
      VOCAB: config.vocabSize,
      MAX_SCAN: maxScan(config.window),
      SENTENCE_END,
      PART_ROWS: rowsPerPart,
      TARGET_LABEL,
      TARGET_TREE,
      CBOW: config.cbow,
      SPLIT: split,
      SUBGROUPS: shape.subgroups,
      MULTI_LANE: shape.lanesPerGroup > 1,
      RING_SHARED: shape.ringShared,
      TREE: config.loss === 'ns' && config.treeDepth > 0,
      NEGATIVES: negativeSampling(config),
    },
    uniforms: [
      ['epochKey', 'u32'], // pcg(epoch ^ pcg(seed)): keys every draw of this epoch
      ['firstStep', 'u32'], // offset, within each lane, of this dispatch's first centre position
      ['steps', 'u32'], // centre positions per lane in this dispatch
      ['lanes', 'u32'], // lanes, each over its own contiguous chunk
      ['laneLength', 'u32'], // positions per lane
      ['corpusLength', 'u32'], // positions in the corpus, sentence ends included
      ['alpha', 'f32'], // learning rate at firstStep
      ['alphaDecay', 'f32'], // learning-rate decrease per step
    ],
    uniformPerDispatch: true,
    storage: [
      { name: 'corpus', access: 'read', type: 'array<u32>' }, // word ids, SENTENCE_END between sentences
      { name: 'keepProbability', access: 'read', type: 'array<f32>' }, // per word: chance a position survives subsampling
      { name: 'tables', access: 'read', type: 'array<vec2u>' }, // VOCAB alias entries of unigram^nsExponent (keep chance bits, alias), then the tree's paths
      matrix('syn0'), // input vectors, VOCAB x DIM4 (the rows below PART_ROWS when split)
      matrix('syn1'), // output vectors, VOCAB x SYN1_DIM4 (the rows below PART_ROWS when split)
      { name: 'laneStats', access: 'read_write', type: 'array<vec2f>' }, // per lane: (loss sum, examples) since the last reduction
      ...(split ? [matrix('syn0Tail'), matrix('syn1Tail')] : []), // the rows from PART_ROWS on
    ],
    entryPoints: ['train'],
    enables: shape.subgroups ? ['subgroups'] : [],
    // Several lanes a workgroup: a lane's control flow is uniform within its subgroup, which the
    // analysis (by workgroup) cannot see.
    diagnosticsOff: shape.lanesPerGroup > 1 ? ['subgroup_uniformity'] : [],
  };
}

/** The batch-loss reduction: sums `lanes` lanes' (loss, examples) into batchStats[0] and clears them. */
export function reduceKernel(lanes: number): KernelDescription<never> {
  return {
    label: 'reduce',
    sources: [reduceSource],
    constants: { LANES: lanes },
    uniforms: [],
    storage: [
      { name: 'laneStats', access: 'read_write', type: 'array<vec2f>' }, // per lane, as in train-window.wgsl
      { name: 'batchStats', access: 'read_write', type: 'array<vec2f>' }, // [0]: (loss sum, examples) of the batch
    ],
    entryPoints: ['reduce'],
  };
}
