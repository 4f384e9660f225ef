// Document vectors from word vectors: a weighted mean of a document's word vectors, with the
// weights of one of three methods, and for smooth inverse frequency the removal of the direction
// all documents share (Arora, Liang & Ma 2017, "A simple but tough-to-beat baseline for sentence
// embeddings").
import { Word2VecError } from '../core/errors';
import { type TokenizerName, UnicodeTokenizer, WhitespaceTokenizer } from '../text/tokenize';
import type { KeyedVectors } from '../search/keyed-vectors';
import { topEigenvector } from '../search/projection';

/**
 * How a document's words are weighted: `sif`, smooth inverse frequency a / (a + p(w)), then the
 * first principal component of the collection removed; `tfidf`, each occurrence by the word's
 * inverse document frequency; `mean`, all alike.
 */
export type DenseMethod = 'sif' | 'tfidf' | 'mean';

export const DENSE_METHODS: readonly DenseMethod[] = ['sif', 'tfidf', 'mean'];

export interface DocumentVectorOptions {
  /** Default `sif`. */
  method?: DenseMethod;
  /** SIF's a (default 1e-3, the paper's choice). */
  sifWeight?: number;
  /**
   * Word counts that give SIF's p(w): a trained model's vocabulary counts, by word. Without them
   * the documents' own counts are used.
   */
  wordCounts?: ReadonlyMap<string, number>;
}

/**
 * A text's words as training read them with `tokenizer`: Unicode words, lower-cased (the default,
 * the page's), or the C tool's whitespace rule, case kept.
 */
export function documentWords(text: string, tokenizer: TokenizerName = 'unicode'): string[] {
  const words: string[] = [];
  const sink = { word: (t: string, start: number, end: number) => words.push(t.slice(start, end)), sentenceEnd: () => {} };
  const reader = tokenizer === 'unicode' ? new UnicodeTokenizer(sink) : new WhitespaceTokenizer(sink);
  reader.push(text);
  reader.end();
  return words;
}

/**
 * What turns a list of words into a document vector, fitted to a collection: each known word's
 * weight, and (for SIF) the collection's common direction, so that a query embeds like the
 * documents did. Words the vectors do not know are skipped; a document with none gets a zero vector.
 */
export class DocumentEmbedder {
  private constructor(
    private readonly kv: KeyedVectors,
    readonly method: DenseMethod,
    /** Weight of each of the vectors' words, by row. */
    private readonly weights: Float32Array,
    /** Unit direction removed from every vector (SIF), or null. */
    private readonly common: Float32Array | null,
  ) {}

  get dim(): number {
    return this.kv.vectorSize;
  }

  /** An embedder for `documents` (each a list of words) with these vectors. */
  static fit(kv: KeyedVectors, documents: readonly (readonly string[])[], options: DocumentVectorOptions = {}): DocumentEmbedder {
    const plain = new DocumentEmbedder(kv, options.method ?? 'sif', weightsFor(kv, documents, options), null);
    if (plain.method !== 'sif' || documents.length < 2) return plain;
    return new DocumentEmbedder(kv, plain.method, plain.weights, firstComponent(plain.embedAll(documents), kv.vectorSize));
  }

  /** As `fit`, with the collection's means (for SIF's common direction) computed by `means`: a GPU kernel's batch, say. */
  static async fitWith(kv: KeyedVectors, documents: readonly (readonly string[])[], options: DocumentVectorOptions, means: WeightedMeans): Promise<DocumentEmbedder> {
    const plain = new DocumentEmbedder(kv, options.method ?? 'sif', weightsFor(kv, documents, options), null);
    if (plain.method !== 'sif' || documents.length < 2) return plain;
    const raw = await means(
      documents.map((words) => plain.rowsOf(words)),
      plain.weights,
    );
    return new DocumentEmbedder(kv, plain.method, plain.weights, firstComponent(raw, kv.vectorSize));
  }

  /** The rows of a document's known words. */
  rowsOf(words: readonly string[]): Uint32Array {
    return Uint32Array.from(rowsOf(this.kv, words));
  }

  knows(word: string): boolean {
    return this.kv.has(word);
  }

  /** Each word's weight, by row: what a batch of weighted means needs. */
  get wordWeights(): Float32Array {
    return this.weights;
  }

  /** Weighted means (row-major, from `WeightedMeans`) made document vectors, in place: the common direction removed. */
  finish(means: Float32Array): Float32Array {
    if (this.common) for (let at = 0; at < means.length; at += this.dim) removeComponent(means.subarray(at, at + this.dim), this.common);
    return means;
  }

  /** The document vector of a list of words. */
  embed(words: readonly string[], _key?: number): Float32Array {
    const out = weightedMean(this.kv.vectors, this.dim, this.rowsOf(words), this.weights);
    if (this.common) removeComponent(out, this.common);
    return out;
  }

  /** Every document's vector, row-major. */
  embedAll(documents: readonly (readonly string[])[]): Float32Array {
    const out = new Float32Array(documents.length * this.dim);
    documents.forEach((words, d) => out.set(this.embed(words), d * this.dim));
    return out;
  }
}

/** Each word's weight by row for the method: 1 (mean), its idf in the documents (tfidf), a / (a + p(w)) (sif). */
function weightsFor(kv: KeyedVectors, documents: readonly (readonly string[])[], options: DocumentVectorOptions): Float32Array {
  const method = options.method ?? 'sif';
  if (!DENSE_METHODS.includes(method)) throw new Word2VecError('BAD_OPTION', `The document method must be one of ${DENSE_METHODS.join(', ')}, not ${method}.`);
  const a = options.sifWeight ?? 1e-3;
  if (!(a > 0)) throw new Word2VecError('BAD_OPTION', `sifWeight (SIF's a) must be above 0, not ${a}; the paper's is 1e-3.`);
  const weights = new Float32Array(kv.size).fill(1);
  if (method === 'tfidf') {
    const documentFrequency = new Float64Array(kv.size);
    for (const words of documents) for (const row of new Set(rowsOf(kv, words))) documentFrequency[row]!++;
    weights.forEach((_, row) => (weights[row] = Math.log((1 + documents.length) / (1 + documentFrequency[row]!)) + 1));
  } else if (method === 'sif') {
    const counts = new Float64Array(kv.size);
    if (options.wordCounts) kv.indexToKey.forEach((word, row) => (counts[row] = options.wordCounts!.get(word) ?? 0));
    else for (const words of documents) for (const row of rowsOf(kv, words)) counts[row]!++;
    const total = counts.reduce((s, c) => s + c, 0) || 1;
    weights.forEach((_, row) => (weights[row] = a / (a + counts[row]! / total)));
  }
  return weights;
}

/**
 * The mean of the rows' vectors, each weighted by `weights[row]` (zero for no rows): a document
 * vector before SIF's common direction is removed, and the twin of src/documents/document-means.wgsl.
 */
export function weightedMean(vectors: Float32Array, dim: number, rows: Uint32Array, weights: Float32Array): Float32Array {
  const out = new Float32Array(dim);
  for (const row of rows) {
    const weight = weights[row]!;
    for (let k = 0; k < dim; k++) out[k]! += weight * vectors[row * dim + k]!;
  }
  if (rows.length > 0) for (let k = 0; k < dim; k++) out[k]! /= rows.length;
  return out;
}

/**
 * The weighted mean of each document's word vectors (row-major; zero for a document without
 * rows), given its rows and every word's weight: this thread's embedding, or a GPU kernel's batch.
 */
export type WeightedMeans = (documents: readonly Uint32Array[], weights: Float32Array) => Promise<Float32Array>;

function* rowsOf(kv: KeyedVectors, words: readonly string[]): Generator<number> {
  for (const word of words) {
    const row = kv.keyToIndex.get(word);
    if (row !== undefined) yield row;
  }
}

/** The first right singular vector of the rows (uncentred, as the SIF paper's TruncatedSVD): the direction they most share. */
export function firstComponent(rows: Float32Array, dim: number): Float32Array {
  const gram = new Float64Array(dim * dim);
  for (let at = 0; at < rows.length; at += dim) {
    for (let i = 0; i < dim; i++) {
      const x = rows[at + i]!;
      if (x !== 0) for (let j = 0; j < dim; j++) gram[i * dim + j]! += x * rows[at + j]!;
    }
  }
  return Float32Array.from(topEigenvector(gram, dim));
}

/** Removes from `v` its part along the unit vector `direction`. */
export function removeComponent(v: Float32Array, direction: Float32Array): void {
  let along = 0;
  for (let k = 0; k < v.length; k++) along += v[k]! * direction[k]!;
  for (let k = 0; k < v.length; k++) v[k]! -= along * direction[k]!;
}

/** What makes a document's dense vector from its words; `key` (its row, say) seeds any random draws. */
export interface WordsEmbedder {
  readonly dim: number;
  embed(words: readonly string[], key?: number): Float32Array;
  /** Whether the word has a vector here (a word without one adds nothing to a document's). */
  knows(word: string): boolean;
}
