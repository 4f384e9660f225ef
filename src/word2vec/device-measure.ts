// `device=auto` by measurement: where there is a GPU, the GPU kernel's best variant and the CPU
// path on all its threads each train the corpus's first positions for about half a second, and the
// faster trains the run. A weak integrated GPU can lose to the CPU path on 8 threads with SIMD;
// no choice rests on "a GPU is faster". The choice is remembered per adapter, problem shape and
// thread count.
import type { KernelConfig, KernelInputs } from './kernel-contract';
import { createCpuEngine } from './cpu/cpu-engine';
import type { SpawnKernelThread } from './cpu/thread-service';
import { describeTuning, type GpuTuning, gpuTrial, tuneWindowKernel, tuningCandidates, tuningKey, type TuningCache } from './gpu/kernel-tuner';
import type { GpuContext } from '../runtime/gpu-device';
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

/**
 * Chooses between the GPU and the CPU path for `key`: remembered in `cache` (1 the GPU, 0 the CPU),
 * else by measuring both (`gpuSpeed`, `cpuSpeed`: positions a second) and keeping the faster.
 */
export async function measureDevices(key: string, gpuSpeed: () => Promise<number>, cpuSpeed: () => Promise<number>, cache?: TuningCache): Promise<DeviceMeasurement> {
  const remembered = await cache?.get(key);
  if (remembered === 0 || remembered === 1) return { gpu: null, cpu: null, chosen: remembered === 1 ? 'gpu' : 'cpu', cached: true };
  const gpu = await gpuSpeed();
  const cpu = await cpuSpeed();
  const chosen = gpu >= cpu ? 'gpu' : 'cpu';
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

/** What the GPU side settles before training: whether the GPU trains, its kernel variant, and what was measured. */
export interface GpuPlan {
  onGpu: boolean;
  /** Invocations a lane (undefined: the kernel's own choice). */
  invocations: number | undefined;
  /** The tuner's trials and choice (null: it did not tune, or the CPU path won). */
  tuning: GpuTuning | null;
  measurement: DeviceMeasurement | null;
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
    lanes: number;
    invocations: number | undefined;
    tune: boolean;
    measure: boolean;
    cpuThreads: number;
    spawnThread?: SpawnKernelThread;
    cache?: TuningCache;
    onNotice?: (message: string) => void;
  },
): Promise<GpuPlan> {
  if (settings.invocations !== undefined || !settings.tune) return { onGpu: true, invocations: settings.invocations, tuning: null, measurement: null };
  const trial = gpuTrial(gpu.device, config, inputs, syn0, settings.lanes);
  const key = tuningKey(gpu.adapter, config);
  const tuning = await tuneWindowKernel(key, tuningCandidates(config), trial, { cache: settings.cache });
  settings.onNotice?.(describeTuning(tuning));
  if (!settings.measure) return { onGpu: true, invocations: tuning.invocations, tuning, measurement: null };
  const gpuSpeed = async (): Promise<number> =>
    tuning.trials.length > 0 ? Math.max(...tuning.trials.map((t) => t.positionsPerSecond)) : (await trial(tuning.invocations)).positionsPerSecond;
  const cpuSpeed = (): Promise<number> => cpuTrial(config, inputs, syn0, settings.cpuThreads, settings.spawnThread);
  const measurement = await measureDevices(`${key} | device, ${settings.cpuThreads} CPU threads`, gpuSpeed, cpuSpeed, settings.cache);
  settings.onNotice?.(describeMeasurement(measurement, settings.cpuThreads));
  return measurement.chosen === 'gpu' ? { onGpu: true, invocations: tuning.invocations, tuning, measurement } : { onGpu: false, invocations: undefined, tuning: null, measurement };
}
