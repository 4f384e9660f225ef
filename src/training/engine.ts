import type { DispatchParams } from '../sampling/schedule';

/** Loss summed over one batch, and how many examples (centre-context pairs, or CBOW windows) it covers. */
export interface BatchStats {
  loss: number;
  examples: number;
}

/** What the training driver needs from a device: the GPU trainer, or the CPU twin. */
export interface TrainingEngine {
  /**
   * Batches the driver may queue beyond the one running: 2 on the GPU, which then never idles while
   * the driver waits for small loss readbacks; 0 on the CPU, whose batches run on the caller's thread.
   */
  readonly batchesAhead: number;
  /** Starts one batch of dispatches; resolves with its loss once done (the GPU reads it back asynchronously). */
  submitBatch(dispatches: readonly DispatchParams[]): Promise<BatchStats>;
  /** The current input (syn0) and output (syn1) matrices, copied to the CPU. */
  readMatrices(): Promise<{ syn0: Float32Array; syn1: Float32Array }>;
  /** Frees what the engine holds; safe to call twice. */
  destroy(): void;
}
