// The page's side of its worker (page-worker.ts): the library's connection, with the page's own calls
// typed by the protocol and the worker's news handed to the page.
import { WorkerConnection, type CallOptions } from '../internal';
import type { Request, Results, WorkerEvent } from './protocol';

export class WorkerClient {
  /** The library's connection to the worker: `trainOn` trains through it. */
  readonly connection: WorkerConnection;

  constructor(onEvent: (event: WorkerEvent) => void) {
    const worker = new Worker(new URL('./page-worker.ts', import.meta.url), { type: 'module', name: 'word2vec' });
    this.connection = new WorkerConnection(worker, (event) => onEvent(event as WorkerEvent));
  }

  /** One of the page's calls; `options`: what cancels or pauses it and hears its news. */
  request<T extends Request['type']>(request: Extract<Request, { type: T }>, options?: CallOptions): Promise<Results[T]> {
    return this.connection.call(request.type, [request], options);
  }
}
