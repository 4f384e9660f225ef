import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { learnPhrases, phrases } from '../src/text/phrases';
import { KeyedVectors } from '../src/search/keyed-vectors';
import { word2vecChunks } from '../src/search/word2vec-format';
import { cli } from './helpers/cli';

const LEE = new URL('../../shared/data/corpora/lee_background.cor', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'w2v-c-commands-'));
const small = ['-size', '20', '-window', '3', '-min-count', '3', '-iter', '1', '-device', 'cpu'];

/** A text whose pairs can be scored by hand: "new york" 5 times in 21 words, "york new" twice. */
const TOY = 'new york is big . i love new york . new york new york and york new\nthe end new york';

async function joined(text: string, options: { minCount: number; threshold: number }): Promise<string> {
  const phrases = await learnPhrases(text, options);
  let out = '';
  for await (const chunk of phrases.apply(text)) out += chunk;
  return out;
}

describe('phrases: the C tool word2phrase', () => {
  it('joins a pair whose score (count(ab) - min) / (count(a) count(b)) x words is above the threshold, in the C layout', async () => {
    // new_york: (5 - 2) / (6 x 6) x 21 = 1.75; york_new: (2 - 2) / 36 x 21 = 0.
    expect(await joined(TOY, { minCount: 2, threshold: 1 })).toBe(' new_york is big . i love new_york . new_york new_york and york new\n the end new_york');
    expect(await joined(TOY, { minCount: 2, threshold: 1.75 })).not.toContain('_');
  });

  it('joins no pair across a sentence end, and a joined word joins nothing more in the same pass; a second pass makes longer phrases', async () => {
    const text = 'new york times\n'.repeat(20) + 'new york\n'.repeat(5) + 'the times of day\n'.repeat(5) + 'a new day\n'.repeat(5);
    const once = await joined(text, { minCount: 3, threshold: 1 });
    expect(once.split('\n')[0]).toBe(' new_york times');
    expect(once).not.toMatch(/new_york_times|york\n_/);
    const twice = await joined(once, { minCount: 3, threshold: 1 });
    expect(twice).toMatch(/^ new_york_times\n/);
    // phrases() is those two passes, reading the source once and its own output after.
    let opened = 0;
    const both = await phrases(
      () => {
        opened++;
        return text;
      },
      { minCount: 3, thresholds: [1, 1] },
    );
    expect(both.text).toBe(twice);
    const underscores = (t: string): number => t.split('_').length - 1;
    expect(both.joined).toEqual([underscores(once), underscores(twice) - underscores(once)]);
    expect(opened).toBe(2); // counted, then rewritten
  });

  it('streams: a source in many chunks gives its output in many chunks, the same text as in one', async () => {
    const text = `${TOY}\n`.repeat(2000);
    const phrases = await learnPhrases(text, { minCount: 2, threshold: 1 });
    const chunks: string[] = [];
    const pieces = Array.from({ length: 50 }, (_, i) => text.slice((i * text.length) / 50, ((i + 1) * text.length) / 50));
    for await (const chunk of phrases.apply(pieces)) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(10);
    expect(chunks.join('')).toBe(await joined(text, { minCount: 2, threshold: 1 }));
  });

  it('bad options and empty text say what to do', async () => {
    await expect(learnPhrases(TOY, { minCount: 0 })).rejects.toThrow(/`minCount` must be a whole number of at least 1/);
    await expect(learnPhrases(TOY, { threshold: Number.NaN })).rejects.toThrow(/`threshold` must be a number/);
    await expect(learnPhrases('   \n ')).rejects.toThrow(/no words to find phrases in/);
  });

  it('the phrases command writes the same text as the library, twice over for longer phrases', async () => {
    const input = join(dir, 'toy.txt');
    writeFileSync(input, TOY);
    const out = join(dir, 'toy-phrases.txt');
    const run = await cli(['phrases', '-train', input, '-output', out, '-min-count', '2', '-threshold', '1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Joined 5 of 21 words into phrases/);
    expect(readFileSync(out, 'utf8')).toBe(await joined(TOY, { minCount: 2, threshold: 1 }));
  });

  const bad: [string, string[], number, RegExp][] = [
    ['no -train', ['-output', 'OUT'], 2, /phrases needs -train FILE/],
    ['a threshold that is not a number', ['-train', 'IN', '-output', 'OUT', '-threshold', 'many'], 2, /-threshold takes a decimal number such as 100/],
    ['-min-count 0', ['-train', 'IN', '-output', 'OUT', '-min-count', '0'], 2, /-min-count takes a whole number, 1 or more, not 0/],
    ['an unknown flag', ['-train', 'IN', '-output', 'OUT', '-window', '5'], 2, /Unknown argument "-window" for phrases/],
    ['a missing file', ['-train', join(dir, 'nope.txt'), '-output', 'OUT'], 1, /does not exist. Check the -train path/],
    ['the output naming the input', ['-train', 'IN', '-output', 'IN'], 1, /is the same file as -train .*would destroy the input. Choose another -output/],
  ];
  it.each(bad)('%s: a clear error, a non-zero exit, nothing written', async (_, args, code, message) => {
    const input = join(dir, 'in.txt');
    writeFileSync(input, TOY);
    const out = join(dir, `bad-${Math.random()}.txt`);
    const run = await cli(['phrases', ...args.map((a) => (a === 'IN' ? input : a === 'OUT' ? out : a))]);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
    expect(readFileSync(input, 'utf8')).toBe(TOY);
  });
});

describe('the phrase analogy set', () => {
  it('eval scores questions-phrases.txt like the word set: phrases are words joined by "_", case folded', async () => {
    // Axes: city, newspaper, east coast, west coast.
    const rows: [string, number[]][] = [
      ['new_york', [1, 0, 1, 0]],
      ['new_york_times', [0, 1, 1, 0]],
      ['los_angeles', [1, 0, 0, 1]],
      ['los_angeles_times', [0, 1, 0, 1]],
      ['boston', [1, 0, 0.9, 0.1]],
    ];
    const vectors = join(dir, 'phrase-vectors.txt');
    const kv = new KeyedVectors(
      rows.map(([w]) => w),
      Float32Array.from(rows.flatMap(([, v]) => v)),
      4,
    );
    writeFileSync(vectors, Buffer.concat([...word2vecChunks(kv)]));
    const questions = join(dir, 'questions-phrases.txt');
    writeFileSync(questions, ': newspapers\nNew_York New_York_Times Los_Angeles Los_Angeles_Times\nNew_York New_York_Times Chicago Chicago_Tribune\n');
    const run = await cli(['eval', '-vectors', vectors, '-analogies', questions, '-device', 'cpu']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).analogies).toMatchObject({ correct: 1, total: 1, questions: 2, oov: 1, sections: { newspapers: { correct: 1, total: 1 } } });
  });
});

describe('-hs and -classes from the command line', () => {
  it('-hs 1 -negative 0 trains hierarchical softmax alone, and the report says so', async () => {
    const out = join(dir, 'hs.txt');
    const report = join(dir, 'hs.json');
    const run = await cli(['-train', LEE, '-output', out, ...small, '-hs', '1', '-negative', '0', '-report', report]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\(hierarchical softmax\)/);
    expect(JSON.parse(readFileSync(report, 'utf8'))).toMatchObject({ loss: 'hierarchical softmax', settings: { hs: 1, negative: 0 } });
    const [header] = readFileSync(out, 'utf8').split('\n');
    expect(header).toMatch(/^\d+ 20$/);
  });

  it('-classes 5 writes "word class" lines, one per word, instead of vectors; `classes` clusters a vectors file', async () => {
    const out = join(dir, 'classes.txt');
    const vocab = join(dir, 'classes-vocab.txt');
    const run = await cli(['-train', LEE, '-output', out, ...small, '-classes', '5', '-save-vocab', vocab]);
    expect(run.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    const words = readFileSync(vocab, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBe(words.length);
    expect(lines.every((line, i) => new RegExp(`^${words[i]!.split(' ')[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} [0-4]$`).test(line))).toBe(true);
    expect(new Set(lines.map((l) => l.split(' ')[1])).size).toBe(5);

    const vectors = join(dir, 'for-classes.txt');
    expect((await cli(['-train', LEE, '-output', vectors, ...small])).code).toBe(0);
    const fromFile = join(dir, 'classes-from-file.txt');
    const classes = await cli(['classes', '-vectors', vectors, '-classes', '5', '-output', fromFile, '-device', 'cpu']);
    expect(classes.code).toBe(0);
    expect(readFileSync(fromFile, 'utf8').trimEnd().split('\n').length).toBe(words.length);
    const toStdout = await cli(['classes', '-vectors', vectors, '-classes', '5', '-device', 'cpu']);
    expect(toStdout.stdout).toBe(readFileSync(fromFile, 'utf8'));
  });

  const bad: [string, string[], number, RegExp][] = [
    ['-classes with a fraction', ['-train', LEE, '-output', 'OUT', ...small, '-classes', '2.5'], 2, /-classes takes a whole number/],
    ['classes without -classes', ['classes', '-vectors', LEE, '-output', 'OUT'], 2, /classes needs -classes N/],
    ['classes -classes 0', ['classes', '-vectors', LEE, '-classes', '0', '-output', 'OUT'], 2, /-classes takes a whole number, 1 or more, not 0/],
    [
      'classes on a file that is not vectors',
      ['classes', '-vectors', LEE, '-classes', '3', '-output', 'OUT', '-device', 'cpu'],
      1,
      /Malformed vectors file .*the header must be two whole numbers/,
    ],
  ];
  it.each(bad)('%s: a clear error, a non-zero exit, nothing written', async (_, args, code, message) => {
    const out = join(dir, `bad-classes-${Math.random()}.txt`);
    const run = await cli(args.map((a) => (a === 'OUT' ? out : a)));
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});
