import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import rngSource from '../core/rng.wgsl?raw';
import noiseSource from '../core/noise.wgsl?raw';
import matrixSource from '../word2vec/gpu/matrix.wgsl?raw';
import windowSource from '../word2vec/gpu/train-window.wgsl?raw';
import windowLogisticSource from '../word2vec/gpu/window-logistic.wgsl?raw';
import windowSoftmaxSource from '../word2vec/gpu/window-softmax.wgsl?raw';
import reduceSource from '../word2vec/gpu/reduce.wgsl?raw';
import similaritySource from '../search/similarity.wgsl?raw';
import paragraphSource from '../documents/dbow/paragraph-vectors.wgsl?raw';
import paragraphCommonSource from '../documents/dbow/paragraph-common.wgsl?raw';
import dbowTrainSource from '../documents/dbow/dbow-train.wgsl?raw';
import meansSource from '../documents/document-means.wgsl?raw';
import { maxScan, negativeSampling, outputBanks, type KernelConfig, type WindowKernelShape } from '../word2vec/kernel-contract';
import { SENTENCE_END } from '../text/vocabulary';

/**
 * Resolves `#if NAME` / `#elif NAME` blocks of a .wgsl file with wgsl-preprocessor, which expects
 * each condition as a template value: the file is cut before every name and the names are
 * looked up in `defines`.
 */
export function preprocess(source: string, defines: Record<string, boolean>): string {
  const strings: string[] = [];
  const values: boolean[] = [];
  let last = 0;
  for (const m of source.matchAll(/#(if|elif)\s+([A-Za-z_]\w*)/g)) {
    const name = m[2]!;
    if (!(name in defines)) throw new Error(`shader condition #${m[1]} ${name} has no value`);
    strings.push(`${source.slice(last, m.index)}#${m[1]} `);
    values.push(defines[name]!);
    last = m.index! + m[0].length;
  }
  strings.push(source.slice(last));
  return wgsl(Object.assign([...strings], { raw: strings }), ...values);
}

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
    rngSource,
    noiseSource,
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

/** The RNG functions alone, for checking them against their TypeScript twin. */
export function rngShader(): string {
  return rngSource;
}

/** The batch-loss reduction kernel. */
export function reduceShader(): string {
  return reduceSource;
}

/** The similarity-query kernels (normalize, score, cosmul, topK) for vectors of `dim` values. */
export function similarityShader(c: { dim: number; queryTile: number; maxK: number; rowWorkgroup: number; topKWorkgroup: number }): string {
  const header = [
    `const DIM = ${c.dim}u;`,
    `const QUERY_TILE = ${c.queryTile}u;`,
    `const MAX_K = ${c.maxK}u;`,
    `const ROW_WORKGROUP = ${c.rowWorkgroup}u;`,
    `const TOPK_WORKGROUP = ${c.topKWorkgroup}u;`,
  ].join('\n');
  return `${header}\n${similaritySource}`;
}

/** The PV-DBOW inference kernel for vectors of `dim` values, `negative` noise words a word, `workgroup` threads a document. */
export function paragraphShader(c: { dim: number; negative: number; workgroup: number }): string {
  return `${paragraphHeader(c)}\n${rngSource}\n${noiseSource}\n${paragraphCommonSource}\n${paragraphSource}`;
}

/** The PV-DBOW training kernel (with the words by skip-gram when `trainWords`), as `paragraphShader` with a `window`. */
export function dbowTrainShader(c: { dim: number; negative: number; window: number; trainWords: boolean; workgroup: number }): string {
  const header = `${paragraphHeader(c)}\nconst WINDOW = ${c.window}u;\nconst TRAIN_WORDS = ${c.trainWords};`;
  return `${header}\n${rngSource}\n${noiseSource}\n${paragraphCommonSource}\n${dbowTrainSource}`;
}

function paragraphHeader(c: { dim: number; negative: number; workgroup: number }): string {
  return [`const DIM = ${c.dim}u;`, `const WG = ${c.workgroup}u;`, `const PER_THREAD = ${Math.ceil(c.dim / c.workgroup)}u;`, `const NEGATIVE = ${c.negative}u;`].join('\n');
}

/** The documents' weighted-means kernel for vectors of `dim` values, `workgroup` threads a document. */
export function documentMeansShader(c: { dim: number; workgroup: number }): string {
  return `const DIM = ${c.dim}u;\nconst WG = ${c.workgroup}u;\n${meansSource}`;
}
