import type { ResolvedOptions } from './options';
import { keepProbabilities, noiseTable } from '../core/noise-tables';
import type { PreparedCorpus } from '../text/corpus';
import { buildHuffmanTree } from './huffman';
import type { KernelConfig, KernelInputs } from './kernel-contract';

/** What every engine is built from: the kernels' configuration and read-only inputs for these options and this corpus. */
export function kernelSetup(options: ResolvedOptions, prepared: PreparedCorpus): { config: KernelConfig; inputs: KernelInputs } {
  const { vocabulary } = prepared;
  const tree = options.hs === 1 ? buildHuffmanTree(vocabulary.counts) : undefined;
  const config: KernelConfig = {
    dim: options.vectorSize,
    window: options.window,
    negative: options.negative,
    vocabSize: vocabulary.size,
    cbow: options.sg === 0,
    loss: options.loss,
    treeDepth: tree?.stride ?? 0,
  };
  const inputs: KernelInputs = {
    corpus: prepared.ids,
    keepProbability: keepProbabilities(vocabulary.counts, options.sample),
    noiseTable: noiseTable(vocabulary.counts, options.nsExponent),
    tree,
  };
  return { config, inputs };
}
