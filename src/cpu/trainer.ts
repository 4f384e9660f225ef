import type { DispatchParams } from '../sampling/schedule';
import type { BatchStats, TrainingEngine } from '../training/engine';
import { CpuKernels, type KernelConfig, type KernelInputs } from './kernels';

/** Trains on the CPU with the kernels' twin: the fallback without WebGPU and the CPU side of the race. */
export class CpuTrainer implements TrainingEngine {
  readonly batchesAhead = 0;
  private readonly kernels: CpuKernels;

  constructor(config: KernelConfig, inputs: KernelInputs, syn0: Float32Array) {
    this.kernels = new CpuKernels(config, inputs, syn0, new Float32Array(syn0.length));
  }

  async submitBatch(dispatches: readonly DispatchParams[]): Promise<BatchStats> {
    // A macrotask first: the batch runs on the caller's thread, and its messages (pause, cancel) must get through.
    await new Promise((resolve) => setTimeout(resolve, 0));
    let loss = 0;
    let examples = 0;
    for (const p of dispatches) {
      const stats = this.kernels.runDispatch(p);
      loss += stats.loss;
      examples += stats.examples;
    }
    return { loss, examples };
  }

  async readMatrices(): Promise<{ syn0: Float32Array; syn1: Float32Array }> {
    return { syn0: this.kernels.syn0.slice(), syn1: this.kernels.syn1.slice() };
  }

  destroy(): void {}
}
