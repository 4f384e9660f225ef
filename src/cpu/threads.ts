import type { DispatchParams } from '../sampling/schedule';
import { openKernels, type CpuModel } from './model';
import type { KernelConfig, KernelInputs } from '../training/kernel-contract';
import type { CorpusWalk } from './walk';

/** What a kernel thread is sent: the shared model once, then lane ranges of dispatches to run. */
export type ThreadMessage =
  | { type: 'init'; config: KernelConfig; inputs: KernelInputs; model: CpuModel; thread: number }
  | { type: 'run'; dispatch: DispatchParams; laneStart: number; laneEnd: number };

export type ThreadReply = { loss: number; examples: number } | { error: string };

/**
 * A thread that runs CPU kernels on memory shared with the caller: a Node `worker_threads` Worker or
 * a Web Worker (in a cross-origin-isolated page), seen the same way.
 */
export interface KernelThread {
  post(message: ThreadMessage): void;
  onMessage(handler: (reply: ThreadReply) => void): void;
  /** Called once when the thread fails (a crash, not a kernel error). */
  onFailure(handler: (error: Error) => void): void;
  terminate(): void;
}

export type SpawnKernelThread = () => KernelThread;

/** The body of a kernel thread: answers each message with the lane range's loss (Hogwild on the shared rows). */
export function serveKernels(reply: (message: ThreadReply) => void): (message: ThreadMessage) => void {
  let kernels: CorpusWalk | undefined;
  return (message) => {
    try {
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
