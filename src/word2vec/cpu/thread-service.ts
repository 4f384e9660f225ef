import type { KernelThread } from '../../runtime/kernel-thread';
import { searchServer, type SearchMessage, type SearchReply, type SearchThread } from '../../search/search-thread';
import type { DispatchParams } from '../schedule';
import type { KernelConfig, KernelInputs } from '../kernel-contract';
import { openKernels, type CpuWeights } from './cpu-weights';
import type { CorpusWalk } from './walk';

/**
 * What a kernel thread is sent: for training, the shared weights once, then lane ranges of dispatches
 * to run; or a search (`SearchMessage`).
 */
export type ThreadMessage =
  | { type: 'init'; config: KernelConfig; inputs: KernelInputs; weights: CpuWeights; thread: number }
  | { type: 'run'; dispatch: DispatchParams; laneStart: number; laneEnd: number }
  | SearchMessage;

/** What a CPU training thread answers: a run's loss and examples, or a search's scores. */
export type ThreadReply = { loss: number; examples: number } | SearchReply;

/** A thread that trains and searches: what `train` starts with `spawnThread`. */
export type TrainingThread = KernelThread<ThreadMessage, ThreadReply>;

/** Starts a CPU training thread (`spawnNodeKernelThread` in Node). */
export type SpawnKernelThread = () => TrainingThread;

/**
 * The body of a kernel thread: answers each run with the lane range's loss (Hogwild on the shared
 * rows), and each search with its rows' k best.
 */
export function serveKernels(reply: (message: ThreadReply) => void): (message: ThreadMessage) => void {
  let kernels: CorpusWalk | undefined;
  const search = searchServer();
  return (message) => {
    try {
      if (message.type === 'topk') {
        reply(search(message));
        return;
      }
      if (message.type === 'init') {
        kernels = openKernels(message.weights, message.config, message.inputs, message.thread);
        return;
      }
      if (!kernels) throw new Error('run before init');
      reply(kernels.runDispatch(message.dispatch, message.laneStart, message.laneEnd));
    } catch (error) {
      reply({ error: (error as Error).message });
    }
  };
}

/** A kernel thread seen as a search thread: one that is sent only searches answers only searches. */
export function asSearchThread(thread: TrainingThread): SearchThread {
  return {
    post: (message) => thread.post(message),
    onMessage: (handler) => thread.onMessage((reply) => handler(reply as SearchReply)),
    onFailure: (handler) => thread.onFailure(handler),
    terminate: () => thread.terminate(),
  };
}
