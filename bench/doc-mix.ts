// How the bag of words mixes with each kind of document vector, on every document task: the
// score is share x the bags' cosine / its spread + (1 - share) x the vectors' cosine / its spread,
// the spreads being the standard deviations over the task's pairs. Vectors: SIF of the task's word
// vectors, PV-DBOW inferred through their output layer, and PV-DBOW trained with the words.
//
//   node --import ./bin/register.mjs bench/doc-mix.ts [--tasks lee,fortunes,wordnet] [--shares 0,0.2,0.4,0.6,0.8,1]
//
// Prints a table a task at a time and saves everything to bench/results/doc-mix-*.json.
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { DocumentIndex, documentWords, embedDocuments, train } from '../src/internal';
import { spawnNodeKernelThread } from '../src/node';
import { saveResult } from './bench-files';
import { figures, loadTask } from './doc-task-data';
import { machine } from './machine';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    tasks: { type: 'string', default: 'lee,fortunes,wordnet' },
    shares: { type: 'string', default: '0,0.2,0.3,0.4,0.5,0.6,0.8,1' },
    'per-label': { type: 'string', default: '60' },
    'trained-epochs': { type: 'string', default: '20' },
  },
});

const threads = Math.min(availableParallelism(), 8);
const shares = values.shares!.split(',').map(Number);
const rows: { task: string; vectors: string; share: number; figures: Record<string, number> }[] = [];

/** Every pair's score as a matrix, and its standard deviation over the pairs (i < j). */
function matrix(n: number, score: (i: number, j: number) => number): { scores: Float64Array; spread: number } {
  const scores = new Float64Array(n * n);
  let sum = 0;
  let squares = 0;
  let pairs = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const s = i === j ? 0 : score(i, j);
      scores[i * n + j] = s;
      if (i < j) {
        sum += s;
        squares += s * s;
        pairs++;
      }
    }
  const meanScore = sum / pairs;
  return { scores, spread: Math.sqrt(Math.max(1e-12, squares / pairs - meanScore * meanScore)) };
}

for (const name of values.tasks!.split(',')) {
  const task = loadTask(name, values.data!, Number(values['per-label']));
  const n = task.documents.length;
  const backgroundWords = task.background.reduce((count, text) => count + documentWords(text).length, 0);
  const epochs = Math.max(5, Math.min(40, Math.round(5e6 / backgroundWords)));
  const model = await train(
    task.background.join('\n'),
    { sg: 1, vectorSize: 100, window: 5, minCount: 2, sample: 1e-3, epochs, tokenizer: 'unicode', seed: 1 },
    { device: 'cpu', threads, spawnThread: spawnNodeKernelThread },
  );
  const byMethod = (method: 'hybrid' | 'sif' | 'dbow', bagShare?: number): DocumentIndex =>
    embedDocuments(model, task.documents, { method, background: task.background, ...(bagShare !== undefined ? { bagShare } : {}) });
  const bagIndex = byMethod('hybrid', 1);
  const bag = matrix(n, (i, j) => bagIndex.score(i, j));
  const start = performance.now();
  const trained = (
    await DocumentIndex.trainParagraphs(task.documents, {
      background: task.background,
      training: { epochs: Number(values['trained-epochs']), minCount: 2, trainWords: true, vectorSize: 100, seed: 1, threads, spawnThread: spawnNodeKernelThread },
    })
  ).index;
  console.log(`\n${task.name}: PV-DBOW with the words trained in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  const sif = byMethod('sif');
  const inferred = byMethod('dbow');
  const vectors = {
    sif: matrix(n, (i, j) => sif.score(i, j)),
    'dbow inferred': matrix(n, (i, j) => inferred.score(i, j)),
    'dbow trained with the words': matrix(n, (i, j) => trained.score(i, j)),
  };
  model.destroy();
  for (const [label, dense] of Object.entries(vectors)) {
    for (const share of shares) {
      const f = figures(task, (i, j) => (share * bag.scores[i * n + j]!) / bag.spread + ((1 - share) * dense.scores[i * n + j]!) / dense.spread);
      rows.push({ task: task.name, vectors: label, share, figures: f });
      console.log(`  ${label}, bag share ${share}: ${JSON.stringify(f, (_, v) => (typeof v === 'number' ? Number(v.toFixed(3)) : v))}`);
    }
  }
}

console.log(`\nSaved ${saveResult('doc-mix', { settings: values, rows, machine: machine() })}`);
