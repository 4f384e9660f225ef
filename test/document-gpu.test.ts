// The documents' kernels (weighted means, PV-DBOW inference) against their CPU twins, on Dawn
// (SwiftShader without a GPU); the same cases run in Chromium (test/browser.test.ts).
import { describe, expect, it } from 'vitest';
import { DocumentIndex } from '../src/documents/document-index';
import { ParagraphVectors, inferRows } from '../src/documents/dbow/paragraph-vectors';
import { KeyedVectors } from '../src/search/keyed-vectors';
import { GpuParagraphVectors } from '../src/documents/dbow/gpu-paragraph-vectors';
import { testGpu } from './helpers/gpu';
import { compareDbowTwin, compareMeansTwin, compareParagraphTwin, DBOW_CASES, MEANS_DIMS, PARAGRAPH_CASES } from './helpers/document-twins';
import { GpuDocumentMeans } from '../src/documents/gpu-document-means';
import { GpuSimilarityIndex } from '../src/search/gpu-similarity-index';

describe('weighted means of word vectors on the GPU', () => {
  for (const dim of MEANS_DIMS) {
    it(`match their CPU twin (dim ${dim}), documents without words included`, async () => {
      const { worst, shortest } = await compareMeansTwin((await testGpu()).device, dim);
      expect(worst).toBeLessThan(1e-5);
      expect(shortest).toBeGreaterThan(1e-3);
    });
  }
});

describe('every method built in batches', () => {
  const words = ['cat', 'dog', 'car', 'bus', 'the', 'a'];
  const dim = 7;
  const kv = new KeyedVectors(
    words,
    Float32Array.from({ length: words.length * dim }, (_, i) => Math.sin(i * 0.9)),
    dim,
  );
  const documents = ['the cat and the dog', 'the car and a bus', 'cat cat dog', 'bus car the', 'a a cat', 'nothing known'].map((text, i) => ({ id: `d${i}`, text }));

  for (const method of ['hybrid', 'sif', 'tfidf', 'mean'] as const) {
    it(`${method}: the same index on this thread, in CPU batches and on the GPU`, async () => {
      const one = DocumentIndex.build(kv, documents, { method });
      const batched = await DocumentIndex.buildBatched(kv, documents, { method });
      const gpu = await GpuDocumentMeans.create((await testGpu()).device, kv.vectors, dim);
      try {
        const onGpu = await DocumentIndex.buildBatched(kv, documents, { method }, { weightedMeans: (docs, weights) => gpu.means(docs, weights) });
        for (let i = 0; i < one.vectors.length; i++) {
          expect(batched.vectors[i]).toBeCloseTo(one.vectors[i]!, 6);
          // SIF removes a direction the means share: what is left is small, so its rounding grows.
          expect(onGpu.vectors[i]).toBeCloseTo(one.vectors[i]!, 4);
        }
        expect(batched.bagWeight).toBeCloseTo(one.bagWeight, 6);
        // Ranked on the GPU's score kernel: the same order, the same scores to rounding.
        onGpu.useRanker(await GpuSimilarityIndex.fromVectors((await testGpu()).device, onGpu.vectors, dim));
        expect(onGpu.rankedOn).toBe('gpu');
        const [want, got] = [await one.search('the cat and a bus', 6), await onGpu.search('the cat and a bus', 6)];
        got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i]!.score, 4));
        onGpu.destroy();
        expect((await onGpu.search('a bus', 1))[0]!.id).toBe((await one.search('a bus', 1))[0]!.id);
      } finally {
        gpu.destroy();
      }
    });
  }
});

describe('PV-DBOW trained with the words on the GPU', () => {
  for (const [dim, negative, window, trainWords, sample] of DBOW_CASES) {
    it(`matches its CPU twin (dim ${dim}, ${negative} negatives, window ${window}, ${trainWords ? 'words trained too' : 'documents alone'}, sample ${sample})`, async () => {
      const { worst, movedDocuments, movedWords } = await compareDbowTwin((await testGpu()).device, dim, negative, window, trainWords, sample);
      expect(worst).toBeLessThan(1e-4);
      expect(movedDocuments).toBeGreaterThan(1000 * worst);
      // The words' vectors move only when they train (the documents' predictions touch the output layer alone).
      if (trainWords) expect(movedWords).toBeGreaterThan(1000 * worst);
      else expect(movedWords).toBe(0);
    });
  }
});

describe('PV-DBOW inference on the GPU', () => {
  for (const [dim, negative, sample] of PARAGRAPH_CASES) {
    it(`matches its CPU twin (dim ${dim}, ${negative} negatives, sample ${sample})`, async () => {
      const { worst, moved } = await compareParagraphTwin((await testGpu()).device, dim, negative, sample);
      expect(worst).toBeLessThan(1e-4);
      // Training moved the vectors well away from their starting points.
      expect(moved).toBeGreaterThan(1e-3);
      expect(moved).toBeGreaterThan(1000 * worst);
    });
  }

  it('an empty batch returns nothing, and a document without words keeps its starting vector', async () => {
    const { device } = await testGpu();
    const layer = { words: ['a', 'b'], counts: [2, 1], syn1neg: Float32Array.from({ length: 16 }, (_, i) => i / 16), dim: 8 };
    const { setup } = new ParagraphVectors(layer, { epochs: 2 });
    const gpu = await GpuParagraphVectors.create(device, setup);
    try {
      expect((await gpu.infer([], [])).length).toBe(0);
      const got = await gpu.infer([new Uint32Array()], [5]);
      expect(Array.from(got)).toEqual(Array.from(inferRows(setup, new Uint32Array(), 5)));
    } finally {
      gpu.destroy();
    }
  });
});

describe('the dbow document index with its vectors inferred in batches', () => {
  const words = ['cat', 'dog', 'car', 'bus', 'the'];
  const dim = 12;
  const layer = { words, counts: [5, 4, 3, 2, 20], syn1neg: Float32Array.from({ length: words.length * dim }, (_, i) => Math.sin(i * 1.7) * 0.6), dim };
  const kv = new KeyedVectors(
    words,
    Float32Array.from({ length: words.length * dim }, (_, i) => Math.cos(i)),
    dim,
  );
  const documents = ['the cat and the dog', 'the car and the bus', 'cat cat dog', 'bus car the', 'the the cat'].map((text, i) => ({ id: `d${i}`, text }));
  const options = { method: 'dbow' as const, outputLayer: layer, inference: { epochs: 5, alpha: 0.05, sample: 0 } };

  /** The index with every vector inferred by the twin (inferRows), one document at a time. */
  const byTwin = (): Promise<DocumentIndex> => {
    const pv = new ParagraphVectors(layer, options.inference);
    return DocumentIndex.buildBatched(kv, documents, options, {
      inferMany: async (docs, keys) => {
        const out = new Float32Array(docs.length * dim);
        docs.forEach((rows, d) => out.set(inferRows(pv.setup, rows, keys[d]!), d * dim));
        return out;
      },
    });
  };

  it('by default (WebAssembly SIMD here): batched, the same vectors as embedding one document at a time; near the twin', async () => {
    const one = DocumentIndex.build(kv, documents, options);
    const batched = await DocumentIndex.buildBatched(kv, documents, options);
    expect(Array.from(batched.vectors)).toEqual(Array.from(one.vectors));
    expect((await batched.similar('d0', 1))[0]!.id).toBe((await one.similar('d0', 1))[0]!.id);
    // The SIMD kernel's sigmoid comes from a table: its unit vectors stay within 0.01 of the twin's.
    const twin = await byTwin();
    for (let i = 0; i < one.vectors.length; i++) expect(Math.abs(one.vectors[i]! - twin.vectors[i]!)).toBeLessThan(0.01);
  });

  it('on the GPU: within float rounding of the twin', async () => {
    const { device } = await testGpu();
    const twin = await byTwin();
    const gpu = await GpuParagraphVectors.create(device, new ParagraphVectors(layer, options.inference).setup);
    try {
      const onGpu = await DocumentIndex.buildBatched(kv, documents, options, { inferMany: (docs, keys) => gpu.infer(docs, keys) });
      for (let i = 0; i < twin.vectors.length; i++) expect(onGpu.vectors[i]).toBeCloseTo(twin.vectors[i]!, 4);
    } finally {
      gpu.destroy();
    }
  });
});
