// How the bag of words mixes with document vectors, on every document task: a score is the sum,
// over the parts, of its weight x its cosine / its spread (the standard deviation over the task's
// pairs). Parts: the bag of words, SIF of the task's word vectors, PV-DBOW inferred through their
// output layer, and PV-DBOW trained with the words (20 epochs, min count 2).
//
//   node --import ./bin/register.mjs bench/doc-mix.ts [--tasks lee,fortunes,wordnet] [--cached 1]
//
// --cached 1 reuses the score matrices of the last run (bench/tmp/doc-mix-TASK.json) instead of
// training again. Prints each mix's figures a task at a time and saves them to
// bench/results/doc-mix-*.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { DocumentIndex, documentWords, embedDocuments, train } from '../src/internal';
import { spawnNodeKernelThread } from '../src/node';
import { saveResult, WORK } from './bench-files';
import { figures, loadTask, type Task } from './doc-task-data';
import { machine } from './machine';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    tasks: { type: 'string', default: 'lee,fortunes,wordnet' },
    'per-label': { type: 'string', default: '60' },
    'trained-epochs': { type: 'string', default: '20' },
    cached: { type: 'string', default: '0' },
  },
});

const threads = Math.min(availableParallelism(), 8);
const PARTS = ['bag', 'sif', 'dbow inferred', 'dbow trained with the words'] as const;
type Part = (typeof PARTS)[number];
/** The mixes tried: each part's weight (before dividing by its spread). */
const MIXES: Partial<Record<Part, number>>[] = [];
for (const bag of [0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1]) for (const dense of ['sif', 'dbow inferred', 'dbow trained with the words'] as const) MIXES.push({ bag, [dense]: 1 - bag });
for (const bag of [0, 0.2, 0.3, 0.4, 0.5]) {
  MIXES.push({ bag, sif: (1 - bag) / 2, 'dbow trained with the words': (1 - bag) / 2 });
  MIXES.push({ bag, sif: (1 - bag) / 2, 'dbow inferred': (1 - bag) / 2 });
}

/** Every pair's score (n x n, row-major; 0 on the diagonal). */
function matrix(n: number, score: (i: number, j: number) => number): number[] {
  const scores = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) scores[i * n + j] = score(i, j);
  return scores;
}

/** The standard deviation of the scores over the pairs i < j. */
function spread(n: number, scores: readonly number[]): number {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      sum += scores[i * n + j]!;
      squares += scores[i * n + j]! ** 2;
    }
  const pairs = (n * (n - 1)) / 2;
  return Math.sqrt(Math.max(1e-12, squares / pairs - (sum / pairs) ** 2));
}

async function scoreMatrices(task: Task): Promise<Record<Part, number[]>> {
  const n = task.documents.length;
  const backgroundWords = task.background.reduce((count, text) => count + documentWords(text).length, 0);
  const epochs = Math.max(5, Math.min(40, Math.round(5e6 / backgroundWords)));
  const model = await train(
    task.background.join('\n'),
    { sg: 1, vectorSize: 100, window: 5, minCount: 2, sample: 1e-3, epochs, tokenizer: 'unicode', seed: 1 },
    { device: 'cpu', threads, spawnThread: spawnNodeKernelThread },
  );
  const byMethod = (method: 'hybrid' | 'sif' | 'dbow'): DocumentIndex =>
    embedDocuments(model, task.documents, { method, background: task.background, ...(method === 'hybrid' ? { bagShare: 1 } : {}) });
  const indexes = { bag: byMethod('hybrid'), sif: byMethod('sif'), 'dbow inferred': byMethod('dbow') };
  model.destroy();
  const trained = (
    await DocumentIndex.trainParagraphs(task.documents, {
      background: task.background,
      training: { epochs: Number(values['trained-epochs']), minCount: 2, trainWords: true, vectorSize: 100, seed: 1, threads, spawnThread: spawnNodeKernelThread },
    })
  ).index;
  const all = { ...indexes, 'dbow trained with the words': trained };
  return Object.fromEntries(PARTS.map((part) => [part, matrix(n, (i, j) => all[part].score(i, j))])) as Record<Part, number[]>;
}

const rows: { task: string; mix: Partial<Record<Part, number>>; figures: Record<string, number> }[] = [];
mkdirSync(WORK, { recursive: true });
for (const name of values.tasks!.split(',')) {
  const task = loadTask(name, values.data!, Number(values['per-label']));
  const n = task.documents.length;
  const cache = `${WORK}/doc-mix-${name}.json`;
  const scores: Record<Part, number[]> = values.cached === '1' && existsSync(cache) ? JSON.parse(readFileSync(cache, 'utf8')) : await scoreMatrices(task);
  writeFileSync(cache, JSON.stringify(scores));
  const spreads = Object.fromEntries(PARTS.map((part) => [part, spread(n, scores[part])])) as Record<Part, number>;
  console.log(`\n${name}: spreads ${JSON.stringify(spreads, (_, v) => (typeof v === 'number' ? Number(v.toFixed(4)) : v))}`);
  for (const mix of MIXES) {
    const parts = Object.entries(mix) as [Part, number][];
    const f = figures(task, (i, j) => parts.reduce((s, [part, weight]) => s + (weight * scores[part][i * n + j]!) / spreads[part], 0));
    rows.push({ task: name, mix, figures: f });
    console.log(
      `  ${parts.map(([part, weight]) => `${part} ${weight.toFixed(2)}`).join(', ')}: ${JSON.stringify(f, (_, v) => (typeof v === 'number' ? Number(v.toFixed(3)) : v))}`,
    );
  }
}

console.log(`\nSaved ${saveResult('doc-mix', { settings: values, rows, machine: machine() })}`);
