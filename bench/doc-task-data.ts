// The document tasks of bench/doc-tasks.ts (Lee, fortunes, WordNet glosses) and their figures:
// Pearson against the Lee ratings; leave-one-out k-NN (1 and 5 neighbours, majority vote, ties to
// the nearest) and precision at 10 for the labelled tasks.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { documentSimilarity, documentWords, readRatings } from '../src/internal';

/** A task: the documents scored, and the background their statistics and word vectors come from. */
export interface Task {
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
export function figures(task: Task, score: (i: number, j: number) => number): Record<string, number> {
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

/** A task by name: lee, fortunes or wordnet (`perLabel` documents of each label). */
export function loadTask(name: string, data: string, perLabel: number): Task {
  if (name === 'lee') return lee(data);
  if (name === 'fortunes') return fortunes(perLabel);
  if (name === 'wordnet') return wordnet(perLabel);
  throw new Error(`--tasks takes lee, fortunes, wordnet, not ${name}`);
}
