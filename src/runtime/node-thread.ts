import { Worker } from 'node:worker_threads';
import type { KernelThread } from './kernel-thread';

/**
 * A CPU thread in Node (worker_threads) running the module at `entry`, sharing memory with this
 * one. As the page's threads do, `onMessage` and `onFailure` replace the handler set before, so
 * that one thread can serve a training run and then searches.
 */
export function spawnNodeThread<Message, Reply>(entry: URL): KernelThread<Message, Reply> {
  // A thread runs its own module: the options for code given on the command line (node
  // --input-type=module -e ...) would stop it from starting.
  const worker = new Worker(entry, { execArgv: process.execArgv.filter((arg) => !arg.startsWith('--input-type')) });
  let terminated = false;
  let failed = false;
  let onReply: (reply: Reply) => void = () => {};
  let onFailure: (error: Error) => void = () => {};
  const fail = (error: Error): void => {
    if (failed || terminated) return;
    failed = true;
    onFailure(error);
  };
  worker.on('message', (reply: Reply) => onReply(reply));
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
