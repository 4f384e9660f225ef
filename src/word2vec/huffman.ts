import { Word2VecError } from '../core/errors';

/** The C tool's limit on a word's code (its `MAX_CODE_LENGTH`). */
export const MAX_CODE_LENGTH = 40;

/**
 * Hierarchical softmax's binary tree over the vocabulary, as the C tool's `CreateBinaryTree` builds
 * it. Word w's path from the root has `lengths[w]` inner nodes: node `points[w * stride + d]` (an
 * index into the tree's output rows, 0 to vocabSize - 2, the root being vocabSize - 2) with the
 * branch `codes[w * stride + d]` (0 or 1) taken at it.
 */
export interface HuffmanTree {
  /** Entries per word in `points` and `codes`: the longest code. */
  stride: number;
  lengths: Uint8Array;
  points: Uint32Array;
  codes: Uint8Array;
}

/**
 * Builds the Huffman tree from counts sorted in descending order (as the vocabulary is), exactly
 * as the C tool does: its two cursors over the leaves (rarest first) and the new inner nodes, ties
 * going to the inner node, the second of each pair taking code 1.
 */
export function buildHuffmanTree(counts: ArrayLike<number>): HuffmanTree {
  const size = counts.length;
  const count = new Float64Array(2 * size).fill(1e15);
  for (let w = 0; w < size; w++) count[w] = counts[w]!;
  const parent = new Uint32Array(2 * size);
  const binary = new Uint8Array(2 * size);
  let leaf = size - 1;
  let inner = size;
  const smallest = (): number => (leaf >= 0 && count[leaf]! < count[inner]! ? leaf-- : inner++);
  for (let a = 0; a < size - 1; a++) {
    const first = smallest();
    const second = smallest();
    count[size + a] = count[first]! + count[second]!;
    parent[first] = size + a;
    parent[second] = size + a;
    binary[second] = 1;
  }
  const root = 2 * size - 2;
  const lengths = new Uint8Array(size);
  const pathCodes: number[][] = [];
  const pathPoints: number[][] = [];
  let stride = 1;
  for (let w = 0; w < size; w++) {
    const codes: number[] = [];
    const points: number[] = [];
    // From the leaf up: the branch into each node, and the inner node above it.
    for (let node = w; node !== root; node = parent[node]!) {
      codes.push(binary[node]!);
      points.push(parent[node]! - size);
    }
    if (codes.length > MAX_CODE_LENGTH) {
      throw new Word2VecError(
        'BAD_OPTION',
        `Hierarchical softmax's tree is ${codes.length} levels deep here, above the C tool's ${MAX_CODE_LENGTH}: the word counts are too uneven. Raise \`minCount\`, or use negative sampling (\`hs=0\`).`,
      );
    }
    pathCodes.push(codes.reverse());
    pathPoints.push(points.reverse());
    lengths[w] = codes.length;
    stride = Math.max(stride, codes.length);
  }
  const points = new Uint32Array(size * stride);
  const codes = new Uint8Array(size * stride);
  for (let w = 0; w < size; w++) {
    points.set(pathPoints[w]!, w * stride);
    codes.set(pathCodes[w]!, w * stride);
  }
  return { stride, lengths, points, codes };
}
