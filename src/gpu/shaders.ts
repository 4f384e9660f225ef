import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import rngSource from '../../shaders/rng.wgsl?raw';
import commonSource from '../../shaders/common.wgsl?raw';
import negativeSamplingSource from '../../shaders/ns.wgsl?raw';
import softmaxSource from '../../shaders/softmax.wgsl?raw';
import reduceSource from '../../shaders/reduce.wgsl?raw';
import similaritySource from '../../shaders/similarity.wgsl?raw';
import { maxScan, type KernelConfig } from '../cpu/walk';
import { SENTENCE_END } from '../text/vocabulary';

/** Invocations per workgroup of the training kernel. */
export const TRAIN_WORKGROUP_SIZE = 64;

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
    strings.push(source.slice(last, m.index) + `#${m[1]} `);
    values.push(defines[name]!);
    last = m.index! + m[0].length;
  }
  strings.push(source.slice(last));
  return wgsl(Object.assign([...strings], { raw: strings }), ...values);
}

/**
 * The training kernel's WGSL: constants, rng.wgsl, common.wgsl, then the output layer. With
 * `rowsPerPart` below the vocabulary, each matrix is bound as two buffers split at that row.
 */
export function trainingShader(config: KernelConfig, rowsPerPart = config.vocabSize): string {
  const header = [
    `const DIM = ${config.dim}u;`,
    `const WINDOW = ${config.window}u;`,
    `const NEGATIVE = ${config.negative}u;`,
    `const VOCAB = ${config.vocabSize}u;`,
    `const MAX_SCAN = ${maxScan(config.window)}u;`,
    `const SENTENCE_END = ${SENTENCE_END}u;`,
    `const WORKGROUP_SIZE = ${TRAIN_WORKGROUP_SIZE}u;`,
    `const PART_ROWS = ${rowsPerPart}u;`,
  ].join('\n');
  const outputLayer = config.loss === 'ns' ? negativeSamplingSource : softmaxSource;
  return `${header}\n${rngSource}\n${preprocess(commonSource, { CBOW: config.cbow, SPLIT: rowsPerPart < config.vocabSize })}\n${outputLayer}`;
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
