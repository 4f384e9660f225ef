/**
 * What the project's own page, benchmarks and tests use beyond the public API: internals, which
 * change without notice. Not in the package's exports.
 */
export * from './index';
export { resolveOptions, describeLoss } from './word2vec/options';
export { SENTENCE_END } from './text/vocabulary';
export { CpuSimilarityIndex, NO_ROW } from './search/similarity-index';
export { GpuSimilarityIndex } from './search/gpu-similarity-index';
export { byteChunksOf } from './core/source';
export { unicodeEscape } from './text/printable';
export { describeCpuPath } from './word2vec/cpu/cpu-weights';
export { adapterName, describeAdapter } from './runtime/gpu-device';
export { principalAxes, project, type Projection2D } from './search/projection';
export { defaultLanes, throughputLanes } from './word2vec/schedule';
export { rememberRace } from './word2vec/device-measure';
export { outputBanks, variantName } from './word2vec/kernel-contract';
export { documentJsonLines, documentsFromJsonLines, documentKey } from './documents/document-index';
export { decodeText } from './documents/collect-documents';
export { documentSimilarity, readRatings, type DocumentSimilarityResult } from './documents/document-similarity';
export { snippet, type SnippetPart } from './documents/snippet';
export { documentWords } from './documents/document-vectors';
export { serveKernels, asSearchThread } from './word2vec/cpu/thread-service';
export { ParagraphVectors, ParagraphEmbedder, inferRows } from './documents/dbow/paragraph-vectors';
export { GpuParagraphVectors } from './documents/dbow/gpu-paragraph-vectors';
export { trainParagraphs, trainDbowEpoch } from './documents/dbow/dbow-training';
export { GpuDbowTrainer } from './documents/dbow/gpu-dbow-trainer';
export { GpuDocumentMeans } from './documents/gpu-document-means';
export { browserCpuThreads } from './workers/browser-threads';
export { WorkerConnection, type CallOptions } from './workers/worker-connection';
export { trainOn } from './workers/worker-model';
export { throttled } from './workers/throttled';
export { serveWorker, WorkerService, type CallContext, type Handler, type HeldModel, type WorkerScope } from './workers/worker-service';
export type { HeldCorpus, HeldVectors } from './workers/worker-protocol';
