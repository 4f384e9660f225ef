/** webgpu-word2vec: word2vec trained in WebGPU compute shaders, with a CPU twin. */
export { train, Word2VecModel, type DeviceChoice, type TrainRun, type RunControl, type RunDevice, type RunStart, type TrainingReport } from './word2vec/train';
export { resolveOptions, describeLoss, type TrainOptions, type ResolvedOptions } from './word2vec/options';
export { Word2VecError, inOwnTerms, type Word2VecErrorCode, type Checkpoint } from './core/errors';
export { prepareCorpus, type PreparedCorpus } from './text/corpus';
export { Vocabulary, SENTENCE_END } from './text/vocabulary';
export { KeyedVectors, type Neighbour, type MostSimilarQuery, type Term } from './search/keyed-vectors';
export { word2vecChunks } from './search/word2vec-format';
export { readVectors, type ReadVectorsOptions } from './search/read-vectors';
export type { AnalogyOptions, AnalogyResult, AnalogyScore, PairsOptions, PairsResult } from './search/evaluation';
export { CpuSimilarityIndex, NO_ROW, type SimilarityIndex, type TopK, type CosmulQuery } from './search/similarity-index';
export { GpuSimilarityIndex } from './search/gpu-similarity-index';
export { byteChunksOf, type TextSource } from './core/source';
export { unicodeEscape } from './text/printable';
export { describeCpuPath, type CpuKernelKind } from './word2vec/cpu/cpu-weights';
export { requestGpu, adapterName, describeAdapter, type AdapterDescription, type GpuContext } from './runtime/gpu-device';
export { fitProblem, trainingBytes } from './word2vec/gpu/gpu-fit';
export { principalAxes, project, type Projection2D } from './search/projection';
export type { Progress } from './word2vec/run';
export { PauseController } from './word2vec/pause';
export { defaultLanes, throughputLanes } from './word2vec/schedule';
export { learnPhrases, phrases, Phrases, type PhraseOptions } from './text/phrases';
export { outputBanks } from './word2vec/kernel-contract';
export {
  embedDocuments,
  DocumentIndex,
  DOCUMENT_METHODS,
  documentJsonLines,
  documentsFromJsonLines,
  documentKey,
  type DocumentInput,
  type DocumentHit,
  type DocumentIndexOptions,
  type DocumentMethod,
} from './documents/document-index';
export { DocumentCollector, decodeText, SPLIT_MODES, type SplitMode } from './documents/collect-documents';
export { documentSimilarity, readRatings, type DocumentSimilarityResult } from './documents/document-similarity';
export { snippet, type SnippetPart } from './documents/snippet';
export { documentWords } from './documents/document-vectors';
export type { ThreadLender } from './search/similarity-index';
export type { KernelThread } from './runtime/kernel-thread';
export type { SearchThread } from './search/search-thread';
export { serveKernels, asSearchThread, type ThreadMessage, type ThreadReply, type TrainingThread, type SpawnKernelThread } from './word2vec/cpu/thread-service';
export { ParagraphVectors, ParagraphEmbedder, inferRows, type InferenceOptions, type InferMany } from './documents/dbow/paragraph-vectors';
export type { OutputLayer } from './word2vec/output-layer';
export { GpuParagraphVectors } from './documents/dbow/gpu-paragraph-vectors';
export { trainParagraphs, trainDbowEpoch, type DbowTrainingOptions, type TrainedParagraphs, type DbowGpu } from './documents/dbow/dbow-training';
export { GpuDbowTrainer, dbowOnGpu } from './documents/dbow/gpu-dbow-trainer';
export { GpuDocumentMeans } from './documents/gpu-document-means';
export type { DocumentBatches } from './documents/document-index';
