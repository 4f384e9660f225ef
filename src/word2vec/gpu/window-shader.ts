import { NOISE_WGSL, RNG_WGSL } from '../../core/shared-wgsl';
import { preprocess } from '../../runtime/wgsl';
import { SENTENCE_END } from '../../text/vocabulary';
import { maxScan, negativeSampling, outputBanks, type KernelConfig, type WindowKernelShape } from '../kernel-contract';
import matrixSource from './matrix.wgsl?raw';
import reduceSource from './reduce.wgsl?raw';
import windowSource from './train-window.wgsl?raw';
import windowLogisticSource from './window-logistic.wgsl?raw';
import windowSoftmaxSource from './window-softmax.wgsl?raw';

/**
 * The window kernel's WGSL: its layout as constants, rng.wgsl, matrix.wgsl, train-window.wgsl (the
 * walk) and the output layer (window-logistic.wgsl or window-softmax.wgsl). Constants that size private
 * arrays (WGSL allows overrides to size workgroup arrays only) are written into the source; the
 * rest are overrides, whose values `windowOverrides` gives. With `rowsPerPart` below the
 * vocabulary, each matrix is bound as two buffers split at that row.
 */
export function windowTrainingShader(config: KernelConfig, shape: WindowKernelShape, rowsPerPart = config.vocabSize): string {
  const constants: Record<string, number> = {
    WG: shape.workgroupSize,
    SLICE: shape.slice,
    WINDOW: config.window,
    NEGATIVE: config.negative,
    TARGETS: shape.targets,
    RING: shape.ringSize,
    CHUNK_CONTEXTS: shape.chunkContexts,
    CHUNK_PAIRS: shape.chunkPairs,
    PAIR_STRIDE: shape.pairStride,
  };
  const header = [
    ...Object.entries(constants).map(([name, value]) => `const ${name} = ${value}u;`),
    ...Object.keys(windowOverrides(config, shape, rowsPerPart)).map((name) => `override ${name}: u32;`),
  ].join('\n');
  const defines = {
    CBOW: config.cbow,
    SPLIT: rowsPerPart < config.vocabSize,
    SUBGROUPS: shape.subgroups,
    TREE: config.loss === 'ns' && config.treeDepth > 0,
    NEGATIVES: negativeSampling(config),
  };
  const outputLayer = config.loss === 'ns' ? windowLogisticSource : windowSoftmaxSource;
  return [
    ...(shape.subgroups ? ['enable subgroups;'] : []),
    header,
    RNG_WGSL,
    NOISE_WGSL,
    preprocess(matrixSource, defines),
    preprocess(windowSource, defines),
    preprocess(outputLayer, defines),
  ].join('\n');
}

/**
 * The values of the window kernel's overrides, for its pipeline. syn1's rows hold SYN1_DIM4 vec4s:
 * negative sampling's row, then the tree's at TREE_OFFSET; a word's path takes TREE_STRIDE entries.
 */
export function windowOverrides(config: KernelConfig, shape: WindowKernelShape, rowsPerPart = config.vocabSize): Record<string, number> {
  return {
    DIM4: shape.dim4,
    SYN1_DIM4: outputBanks(config) * shape.dim4,
    TREE_OFFSET: negativeSampling(config) ? shape.dim4 : 0,
    TREE_STRIDE: config.treeDepth + 1,
    VOCAB: config.vocabSize,
    MAX_SCAN: maxScan(config.window),
    SENTENCE_END,
    PART_ROWS: rowsPerPart,
  };
}

/** The batch-loss reduction kernel. */
export function reduceShader(): string {
  return reduceSource;
}
