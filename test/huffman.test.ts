import { describe, expect, it } from 'vitest';
import { buildHuffmanTree, MAX_CODE_LENGTH } from '../src/word2vec/huffman';

/** Word w's path as [node, code] pairs, root first. */
function path(tree: ReturnType<typeof buildHuffmanTree>, w: number): [number, number][] {
  return Array.from({ length: tree.lengths[w]! }, (_, d) => [tree.points[w * tree.stride + d]!, tree.codes[w * tree.stride + d]!]);
}

/** The cost of an optimal prefix code (sum of count x length), by merging the two smallest repeatedly. */
function optimalCost(counts: number[]): number {
  const queue = [...counts];
  let cost = 0;
  while (queue.length > 1) {
    queue.sort((a, b) => a - b);
    const merged = queue.shift()! + queue.shift()!;
    cost += merged;
    queue.push(merged);
  }
  return cost;
}

describe("hierarchical softmax's Huffman tree, as the C tool's CreateBinaryTree builds it", () => {
  it('matches a hand-worked example: counts 5, 3, 2, 1', () => {
    // Merges: 1+2 -> node 0 (the 2 takes code 1); 3 against node 0's 3 is a tie, which goes to the
    // inner node: node 0 + 3 -> node 1 (the 3 takes code 1); 5 + node 1 -> node 2, the root (node 1 takes code 1).
    const tree = buildHuffmanTree([5, 3, 2, 1]);
    expect(tree.stride).toBe(3);
    expect(path(tree, 0)).toEqual([[2, 0]]);
    expect(path(tree, 1)).toEqual([
      [2, 1],
      [1, 1],
    ]);
    expect(path(tree, 2)).toEqual([
      [2, 1],
      [1, 0],
      [0, 1],
    ]);
    expect(path(tree, 3)).toEqual([
      [2, 1],
      [1, 0],
      [0, 0],
    ]);
  });

  it('gives a complete prefix code of optimal cost on Zipf counts, every path from the root (node V - 2)', () => {
    const counts = Array.from({ length: 500 }, (_, i) => Math.max(5, Math.round(1e6 / (i + 1))));
    const tree = buildHuffmanTree(counts);
    const codes = counts.map((_, w) =>
      path(tree, w)
        .map(([, code]) => code)
        .join(''),
    );
    for (let w = 0; w < counts.length; w++) expect(path(tree, w)[0]![0]).toBe(counts.length - 2);
    // Kraft's sum is exactly 1 for a full binary tree, and no code is a prefix of another.
    expect(codes.reduce((sum, code) => sum + 2 ** -code.length, 0)).toBeCloseTo(1, 12);
    const sorted = [...codes].sort();
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.startsWith(sorted[i - 1]!)).toBe(false);
    expect(counts.reduce((sum, c, w) => sum + c * tree.lengths[w]!, 0)).toBe(optimalCost(counts));
    // Frequent words have short codes; nodes are the V - 1 inner ones.
    expect(tree.lengths[0]).toBeLessThan(tree.lengths[499]!);
    expect(Math.max(...tree.points)).toBe(counts.length - 2);
  });

  it('a one-word vocabulary has no inner nodes: an empty path', () => {
    expect(buildHuffmanTree([7]).lengths[0]).toBe(0);
  });

  it(`refuses a tree deeper than the C tool's ${MAX_CODE_LENGTH} levels, with the fix`, () => {
    // Fibonacci counts make the deepest possible tree: one more level per word.
    const fibonacci = [1, 1];
    while (fibonacci.length < 45) fibonacci.push(fibonacci.at(-1)! + fibonacci.at(-2)!);
    expect(() => buildHuffmanTree(fibonacci.reverse())).toThrow(/above the C tool's 40: the word counts are too uneven. Raise `minCount`, or use negative sampling \(`hs=0`\)/);
  });
});
