import type { DispatchParams } from '../schedule';
import { openKernels, type CpuModel } from './cpu-model';
import { SimdScorer, type ScorerShare } from './simd-training';
import type { KernelConfig, KernelInputs } from '../kernel-contract';
import { scoreTopK } from '../../search/top-k';
import type { CorpusWalk } from './walk';

/**
 * What a kernel thread is sent: for training, the shared model once, then lane ranges of dispatches
 * to run; for a search, a range of a similarity index's rows to find each query's k best in.
 */
export type ThreadMessage =
  | { type: 'init'; config: KernelConfig; inputs: KernelInputs; model: CpuModel; thread: number }
  | { type: 'run'; dispatch: DispatchParams; laneStart: number; laneEnd: number }
  | { type: 'topk'; share: ScorerShare; slot: number; queries: Float32Array; k: number; rowStart: number; rowEnd: number };

export type ThreadReply = { loss: number; examples: number } | { ids: Uint32Array; scores: Float32Array } | { error: string };

/**
 * A thread that runs CPU kernels on memory shared with the caller: a Node `worker_threads` Worker or
 * a Web Worker (in a cross-origin-isolated page), seen the same way.
 */
export interface KernelThread {
  post(message: ThreadMessage): void;
  /** Sets the handler of the thread's replies, in place of the one before. */
  onMessage(handler: (reply: ThreadReply) => void): void;
  /** Sets what is called once when the thread fails (a crash, not a kernel error), in place of the one before. */
  onFailure(handler: (error: Error) => void): void;
  terminate(): void;
}

export type SpawnKernelThread = () => KernelThread;

/**
 * The body of a kernel thread: answers each run with the lane range's loss (Hogwild on the shared
 * rows), and each search with its rows' k best.
 */
export function serveKernels(reply: (message: ThreadReply) => void): (message: ThreadMessage) => void {
  let kernels: CorpusWalk | undefined;
  let scorer: SimdScorer | undefined;
  return (message) => {
    try {
      if (message.type === 'topk') {
        if (scorer?.share.id !== message.share.id) scorer = SimdScorer.attach(message.share);
        const { ids, scores } = scoreTopK(scorer, message.slot, message.queries, message.k, message.rowStart, message.rowEnd);
        reply({ ids, scores });
        return;
      }
      if (message.type === 'init') {
        kernels = openKernels(message.model, message.config, message.inputs, message.thread);
        return;
      }
      if (!kernels) throw new Error('run before init');
      reply(kernels.runDispatch(message.dispatch, message.laneStart, message.laneEnd));
    } catch (error) {
      reply({ error: (error as Error).message });
    }
  };
}
