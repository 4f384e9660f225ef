// Word classes against the C tool's: the C tool trains on the text8 slice once with -classes N and
// once writing vectors, on one thread (so both runs train the same vectors); then this project's
// `classes` command clusters that vector file and the two assignments are compared by the
// adjusted Rand index. Prints one JSON object and saves it under bench/results/.
//
//   node --import ./bin/register.mjs bench/classes-bench.ts [--classes 100] [--chars 10000000] [--iter 1] [--device auto|gpu|cpu]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildCTool } from './c-tool';
import { saveResult, text8Slice, WORK } from './bench-files';
import { machine } from './machine';

const { values } = parseArgs({
  options: {
    classes: { type: 'string', default: '100' },
    chars: { type: 'string', default: '10000000' },
    iter: { type: 'string', default: '1' },
    device: { type: 'string', default: 'auto' },
    data: { type: 'string', default: '../shared/data' },
  },
});
const corpus = text8Slice(values.data!, Number(values.chars));

/** `word class` lines into a map. */
function readClasses(path: string): Map<string, number> {
  const classes = new Map<string, number>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const [word, id] = line.split(' ');
    if (word && id !== undefined) classes.set(word, Number(id));
  }
  return classes;
}

function choose2(n: number): number {
  return (n * (n - 1)) / 2;
}

/** The adjusted Rand index (Hubert & Arabie) of two labelings of the same items. */
function adjustedRandIndex(a: number[], b: number[]): number {
  const cells = new Map<string, number>();
  const rows = new Map<number, number>();
  const columns = new Map<number, number>();
  a.forEach((x, i) => {
    const key = `${x} ${b[i]}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    rows.set(x, (rows.get(x) ?? 0) + 1);
    columns.set(b[i]!, (columns.get(b[i]!) ?? 0) + 1);
  });
  const sum = (m: Map<unknown, number>): number => [...m.values()].reduce((s, n) => s + choose2(n), 0);
  const index = sum(cells);
  const expected = (sum(rows) * sum(columns)) / choose2(a.length);
  const max = (sum(rows) + sum(columns)) / 2;
  return (index - expected) / (max - expected);
}

const tool = buildCTool();
const flags = [
  '-train',
  corpus,
  '-cbow',
  '1',
  '-size',
  '100',
  '-window',
  '5',
  '-negative',
  '5',
  '-hs',
  '0',
  '-sample',
  '1e-4',
  '-min-count',
  '5',
  '-iter',
  values.iter!,
  '-threads',
  '1',
];
const vectors = `${WORK}/classes-c-vectors.bin`;
const cClasses = `${WORK}/classes-c.txt`;
const ourClasses = `${WORK}/classes-ours.txt`;
execFileSync(tool, [...flags, '-binary', '1', '-output', vectors], { stdio: 'ignore' });
let started = performance.now();
execFileSync(tool, [...flags, '-classes', values.classes!, '-output', cClasses], { stdio: 'ignore' });
const cSeconds = (performance.now() - started) / 1000;
started = performance.now();
execFileSync(process.execPath, ['bin/webgpu-word2vec.js', 'classes', '-vectors', vectors, '-classes', values.classes!, '-output', ourClasses, '-device', values.device!], {
  stdio: ['ignore', 'inherit', 'inherit'],
});
const ourSeconds = (performance.now() - started) / 1000;

const c = readClasses(cClasses);
const ours = readClasses(ourClasses);
const words = [...c.keys()].filter((w) => ours.has(w));
const sameLabel = words.filter((w) => c.get(w) === ours.get(w)).length;
const result = {
  what: 'C tool -classes vs webgpu-word2vec classes on the same vectors (the C tool trained on one thread, CBOW, text8 slice)',
  classes: Number(values.classes),
  chars: Number(values.chars),
  iter: Number(values.iter),
  words: words.length,
  c_words: c.size,
  our_words: ours.size,
  adjusted_rand_index: adjustedRandIndex(
    words.map((w) => c.get(w)!),
    words.map((w) => ours.get(w)!),
  ),
  same_class_id: sameLabel / words.length,
  c_seconds_train_and_classes: cSeconds,
  our_seconds_read_and_classes: ourSeconds,
  device: values.device,
  machine: machine(),
};
console.log(JSON.stringify(result, null, 2));
console.log(`Saved ${saveResult('classes', result)}`);
