// CPU training threads for the page, started once with the page (so that no script is fetched later) and
// lent to each run. Shared memory needs a cross-origin-isolated page; without it the CPU path runs one thread.
import { asSearchThread, type ThreadLender, type TrainingThread } from '../index';
import { pageCpuThreads } from './cpu-threads';

export class KernelThreadPool {
  private readonly idle: Worker[] = [];
  /** Resolves when every thread has started. */
  readonly ready: Promise<void>;

  constructor(readonly size: number) {
    const started: Promise<void>[] = [];
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./page-kernel-thread.ts', import.meta.url), { type: 'module', name: `kernel-thread-${i}` });
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

  /** The threads the page trains on; none when that is one (the worker's own thread does the work). */
  static forThisPage(): KernelThreadPool {
    const threads = pageCpuThreads();
    return new KernelThreadPool(threads > 1 ? threads : 0);
  }

  /**
   * Lends the idle threads to a search, one fewer than the pool at most (the worker's own thread
   * takes a share too); while a run trains on them, searches run on the worker's thread alone.
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
