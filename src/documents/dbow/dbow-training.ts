// PV-DBOW paragraph vectors trained (Le & Mikolov 2014; gensim's Doc2Vec(dm=0), with
// `trainWords` its dbow_words=1): per epoch, per document, per word the subsampling keeps, first
// (with the words) skip-gram, each kept word of the shrunk window predicting it, then the
// document's vector predicts it. All of them through negative sampling's output layer (syn1neg),
// which the words and the documents share.
// Every random draw is the project's counter-based hash of (seed, document, epoch, position, pair,
// stream), so that the GPU kernel (src/documents/dbow/dbow-train.wgsl) makes the same decisions: this file is
// its CPU twin.
import { Word2VecError } from '../../core/errors';
import { draw, epochKey, positionKey, remainder, STREAM_KEEP, STREAM_NEGATIVES, STREAM_WINDOW, unitFloat } from '../../core/rng';
import { keepProbabilities, noiseTable, noiseWord } from '../../core/noise-tables';
import { clippedSigmoid } from '../../word2vec/logistic';
import { KeyedVectors } from '../../search/keyed-vectors';
import type { OutputLayer } from '../../word2vec/output-layer';
import { startingVector } from './inference-setup';
import { type DbowThreads, trainDbowOnCpu } from './cpu-dbow-trainer';
import type { DbowCorpus, DbowSetup, DbowState } from './dbow-setup';

/**
 * How PV-DBOW trains paragraph vectors (gensim's Doc2Vec with `dm=0`): gensim's names where it has
 * them. On the CPU path it trains on `threads` threads (gensim's workers).
 */
export interface DbowTrainingOptions extends DbowThreads {
  /** Values a vector (default 100). */
  vectorSize?: number;
  /** Passes over the documents (default 40). */
  epochs?: number;
  /** Learning rate of the first epoch (default 0.025), decaying linearly, epoch by epoch, towards `minAlpha` (default 1e-4). */
  alpha?: number;
  minAlpha?: number;
  /** The skip-gram window's largest reach (default 5). */
  window?: number;
  /** Noise words per prediction (default 5). */
  negative?: number;
  /** Subsampling threshold for frequent words (default 1e-3; 0 keeps every word). */
  sample?: number;
  /** Words rarer than this in the documents are left out (default 2). */
  minCount?: number;
  /**
   * Train the words by skip-gram too (gensim's dbow_words; default false, as gensim's). Without,
   * the word vectors stay as they start and only the documents and the output layer learn; on the
   * Lee set that scored better (README, Documents).
   */
  trainWords?: boolean;
  /** Word vectors to start from (gensim's intersect_word2vec_format): the documents' words these hold start there. */
  startFrom?: KeyedVectors;
  seed?: number;
  /** Called after each epoch with the epochs done and their number. */
  onEpoch?: (done: number, epochs: number) => void;
}

/** Learning rate of an epoch. */
export function dbowRate(setup: DbowSetup, epoch: number): number {
  return Math.fround(setup.alpha - ((setup.alpha - setup.minAlpha) * epoch) / setup.epochs);
}

/** The key of a document's draws in an epoch. */
export function documentEpochKey(seed: number, document: number, epoch: number): number {
  return epochKey((seed ^ Math.imul(document + 1, 0x9e3779b1)) >>> 0, epoch);
}

/** The key of the pair a position's context in window slot `slot` (0 .. 2 window - 1) makes with it. */
export function contextPairKey(positionKeyValue: number, slot: number): number {
  return positionKey(positionKeyValue, slot + 1);
}

/**
 * The CPU twin of one dispatch of the kernel: trains documents `first` to `first + count - 1` in
 * epoch `epoch`. A context of the window is a position within the drawn reach that the
 * subsampling keeps; its pair's noise words come from `contextPairKey`, the document's from the
 * position's own key.
 */
export function trainDbowEpoch(setup: DbowSetup, state: DbowState, documents: readonly Uint32Array[], epoch: number, first = 0, count = documents.length - first): void {
  const { dim, keep, window, trainWords, seed, noise } = setup;
  const rate = dbowRate(setup, epoch);
  const work = new Float32Array(dim);
  const noiseKeep = new Float32Array(noise.buffer, noise.byteOffset, noise.length);
  const pair = (source: Float32Array, at: number, word: number, key: number): void => trainPair(setup, noiseKeep, source, at, state.syn1neg, word, key, rate, work);
  for (let d = first; d < first + count; d++) {
    const rows = documents[d]!;
    const ek = documentEpochKey(seed, d, epoch);
    const kept = (p: number): boolean => unitFloat(draw(positionKey(ek, p), STREAM_KEEP)) < keep[rows[p]!]!;
    for (let p = 0; p < rows.length; p++) {
      const word = rows[p]!;
      const pk = positionKey(ek, p);
      if (unitFloat(draw(pk, STREAM_KEEP)) >= keep[word]!) continue;
      if (trainWords) {
        const reach = window - remainder(draw(pk, STREAM_WINDOW), window);
        for (let side = 0; side < 2; side++)
          for (let offset = 1; offset <= reach; offset++) {
            const q = side === 0 ? p - offset : p + offset;
            if (q < 0 || q >= rows.length || !kept(q)) continue;
            pair(state.syn0, rows[q]! * dim, word, contextPairKey(pk, side * window + offset - 1));
          }
      }
      pair(state.documents, d * dim, word, pk);
    }
  }
}

/** One prediction of `word` from the row at `at` of `source`: the C tool's update, the source row moved last. */
function trainPair(
  setup: DbowSetup,
  noiseKeep: Float32Array,
  source: Float32Array,
  at: number,
  syn1neg: Float32Array,
  word: number,
  key: number,
  rate: number,
  work: Float32Array,
): void {
  const { dim, noise, negative } = setup;
  work.fill(0);
  for (let j = 0; j <= negative; j++) {
    const target = j === 0 ? word : noiseWord(noise, noiseKeep, draw(key, STREAM_NEGATIVES + j - 1));
    if (j > 0 && target === word) continue;
    const out = target * dim;
    let f = 0;
    for (let k = 0; k < dim; k++) f += source[at + k]! * syn1neg[out + k]!;
    const g = Math.fround(((j === 0 ? 1 : 0) - clippedSigmoid(f)) * rate);
    for (let k = 0; k < dim; k++) {
      work[k]! += g * syn1neg[out + k]!;
      syn1neg[out + k]! += g * source[at + k]!;
    }
  }
  for (let k = 0; k < dim; k++) source[at + k]! += work[k]!;
}

/** The vocabulary of tokenized documents (words at least `minCount` times) and the documents as its rows. */
export function dbowCorpus(documents: readonly (readonly string[])[], minCount: number): DbowCorpus {
  const tally = new Map<string, number>();
  for (const words of documents) for (const w of words) tally.set(w, (tally.get(w) ?? 0) + 1);
  const kept = [...tally].filter(([, n]) => n >= minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (kept.length === 0) throw new Word2VecError('NO_VOCABULARY', `No word occurs ${minCount} times or more in the documents; lower minCount or give more text.`);
  const row = new Map(kept.map(([w], i) => [w, i]));
  return {
    words: kept.map(([w]) => w),
    counts: kept.map(([, n]) => n),
    documents: documents.map((words) => Uint32Array.from(words.flatMap((w) => (row.has(w) ? [row.get(w)!] : [])))),
  };
}

/** Runs one epoch of the kernel (or its twin): the documents' rows and the state are the runner's. */
export type DbowEpochRunner = (epoch: number) => Promise<void>;

/** Trained paragraph vectors: the documents' raw vectors, the words' vectors and the shared output layer. */
export interface TrainedParagraphs {
  /** Raw document vectors, in the order given (row-major). */
  vectors: Float32Array;
  wv: KeyedVectors;
  layer: OutputLayer;
  setup: DbowSetup;
  /** Seconds from the documents' words to the trained vectors (gensim's build_vocab and train). */
  seconds: number;
}

/** Settings, tables and starting matrices for a collection: what a runner (the twin's, a GPU's) starts from. */
export function prepareDbow(corpus: DbowCorpus, options: DbowTrainingOptions = {}): { setup: DbowSetup; state: DbowState } {
  const dim = options.vectorSize ?? 100;
  const setup: DbowSetup = {
    dim,
    noise: noiseTable(corpus.counts, 0.75),
    keep: keepProbabilities(corpus.counts, options.sample ?? 1e-3),
    epochs: options.epochs ?? 40,
    alpha: options.alpha ?? 0.025,
    minAlpha: options.minAlpha ?? 1e-4,
    window: options.window ?? 5,
    negative: options.negative ?? 5,
    trainWords: options.trainWords ?? false,
    seed: options.seed ?? 1,
  };
  const whole = (name: string, v: number, least: number): void => {
    if (!(Number.isInteger(v) && v >= least)) throw new Word2VecError('BAD_OPTION', `PV-DBOW's ${name} must be a whole number, ${least} or more, not ${v}.`);
  };
  whole('vectorSize', dim, 1);
  whole('epochs', setup.epochs, 1);
  whole('window', setup.window, 1);
  whole('negative', setup.negative, 1);
  if (!(setup.alpha > 0)) throw new Word2VecError('BAD_OPTION', `PV-DBOW's alpha must be above 0, not ${setup.alpha}.`);
  if (options.startFrom && options.startFrom.vectorSize !== dim)
    throw new Word2VecError(
      'BAD_OPTION',
      `The vectors to start from have ${options.startFrom.vectorSize} values a word, not ${dim}; set vectorSize to ${options.startFrom.vectorSize}.`,
    );
  const syn0 = new Float32Array(corpus.words.length * dim);
  corpus.words.forEach((w, i) => {
    const from = options.startFrom?.has(w) ? options.startFrom.getVector(w) : startingVector(dim, setup.seed, 0x40000000 + i);
    syn0.set(from, i * dim);
  });
  const documents = new Float32Array(corpus.documents.length * dim);
  corpus.documents.forEach((_, d) => documents.set(startingVector(dim, setup.seed, d), d * dim));
  return { setup, state: { syn0, syn1neg: new Float32Array(corpus.words.length * dim), documents } };
}

/** Starts the epochs of a collection elsewhere (a GPU's kernel, say), which owns the matrices until `finish` hands them back. */
export type DbowGpu = (corpus: DbowCorpus, setup: DbowSetup, state: DbowState) => Promise<{ runEpoch: DbowEpochRunner; finish: () => Promise<DbowState> }>;

/**
 * Trains PV-DBOW on tokenized documents: each epoch on `gpu` when given (its kernel, whose twin is
 * `trainDbowEpoch`), else on the CPU path (WebAssembly SIMD, on `options.threads` threads).
 */
export async function trainParagraphs(documents: readonly (readonly string[])[], options: DbowTrainingOptions = {}, gpu?: DbowGpu): Promise<TrainedParagraphs> {
  const start = performance.now();
  const corpus = dbowCorpus(documents, options.minCount ?? 2);
  const prepared = prepareDbow(corpus, options);
  const { setup } = prepared;
  let state = prepared.state;
  if (gpu) {
    const runner = await gpu(corpus, setup, state);
    for (let epoch = 0; epoch < setup.epochs; epoch++) {
      await runner.runEpoch(epoch);
      options.onEpoch?.(epoch + 1, setup.epochs);
    }
    state = await runner.finish();
  } else state = await trainDbowOnCpu(corpus, setup, state, options);
  return {
    vectors: state.documents,
    wv: new KeyedVectors(corpus.words, state.syn0, setup.dim, 'unicode'),
    layer: { words: corpus.words, counts: corpus.counts, syn1neg: state.syn1neg, dim: setup.dim },
    setup,
    seconds: (performance.now() - start) / 1000,
  };
}
