import { Worker } from 'node:worker_threads';
import type { KernelThread, ThreadReply } from '../word2vec/cpu/thread-service';

/**
 * A CPU thread in Node (worker_threads), sharing the model or the index through shared memory. As
 * the page's threads do, `onMessage` and `onFailure` replace the handler set before, so that one
 * thread can serve a training run and then searches.
 */
export function spawnNodeKernelThread(): KernelThread {
  const worker = new Worker(new URL('./node-kernel-thread-entry.mjs', import.meta.url));
  let terminated = false;
  let failed = false;
  let onReply: (reply: ThreadReply) => void = () => {};
  let onFailure: (error: Error) => void = () => {};
  const fail = (error: Error): void => {
    if (failed || terminated) return;
    failed = true;
    onFailure(error);
  };
  worker.on('message', (reply: ThreadReply) => onReply(reply));
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the thread exited with code ${code}`)));
  return {
    post: (message) => worker.postMessage(message),
    onMessage(handler) {
      onReply = handler;
    },
    onFailure(handler) {
      onFailure = handler;
    },
    terminate() {
      terminated = true;
      void worker.terminate();
    },
  };
}
