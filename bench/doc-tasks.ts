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
//   node --import ./bin/register.mjs bench/doc-tasks.ts [--tasks lee,fortunes,wordnet] [--seeds 1] [--share 0.6]
//        [--trained plain,words,words-defaults] [--peers 1]
//
// --trained picks the PV-DBOW runs trained on each task: without the words, with them (both at
// --trained-epochs, min count 2), and with them at gensim's defaults (10 epochs, min count 5);
// an empty list trains none.
//
// Prints a table a task at a time and saves everything to bench/results/doc-tasks-*.json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { DOCUMENT_METHODS, DocumentIndex, documentSimilarity, documentWords, embedDocuments, readRatings, train, type DocumentMethod } from '../src/internal';
import { spawnNodeKernelThread } from '../src/node';
import { saveResult, WORK } from './bench-files';
import { machine } from './machine';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    tasks: { type: 'string', default: 'lee,fortunes,wordnet' },
    seeds: { type: 'string', default: '1' },
    share: { type: 'string', default: '0.6' },
    'per-label': { type: 'string', default: '60' },
    trained: { type: 'string', default: 'plain,words,words-defaults' },
    'trained-epochs': { type: 'string', default: '20' },
    peers: { type: 'string', default: '1' },
  },
});

/** A task: the documents scored, and the background their statistics and word vectors come from. */
interface Task {
  name: string;
  documents: { id: string; text: string; label?: string }[];
  background: string[];
  /** The Lee set's ratings (the classification tasks have labels instead). */
  ratings?: number[][];
}

/** A seeded shuffle (mulberry32), so that every run samples the same documents. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function lee(data: string): Task {
  const texts = readFileSync(`${data}/docsim/lee.cor`, 'latin1').split('\n');
  return {
    name: 'lee',
    documents: texts.map((text, i) => ({ id: String(i + 1), text })),
    background: readFileSync(`${data}/corpora/lee_background.cor`, 'latin1')
      .split('\n')
      .filter((line) => line.trim() !== ''),
    ratings: readRatings(readFileSync(`${data}/docsim/similarities0-1.txt`, 'utf8'), texts.length),
  };
}

const FORTUNES = '/usr/share/games/fortunes';
const FORTUNE_LABELS = ['computers', 'politics', 'science', 'law', 'food', 'sports', 'startrek', 'education'];

function fortunes(perLabel: number): Task {
  if (!existsSync(FORTUNES)) throw new Error(`${FORTUNES} is missing: apt-get install fortunes`);
  const byFile = new Map<string, string[]>();
  for (const file of readdirSync(FORTUNES).filter((f) => !/\.(dat|u8)$/.test(f) && !f.includes('.'))) {
    const path = `${FORTUNES}/${file}`;
    const texts = readFileSync(path, 'latin1')
      .split(/^%$/m)
      .map((t) => t.replace(/\s+/g, ' ').trim())
      .filter((t) => documentWords(t).length >= 3);
    if (texts.length > 0) byFile.set(file, texts);
  }
  const documents = FORTUNE_LABELS.flatMap((label) =>
    shuffled(byFile.get(label)!, 1)
      .slice(0, perLabel)
      .map((text, i) => ({ id: `${label}-${i}`, text, label })),
  );
  return { name: 'fortunes', documents, background: [...byFile.values()].flat() };
}

const WORDNET = '/usr/share/wordnet';
const WORDNET_LABELS: Record<string, string> = { '05': 'animal', '06': 'artifact', '08': 'body', '13': 'food', '15': 'location', '18': 'person', '20': 'plant', '27': 'substance' };

function wordnet(perLabel: number): Task {
  if (!existsSync(`${WORDNET}/data.noun`)) throw new Error(`${WORDNET} is missing: apt-get install wordnet-base`);
  const glosses = (pos: string): { lexfile: string; gloss: string }[] =>
    readFileSync(`${WORDNET}/data.${pos}`, 'latin1')
      .split('\n')
      .filter((line) => /^\d{8} /.test(line))
      .map((line) => ({ lexfile: line.slice(9, 11), gloss: line.slice(line.indexOf('| ') + 2).trim() }));
  const nouns = glosses('noun');
  const documents = Object.entries(WORDNET_LABELS).flatMap(([lexfile, label]) =>
    shuffled(
      nouns.filter((n) => n.lexfile === lexfile && documentWords(n.gloss).length >= 3),
      1,
    )
      .slice(0, perLabel)
      .map((n, i) => ({ id: `${label}-${i}`, text: n.gloss, label })),
  );
  return { name: 'wordnet', documents, background: ['noun', 'verb', 'adj', 'adv'].flatMap((pos) => glosses(pos).map((g) => g.gloss)) };
}

/** The figures of a score matrix (n × n, row-major): Pearson for Lee, k-NN and P@10 for the labelled tasks. */
function figures(task: Task, score: (i: number, j: number) => number): Record<string, number> {
  const n = task.documents.length;
  if (task.ratings) {
    const r = documentSimilarity(score, task.ratings);
    return { pearson: r.pearson, spearman: r.spearman };
  }
  const labels = task.documents.map((d) => d.label!);
  let nn1 = 0;
  let nn5 = 0;
  let precision = 0;
  for (let i = 0; i < n; i++) {
    const others = [...Array(n).keys()].filter((j) => j !== i).map((j) => ({ j, s: score(i, j) }));
    others.sort((a, b) => b.s - a.s);
    if (labels[others[0]!.j] === labels[i]) nn1++;
    const votes = new Map<string, number>();
    for (const { j } of others.slice(0, 5)) votes.set(labels[j]!, (votes.get(labels[j]!) ?? 0) + 1);
    const most = Math.max(...votes.values());
    // Ties go to the label of the nearest among the tied.
    const winner = others.slice(0, 5).find(({ j }) => votes.get(labels[j]!) === most)!;
    if (labels[winner.j] === labels[i]) nn5++;
    precision += others.slice(0, 10).filter(({ j }) => labels[j] === labels[i]).length / 10;
  }
  return { knn1: nn1 / n, knn5: nn5 / n, p10: precision / n };
}

const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
const rows: { task: string; method: string; seed: number; seconds: number; figures: Record<string, number> }[] = [];
const tasks = values.tasks!.split(',');
const perLabel = Number(values['per-label']);
const seeds = Number(values.seeds);
const threads = Math.min(availableParallelism(), 8);

for (const name of tasks) {
  const task = name === 'lee' ? lee(values.data!) : name === 'fortunes' ? fortunes(perLabel) : wordnet(perLabel);
  const backgroundWords = task.background.reduce((n, text) => n + documentWords(text).length, 0);
  // One rule for every task: about 5M words seen in training, 5 to 40 epochs.
  const epochs = Math.max(5, Math.min(40, Math.round(5e6 / backgroundWords)));
  const settings = { sg: 1 as const, vectorSize: 100, window: 5, minCount: 2, sample: 1e-3, epochs, tokenizer: 'unicode' as const };
  console.log(
    `\n${task.name}: ${task.documents.length} documents, background ${task.background.length} texts, ${backgroundWords.toLocaleString('en')} words; word vectors: ${epochs} epochs`,
  );

  for (let seed = 1; seed <= seeds; seed++) {
    const model = await train(task.background.join('\n'), { ...settings, seed }, { device: 'cpu', threads, spawnThread: spawnNodeKernelThread });
    const methods: [string, { method: DocumentMethod; bagShare?: number }][] = [
      ...DOCUMENT_METHODS.map((method) => [method, { method, bagShare: Number(values.share) }] as [string, { method: DocumentMethod; bagShare: number }]),
      ['bag of words', { method: 'hybrid', bagShare: 1 }],
    ];
    for (const [label, options] of methods) {
      const start = performance.now();
      const index = embedDocuments(model, task.documents, { ...options, background: task.background });
      const f = figures(task, (i, j) => index.score(i, j));
      rows.push({ task: task.name, method: label, seed, seconds: (performance.now() - start) / 1000, figures: f });
      console.log(`  seed ${seed} ${label}: ${JSON.stringify(f, (_, v) => (typeof v === 'number' ? Number(v.toFixed(3)) : v))}`);
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
      const training = { ...chosen, vectorSize: 100, window: 5, seed };
      const { index } = await DocumentIndex.trainParagraphs(task.documents, { background: task.background, training });
      const seconds = (performance.now() - start) / 1000;
      const f = figures(task, (i, j) => index.score(i, j));
      rows.push({ task: task.name, method: label, seed, seconds, figures: f });
      console.log(`  seed ${seed} ${label} (${seconds.toFixed(1)} s): ${JSON.stringify(f, (_, v) => (typeof v === 'number' ? Number(v.toFixed(3)) : v))}`);
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
