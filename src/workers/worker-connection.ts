// The page's side of a worker that serves the library (worker-service.ts): calls as promises, with
// cancel, pause and news of each call, and the worker's errors as the library's.
import { Word2VecError, type Word2VecErrorCode } from '../core/errors';
import type { PauseController } from '../word2vec/pause';
import type { CallMessage, ControlMessage, FromWorker } from './worker-protocol';

/** How one call runs: what cancels and pauses it, and what hears its news. */
export interface CallOptions {
  signal?: AbortSignal;
  pause?: PauseController;
  onUpdate?: (update: unknown) => void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onUpdate?: (update: unknown) => void;
  stop(): void;
}

/** A failed call's error as the library throws it: a cancelled one as an AbortError, the rest as Word2VecError where they were one. */
function callError(reply: { error: string; name: string; code?: string }): Error {
  if (reply.name === 'AbortError') return new DOMException(reply.error, 'AbortError');
  if (reply.code) return new Word2VecError(reply.code as Word2VecErrorCode, reply.error);
  return new Error(reply.error);
}

export class WorkerConnection {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  /** `onBroadcast` hears the news the worker's own handlers send, tied to no call. */
  constructor(
    private readonly worker: Worker,
    onBroadcast: (value: unknown) => void = () => {},
  ) {
    worker.onmessage = (message: MessageEvent<FromWorker>) => {
      const data = message.data;
      if ('broadcast' in data) return onBroadcast(data.broadcast);
      const waiting = this.pending.get(data.id);
      if ('update' in data) return waiting?.onUpdate?.(data.update);
      this.pending.delete(data.id);
      waiting?.stop();
      if (data.ok) waiting?.resolve(data.result);
      else waiting?.reject(callError(data));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const error = new Word2VecError('WORKER', `The worker failed: ${event.message || 'its script did not load'}. Reload the page.`);
      for (const waiting of this.pending.values()) {
        waiting.stop();
        waiting.reject(error);
      }
      this.pending.clear();
    };
  }

  /** Calls the worker's handler `name` with `args`; resolves with its result. */
  call<T>(name: string, args: unknown[], options: CallOptions = {}): Promise<T> {
    const { signal, pause } = options;
    if (signal?.aborted) return Promise.reject(signal.reason ?? new DOMException('Cancelled before it started.', 'AbortError'));
    const id = this.nextId++;
    const control = (kind: ControlMessage['control']): void => this.worker.postMessage({ id, control: kind } satisfies ControlMessage);
    const cancel = (): void => control('cancel');
    signal?.addEventListener('abort', cancel);
    const unwatch = pause?.watch((paused) => control(paused ? 'pause' : 'resume'));
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve as (value: unknown) => void,
        reject,
        ...(options.onUpdate ? { onUpdate: options.onUpdate } : {}),
        stop: () => {
          signal?.removeEventListener('abort', cancel);
          unwatch?.();
        },
      });
      this.worker.postMessage({ id, call: name, args } satisfies CallMessage);
      if (pause?.paused) control('pause');
    });
  }
}
