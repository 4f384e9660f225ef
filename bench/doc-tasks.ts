// Document methods on more than one task, with gensim's methods as peers in the same run:
//
// - lee:      the Lee set's 1,225 rated pairs (../shared/data/docsim), Pearson; the background is
//             lee_background.cor;
// - fortunes: Debian's `fortunes` (fortune-mod's files, one category a file): 60 fortunes from each
//             of 8 topical categories, classified by their neighbours; the background is every
//             fortune of every category;
// - wordnet:  Debian's `wordnet-base`: 60 noun glosses from each of 8 lexicographer files (animal,
//             artifact, body, food, location, person, plant, substance), classified likewise; the
//             background is every gloss of WordNet.
//
// The classification tasks score leave-one-out k-NN (1 and 5 neighbours, majority vote, ties to the
// nearest) and retrieval precision at 10 (the share of each document's 10 nearest with its label).
// Word vectors are trained on each task's background with one rule for every task (skip-gram, 100
// values, window 5, min count 2, epochs to see about 5M words, 5 to 40); the documents' statistics
// come from the background too. Each document is tokenized once (the documents' tokenizer) and
// gensim's peers (bench/doc-tasks-peers.py: TF-IDF, LSI 200, Doc2Vec PV-DBOW with and without
// dbow_words at gensim's defaults, the mean of gensim's Word2Vec at the settings above) get the
// same tokens.
//
//   sudo apt-get install fortunes wordnet-base python3-gensim
//   node --import ./bin/register.mjs bench/doc-tasks.ts [--tasks lee,fortunes,wordnet] [--seeds 1] [--share X]
//        [--trained plain,words,words-defaults] [--peers 1]
//
// --trained picks the PV-DBOW runs trained on each task: without the words, with them (both at
// --trained-epochs, min count 2), and with them at gensim's defaults (10 epochs, min count 5);
// an empty list trains none. --share sets every hybrid's bag share (default: by the documents'
// length, defaultBagShare); the hybrid at 0.6, the default before, runs beside it.
//
// Prints a table a task at a time and saves everything to bench/results/doc-tasks-*.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { DOCUMENT_METHODS, DocumentIndex, documentWords, embedDocuments, train, type DocumentMethod } from '../src/internal';
import { figures, loadTask } from './doc-task-data';
import { spawnNodeKernelThread } from '../src/node';
import { saveResult, WORK } from './bench-files';
import { machine } from './machine';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    tasks: { type: 'string', default: 'lee,fortunes,wordnet' },
    seeds: { type: 'string', default: '1' },
    share: { type: 'string' },
    'per-label': { type: 'string', default: '60' },
    trained: { type: 'string', default: 'plain,words,words-defaults' },
    'trained-epochs': { type: 'string', default: '20' },
    peers: { type: 'string', default: '1' },
  },
});

const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
const rows: { task: string; method: string; seed: number; seconds: number; trainingSeconds?: number; bagShare?: number; figures: Record<string, number> }[] = [];
const tasks = values.tasks!.split(',');
const perLabel = Number(values['per-label']);
const seeds = Number(values.seeds);
const threads = Math.min(availableParallelism(), 8);

for (const name of tasks) {
  const task = loadTask(name, values.data!, perLabel);
  const backgroundWords = task.background.reduce((n, text) => n + documentWords(text).length, 0);
  // One rule for every task: about 5M words seen in training, 5 to 40 epochs.
  const epochs = Math.max(5, Math.min(40, Math.round(5e6 / backgroundWords)));
  const settings = { sg: 1 as const, vectorSize: 100, window: 5, minCount: 2, sample: 1e-3, epochs, tokenizer: 'unicode' as const };
  console.log(
    `\n${task.name}: ${task.documents.length} documents, background ${task.background.length} texts, ${backgroundWords.toLocaleString('en')} words; word vectors: ${epochs} epochs`,
  );

  for (let seed = 1; seed <= seeds; seed++) {
    const model = await train(task.background.join('\n'), { ...settings, seed }, { device: 'cpu', threads, spawnThread: spawnNodeKernelThread });
    const share = values.share === undefined ? {} : { bagShare: Number(values.share) };
    const methods: [string, { method: DocumentMethod; bagShare?: number }][] = [
      ...DOCUMENT_METHODS.map((method) => [method, { method, ...share }] as [string, { method: DocumentMethod; bagShare?: number }]),
      ['hybrid, bag share 0.6 (the default before)', { method: 'hybrid', bagShare: 0.6 }],
      ['bag of words', { method: 'hybrid', bagShare: 1 }],
    ];
    for (const [label, options] of methods) {
      const start = performance.now();
      const index = embedDocuments(model, task.documents, { ...options, background: task.background });
      const f = figures(task, (i, j) => index.score(i, j));
      rows.push({ task: task.name, method: label, seed, seconds: (performance.now() - start) / 1000, ...(index.bagShare > 0 ? { bagShare: index.bagShare } : {}), figures: f });
      const shared = index.bagShare > 0 ? ` (bag share ${index.bagShare.toFixed(3)})` : '';
      console.log(`  seed ${seed} ${label}${shared}: ${JSON.stringify(f, (_, v) => (typeof v === 'number' ? Number(v.toFixed(3)) : v))}`);
    }
    model.destroy();
    const trainedEpochs = Number(values['trained-epochs']);
    const variants = {
      plain: { label: 'dbow trained', epochs: trainedEpochs, minCount: 2, trainWords: false },
      words: { label: 'dbow trained with the words', epochs: trainedEpochs, minCount: 2, trainWords: true },
      'words-defaults': { label: "dbow trained with the words, gensim's defaults", epochs: 10, minCount: 5, trainWords: true },
    };
    for (const name of values.trained!.split(',').filter((v) => v !== '')) {
      const variant = variants[name as keyof typeof variants];
      if (!variant) throw new Error(`--trained takes ${Object.keys(variants).join(', ')}, not ${name}`);
      const { label, ...chosen } = variant;
      const start = performance.now();
      const training = { ...chosen, vectorSize: 100, window: 5, seed, threads, spawnThread: spawnNodeKernelThread };
      const { index, trained } = await DocumentIndex.trainParagraphs(task.documents, { background: task.background, training });
      const seconds = (performance.now() - start) / 1000;
      const f = figures(task, (i, j) => index.score(i, j));
      // Training's own time beside the whole (which reads the texts into words; gensim's peers get them read).
      rows.push({ task: task.name, method: label, seed, seconds, trainingSeconds: trained.seconds, figures: f });
      console.log(
        `  seed ${seed} ${label} (${seconds.toFixed(1)} s, training ${trained.seconds.toFixed(1)} s): ${JSON.stringify(f, (_, v) => (typeof v === 'number' ? Number(v.toFixed(3)) : v))}`,
      );
    }
  }

  if (values.peers === '1') {
    // gensim's peers on the same tokens: the documents first, then the background.
    mkdirSync(WORK, { recursive: true });
    const input = `${WORK}/doc-task-${task.name}.json`;
    writeFileSync(
      input,
      JSON.stringify({
        documents: task.documents.map((d) => documentWords(d.text)),
        background: task.background.map((text) => documentWords(text)),
        labels: task.documents.map((d) => d.label ?? null),
        epochs,
        seeds,
      }),
    );
    const scores = JSON.parse(execFileSync('/usr/bin/python3', ['bench/doc-tasks-peers.py', input], { encoding: 'utf8', maxBuffer: 1 << 30 })) as {
      method: string;
      seed: number;
      seconds: number;
      scores: number[][];
    }[];
    for (const peer of scores) {
      const f = figures(task, (i, j) => peer.scores[i]![j]!);
      rows.push({ task: task.name, method: `gensim ${peer.method}`, seed: peer.seed, seconds: peer.seconds, figures: f });
      console.log(`  seed ${peer.seed} gensim ${peer.method} (${peer.seconds.toFixed(1)} s): ${JSON.stringify(f, (_, v) => (typeof v === 'number' ? Number(v.toFixed(3)) : v))}`);
    }
  }
}

/** Each task's table: every method's figures, the mean over seeds. */
const summary = tasks.map((task) => {
  const methods = [...new Set(rows.filter((r) => r.task === task).map((r) => r.method))];
  return {
    task,
    methods: methods.map((method) => {
      const mine = rows.filter((r) => r.task === task && r.method === method);
      const keys = Object.keys(mine[0]!.figures);
      return { method, seconds: mean(mine.map((r) => r.seconds)), ...Object.fromEntries(keys.map((k) => [k, mean(mine.map((r) => r.figures[k]!))])) };
    }),
  };
});
for (const { task, methods } of summary) {
  const keys = Object.keys(methods[0]!).filter((k) => k !== 'method' && k !== 'seconds');
  console.log(`\n${task}\n| method | ${keys.join(' | ')} | seconds |\n| --- |${keys.map(() => ' ---: |').join('')} ---: |`);
  for (const m of methods) console.log(`| ${m.method} | ${keys.map((k) => (m as unknown as Record<string, number>)[k]!.toFixed(3)).join(' | ')} | ${m.seconds.toFixed(1)} |`);
}
console.log(`\nSaved ${saveResult('doc-tasks', { settings: values, summary, rows, machine: machine() })}`);
