import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DocumentEmbedder, documentWords } from '../src/docs/document-vectors';
import { documentSimilarity, readRatings } from '../src/docs/document-similarity';
import { KeyedVectors } from '../src/vectors/keyed-vectors';

/** Four words in 3 dimensions: "the" is near every document's common direction. */
const kv = new KeyedVectors(['the', 'cat', 'dog', 'car'], Float32Array.from([1, 1, 0, 1, 0, 0, 0.9, 0.1, 0, 0, 0, 1]), 3);

describe('document vectors from word vectors', () => {
  it('splits text into lower-cased Unicode words', () => {
    expect(documentWords('The Cat, the DOG.\nÇa va')).toEqual(['the', 'cat', 'the', 'dog', 'ça', 'va']);
  });

  it('mean: the plain average of the known words; unknown words are skipped, a document without any is zero', () => {
    const embedder = DocumentEmbedder.fit(kv, [['the', 'cat']], { method: 'mean' });
    expect(Array.from(embedder.embed(['the', 'cat', 'unknown']))).toEqual([1, 0.5, 0]);
    expect(Array.from(embedder.embed(['unknown']))).toEqual([0, 0, 0]);
  });

  it('tfidf: each occurrence weighted by its inverse document frequency, so a word in every document counts least', () => {
    const docs = [
      ['the', 'cat'],
      ['the', 'dog'],
      ['the', 'car'],
    ];
    const embedder = DocumentEmbedder.fit(kv, docs, { method: 'tfidf' });
    const v = embedder.embed(['the', 'car']);
    // idf(the) = ln(4/4) + 1 = 1, idf(car) = ln(4/2) + 1; the mean over 2 words.
    expect(v[0]).toBeCloseTo(0.5, 6);
    expect(v[2]).toBeCloseTo((Math.log(2) + 1) / 2, 6);
  });

  it('sif: frequent words weigh a / (a + p(w)), and the direction the documents share is removed', () => {
    const docs = [
      ['the', 'the', 'cat'],
      ['the', 'the', 'dog'],
      ['the', 'car'],
    ];
    const counts = new Map([
      ['the', 1000],
      ['cat', 10],
      ['dog', 10],
      ['car', 10],
    ]);
    const embedder = DocumentEmbedder.fit(kv, docs, { method: 'sif', wordCounts: counts, sifWeight: 1e-3 });
    const plain = DocumentEmbedder.fit(kv, docs, { method: 'mean' });
    const vectors = embedder.embedAll(docs);
    // Every vector is orthogonal to the common direction, so what is left tells cat from car.
    const rows = [0, 1, 2].map((d) => vectors.subarray(d * 3, d * 3 + 3));
    const cosine = (x: Float32Array, y: Float32Array): number => {
      const dot = x.reduce((s, v, k) => s + v * y[k]!, 0);
      return dot / (Math.hypot(...x) * Math.hypot(...y));
    };
    const mean = [0, 1, 2].map((d) => plain.embed(docs[d]!));
    expect(cosine(rows[0]!, rows[2]!)).toBeLessThan(cosine(mean[0]!, mean[2]!));
    expect(cosine(rows[0]!, rows[1]!)).toBeGreaterThan(cosine(rows[0]!, rows[2]!)); // cat is nearer dog than car
  });

  it('refuses an unknown method and a SIF weight that is not above 0, naming the fix', () => {
    expect(() => DocumentEmbedder.fit(kv, [], { method: 'bm25' as never })).toThrow(/one of sif, tfidf, mean/);
    expect(() => DocumentEmbedder.fit(kv, [], { sifWeight: 0 })).toThrow(/above 0.*1e-3/);
  });
});

describe('the document-similarity evaluation', () => {
  it('reads the Lee ratings (upper triangle) and correlates the cosines with them', () => {
    const ratings = readRatings(readFileSync(new URL('../../shared/data/docsim/similarities0-1.txt', import.meta.url), 'utf8'), 50);
    expect(ratings[0]![0]).toBe(1);
    expect(ratings[1]![0]).toBe(0); // the lower triangle is empty
    // Three documents whose cosines rank the pairs as the ratings do: Spearman 1.
    const three = [
      [1, 0.9, 0.1],
      [0, 1, 0.2],
      [0, 0, 1],
    ];
    const vectors = Float32Array.from([1, 0, 0.99, 0.14, 0, 1]); // cos(0,1) high, cos(1,2) next, cos(0,2) 0
    const result = documentSimilarity(vectors, 2, three);
    expect(result.pairs).toBe(3);
    expect(result.spearman).toBeCloseTo(1, 6);
    expect(result.pearson).toBeGreaterThan(0.9);
  });

  it('refuses a ratings file of the wrong shape', () => {
    expect(() => readRatings('1\t0.5\n0\t1\n', 3)).toThrow(/a 3-document set needs 3 numbers a line/);
    expect(() => readRatings('1\t0.5\n', 2)).toThrow(/1 lines for 2 documents/);
    expect(() => readRatings('1\tx\n0\t1\n', 2)).toThrow(/not a number/);
  });
});
