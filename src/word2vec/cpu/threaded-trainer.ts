import { Word2VecError } from '../../core/errors';
import type { DispatchParams } from '../schedule';
import type { BatchStats, TrainingEngine } from '../engine';
import { createCpuWeights, readCpuWeights, shared, type CpuKernelKind, type CpuWeights } from './cpu-weights';
import type { ThreadReply, TrainingThread } from './thread-service';
import type { KernelConfig, KernelInputs } from '../kernel-contract';

/**
 * Batches a thread may run ahead of the slowest thread. Each thread's dispatches queue in its
 * message port, so a thread that finishes its part of a batch starts on the next at once instead of
 * waiting at a barrier for the others (the C tool's threads never wait for each other either); one
 * thread that the OS sets aside for a moment then delays no other.
 */
const BATCHES_AHEAD = 2;

/**
 * The CPU path on several threads: one lane per thread, updating rows that all threads share
 * without locks (Hogwild, as the C tool's threads and the GPU's invocations do).
 */
export class ThreadedCpuTrainer implements TrainingEngine {
  readonly batchesAhead = BATCHES_AHEAD;
  readonly kernelKind: CpuKernelKind;
  private readonly weights: CpuWeights;
  /** Per thread, the replies it owes, oldest first (a thread answers its messages in order). */
  private readonly waiting: ((reply: ThreadReply) => void)[][];
  private failure: Word2VecError | undefined;

  constructor(
    private readonly config: KernelConfig,
    inputs: KernelInputs,
    syn0: Float32Array,
    private readonly threads: readonly TrainingThread[],
    prefer?: CpuKernelKind,
  ) {
    this.weights = createCpuWeights(config, syn0, threads.length, prefer);
    this.kernelKind = this.weights.kind;
    this.waiting = threads.map(() => []);
    // Each thread gets views of the same memory, not copies (the tree is small and copied).
    const sharedInputs: KernelInputs = {
      corpus: shared(inputs.corpus),
      keepProbability: shared(inputs.keepProbability),
      noiseTable: shared(inputs.noiseTable),
      tree: inputs.tree,
      ...(inputs.documentOf ? { documentOf: shared(inputs.documentOf) } : {}),
    };
    threads.forEach((thread, i) => {
      thread.onMessage((reply) => this.waiting[i]!.shift()?.(reply));
      thread.onFailure((error) => {
        this.failure ??= new Word2VecError('CPU_THREAD', `A training thread failed (${error.message}). Train with one thread (\`threads=1\`).`);
        for (const answer of this.waiting[i]!.splice(0)) answer({ error: error.message });
      });
      thread.post({ type: 'init', config, inputs: sharedInputs, weights: this.weights, thread: i });
    });
  }

  private run(thread: number, dispatch: DispatchParams, laneStart: number, laneEnd: number): Promise<BatchStats> {
    return new Promise((resolve, reject) => {
      this.waiting[thread]!.push((reply) => {
        if ('loss' in reply) resolve(reply);
        else reject(this.failure ?? new Word2VecError('CPU_THREAD', `A training thread failed: ${'error' in reply ? reply.error : 'it answered a run with no loss'}`));
      });
      this.threads[thread]!.post({ type: 'run', dispatch, laneStart, laneEnd });
    });
  }

  /** Queues the batch's lane ranges on every thread at once; resolves when all of them are done. */
  async submitBatch(dispatches: readonly DispatchParams[]): Promise<BatchStats> {
    if (this.failure) throw this.failure;
    const n = this.threads.length;
    const parts = dispatches.flatMap((dispatch) =>
      this.threads.map((_, i) => this.run(i, dispatch, Math.floor((i * dispatch.lanes) / n), Math.floor(((i + 1) * dispatch.lanes) / n))),
    );
    let loss = 0;
    let examples = 0;
    for (const part of await Promise.all(parts)) {
      loss += part.loss;
      examples += part.examples;
    }
    return { loss, examples };
  }

  async readMatrices(): Promise<{ syn0: Float32Array; syn1: Float32Array }> {
    return readCpuWeights(this.weights, this.config);
  }

  async readInputVectors(): Promise<Float32Array> {
    return (await this.readMatrices()).syn0;
  }

  destroy(): void {
    for (const thread of this.threads) thread.terminate();
  }
}
