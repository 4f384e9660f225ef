import { Worker } from 'node:worker_threads';
import type { KernelThread } from '../cpu/threads';

/** A CPU training thread in Node (worker_threads), sharing the model through shared memory. */
export function spawnNodeKernelThread(): KernelThread {
  const worker = new Worker(new URL('./kernel-thread-entry.mjs', import.meta.url));
  let terminated = false;
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (handler) => void worker.on('message', handler),
    onFailure(handler) {
      let failed = false;
      const fail = (error: Error): void => {
        if (failed || terminated) return;
        failed = true;
        handler(error);
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`the thread exited with code ${code}`)));
    },
    terminate() {
      terminated = true;
      void worker.terminate();
    },
  };
}
