import { rmSync } from 'node:fs';
import { constants } from 'node:os';

/** Paths this process made and must not leave behind: removed at exit and on an interrupting signal. */
const paths = new Set<string>();
let installed = false;

function removeAll(): void {
  for (const path of paths) rmSync(path, { recursive: true, force: true });
  paths.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', removeAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      removeAll();
      process.exit(128 + constants.signals[signal]);
    });
  }
}

/**
 * Removes `path` (a file, or a folder and what is in it) when the process exits or is interrupted
 * by SIGINT, SIGTERM or SIGHUP (then exiting 128 + the signal's number, as a shell reports it),
 * unless `keep(path)` was called first.
 */
export function removeAtExit(path: string): void {
  install();
  paths.add(path);
}

/** `path` is wanted after all (renamed into place, or already removed). */
export function keep(path: string): void {
  paths.delete(path);
}
