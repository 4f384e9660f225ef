import { Word2VecError, type Checkpoint } from '../core/errors';
import { batches, type LearningRate, type Schedule } from './schedule';
import type { TrainingEngine } from './engine';
import type { PauseController } from './pause';

/** One progress report, about every batch. */
export interface Progress {
  epoch: number;
  epochs: number;
  /** Fraction of the whole run done, 0..1. */
  progress: number;
  /** Learning rate now. */
  alpha: number;
  /** In-vocabulary corpus words processed so far (before subsampling, as the C tool counts). */
  wordsDone: number;
  wordsPerSec: number;
  /** Mean loss per example over the last batch. */
  loss: number;
  elapsedSeconds: number;
  etaSeconds: number;
}

export interface RunResult {
  wordsDone: number;
  /** Seconds spent training, not counting pauses. */
  seconds: number;
  pausedSeconds: number;
  wordsPerSec: number;
  /** Mean loss per example over the last epoch. */
  finalLoss: number;
}

export interface RunOptions {
  schedule: Schedule;
  rate: LearningRate;
  /** In-vocabulary words in the corpus (the corpus length less sentence ends). */
  wordCount: number;
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
  /** Pausing holds the next batch; time spent paused does not count towards words/sec or the ETA. */
  pause?: PauseController;
  /** The time in milliseconds (default `performance.now`): a test gives its own, to assert on events, not on the machine's speed. */
  clock?: () => number;
}

/**
 * A batch's mean loss above this many times the first batch's means training diverges: the loss
 * of word2vec falls as it trains (negative sampling starts near (1 + negatives) ln 2).
 */
const DIVERGENCE_FACTOR = 4;

/** Corpus positions covered once every lane has done `steps` steps. */
function positionsCovered(schedule: Schedule, steps: number): number {
  const { laneLength, corpusLength } = schedule;
  const fullLanes = Math.floor(corpusLength / laneLength);
  return fullLanes * Math.min(steps, laneLength) + Math.min(steps, corpusLength % laneLength);
}

/**
 * Runs every batch of the schedule on the engine, keeping up to `engine.batchesAhead` more batches queued.
 * Reports progress, stops with DIVERGED when the loss is not finite, and keeps the vectors of the
 * last completed epoch so that a failure loses nothing trained before it.
 */
export async function runTraining(engine: TrainingEngine, options: RunOptions): Promise<RunResult> {
  const { schedule, rate, wordCount, onProgress, signal, pause } = options;
  const now = options.clock ?? ((): number => performance.now());
  const wordsPerPosition = wordCount / schedule.corpusLength;
  const totalSteps = schedule.epochs * schedule.laneLength;
  const start = now();
  let pausedMs = 0;
  const seconds = (): number => (now() - start - pausedMs) / 1000;
  let checkpoint: Checkpoint | undefined;
  let epochLoss = 0;
  let epochExamples = 0;
  let lastEpochLoss = NaN;
  let firstLoss: number | undefined;
  let epoch = 0;
  const inFlight: Promise<void>[] = [];

  const fail = (error: unknown): never => {
    for (const rest of inFlight) rest.catch(() => {}); // the first failure is the one reported
    if (error instanceof Word2VecError && !error.checkpoint && checkpoint) throw new Word2VecError(error.code, error.message, { checkpoint });
    throw error;
  };
  const drain = async (): Promise<void> => {
    while (inFlight.length > 0) await inFlight.shift()!.catch(fail);
  };

  for (const batch of batches(schedule, rate)) {
    if (pause?.paused) {
      await drain();
      const pausedAt = now();
      await pause.wait(signal);
      pausedMs += now() - pausedAt;
    }
    if (signal?.aborted) {
      await drain();
      throw signal.reason instanceof Error ? signal.reason : new DOMException('Training was cancelled.', 'AbortError');
    }
    const first = batch[0]!;
    if (first.epoch !== epoch) {
      await drain();
      lastEpochLoss = epochLoss / Math.max(1, epochExamples);
      epochLoss = 0;
      epochExamples = 0;
      checkpoint = { syn0: await engine.readInputVectors(), epochsDone: first.epoch };
      epoch = first.epoch;
    }
    const last = batch[batch.length - 1]!;
    const stepsDone = last.epoch * schedule.laneLength + last.firstStep + last.steps;
    const alphaNow = last.alpha - last.alphaDecay * last.steps;
    const pending = engine.submitBatch(batch).then((stats) => {
      const loss = stats.loss / Math.max(1, stats.examples);
      if (stats.examples > 0) firstLoss ??= loss;
      const growing = firstLoss !== undefined && loss > DIVERGENCE_FACTOR * firstLoss;
      if (!Number.isFinite(stats.loss) || growing) {
        const where = ((100 * stepsDone) / totalSteps).toFixed(1);
        const what = growing ? `grew to ${loss.toPrecision(4)} per example, over ${DIVERGENCE_FACTOR}x its first ${firstLoss!.toPrecision(4)},` : `became ${stats.loss}`;
        throw new Word2VecError(
          'DIVERGED',
          `Training diverged: the loss ${what} at ${where}% (learning rate ${alphaNow.toPrecision(3)}). Lower the learning rate (\`alpha\`; the defaults are 0.025 for skip-gram and 0.05 for CBOW), or train fewer epochs (\`epochs\`).`,
        );
      }
      epochLoss += stats.loss;
      epochExamples += stats.examples;
      const elapsed = seconds();
      const words = (last.epoch * schedule.corpusLength + positionsCovered(schedule, last.firstStep + last.steps)) * wordsPerPosition;
      const progress = stepsDone / totalSteps;
      onProgress?.({
        epoch: last.epoch,
        epochs: schedule.epochs,
        progress,
        alpha: alphaNow,
        wordsDone: words,
        wordsPerSec: words / Math.max(elapsed, 1e-9),
        loss,
        elapsedSeconds: elapsed,
        etaSeconds: (elapsed * (1 - progress)) / Math.max(progress, 1e-9),
      });
    });
    inFlight.push(pending);
    if (inFlight.length > engine.batchesAhead) await inFlight.shift()!.catch(fail);
  }
  await drain();
  const wordsDone = wordCount * schedule.epochs;
  const trained = seconds();
  return {
    wordsDone,
    seconds: trained,
    pausedSeconds: pausedMs / 1000,
    wordsPerSec: wordsDone / Math.max(trained, 1e-9),
    finalLoss: epochExamples > 0 ? epochLoss / epochExamples : lastEpochLoss,
  };
}
