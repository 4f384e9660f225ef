import { spawnNodeThread } from '../../runtime/node-thread';
import type { ThreadMessage, ThreadReply, TrainingThread } from './thread-service';

/** Set by the library's build (vite.lib.config.ts): this code runs from lib/, beside the thread's built entry. */
declare const __LIBRARY_BUILD__: boolean;

/**
 * The thread's entry: the built one beside the built library, or, run from the sources, one that
 * loads them through tsx. (A name held in a variable, so that the build leaves it as it is.)
 */
const THREAD_ENTRY = typeof __LIBRARY_BUILD__ !== 'undefined' ? './node-kernel-thread.js' : './node-kernel-thread-entry.mjs';

/** A CPU thread in Node that serves training runs and searches (`serveKernels`). */
export function spawnNodeKernelThread(): TrainingThread {
  return spawnNodeThread<ThreadMessage, ThreadReply>(new URL(THREAD_ENTRY, import.meta.url));
}
