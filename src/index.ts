/**
 * webgpu-word2vec: word2vec trained in WebGPU compute shaders, with a CPU path (threads and SIMD)
 * that gives the same vectors where there is no GPU; gensim's queries on the vectors; documents
 * searched by meaning. The same code runs in browsers, workers and Node (with `webgpu-word2vec/node`).
 *
 * @packageDocumentation
 * @module webgpu-word2vec
 */

// Training.
export { train, Word2VecModel, type DeviceChoice, type TrainRun, type RunControl, type RunDevice, type RunStart, type TrainingReport } from './word2vec/train';
export type { TrainOptions, ResolvedOptions } from './word2vec/options';
export type { GpuTuning, TunedKernel, TuningTrial, TuningCache } from './word2vec/gpu/kernel-tuner';
export type { KernelVariant } from './word2vec/kernel-contract';
export type { DeviceMeasurement } from './word2vec/device-measure';
export type { Progress } from './word2vec/run';
export { PauseController } from './word2vec/pause';
export type { OutputLayer } from './word2vec/output-layer';
export type { CpuKernelKind } from './word2vec/cpu/cpu-weights';
export type { SpawnKernelThread, TrainingThread, ThreadMessage, ThreadReply } from './word2vec/cpu/thread-service';
export { prepareCorpus, type PreparedCorpus } from './text/corpus';
export { Vocabulary } from './text/vocabulary';
export type { TokenizerName } from './text/tokenize';
export type { TextSource } from './core/source';
export type { KernelThread } from './runtime/kernel-thread';

// Vectors: gensim's queries and evaluations, and the C tool's files.
export { KeyedVectors, type Neighbour, type MostSimilarQuery, type Term } from './search/keyed-vectors';
export type { AnalogyOptions, AnalogyResult, AnalogyScore, PairsOptions, PairsResult } from './search/evaluation';
export type { SimilarityIndex, ThreadLender, TopK, CosmulQuery } from './search/similarity-index';
export type { SearchThread } from './search/search-thread';
export { readVectors, type ReadVectorsOptions } from './search/read-vectors';
export { writeVectors, word2vecChunks } from './search/word2vec-format';

// Phrases (word2phrase).
export { learnPhrases, phrases, Phrases, type PhraseOptions } from './text/phrases';

// Documents.
export {
  embedDocuments,
  DocumentIndex,
  DOCUMENT_METHODS,
  defaultBagShare,
  type DocumentInput,
  type DocumentHit,
  type DocumentIndexOptions,
  type DocumentMethod,
  type DocumentBatches,
} from './documents/document-index';
export { DocumentCollector, SPLIT_MODES, type SplitMode } from './documents/collect-documents';
export type { DbowTrainingOptions, DbowGpu, TrainedParagraphs } from './documents/dbow/dbow-training';
export type { DbowThreads } from './documents/dbow/cpu-dbow-trainer';
export { dbowOnGpu } from './documents/dbow/gpu-dbow-trainer';
export type { InferenceOptions, InferMany } from './documents/dbow/paragraph-vectors';

// Errors.
export { Word2VecError, inOwnTerms, type Word2VecErrorCode, type Checkpoint } from './core/errors';

// Devices.
export { requestGpu, type AdapterDescription, type GpuContext } from './runtime/gpu-device';
export { fitProblem, trainingBytes } from './word2vec/gpu/gpu-fit';
