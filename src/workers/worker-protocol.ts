// Messages between a page and the library's worker (worker-service.ts): calls by name, each answered
// once; news of a call while it runs; controls of a running call; and news tied to no call.
import type { DocumentMethod } from '../documents/document-index';
import type { TrainingReport } from '../word2vec/train';

/** A call of a handler by name, with structured-cloneable arguments. */
export interface CallMessage {
  id: number;
  call: string;
  args: unknown[];
}

/** Pauses, resumes or cancels the running call `id`. */
export interface ControlMessage {
  id: number;
  control: 'pause' | 'resume' | 'cancel';
}

export type ToWorker = CallMessage | ControlMessage;

/** A call's answer: its result, or its error with the library's code (CANCELLED for a cancelled call). */
export type CallReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string; name: string; code?: string };

/** News of a running call: a training run's progress or notices. */
export interface CallUpdate {
  id: number;
  update: unknown;
}

/** News tied to no call (a handler the worker's own script adds sends these). */
export interface WorkerBroadcast {
  broadcast: unknown;
}

export type FromWorker = CallReply | CallUpdate | WorkerBroadcast;

/** Vectors the worker holds, as the caller sees them. */
export interface HeldVectors {
  /** The worker's name for them, which later calls give. */
  handle: number;
  /** The vocabulary, most frequent first: row `i` of the vectors is `words[i]`. */
  words: string[];
  vectorSize: number;
  /** How they were trained (absent for vectors loaded from a file). */
  report?: TrainingReport;
  /** Where their searches run. */
  queryDevice: 'gpu' | 'cpu';
}

/** A document index the worker holds. */
export interface HeldDocuments {
  handle: number;
  ids: string[];
  method: DocumentMethod;
}

/** A corpus the worker already holds (read by a handler of the worker's own script), by its name. */
export interface HeldCorpus {
  heldCorpus: string;
}
