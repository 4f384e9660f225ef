// A searchable collection of documents: each one's vector from the word vectors and, for the
// hybrid method, its TF-IDF bag of words. Scores are cosines; the hybrid's is a weighted sum of the
// two cosines, each divided by its spread over the collection so that neither drowns the other.
import { Word2VecError } from '../core/errors';
import { quoted } from '../text/printable';
import { pcg, remainder } from '../core/rng';
import type { KeyedVectors } from '../search/keyed-vectors';
import { DENSE_METHODS, type DenseMethod, DocumentEmbedder, documentWords, type WeightedMeans, type WordsEmbedder, weightedMean } from './document-vectors';
import { type DbowGpu, type DbowTrainingOptions, trainParagraphs, type TrainedParagraphs } from './dbow/dbow-training';
import { type InferenceOptions, type InferMany, ParagraphEmbedder, ParagraphVectors } from './dbow/paragraph-vectors';
import { type OutputLayer, wordCounts } from '../word2vec/output-layer';
import { type SimilarityIndex, unitRows } from '../search/similarity-index';
import { selectTop } from '../search/top-k';
import { type TermBag, TermWeights, bagDot } from './term-weights';
import type { TokenizerName } from '../text/tokenize';

/**
 * How documents are compared: `hybrid` (default), the SIF vector's cosine mixed with the TF-IDF
 * bag of words', the bag's share by the documents' length (the best across Lee, fortunes and
 * WordNet, see bench/doc-tasks.ts); one of the word-vector
 * means alone: `sif`, `tfidf` (TF-IDF-weighted), `mean`; or `dbow`, PV-DBOW paragraph vectors
 * inferred through a skip-gram model's output layer (it needs `outputLayer`).
 */
export type DocumentMethod = 'hybrid' | DenseMethod | 'dbow';

/** Every document method, the default first. */
export const DOCUMENT_METHODS: readonly DocumentMethod[] = ['hybrid', ...DENSE_METHODS, 'dbow'];

/** One document: an id the caller knows it by, an optional title (default: its first line) and its text. */
export interface DocumentInput {
  id: string;
  title?: string;
  text: string;
}

/** How `embedDocuments` turns documents into vectors. */
export interface DocumentIndexOptions {
  /** Default `hybrid`. */
  method?: DocumentMethod;
  /**
   * The texts the collection's statistics come from (word frequencies for SIF, document
   * frequencies for TF-IDF, the direction SIF removes, the hybrid's spreads): the training text's
   * documents, say. Default: the documents themselves.
   */
  background?: readonly string[];
  /** Word counts for SIF's p(w); default: the output layer's counts, else counted in the background. */
  wordCounts?: ReadonlyMap<string, number>;
  /** SIF's a (default 1e-3). */
  sifWeight?: number;
  /**
   * The hybrid's share for the bag of words, 0 to 1. Default: by the documents' length
   * (`defaultBagShare`: 0.6 for long documents, less for short ones).
   */
  bagShare?: number;
  /** A trained model's output layer (`embedDocuments` takes it from the model): its counts for SIF, its syn1neg for `dbow`. */
  outputLayer?: OutputLayer;
  /** For `dbow`: how each document's vector is inferred. */
  inference?: InferenceOptions;
  /**
   * How documents and queries are cut into words. Default: as the vectors were trained (a trained
   * model's, `KeyedVectors.tokenizer`); for vectors from a file, what their words show (the C
   * tool's whitespace rule when some have capitals or punctuation, else Unicode's). Giving one the
   * vectors were not trained with is an error.
   */
  tokenizer?: TokenizerName;
}

/** A document found by a search, with its score (a cosine, or the hybrid's weighted sum of two). */
export interface DocumentHit {
  /** The document's position in the index. */
  index: number;
  id: string;
  title: string;
  score: number;
}

/** Batches of document vectors computed elsewhere (a GPU's kernels), for `DocumentIndex.buildBatched`. */
export interface DocumentBatches {
  weightedMeans?: WeightedMeans;
  inferMany?: InferMany;
}

/** The key of a query's PV-DBOW draws (documents use their rows). */
const QUERY_KEY = 2 ** 31 - 1;

/** Pairs sampled to measure how widely each cosine spreads over a collection. */
const SPREAD_PAIRS = 4000;

/** A document's title when it has none: its first non-empty line, at most 80 characters. */
export function defaultTitle(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  const trimmed = line.trim().replace(/\s+/g, ' ');
  return trimmed.length > 80 ? `${trimmed.slice(0, 79)}…` : trimmed;
}

/**
 * Documents embedded with word vectors (see `embedDocuments`): searched by meaning (`search`),
 * compared with each other (`similar`, `score`), and trained as paragraph vectors
 * (`DocumentIndex.trainParagraphs`, gensim's Doc2Vec PV-DBOW).
 */
export class DocumentIndex {
  readonly ids: readonly string[];
  readonly titles: readonly string[];
  /** Each document's word-vector part, unit length (zero for a document without known words), row-major. */
  readonly vectors: Float32Array;
  private readonly bags: readonly TermBag[];
  private readonly rowOf: ReadonlyMap<string, number>;
  /** Where the vectors' cosines are computed when not on this thread: a GPU's index, or the CPU's SIMD threads. */
  private ranker: SimilarityIndex | undefined;

  private constructor(
    readonly method: DocumentMethod,
    /** How the documents and queries are cut into words: as the vectors were trained. */
    readonly tokenizer: TokenizerName,
    private readonly embedder: WordsEmbedder,
    private readonly terms: TermWeights | null,
    private readonly mix: BagMix,
    documents: readonly DocumentInput[],
    words: readonly (readonly string[])[],
    /** The documents' vectors when computed already (a GPU batch); otherwise they are embedded here. */
    vectors?: Float32Array,
  ) {
    this.ids = documents.map((d) => d.id);
    this.titles = documents.map((d) => d.title ?? defaultTitle(d.text));
    const rowOf = new Map<string, number>();
    this.ids.forEach((id, row) => {
      if (rowOf.has(id)) throw new Word2VecError('BAD_OPTION', `Two documents have the id "${id}"; give each document its own id.`);
      rowOf.set(id, row);
    });
    this.rowOf = rowOf;
    if (vectors) this.vectors = vectors;
    else {
      this.vectors = new Float32Array(documents.length * embedder.dim);
      words.forEach((w, row) => this.vectors.set(this.vectorOf(w, row), row * embedder.dim));
    }
    this.bags = terms ? words.map((w) => terms.bag(w)) : [];
  }

  /** The hybrid's share for the bag of words, as given or by `defaultBagShare`; 0 for the other methods. */
  get bagShare(): number {
    return this.mix.share;
  }

  /** The hybrid's weight of the bag cosine (the vector cosine's is 1 minus it): its share, each cosine divided by its spread; 0 for the other methods. */
  get bagWeight(): number {
    return this.mix.weight;
  }

  /** Embeds `documents` with the word vectors `kv` (see DocumentIndexOptions for the statistics). */
  static build(kv: KeyedVectors, documents: readonly DocumentInput[], options: DocumentIndexOptions = {}): DocumentIndex {
    const method = checkOptions(options);
    const tokenizer = documentTokenizer(kv, options);
    const words = documents.map((d) => documentWords(d.text, tokenizer));
    const statistics = options.background ? options.background.map((text) => documentWords(text, tokenizer)) : words;
    if (method === 'dbow') return new DocumentIndex(method, tokenizer, ParagraphEmbedder.fit(requireLayer(options), statistics, options.inference), null, NO_BAG, documents, words);
    const embedder = DocumentEmbedder.fit(kv, statistics, {
      method: method === 'hybrid' ? 'sif' : method,
      sifWeight: options.sifWeight,
      wordCounts: options.wordCounts ?? (options.outputLayer && wordCounts(options.outputLayer)),
    });
    if (method !== 'hybrid') return new DocumentIndex(method, tokenizer, embedder, null, NO_BAG, documents, words);
    const terms = TermWeights.fit(statistics);
    return new DocumentIndex(method, tokenizer, embedder, terms, hybridMix(embedder, terms, statistics, options), documents, words);
  }

  /**
   * PV-DBOW trained with the words (gensim's Doc2Vec(dm=0, dbow_words=1)) on the background texts
   * and the documents, in the same passes: each document keeps its trained vector (the first
   * principal component of the documents' vectors removed); queries are inferred through the
   * trained output layer (`options.inference`). Each epoch runs on `gpu` when given (see
   * `trainParagraphs`). Returns the index and what training made (the words' vectors among it).
   */
  static async trainParagraphs(
    documents: readonly DocumentInput[],
    options: Omit<DocumentIndexOptions, 'method' | 'outputLayer'> & { training?: DbowTrainingOptions } = {},
    gpu?: DbowGpu,
  ): Promise<{ index: DocumentIndex; trained: TrainedParagraphs }> {
    // Read as the vectors training starts from were trained, if any.
    const startFrom = options.training?.startFrom;
    const tokenizer = startFrom ? documentTokenizer(startFrom, options) : (options.tokenizer ?? 'unicode');
    const words = documents.map((d) => documentWords(d.text, tokenizer));
    const background = (options.background ?? []).map((text) => documentWords(text, tokenizer));
    const trained = await trainParagraphs([...background, ...words], options.training, gpu);
    const dim = trained.setup.dim;
    const raw = trained.vectors.slice(background.length * dim);
    const embedder = ParagraphEmbedder.fromVectors(new ParagraphVectors(trained.layer, options.inference), raw);
    return { index: new DocumentIndex('dbow', tokenizer, embedder, null, NO_BAG, documents, words, embedder.finish(raw)), trained };
  }

  /**
   * The index with every document's vector (and the collection's, for the common direction)
   * computed in batches: weighted means (every method but dbow) by `batches.weightedMeans`,
   * PV-DBOW by `batches.inferMany`; a GPU's kernels, say (`GpuDocumentMeans.means`,
   * `GpuParagraphVectors.infer`). A batch not given runs on this thread. The bags of words, the
   * hybrid's spreads and queries are computed on this thread.
   */
  static async buildBatched(kv: KeyedVectors, documents: readonly DocumentInput[], options: DocumentIndexOptions = {}, batches: DocumentBatches = {}): Promise<DocumentIndex> {
    const method = checkOptions(options);
    const tokenizer = documentTokenizer(kv, options);
    const words = documents.map((d) => documentWords(d.text, tokenizer));
    const statistics = options.background ? options.background.map((text) => documentWords(text, tokenizer)) : words;
    if (method === 'dbow') {
      const pv = new ParagraphVectors(requireLayer(options), options.inference);
      const inferMany =
        batches.inferMany ??
        (async (docs, keys) =>
          rowMajor(
            docs.map((rows, d) => pv.infer(rows, keys[d]!)),
            pv.setup.dim,
          ));
      const embedder = await ParagraphEmbedder.fitWith(pv, statistics, inferMany);
      if (embedder.dim !== kv.vectorSize)
        throw new Word2VecError('BAD_OPTION', `The output layer has ${embedder.dim} values a row and the word vectors ${kv.vectorSize}; give the same model's.`);
      const raw = await inferMany(
        words.map((w) => pv.rowsOf(w)),
        words.map((_, row) => row),
      );
      return new DocumentIndex(method, tokenizer, embedder, null, NO_BAG, documents, words, embedder.finish(raw));
    }
    const means = batches.weightedMeans ?? cpuWeightedMeans(kv);
    const embedder = await DocumentEmbedder.fitWith(
      kv,
      statistics,
      { method: method === 'hybrid' ? 'sif' : method, sifWeight: options.sifWeight, wordCounts: options.wordCounts },
      means,
    );
    const vectors = unitRows(
      embedder.finish(
        await means(
          words.map((w) => embedder.rowsOf(w)),
          embedder.wordWeights,
        ),
      ),
      kv.vectorSize,
    );
    if (method !== 'hybrid') return new DocumentIndex(method, tokenizer, embedder, null, NO_BAG, documents, words, vectors);
    const terms = TermWeights.fit(statistics);
    return new DocumentIndex(method, tokenizer, embedder, terms, hybridMix(embedder, terms, statistics, options), documents, words, vectors);
  }

  get size(): number {
    return this.ids.length;
  }

  get dim(): number {
    return this.embedder.dim;
  }

  /** The position of the document with this id; throws when there is none. */
  rowOfId(id: string): number {
    const row = this.rowOf.get(id);
    if (row === undefined)
      throw new Word2VecError('BAD_OPTION', `No document has the id "${id}". Use one of the ids the documents were given (the first is "${this.ids[0] ?? ''}").`);
    return row;
  }

  /** The score of documents i and j (the cosine, or the hybrid's mix). */
  score(i: number, j: number): number {
    const dim = this.dim;
    let dot = 0;
    for (let k = 0; k < dim; k++) dot += this.vectors[i * dim + k]! * this.vectors[j * dim + k]!;
    if (!this.terms) return dot;
    return this.bagWeight * bagDot(this.bags[i]!, this.bags[j]!) + (1 - this.bagWeight) * dot;
  }

  /**
   * The document's bag of words as the hybrid scores it: its terms and their TF-IDF weights (unit
   * length), or undefined for a method without one. A hybrid score is `bagWeight` times the dot of
   * two bags over their shared terms, plus `1 - bagWeight` times the cosine of the two vectors.
   */
  bagOf(row: number): { terms: string[]; weights: Float32Array } | undefined {
    const bag = this.bags[row];
    if (!this.terms || !bag) return undefined;
    const terms = this.terms;
    return { terms: Array.from(bag.terms, (id) => terms.word(id)), weights: bag.weights.slice() };
  }

  /** The document's `n` words of most weight in its bag of words (hybrid only; otherwise none). */
  keyWords(row: number, n: number): string[] {
    const bag = this.bags[row];
    if (!bag || !this.terms) return [];
    const order = [...bag.weights.keys()].sort((a, b) => bag.weights[b]! - bag.weights[a]!);
    return order.slice(0, n).map((i) => this.terms!.word(bag.terms[i]!));
  }

  /**
   * Computes the vectors' cosines on this index from now on (`KeyedVectors.indexOver(index.vectors)`:
   * the GPU's score kernel, or the CPU's SIMD threads); the bags of words stay on this thread. The
   * document index owns it: `destroy()` frees it.
   */
  useRanker(ranker: SimilarityIndex): void {
    if (ranker.rows !== this.size || ranker.dim !== this.dim)
      throw new Error(`DocumentIndex.useRanker: the index has ${ranker.rows} x ${ranker.dim}, the documents ${this.size} x ${this.dim}`);
    this.ranker?.destroy();
    this.ranker = ranker;
  }

  /** Where the vectors' cosines are computed. */
  get rankedOn(): 'gpu' | 'cpu' {
    return this.ranker?.kind ?? 'cpu';
  }

  /** Frees the ranker's index, if any; searches go on, on this thread. Safe twice. */
  destroy(): void {
    this.ranker?.destroy();
    this.ranker = undefined;
  }

  /** The documents nearest a free text, best first. */
  async search(text: string, topn = 10): Promise<DocumentHit[]> {
    checkTopn(topn);
    const words = documentWords(text, this.tokenizer);
    this.checkKnown(words, text);
    return this.best(await this.scores(this.vectorOf(words, QUERY_KEY), this.terms?.bag(words, false) ?? null), topn, -1);
  }

  /** The documents most like the one with this id ("more like this"), itself left out. */
  async similar(id: string, topn = 10): Promise<DocumentHit[]> {
    checkTopn(topn);
    const row = this.rowOfId(id);
    return this.best(await this.scores(this.vectors.slice(row * this.dim, (row + 1) * this.dim), this.terms ? this.bags[row]! : null), topn, row);
  }

  /** Refuses a query none of whose words the index knows (its scores would all be 0), naming them. */
  private checkKnown(words: readonly string[], text: string): void {
    if (words.length === 0) throw new Word2VecError('BAD_OPTION', `The query ${quoted(text.slice(0, 60))} has no words to search for. Type some words.`);
    if (words.some((w) => this.embedder.knows(w) || this.terms?.has(w))) return;
    const unknown = [...new Set(words)];
    throw new Word2VecError(
      'BAD_OPTION',
      `None of the query's words is known to these vectors or documents: ${unknown.slice(0, 8).map(quoted).join(', ')}${unknown.length > 8 ? ', …' : ''}. Check the spelling, or search with other words.`,
    );
  }

  /** The unit word-vector part of a list of words, as the documents' (zero without known words); `key` seeds PV-DBOW's draws. */
  private vectorOf(words: readonly string[], key: number): Float32Array {
    return unitRows(this.embedder.embed(words, key), this.dim);
  }

  /** Every document's score against a query's vector and bag. */
  private async scores(vector: Float32Array, bag: TermBag | null): Promise<Float32Array> {
    const { dim, size } = this;
    const vectorWeight = this.terms ? 1 - this.bagWeight : 1;
    let out: Float32Array;
    if (this.ranker) {
      out = await this.ranker.scores(vector, size);
      for (let row = 0; row < size; row++) out[row]! *= vectorWeight;
    } else {
      out = new Float32Array(size);
      for (let row = 0; row < size; row++) {
        let dot = 0;
        const at = row * dim;
        for (let k = 0; k < dim; k++) dot += vector[k]! * this.vectors[at + k]!;
        out[row] = vectorWeight * dot;
      }
    }
    if (bag) for (let row = 0; row < size; row++) out[row]! += this.bagWeight * bagDot(bag, this.bags[row]!);
    return out;
  }

  /** The `topn` best rows but `skip` (-1: none), best first; of equal scores, the earlier row. */
  private best(scores: Float32Array, topn: number, skip: number): DocumentHit[] {
    if (skip >= 0) scores[skip] = -Infinity;
    const { ids } = selectTop(scores, Math.min(topn, this.size - (skip >= 0 ? 1 : 0)));
    return Array.from(ids, (index) => ({ index, id: this.ids[index]!, title: this.titles[index]!, score: scores[index]! }));
  }
}

function checkTopn(topn: number): void {
  if (!(Number.isInteger(topn) && topn >= 1)) throw new Word2VecError('BAD_OPTION', `topn must be a whole number, 1 or more, not ${topn}.`);
}

/** Words a tokenizer of Unicode's word boundaries (lower-cased) never makes: capitals, or punctuation at a word's edge. */
const WHITESPACE_ONLY = /\p{Lu}|^[\p{P}\p{S}]|[\p{P}\p{S}]$/u;

/** How to read documents for `kv`: as it was trained, or as its words show; a tokenizer given against its own is an error. */
export function documentTokenizer(kv: KeyedVectors, options: { tokenizer?: TokenizerName }): TokenizerName {
  if (options.tokenizer && kv.tokenizer && options.tokenizer !== kv.tokenizer)
    throw new Word2VecError(
      'BAD_OPTION',
      `The vectors were trained with \`tokenizer=${kv.tokenizer}\`, and documents read with \`tokenizer=${options.tokenizer}\` would miss their words. Leave \`tokenizer\` out to read them as the vectors were trained.`,
    );
  const known = options.tokenizer ?? kv.tokenizer;
  if (known) return known;
  const sample = kv.indexToKey.slice(0, 5000);
  return sample.some((word) => word !== '</s>' && WHITESPACE_ONLY.test(word)) ? 'whitespace' : 'unicode';
}

/** The method, once the options are checked. */
function checkOptions(options: DocumentIndexOptions): DocumentMethod {
  const method = options.method ?? 'hybrid';
  if (!DOCUMENT_METHODS.includes(method)) throw new Word2VecError('BAD_OPTION', `The document method must be one of ${DOCUMENT_METHODS.join(', ')}, not ${method}.`);
  const share = options.bagShare;
  if (share !== undefined && !(share >= 0 && share <= 1))
    throw new Word2VecError('BAD_OPTION', `\`bagShare\` must be between 0 and 1, not ${share}; leave it out to let the documents' length choose it.`);
  return method;
}

/** How much of a hybrid score is the bag of words': its share, and its weight once each cosine is divided by its spread. */
interface BagMix {
  share: number;
  weight: number;
}

/** The methods without a bag of words. */
const NO_BAG: BagMix = { share: 0, weight: 0 };

/** The hybrid's share for the bag of words in documents of many words: the best on the Lee set. */
const LONG_DOCUMENT_SHARE = 0.6;
/** Distinct words a document has where the default share is half of LONG_DOCUMENT_SHARE: WordNet's glosses have about 10. */
const HALF_SHARE_WORDS = 10;

/**
 * The hybrid's share for the bag of words when none is given: 0.6 m / (m + 10), m the median
 * number of distinct words in the collection's documents (0.55 for Lee's news articles, 0.36 for
 * fortunes, 0.30 for WordNet's glosses). Two bags of a few words each share a word or none, so
 * their cosine says little; the shorter the documents, the more the vectors count. See
 * docs/design-decisions.md, "The hybrid's share".
 */
export function defaultBagShare(documents: readonly (readonly string[])[]): number {
  const sizes = documents.map((words) => new Set(words).size).filter((size) => size > 0);
  if (sizes.length === 0) return LONG_DOCUMENT_SHARE;
  sizes.sort((a, b) => a - b);
  const m = sizes[Math.floor(sizes.length / 2)]!;
  return (LONG_DOCUMENT_SHARE * m) / (m + HALF_SHARE_WORDS);
}

/** The hybrid's share and weight of the bag cosine over this collection. */
function hybridMix(embedder: WordsEmbedder, terms: TermWeights, statistics: readonly (readonly string[])[], options: DocumentIndexOptions): BagMix {
  const share = options.bagShare ?? defaultBagShare(statistics);
  const spreads = spreadOf(embedder, terms, statistics);
  return { share, weight: spreads.bag > 0 && spreads.vector > 0 ? share / spreads.bag / (share / spreads.bag + (1 - share) / spreads.vector) : share };
}

/** The weighted means on this thread: the GPU kernel's twin. */
function cpuWeightedMeans(kv: KeyedVectors): WeightedMeans {
  return async (documents, weights) =>
    rowMajor(
      documents.map((rows) => weightedMean(kv.vectors, kv.vectorSize, rows, weights)),
      kv.vectorSize,
    );
}

function rowMajor(rows: readonly Float32Array[], dim: number): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => out.set(r, i * dim));
  return out;
}

function requireLayer(options: DocumentIndexOptions): OutputLayer {
  if (options.outputLayer && options.outputLayer.syn1neg.length > 0) return options.outputLayer;
  throw new Word2VecError(
    'BAD_OPTION',
    'The dbow method needs the output layer of a model trained with negative sampling: embed with the trained model (not vectors loaded from a file), or choose another method.',
  );
}

/** The standard deviations of the vector and bag cosines over pairs of the collection (sampled, seeded). */
function spreadOf(embedder: WordsEmbedder, terms: TermWeights, documents: readonly (readonly string[])[]): { vector: number; bag: number } {
  const n = documents.length;
  if (n < 3) return { vector: 0, bag: 0 };
  const vectors = documents.map((w) => embedder.embed(w));
  const bags = documents.map((w) => terms.bag(w));
  const vector: number[] = [];
  const bag: number[] = [];
  const pairs = Math.min(SPREAD_PAIRS, (n * (n - 1)) / 2);
  for (let p = 0; p < pairs; p++) {
    const i = remainder(pcg(2 * p), n);
    const j = (i + 1 + remainder(pcg(2 * p + 1), n - 1)) % n;
    vector.push(cosine(vectors[i]!, vectors[j]!));
    bag.push(bagDot(bags[i]!, bags[j]!));
  }
  return { vector: deviation(vector), bag: deviation(bag) };
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let k = 0; k < a.length; k++) {
    dot += a[k]! * b[k]!;
    aa += a[k]! * a[k]!;
    bb += b[k]! * b[k]!;
  }
  return aa > 0 && bb > 0 ? dot / Math.sqrt(aa * bb) : 0;
}

function deviation(xs: readonly number[]): number {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
}

/**
 * Embeds documents (texts, or `{id, title?, text}`; a bare text's id is its position from 1) with
 * word vectors, or with a trained model (whose output layer then gives SIF's word counts and
 * PV-DBOW's inference), and returns their index: `search(text, topn)`, `similar(id, topn)`, the vectors.
 */
export function embedDocuments(
  model: KeyedVectors | { wv: KeyedVectors; outputLayer(): OutputLayer },
  documents: readonly (DocumentInput | string)[],
  options: DocumentIndexOptions = {},
): DocumentIndex {
  const inputs = documents.map((d, i) => (typeof d === 'string' ? { id: String(i + 1), text: d } : d));
  if ('wv' in model) return DocumentIndex.build(model.wv, inputs, { ...options, outputLayer: options.outputLayer ?? model.outputLayer() });
  return DocumentIndex.build(model, inputs, options);
}

/** A document id as one word of a word2vec file: its whitespace turned to "_". */
export function documentKey(id: string): string {
  return id.replace(/\s/g, '_') || '_';
}

/**
 * The index as JSON Lines, one `{"id","title","vector"}` a document (the word-vector part, unit
 * length, 6 decimals); for the hybrid also `"bag": {"share","terms","weights"}`, the bag of words
 * and its share of the score (see `bagOf`); with `"text"` too when the texts are given (so that the
 * page can rebuild it).
 */
export function* documentJsonLines(index: DocumentIndex, texts?: readonly string[]): Generator<string> {
  const { dim } = index;
  const rounded = (values: ArrayLike<number>): number[] => Array.from(values, (x) => Number(x.toFixed(6)));
  for (let row = 0; row < index.size; row++) {
    const vector = rounded(index.vectors.subarray(row * dim, (row + 1) * dim));
    // The hybrid's other half: its bag of words, and the share of the score each half has.
    const bag = index.bagOf(row);
    const mixed = bag ? { bag: { share: Number(index.bagWeight.toFixed(6)), terms: bag.terms, weights: rounded(bag.weights) } } : {};
    yield `${JSON.stringify({ id: index.ids[row], title: index.titles[row], vector, ...mixed, ...(texts ? { text: texts[row] } : {}) })}\n`;
  }
}

/** Every pair's score, a document a line: `{"id","scores"}`, the scores in the documents' order (for clustering or k-NN). */
export function* documentPairLines(index: DocumentIndex): Generator<string> {
  for (let row = 0; row < index.size; row++) {
    const scores = Array.from({ length: index.size }, (_, j) => Number(index.score(row, j).toFixed(6)));
    yield `${JSON.stringify({ id: index.ids[row], scores })}\n`;
  }
}

/**
 * Documents back from JSON Lines written with their texts (`{"id","title"?,"text"}` a line; other
 * fields, the vector included, are ignored: the vectors are computed again from the texts).
 */
export function documentsFromJsonLines(text: string, name = 'the file'): DocumentInput[] {
  const documents: DocumentInput[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new Word2VecError('FILE', `Line ${i + 1} of ${name} is not JSON. Give a JSON Lines file of documents, one {"id","title","text"} a line.`);
    }
    const { id, title, text: body } = (row ?? {}) as Record<string, unknown>;
    if (typeof id !== 'string' || typeof body !== 'string')
      throw new Word2VecError(
        'FILE',
        `Line ${i + 1} of ${name} lacks a string "id" or "text". Documents are rebuilt from their text: import a file downloaded with "Download (JSON lines)".`,
      );
    documents.push({ id, text: body, ...(typeof title === 'string' ? { title } : {}) });
  });
  if (documents.length === 0) throw new Word2VecError('EMPTY_INPUT', `${name} has no documents. Give a JSON Lines file of documents, one {"id","title","text"} a line.`);
  return documents;
}
