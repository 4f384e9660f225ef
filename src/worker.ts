/**
 * webgpu-word2vec's worker entry: training, queries and document search in the library's own Web
 * Worker, off the page's thread. It needs only a bundler's standard worker support
 * (`new Worker(new URL(...), { type: 'module' })`: Vite, webpack 5, Parcel, esbuild with a plugin).
 *
 * @packageDocumentation
 * @module webgpu-word2vec/worker
 */
// (The exports come first: the declarations keep this comment only on a statement they keep.)
export { WorkerModel, WorkerDocumentIndex, type WorkerTrainRun, type EvaluationSource } from './workers/worker-model';
export type { TrainingText } from './workers/worker-service';
import { Word2VecError } from './core/errors';
import type { TrainOptions } from './word2vec/options';
import { WorkerConnection } from './workers/worker-connection';
import { trainOn, type WorkerModel, type WorkerTrainRun } from './workers/worker-model';
import type { TrainingText } from './workers/worker-service';

let libraryWorker: WorkerConnection | undefined;

/** The library's worker, started on first use and shared by every run of the page. */
function connection(): WorkerConnection {
  if (typeof Worker === 'undefined')
    throw new Word2VecError('WORKER', 'trainInWorker needs Web Workers, which a browser has; in Node, call train() from webgpu-word2vec, with threads from webgpu-word2vec/node.');
  libraryWorker ??= new WorkerConnection(new Worker(new URL('./workers/training-worker.ts', import.meta.url), { type: 'module', name: 'webgpu-word2vec' }));
  return libraryWorker;
}

/**
 * Trains word2vec in the library's own worker, so the page stays responsive: on the worker's WebGPU
 * where it has an adapter, otherwise on the CPU path, with a thread a core when the page is
 * cross-origin isolated (one thread otherwise). Resolves with the vectors, which stay in the worker
 * and answer queries there.
 *
 * @param text - the text to train on: a string, a `File` or `Blob`, or its bytes (UTF-8).
 * @param options - the model's options, as `train`'s (gensim's names).
 * @param run - where it trains, what hears its progress, and what cancels or pauses it.
 *
 * @example
 * const model = await trainInWorker(text, { vectorSize: 50, minCount: 2 }, { onProgress: (p) => bar.value = p.progress });
 * const nearest = await model.mostSimilar({ positive: ['king'], topn: 5 });
 */
export function trainInWorker(text: TrainingText, options: TrainOptions = {}, run: WorkerTrainRun = {}): Promise<WorkerModel> {
  return trainOn(connection(), text, options, run);
}
