// The document-similarity evaluation (the Lee corpus: 50 documents, human ratings of every pair):
// the cosine of each pair of document vectors against the raters' similarity.
import { Word2VecError } from '../errors';
import { pearson, spearman } from '../vectors/evaluation';

export interface DocumentSimilarityResult {
  pearson: number;
  spearman: number;
  /** Pairs scored: every pair of distinct documents, n(n-1)/2. */
  pairs: number;
}

/**
 * The ratings matrix as the Lee set gives it: one line per document, tab- or space-separated values,
 * the upper triangle filled (row i's value j for j > i). Returns the rows.
 */
export function readRatings(text: string, documents: number): number[][] {
  const rows = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line, i) => {
      const values = line.split(/\s+/).map(Number);
      if (values.length !== documents || values.some((v) => !Number.isFinite(v)))
        throw new Word2VecError(
          'FILE',
          `Ratings line ${i + 1} has ${values.length} values (or one that is not a number); a ${documents}-document set needs ${documents} numbers a line.`,
        );
      return values;
    });
  if (rows.length !== documents) throw new Word2VecError('FILE', `The ratings have ${rows.length} lines for ${documents} documents; give one line per document.`);
  return rows;
}

/** Pearson and Spearman correlation of the vectors' cosines (row-major, `dim` each) with the ratings' upper triangle. */
export function documentSimilarity(vectors: Float32Array, dim: number, ratings: readonly (readonly number[])[]): DocumentSimilarityResult {
  const n = ratings.length;
  if (vectors.length !== n * dim) throw new Error(`documentSimilarity: ${vectors.length / dim} vectors for ${n} rated documents`);
  const norms = Array.from({ length: n }, (_, d) => Math.hypot(...vectors.subarray(d * dim, (d + 1) * dim)));
  const human: number[] = [];
  const model: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let dot = 0;
      for (let k = 0; k < dim; k++) dot += vectors[i * dim + k]! * vectors[j * dim + k]!;
      human.push(ratings[i]![j]!);
      model.push(norms[i]! > 0 && norms[j]! > 0 ? dot / (norms[i]! * norms[j]!) : 0);
    }
  }
  return { pearson: pearson(human, model), spearman: spearman(human, model), pairs: human.length };
}
