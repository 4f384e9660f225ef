import { availableParallelism } from 'node:os';
import type { ParsedFlags } from './flags';

/** -threads, at most this machine's cores (with a note when asked for more); all of them by default. */
export function cpuThreads(flags: ParsedFlags, err: NodeJS.WritableStream): number {
  const cores = availableParallelism();
  if (!flags.has('threads')) return cores;
  const asked = flags.number('threads')!;
  if (asked <= cores) return asked;
  err.write(`Note: -threads ${asked} is more than this machine's ${cores} cores; training on ${cores}.\n`);
  return cores;
}
