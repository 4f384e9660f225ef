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
  | 'CPU_THREAD';

/** The one error type the library throws for bad input, bad options and device failures. */
export class Word2VecError extends Error {
  override readonly name = 'Word2VecError';
  constructor(
    readonly code: Word2VecErrorCode,
    message: string,
    /** For failures during training: the input vectors after the last completed epoch. */
    readonly checkpoint?: Checkpoint,
  ) {
    super(message);
  }
}

/** What training had produced when it stopped: the input vectors after `epochsDone` epochs. */
export interface Checkpoint {
  syn0: Float32Array;
  epochsDone: number;
  /** The vocabulary, row by row (filled in by `train`). */
  words?: readonly string[];
}
