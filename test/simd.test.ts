import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CpuKernels } from '../src/word2vec/cpu/typescript-kernels';
import { createCpuWeights, openKernels, readCpuWeights } from '../src/word2vec/cpu/cpu-weights';
import { buildHuffmanTree } from '../src/word2vec/huffman';
import { inputRows, outputRows, type KernelConfig, type KernelInputs } from '../src/word2vec/kernel-contract';
import { batches, makeSchedule } from '../src/word2vec/schedule';
import { initialInputVectors, keepProbabilities, noiseTable } from '../src/core/noise-tables';
import { train } from '../src/word2vec/train';
import { syntheticCorpus } from './helpers/twin';
import { SENTENCE_END } from '../src/text/vocabulary';
import { inferRows, ParagraphVectors } from '../src/documents/dbow/paragraph-vectors';
import { SimdInference } from '../src/documents/dbow/simd-inference';
import { startingVector } from '../src/documents/dbow/inference-setup';

function maxDifference(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('the CPU path in WebAssembly SIMD', () => {
  it('ships each .wat module as assembled by scripts/build-wasm.mjs', async () => {
    const { generatedModule, WASM_MODULES } = (await import('../scripts/build-wasm.mjs' as string)) as {
      generatedModule(source: string): Promise<string>;
      WASM_MODULES: { source: string; target: string }[];
    };
    expect(WASM_MODULES.map((m) => m.source)).toEqual(['src/word2vec/cpu/training.wat', 'src/search/score-rows.wat']);
    for (const { source, target } of WASM_MODULES) {
      const committed = readFileSync(new URL(`../${target}`, import.meta.url), 'utf8');
      expect(committed, `${source} changed: run npm run build:wasm`).toBe(await generatedModule(source));
    }
  });

  // Sizes 16 and 50: rows of whole vec4s, and rows padded from 50 to 52 floats.
  const OUTPUTS = { 'negative sampling': { hs: false, negative: 4 }, 'hierarchical softmax': { hs: true, negative: 0 }, both: { hs: true, negative: 4 } };
  for (const [outputName, outputs] of Object.entries(OUTPUTS)) {
    for (const cbow of [false, true]) {
      for (const dim of [16, 50]) {
        it(`trains as the twin does (${outputName}, ${cbow ? 'CBOW' : 'skip-gram'}, size ${dim}): same walk, sums four-wide, sigmoid from a table`, () => {
          const { ids, counts } = syntheticCorpus(3000, 40, 7);
          const tree = outputs.hs ? buildHuffmanTree(counts) : undefined;
          const config: KernelConfig = { dim, window: 3, negative: outputs.negative, vocabSize: 40, cbow, loss: 'ns', treeDepth: tree?.stride ?? 0 };
          const inputs: KernelInputs = { corpus: ids, keepProbability: keepProbabilities(counts, 0.01), noiseTable: noiseTable(counts, 0.75), tree };
          const syn0 = initialInputVectors(config.vocabSize, config.dim, 3);
          const twin = new CpuKernels(config, inputs, syn0.slice(), new Float32Array(outputRows(config) * dim));
          const model = createCpuWeights(config, syn0, 1);
          expect(model.kind).toBe('simd');
          const simd = openKernels(model, config, inputs, 0);
          let twinLoss = 0;
          let simdLoss = 0;
          let examples = 0;
          for (const batch of batches(makeSchedule(ids.length, 2, 2, 'cpu'), { alpha: 0.05, minAlpha: 0.0001, seed: 11 })) {
            for (const dispatch of batch) {
              const a = twin.runDispatch(dispatch);
              const b = simd.runDispatch(dispatch);
              expect(b.examples).toBe(a.examples); // the same walk
              twinLoss += a.loss;
              simdLoss += b.loss;
              examples += a.examples;
            }
          }
          const trained = readCpuWeights(model, config);
          const moved = maxDifference(twin.syn0, syn0);
          console.log(
            `SIMD vs twin, ${outputName}, ${cbow ? 'cbow' : 'sg'} ${dim}: syn0 ${maxDifference(trained.syn0, twin.syn0).toExponential(2)}, syn1 ${maxDifference(trained.syn1, twin.syn1).toExponential(2)}, moved ${moved.toFixed(3)}, loss ${simdLoss.toFixed(2)} / ${twinLoss.toFixed(2)} over ${examples}`,
          );
          expect(examples).toBeGreaterThan(500);
          expect(moved).toBeGreaterThan(0.05);
          expect(maxDifference(trained.syn0, twin.syn0)).toBeLessThan(moved / 50);
          expect(maxDifference(trained.syn1, twin.syn1)).toBeLessThan(maxDifference(twin.syn1, new Float32Array(twin.syn1.length)) / 50);
          expect(Math.abs(simdLoss - twinLoss) / twinLoss).toBeLessThan(0.005);
          if (model.kind === 'simd' && dim % 4 !== 0) {
            // Each row's padding floats start at zero and stay zero.
            const stride = model.layout.rowBytes / 4;
            for (const [at, count] of [
              [model.layout.syn0, config.vocabSize],
              [model.layout.syn1, outputRows(config)],
            ] as const) {
              const rows = new Float32Array(model.memory.buffer, at, count * stride);
              for (let w = 0; w < count; w++) expect(Array.from(rows.subarray(w * stride + dim, (w + 1) * stride))).toEqual([0, 0]);
            }
          }
        });
      }
    }
  }

  for (const trainWords of [true, false]) {
    it(`PV-DBOW ${trainWords ? 'with' : 'without'} the words: each position's document row is one more context, trained as the twin trains it`, () => {
      const { ids, counts } = syntheticCorpus(3000, 40, 7);
      // Each sentence is a document.
      const documentOf = new Uint32Array(ids.length);
      let documents = 0;
      ids.forEach((id, i) => {
        documentOf[i] = documents;
        if (id === SENTENCE_END) documents++;
      });
      const config: KernelConfig = { dim: 12, window: 3, negative: 4, vocabSize: 40, cbow: false, loss: 'ns', treeDepth: 0, documents, trainWords };
      const inputs: KernelInputs = { corpus: ids, keepProbability: keepProbabilities(counts, 0.01), noiseTable: noiseTable(counts, 0.75), documentOf };
      expect(inputRows(config)).toBe(40 + documents);
      const syn0 = initialInputVectors(inputRows(config), config.dim, 3);
      const twin = new CpuKernels(config, inputs, syn0.slice(), new Float32Array(outputRows(config) * config.dim));
      const model = createCpuWeights(config, syn0, 1);
      const simd = openKernels(model, config, inputs, 0);
      let positions = 0;
      for (const batch of batches(makeSchedule(ids.length, 2, 2, 'cpu'), { alpha: 0.05, minAlpha: 0.0001, seed: 11 }))
        for (const dispatch of batch) {
          const a = twin.runDispatch(dispatch);
          expect(simd.runDispatch(dispatch).examples).toBe(a.examples);
          positions += a.examples;
        }
      const trained = readCpuWeights(model, config);
      const words = 40 * config.dim;
      const documentsMoved = maxDifference(twin.syn0.subarray(words), syn0.subarray(words));
      const wordsMoved = maxDifference(twin.syn0.subarray(0, words), syn0.subarray(0, words));
      expect(positions).toBeGreaterThan(500);
      expect(documentsMoved).toBeGreaterThan(0.01);
      if (trainWords) expect(wordsMoved).toBeGreaterThan(0.01);
      else expect(wordsMoved).toBe(0); // only the documents' rows learn as inputs
      expect(maxDifference(trained.syn0, twin.syn0)).toBeLessThan(Math.max(documentsMoved, wordsMoved) / 50);
      expect(maxDifference(trained.syn1, twin.syn1)).toBeLessThan(maxDifference(twin.syn1, new Float32Array(twin.syn1.length)) / 50);
    });
  }

  it('PV-DBOW inference: each kept word an example of the frozen output layer, as the twin (inferRows) infers it', () => {
    const words = 60;
    const dim = 37; // rows padded to 40 floats in the memory
    const counts = Array.from({ length: words }, (_, w) => 1 + Math.floor(1000 / (w + 1)));
    const syn1neg = initialInputVectors(words, dim, 5).map((x) => x * dim * 2); // about unit-scale entries
    const pv = new ParagraphVectors({ words: counts.map((_, w) => `w${w}`), counts, syn1neg, dim }, { sample: 0.01, epochs: 20, alpha: 0.05, negative: 5 });
    const simd = SimdInference.create(pv.setup)!;
    expect(simd).not.toBeNull();
    const { ids } = syntheticCorpus(400, words, 3);
    const rows = ids.filter((id) => id !== SENTENCE_END);
    for (const key of [0, 7, 2 ** 31 + 1]) {
      const twin = inferRows(pv.setup, rows, key);
      const moved = maxDifference(twin, startingVector(dim, pv.setup.seed, key));
      expect(moved).toBeGreaterThan(0.05);
      expect(maxDifference(simd.infer(rows, key), twin)).toBeLessThan(moved / 50);
    }
    // A document of no known words keeps its starting vector; ParagraphVectors infers through the SIMD kernel.
    expect(Array.from(simd.infer(new Uint32Array(), 3))).toEqual(Array.from(startingVector(dim, pv.setup.seed, 3)));
    expect(Array.from(pv.infer(rows, 7))).toEqual(Array.from(simd.infer(rows, 7)));
  });

  it('is what train() uses on the CPU for negative sampling and hierarchical softmax; the full softmax keeps the TypeScript kernels', async () => {
    const text = 'the cat sat on the mat and the dog sat on the log '.repeat(200);
    const ns = await train(text, { minCount: 1, vectorSize: 10, epochs: 1 }, { device: 'cpu' });
    expect(ns.report.cpuKernels).toBe('simd');
    expect(ns.wv.size).toBe(8); // the, cat, sat, on, mat, and, dog, log
    expect([ns.syn1neg.length, ns.syn1.length]).toEqual([80, 0]);
    ns.destroy();
    const hs = await train(text, { minCount: 1, vectorSize: 10, epochs: 1, hs: 1, negative: 0 }, { device: 'cpu' });
    expect(hs.report.cpuKernels).toBe('simd');
    expect([hs.syn1neg.length, hs.syn1.length]).toEqual([0, 80]);
    // Seven inner nodes were trained; the eighth row, as in the C tool, is never used.
    expect(hs.syn1.subarray(0, 70).some((v) => v !== 0)).toBe(true);
    expect(hs.syn1.subarray(70).every((v) => v === 0)).toBe(true);
    hs.destroy();
    const softmax = await train(text, { minCount: 1, vectorSize: 10, epochs: 1, loss: 'softmax' }, { device: 'cpu' });
    expect(softmax.report.cpuKernels).toBe('twin');
    softmax.destroy();
  });
});
