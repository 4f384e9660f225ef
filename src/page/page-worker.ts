// The page's worker: the library's worker (it trains, with WebGPU where the worker has it, and holds
// the vectors it trains), plus the page's own calls: the corpus it reads, the race, the kept model,
// the map, the evaluations and the documents.
import {
  KeyedVectors,
  SENTENCE_END,
  Word2VecError,
  phrases,
  prepareCorpus,
  principalAxes,
  project,
  readVectors,
  rememberRace,
  resolveOptions,
  serveWorker,
  throttled,
  throughputLanes,
  train,
  word2vecChunks,
  type CallContext,
  type Handler,
  type HeldModel,
  type PreparedCorpus,
  type Progress,
  type Projection2D,
  type TokenizerName,
  type TrainOptions,
  type WorkerScope,
} from '../internal';
import { corpusStream, gunzip, sourceBytes, type TextCorpusSource } from './corpus-stream';
import { DocumentShelf } from './document-shelf';
import { deleteModel, loadModel, saveModel } from './model-store';
import { PAGE_CORPUS, type CorpusSource, type CorpusSummary, type VectorsSummary, type RaceLeg, type RaceResult, type Request, type Results, type WorkerEvent } from './protocol';

const post = (event: WorkerEvent): void => service.broadcast(event);
/** How far embedding the documents is, for the status line (PV-DBOW's epochs when it trains). */
const docsStage = (message: string, step?: { done: number; of: number }): void => post({ event: 'stage', task: 'docs', message, ...(step ? { step } : {}) });

/** What the corpus read last is (the corpus itself the library's service holds, as PAGE_CORPUS). */
let corpusSummary: CorpusSummary | undefined;
/** The vectors the page explores, by the handle the library's worker holds them under. */
let held: { handle: number; summary: VectorsSummary } | undefined;
let projection: Projection2D | undefined;
const shelf = new DocumentShelf(() => service.hostRun);

async function prepare(chosen: CorpusSource, minCount: number, tokenizer: TokenizerName, withPhrases: boolean): Promise<CorpusSummary> {
  const source: TextCorpusSource = chosen.kind === 'documents' ? { kind: 'text', text: shelf.corpusText() } : chosen;
  const total = sourceBytes(source);
  let read = 0;
  const stage = throttled((bytes: number) => post({ event: 'stage', task: 'prepare', message: `Reading the text: ${((100 * bytes) / Math.max(1, total)).toFixed(0)}%` }));
  const name =
    chosen.kind === 'documents' ? 'your documents' : source.kind === 'sample' ? source.name : source.kind === 'files' ? source.files.map((f) => f.name).join(', ') : 'pasted text';
  // The old corpus goes before the new one is read, so two are never held.
  corpusSummary = undefined;
  service.corpora.delete(PAGE_CORPUS);
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
  corpusSummary = summary;
  service.corpora.set(PAGE_CORPUS, prepared);
  return summary;
}

function requireCorpus(): PreparedCorpus {
  const prepared = service.corpora.get(PAGE_CORPUS);
  if (!prepared) throw new Word2VecError('EMPTY_INPUT', 'No text is ready: choose the sample, files or pasted text first.');
  return prepared;
}

/** The vectors the page holds, and what documents borrow from them when trained here (word counts, syn1neg). */
function heldModel(): HeldModel {
  if (!held) throw new Word2VecError('BAD_OPTION', 'No vectors yet: train a model or load a vectors file first.');
  return service.model(held.handle);
}

function requireVectors(): KeyedVectors {
  return heldModel().kv;
}

/** Makes the vectors the worker holds under `handle` the ones the page explores, and keeps them in IndexedDB for the next visit. */
function hold(handle: number, summary: VectorsSummary): VectorsSummary {
  if (held && held.handle !== handle) service.release(held.handle);
  const { kv } = service.model(handle);
  held = { handle, summary };
  projection = undefined;
  const savedAt = new Date().toISOString();
  saveModel({ summary: { ...summary, savedAt }, vectors: kv.vectors }).then(
    () => {
      if (held?.handle === handle) held.summary.savedAt = savedAt;
      post({ event: 'saved', savedAt });
    },
    (error: unknown) => post({ event: 'saveFailed', message: `The model could not be kept in this browser (${(error as Error).message}); download it to keep it.` }),
  );
  return summary;
}

/** Holds vectors the library's worker trained (see `trainInWorker`), named by how they were trained. */
function holdTrained(handle: number, startedFrom: string | undefined): VectorsSummary {
  const held = service.describe(handle);
  const r = held.report!;
  const started = startedFrom ? `, starting from ${startedFrom} for ${r.wordsStartedFrom.toLocaleString('en')} words` : '';
  return hold(handle, { ...held, name: `${r.options.sg === 1 ? 'skip-gram' : 'CBOW'} on ${corpusSummary?.name ?? 'your text'}${started}` });
}

/** The first `words` in-vocabulary words of the corpus, as a corpus of their own. */
function corpusPrefix(prepared: PreparedCorpus, words: number): PreparedCorpus {
  let seen = 0;
  let end = 0;
  while (end < prepared.ids.length && seen < words) if (prepared.ids[end++] !== SENTENCE_END) seen++;
  return { ...prepared, ids: prepared.ids.subarray(0, end), wordCount: seen, rawWordCount: seen };
}

/**
 * The same settings and the same words on the GPU, then on the CPU path; one epoch each. On a
 * hardware GPU the outcome is kept as `auto`'s measurement, so that `auto` trains on the winner.
 */
async function race(context: CallContext, options: TrainOptions, words: number): Promise<RaceResult> {
  const prefix = corpusPrefix(requireCorpus(), words);
  const legs: RaceLeg[] = [];
  for (const device of ['gpu', 'cpu'] as const) {
    let last: Progress | undefined;
    const progress = throttled((p: Progress) => context.update({ leg: device, progress: p }));
    post({ event: 'stage', task: 'race', message: device === 'gpu' ? 'GPU: compiling and uploading…' : 'CPU path: training…' });
    const model = await train(
      prefix,
      // The GPU leg spreads the words over the whole GPU (its vectors are thrown away); the CPU leg has one lane per thread.
      { ...options, epochs: 1, ...(device === 'gpu' ? { lanes: throughputLanes(prefix.ids.length) } : {}) },
      {
        ...service.hostRun,
        device,
        signal: context.signal,
        pause: context.pause,
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
  const [onGpu, onCpu] = legs as [RaceLeg, RaceLeg];
  const { tuningCache, threads } = service.hostRun;
  if (!tuningCache || !onGpu.adapter || onGpu.adapter.isFallback) return { legs: [onGpu, onCpu], auto: null };
  const speeds = { gpu: onGpu.wordsPerSec, cpu: onCpu.wordsPerSec };
  const measured = await rememberRace(tuningCache, onGpu.adapter, resolveOptions(options), prefix, threads ?? 1, speeds);
  return { legs: [onGpu, onCpu], auto: measured.chosen };
}

async function loadFile(file: File): Promise<VectorsSummary> {
  const kv = await readVectors(file.stream() as ReadableStream<Uint8Array>, { name: file.name });
  const held = service.keep({ kv, release: () => kv.destroy() });
  return hold(held.handle, { ...held, name: file.name });
}

async function restore(): Promise<VectorsSummary | null> {
  await service.threads.ready; // the page counts as loaded once its threads have started
  const stored = await loadModel();
  if (!stored || held) return held?.summary ?? null;
  const { summary, vectors } = stored;
  const kv = new KeyedVectors(summary.words, vectors, summary.vectorSize, summary.report?.options.tokenizer);
  const { handle } = service.keep({ kv, release: () => kv.destroy() });
  held = { handle, summary: { ...summary, handle, queryDevice: kv.queryDevice } };
  return held.summary;
}

async function forget(): Promise<null> {
  await deleteModel();
  if (held) service.release(held.handle);
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
  shown.useCpuThreads(service.searchThreads);
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

/** The page's calls, each with its request as its one argument, typed by the protocol: each handler returns its request's Results entry. */
const handlers: { [T in Request['type']]: (context: CallContext, request: Extract<Request, { type: T }>) => Results[T] | Promise<Results[T]> } = {
  prepare: (_, request) => prepare(request.source, request.minCount, request.tokenizer, request.phrases),
  hold: (_, request) => holdTrained(request.handle, request.startedFrom),
  race: (context, request) => race(context, request.options, request.words),
  load: (_, request) => loadFile(request.file),
  restore: () => restore(),
  forget: () => forget(),
  neighbours: async (_, request) => {
    const kv = requireVectors();
    return kv.mostSimilar({ positive: [known(kv, request.word)], topn: request.topn });
  },
  analogy: async (_, request) => {
    const kv = requireVectors();
    return kv.mostSimilar({ positive: [known(kv, request.b), known(kv, request.c)], negative: [known(kv, request.a)], topn: request.topn });
  },
  similarity: async (_, request) => {
    const kv = requireVectors();
    return kv.similarity(known(kv, request.a), known(kv, request.b));
  },
  map: (_, request) => wordMap(request.count, request.classes),
  project: async (_, request) => {
    const kv = requireVectors();
    if (!projection) throw new Word2VecError('BAD_OPTION', 'Draw the map first.');
    const words = request.words.filter((w) => kv.has(w));
    return { words, xy: project(projection, vectorsOf(kv, words), kv.vectorSize) };
  },
  evaluate: (_, request) => evaluate(request.analogies, request.pairs),
  export: async (_, request) => {
    const kv = requireVectors();
    return new Blob([...word2vecChunks(kv, { binary: request.binary })] as BlobPart[], { type: 'application/octet-stream' });
  },
  docsCollect: (_, request) => shelf.collect(request.files, request.text, request.split),
  docsImport: (_, request) => shelf.importFile(request.file),
  docsEmbed: (_, request) => shelf.embed(requireVectors(), request.method, heldModel().layer, docsStage),
  docsRestore: async () => {
    await service.threads.ready;
    const model = held ? heldModel() : undefined;
    return shelf.restore(model?.kv, model?.layer, docsStage);
  },
  docsEvaluate: (_, request) => shelf.evaluate(request.file),
  docsClear: () => shelf.clear(),
  docsSearch: (_, request) => shelf.search(requireVectors(), request.text, request.topn),
  docsSimilar: (_, request) => shelf.similar(request.id, request.topn),
  docsOpen: (_, request) => shelf.open(request.id),
  docsMap: (_, request) => shelf.map(request.classes, service.searchThreads),
  docsExport: (_, request) => shelf.export(request.format),
};

const service = serveWorker(self as unknown as WorkerScope, () => handlers as unknown as Record<string, Handler>);
