import { availableParallelism } from 'node:os';
import type { SearchThread } from './search-thread';
import type { ThreadLender } from './similarity-index';

/**
 * Threads for CPU searches in Node: one fewer than the cores (the main thread takes a share too),
 * started by `spawn` on the first large search, so that a few single queries start none.
 * `destroy()` stops them.
 */
export class NodeSearchThreads implements ThreadLender {
  readonly capacity: number;
  private threads: SearchThread[] | undefined;
  private lent = false;

  constructor(
    private readonly spawn: () => SearchThread,
    count = availableParallelism() - 1,
  ) {
    this.capacity = Math.max(0, count);
  }

  lend(): { threads: readonly SearchThread[]; giveBack(): void } {
    if (this.lent || this.capacity === 0) return { threads: [], giveBack: () => {} };
    this.threads ??= Array.from({ length: this.capacity }, this.spawn);
    this.lent = true;
    return {
      threads: this.threads,
      giveBack: () => {
        this.lent = false;
      },
    };
  }

  destroy(): void {
    for (const thread of this.threads ?? []) thread.terminate();
    this.threads = undefined;
  }
}
