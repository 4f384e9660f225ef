// CPU training threads in a browser: Web Workers started once, with the worker that trains (so that no
// script is fetched later), and lent to each run. Shared memory needs a cross-origin-isolated page;
// without it the CPU path runs on one thread, the training worker's own.
import type { ThreadLender } from '../search/similarity-index';
import { asSearchThread, type TrainingThread } from '../word2vec/cpu/thread-service';

/**
 * Threads the CPU path trains on in a browser: every core when the page is cross-origin isolated
 * (shared memory needs it), else one. A page and its workers see the same answer.
 */
export function browserCpuThreads(): number {
  return globalThis.crossOriginIsolated ? navigator.hardwareConcurrency || 1 : 1;
}

export class BrowserThreadPool {
  private readonly idle: Worker[] = [];
  /** Resolves when every thread has started. */
  readonly ready: Promise<void>;

  constructor(readonly size: number) {
    const started: Promise<void>[] = [];
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./kernel-thread-worker.ts', import.meta.url), { type: 'module', name: `kernel-thread-${i}` });
      started.push(
        new Promise((resolve, reject) => {
          worker.onmessage = () => resolve();
          worker.onerror = (event) => reject(new Error(`A CPU training thread did not start: ${event.message}`));
        }),
      );
      this.idle.push(worker);
    }
    this.ready = Promise.all(started).then(() => {});
  }

  /** The threads this browser page trains on; none when that is one (the training worker's own thread does the work). */
  static forThisPage(): BrowserThreadPool {
    const threads = browserCpuThreads();
    return new BrowserThreadPool(threads > 1 ? threads : 0);
  }

  /**
   * Lends the idle threads to a search, one fewer than the pool at most (the training worker's own
   * thread takes a share too); while a run trains on them, searches run on that thread alone.
   */
  searchThreads(): ThreadLender {
    const capacity = Math.max(0, this.size - 1);
    return {
      capacity,
      lend: () => {
        const threads: TrainingThread[] = [];
        while (threads.length < capacity && this.idle.length > 0) threads.push(this.spawn());
        return { threads: threads.map(asSearchThread), giveBack: () => threads.forEach((thread) => thread.terminate()) };
      },
    };
  }

  /** Lends a thread; its `terminate()` gives it back. */
  readonly spawn = (): TrainingThread => {
    const worker = this.idle.pop();
    if (!worker) throw new Error('Every CPU training thread is in use.');
    let returned = false;
    return {
      post: (message) => worker.postMessage(message),
      onMessage: (handler) => (worker.onmessage = (event) => handler(event.data)),
      onFailure: (handler) => (worker.onerror = (event) => handler(new Error(event.message))),
      terminate: () => {
        if (returned) return;
        returned = true;
        worker.onmessage = null;
        worker.onerror = null;
        this.idle.push(worker);
      },
    };
  };
}
