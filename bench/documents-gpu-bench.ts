// The documents' kernels against the CPU, in Node: N documents of W words (the text8 prefix in
// ../shared/data cut in pieces), vectors trained on the same text first (CPU path, every core).
// Times building the index on this thread and with the GPU's batches (the hybrid's weighted means;
// PV-DBOW inference and PV-DBOW trained on the documents, each on the CPU for a sample of
// --dbow-cpu documents only, as they are slow there), and searches ranked on this thread against
// the GPU's score kernel. Prints one JSON line and saves
// it under bench/results/ ($OUT/bench/results on the GPU machine: run from bench/gpu-bench.sh).
// On SwiftShader (no GPU) it checks that everything runs; its GPU times are not GPU figures.
//
//   node --import ./bin/register.mjs bench/documents-gpu-bench.ts [--documents 10000] [--words 200] [--dbow-cpu 500]
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { dbowOnGpu, DocumentIndex, embedDocuments, GpuDocumentMeans, GpuParagraphVectors, GpuSimilarityIndex, ParagraphVectors, train } from '../src/internal';
import { nodeGpu, spawnNodeKernelThread } from '../src/node';
import { adapterName, requestGpu } from '../src/runtime/gpu-device';
import { saveResult } from './bench-files';
import { machine } from './machine';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    documents: { type: 'string', default: '10000' },
    words: { type: 'string', default: '200' },
    'dbow-cpu': { type: 'string', default: '500' },
  },
});
const count = Number(values.documents);
const perDocument = Number(values.words);
const words = gunzipSync(readFileSync(`${values.data}/corpora/text8.head.gz`))
  .toString('latin1')
  .split(' ')
  .filter(Boolean);
if (words.length < count * perDocument) throw new Error(`The text has ${words.length} words, fewer than ${count} x ${perDocument}.`);
const documents = Array.from({ length: count }, (_, d) => ({ id: String(d + 1), text: words.slice(d * perDocument, (d + 1) * perDocument).join(' ') }));
const model = await train(
  documents.map((d) => d.text).join('\n'),
  { sg: 1, vectorSize: 100, window: 5, negative: 5, sample: 1e-4, epochs: 1, tokenizer: 'unicode' },
  { device: 'cpu', threads: availableParallelism(), spawnThread: spawnNodeKernelThread },
);
const context = await requestGpu(await nodeGpu());
const seconds = async <T>(work: () => Promise<T> | T): Promise<{ value: T; seconds: number }> => {
  const start = performance.now();
  const value = await work();
  return { value, seconds: Number(((performance.now() - start) / 1000).toFixed(3)) };
};
const queries = ['the history of the roman empire', 'football world cup', 'quantum mechanics and relativity', 'music of the baroque era', 'computer programming languages'];
/** Milliseconds of each query's search. */
async function searchMs(index: DocumentIndex): Promise<number[]> {
  const out: number[] = [];
  for (const q of queries) {
    const start = performance.now();
    await index.search(q, 10);
    out.push(Number((performance.now() - start).toFixed(1)));
  }
  return out;
}
try {
  const cpuHybrid = await seconds(() => embedDocuments(model, documents));
  const means = await GpuDocumentMeans.create(context.device, model.wv.vectors, model.wv.vectorSize);
  const wordCounts = new Map(model.vocabulary.words.map((w, i) => [w, model.vocabulary.counts[i]!]));
  const gpuHybrid = await seconds(() => DocumentIndex.buildBatched(model.wv, documents, { wordCounts }, { weightedMeans: (docs, weights) => means.means(docs, weights) }));
  means.destroy();
  let worst = 0;
  for (let i = 0; i < cpuHybrid.value.vectors.length; i++) worst = Math.max(worst, Math.abs(cpuHybrid.value.vectors[i]! - gpuHybrid.value.vectors[i]!));
  const cpuSearch = await searchMs(cpuHybrid.value);
  gpuHybrid.value.useRanker(await GpuSimilarityIndex.fromVectors(context.device, gpuHybrid.value.vectors, gpuHybrid.value.dim));
  const gpuSearch = await searchMs(gpuHybrid.value);
  gpuHybrid.value.destroy();

  const outputLayer = { words: model.vocabulary.words, counts: model.vocabulary.counts, syn1neg: model.syn1neg, dim: model.wv.vectorSize };
  const sample = documents.slice(0, Math.min(count, Number(values['dbow-cpu'])));
  const cpuDbow = await seconds(() => embedDocuments(model, sample, { method: 'dbow' }));
  const kernel = await GpuParagraphVectors.create(context.device, new ParagraphVectors(outputLayer).setup);
  const gpuDbow = await seconds(() => DocumentIndex.buildBatched(model.wv, documents, { method: 'dbow', outputLayer }, { inferMany: (docs, keys) => kernel.infer(docs, keys) }));
  kernel.destroy();
  // PV-DBOW trained on the documents (40 epochs, the documents alone): the CPU twin on the sample, the kernel on them all.
  const cpuTrained = await seconds(() => DocumentIndex.trainParagraphs(sample, {}));
  const gpuTrained = await seconds(() => DocumentIndex.trainParagraphs(documents, {}, dbowOnGpu(context.device)));
  const result = {
    adapter: adapterName(context.adapter),
    documents: count,
    wordsPerDocument: perDocument,
    vocabulary: model.wv.size,
    hybrid: { cpuSeconds: cpuHybrid.seconds, gpuMeansSeconds: gpuHybrid.seconds, largestDifference: worst },
    searchMs: { cpu: cpuSearch, gpuRanker: gpuSearch },
    dbow: { cpuDocuments: sample.length, cpuSeconds: cpuDbow.seconds, gpuDocuments: count, gpuSeconds: gpuDbow.seconds },
    dbowTrained: { cpuDocuments: sample.length, cpuSeconds: cpuTrained.seconds, gpuDocuments: count, gpuSeconds: gpuTrained.seconds },
    machine: machine(),
  };
  console.log(JSON.stringify(result));
  console.log(`Saved ${saveResult('documents-gpu', result)}`);
} finally {
  context.destroy();
  model.destroy();
}
