// Vectors and document indexes that live in a worker, seen from the page: the same queries as
// KeyedVectors and DocumentIndex, each a promise answered by the worker.
import type { DocumentHit, DocumentIndexOptions, DocumentInput, DocumentMethod } from '../documents/document-index';
import type { AnalogyOptions, AnalogyResult, PairsOptions, PairsResult } from '../search/evaluation';
import type { KeyedVectors, MostSimilarQuery, Neighbour } from '../search/keyed-vectors';
import type { TrainOptions } from '../word2vec/options';
import type { PauseController } from '../word2vec/pause';
import type { Progress } from '../word2vec/run';
import type { DeviceChoice, TrainingReport } from '../word2vec/train';
import type { WorkerConnection } from './worker-connection';
import type { HeldCorpus, HeldDocuments, HeldVectors } from './worker-protocol';
import type { TrainingText, WorkerQuery, WorkerRunOptions } from './worker-service';

/** How a run in a worker trains, hears and stops, apart from the model's options. */
export interface WorkerTrainRun {
  /** Default 'auto': the worker's WebGPU where it has an adapter, else the CPU path. */
  device?: DeviceChoice;
  onProgress?: (progress: Progress) => void;
  /** What the run says the caller should know (a fallback from the GPU to the CPU path, say). */
  onNotice?: (message: string) => void;
  /** Cancels the run: it rejects with an AbortError. */
  signal?: AbortSignal;
  /** Holds the run between batches while paused. */
  pause?: PauseController;
  /** Vectors to start from, held by the same worker: a `WorkerModel` (see `TrainRun.startFrom`). */
  startFrom?: Pick<WorkerModel, 'handle'>;
}

/** Evaluation sets as a page can send them: the file's text or bytes (gzip-compressed or not). */
export type EvaluationSource = string | Uint8Array | ArrayBuffer;

/** Trains in the worker behind `connection`; resolves with the vectors the worker then holds. */
export async function trainOn(connection: WorkerConnection, text: TrainingText | HeldCorpus, options: TrainOptions, run: WorkerTrainRun = {}): Promise<WorkerModel> {
  const runOptions: WorkerRunOptions = { ...(run.device ? { device: run.device } : {}), ...(run.startFrom ? { startFrom: run.startFrom.handle } : {}) };
  const held = await connection.call<HeldVectors>('train', [text, options, runOptions], {
    ...(run.signal ? { signal: run.signal } : {}),
    ...(run.pause ? { pause: run.pause } : {}),
    onUpdate: (update) => {
      const news = update as { progress: Progress } | { notice: string };
      if ('progress' in news) run.onProgress?.(news.progress);
      else run.onNotice?.(news.notice);
    },
  });
  return new WorkerModel(connection, held);
}

/**
 * Word vectors held by a worker: `KeyedVectors`' queries, each answered there (its threads, or its
 * GPU), so the page's thread stays free. `dispose()` frees them in the worker.
 */
export class WorkerModel {
  /** The worker's name for these vectors. */
  readonly handle: number;
  /** The vocabulary, most frequent first. */
  readonly words: readonly string[];
  readonly vectorSize: number;
  /** How they were trained. */
  readonly report: TrainingReport | undefined;
  /** Where their searches run. */
  readonly queryDevice: 'gpu' | 'cpu';
  private readonly known: ReadonlySet<string>;

  constructor(
    private readonly connection: WorkerConnection,
    held: HeldVectors,
  ) {
    this.handle = held.handle;
    this.words = held.words;
    this.vectorSize = held.vectorSize;
    this.report = held.report;
    this.queryDevice = held.queryDevice;
    this.known = new Set(held.words);
  }

  /** Words in the vocabulary. */
  get size(): number {
    return this.words.length;
  }

  has(word: string): boolean {
    return this.known.has(word);
  }

  /** The `topn` words nearest to the mean of `positive` minus `negative` (see `KeyedVectors.mostSimilar`). */
  mostSimilar(query: MostSimilarQuery): Promise<Neighbour[]> {
    return this.query('mostSimilar', query);
  }

  /** Analogies by 3CosMul (see `KeyedVectors.mostSimilarCosmul`). */
  mostSimilarCosmul(query: Omit<MostSimilarQuery, 'restrictVocab'>): Promise<Neighbour[]> {
    return this.query('mostSimilarCosmul', query);
  }

  /** The cosine of two words. */
  similarity(a: string, b: string): Promise<number> {
    return this.query('similarity', a, b);
  }

  /** The cosine of the means of two lists of words. */
  nSimilarity(first: readonly string[], second: readonly string[]): Promise<number> {
    return this.query('nSimilarity', first, second);
  }

  /** The word furthest from the others' mean. */
  doesntMatch(words: readonly string[]): Promise<string> {
    return this.query('doesntMatch', words);
  }

  /** A word's vector (unit length with `norm`). */
  getVector(word: string, options: { norm?: boolean } = {}): Promise<Float32Array> {
    return this.query('getVector', word, options);
  }

  similarByWord(word: string, options: { topn?: number; restrictVocab?: number } = {}): Promise<Neighbour[]> {
    return this.query('similarByWord', word, options);
  }

  similarByVector(vector: Float32Array, options: { topn?: number; restrictVocab?: number } = {}): Promise<Neighbour[]> {
    return this.query('similarByVector', vector, options);
  }

  /** Where `other` ranks among the words nearest to `word` (1: nearest). */
  rank(word: string, other: string): Promise<number> {
    return this.query('rank', word, other);
  }

  /** Each word's k-means class, as the C tool's `-classes`. */
  cluster(k: number, options: { iterations?: number } = {}): Promise<Uint32Array> {
    return this.query('cluster', k, options);
  }

  /** Accuracy on analogy questions in the Google format (questions-words.txt). */
  evaluateWordAnalogies(source: EvaluationSource, options?: AnalogyOptions): Promise<AnalogyResult> {
    return this.query('evaluateWordAnalogies', source, options);
  }

  /** Correlation with human ratings of word pairs (WordSim-353's tab-separated format). */
  evaluateWordPairs(source: EvaluationSource, options?: PairsOptions): Promise<PairsResult> {
    return this.query('evaluateWordPairs', source, options);
  }

  /** Embeds documents with these vectors (see `embedDocuments`); the index stays in the worker. */
  async embedDocuments(documents: readonly (DocumentInput | string)[], options: Omit<DocumentIndexOptions, 'outputLayer'> = {}): Promise<WorkerDocumentIndex> {
    return new WorkerDocumentIndex(this.connection, await this.connection.call<HeldDocuments>('embed', [this.handle, documents, options]));
  }

  /** The vectors as a word2vec file (see `writeVectors`): text, or binary with `binary`. */
  writeVectors(options: { binary?: boolean } = {}): Promise<Uint8Array> {
    return this.connection.call('writeVectors', [this.handle, options]);
  }

  /** Frees the vectors in the worker (their GPU buffers too); later queries fail. */
  dispose(): Promise<void> {
    return this.connection.call('release', [this.handle]);
  }

  private query<Q extends WorkerQuery>(name: Q, ...args: unknown[]): Promise<Awaited<ReturnType<KeyedVectors[Q]>>> {
    return this.connection.call('query', [this.handle, name, args]);
  }
}

/** A document index held by a worker: `DocumentIndex`'s searches, answered there. */
export class WorkerDocumentIndex {
  readonly handle: number;
  /** The documents' ids, in the order given. */
  readonly ids: readonly string[];
  readonly method: DocumentMethod;

  constructor(
    private readonly connection: WorkerConnection,
    held: HeldDocuments,
  ) {
    this.handle = held.handle;
    this.ids = held.ids;
    this.method = held.method;
  }

  /** The `topn` documents nearest in meaning to `text`. */
  search(text: string, topn = 10): Promise<DocumentHit[]> {
    return this.connection.call('searchDocuments', [this.handle, 'search', text, topn]);
  }

  /** The `topn` documents nearest to the document `id` (itself left out). */
  similar(id: string, topn = 10): Promise<DocumentHit[]> {
    return this.connection.call('searchDocuments', [this.handle, 'similar', id, topn]);
  }

  /** Frees the index in the worker. */
  dispose(): Promise<void> {
    return this.connection.call('release', [this.handle]);
  }
}
