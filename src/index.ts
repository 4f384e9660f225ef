/** webgpu-word2vec: word2vec trained in WebGPU compute shaders, with a CPU twin. */
export { train, Word2VecModel, type DeviceChoice, type TrainRun, type TrainingReport } from './train';
export { resolveOptions, describeLoss, type TrainOptions, type ResolvedOptions } from './options';
export { Word2VecError, inOwnTerms, type Word2VecErrorCode, type Checkpoint } from './errors';
export { prepareCorpus, type PreparedCorpus } from './text/corpus';
export { Vocabulary, SENTENCE_END } from './text/vocabulary';
export { KeyedVectors, type Neighbour, type MostSimilarQuery, type Term } from './vectors/keyed-vectors';
export { word2vecChunks } from './vectors/word2vec-format';
export { readVectors, type ReadVectorsOptions } from './vectors/read-vectors';
export type { AnalogyOptions, AnalogyResult, AnalogyScore, PairsOptions, PairsResult } from './vectors/evaluation';
export { CpuSimilarityIndex, NO_ROW, type SimilarityIndex, type TopK, type CosmulQuery } from './vectors/similarity-index';
export { GpuSimilarityIndex } from './gpu/similarity';
export type { TextSource } from './io/source';
export { describeCpuPath, type CpuKernelKind } from './cpu/model';
export { requestGpu, adapterName, describeAdapter, fitProblem, trainingBytes, type AdapterDescription, type GpuContext } from './gpu/device';
export { principalAxes, project, type Projection2D } from './vectors/projection';
export type { Progress } from './training/run';
export { PauseController } from './training/pause';
export { defaultLanes, throughputLanes } from './sampling/schedule';
export { learnPhrases, phrases, Phrases, type PhraseOptions } from './text/phrases';
export { outputBanks } from './training/kernel-contract';
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
} from './docs/document-index';
export { DocumentCollector, decodeText, SPLIT_MODES, type SplitMode } from './docs/collect-documents';
export { documentSimilarity, readRatings, type DocumentSimilarityResult } from './docs/document-similarity';
export { snippet, type SnippetPart } from './docs/snippet';
export type { ThreadLender } from './vectors/similarity-index';
export { ParagraphVectors, ParagraphEmbedder, inferRows, type OutputLayer, type InferenceOptions, type InferMany } from './docs/paragraph-vectors';
export { GpuParagraphVectors } from './gpu/paragraph-vectors';
export { trainParagraphs, trainDbowEpoch, type DbowTrainingOptions, type TrainedParagraphs, type DbowGpu } from './docs/dbow-training';
export { GpuDbowTrainer, dbowOnGpu } from './gpu/dbow-training';
export { GpuDocumentMeans } from './gpu/document-means';
export type { DocumentBatches } from './docs/document-index';
