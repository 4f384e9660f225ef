import { Word2VecError } from '../core/errors';
import { quoted } from '../text/printable';
import type { TextSource } from '../core/source';
import { evaluateWordAnalogies, evaluateWordPairs, type AnalogyOptions, type AnalogyResult, type PairsOptions, type PairsResult } from './evaluation';
import { GpuSimilarityIndex } from './gpu-similarity-index';
import { CpuSimilarityIndex, NO_ROW, unitRows, type SimilarityIndex, type ThreadLender, type TopK } from './similarity-index';
import { CLASS_ITERATIONS, wordClasses } from './word-classes';
import type { TokenizerName } from '../text/tokenize';

/** A word and its similarity to the query. */
export interface Neighbour {
  word: string;
  similarity: number;
}

/** A word, or a raw vector (used as given, not normalised, as gensim does). */
export type Term = string | Float32Array;

/** A query of `mostSimilar`: words (or vectors) to add and subtract, as gensim's `most_similar`. */
export interface MostSimilarQuery {
  positive?: Term | readonly Term[];
  negative?: Term | readonly Term[];
  /** Results wanted (default 10); fewer than 1 gives none. */
  topn?: number;
  /** Search only the first N words (the most frequent ones). */
  restrictVocab?: number;
}

function asList(terms: Term | readonly Term[] | undefined): readonly Term[] {
  if (terms === undefined) return [];
  return typeof terms === 'string' || terms instanceof Float32Array ? [terms] : terms;
}

function dot(x: Float32Array, y: Float32Array): number {
  let sum = 0;
  for (let k = 0; k < x.length; k++) sum += x[k]! * y[k]!;
  return sum;
}

/** A unit-length copy (a zero vector stays zero). */
function unit(v: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(v);
  const length = Math.sqrt(dot(out, out));
  if (length > 0) for (let k = 0; k < out.length; k++) out[k]! /= length;
  return out;
}

/**
 * Words and their vectors, apart from any trainer: gensim's KeyedVectors with its names in
 * camelCase. Similarity searches run on a `SimilarityIndex`: the GPU's after training on one or
 * after `useGpu`, otherwise the CPU's. Searches are async; lookups of one or two words are not.
 */
export class KeyedVectors {
  readonly keyToIndex: ReadonlyMap<string, number>;
  private normed: Float32Array | undefined;
  private index: SimilarityIndex | undefined;
  private cpuThreads: ThreadLender | undefined;

  constructor(
    readonly indexToKey: readonly string[],
    /** Row-major, `indexToKey.length` x `vectorSize`. */
    readonly vectors: Float32Array,
    readonly vectorSize: number,
    /** How training read the words, where known (vectors trained here); documents and queries are read the same way. */
    readonly tokenizer?: TokenizerName,
  ) {
    if (vectors.length !== indexToKey.length * vectorSize) {
      throw new Error(`KeyedVectors: ${indexToKey.length} words x ${vectorSize} needs ${indexToKey.length * vectorSize} values, got ${vectors.length}`);
    }
    this.keyToIndex = new Map(indexToKey.map((w, i) => [w, i]));
  }

  get size(): number {
    return this.indexToKey.length;
  }

  /** Where similarity searches run. */
  get queryDevice(): 'gpu' | 'cpu' {
    return this.searchIndex().kind;
  }

  has(word: string): boolean {
    return this.keyToIndex.has(word);
  }

  /** A word's row; throws a readable error for a word not in the vocabulary. */
  getIndex(word: string): number {
    const i = this.keyToIndex.get(word);
    if (i === undefined) throw this.unknownWords([word]);
    return i;
  }

  /**
   * The error for words not in the vocabulary, naming them all; when a query of several words (or
   * one with a space) has none of them, it may be one name ("new york"): joining phrases before
   * training makes it a word.
   */
  private unknownWords(unknown: readonly string[], query: readonly string[] = unknown): Word2VecError {
    const names = unknown.map(quoted);
    const list = names.length === 1 ? `${names[0]} is` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are`;
    const name = query.join(' ').trim().split(/\s+/);
    const phrase =
      name.length > 1 && unknown.length === query.length
        ? ` If ${quoted(name.join(' '))} is one name, join phrases before training (\`phrases\`): it becomes ${quoted(name.join('_'))}.`
        : '';
    return new Word2VecError('BAD_OPTION', `${list} not in the vocabulary (${this.size} words). Check the spelling, or train with a lower \`minCount\`.${phrase}`);
  }

  /** Every word of a query is in the vocabulary; else the error names all that are not (a name's hint only for a query without negative words: not an analogy). */
  private checkKnown(positive: readonly Term[], negative: readonly Term[]): void {
    const words = [...positive, ...negative].filter((t): t is string => typeof t === 'string');
    const unknown = [...new Set(words.filter((w) => !this.keyToIndex.has(w)))];
    if (unknown.length > 0) throw this.unknownWords(unknown, negative.length === 0 ? words : []);
  }

  /** Unit-length copy of every row (computed once). */
  normalized(): Float32Array {
    this.normed ??= unitRows(this.vectors, this.vectorSize);
    return this.normed;
  }

  /** A word's vector (a copy), unit length with `norm: true`. */
  getVector(word: string, options: { norm?: boolean } = {}): Float32Array {
    const i = this.getIndex(word);
    const source = options.norm ? this.normalized() : this.vectors;
    return source.slice(i * this.vectorSize, (i + 1) * this.vectorSize);
  }

  /** Cosine similarity of two words. */
  similarity(a: string, b: string): number {
    return dot(this.getVector(a, { norm: true }), this.getVector(b, { norm: true }));
  }

  /** Cosine similarity of the means of two word sets (raw vectors averaged, as gensim's n_similarity). */
  nSimilarity(first: readonly string[], second: readonly string[]): number {
    if (first.length === 0 || second.length === 0) throw new Word2VecError('BAD_OPTION', 'nSimilarity needs at least one word in each list.');
    const mean = (words: readonly string[]): Float32Array => {
      const sum = new Float32Array(this.vectorSize);
      for (const w of words) this.getVector(w).forEach((v, k) => (sum[k]! += v));
      return unit(sum);
    };
    return dot(mean(first), mean(second));
  }

  /** The word furthest from the mean of the others' unit vectors; unknown words are ignored, as in gensim. */
  doesntMatch(words: readonly string[]): string {
    const known = words.filter((w) => this.has(w));
    if (known.length === 0) throw new Word2VecError('BAD_OPTION', `None of ${words.map((w) => `"${w}"`).join(', ')} is in the vocabulary.`);
    const rows = known.map((w) => this.getVector(w, { norm: true }));
    const mean = unit(rows.reduce((sum, v) => sum.map((s, k) => s + v[k]!), new Float32Array(this.vectorSize)));
    const ranked = known.map((word, i) => ({ word, score: dot(rows[i]!, mean) }));
    ranked.sort((x, y) => x.score - y.score || (x.word < y.word ? -1 : 1));
    return ranked[0]!.word;
  }

  private termVector(term: Term): Float32Array {
    if (typeof term === 'string') return this.getVector(term, { norm: true });
    if (term.length !== this.vectorSize) throw new Word2VecError('BAD_OPTION', `A query vector needs ${this.vectorSize} values, not ${term.length}.`);
    return term;
  }

  private rowLimit(restrictVocab: number | undefined): number {
    if (restrictVocab === undefined) return this.size;
    if (!Number.isInteger(restrictVocab) || restrictVocab < 1)
      throw new Word2VecError('BAD_OPTION', `restrictVocab must be a whole number of words, 1 or more, not ${restrictVocab}.`);
    return Math.min(restrictVocab, this.size);
  }

  /** The nearest words to many query vectors at once (row-major, `vectorSize` each): the primitive behind every search. */
  batchNearest(queries: Float32Array, k: number, restrictVocab?: number): Promise<TopK> {
    return this.searchIndex().topK(queries, k, this.rowLimit(restrictVocab));
  }

  private neighbours(result: TopK, exclude: readonly number[], topn: number): Neighbour[] {
    const out: Neighbour[] = [];
    for (let j = 0; j < result.k && out.length < topn; j++) {
      const id = result.ids[j]!;
      if (id !== NO_ROW && !exclude.includes(id)) out.push({ word: this.indexToKey[id]!, similarity: result.scores[j]! });
    }
    return out;
  }

  /** 3CosAdd: the words nearest the unit mean of the positive unit vectors minus the negative ones; query words excluded. */
  async mostSimilar(query: MostSimilarQuery): Promise<Neighbour[]> {
    const positive = asList(query.positive);
    const negative = asList(query.negative);
    const topn = query.topn ?? 10;
    if (positive.length + negative.length === 0) throw new Word2VecError('BAD_OPTION', 'mostSimilar needs at least one positive or negative word.');
    this.checkKnown(positive, negative);
    if (topn < 1) return [];
    const mean = new Float32Array(this.vectorSize);
    const add = (term: Term, sign: number): void => this.termVector(term).forEach((v, k) => (mean[k]! += sign * v));
    positive.forEach((t) => add(t, 1));
    negative.forEach((t) => add(t, -1));
    const exclude = [...positive, ...negative].filter((t): t is string => typeof t === 'string').map((w) => this.getIndex(w));
    const k = Math.min(topn + exclude.length, this.rowLimit(query.restrictVocab));
    return this.neighbours(await this.batchNearest(unit(mean), k, query.restrictVocab), exclude, topn);
  }

  /** 3CosMul (Levy & Goldberg): product of shifted cosines to the positive words over those to the negative ones. */
  async mostSimilarCosmul(query: Omit<MostSimilarQuery, 'restrictVocab'>): Promise<Neighbour[]> {
    const positive = asList(query.positive);
    const negative = asList(query.negative);
    const topn = query.topn ?? 10;
    if (positive.length === 0) throw new Word2VecError('BAD_OPTION', 'mostSimilarCosmul needs at least one positive word.');
    this.checkKnown(positive, negative);
    if (topn < 1) return [];
    const exclude = [...positive, ...negative].filter((t): t is string => typeof t === 'string').map((w) => this.getIndex(w));
    const k = Math.min(topn + exclude.length, this.size);
    const result = await this.searchIndex().cosmulTopK({ positive: positive.map((t) => this.termVector(t)), negative: negative.map((t) => this.termVector(t)) }, k, this.size);
    return this.neighbours(result, exclude, topn);
  }

  /** The words nearest a vector (gensim's similar_by_vector). */
  similarByVector(vector: Float32Array, options: { topn?: number; restrictVocab?: number } = {}): Promise<Neighbour[]> {
    return this.mostSimilar({ positive: [vector], ...options });
  }

  /** The words nearest a word, itself excluded (gensim's similar_by_word). */
  similarByWord(word: string, options: { topn?: number; restrictVocab?: number } = {}): Promise<Neighbour[]> {
    return this.mostSimilar({ positive: [word], ...options });
  }

  /** 1 + the number of words closer to `word` than `other` is, `word` itself not counted (gensim `rank`). */
  async rank(word: string, other: string): Promise<number> {
    const self = this.getIndex(word);
    const target = this.getIndex(other);
    const scores = await this.searchIndex().scores(this.getVector(word, { norm: true }), this.size);
    let closer = 0;
    scores.forEach((s, i) => {
      if (s > scores[target]! && i !== self) closer++;
    });
    return closer + 1;
  }

  /**
   * Word classes by k-means, as the C tool's `-classes k` (its 10 rounds and its start, word i in
   * class i % k): each word's class, 0 to k - 1. Runs where searches run (`queryDevice`).
   */
  cluster(k: number, options: { iterations?: number } = {}): Promise<Uint32Array> {
    return wordClasses(this.vectors, this.normalized(), this.vectorSize, k, this.searchIndex(), options.iterations ?? CLASS_ITERATIONS);
  }

  /** Accuracy on analogy questions (questions-words format), counted and skipped exactly as gensim's evaluate_word_analogies. */
  evaluateWordAnalogies(source: TextSource, options?: AnalogyOptions): Promise<AnalogyResult> {
    return evaluateWordAnalogies(this, source, options);
  }

  /** Spearman and Pearson correlation with human similarity judgements (WordSim-353 and the like). */
  evaluateWordPairs(source: TextSource, options?: PairsOptions): Promise<PairsResult> {
    return evaluateWordPairs(this, source, options);
  }

  private searchIndex(): SimilarityIndex {
    this.index ??= new CpuSimilarityIndex(this.normalized(), this.vectorSize, { threads: this.cpuThreads });
    return this.index;
  }

  /**
   * Lets large searches on the CPU (the analogy set, batches of queries) share their rows out to
   * these threads too; they stay the caller's. A GPU index, if there is one, is kept.
   */
  useCpuThreads(threads: ThreadLender): void {
    this.cpuThreads = threads;
    if (this.index?.kind === 'cpu') {
      this.index.destroy();
      this.index = undefined;
    }
  }

  /** Searches with this index from now on (e.g. a `GpuSimilarityIndex`); the KeyedVectors owns it and destroys it. */
  adoptIndex(index: SimilarityIndex): void {
    if (index.rows !== this.size || index.dim !== this.vectorSize)
      throw new Error(`KeyedVectors.adoptIndex: the index has ${index.rows} x ${index.dim}, the vectors ${this.size} x ${this.vectorSize}`);
    this.index?.destroy();
    this.index = index;
  }

  /**
   * A search index over other vectors of this size (documents', say) where these vectors search:
   * on their GPU, or on the CPU with their threads. The caller destroys it.
   */
  indexOver(vectors: Float32Array): Promise<SimilarityIndex> {
    return this.searchIndex().over(vectors);
  }

  /** Uploads the vectors to this device (it stays the caller's) and searches there from now on. */
  async useGpu(device: GPUDevice): Promise<void> {
    this.adoptIndex(await GpuSimilarityIndex.fromVectors(device, this.vectors, this.vectorSize));
  }

  /** Frees the GPU index, if any; searches go on, on the CPU. Safe twice. */
  destroy(): void {
    this.index?.destroy();
    this.index = undefined;
  }
}
