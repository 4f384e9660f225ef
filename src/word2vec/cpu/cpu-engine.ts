import type { KernelConfig, KernelInputs } from '../kernel-contract';
import { CpuTrainer } from './cpu-trainer';
import type { SpawnKernelThread } from './thread-service';
import { ThreadedCpuTrainer } from './threaded-trainer';

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
