import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli as runCli, type CliRun } from './helpers/cli';
import { KeyedVectors } from '../src/search/keyed-vectors';
import { word2vecChunks } from '../src/search/word2vec-format';

const dir = mkdtempSync(join(tmpdir(), 'w2v-document-cli-'));

function cli(args: string[], input = ''): Promise<CliRun> {
  return runCli(args, { input, timeoutMs: 120_000 });
}

// Pets along the first axis, vehicles along the second.
const WORDS: [string, number[]][] = [
  ['cat', [1, 0.1]],
  ['dog', [0.9, 0.2]],
  ['kitten', [1, 0]],
  ['car', [0.1, 1]],
  ['bus', [0.2, 0.9]],
  ['the', [0.5, 0.5]],
];
const vectorsPath = join(dir, 'toy.txt');
writeFileSync(
  vectorsPath,
  Buffer.concat([
    ...word2vecChunks(
      new KeyedVectors(
        WORDS.map(([w]) => w),
        Float32Array.from(WORDS.flatMap(([, v]) => v)),
        2,
      ),
    ),
  ]),
);
const linesPath = join(dir, 'notes.txt');
writeFileSync(linesPath, 'the cat and the dog\n\nthe car and the bus\n...\nthe kitten\n');
const folder = join(dir, 'letters');
mkdirSync(join(folder, 'sub'), { recursive: true });
writeFileSync(join(folder, 'pets.txt'), 'Dear Ann,\nthe cat sat with the dog.');
writeFileSync(join(folder, 'sub', 'traffic.md'), 'the bus was late\n\nthe car was not');
writeFileSync(join(folder, 'photo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
writeFileSync(join(folder, 'empty.txt'), '');

describe('command line: docs, search, eval -docsim', () => {
  it('docs writes JSON lines {id, title, vector} for each line of a file, and says what it skipped', async () => {
    const run = await cli(['docs', '-vectors', vectorsPath, '-docs', linesPath]);
    expect(run.code, run.stderr).toBe(0);
    const rows = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows.map((r) => r.id)).toEqual([`${linesPath}:1`, `${linesPath}:3`, `${linesPath}:5`]);
    expect(rows[0].title).toBe('the cat and the dog');
    expect(rows[0].vector).toHaveLength(2);
    expect(Math.hypot(...rows[0].vector)).toBeCloseTo(1, 4);
    expect(run.stderr).toMatch(/Documents: 3 documents; 1 empty skipped/);
  });

  it("docs -pairs 1 writes every pair's score, which the hybrid's JSON lines (vector, bag, share) give again", async () => {
    const lines = await cli(['docs', '-vectors', vectorsPath, '-docs', linesPath, '-background', linesPath]);
    const pairs = await cli(['docs', '-vectors', vectorsPath, '-docs', linesPath, '-background', linesPath, '-pairs', '1']);
    expect(pairs.code, pairs.stderr).toBe(0);
    const rows = lines.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const scores = pairs.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(scores.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    const bagDot = (a: { terms: string[]; weights: number[] }, b: { terms: string[]; weights: number[] }): number =>
      a.terms.reduce((sum, term, k) => sum + a.weights[k]! * (b.weights[b.terms.indexOf(term)] ?? 0), 0);
    for (const [i, a] of rows.entries())
      for (const [j, b] of rows.entries()) {
        const cosine = a.vector.reduce((sum: number, x: number, k: number) => sum + x * b.vector[k], 0);
        expect(scores[i].scores[j]).toBeCloseTo(a.bag.share * bagDot(a.bag, b.bag) + (1 - a.bag.share) * cosine, 4);
      }
    expect(scores[0].scores[0]).toBeCloseTo(1, 4);
    // -bag-share 1: the bag of words alone.
    const bagOnly = await cli(['docs', '-vectors', vectorsPath, '-docs', linesPath, '-background', linesPath, '-bag-share', '1']);
    expect(bagOnly.code, bagOnly.stderr).toBe(0);
    expect(
      bagOnly.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).bag.share),
    ).toEqual(rows.map(() => 1));
    const refused = await cli(['docs', '-vectors', vectorsPath, '-docs', linesPath, '-pairs', '1', '-format', 'word2vec']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/-pairs 1 writes JSON lines; leave out -format word2vec/);
  });

  it('docs over a folder: each text file a document, non-text files counted and skipped; the word2vec layout keyed by id', async () => {
    const output = join(dir, 'docs.vec');
    const run = await cli(['docs', '-vectors', vectorsPath, '-docs', folder, '-format', 'word2vec', '-output', output, '-method', 'mean']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/2 documents; 1 file skipped as not text \(photo\.png\); 1 empty skipped/);
    const lines = readFileSync(output, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('2 2');
    expect(lines.slice(1).map((l) => l.split(' ')[0])).toEqual(['pets.txt', join('sub', 'traffic.md')]);
  });

  it('search ranks documents by meaning, as a table or JSON; -like finds more like a document; stdin lines are queries', async () => {
    const table = await cli(['search', '-vectors', vectorsPath, '-docs', folder, '-split', 'paragraphs', 'a', 'bus']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/Query: a bus\n\nScore\s+Id\s+Title\n\S+\s+sub\/traffic\.md:1\s+the bus was late/);
    const like = await cli(['search', '-vectors', vectorsPath, '-docs', linesPath, '-like', `${linesPath}:5`, '-json', '1', '-topn', '1']);
    expect(like.code, like.stderr).toBe(0);
    expect(JSON.parse(like.stdout).results).toEqual([expect.objectContaining({ id: `${linesPath}:1` })]);
    const piped = await cli(['search', '-vectors', vectorsPath, '-docs', linesPath, '-json', '1', '-topn', '1', '-method', 'sif'], 'kitten\ncars and buses\n');
    // A line whose words are all unknown is reported (and the exit code says so); the others are answered.
    expect(piped.code).toBe(1);
    expect(piped.stderr).toMatch(/None of the query's words is known to these vectors or documents: "cars", "and", "buses"/);
    const answers = piped.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(answers.map((a) => a.query)).toEqual(['kitten']);
    expect(answers[0].results[0].id).toBe(`${linesPath}:5`);
  });

  it('-device gpu computes the vectors on the GPU (SwiftShader here): the same JSON lines as the CPU, to rounding', async () => {
    const onCpu = await cli(['docs', '-vectors', vectorsPath, '-docs', linesPath, '-device', 'cpu']);
    const onGpu = await cli(['docs', '-vectors', vectorsPath, '-docs', linesPath, '-device', 'gpu']);
    expect(onGpu.code, onGpu.stderr).toBe(0);
    const rows = (run: CliRun) =>
      run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
    const [cpuRows, gpuRows] = [rows(onCpu), rows(onGpu)];
    expect(gpuRows.map((r) => r.id)).toEqual(cpuRows.map((r) => r.id));
    cpuRows.forEach((r, i) => r.vector.forEach((x: number, k: number) => expect(gpuRows[i].vector[k]).toBeCloseTo(x, 4)));
  });

  it('eval -docsim reports Pearson and Spearman against the ratings', async () => {
    const docs = join(dir, 'rated.txt');
    writeFileSync(docs, 'the cat\nthe dog\nthe bus');
    const ratings = join(dir, 'ratings.txt');
    writeFileSync(ratings, '1\t0.9\t0.1\n0\t1\t0.2\n0\t0\t1\n');
    const run = await cli(['eval', '-vectors', vectorsPath, '-docsim', docs, '-ratings', ratings, '-method', 'mean']);
    expect(run.code, run.stderr).toBe(0);
    const { docsim } = JSON.parse(run.stdout);
    expect(docsim).toMatchObject({ method: 'mean', pairs: 3, spearman: 1 });
  });

  it('bad input names the fix: missing flags, bad values, an id that is not there, no documents', async () => {
    const cases: [string[], number, RegExp][] = [
      [['docs', '-vectors', vectorsPath], 2, /-docs PATH is required/],
      [['docs', '-vectors', vectorsPath, '-docs', linesPath, '-split', 'pages'], 2, /-split takes lines, paragraphs, files, not pages/],
      [['docs', '-vectors', vectorsPath, '-docs', linesPath, '-method', 'lsi'], 2, /-method takes hybrid, sif, tfidf, mean/],
      [['docs', '-vectors', vectorsPath, '-docs', join(dir, 'nothing')], 1, /"[^"]*nothing": it does not exist\. Check the -docs path/],
      [['docs', '-vectors', vectorsPath, '-docs', join(folder, 'photo.png')], 1, /No documents with words/],
      [['search', '-vectors', vectorsPath, '-docs', linesPath, '-like', 'x'], 1, /No document has the id "x"/],
      [['eval', '-vectors', vectorsPath, '-docsim', linesPath], 2, /-docsim needs -ratings FILE/],
      [['docs', '-vectors', vectorsPath, '-docs', linesPath, '-background', join(folder, 'photo.png')], 1, /photo\.png" is not a text file\. Give -background a text file/],
      [['eval', '-vectors', vectorsPath, '-analogies', linesPath, '-ratings', linesPath], 2, /-ratings goes with -docsim FILE/],
      [
        ['docs', '-vectors', vectorsPath, '-docs', linesPath, '-bag-share', '2'],
        1,
        /-bag-share must be between 0 and 1, not 2; leave it out to let the documents' length choose it/,
      ],
    ];
    for (const [args, code, message] of cases) {
      const run = await cli(args);
      expect(run.code, args.join(' ')).toBe(code);
      expect(run.stderr).toMatch(message);
    }
  });

  it('-method dbow trains PV-DBOW on the documents, without word vectors, and searches them by inference; -device gpu trains on the GPU', async () => {
    const topics = ['cat dog kitten purr whiskers', 'car bus road traffic engine', 'rain cloud storm wind thunder'];
    const lines = Array.from({ length: 30 }, (_, i) => `${topics[i % 3]} ${topics[i % 3]!.split(' ').reverse().join(' ')}`);
    const path = join(dir, 'topics.txt');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const flags = ['-docs', path, '-method', 'dbow', '-size', '16', '-iter', '20', '-min-count', '1', '-sample', '0'];
    for (const device of ['cpu', 'gpu']) {
      const written = await cli(['docs', ...flags, '-device', device]);
      expect(written.code, written.stderr).toBe(0);
      const rows = written.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(rows).toHaveLength(30);
      expect(rows[0].vector).toHaveLength(16);
      const found = await cli(['search', ...flags, '-device', device, '-json', '1', '-topn', '5', 'storm', 'thunder', 'rain']);
      expect(found.code, found.stderr).toBe(0);
      const ids: string[] = JSON.parse(found.stdout).results.map((r: { id: string }) => r.id);
      // Lines 3, 6, 9, ... are about the weather.
      expect(ids.filter((id) => Number(id.split(':').pop()) % 3 === 0).length, ids.join(' ')).toBeGreaterThanOrEqual(4);
    }
    const bad = await cli(['docs', ...flags, '-vectors', vectorsPath]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/-size 16 differs from the -vectors file's 2 values a word/);
  }, 240_000);
});
