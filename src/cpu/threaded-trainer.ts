import { Word2VecError } from '../errors';
import type { DispatchParams } from '../sampling/schedule';
import type { BatchStats, TrainingEngine } from '../training/engine';
import type { KernelConfig, KernelInputs } from './kernels';
import type { KernelThread, ThreadReply } from './threads';

/** A copy of the array on a SharedArrayBuffer, which every thread sees. */
function shared<T extends Float32Array | Uint32Array>(array: T): T {
  const copy = new (array.constructor as { new (buffer: SharedArrayBuffer): T })(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}

/**
 * The CPU path on several threads: the kernels' twin, one lane per thread, updating rows that all
 * threads share without locks (Hogwild, as the C tool's threads and the GPU's invocations do).
 */
export class ThreadedCpuTrainer implements TrainingEngine {
  readonly batchesAhead = 0;
  private readonly syn0: Float32Array;
  private readonly syn1: Float32Array;
  private readonly waiting: ((reply: ThreadReply) => void)[] = [];
  private failure: Word2VecError | undefined;

  constructor(
    config: KernelConfig,
    inputs: KernelInputs,
    syn0: Float32Array,
    private readonly threads: readonly KernelThread[],
  ) {
    this.syn0 = shared(syn0);
    this.syn1 = shared(new Float32Array(syn0.length));
    const message = { type: 'init' as const, config, corpus: shared(inputs.corpus), keepProbability: shared(inputs.keepProbability), noiseTable: shared(inputs.noiseTable), syn0: this.syn0, syn1: this.syn1 };
    threads.forEach((thread, i) => {
      thread.onMessage((reply) => this.waiting[i]?.(reply));
      thread.onFailure((error) => {
        this.failure ??= new Word2VecError('CPU_THREAD', `A training thread failed (${error.message}). Train with one thread (-threads 1).`);
        this.waiting[i]?.({ error: error.message });
      });
      thread.post(message);
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
    return { syn0: Float32Array.from(this.syn0), syn1: Float32Array.from(this.syn1) };
  }

  destroy(): void {
    for (const thread of this.threads) thread.terminate();
  }
}
