import type { DispatchParams } from '../schedule';
import type { BatchStats, TrainingEngine } from '../engine';
import { createCpuWeights, openKernels, readCpuWeights, type CpuKernelKind, type CpuWeights } from './cpu-weights';
import type { KernelConfig, KernelInputs } from '../kernel-contract';
import type { CorpusWalk } from './walk';

/** Trains on the CPU on the calling thread: the fallback without WebGPU and the CPU side of the race. */
export class CpuTrainer implements TrainingEngine {
  readonly batchesAhead = 0;
  readonly kernelKind: CpuKernelKind;
  private readonly weights: CpuWeights;
  private readonly kernels: CorpusWalk;

  constructor(
    private readonly config: KernelConfig,
    inputs: KernelInputs,
    syn0: Float32Array,
    prefer?: CpuKernelKind,
  ) {
    this.weights = createCpuWeights(config, syn0, 1, prefer);
    this.kernelKind = this.weights.kind;
    this.kernels = openKernels(this.weights, config, inputs, 0);
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
    return readCpuWeights(this.weights, this.config);
  }

  async readInputVectors(): Promise<Float32Array> {
    return (await this.readMatrices()).syn0;
  }

  destroy(): void {}
}
