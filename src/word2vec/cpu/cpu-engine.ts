import type { KernelConfig, KernelInputs } from '../kernel-contract';
import { CpuTrainer } from './cpu-trainer';
import type { SpawnKernelThread } from './thread-service';
import { ThreadedCpuTrainer } from './threaded-trainer';

/** Corpus positions a CPU thread should have at least: more threads than that would only cost memory. */
export const MIN_POSITIONS_PER_THREAD = 1024;

/** The threads worth starting for a corpus of `positions`: one per MIN_POSITIONS_PER_THREAD, at least one. */
export function usefulThreads(positions: number): number {
  return Math.max(1, Math.floor(positions / MIN_POSITIONS_PER_THREAD));
}

/** The CPU path's engine: on this thread, or on `threads` kernel threads started by `spawn`. */
export function createCpuEngine(config: KernelConfig, inputs: KernelInputs, syn0: Float32Array, threads: number, spawn?: SpawnKernelThread): CpuTrainer | ThreadedCpuTrainer {
  if (threads === 1) return new CpuTrainer(config, inputs, syn0);
  if (!spawn) throw new Error('CPU threads need a way to start them');
  return new ThreadedCpuTrainer(
    config,
    inputs,
    syn0,
    Array.from({ length: threads }, () => spawn()),
  );
}
