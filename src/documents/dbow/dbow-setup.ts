// What PV-DBOW's trainers (the GPU kernel and its twin, the CPU path) start from and change.

/** What the kernel and its twin share: the settings and the sampling tables. */
export interface DbowSetup {
  dim: number;
  noise: Uint32Array;
  keep: Float32Array;
  epochs: number;
  alpha: number;
  minAlpha: number;
  window: number;
  negative: number;
  trainWords: boolean;
  seed: number;
}

/** The matrices training changes: word vectors, the output layer, the documents' vectors (row-major, `dim` a row). */
export interface DbowState {
  syn0: Float32Array;
  syn1neg: Float32Array;
  documents: Float32Array;
}

/** A collection's words as training sees them: the vocabulary (most frequent first) and each document's rows. */
export interface DbowCorpus {
  words: string[];
  counts: number[];
  documents: Uint32Array[];
}
