/**
 * A trained model's output side, as documents need it: its words in row order, their counts (SIF's
 * word frequencies) and negative sampling's output vectors (PV-DBOW infers through them; empty when
 * the model was trained without negative sampling).
 */
export interface OutputLayer {
  words: readonly string[];
  counts: ArrayLike<number>;
  /** Negative sampling's output vectors, one row of `dim` a word; empty without negative sampling. */
  syn1neg: Float32Array;
  dim: number;
}

/** The layer's words with their counts. */
export function wordCounts(layer: OutputLayer): Map<string, number> {
  return new Map(layer.words.map((word, i) => [word, layer.counts[i]!]));
}
