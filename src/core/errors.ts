/** What went wrong, machine-readable; the message always says how to fix it. */
export type Word2VecErrorCode =
  | 'BAD_OPTION'
  | 'EMPTY_INPUT'
  | 'NOT_TEXT'
  | 'NO_VOCABULARY'
  | 'FILE'
  | 'NO_ADAPTER'
  | 'TOO_LARGE_FOR_DEVICE'
  | 'DIVERGED'
  | 'DEVICE_LOST'
  | 'GPU_ERROR'
  | 'NOT_IMPLEMENTED'
  | 'CPU_THREAD'
  | 'WORKER';

/**
 * The one error type the library throws for bad input, bad options and device failures. Its
 * message names the library's options as `name` or `name=value` (in backquotes), so that each
 * front end can say them in its own terms: `inOwnTerms` (the CLI writes flags, the page labels).
 */
export class Word2VecError extends Error {
  override readonly name = 'Word2VecError';
  /** For failures during training: the input vectors after the last completed epoch. */
  readonly checkpoint?: Checkpoint;
  /** What went wrong without the fix the message ends with, for a caller that applies a fix of its own (falling back to the CPU). */
  readonly problem?: string;

  constructor(
    readonly code: Word2VecErrorCode,
    message: string,
    details: { checkpoint?: Checkpoint; problem?: string } = {},
  ) {
    super(message);
    if (details.checkpoint) this.checkpoint = details.checkpoint;
    if (details.problem) this.problem = details.problem;
  }
}

/** What training had produced when it stopped: the input vectors after `epochsDone` epochs. */
export interface Checkpoint {
  syn0: Float32Array;
  epochsDone: number;
  /** The vocabulary, row by row (filled in by `train`). */
  words?: readonly string[];
}

/** An option named in a message: `minCount`, or `device=cpu` (name, then value). */
const OPTION_MENTION = /`([A-Za-z][A-Za-z0-9]*)(?:=([^`\s]+))?`/g;

/** A message with every option it names (`name` or `name=value`) written by `say(name, value)`. */
export function inOwnTerms(message: string, say: (option: string, value: string | undefined) => string): string {
  return message.replace(OPTION_MENTION, (_, option: string, value: string | undefined) => say(option, value));
}
