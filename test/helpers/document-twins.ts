// The documents' kernels (weighted means, PV-DBOW inference and training) against their CPU twins on random
// problems: shared by the Node test (Dawn) and the Chromium page (navigator.gpu).
import { DocumentEmbedder } from '../../src/documents/document-vectors';
import { ParagraphVectors, inferRows } from '../../src/documents/dbow/paragraph-vectors';
import { startingVector } from '../../src/documents/dbow/inference-setup';
import { GpuDocumentMeans } from '../../src/documents/gpu-document-means';
import { GpuParagraphVectors } from '../../src/documents/dbow/gpu-paragraph-vectors';
import { GpuDbowTrainer } from '../../src/documents/dbow/gpu-dbow-trainer';
import { prepareDbow, trainDbowEpoch } from '../../src/documents/dbow/dbow-training';
import { KeyedVectors } from '../../src/search/keyed-vectors';
import { pcg } from '../../src/core/rng';

/** Vector size, noise words and subsampling of each case. */
export const PARAGRAPH_CASES: readonly (readonly [number, number, number])[] = [
  [37, 5, 1e-3],
  [100, 3, 0],
  [130, 5, 1e-2],
];

export interface ParagraphComparison {
  /** The largest difference of a value, relative to its vector's length. */
  worst: number;
  /** How far training moved the first vector from its start (largest value). */
  moved: number;
}

/** Infers 23 random documents (up to 40 words of 60, Zipf counts) on the GPU and with the twin. */
export async function compareParagraphTwin(device: GPUDevice, dim: number, negative: number, sample: number): Promise<ParagraphComparison> {
  const vocab = 60;
  const words = Array.from({ length: vocab }, (_, i) => `w${i}`);
  const counts = words.map((_, i) => Math.ceil(1000 / (i + 1)));
  const syn1neg = Float32Array.from({ length: vocab * dim }, (_, i) => ((pcg(i) >>> 8) / 2 ** 24 - 0.5) * 0.8);
  const docs = Array.from({ length: 23 }, (_, d) => Uint32Array.from({ length: 1 + (pcg(d + 999) % 40) }, (_, p) => pcg(d * 131 + p) % vocab));
  const { setup } = new ParagraphVectors({ words, counts, syn1neg, dim }, { epochs: 4, alpha: 0.05, negative, sample, seed: 7 });
  const keys = docs.map((_, d) => (d * 7919) >>> 0);
  const gpu = await GpuParagraphVectors.create(device, setup);
  try {
    const got = await gpu.infer(docs, keys);
    let worst = 0;
    docs.forEach((rows, d) => {
      const want = inferRows(setup, rows, keys[d]!);
      const norm = Math.hypot(...want);
      for (let k = 0; k < dim; k++) worst = Math.max(worst, Math.abs(got[d * dim + k]! - want[k]!) / norm);
    });
    const start = startingVector(dim, setup.seed, keys[0]!);
    return { worst, moved: Math.max(...Array.from(start, (x, k) => Math.abs(got[k]! - x))) };
  } finally {
    gpu.destroy();
  }
}

/** Vector sizes the weighted-means kernel is checked at. */
export const MEANS_DIMS: readonly number[] = [37, 100, 130];

/**
 * The weighted means of 31 random documents (up to 50 words of 80, a few without any) on the GPU
 * against DocumentEmbedder.embed with TF-IDF weights: the largest difference relative to the
 * vector's length, and the smallest length of a document with words (so that zero cannot pass).
 */
export async function compareMeansTwin(device: GPUDevice, dim: number): Promise<{ worst: number; shortest: number }> {
  const vocab = 80;
  const words = Array.from({ length: vocab }, (_, i) => `w${i}`);
  const kv = new KeyedVectors(
    words,
    Float32Array.from({ length: vocab * dim }, (_, i) => (pcg(i + 77) >>> 8) / 2 ** 24 - 0.5),
    dim,
  );
  const docs = Array.from({ length: 31 }, (_, d) => Array.from({ length: d % 10 === 3 ? 0 : 1 + (pcg(d + 5) % 50) }, (_, p) => words[pcg(d * 17 + p) % vocab]!));
  const embedder = DocumentEmbedder.fit(kv, docs, { method: 'tfidf' });
  const gpu = await GpuDocumentMeans.create(device, kv.vectors, dim);
  try {
    const got = await gpu.means(
      docs.map((w) => embedder.rowsOf(w)),
      embedder.wordWeights,
    );
    let worst = 0;
    let shortest = Infinity;
    docs.forEach((w, d) => {
      const want = embedder.embed(w);
      const norm = Math.hypot(...want);
      if (w.length > 0) shortest = Math.min(shortest, norm);
      for (let k = 0; k < dim; k++) worst = Math.max(worst, Math.abs(got[d * dim + k]! - want[k]!) / (norm || 1));
    });
    return { worst, shortest };
  } finally {
    gpu.destroy();
  }
}

/** Vector size, noise words, window, whether the words train too, and subsampling of each PV-DBOW training case. */
export const DBOW_CASES: readonly (readonly [number, number, number, boolean, number])[] = [
  [37, 5, 3, true, 1e-3],
  [100, 3, 5, true, 0],
  [130, 5, 2, false, 1e-2],
];

export interface DbowComparison {
  /** The largest difference of a value of the three matrices, relative to that matrix's largest value. */
  worst: number;
  /** How far training moved the documents' and the words' vectors (largest change of a value in each). */
  movedDocuments: number;
  movedWords: number;
}

/** Trains 9 random documents (up to 40 words of 60, Zipf counts) for 3 epochs on the GPU, a document a dispatch, and with the twin. */
export async function compareDbowTwin(device: GPUDevice, dim: number, negative: number, window: number, trainWords: boolean, sample: number): Promise<DbowComparison> {
  const vocab = 60;
  const counts = Array.from({ length: vocab }, (_, i) => Math.ceil(1000 / (i + 1)));
  const corpus = {
    words: counts.map((_, i) => `w${i}`),
    counts,
    documents: Array.from({ length: 9 }, (_, d) => Uint32Array.from({ length: 1 + (pcg(d + 4242) % 40) }, (_, p) => pcg(d * 977 + p) % vocab)),
  };
  const options = { vectorSize: dim, negative, window, trainWords, sample, epochs: 3, alpha: 0.05, seed: 11 };
  const cpu = prepareDbow(corpus, options);
  const start = { syn0: cpu.state.syn0.slice(), documents: cpu.state.documents.slice() };
  const onGpu = prepareDbow(corpus, options);
  const gpu = await GpuDbowTrainer.create(device, onGpu.setup, onGpu.state, corpus.documents);
  try {
    for (let epoch = 0; epoch < cpu.setup.epochs; epoch++) {
      trainDbowEpoch(cpu.setup, cpu.state, corpus.documents, epoch);
      await gpu.runEpoch(epoch, 1);
    }
    const got = await gpu.finish();
    let worst = 0;
    for (const name of ['syn0', 'syn1neg', 'documents'] as const) {
      const want = cpu.state[name];
      const scale = Math.max(...Array.from(want, Math.abs));
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[name][i]! - want[i]!) / scale);
    }
    const moved = (a: Float32Array, b: Float32Array): number => Math.max(...Array.from(a, (x, i) => Math.abs(x - b[i]!)));
    return { worst, movedDocuments: moved(got.documents, start.documents), movedWords: moved(got.syn0, start.syn0) };
  } finally {
    gpu.destroy();
  }
}
