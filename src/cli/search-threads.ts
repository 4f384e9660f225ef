import { availableParallelism } from 'node:os';
import type { KernelThread } from '../word2vec/cpu/thread-service';
import type { ThreadLender } from '../search/similarity-index';
import { spawnNodeKernelThread } from './node-kernel-thread';

/**
 * The CLI's threads for CPU searches: one fewer than the cores (the main thread takes a share too),
 * started on the first large search, so that a few single queries start none. `destroy()` stops them.
 */
export class NodeSearchThreads implements ThreadLender {
  readonly capacity: number;
  private threads: KernelThread[] | undefined;
  private lent = false;

  constructor(count = availableParallelism() - 1) {
    this.capacity = Math.max(0, count);
  }

  lend(): { threads: readonly KernelThread[]; giveBack(): void } {
    if (this.lent || this.capacity === 0) return { threads: [], giveBack: () => {} };
    this.threads ??= Array.from({ length: this.capacity }, spawnNodeKernelThread);
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
