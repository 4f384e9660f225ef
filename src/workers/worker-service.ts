// The library's side of a worker: trains (on the worker's WebGPU, or on the CPU path with threads when
// the page is cross-origin isolated), holds the vectors and document indexes it made, and answers
// queries on them. The worker script is one call: `serveWorker(self)`; a script of its own can add
// handlers (the project's page adds its corpus, race and storage).
import { Word2VecError } from '../core/errors';
import type { TextSource } from '../core/source';
import type { PreparedCorpus } from '../text/corpus';
import { embedDocuments, type DocumentIndex, type DocumentIndexOptions, type DocumentInput } from '../documents/document-index';
import type { KeyedVectors } from '../search/keyed-vectors';
import type { ThreadLender } from '../search/similarity-index';
import { writeVectors } from '../search/word2vec-format';
import type { TrainOptions } from '../word2vec/options';
import type { OutputLayer } from '../word2vec/output-layer';
import { PauseController } from '../word2vec/pause';
import type { Progress } from '../word2vec/run';
import { train, type DeviceChoice, type TrainingReport, type TrainRun } from '../word2vec/train';
import { BrowserThreadPool } from './browser-threads';
import { indexedDbTuningCache } from './tuning-store';
import { throttled } from './throttled';
import type { FromWorker, HeldCorpus, HeldDocuments, HeldVectors, ToWorker } from './worker-protocol';

/** What a handler gets besides its arguments: its call's cancel signal and pause, and a way to send news of it. */
export interface CallContext {
  readonly signal: AbortSignal;
  readonly pause: PauseController;
  update(value: unknown): void;
}

// biome-ignore lint/suspicious/noExplicitAny: each handler declares its own arguments; the caller's call() types them
export type Handler = (context: CallContext, ...args: any[]) => unknown;

/** Text to train on, as a page can send it to a worker. */
export type TrainingText = string | Blob | ArrayBuffer | Uint8Array;

/** How a run in the worker trains, apart from the model's options. */
export interface WorkerRunOptions {
  /** Default 'auto': the worker's WebGPU where it has an adapter, else the CPU path. */
  device?: DeviceChoice;
  /** The handle of vectors the worker holds, to start from (see `TrainRun.startFrom`). */
  startFrom?: number;
}

/** Vectors the worker holds: what queries use, and what documents borrow from a trained model. */
export interface HeldModel {
  kv: KeyedVectors;
  layer?: OutputLayer;
  report?: TrainingReport;
  release(): void;
}

/** Names of the KeyedVectors queries a caller may run in the worker. */
export const WORKER_QUERIES = [
  'mostSimilar',
  'mostSimilarCosmul',
  'similarity',
  'nSimilarity',
  'doesntMatch',
  'getVector',
  'similarByWord',
  'similarByVector',
  'rank',
  'cluster',
  'evaluateWordAnalogies',
  'evaluateWordPairs',
] as const satisfies readonly (keyof KeyedVectors)[];
export type WorkerQuery = (typeof WORKER_QUERIES)[number];

/** The document index's searches a caller may run in the worker. */
const DOCUMENT_QUERIES = ['search', 'similar'] as const satisfies readonly (keyof DocumentIndex)[];

function asSource(text: TrainingText): TextSource {
  return typeof Blob !== 'undefined' && text instanceof Blob ? (text.stream() as ReadableStream<Uint8Array>) : (text as TextSource);
}

/** The worker's state: its threads, the corpora its own handlers read, and what it holds by handle. */
export class WorkerService {
  readonly threads = BrowserThreadPool.forThisPage();
  /** Where the GPU kernel's tuner and `device=auto`'s measurement keep their choices. */
  private readonly tuningCache = indexedDbTuningCache();
  readonly searchThreads: ThreadLender = this.threads.searchThreads();
  /** Corpora prepared by the worker script's own handlers, for `train` to read by name. */
  readonly corpora = new Map<string, PreparedCorpus>();
  private readonly models = new Map<number, HeldModel>();
  private readonly indexes = new Map<number, DocumentIndex>();
  private nextHandle = 1;

  constructor(private readonly send: (message: FromWorker) => void) {}

  /**
   * How the CPU path runs here: on every core when the page is cross-origin isolated, else on this
   * thread; this device's memory, where the browser says; and the tuner's choices, in IndexedDB.
   */
  get hostRun(): TrainRun {
    const deviceMemory = (globalThis.navigator as (Navigator & { deviceMemory?: number }) | undefined)?.deviceMemory;
    return {
      ...(this.threads.size > 1 ? { threads: this.threads.size, spawnThread: this.threads.spawn } : {}),
      ...(globalThis.indexedDB ? { tuningCache: this.tuningCache } : {}),
      ...(deviceMemory ? { memoryBytes: deviceMemory * 2 ** 30 } : {}),
    };
  }

  /** Sends news tied to no call. */
  broadcast(value: unknown): void {
    this.send({ broadcast: value });
  }

  /** Holds vectors until released; their searches use the worker's idle threads. */
  keep(model: HeldModel): HeldVectors {
    const handle = this.nextHandle++;
    model.kv.useCpuThreads(this.searchThreads);
    this.models.set(handle, model);
    return this.describe(handle);
  }

  /** Held vectors as the caller sees them. */
  describe(handle: number): HeldVectors {
    const { kv, report } = this.model(handle);
    return { handle, words: [...kv.indexToKey], vectorSize: kv.vectorSize, queryDevice: kv.queryDevice, ...(report ? { report } : {}) };
  }

  model(handle: number): HeldModel {
    const held = this.models.get(handle);
    if (!held) throw new Word2VecError('BAD_OPTION', `The worker holds no vectors ${handle}: they were released; train or load them again.`);
    return held;
  }

  /** Frees vectors, or a document index; safe twice. */
  release(handle: number): void {
    this.models.get(handle)?.release();
    this.models.delete(handle);
    this.indexes.get(handle)?.destroy();
    this.indexes.delete(handle);
  }

  async train(context: CallContext, text: TrainingText | HeldCorpus, options: TrainOptions, run: WorkerRunOptions = {}): Promise<HeldVectors> {
    const corpus = typeof text === 'object' && 'heldCorpus' in text ? this.corpora.get(text.heldCorpus) : asSource(text);
    if (!corpus) throw new Word2VecError('EMPTY_INPUT', 'No text is ready: choose the text to train on first.');
    await this.threads.ready;
    const progress = throttled((value: Progress) => context.update({ progress: value }));
    const model = await train(corpus, options, {
      ...this.hostRun,
      device: run.device ?? 'auto',
      ...(run.startFrom !== undefined ? { startFrom: this.model(run.startFrom).kv } : {}),
      signal: context.signal,
      pause: context.pause,
      onProgress: progress,
      onNotice: (notice) => {
        progress.flush();
        context.update({ notice });
      },
    }).finally(() => progress.flush());
    return this.keep({ kv: model.wv, layer: model.outputLayer(), report: model.report, release: () => model.destroy() });
  }

  embed(handle: number, documents: readonly (DocumentInput | string)[], options: DocumentIndexOptions = {}): HeldDocuments {
    const held = this.model(handle);
    const index = embedDocuments(held.kv, documents, { ...(held.layer ? { outputLayer: held.layer } : {}), ...options });
    const indexHandle = this.nextHandle++;
    this.indexes.set(indexHandle, index);
    return { handle: indexHandle, ids: [...index.ids], method: index.method };
  }

  documents(handle: number): DocumentIndex {
    const index = this.indexes.get(handle);
    if (!index) throw new Word2VecError('BAD_OPTION', `The worker holds no document index ${handle}: it was released; embed the documents again.`);
    return index;
  }
}

/** The library's handlers: train, query, embed documents and search them, write vectors, release. */
function libraryHandlers(service: WorkerService): Record<string, Handler> {
  return {
    train: (context, text: TrainingText | HeldCorpus, options: TrainOptions, run?: WorkerRunOptions) => service.train(context, text, options, run),
    query: (_, handle: number, query: WorkerQuery, args: unknown[]) => {
      if (!WORKER_QUERIES.includes(query)) throw new Word2VecError('BAD_OPTION', `The worker answers ${WORKER_QUERIES.join(', ')}, not ${query}.`);
      const kv = service.model(handle).kv;
      return (kv[query] as (...a: unknown[]) => unknown).apply(kv, args);
    },
    embed: (_, handle: number, documents: (DocumentInput | string)[], options?: DocumentIndexOptions) => service.embed(handle, documents, options),
    searchDocuments: (_, handle: number, query: (typeof DOCUMENT_QUERIES)[number], text: string, topn?: number) => {
      if (!DOCUMENT_QUERIES.includes(query)) throw new Word2VecError('BAD_OPTION', `Documents are searched by ${DOCUMENT_QUERIES.join(' or ')}, not ${query}.`);
      return service.documents(handle)[query](text, topn);
    },
    writeVectors: (_, handle: number, options?: { binary?: boolean }) => writeVectors(service.model(handle).kv, options),
    release: (_, handle: number) => service.release(handle),
  };
}

/** What a worker script runs in: a dedicated worker's global scope. */
export interface WorkerScope {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}

/**
 * Serves the library's calls in this worker, and `extend`'s handlers beside them (a handler of
 * `extend` with a library handler's name replaces it). Returns the worker's state.
 */
export function serveWorker(scope: WorkerScope, extend?: (service: WorkerService) => Record<string, Handler>): WorkerService {
  const send = (message: FromWorker): void => scope.postMessage(message);
  const service = new WorkerService(send);
  const handlers = { ...libraryHandlers(service), ...extend?.(service) };
  const running = new Map<number, { abort: AbortController; pause: PauseController }>();
  scope.onmessage = (event) => {
    const message = event.data;
    if ('control' in message) {
      const call = running.get(message.id);
      if (message.control === 'pause') call?.pause.pause();
      else if (message.control === 'resume') call?.pause.resume();
      else call?.abort.abort(new DOMException('Training was cancelled.', 'AbortError'));
      return;
    }
    const { id, call, args } = message;
    const controls = { abort: new AbortController(), pause: new PauseController() };
    running.set(id, controls);
    const context: CallContext = { signal: controls.abort.signal, pause: controls.pause, update: (update) => send({ id, update }) };
    new Promise<unknown>((resolve) => {
      const handler = handlers[call];
      if (!handler) throw new Word2VecError('BAD_OPTION', `The worker has no call named ${call}; its calls are ${Object.keys(handlers).join(', ')}.`);
      resolve(handler(context, ...args));
    })
      .then(
        (result) => send({ id, ok: true, result }),
        (error: unknown) => {
          const e = error as Error & { code?: string };
          send({ id, ok: false, error: e.message ?? String(error), name: e.name ?? 'Error', ...(e.code ? { code: e.code } : {}) });
        },
      )
      .finally(() => running.delete(id));
  };
  return service;
}
