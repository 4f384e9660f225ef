// The document-similarity evaluation (the Lee corpus: 50 documents, human ratings of every pair):
// each pair of documents' score (a cosine) against the raters' similarity.
import { Word2VecError } from '../core/errors';
import { pearson, spearman } from '../search/evaluation';

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

/** Pearson and Spearman correlation of the documents' scores (`score(i, j)` for i < j, a cosine say) with the ratings' upper triangle. */
export function documentSimilarity(score: (i: number, j: number) => number, ratings: readonly (readonly number[])[]): DocumentSimilarityResult {
  const n = ratings.length;
  const human: number[] = [];
  const model: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      human.push(ratings[i]![j]!);
      model.push(score(i, j));
    }
  }
  return { pearson: pearson(human, model), spearman: spearman(human, model), pairs: human.length };
}
