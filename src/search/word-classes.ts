import { Word2VecError } from '../core/errors';
import type { SimilarityIndex } from './similarity-index';

/** The C tool's k-means rounds. */
export const CLASS_ITERATIONS = 10;

/**
 * Word classes by k-means, as the C tool's `-classes`: word w starts in class w % k; each round
 * sets every centroid to the mean of its words' vectors scaled to unit length, then moves every
 * word to the centroid with the highest dot product (the lowest class on a tie). The dot products
 * run on `index`'s device: an index over the centroids (`index.over`) searched with every word's
 * unit vector (`units`), which ranks centroids as the C tool's dot products with the raw vectors do.
 */
export async function wordClasses(vectors: Float32Array, units: Float32Array, dim: number, k: number, index: SimilarityIndex, iterations = CLASS_ITERATIONS): Promise<Uint32Array> {
  const words = vectors.length / dim;
  if (!Number.isInteger(k) || k < 1) throw new Word2VecError('BAD_OPTION', `The number of word classes must be a whole number, 1 or more, not ${k}.`);
  // The C tool allows more classes than words (the extra ones stay empty), but their centroids
  // alone can exhaust the memory: at most one class a word.
  if (k > words) throw new Word2VecError('BAD_OPTION', `${k} word classes is more than the ${words} words. Ask for at most ${words} classes (\`classes\`).`);
  if (!Number.isInteger(iterations) || iterations < 1) throw new Word2VecError('BAD_OPTION', `k-means needs 1 or more iterations, not ${iterations}.`);
  const classes = new Uint32Array(words);
  for (let w = 0; w < words; w++) classes[w] = w % k;
  const centroids = new Float64Array(k * dim);
  const unitCentroids = new Float32Array(k * dim);
  for (let round = 0; round < iterations; round++) {
    centroids.fill(0);
    for (let w = 0; w < words; w++) {
      const c = classes[w]! * dim;
      for (let d = 0; d < dim; d++) centroids[c + d]! += vectors[w * dim + d]!;
    }
    // The centroids' lengths do not matter: the index makes them unit rows (an empty class stays zero).
    unitCentroids.set(centroids);
    const centroidIndex = await index.over(unitCentroids);
    try {
      const nearest = await centroidIndex.topK(units, 1, k);
      classes.set(nearest.ids);
    } finally {
      centroidIndex.destroy();
    }
  }
  return classes;
}

/** The C tool's `-classes` output: one `word class` line per word. */
export function classesText(words: readonly string[], classes: Uint32Array): string {
  return words.map((w, i) => `${w} ${classes[i]}\n`).join('');
}
