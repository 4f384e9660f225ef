// PV-DBOW paragraph vectors (Le & Mikolov 2014; gensim's Doc2Vec(dm=0)) by inference: a
// document's vector is trained, alone, to predict the document's words through a skip-gram
// model's output layer (negative sampling's syn1neg), which stays as it is. This is gensim's
// infer_vector; with the words trained first by skip-gram it stands in for dbow_words training.
// Every random draw is the project's counter-based hash of (seed, document, epoch, position,
// stream), so that a GPU kernel can make the same decisions.
import { Word2VecError } from '../../core/errors';
import { unitRows } from '../../search/similarity-index';
import { firstComponent, removeComponent, type WordsEmbedder } from '../document-vectors';
import { draw, STREAM_NEGATIVES } from '../../core/rng';
import { forEachKeptWord, type InferenceSetup, startingVector } from './inference-setup';
import { SimdInference } from './simd-inference';
import { keepProbabilities, noiseTable, noiseWord } from '../../core/noise-tables';
import { clippedSigmoid } from '../../word2vec/logistic';
import type { OutputLayer } from '../../word2vec/output-layer';

/** How a PV-DBOW vector is inferred for a document or query (gensim's `infer_vector`). */
export interface InferenceOptions {
  /** Passes over each document (default 20). */
  epochs?: number;
  /** Learning rate at the start (default 0.01), decaying linearly to `minAlpha` (default 1e-4). */
  alpha?: number;
  minAlpha?: number;
  /** Noise words per word (default 5). */
  negative?: number;
  /** Subsampling threshold for frequent words, as in training (default 1e-3; 0 keeps every word). */
  sample?: number;
  seed?: number;
}

export class ParagraphVectors {
  private readonly rows: ReadonlyMap<string, number>;
  readonly setup: InferenceSetup;
  /** The SIMD kernel, made at the first inference (null where WebAssembly SIMD is missing). */
  private simd: SimdInference | null | undefined;

  constructor(layer: OutputLayer, options: InferenceOptions = {}) {
    const { words, counts, syn1neg, dim } = layer;
    if (syn1neg.length !== words.length * dim || syn1neg.length === 0)
      throw new Word2VecError(
        'BAD_OPTION',
        'PV-DBOW needs the output layer of a model trained with negative sampling (syn1neg); train with `negative` above 0 (vectors loaded from a file do not have it).',
      );
    const epochs = options.epochs ?? 20;
    const negative = options.negative ?? 5;
    if (!(Number.isInteger(epochs) && epochs >= 1)) throw new Word2VecError('BAD_OPTION', `PV-DBOW's epochs must be a whole number, 1 or more, not ${epochs}.`);
    if (!(Number.isInteger(negative) && negative >= 1)) throw new Word2VecError('BAD_OPTION', `PV-DBOW's negative must be a whole number, 1 or more, not ${negative}.`);
    const countList = Array.from(counts);
    this.rows = new Map(words.map((w, i) => [w, i]));
    this.setup = {
      dim,
      syn1neg,
      noise: noiseTable(countList, 0.75),
      keep: keepProbabilities(countList, options.sample ?? 1e-3),
      epochs,
      alpha: options.alpha ?? 0.01,
      minAlpha: options.minAlpha ?? 1e-4,
      negative,
      seed: options.seed ?? 1,
    };
  }

  /** The rows of a document's known words. */
  rowsOf(words: readonly string[]): Uint32Array {
    const rows: number[] = [];
    for (const w of words) {
      const row = this.rows.get(w);
      if (row !== undefined) rows.push(row);
    }
    return Uint32Array.from(rows);
  }

  /** The vector of a list of words; `key` (a document's number, say) picks its random draws. */
  inferVector(words: readonly string[], key = 0): Float32Array {
    return this.infer(this.rowsOf(words), key);
  }

  /** As `inferRows(setup, rows, key)`, in WebAssembly SIMD where it runs. */
  infer(rows: Uint32Array, key: number): Float32Array {
    this.simd ??= SimdInference.create(this.setup);
    return this.simd ? this.simd.infer(rows, key) : inferRows(this.setup, rows, key);
  }
}

/**
 * The CPU twin of the paragraph-vector kernel: per epoch, per word (kept by subsampling), the true
 * word with label 1 and `negative` noise words (a draw equal to the word is skipped) with label 0;
 * the document vector moves by the sum of (label - sigmoid(d . u)) * alpha * u over them.
 */
export function inferRows(setup: InferenceSetup, rows: Uint32Array, key: number): Float32Array {
  const { dim, syn1neg, noise, negative, seed } = setup;
  const noiseKeep = new Float32Array(noise.buffer, noise.byteOffset, noise.length);
  const d = startingVector(dim, seed, key);
  const step = new Float32Array(dim);
  forEachKeptWord(setup, rows, key, (word, pk, rate) => {
    step.fill(0);
    for (let j = 0; j <= negative; j++) {
      const target = j === 0 ? word : noiseWord(noise, noiseKeep, draw(pk, STREAM_NEGATIVES + j - 1));
      if (j > 0 && target === word) continue;
      let f = 0;
      const at = target * dim;
      for (let k = 0; k < dim; k++) f += d[k]! * syn1neg[at + k]!;
      const g = Math.fround(((j === 0 ? 1 : 0) - clippedSigmoid(f)) * rate);
      for (let k = 0; k < dim; k++) step[k]! += g * syn1neg[at + k]!;
    }
    for (let k = 0; k < dim; k++) d[k]! += step[k]!;
  });
  return d;
}

/** Documents used at most to find the direction PV-DBOW vectors share. */
const COMPONENT_DOCUMENTS = 1000;

/** Infers many documents' raw vectors (row-major) from their rows: the twin here, or a GPU kernel's batch. */
export type InferMany = (documents: readonly Uint32Array[], keys: readonly number[]) => Promise<Float32Array>;

/**
 * PV-DBOW document vectors as the index uses them: inferred, unit length, with the first
 * principal component of a collection's vectors removed (as SIF's). Key k infers with the draws of document k; the collection
 * used keys from 2^31 up.
 */
export class ParagraphEmbedder implements WordsEmbedder {
  private constructor(
    readonly vectors: ParagraphVectors,
    private readonly common: Float32Array | null,
  ) {}

  get dim(): number {
    return this.vectors.setup.dim;
  }

  /** An embedder whose common direction comes from (up to 1,000 of) `documents`, inferred on this thread. */
  static fit(layer: OutputLayer, documents: readonly (readonly string[])[], options: InferenceOptions = {}): ParagraphEmbedder {
    const pv = new ParagraphVectors(layer, options);
    const sample = componentSample(documents).map((words) => pv.rowsOf(words));
    const raw = new Float32Array(sample.length * pv.setup.dim);
    sample.forEach((rows, i) => raw.set(pv.infer(rows, 2 ** 31 + i), i * pv.setup.dim));
    return ParagraphEmbedder.fromVectors(pv, raw);
  }

  /** As `fit`, with the documents inferred by `inferMany` (a GPU kernel's batch, say). */
  static async fitWith(pv: ParagraphVectors, documents: readonly (readonly string[])[], inferMany: InferMany): Promise<ParagraphEmbedder> {
    const sample = componentSample(documents).map((words) => pv.rowsOf(words));
    const raw =
      sample.length > 0
        ? await inferMany(
            sample,
            sample.map((_, i) => 2 ** 31 + i),
          )
        : new Float32Array();
    return ParagraphEmbedder.fromVectors(pv, raw);
  }

  /** An embedder whose common direction is that of raw vectors (row-major): inferred, or trained. */
  static fromVectors(pv: ParagraphVectors, raw: Float32Array): ParagraphEmbedder {
    const plain = new ParagraphEmbedder(pv, null);
    if (raw.length < 2 * pv.setup.dim) return plain;
    const unit = plain.finish(raw);
    return new ParagraphEmbedder(pv, firstComponent(unit, pv.setup.dim));
  }

  embed(words: readonly string[], key = 0): Float32Array {
    return this.finish(this.vectors.inferVector(words, key));
  }

  knows(word: string): boolean {
    return this.vectors.rowsOf([word]).length > 0;
  }

  /** Raw inferred vectors (row-major) as the index uses them: unit length, the common direction removed, unit again. */
  finish(raw: Float32Array): Float32Array {
    const unit = unitRows(raw, this.dim);
    if (!this.common) return unit;
    for (let at = 0; at < unit.length; at += this.dim) removeComponent(unit.subarray(at, at + this.dim), this.common);
    return unitRows(unit, this.dim);
  }
}

/** Up to COMPONENT_DOCUMENTS of the documents, evenly spread; none when there are fewer than 2. */
function componentSample(documents: readonly (readonly string[])[]): (readonly string[])[] {
  if (documents.length < 2) return [];
  const every = Math.max(1, Math.floor(documents.length / COMPONENT_DOCUMENTS));
  return documents.filter((_, i) => i % every === 0).slice(0, COMPONENT_DOCUMENTS);
}
