/**
 * What the training kernels and their CPU twins agree on: the model's shape, the read-only inputs,
 * and how the GPU's window kernel (`src/word2vec/gpu/train-window.wgsl`) lays its work out. The GPU code
 * (`src/gpu`) and the CPU code (`src/cpu`, `src/word2vec/gpu/window-twin.ts`) both import from here.
 */

import type { HuffmanTree } from './huffman';

/** What the kernels are compiled for. */
export interface KernelConfig {
  dim: number;
  window: number;
  /** Noise words per example with `loss: 'ns'`; 0 turns negative sampling off (hierarchical softmax alone). */
  negative: number;
  vocabSize: number;
  cbow: boolean;
  /** Logistic outputs (negative sampling and/or hierarchical softmax), or the exact full softmax. */
  loss: 'ns' | 'softmax';
  /** Hierarchical softmax: the longest code of its tree (`HuffmanTree.stride`); 0 when it is off. */
  treeDepth: number;
  /**
   * PV-DBOW (skip-gram only, CPU path): paragraph vectors, one per document, in syn0 after the
   * vocabulary's rows. Each kept position's document row predicts its word as one more context
   * (window slot `2 * window`), as gensim's Doc2Vec(dm=0). Default 0: word2vec.
   */
  documents?: number;
  /** With `documents`: whether the words' own contexts train too (gensim's dbow_words; default true). */
  trainWords?: boolean;
}

/** Read-only inputs shared by every dispatch. */
export interface KernelInputs {
  corpus: Uint32Array;
  keepProbability: Float32Array;
  /** The noise words' alias table (`noiseTable` in sampling/tables.ts). */
  noiseTable: Uint32Array;
  /** Hierarchical softmax's tree, when `treeDepth` is above 0. */
  tree?: HuffmanTree;
  /** With `documents`: the document of each corpus position. */
  documentOf?: Uint32Array;
}

/** Rows of syn0: the vocabulary's, then the documents' (PV-DBOW). */
export function inputRows(config: Pick<KernelConfig, 'vocabSize' | 'documents'>): number {
  return config.vocabSize + (config.documents ?? 0);
}

/** Whether negative sampling trains (it may be off when hierarchical softmax is on). */
export function negativeSampling(config: Pick<KernelConfig, 'loss' | 'negative'>): boolean {
  return config.loss === 'ns' && config.negative > 0;
}

/** Vocabulary-sized matrices in syn1: negative sampling's and/or the tree's (the full softmax has one). */
export function outputBanks(config: Pick<KernelConfig, 'loss' | 'negative' | 'treeDepth'>): number {
  if (config.loss === 'softmax') return 1;
  return (negativeSampling(config) ? 1 : 0) + (config.treeDepth > 0 ? 1 : 0);
}

/**
 * The output matrix (syn1) as the CPU sees it: rows of `dim`, first negative sampling's (one per
 * word) when it is on, then hierarchical softmax's (one per inner node of the tree, and one unused,
 * as in the C tool) when it is on; the full softmax has one per word. (The GPU holds the two side
 * by side in each row: see src/word2vec/gpu/window-logistic.wgsl.)
 */
export function outputRows(config: KernelConfig): number {
  return outputBanks(config) * config.vocabSize;
}

/** The syn1 row of the tree's inner node 0. */
export function treeBase(config: KernelConfig): number {
  return negativeSampling(config) ? config.vocabSize : 0;
}

/** The most output rows one logistic example trains: a word's path in the tree, then the true word and its noise words. */
export function maxTargets(config: KernelConfig): number {
  return config.treeDepth + (negativeSampling(config) ? config.negative + 1 : 0);
}

/** A logistic target's label is 1 (the true word, or a tree branch with code 0). */
export const TARGET_LABEL = 1;
/** A logistic target is a tree node: as in the C tool, it is not updated where |f| >= 6. */
export const TARGET_TREE = 2;

/** How far a window scan may look past dropped words before giving up on a side. */
export function maxScan(window: number): number {
  return 8 * window + 32;
}

/**
 * The window kernel's layout. A lane (a walker) is `workgroupSize` invocations, which share each
 * row's vec4s (invocation i holds vec4s i, i + workgroupSize, ... of every row: `slice` of them); a
 * workgroup holds `lanesPerGroup` lanes. A centre's dot products are reduced through subgroups, or
 * through workgroup memory in chunks of `chunkContexts` contexts, each with every target (the centre
 * word and its shared negatives).
 */
export interface WindowKernelShape {
  /** vec4s per row: rows are padded with zeros to whole vec4s. */
  dim4: number;
  /** Invocations a lane (the workgroup's size where it holds one lane). */
  workgroupSize: number;
  /** Lanes a workgroup: more than one only where each lane is one subgroup (no barriers between lanes). */
  lanesPerGroup: number;
  /** Whether the ring of window rows is kept in workgroup memory rather than in each invocation's private memory. */
  ringShared: boolean;
  /** vec4s of each row that one invocation holds. */
  slice: number;
  /** Rows a walker keeps on chip: up to `window` kept words on each side of the centre, and the centre. */
  ringSize: number;
  /** The most output rows of one centre: its path in the tree, then the centre word and its negatives. */
  targets: number;
  /** Negative sampling in skip-gram: contexts whose dot products share one round of the workgroup reduction. */
  chunkContexts: number;
  /** Dot products in one round of the reduction (the full softmax: output rows). */
  chunkPairs: number;
  /** Floats between two invocations' partial sums in workgroup memory: odd, so that reads do not conflict. */
  pairStride: number;
  /** Bytes of private memory each invocation needs (WGSL allows 8,192). */
  privateBytes: number;
  /** Bytes of workgroup memory a workgroup needs (WebGPU guarantees 16,384; devices may offer more). */
  workgroupBytes: number;
  /** Dot products summed by subgroupAdd, each lane being one subgroup. */
  subgroups: boolean;
}

/** A variant of the window kernel: what the tuner tries and a run may set. */
export interface KernelVariant {
  /** Invocations a lane: LANE_INVOCATIONS, or the adapter's subgroup size. */
  invocations: number;
  /** Lanes a workgroup: 1, or 2 or 4 where a lane is one subgroup (a workgroup then fills a wider SIMD or wavefront). */
  lanesPerGroup: number;
  /** Where a lane keeps the rows of its window: each invocation's private memory, or workgroup memory. */
  ring: 'private' | 'workgroup';
}

/** Floats of workgroup memory for partial dot products (8 KiB: half of WebGPU's guaranteed 16 KiB). */
const PARTIAL_FLOATS = 2048;
/** The most that one context's targets may take (12 KiB), which narrows the workgroup for many negatives. */
const MAX_PARTIAL_FLOATS = 3072;
/** WGSL's limit on an invocation's private variables. */
export const PRIVATE_BYTES_LIMIT = 8192;
/** Workgroup memory and invocations every WebGPU device offers. */
export const WORKGROUP_BYTES_LIMIT = 16384;
const WORKGROUP_INVOCATIONS_LIMIT = 256;

function nextPowerOfTwo(n: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(1, n)));
}

/** Invocations a lane may be given (a variant of the window kernel): one subgroup or a part of a wavefront, up to two. */
export const LANE_INVOCATIONS = [8, 16, 32, 64] as const;
/** Lanes a workgroup may hold. */
export const LANES_PER_GROUP = [1, 2, 4] as const;

/** The variant in a few words, for tables and notices: "32 x 2, ring in workgroup memory". */
export function variantName(v: KernelVariant): string {
  return `${v.invocations}${v.lanesPerGroup > 1 ? ` x ${v.lanesPerGroup}` : ''}${v.ring === 'workgroup' ? ', ring in workgroup memory' : ''}`;
}

/** The device's limits a variant must keep within. */
export interface VariantLimits {
  subgroupSize?: number;
  /** Bytes of workgroup memory (default: WebGPU's guaranteed 16,384). */
  workgroupBytes?: number;
  /** Invocations a workgroup (default: WebGPU's guaranteed 256). */
  workgroupInvocations?: number;
}

/**
 * The layout for a configuration. Given a subgroup size, one subgroup per workgroup, when its rows
 * fit the invocations' private memory. Otherwise about two vec4s per invocation (32 to 256
 * invocations), fewer invocations when negative sampling's targets would overflow the partial sums'
 * workgroup memory.
 */
export function windowKernelShape(config: KernelConfig, subgroupSize?: number): WindowKernelShape {
  const ns = config.loss === 'ns';
  if (subgroupSize !== undefined) {
    const shape = windowKernelShape(config);
    const slice = Math.ceil(shape.dim4 / subgroupSize);
    const privateBytes = 16 * slice * (2 * shape.ringSize + (ns ? 2 * shape.targets + 1 : 2));
    if (privateBytes <= PRIVATE_BYTES_LIMIT) return { ...shape, workgroupSize: subgroupSize, slice, privateBytes, workgroupBytes: 0, subgroups: true };
  }
  const dim4 = Math.ceil(config.dim / 4);
  const targets = Math.max(1, maxTargets(config));
  const workgroupSize = Math.max(1, Math.min(256, Math.max(32, nextPowerOfTwo(Math.ceil(dim4 / 2))), byTargets(config, targets)));
  return layout(config, dim4, targets, { invocations: workgroupSize, lanesPerGroup: 1, ring: 'private' }, false);
}

/** The most invocations a lane may have before negative sampling's targets overflow the partial sums. */
function byTargets(config: KernelConfig, targets: number): number {
  return config.loss === 'ns' ? 2 ** Math.floor(Math.log2(MAX_PARTIAL_FLOATS / targets)) : 256;
}

/** The variant this layout is. */
export function shapeVariant(shape: WindowKernelShape): KernelVariant {
  return { invocations: shape.workgroupSize, lanesPerGroup: shape.lanesPerGroup, ring: shape.ringShared ? 'workgroup' : 'private' };
}

/**
 * A variant's layout, summing through subgroups where its invocations are the subgroup size; null
 * where it cannot be built on this device: its rows overflow an invocation's private memory or the
 * workgroup's memory, several lanes a workgroup without subgroups (lanes cannot share barriers),
 * or too many invocations a workgroup.
 */
export function variantShape(config: KernelConfig, variant: KernelVariant, limits: VariantLimits = {}): WindowKernelShape | null {
  const { invocations, lanesPerGroup } = variant;
  const subgroups = invocations === limits.subgroupSize;
  if (!subgroups && !LANE_INVOCATIONS.includes(invocations as (typeof LANE_INVOCATIONS)[number]))
    throw new Error(`a lane takes ${LANE_INVOCATIONS.join(', ')} invocations or the subgroup size, not ${invocations}`);
  if (!LANES_PER_GROUP.includes(lanesPerGroup as (typeof LANES_PER_GROUP)[number])) throw new Error(`a workgroup holds ${LANES_PER_GROUP.join(', ')} lanes, not ${lanesPerGroup}`);
  const targets = Math.max(1, maxTargets(config));
  if (invocations > byTargets(config, targets) || (lanesPerGroup > 1 && !subgroups)) return null;
  if (invocations * lanesPerGroup > (limits.workgroupInvocations ?? WORKGROUP_INVOCATIONS_LIMIT)) return null;
  const shape = layout(config, Math.ceil(config.dim / 4), targets, variant, subgroups);
  const fits = shape.privateBytes <= PRIVATE_BYTES_LIMIT && shape.workgroupBytes <= (limits.workgroupBytes ?? WORKGROUP_BYTES_LIMIT);
  return fits ? shape : null;
}

/** The rest of a layout, once the variant is known. */
function layout(config: KernelConfig, dim4: number, targets: number, variant: KernelVariant, subgroups: boolean): WindowKernelShape {
  const ns = config.loss === 'ns';
  const { invocations: workgroupSize, lanesPerGroup } = variant;
  const ringShared = variant.ring === 'workgroup';
  const slice = Math.ceil(dim4 / workgroupSize);
  const ringSize = 2 * config.window + 1;
  const chunkContexts = config.cbow ? 1 : Math.max(1, Math.min(2 * config.window, Math.floor(PARTIAL_FLOATS / (targets * workgroupSize))));
  const chunkPairs = ns ? chunkContexts * targets : Math.max(1, Math.min(config.vocabSize, Math.floor(PARTIAL_FLOATS / workgroupSize)));
  const pairStride = chunkPairs % 2 === 0 ? chunkPairs + 1 : chunkPairs;
  // In vec4s of 16 bytes: the ring's rows and their changes, then the output layer's rows (targets
  // and their changes, and CBOW's mean; or the softmax example's input and its gradient).
  const ringBytes = 16 * slice * 2 * ringSize;
  const privateBytes = (ringShared ? 0 : ringBytes) + 16 * slice * (ns ? 2 * targets + 1 : 2);
  // Without subgroups: the partial sums, the coefficients (and the softmax's partitions).
  const reductionBytes = subgroups ? 0 : 4 * (workgroupSize * pairStride + chunkPairs) + (ns ? 0 : 8 * workgroupSize);
  const workgroupBytes = reductionBytes + (ringShared ? ringBytes * workgroupSize * lanesPerGroup : 0);
  return { dim4, workgroupSize, lanesPerGroup, ringShared, slice, ringSize, targets, chunkContexts, chunkPairs, pairStride, privateBytes, workgroupBytes, subgroups };
}
