// Document similarity on the Lee set (../shared/data/docsim: 50 documents, human ratings of the
// 1,225 pairs): word vectors trained on lee_background.cor (and, with --text8 N, also on text8's
// first N characters), then each DocumentIndex method's Pearson and Spearman against the ratings,
// with the background articles (one a line) as the collection the statistics come from. Beside
// them: the index's TF-IDF bag of words alone (the hybrid with bagShare 1), and a plain TF-IDF
// cosine as the reference figures in ../shared/data/README.md computed it (raw tf, idf ln(N/df) from
// the background), as a check. Prints a table and saves JSON under bench/results/.
//
//   node --import ./bin/register.mjs bench/docsim-bench.ts [--text8 10000000] [--epochs 40] [--size 100] [--seeds 3] [--share X] [--dbow-epochs 20] [--dbow-alpha 0.01] [--trained-epochs 40] [--gpu 1]
//
// Then PV-DBOW trained on the background and the 50 documents (DocumentIndex.trainParagraphs,
// --trained-epochs passes at 0.025), the documents alone and with the words (dbow_words).
// With --gpu 1 it also infers the dbow vectors with the GPU kernel, and trains the documents-alone
// PV-DBOW with the training kernel (Dawn; SwiftShader here, so a check of the kernels' Pearson, not a speed).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import {
  dbowOnGpu,
  DOCUMENT_METHODS,
  DocumentIndex,
  documentSimilarity,
  documentWords,
  embedDocuments,
  GpuParagraphVectors,
  ParagraphVectors,
  readRatings,
  train,
} from '../src/internal';
import { nodeGpu } from '../src/node';
import { requestGpu } from '../src/runtime/gpu-device';
import { saveResult } from './bench-files';
import { machine } from './machine';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    text8: { type: 'string', default: '0' },
    epochs: { type: 'string', default: '40' },
    size: { type: 'string', default: '100' },
    window: { type: 'string', default: '5' },
    'min-count': { type: 'string', default: '2' },
    hs: { type: 'string', default: '0' },
    sample: { type: 'string', default: '1e-3' },
    seeds: { type: 'string', default: '3' },
    share: { type: 'string' },
    'dbow-epochs': { type: 'string', default: '20' },
    'dbow-alpha': { type: 'string', default: '0.01' },
    'trained-epochs': { type: 'string', default: '40' },
    gpu: { type: 'string', default: '0' },
  },
});
const data = values.data!;
const leeTexts = readFileSync(`${data}/docsim/lee.cor`, 'latin1').split('\n');
const lee = leeTexts.map((text) => documentWords(text));
const documents = leeTexts.map((text, i) => ({ id: String(i + 1), text }));
const ratings = readRatings(readFileSync(`${data}/docsim/similarities0-1.txt`, 'utf8'), lee.length);
const background = readFileSync(`${data}/corpora/lee_background.cor`, 'latin1');
const backgroundTexts = background.split('\n').filter((line) => line.trim() !== '');
const text8Chars = Number(values.text8);
const text8 =
  text8Chars > 0
    ? gunzipSync(readFileSync(`${data}/corpora/text8.head.gz`))
        .subarray(0, text8Chars)
        .toString('latin1')
    : '';

/** The reference's TF-IDF: raw tf times ln(N/df), idf from the background documents, words it lacks dropped. */
function tfidfBaseline(): { pearson: number; spearman: number } {
  const backgroundDocs = backgroundTexts.map((text) => documentWords(text));
  const df = new Map<string, number>();
  for (const words of backgroundDocs) for (const w of new Set(words)) df.set(w, (df.get(w) ?? 0) + 1);
  const vocabulary = [...df.keys()];
  const column = new Map(vocabulary.map((w, i) => [w, i]));
  const vectors = new Float32Array(lee.length * vocabulary.length);
  lee.forEach((words, d) => {
    for (const w of words) {
      const c = column.get(w);
      if (c !== undefined) vectors[d * vocabulary.length + c]! += Math.log(backgroundDocs.length / df.get(w)!);
    }
  });
  const v = vocabulary.length;
  const norm = (d: number): number => Math.hypot(...vectors.subarray(d * v, (d + 1) * v));
  return documentSimilarity((i, j) => {
    let dot = 0;
    for (let k = 0; k < v; k++) dot += vectors[i * v + k]! * vectors[j * v + k]!;
    return dot / (norm(i) * norm(j));
  }, ratings);
}

const rows: { method: string; seed: number; pearson: number; spearman: number }[] = [];
const baseline = tfidfBaseline();
console.log(`The reference's TF-IDF (raw tf, idf from the background): Pearson ${baseline.pearson.toFixed(3)}, Spearman ${baseline.spearman.toFixed(3)}`);
const seeds = Number(values.seeds);
for (let seed = 1; seed <= seeds; seed++) {
  const model = await train(
    text8 ? `${background}\n${text8}` : background,
    {
      sg: 1,
      hs: Number(values.hs) as 0 | 1,
      ...(values.hs === '1' ? { negative: 0 } : {}),
      vectorSize: Number(values.size),
      window: Number(values.window),
      minCount: Number(values['min-count']),
      sample: Number(values.sample),
      epochs: Number(values.epochs),
      seed,
      tokenizer: 'unicode',
    },
    { device: 'cpu' },
  );
  const share = values.share === undefined ? {} : { bagShare: Number(values.share) };
  for (const method of [...DOCUMENT_METHODS, 'bag of words']) {
    const options = method === 'bag of words' ? { method: 'hybrid' as const, bagShare: 1 } : { method: method as (typeof DOCUMENT_METHODS)[number], ...share };
    const inference = { epochs: Number(values['dbow-epochs']), alpha: Number(values['dbow-alpha']) };
    const index = embedDocuments(model, documents, { ...options, background: backgroundTexts, inference });
    const r = documentSimilarity((i, j) => index.score(i, j), ratings);
    rows.push({ method, seed, pearson: r.pearson, spearman: r.spearman });
    console.log(`seed ${seed} ${method}: Pearson ${r.pearson.toFixed(3)}, Spearman ${r.spearman.toFixed(3)}`);
  }
  if (values.gpu === '1') {
    const outputLayer = { words: model.vocabulary.words, counts: model.vocabulary.counts, syn1neg: model.syn1neg, dim: model.wv.vectorSize };
    const context = await requestGpu(await nodeGpu());
    const kernel = await GpuParagraphVectors.create(context.device, new ParagraphVectors(outputLayer).setup);
    const start = performance.now();
    const index = await DocumentIndex.buildBatched(
      model.wv,
      documents,
      { method: 'dbow', outputLayer, background: backgroundTexts },
      { inferMany: (docs, keys) => kernel.infer(docs, keys) },
    );
    const seconds = (performance.now() - start) / 1000;
    kernel.destroy();
    context.destroy();
    const r = documentSimilarity((i, j) => index.score(i, j), ratings);
    rows.push({ method: 'dbow (GPU kernel)', seed, pearson: r.pearson, spearman: r.spearman });
    console.log(`seed ${seed} dbow (GPU kernel, ${seconds.toFixed(1)} s): Pearson ${r.pearson.toFixed(3)}, Spearman ${r.spearman.toFixed(3)}`);
  }
  model.destroy();
  for (const trainWords of [false, true]) {
    const method = trainWords ? 'dbow trained with the words' : 'dbow trained';
    const training = {
      epochs: Number(values['trained-epochs']),
      vectorSize: Number(values.size),
      window: Number(values.window),
      minCount: Number(values['min-count']),
      trainWords,
      seed,
    };
    const start = performance.now();
    const { index } = await DocumentIndex.trainParagraphs(documents, { background: backgroundTexts, training });
    const r = documentSimilarity((i, j) => index.score(i, j), ratings);
    rows.push({ method, seed, pearson: r.pearson, spearman: r.spearman });
    console.log(`seed ${seed} ${method} (${((performance.now() - start) / 1000).toFixed(1)} s): Pearson ${r.pearson.toFixed(3)}, Spearman ${r.spearman.toFixed(3)}`);
  }
  if (values.gpu === '1') {
    const context = await requestGpu(await nodeGpu());
    const training = { epochs: Number(values['trained-epochs']), vectorSize: Number(values.size), minCount: Number(values['min-count']), seed };
    const start = performance.now();
    const { index } = await DocumentIndex.trainParagraphs(documents, { background: backgroundTexts, training }, dbowOnGpu(context.device));
    context.destroy();
    const r = documentSimilarity((i, j) => index.score(i, j), ratings);
    rows.push({ method: 'dbow trained (GPU kernel)', seed, pearson: r.pearson, spearman: r.spearman });
    console.log(`seed ${seed} dbow trained (GPU kernel, ${((performance.now() - start) / 1000).toFixed(1)} s): Pearson ${r.pearson.toFixed(3)}, Spearman ${r.spearman.toFixed(3)}`);
  }
}
const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
const summary = [
  ...DOCUMENT_METHODS,
  'bag of words',
  'dbow trained',
  'dbow trained with the words',
  ...(values.gpu === '1' ? ['dbow (GPU kernel)', 'dbow trained (GPU kernel)'] : []),
].map((method) => {
  const mine = rows.filter((r) => r.method === method);
  return { method, pearson: mean(mine.map((r) => r.pearson)), spearman: mean(mine.map((r) => r.spearman)) };
});
console.log(`\n| method | Pearson (mean of ${seeds} seeds) | Spearman |\n| --- | ---: | ---: |`);
for (const s of summary) console.log(`| ${s.method} | ${s.pearson.toFixed(3)} | ${s.spearman.toFixed(3)} |`);
console.log(`| the reference's TF-IDF (check) | ${baseline.pearson.toFixed(3)} | ${baseline.spearman.toFixed(3)} |`);
console.log(`Saved ${saveResult('docsim', { settings: values, baseline, summary, rows, machine: machine() })}`);
