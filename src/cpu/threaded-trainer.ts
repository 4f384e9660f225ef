import { Word2VecError } from '../errors';
import type { DispatchParams } from '../sampling/schedule';
import type { BatchStats, TrainingEngine } from '../training/engine';
import { createCpuModel, readCpuModel, shared, type CpuKernelKind, type CpuModel } from './model';
import type { KernelThread, ThreadReply } from './threads';
import type { KernelConfig, KernelInputs } from '../training/kernel-contract';

/**
 * The CPU path on several threads: one lane per thread, updating rows that all threads share
 * without locks (Hogwild, as the C tool's threads and the GPU's invocations do).
 */
export class ThreadedCpuTrainer implements TrainingEngine {
  readonly batchesAhead = 0;
  readonly kernelKind: CpuKernelKind;
  private readonly model: CpuModel;
  private readonly waiting: ((reply: ThreadReply) => void)[] = [];
  private failure: Word2VecError | undefined;

  constructor(
    private readonly config: KernelConfig,
    inputs: KernelInputs,
    syn0: Float32Array,
    private readonly threads: readonly KernelThread[],
    prefer?: CpuKernelKind,
  ) {
    this.model = createCpuModel(config, syn0, threads.length, prefer);
    this.kernelKind = this.model.kind;
    // Each thread gets views of the same memory, not copies (the tree is small and copied).
    const sharedInputs: KernelInputs = { corpus: shared(inputs.corpus), keepProbability: shared(inputs.keepProbability), noiseTable: shared(inputs.noiseTable), tree: inputs.tree };
    threads.forEach((thread, i) => {
      thread.onMessage((reply) => this.waiting[i]?.(reply));
      thread.onFailure((error) => {
        this.failure ??= new Word2VecError('CPU_THREAD', `A training thread failed (${error.message}). Train with one thread (\`threads=1\`).`);
        this.waiting[i]?.({ error: error.message });
      });
      thread.post({ type: 'init', config, inputs: sharedInputs, model: this.model, thread: i });
    });
  }

  private run(thread: number, dispatch: DispatchParams, laneStart: number, laneEnd: number): Promise<BatchStats> {
    return new Promise((resolve, reject) => {
      this.waiting[thread] = (reply) => {
        delete this.waiting[thread];
        if ('error' in reply) reject(this.failure ?? new Word2VecError('CPU_THREAD', `A training thread failed: ${reply.error}`));
        else resolve(reply);
      };
      this.threads[thread]!.post({ type: 'run', dispatch, laneStart, laneEnd });
    });
  }

  async submitBatch(dispatches: readonly DispatchParams[]): Promise<BatchStats> {
    if (this.failure) throw this.failure;
    let loss = 0;
    let examples = 0;
    for (const dispatch of dispatches) {
      const n = this.threads.length;
      const parts = await Promise.all(this.threads.map((_, i) => this.run(i, dispatch, Math.floor((i * dispatch.lanes) / n), Math.floor(((i + 1) * dispatch.lanes) / n))));
      for (const part of parts) {
        loss += part.loss;
        examples += part.examples;
      }
    }
    return { loss, examples };
  }

  async readMatrices(): Promise<{ syn0: Float32Array; syn1: Float32Array }> {
    return readCpuModel(this.model, this.config);
  }

  async readInputVectors(): Promise<Float32Array> {
    return (await this.readMatrices()).syn0;
  }

  destroy(): void {
    for (const thread of this.threads) thread.terminate();
  }
}
