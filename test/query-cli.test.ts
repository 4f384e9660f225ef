import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli as runCli, type CliRun } from './helpers/cli';
import { KeyedVectors } from '../src/search/keyed-vectors';
import { word2vecChunks } from '../src/search/word2vec-format';

const dir = mkdtempSync(join(tmpdir(), 'w2v-query-cli-'));

function cli(args: string[], input = ''): Promise<CliRun> {
  return runCli(args, { input, timeoutMs: 120_000 });
}

// Axes: royal, male, female, fruit, colour. king - man + woman = queen exactly.
const WORDS: [string, number[]][] = [
  ['man', [0, 1, 0, 0, 0.1]],
  ['woman', [0, 0, 1, 0, 0.1]],
  ['king', [1, 1, 0, 0, 0]],
  ['queen', [1, 0, 1, 0, 0]],
  ['apple', [0, 0, 0, 1, 0.2]],
  ['pear', [0, 0.1, 0, 1, 0.3]],
  ['red', [0, 0, 0, 0.2, 1]],
];
const vectorsPath = join(dir, 'toy.bin');
writeFileSync(
  vectorsPath,
  Buffer.concat([
    ...word2vecChunks(
      new KeyedVectors(
        WORDS.map(([w]) => w),
        Float32Array.from(WORDS.flatMap(([, v]) => v)),
        5,
      ),
      { binary: true },
    ),
  ]),
);
const analogyPath = join(dir, 'questions.txt');
writeFileSync(analogyPath, ': family\nman king woman queen\nMAN WOMAN KING QUEEN\nman king woman prince\n: fruit\napple pear apple pear\n');
const pairsPath = join(dir, 'pairs.tab');
writeFileSync(pairsPath, 'Word 1\tWord 2\tHuman (mean)\r\nking\tqueen\t8\r\nking\tapple\t1\r\napple\tpear\t9\r\nred\tprince\t5\r\n');

describe('command line: similar, analogy, eval', () => {
  it('similar prints the nearest words as a table, or JSON lines', async () => {
    const run = await cli(['similar', '-vectors', vectorsPath, '-topn', '3', 'king']);
    expect(run.code, run.stderr).toBe(0);
    const rows = run.stdout.trim().split('\n').slice(-3);
    expect(rows[0]).toMatch(/^man\s+0\.70\d+$/);
    const json = await cli(['similar', '-vectors', vectorsPath, '-json', '1', '-topn', '2', 'apple']);
    expect(JSON.parse(json.stdout)).toMatchObject({ query: ['apple'], results: [{ word: 'pear' }, { word: 'red' }] });
  });

  it('analogy answers "a is to b as c is to ?"', async () => {
    const run = await cli(['analogy', '-vectors', vectorsPath, '-json', '1', 'man', 'king', 'woman']);
    expect(run.code, run.stderr).toBe(0);
    const { results } = JSON.parse(run.stdout);
    expect(results[0].word).toBe('queen');
    expect(results[0].similarity).toBeGreaterThan(0.9);
  });

  it('reads one query per stdin line; a bad line is reported and the rest still answered', async () => {
    const run = await cli(['analogy', '-vectors', vectorsPath, '-json', '1', '-topn', '1'], 'man king woman\nman king\nqqq king woman\nwoman queen man\n');
    const answers = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(answers.map((a) => a.results[0].word)).toEqual(['queen', 'king']);
    expect(run.stderr).toMatch(/An analogy takes three words/);
    expect(run.stderr).toMatch(/"qqq" is not in the vocabulary/);
    expect(run.code).toBe(1);
  });

  for (const device of ['cpu', 'gpu']) {
    it(`eval prints one JSON object with the analogy and word-pair figures (${device})`, async () => {
      const run = await cli(['eval', '-vectors', vectorsPath, '-device', device, '-analogies', analogyPath, '-pairs', pairsPath, '-pairs', pairsPath]);
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout);
      expect(result.device).toBe(device);
      expect(result.analogies).toMatchObject({
        correct: 2,
        total: 3,
        questions: 4,
        oov: 1,
        sections: { family: { correct: 2, total: 2, accuracy: 1 }, fruit: { correct: 0, total: 1 } },
      });
      expect(result.analogies.accuracy).toBeCloseTo(2 / 3, 10);
      expect(result.pairs).toHaveLength(2);
      expect(result.pairs[0]).toMatchObject({ file: pairsPath, pairs: 3, oov: 0.25, spearman: 1 });
    });
  }

  const bad: [string, string[], number, RegExp][] = [
    ['no -vectors', ['similar', 'king'], 2, /-vectors FILE is required/],
    ['a missing file', ['similar', '-vectors', join(dir, 'nope.bin'), 'king'], 1, /does not exist. Check the -vectors path/],
    ['an unknown word', ['similar', '-vectors', vectorsPath, 'prince'], 1, /"prince" is not in the vocabulary/],
    ['eval without files', ['eval', '-vectors', vectorsPath], 2, /eval needs -analogies FILE .*-pairs FILE .*and\/or -docsim FILE -ratings FILE/],
    ['an unknown flag', ['similar', '-vectors', vectorsPath, '-top', '3', 'king'], 2, /Unknown flag "-top"/],
  ];
  it.each(bad)('%s gives a clear message', async (_, args, code, message) => {
    const run = await cli(args);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
  });

  it('a malformed vectors file names the line', async () => {
    const path = join(dir, 'bad.txt');
    writeFileSync(path, '2 3\nking 1 2 3\nqueen 1 2\n');
    const run = await cli(['similar', '-vectors', path, 'king']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/line 3: "queen" has 2 values, but the header says 3/);
  });
});
