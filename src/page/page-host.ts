// What the page's panels share: the page's state, the worker, and one way to run a task.
import type { PauseController } from '../internal';
import type { GpuProbe } from './gpu-probe';
import type { CorpusSource, CorpusSummary, VectorsSummary } from './protocol';
import type { WorkerClient } from './worker-client';

/** The page's state, which every panel reads and the panels that own each part change. */
export interface PageState {
  /** What WebGPU offers here (no adapter: the CPU path only). */
  gpu: GpuProbe;
  /** The text chosen to train on, and its counts once read. */
  source?: CorpusSource;
  corpus?: CorpusSummary;
  /** The vectors the page holds. */
  model?: VectorsSummary;
  /** A task runs: the controls that would start another are off. */
  busy: boolean;
  /** A training run or race is going: pause and cancel apply. */
  training: boolean;
  paused: boolean;
  /** Threads the CPU path trains on in this page. */
  readonly cpuThreads: number;
  /** What the page fetched at start-up, so that it fetches nothing later. */
  assets: { sample?: ArrayBuffer; small?: ArrayBuffer; analogies?: ArrayBuffer; pairs?: ArrayBuffer };
}

export interface PageHost {
  readonly state: PageState;
  readonly worker: WorkerClient;
  /** What cancels and pauses the training run or race going on, if one is. */
  readonly running: { signal: AbortSignal; pause: PauseController; cancel(): void } | undefined;
  /** Asks every panel to show the state as it is now. */
  refresh(): void;
  /** Runs one task with the controls locked (`trains`: pause and cancel apply); shows its error in `errorBox`. */
  task<T>(errorBox: string, work: () => Promise<T>, trains?: boolean): Promise<T | undefined>;
}
