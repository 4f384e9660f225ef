// `device=auto` by measurement: where there is a GPU, the GPU kernel's best variant and the CPU
// path on all its threads each train the corpus's first positions for about half a second, and the
// faster trains the run. A weak integrated GPU can lose to the CPU path on 8 threads with SIMD;
// no choice rests on "a GPU is faster". The choice is remembered per adapter, problem shape and
// thread count.
import { type KernelConfig, type KernelInputs, type KernelVariant, windowKernelShape } from './kernel-contract';
import { createCpuEngine } from './cpu/cpu-engine';
import type { SpawnKernelThread } from './cpu/thread-service';
import { describeTuning, type GpuTuning, gpuTrial, sameVariant, tuneWindowKernel, tuningKey, tuningSpace, type TuningCache } from './gpu/kernel-tuner';
import { subgroupWidth, variantLimits } from './gpu/gpu-trainer';
import type { AdapterDescription, GpuContext } from '../runtime/gpu-device';
import type { PreparedCorpus } from '../text/corpus';
import { kernelSetup } from './kernel-setup';
import type { ResolvedOptions } from './options';
import { batches, makeSchedule } from './schedule';

/** What `auto` measured (corpus positions a second; null when the choice was remembered) and chose. */
export interface DeviceMeasurement {
  gpu: number | null;
  cpu: number | null;
  chosen: 'gpu' | 'cpu';
  cached: boolean;
}

/** A CPU trial times batches for this long at most, after a warm-up batch. */
const CPU_TRIAL_SECONDS = 0.5;

/**
 * The CPU path's speed on `threads` threads: an engine over a copy of the matrices walks the
 * corpus's first batches (one to warm up; a small corpus again and again), timed by the wall clock
 * for CPU_TRIAL_SECONDS.
 */
export async function cpuTrial(config: KernelConfig, inputs: KernelInputs, syn0: Float32Array, threads: number, spawn?: SpawnKernelThread): Promise<number> {
  const engine = createCpuEngine(config, inputs, syn0, threads, spawn);
  try {
    // Epochs enough that a small corpus, walked again and again, still fills the time.
    const schedule = makeSchedule(inputs.corpus.length, threads, 1000, 'cpu');
    const walk = batches(schedule, { alpha: 0.001, minAlpha: 0.001, seed: 1 });
    const next = walk.next();
    if (next.done) return 0;
    await engine.submitBatch(next.value);
    const start = performance.now();
    let positions = 0;
    for (let batch = walk.next(); !batch.done && performance.now() - start < CPU_TRIAL_SECONDS * 1000; batch = walk.next()) {
      await engine.submitBatch(batch.value);
      positions += batch.value.reduce((n, p) => n + p.steps * p.lanes, 0);
    }
    const seconds = (performance.now() - start) / 1000;
    return seconds > 0 ? positions / seconds : 0;
  } finally {
    engine.destroy();
  }
}

/** The faster of the two speeds (the GPU where they tie). */
function faster(gpu: number, cpu: number): 'gpu' | 'cpu' {
  return gpu >= cpu ? 'gpu' : 'cpu';
}

/** Where `auto`'s choice is remembered: under the tuner's key (the GPU and the problem's shape) and the CPU path's threads. */
function deviceKey(tuning: string, cpuThreads: number): string {
  return `${tuning} | device, ${cpuThreads} CPU threads`;
}

/**
 * A race's outcome (the same words trained on the GPU and on the CPU path, `speeds` in words or
 * positions a second) kept as `auto`'s measurement for this GPU, these options and `cpuThreads`:
 * from then on `auto` trains on the winner without measuring again.
 */
export async function rememberRace(
  cache: TuningCache,
  adapter: AdapterDescription,
  options: ResolvedOptions,
  prepared: PreparedCorpus,
  cpuThreads: number,
  speeds: { gpu: number; cpu: number },
): Promise<DeviceMeasurement> {
  const { config } = kernelSetup(options, prepared);
  const chosen = faster(speeds.gpu, speeds.cpu);
  await cache.set(deviceKey(tuningKey(adapter, config), cpuThreads), chosen === 'gpu' ? 1 : 0);
  return { ...speeds, chosen, cached: false };
}

/**
 * Chooses between the GPU and the CPU path for `key`: remembered in `cache` (1 the GPU, 0 the CPU),
 * else by measuring both (`gpuSpeed`, `cpuSpeed`: positions a second) and keeping the faster.
 */
export async function measureDevices(key: string, gpuSpeed: () => Promise<number>, cpuSpeed: () => Promise<number>, cache?: TuningCache): Promise<DeviceMeasurement> {
  const remembered = await cache?.get(key);
  if (remembered === 0 || remembered === 1) return { gpu: null, cpu: null, chosen: remembered === 1 ? 'gpu' : 'cpu', cached: true };
  const gpu = await gpuSpeed();
  const cpu = await cpuSpeed();
  const chosen = faster(gpu, cpu);
  await cache?.set(key, chosen === 'gpu' ? 1 : 0);
  return { gpu, cpu, chosen, cached: false };
}

/** The measurement in a sentence, for a notice. */
export function describeMeasurement(m: DeviceMeasurement, threads: number): string {
  const cpu = `the CPU path on ${threads} thread${threads === 1 ? '' : 's'}`;
  if (m.cached) return `device=auto: ${m.chosen === 'gpu' ? 'the GPU' : cpu}, as measured before on this machine for this shape of problem.`;
  const speeds = `${Math.round(m.gpu!).toLocaleString('en')} corpus positions a second on the GPU, ${Math.round(m.cpu!).toLocaleString('en')} on ${cpu}`;
  return `device=auto measured ${speeds}: training on ${m.chosen === 'gpu' ? 'the GPU' : cpu}.`;
}

/** What the GPU side settles before training: whether the GPU trains, its kernel variant and lanes, and what was measured. */
export interface GpuPlan {
  onGpu: boolean;
  /** The window kernel's variant (undefined: its default layout). */
  variant: KernelVariant | undefined;
  lanes: number;
  /** The tuner's trials and choice (null: it did not tune, or the CPU path won). */
  tuning: GpuTuning | null;
  measurement: DeviceMeasurement | null;
}

/** A variant the run sets in part (`laneInvocations`, `lanesPerGroup`, `ringMemory`): the rest as the kernel's default layout has it. */
export function givenVariant(device: GPUDevice, config: KernelConfig, given: Partial<KernelVariant>): KernelVariant {
  const subgroupSize = subgroupWidth(device);
  const lanesPerGroup = given.lanesPerGroup ?? 1;
  // Several lanes a workgroup need a lane to be one subgroup.
  const invocations = given.invocations ?? (lanesPerGroup > 1 && subgroupSize ? subgroupSize : windowKernelShape(config, subgroupSize).workgroupSize);
  return { invocations, lanesPerGroup, ring: given.ring ?? 'private' };
}

/**
 * Tunes the window kernel on `gpu` where `tune` is on and no variant is given, then, where
 * `measure` is on, sets its best trial against the CPU path on `cpuThreads` threads. Says what it
 * chose through `onNotice`. The caller releases the GPU when the plan is the CPU.
 */
export async function planGpu(
  gpu: GpuContext,
  config: KernelConfig,
  inputs: KernelInputs,
  syn0: Float32Array,
  settings: {
    /** The most lanes: the run's `lanes`, else the quality-safe default. */
    lanes: number;
    /** Whether the run set `lanes` (the tuner then keeps them). */
    lanesGiven: boolean;
    variant: Partial<KernelVariant> | undefined;
    tune: boolean;
    measure: boolean;
    cpuThreads: number;
    spawnThread?: SpawnKernelThread;
    cache?: TuningCache;
    onNotice?: (message: string) => void;
  },
): Promise<GpuPlan> {
  const { lanes } = settings;
  if (settings.variant !== undefined || !settings.tune) {
    const variant = settings.variant && givenVariant(gpu.device, config, settings.variant);
    return { onGpu: true, variant, lanes, tuning: null, measurement: null };
  }
  const trial = gpuTrial(gpu.device, config, inputs, syn0);
  const key = tuningKey(gpu.adapter, config);
  const space = tuningSpace(config, variantLimits(gpu.device, subgroupWidth(gpu.device)), lanes, !settings.lanesGiven);
  // The best variant depends on how many lanes fill the GPU: a choice is kept per power of two of them.
  const tuning = await tuneWindowKernel(`${key} | about ${2 ** Math.round(Math.log2(lanes))} lanes`, space, trial, { cache: settings.cache });
  settings.onNotice?.(describeTuning(tuning));
  const tuned: GpuPlan = { onGpu: true, variant: tuning.choice.variant, lanes: tuning.lanes, tuning, measurement: null };
  if (!settings.measure) return tuned;
  const chosenTrial = tuning.trials.find((t) => sameVariant(t.variant, tuning.choice.variant) && t.lanes === tuning.lanes);
  const gpuSpeed = async (): Promise<number> => chosenTrial?.positionsPerSecond ?? (await trial(tuning.choice.variant, tuning.lanes)).positionsPerSecond;
  const cpuSpeed = (): Promise<number> => cpuTrial(config, inputs, syn0, settings.cpuThreads, settings.spawnThread);
  const measurement = await measureDevices(deviceKey(key, settings.cpuThreads), gpuSpeed, cpuSpeed, settings.cache);
  settings.onNotice?.(describeMeasurement(measurement, settings.cpuThreads));
  return measurement.chosen === 'gpu' ? { ...tuned, measurement } : { onGpu: false, variant: undefined, lanes, tuning: null, measurement };
}
