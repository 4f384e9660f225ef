// The page's own calls of its worker (page-worker.ts), beside the library's, and the news it sends.
import type {
  AdapterDescription,
  AnalogyScore,
  CpuKernelKind,
  DocumentMethod,
  Neighbour,
  Progress,
  SnippetPart,
  SplitMode,
  TokenizerName,
  TrainOptions,
  TrainingReport,
} from '../internal';

/** Where the training text comes from. */
export type CorpusSource =
  | { kind: 'sample'; name: string; gzip: ArrayBuffer }
  | { kind: 'files'; files: File[] }
  | { kind: 'text'; text: string }
  /** The documents under "Your documents", as the worker holds them. */
  | { kind: 'documents' };

export interface CorpusSummary {
  name: string;
  /** In-vocabulary words. */
  words: number;
  /** Every word of the text, rare ones included. */
  rawWords: number;
  /** Corpus positions (words and sentence ends): what the GPU holds. */
  corpusLength: number;
  vocabularySize: number;
  minCount: number;
  tokenizer: TokenizerName;
  /** Phrases joined before counting (as word2phrase, two passes): the joins of each pass; absent when not asked for. */
  phrases?: number[];
}

/** The name the page's worker gives the corpus it read, for the library's `train` to read. */
export const PAGE_CORPUS = 'page';

/** The vectors the worker holds, as the page shows them. */
export interface VectorsSummary {
  /** The library worker's handle of them (see `WorkerModel.handle`). */
  handle: number;
  name: string;
  words: string[];
  vectorSize: number;
  /** Present when trained here (absent for a loaded file). */
  report?: TrainingReport;
  /** Where searches run. */
  queryDevice: 'gpu' | 'cpu';
  savedAt?: string;
}

export interface RaceLeg {
  device: 'gpu' | 'cpu';
  adapter: AdapterDescription | null;
  threads: number;
  cpuKernels: CpuKernelKind | null;
  words: number;
  /** Training throughput, set-up (shader compilation, uploads) excluded. */
  wordsPerSec: number;
}

/** A race's legs (the GPU's, then the CPU path's), and what `auto` now trains on: null where it was not remembered (a software adapter, no IndexedDB). */
export interface RaceResult {
  legs: [RaceLeg, RaceLeg];
  auto: 'gpu' | 'cpu' | null;
}

export interface EvaluationSummary {
  analogies: { accuracy: number; correct: number; total: number; questions: number; oov: number; sections: Record<string, AnalogyScore>; seconds: number };
  pairs: { spearman: number; pearson: number; oov: number; pairs: number };
}

/** A file with the name its documents' ids start with (its path within a dropped or chosen folder). */
export interface NamedFile {
  name: string;
  file: File;
}

/** The documents the worker holds. */
export interface DocumentsSummary {
  documents: number;
  /** What was skipped when they were collected (or where they came from), in words. */
  skipped: string;
  indexed: boolean;
  method: DocumentMethod;
  /** The hybrid's share for the bag of words (0 for the other methods). */
  bagShare: number;
  /** How long embedding and indexing took. */
  seconds: number;
  /** Why documents restored on a visit were not embedded again, when they were not. */
  note?: string;
}

/** A search hit: its snippet marks the query's words and their nearest words. */
export interface DocumentFound {
  id: string;
  title: string;
  score: number;
  snippet: SnippetPart[];
}

export interface DocumentsMap {
  ids: string[];
  titles: string[];
  xy: Float32Array;
  classes?: Uint32Array;
}

/** Requests, each answered once by a Reply with the same id. */
export type Request =
  | { type: 'prepare'; source: CorpusSource; minCount: number; tokenizer: TokenizerName; phrases: boolean }
  /** Makes vectors the library trained in the worker the page's; `startedFrom`: the name of those they started from. */
  | { type: 'hold'; handle: number; startedFrom?: string }
  | { type: 'race'; options: TrainOptions; words: number }
  | { type: 'load'; file: File }
  | { type: 'restore' }
  | { type: 'forget' }
  | { type: 'neighbours'; word: string; topn: number }
  | { type: 'analogy'; a: string; b: string; c: string; topn: number }
  | { type: 'similarity'; a: string; b: string }
  | { type: 'map'; count: number; classes: number }
  | { type: 'project'; words: string[] }
  | { type: 'evaluate'; analogies: ArrayBuffer; pairs: ArrayBuffer }
  | { type: 'export'; binary: boolean }
  | { type: 'docsCollect'; files: NamedFile[]; text?: string; split: SplitMode }
  | { type: 'docsImport'; file: File }
  | { type: 'docsEmbed'; method: DocumentMethod }
  | { type: 'docsRestore' }
  | { type: 'docsClear' }
  | { type: 'docsSearch'; text: string; topn: number }
  | { type: 'docsSimilar'; id: string; topn: number }
  | { type: 'docsOpen'; id: string }
  | { type: 'docsMap'; classes: number }
  | { type: 'docsExport'; format: 'jsonl' | 'word2vec' }
  | { type: 'docsEvaluate'; file: File };

export interface Results {
  prepare: CorpusSummary;
  hold: VectorsSummary;
  race: RaceResult;
  load: VectorsSummary;
  restore: VectorsSummary | null;
  forget: null;
  neighbours: Neighbour[];
  analogy: Neighbour[];
  similarity: number;
  /** `classes`: each word's k-means class, when asked for. */
  map: { words: string[]; xy: Float32Array; classes?: Uint32Array };
  project: { words: string[]; xy: Float32Array };
  evaluate: EvaluationSummary;
  export: Blob;
  docsCollect: DocumentsSummary;
  docsImport: DocumentsSummary;
  docsEmbed: DocumentsSummary;
  docsRestore: DocumentsSummary | null;
  docsClear: DocumentsSummary;
  docsSearch: { results: DocumentFound[]; marked: string[]; seconds: number };
  docsSimilar: { results: DocumentFound[]; marked: string[]; seconds: number };
  docsOpen: { id: string; title: string; text: string };
  docsMap: DocumentsMap;
  docsExport: Blob;
  docsEvaluate: { pearson: number; spearman: number; pairs: number; method: DocumentMethod };
}

/** News of a race, a leg at a time. */
export interface RaceUpdate {
  leg: 'gpu' | 'cpu';
  progress: Progress;
}

/** Unprompted news from the worker. */
export type WorkerEvent =
  /** `step`: how far a counted stage is (PV-DBOW's epochs). */
  | { event: 'stage'; task: 'prepare' | 'train' | 'race' | 'docs'; message: string; step?: { done: number; of: number } }
  | { event: 'notice'; message: string }
  | { event: 'saved'; savedAt: string }
  | { event: 'saveFailed'; message: string };
