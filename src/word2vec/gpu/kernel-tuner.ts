// The window kernel's tuner: on a GPU it has not seen (or a problem of a new shape), a short timed
// trial of each variant of the kernel on the user's own corpus, the fastest kept and remembered.
// GPUs differ in subgroup width, on-chip memory and occupancy, so the best shape is measured, not
// assumed.
import type { AdapterDescription } from '../../runtime/gpu-device';
import { LANE_INVOCATIONS, type KernelConfig, type KernelInputs, windowKernelShape } from '../kernel-contract';
import type { DispatchParams } from '../schedule';
import { GpuTrainer } from './gpu-trainer';

/** One variant's trial: its invocations a lane, the corpus positions a second it trained, and by which clock. */
export interface TuningTrial {
  invocations: number;
  positionsPerSecond: number;
  /** GPU timestamps around each timed dispatch where the device has them, else the wall clock (with each batch's read-back). */
  clock: 'gpu timestamps' | 'wall clock';
}

/** What the tuner did: its trials (none when the choice was remembered), the choice, and its cost. */
export interface GpuTuning {
  /** The adapter and problem shape the choice is remembered under. */
  key: string;
  trials: TuningTrial[];
  /** The variants it had no time left to try. */
  untried: number[];
  /** The invocations a lane chosen. */
  invocations: number;
  /** Whether the choice came from the cache (no trials run). */
  cached: boolean;
  seconds: number;
}

/** Where the tuner remembers its choices: a file under the user's cache folder in Node (`nodeTuningCache`). */
export interface TuningCache {
  get(key: string): Promise<number | undefined>;
  set(key: string, invocations: number): Promise<void>;
}

/** The tuning in a sentence, for a notice: what was tried, and what was chosen. */
export function describeTuning(t: GpuTuning): string {
  if (t.cached) return `The GPU kernel: ${t.invocations} invocations a lane, as tuned before on this GPU for this shape of problem.`;
  const tried = t.trials.map((r) => `${r.invocations}: ${Math.round(r.positionsPerSecond).toLocaleString('en')}`).join(', ');
  const untried = t.untried.length > 0 ? ` (no time left for ${t.untried.join(', ')})` : '';
  return `Tuned the GPU kernel in ${t.seconds.toFixed(1)} s: ${t.invocations} invocations a lane, the fastest of ${tried} positions/s${untried}.`;
}

/** The trials' time in all, at most. */
export const TUNING_BUDGET_SECONDS = 2;

/** The key of a choice: the adapter (vendor, architecture, device, description) and the problem's shape. */
export function tuningKey(adapter: AdapterDescription, config: KernelConfig): string {
  const gpu = [adapter.vendor, adapter.architecture, adapter.device, adapter.description].join('/');
  const problem = `dim ${config.dim}, window ${config.window}, ${config.cbow ? 'cbow' : 'sg'}, ${config.loss}, negative ${config.negative}, tree ${config.treeDepth > 0 ? 1 : 0}`;
  return `${gpu} | ${problem}`;
}

/** The variants this configuration has (LANE_INVOCATIONS whose layout fits the device's memories). */
export function tuningCandidates(config: KernelConfig): number[] {
  return LANE_INVOCATIONS.filter((n) => windowKernelShape(config, undefined, n) !== null);
}

/**
 * Chooses the invocations a lane for `key`: from `cache` when it holds one, else by `trial` of each
 * candidate (positions a second), fastest first kept, within `budgetSeconds` in all: a variant not
 * tried in time is listed as untried. The choice is written to the cache.
 */
export async function tuneWindowKernel(
  key: string,
  candidates: readonly number[],
  trial: (invocations: number) => Promise<Omit<TuningTrial, 'invocations'>>,
  options: { cache?: TuningCache; budgetSeconds?: number; clock?: () => number } = {},
): Promise<GpuTuning> {
  const now = options.clock ?? ((): number => performance.now());
  const start = now();
  const seconds = (): number => (now() - start) / 1000;
  const remembered = await options.cache?.get(key);
  if (remembered !== undefined && candidates.includes(remembered)) return { key, trials: [], untried: [], invocations: remembered, cached: true, seconds: seconds() };
  if (candidates.length === 0) throw new Error('the window kernel has no variant to try for this configuration');
  const budget = options.budgetSeconds ?? TUNING_BUDGET_SECONDS;
  const trials: TuningTrial[] = [];
  const untried: number[] = [];
  for (const invocations of candidates) {
    if (trials.length > 0 && seconds() >= budget) untried.push(invocations);
    else trials.push({ invocations, ...(await trial(invocations)) });
  }
  const best = trials.reduce((a, b) => (b.positionsPerSecond > a.positionsPerSecond ? b : a));
  await options.cache?.set(key, best.invocations);
  return { key, trials, untried, invocations: best.invocations, cached: false, seconds: seconds() };
}

/** Steps each lane walks in one timed dispatch of a trial. */
const TRIAL_STEPS = 16;
/** A trial times dispatches for this long at most, after its warm-up. */
const TRIAL_SECONDS = 0.25;

/**
 * Trials on the GPU: a trainer of the variant over copies of the run's matrices (the run's own are
 * not touched) walks the corpus's first positions: one warm-up dispatch, then dispatches of
 * TRIAL_STEPS steps a lane until TRIAL_SECONDS have passed, each timed by GPU timestamps where the
 * device has them, else all of them by the wall clock.
 */
export function gpuTrial(
  device: GPUDevice,
  config: KernelConfig,
  inputs: KernelInputs,
  syn0: Float32Array,
  lanes: number,
): (invocations: number) => Promise<Omit<TuningTrial, 'invocations'>> {
  const laneLength = Math.max(1, Math.ceil(inputs.corpus.length / lanes));
  const steps = Math.min(TRIAL_STEPS, laneLength);
  const dispatch = (firstStep: number): DispatchParams => ({
    epoch: 0,
    epochKey: 1,
    firstStep: firstStep % laneLength,
    steps: Math.min(steps, laneLength - (firstStep % laneLength)),
    lanes,
    laneLength,
    corpusLength: inputs.corpus.length,
    alpha: 0.001,
    alphaDecay: 0,
  });
  return async (invocations) => {
    const trainer = await GpuTrainer.create(device, config, inputs, syn0, lanes, 1, { invocations });
    try {
      await trainer.submitBatch([dispatch(0)]);
      // A second warm-up, timed: whether this device's timestamps can time the trial.
      const timestamps = (await trainer.timeDispatch(dispatch(0))) !== null;
      const start = performance.now();
      let positions = 0;
      let gpuSeconds = 0;
      for (let step = steps; performance.now() - start < TRIAL_SECONDS * 1000; step += steps) {
        const p = dispatch(step);
        if (timestamps) gpuSeconds += (await trainer.timeDispatch(p)) ?? 0;
        else await trainer.submitBatch([p]);
        positions += p.steps * lanes;
      }
      if (timestamps && gpuSeconds > 0) return { positionsPerSecond: positions / gpuSeconds, clock: 'gpu timestamps' };
      return { positionsPerSecond: positions / ((performance.now() - start) / 1000), clock: 'wall clock' };
    } finally {
      trainer.destroy();
    }
  };
}
