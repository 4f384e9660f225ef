/** webgpu-word2vec: word2vec trained in WebGPU compute shaders, with a CPU twin. */
export { train, Word2VecModel, type DeviceChoice, type TrainRun, type TrainingReport } from './train';
export { resolveOptions, type TrainOptions, type ResolvedOptions } from './options';
export { Word2VecError, type Word2VecErrorCode, type Checkpoint } from './errors';
export { prepareCorpus, type PreparedCorpus, type TextSource } from './text/corpus';
export { Vocabulary, SENTENCE_END } from './text/vocabulary';
export { KeyedVectors, type Neighbour, type MostSimilarQuery } from './vectors/keyed-vectors';
export { word2vecChunks, parseWord2vec } from './vectors/word2vec-format';
export { requestGpu, adapterName, type AdapterDescription, type GpuContext } from './gpu/device';
export type { Progress } from './training/run';
