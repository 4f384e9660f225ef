import { epochKey } from '../core/rng';

/**
 * How the corpus is walked: `lanes` walkers (GPU invocations, or one CPU thread's interleaving of
 * them) each own a contiguous chunk of `laneLength` positions and advance one position per step,
 * in lockstep. A dispatch runs `stepsPerDispatch` steps; a batch (one queue submit) runs
 * `dispatchesPerBatch` dispatches. With one lane this is the C tool with one thread.
 */
export interface Schedule {
  lanes: number;
  laneLength: number;
  corpusLength: number;
  epochs: number;
  stepsPerDispatch: number;
  dispatchesPerBatch: number;
}

/** The uniforms of one dispatch: the window kernel's (`windowKernel` in src/word2vec/gpu/window-kernel.ts). */
export interface DispatchParams {
  epoch: number;
  epochKey: number;
  firstStep: number;
  steps: number;
  lanes: number;
  laneLength: number;
  corpusLength: number;
  /** Learning rate at `firstStep` (float32). */
  alpha: number;
  /** Decrease per step (float32). */
  alphaDecay: number;
}

/**
 * Positions (of all lanes) that one dispatch covers on a hardware GPU: long enough that refilling
 * each lane's ring of rows at the start of a dispatch costs little (a few hundred centres per lane
 * at the default lanes), short enough for several progress reports a second at tens of millions of
 * words per second. A software adapter (SwiftShader, some 20-40k words/s) runs one dispatch of
 * 2^14 positions per batch, so that it too reports progress about once a second.
 */
const POSITIONS_PER_DISPATCH = 1 << 20;
const SOFTWARE_POSITIONS_PER_DISPATCH = 1 << 14;
const DISPATCHES_PER_BATCH = 4;
/**
 * Positions per batch on the CPU path, whose batches run on the calling thread: small enough that
 * progress, pause and cancel come several times a second even on the TypeScript twin (~0.5 s of
 * skip-gram at its 60k words/s; the SIMD kernels take a tenth of that).
 */
const CPU_POSITIONS_PER_BATCH = 1 << 15;

/** Most walkers (GPU workgroups) by default, and the fewest corpus positions each walks. */
const MAX_DEFAULT_LANES = 2048;
const MIN_LANE_LENGTH = 1024;

/**
 * The GPU's default lane count: one workgroup per lane, up to 2,048 of them (with 32 invocations,
 * 65,536 invocations: enough to fill an H100's 132 multiprocessors several times over), and never
 * fewer than 1,024 positions per lane, so that each walks far and few race on the same rows.
 * Chosen with the lock-step twin (bench/lockstep.ts); see the README.
 */
export function defaultLanes(corpusLength: number): number {
  return Math.max(1, Math.min(MAX_DEFAULT_LANES, Math.floor(corpusLength / MIN_LANE_LENGTH)));
}

/**
 * Lanes for a throughput measurement (the page's race), whose vectors are thrown away: up to 2,048,
 * as few as 64 positions each, so that a few thousand words still spread over the whole GPU.
 */
export function throughputLanes(corpusLength: number): number {
  return Math.max(1, Math.min(MAX_DEFAULT_LANES, Math.floor(corpusLength / 64)));
}

export function makeSchedule(corpusLength: number, lanes: number, epochs: number, device: 'gpu' | 'software-gpu' | 'cpu' = 'gpu'): Schedule {
  const laneLength = Math.max(1, Math.ceil(corpusLength / lanes));
  const positions = device === 'gpu' ? POSITIONS_PER_DISPATCH : device === 'software-gpu' ? SOFTWARE_POSITIONS_PER_DISPATCH : CPU_POSITIONS_PER_BATCH;
  return {
    lanes,
    laneLength,
    corpusLength,
    epochs,
    stepsPerDispatch: Math.max(1, Math.min(laneLength, Math.floor(positions / lanes))),
    dispatchesPerBatch: device === 'gpu' ? DISPATCHES_PER_BATCH : 1,
  };
}

export interface LearningRate {
  alpha: number;
  minAlpha: number;
  seed: number;
}

/** Every dispatch of the run, grouped into batches within each epoch; the learning rate decays linearly over the run. */
export function* batches(schedule: Schedule, rate: LearningRate): Generator<DispatchParams[]> {
  const { laneLength, epochs, stepsPerDispatch, dispatchesPerBatch } = schedule;
  const totalSteps = epochs * laneLength;
  const decay = (rate.alpha - rate.minAlpha) / totalSteps;
  let batch: DispatchParams[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const key = epochKey(rate.seed, epoch);
    for (let firstStep = 0; firstStep < laneLength; firstStep += stepsPerDispatch) {
      batch.push({
        epoch,
        epochKey: key,
        firstStep,
        steps: Math.min(stepsPerDispatch, laneLength - firstStep),
        lanes: schedule.lanes,
        laneLength,
        corpusLength: schedule.corpusLength,
        alpha: Math.fround(rate.alpha - decay * (epoch * laneLength + firstStep)),
        alphaDecay: Math.fround(decay),
      });
      if (batch.length === dispatchesPerBatch) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch; // a batch never spans two epochs
    batch = [];
  }
}
