// The page's side of the worker: requests as promises, controls, and the worker's events.
import type { Control, PageMessage, Request, Results, WorkerEvent, WorkerMessage } from './protocol';

/** A failed request, with the library's error code when there is one (CANCELLED for a cancelled run). */
export class WorkerError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export class WorkerClient {
  private readonly worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'word2vec' });
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;

  constructor(onEvent: (event: WorkerEvent) => void) {
    this.worker.onmessage = (message: MessageEvent<WorkerMessage>) => {
      const data = message.data;
      if ('event' in data) return onEvent(data);
      const waiting = this.pending.get(data.id);
      this.pending.delete(data.id);
      if (data.ok) waiting?.resolve(data.result);
      else waiting?.reject(new WorkerError(data.error, data.code));
    };
    this.worker.onerror = (event) => {
      event.preventDefault();
      for (const waiting of this.pending.values()) waiting.reject(new WorkerError(`The worker failed: ${event.message}`, undefined));
      this.pending.clear();
    };
  }

  request<T extends Request['type']>(request: Extract<Request, { type: T }>): Promise<Results[T]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, request } satisfies PageMessage);
    });
  }

  control(control: Control): void {
    this.worker.postMessage({ control } satisfies PageMessage);
  }
}
