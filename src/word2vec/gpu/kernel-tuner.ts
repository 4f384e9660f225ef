// The window kernel's tuner: on a GPU it has not seen (or a problem of a new shape), a short timed
// trial of each variant of the kernel on the user's own corpus, the fastest kept and remembered.
// GPUs differ in subgroup width, on-chip memory and occupancy, so the best shape is measured, not
// assumed.
import type { AdapterDescription } from '../../runtime/gpu-device';
import {
  type KernelConfig,
  type KernelInputs,
  type KernelVariant,
  LANE_INVOCATIONS,
  LANES_PER_GROUP,
  shapeVariant,
  type VariantLimits,
  variantName,
  variantShape,
} from '../kernel-contract';
import type { DispatchParams } from '../schedule';
import { GpuTrainer } from './gpu-trainer';

/** One trial: a variant on so many lanes, the corpus positions a second it trained, and by which clock. */
export interface TuningTrial {
  variant: KernelVariant;
  lanes: number;
  positionsPerSecond: number;
  /** GPU timestamps around each timed dispatch where the device has them, else the wall clock (with each batch's read-back). */
  clock: 'gpu timestamps' | 'wall clock';
}

/** The tuner's choice, as remembered: a variant, and its lanes as a share of the quality-safe most (1, 1/2 or 1/4). */
export interface TunedKernel {
  variant: KernelVariant;
  laneShare: number;
}

/** What the tuner did: its trials (none when the choice was remembered), the choice, and its cost. */
export interface GpuTuning {
  /** The adapter and problem shape the choice is remembered under. */
  key: string;
  trials: TuningTrial[];
  /** The trials it had no time left for, by name ("16 @ 2,048 lanes"). */
  untried: string[];
  choice: TunedKernel;
  /** The lanes this run trains on: the choice's share of the most. */
  lanes: number;
  /** Whether the choice came from the cache (no trials run). */
  cached: boolean;
  seconds: number;
}

/** Where the tuner (and `auto`'s measurement) remember their choices: a file under the user's cache folder in Node (`nodeTuningCache`). */
export interface TuningCache {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

const trialName = (variant: KernelVariant, lanes: number): string => `${variantName(variant)} @ ${lanes.toLocaleString('en')} lanes`;

/** The tuning in a sentence, for a notice: what was tried, and what was chosen. */
export function describeTuning(t: GpuTuning): string {
  const chosen = `${variantName(t.choice.variant)} invocations a lane on ${t.lanes.toLocaleString('en')} lanes`;
  if (t.cached) return `The GPU kernel: ${chosen}, as tuned before on this GPU for this shape of problem.`;
  const best = Math.max(...t.trials.map((r) => r.positionsPerSecond));
  const untried = t.untried.length > 0 ? ` (no time left for ${t.untried.length} more)` : '';
  return `Tuned the GPU kernel in ${t.seconds.toFixed(1)} s: ${chosen}, of ${t.trials.length} trials${untried}; the fastest trained ${Math.round(best).toLocaleString('en')} positions/s.`;
}

/** The trials' time in all, at most. */
export const TUNING_BUDGET_SECONDS = 2;
/** Fewer lanes train better (fewer races); they are kept where they cost at most this share of the speed. */
const LANE_SPEED_TOLERANCE = 0.05;

/** The key of a choice: the adapter (vendor, architecture, device, description) and the problem's shape. */
export function tuningKey(adapter: AdapterDescription, config: KernelConfig): string {
  const gpu = [adapter.vendor, adapter.architecture, adapter.device, adapter.description].join('/');
  const problem = `dim ${config.dim}, window ${config.window}, ${config.cbow ? 'cbow' : 'sg'}, ${config.loss}, negative ${config.negative}, tree ${config.treeDepth > 0 ? 1 : 0}`;
  return `${gpu} | ${problem}`;
}

/** What the tuner may try: the variants that fit, and the lanes. */
export interface TuningSpace {
  /** Invocations a lane to try first, each with one lane a workgroup. */
  invocations: readonly number[];
  fits(variant: KernelVariant): boolean;
  /** Where a lane of this many invocations is one subgroup, several lanes may share a workgroup. */
  subgroupSize?: number;
  /** The most lanes (the quality-safe default, or the run's own `lanes`). */
  maxLanes: number;
  /** Whether fewer lanes may be tried (not where the run sets `lanes`). */
  tuneLanes: boolean;
}

/** The variants of a configuration on a device: the subgroup size, then LANE_INVOCATIONS, where their layout fits. */
export function tuningSpace(config: KernelConfig, limits: VariantLimits, maxLanes: number, tuneLanes: boolean): TuningSpace {
  const { subgroupSize } = limits;
  // The subgroup size first (the default layout where the device has subgroups): where time runs out, it has been tried.
  const invocations = [...new Set([...(subgroupSize ? [subgroupSize] : []), ...LANE_INVOCATIONS])];
  const fits = (v: KernelVariant): boolean => {
    if (!invocations.includes(v.invocations)) return false;
    return variantShape(config, v, limits) !== null;
  };
  return { invocations, fits, subgroupSize, maxLanes, tuneLanes };
}

/** A remembered choice, where it is one this space can build. */
function remembered(value: unknown, space: TuningSpace): TunedKernel | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { variant, laneShare } = value as Partial<TunedKernel>;
  if (!variant || typeof laneShare !== 'number' || !(laneShare > 0 && laneShare <= 1)) return undefined;
  const { invocations, lanesPerGroup, ring } = variant;
  const valid = typeof invocations === 'number' && LANES_PER_GROUP.includes(lanesPerGroup as 1) && (ring === 'private' || ring === 'workgroup');
  return valid && space.fits(variant) ? { variant: { invocations, lanesPerGroup, ring }, laneShare: space.tuneLanes ? laneShare : 1 } : undefined;
}

export const sameVariant = (a: KernelVariant, b: KernelVariant): boolean => a.invocations === b.invocations && a.lanesPerGroup === b.lanesPerGroup && a.ring === b.ring;

/**
 * Chooses the kernel for `key`: from `cache` when it holds a choice this space can build, else by
 * timed trials (positions a second), one axis at a time, within `budgetSeconds` in all (a trial is
 * not started where one of the average length would overrun it, and is listed as untried):
 * 1. each invocations a lane, one lane a workgroup, the ring in private memory (in workgroup memory
 *    where private memory cannot hold it), on the most lanes;
 * 2. the fastest with its ring in the other memory; then, where its lane is one subgroup, 2 and 4
 *    lanes a workgroup;
 * 3. the fastest on 1/2 and 1/4 of the lanes: fewer lanes race less, so the fewest within
 *    LANE_SPEED_TOLERANCE of the fastest are kept.
 * The choice is written to the cache.
 */
export async function tuneWindowKernel(
  key: string,
  space: TuningSpace,
  trial: (variant: KernelVariant, lanes: number) => Promise<Omit<TuningTrial, 'variant' | 'lanes'>>,
  options: { cache?: TuningCache; budgetSeconds?: number; clock?: () => number } = {},
): Promise<GpuTuning> {
  const now = options.clock ?? ((): number => performance.now());
  const start = now();
  const seconds = (): number => (now() - start) / 1000;
  const lanesOf = (share: number): number => Math.max(1, Math.round(space.maxLanes * share));
  const known = remembered(await options.cache?.get(key), space);
  if (known) return { key, trials: [], untried: [], choice: known, lanes: lanesOf(known.laneShare), cached: true, seconds: seconds() };
  const budget = options.budgetSeconds ?? TUNING_BUDGET_SECONDS;
  const trials: TuningTrial[] = [];
  const untried: string[] = [];
  const attempt = async (variant: KernelVariant, lanes: number): Promise<void> => {
    if (!space.fits(variant) || trials.some((t) => sameVariant(t.variant, variant) && t.lanes === lanes)) return;
    // A trial starts only where one as long as the average so far still ends within the budget.
    if (trials.length > 0 && seconds() * (1 + 1 / trials.length) > budget) untried.push(trialName(variant, lanes));
    else trials.push({ variant, lanes, ...(await trial(variant, lanes)) });
  };
  const fastest = (among: TuningTrial[]): TuningTrial => among.reduce((a, b) => (b.positionsPerSecond > a.positionsPerSecond ? b : a));
  const { maxLanes } = space;
  for (const invocations of space.invocations) {
    const first: KernelVariant = { invocations, lanesPerGroup: 1, ring: 'private' };
    await attempt(space.fits(first) ? first : { ...first, ring: 'workgroup' }, maxLanes);
  }
  if (trials.length === 0) throw new Error('the window kernel has no variant to try for this configuration');
  const best = fastest(trials).variant;
  await attempt({ ...best, ring: best.ring === 'private' ? 'workgroup' : 'private' }, maxLanes);
  const ringed = fastest(trials).variant;
  if (ringed.invocations === space.subgroupSize) for (const lanesPerGroup of LANES_PER_GROUP) await attempt({ ...ringed, lanesPerGroup }, maxLanes);
  const variant = fastest(trials).variant;
  if (space.tuneLanes) for (const share of [0.5, 0.25]) await attempt(variant, lanesOf(share));
  const onLanes = trials.filter((t) => sameVariant(t.variant, variant));
  const top = fastest(onLanes).positionsPerSecond;
  const chosen = onLanes.filter((t) => t.positionsPerSecond >= (1 - LANE_SPEED_TOLERANCE) * top).reduce((a, b) => (b.lanes < a.lanes ? b : a));
  const choice: TunedKernel = { variant, laneShare: chosen.lanes / maxLanes };
  await options.cache?.set(key, choice);
  return { key, trials, untried, choice, lanes: chosen.lanes, cached: false, seconds: seconds() };
}

/** Steps each lane walks in one timed dispatch of a trial. */
const TRIAL_STEPS = 16;
/** A trial times dispatches for this long at most, after its warm-up. */
const TRIAL_SECONDS = 0.1;

/**
 * Trials on the GPU: a trainer of the variant over copies of the run's matrices (the run's own are
 * not touched) walks the corpus's first positions (0 positions a second where the variant cannot run
 * on this device): one warm-up dispatch, then dispatches of
 * TRIAL_STEPS steps a lane until TRIAL_SECONDS have passed, each timed by GPU timestamps where the
 * device has them, else all of them by the wall clock.
 */
export function gpuTrial(
  device: GPUDevice,
  config: KernelConfig,
  inputs: KernelInputs,
  syn0: Float32Array,
): (variant: KernelVariant, lanes: number) => Promise<Omit<TuningTrial, 'variant' | 'lanes'>> {
  return async (variant, lanes) => {
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
    const trainer = await GpuTrainer.create(device, config, inputs, syn0, lanes, 1, { variant });
    try {
      // A workgroup found split over subgroups is rebuilt as another variant: this one cannot run here.
      if (!sameVariant(shapeVariant(trainer.shape), variant)) return { positionsPerSecond: 0, clock: 'wall clock' };
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
