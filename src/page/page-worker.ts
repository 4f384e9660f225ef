// The page's worker: owns the prepared corpus and the vectors, trains (WebGPU works in workers), answers queries.
import {
  KeyedVectors,
  PauseController,
  SENTENCE_END,
  Word2VecError,
  phrases,
  prepareCorpus,
  principalAxes,
  project,
  readVectors,
  throughputLanes,
  train,
  word2vecChunks,
  type OutputLayer,
  type PreparedCorpus,
  type Progress,
  type Projection2D,
  type TrainOptions,
} from '../index';
import { corpusStream, gunzip, sourceBytes, type TextCorpusSource } from './corpus-stream';
import { DocumentShelf } from './document-shelf';
import { KernelThreadPool } from './kernel-thread-pool';
import { deleteModel, loadModel, saveModel } from './model-store';
import type { Control, CorpusSource, CorpusSummary, VectorsSummary, PageMessage, RaceLeg, Reply, Request, Results, Tokenizer, WorkerEvent } from './protocol';

const post = (message: Reply | WorkerEvent): void => (self as unknown as Worker).postMessage(message);
/** How far embedding the documents is, for the status line (PV-DBOW's epochs when it trains). */
const docsStage = (message: string, step?: { done: number; of: number }): void => post({ event: 'stage', task: 'docs', message, ...(step ? { step } : {}) });

let corpus: { prepared: PreparedCorpus; summary: CorpusSummary } | undefined;
/** The vectors the page explores; `layer` when trained here: what documents borrow beyond the vectors (word counts, syn1neg). */
let held: { kv: KeyedVectors; summary: VectorsSummary; release: () => void; layer?: OutputLayer } | undefined;
let running: { abort: AbortController; pause: PauseController } | undefined;
let projection: Projection2D | undefined;
const shelf = new DocumentShelf();
const threads = KernelThreadPool.forThisPage();
const searchThreads = threads.searchThreads();
/** The browser's (rounded, capped) figure for this device's memory, where it gives one: a run that would need most of it stops first. */
const deviceMemory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
/** How the CPU path runs here: on every core when the page is cross-origin isolated, else on this thread. */
const hostRun = { ...(threads.size > 1 ? { threads: threads.size, spawnThread: threads.spawn } : {}), ...(deviceMemory ? { memoryBytes: deviceMemory * 2 ** 30 } : {}) };

/** Sends at most every `everyMs`; the last value held back follows when the interval ends (or at `flush`), unless cancelled. */
function throttled<T>(send: (value: T) => void, everyMs = 200): ((value: T) => void) & { cancel(): void; flush(): void } {
  let last = 0;
  let held: { value: T } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const push = (value: T): void => {
    const wait = last + everyMs - performance.now();
    if (wait <= 0) {
      last = performance.now();
      send(value);
      return;
    }
    held = { value };
    timer ??= setTimeout(() => {
      timer = undefined;
      last = performance.now();
      send(held!.value);
    }, wait);
  };
  const cancel = (): void => {
    clearTimeout(timer);
    timer = undefined;
  };
  /** Sends the value held back now, so that it arrives before whatever is posted next. */
  const flush = (): void => {
    if (timer === undefined) return;
    cancel();
    send(held!.value);
  };
  return Object.assign(push, { cancel, flush });
}

async function prepare(chosen: CorpusSource, minCount: number, tokenizer: Tokenizer, withPhrases: boolean): Promise<CorpusSummary> {
  const source: TextCorpusSource = chosen.kind === 'documents' ? { kind: 'text', text: shelf.corpusText() } : chosen;
  const total = sourceBytes(source);
  let read = 0;
  const stage = throttled((bytes: number) => post({ event: 'stage', task: 'prepare', message: `Reading the text: ${((100 * bytes) / Math.max(1, total)).toFixed(0)}%` }));
  const name =
    chosen.kind === 'documents' ? 'your documents' : source.kind === 'sample' ? source.name : source.kind === 'files' ? source.files.map((f) => f.name).join(', ') : 'pasted text';
  corpus = undefined; // the old corpus goes before the new one is read, so two are never held
  const open = (): ReturnType<typeof corpusStream> => {
    read = 0;
    return corpusStream(source, (bytes) => {
      read += bytes;
      stage(read);
    });
  };
  const joined = withPhrases
    ? await phrases(open, { minCount, tokenizer, onPass: (pass) => post({ event: 'stage', task: 'prepare', message: `Joining phrases: pass ${pass + 1} of 2` }) })
    : undefined;
  const prepared = await prepareCorpus(joined?.text ?? open(), { minCount, tokenizer }).finally(() => stage.cancel());
  const summary = {
    name,
    words: prepared.wordCount,
    rawWords: prepared.rawWordCount,
    corpusLength: prepared.ids.length,
    vocabularySize: prepared.vocabulary.size,
    minCount,
    tokenizer,
    ...(joined ? { phrases: joined.joined } : {}),
  };
  corpus = { prepared, summary };
  return summary;
}

function requireCorpus(): PreparedCorpus {
  if (!corpus) throw new Word2VecError('EMPTY_INPUT', 'No text is ready: choose the sample, files or pasted text first.');
  return corpus.prepared;
}

function requireVectors(): KeyedVectors {
  if (!held) throw new Word2VecError('BAD_OPTION', 'No vectors yet: train a model or load a vectors file first.');
  return held.kv;
}

/** Makes these vectors the ones the page explores, and keeps them in IndexedDB for the next visit. */
function hold(kv: KeyedVectors, summary: VectorsSummary, release: () => void, layer?: OutputLayer): VectorsSummary {
  held?.release();
  kv.useCpuThreads(searchThreads);
  held = { kv, summary, release, ...(layer ? { layer } : {}) };
  projection = undefined;
  const savedAt = new Date().toISOString();
  saveModel({ summary: { ...summary, savedAt }, vectors: kv.vectors }).then(
    () => {
      if (held?.kv === kv) held.summary.savedAt = savedAt;
      post({ event: 'saved', savedAt });
    },
    (error: unknown) => post({ event: 'saveFailed', message: `The model could not be kept in this browser (${(error as Error).message}); download it to keep it.` }),
  );
  return summary;
}

async function trainModel(options: TrainOptions, device: 'gpu' | 'cpu' | 'auto', startFromHeld: boolean): Promise<VectorsSummary> {
  const prepared = requireCorpus();
  const previous = startFromHeld ? { kv: requireVectors(), name: held!.summary.name } : undefined;
  running = { abort: new AbortController(), pause: new PauseController() };
  try {
    const progress = throttled((p: Progress) => post({ event: 'progress', task: 'train', progress: p }));
    const model = await train(prepared, options, {
      ...hostRun,
      device,
      ...(previous ? { startFrom: previous.kv } : {}),
      signal: running.abort.signal,
      pause: running.pause,
      onProgress: progress,
      onNotice: (message) => post({ event: 'notice', message }),
    }).finally(() => progress.flush());
    const started = previous ? `, starting from ${previous.name} for ${model.report.wordsStartedFrom.toLocaleString('en')} words` : '';
    const name = `${options.sg === 1 ? 'skip-gram' : 'CBOW'} on ${corpus!.summary.name}${started}`;
    return hold(
      model.wv,
      { name, words: [...model.wv.indexToKey], vectorSize: model.wv.vectorSize, report: model.report, queryDevice: model.wv.queryDevice },
      () => model.destroy(),
      model.outputLayer(),
    );
  } finally {
    running = undefined;
  }
}

/** The first `words` in-vocabulary words of the corpus, as a corpus of their own. */
function corpusPrefix(prepared: PreparedCorpus, words: number): PreparedCorpus {
  let seen = 0;
  let end = 0;
  while (end < prepared.ids.length && seen < words) if (prepared.ids[end++] !== SENTENCE_END) seen++;
  return { ...prepared, ids: prepared.ids.subarray(0, end), wordCount: seen, rawWordCount: seen };
}

/** The same settings and the same words on the GPU, then on the CPU path; one epoch each. */
async function race(options: TrainOptions, words: number): Promise<RaceLeg[]> {
  const prefix = corpusPrefix(requireCorpus(), words);
  const legs: RaceLeg[] = [];
  running = { abort: new AbortController(), pause: new PauseController() };
  try {
    for (const device of ['gpu', 'cpu'] as const) {
      let last: Progress | undefined;
      const progress = throttled((p: Progress) => post({ event: 'progress', task: 'race', leg: device, progress: p }));
      post({ event: 'stage', task: 'race', message: device === 'gpu' ? 'GPU: compiling and uploading…' : 'CPU path: training…' });
      const model = await train(
        prefix,
        // The GPU leg spreads the words over the whole GPU (its vectors are thrown away); the CPU leg has one lane per thread.
        { ...options, epochs: 1, ...(device === 'gpu' ? { lanes: throughputLanes(prefix.ids.length) } : {}) },
        {
          ...hostRun,
          device,
          signal: running.abort.signal,
          pause: running.pause,
          onProgress: (p) => {
            last = p;
            progress(p);
          },
        },
      ).finally(() => progress.flush());
      legs.push({
        device,
        adapter: model.report.adapter,
        threads: model.report.threads,
        cpuKernels: model.report.cpuKernels,
        words: prefix.wordCount,
        wordsPerSec: last?.wordsPerSec ?? model.report.wordsPerSec,
      });
      model.destroy();
    }
    return legs;
  } finally {
    running = undefined;
  }
}

async function loadFile(file: File): Promise<VectorsSummary> {
  const kv = await readVectors(file.stream() as ReadableStream<Uint8Array>, { name: file.name });
  return hold(kv, { name: file.name, words: [...kv.indexToKey], vectorSize: kv.vectorSize, queryDevice: kv.queryDevice }, () => kv.destroy());
}

async function restore(): Promise<VectorsSummary | null> {
  await threads.ready; // the page counts as loaded once its threads have started
  const stored = await loadModel();
  if (!stored || held) return held?.summary ?? null;
  const { summary, vectors } = stored;
  const kv = new KeyedVectors(summary.words, vectors, summary.vectorSize);
  kv.useCpuThreads(searchThreads);
  held = { kv, summary: { ...summary, queryDevice: kv.queryDevice }, release: () => kv.destroy() };
  return held.summary;
}

async function forget(): Promise<null> {
  await deleteModel();
  held?.release();
  held = undefined;
  projection = undefined;
  return null;
}

/** A word as typed, or its lower-case form when only that is in the vocabulary. */
function known(kv: KeyedVectors, word: string): string {
  const trimmed = word.trim();
  if (!trimmed) throw new Word2VecError('BAD_OPTION', 'Type a word first.');
  if (kv.has(trimmed) || !kv.has(trimmed.toLowerCase())) return trimmed;
  return trimmed.toLowerCase();
}

function vectorsOf(kv: KeyedVectors, words: readonly string[]): Float32Array {
  const out = new Float32Array(words.length * kv.vectorSize);
  words.forEach((w, i) => out.set(kv.getVector(w), i * kv.vectorSize));
  return out;
}

/** The map of the `count` most frequent words, coloured by `classes` k-means classes of theirs (as the C tool's -classes) when above 0. */
async function wordMap(count: number, classes: number): Promise<Results['map']> {
  const kv = requireVectors();
  const words = kv.indexToKey.slice(0, Math.max(2, Math.min(count, kv.size)));
  const vectors = vectorsOf(kv, words);
  projection = principalAxes(vectors, words.length, kv.vectorSize);
  const xy = project(projection, vectors, kv.vectorSize);
  if (classes <= 0) return { words, xy };
  const shown = new KeyedVectors(words, vectors, kv.vectorSize);
  shown.useCpuThreads(searchThreads);
  return { words, xy, classes: await shown.cluster(Math.min(classes, words.length)) };
}

async function evaluate(analogies: ArrayBuffer, pairs: ArrayBuffer): Promise<Results['evaluate']> {
  const kv = requireVectors();
  const start = performance.now();
  const a = await kv.evaluateWordAnalogies(gunzip(analogies));
  const seconds = (performance.now() - start) / 1000;
  const p = await kv.evaluateWordPairs(gunzip(pairs));
  return {
    analogies: { accuracy: a.accuracy, correct: a.correct, total: a.total, questions: a.questions, oov: a.oov, sections: a.sections, seconds },
    pairs: { spearman: p.spearman, pearson: p.pearson, oov: p.oov, pairs: p.pairs },
  };
}

/** The worker's answer to each request, typed by the protocol: each handler returns its request's Results entry. */
const handlers: { [T in Request['type']]: (request: Extract<Request, { type: T }>) => Results[T] | Promise<Results[T]> } = {
  prepare: (request) => prepare(request.source, request.minCount, request.tokenizer, request.phrases),
  train: (request) => trainModel(request.options, request.device, request.startFromHeld === true),
  race: (request) => race(request.options, request.words),
  load: (request) => loadFile(request.file),
  restore: () => restore(),
  forget: () => forget(),
  neighbours: async (request) => {
    const kv = requireVectors();
    return kv.mostSimilar({ positive: [known(kv, request.word)], topn: request.topn });
  },
  analogy: async (request) => {
    const kv = requireVectors();
    return kv.mostSimilar({ positive: [known(kv, request.b), known(kv, request.c)], negative: [known(kv, request.a)], topn: request.topn });
  },
  similarity: async (request) => {
    const kv = requireVectors();
    return kv.similarity(known(kv, request.a), known(kv, request.b));
  },
  map: (request) => wordMap(request.count, request.classes),
  project: async (request) => {
    const kv = requireVectors();
    if (!projection) throw new Word2VecError('BAD_OPTION', 'Draw the map first.');
    const words = request.words.filter((w) => kv.has(w));
    return { words, xy: project(projection, vectorsOf(kv, words), kv.vectorSize) };
  },
  evaluate: (request) => evaluate(request.analogies, request.pairs),
  export: async (request) => {
    const kv = requireVectors();
    return new Blob([...word2vecChunks(kv, { binary: request.binary })] as BlobPart[], { type: 'application/octet-stream' });
  },
  docsCollect: (request) => shelf.collect(request.files, request.text, request.split),
  docsImport: (request) => shelf.importFile(request.file),
  docsEmbed: (request) => shelf.embed(requireVectors(), request.method, held?.layer, docsStage),
  docsRestore: async () => {
    await threads.ready;
    return shelf.restore(held?.kv, held?.layer, docsStage);
  },
  docsEvaluate: (request) => shelf.evaluate(request.file),
  docsClear: () => shelf.clear(),
  docsSearch: (request) => shelf.search(requireVectors(), request.text, request.topn),
  docsSimilar: (request) => shelf.similar(request.id, request.topn),
  docsOpen: (request) => shelf.open(request.id),
  docsMap: (request) => shelf.map(request.classes, searchThreads),
  docsExport: (request) => shelf.export(request.format),
};

/** Runs a request's handler. */
async function handle<T extends Request['type']>(request: Extract<Request, { type: T }>): Promise<Results[T]> {
  return (handlers[request.type] as (request: Extract<Request, { type: T }>) => Results[T] | Promise<Results[T]>)(request);
}

function control(message: Control): void {
  if (message.type === 'pause') running?.pause.pause();
  else if (message.type === 'resume') running?.pause.resume();
  else running?.abort.abort(new DOMException('Training was cancelled.', 'AbortError'));
}

self.onmessage = (event: MessageEvent<PageMessage>) => {
  const data = event.data;
  if ('control' in data) return control(data.control);
  const { id, request } = data;
  handle(request).then(
    (result) => post({ id, ok: true, result }),
    (error: unknown) => {
      const e = error as Error & { code?: string };
      const code = e.name === 'AbortError' ? 'CANCELLED' : e instanceof Word2VecError ? e.code : undefined;
      post({ id, ok: false, error: e.message ?? String(error), code });
    },
  );
};
