// PV-DBOW on the CPU path: the word trainer's engine (WebAssembly SIMD, Hogwild threads) walking
// the documents one after another, each kept word predicted by its document's row (and, with the
// words, by its window's words) through negative sampling. The documents' rows lie in syn0 after
// the vocabulary's (`KernelConfig.documents`).
import { Word2VecError } from '../../core/errors';
import { SENTENCE_END } from '../../text/vocabulary';
import type { KernelConfig, KernelInputs } from '../../word2vec/kernel-contract';
import { createCpuEngine, usefulThreads } from '../../word2vec/cpu/cpu-engine';
import type { SpawnKernelThread } from '../../word2vec/cpu/thread-service';
import { makeSchedule } from '../../word2vec/schedule';
import { runTraining } from '../../word2vec/run';
import type { DbowCorpus, DbowSetup, DbowState } from './dbow-setup';

/** Where PV-DBOW trains on the CPU: threads, and how to start them. */
export interface DbowThreads {
  /** CPU threads (default 1). More than one needs `spawnThread`. */
  threads?: number;
  /** Starts a CPU training thread: `spawnNodeKernelThread` (from the Node entry) in Node. */
  spawnThread?: SpawnKernelThread;
}

/** The documents end to end, each closed by a sentence end, and the document of every position. */
function concatenated(documents: readonly Uint32Array[]): { ids: Uint32Array; documentOf: Uint32Array } {
  const length = documents.reduce((n, rows) => n + rows.length + 1, 0);
  const ids = new Uint32Array(length);
  const documentOf = new Uint32Array(length);
  let at = 0;
  documents.forEach((rows, d) => {
    ids.set(rows, at);
    documentOf.fill(d, at, at + rows.length + 1);
    at += rows.length;
    ids[at++] = SENTENCE_END;
  });
  return { ids, documentOf };
}

/**
 * Trains every epoch of PV-DBOW on the CPU path, from `state`; returns the trained matrices.
 * `onEpoch` hears each epoch as it ends.
 */
export async function trainDbowOnCpu(
  corpus: DbowCorpus,
  setup: DbowSetup,
  state: DbowState,
  run: DbowThreads & { onEpoch?: (done: number, epochs: number) => void } = {},
): Promise<DbowState> {
  const wanted = run.threads ?? 1;
  if (!Number.isInteger(wanted) || wanted < 1) throw new Word2VecError('BAD_OPTION', `PV-DBOW's threads must be a whole number of at least 1, not ${wanted}.`);
  if (wanted > 1 && !run.spawnThread) throw new Word2VecError('BAD_OPTION', `${wanted} CPU threads need a way to start them (spawnThread); leave threads at 1 here.`);
  const { ids, documentOf } = concatenated(corpus.documents);
  const threads = Math.min(wanted, usefulThreads(ids.length));
  const vocabSize = corpus.words.length;
  const config: KernelConfig = {
    dim: setup.dim,
    window: setup.window,
    negative: setup.negative,
    vocabSize,
    cbow: false,
    loss: 'ns',
    treeDepth: 0,
    documents: corpus.documents.length,
    trainWords: setup.trainWords,
  };
  const inputs: KernelInputs = { corpus: ids, keepProbability: setup.keep, noiseTable: setup.noise, documentOf };
  const syn0 = new Float32Array(state.syn0.length + state.documents.length);
  syn0.set(state.syn0);
  syn0.set(state.documents, state.syn0.length);
  const engine = createCpuEngine(config, inputs, syn0, threads, run.spawnThread);
  try {
    let epochsDone = 0;
    await runTraining(engine, {
      schedule: makeSchedule(ids.length, threads, setup.epochs, 'cpu'),
      rate: { alpha: setup.alpha, minAlpha: setup.minAlpha, seed: setup.seed },
      wordCount: ids.length - corpus.documents.length,
      onProgress: ({ epoch }) => {
        // A report of epoch e means every epoch before it is done.
        for (; epochsDone < epoch; epochsDone++) run.onEpoch?.(epochsDone + 1, setup.epochs);
      },
    });
    for (; epochsDone < setup.epochs; epochsDone++) run.onEpoch?.(epochsDone + 1, setup.epochs);
    const trained = await engine.readMatrices();
    const words = vocabSize * setup.dim;
    return { syn0: trained.syn0.slice(0, words), syn1neg: trained.syn1, documents: trained.syn0.slice(words) };
  } finally {
    engine.destroy();
  }
}
