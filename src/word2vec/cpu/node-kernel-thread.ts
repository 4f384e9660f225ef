import { spawnNodeThread } from '../../runtime/node-thread';
import type { ThreadMessage, ThreadReply, TrainingThread } from './thread-service';

/** A CPU thread in Node that serves training runs and searches (`serveKernels`). */
export function spawnNodeKernelThread(): TrainingThread {
  return spawnNodeThread<ThreadMessage, ThreadReply>(new URL('./node-kernel-thread-entry.mjs', import.meta.url));
}
