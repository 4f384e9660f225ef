import { draw, STREAM_NEGATIVES } from '../core/rng';
import { noiseWord } from '../core/noise-tables';
import { negativeSampling, TARGET_LABEL, TARGET_TREE, treeBase, type KernelConfig, type KernelInputs } from './kernel-contract';

/**
 * The output rows of one logistic example, in the C tool's order: the true word's path in the tree
 * (hierarchical softmax, root first: label 1 - code), then the true word (label 1) and the noise
 * words drawn for this position and window slot (label 0), skipping any equal to the true word.
 * `rows` are syn1 rows (`outputRows` in kernel-contract.ts), `flags` TARGET_LABEL and TARGET_TREE.
 */
export class TargetWriter {
  private readonly noiseKeep: Float32Array;
  private readonly ns: boolean;
  private readonly base: number;

  constructor(
    private readonly config: KernelConfig,
    private readonly inputs: KernelInputs,
  ) {
    const table = inputs.noiseTable;
    this.noiseKeep = new Float32Array(table.buffer, table.byteOffset, table.length);
    this.ns = negativeSampling(config);
    this.base = treeBase(config);
  }

  /** Writes the targets of `word`, their rows into `out` from `rowsAt` and their flags from `flagsAt`; returns how many there are. */
  write(word: number, key: number, slot: number, out: Uint32Array, rowsAt: number, flagsAt: number): number {
    const count = this.writePath(word, out, rowsAt, flagsAt);
    return count + this.writeNegatives(word, key, slot, out, rowsAt + count, flagsAt + count);
  }

  /** The tree part alone (the same for every context of a centre): the word's path, root first. */
  writePath(word: number, out: Uint32Array, rowsAt: number, flagsAt: number): number {
    const tree = this.inputs.tree;
    if (this.config.treeDepth === 0 || !tree) return 0;
    const first = word * tree.stride;
    const length = tree.lengths[word]!;
    for (let d = 0; d < length; d++) {
      out[rowsAt + d] = this.base + tree.points[first + d]!;
      out[flagsAt + d] = TARGET_TREE | (1 - tree.codes[first + d]!);
    }
    return length;
  }

  /** The negative-sampling part alone: the true word, then the noise words of this key and window slot. */
  writeNegatives(word: number, key: number, slot: number, out: Uint32Array, rowsAt: number, flagsAt: number): number {
    if (!this.ns) return 0;
    const { negative } = this.config;
    out[rowsAt] = word;
    out[flagsAt] = TARGET_LABEL;
    let count = 1;
    for (let k = 1; k <= negative; k++) {
      const noise = noiseWord(this.inputs.noiseTable, this.noiseKeep, draw(key, STREAM_NEGATIVES + slot * negative + k - 1));
      if (noise === word) continue;
      out[rowsAt + count] = noise;
      out[flagsAt + count++] = 0;
    }
    return count;
  }
}
