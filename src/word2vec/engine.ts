import type { DispatchParams } from './schedule';
import type { SimilarityIndex } from '../search/similarity-index';

/** Loss summed over one batch, and how many examples (centre-context pairs, or CBOW windows) it covers. */
export interface BatchStats {
  loss: number;
  examples: number;
}

/** What the training driver needs from a device: the GPU trainer, or the CPU twin. */
export interface TrainingEngine {
  /**
   * Batches the driver may queue beyond the one running: 2 on the GPU, which then never idles while
   * the driver waits for small loss readbacks, and on CPU threads, which then never wait for each
   * other; 0 on one CPU thread, whose batches run on the caller's thread.
   */
  readonly batchesAhead: number;
  /** Starts one batch of dispatches; resolves with its loss once done (the GPU reads it back asynchronously). */
  submitBatch(dispatches: readonly DispatchParams[]): Promise<BatchStats>;
  /** The current input (syn0) and output (syn1) matrices, copied to the CPU. */
  readMatrices(): Promise<{ syn0: Float32Array; syn1: Float32Array }>;
  /** The input vectors alone, copied to the CPU: what a checkpoint keeps. */
  readInputVectors(): Promise<Float32Array>;
  /**
   * After training, a search index over the trained input vectors (`syn0`, as read back) on the
   * engine's device, if it has one to offer; the CPU engines have none.
   */
  searchIndex?(syn0: Float32Array): Promise<SimilarityIndex>;
  /** Frees what the engine holds; safe to call twice. */
  destroy(): void;
}
