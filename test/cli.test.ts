import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cli as runCli, type CliRun } from './helpers/cli';

const LEE = new URL('../../shared/data/corpora/lee_background.cor', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'w2v-cli-'));

function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(args, { env });
}

const small = ['-size', '20', '-window', '3', '-min-count', '3', '-iter', '1'];

describe('command line: runs like the C tool', () => {
  it('trains on the CPU, writes text vectors, the vocabulary and a report', async () => {
    const out = join(dir, 'cpu.txt');
    const run = await cli([
      '-train',
      LEE,
      '-output',
      out,
      ...small,
      '-cbow',
      '0',
      '-threads',
      '2',
      '-device',
      'cpu',
      '-save-vocab',
      join(dir, 'vocab.txt'),
      '-report',
      join(dir, 'report.json'),
    ]);
    expect(run.code).toBe(0);
    const lines = readFileSync(out, 'utf8').split('\n');
    const [count, dim] = lines[0]!.split(' ').map(Number);
    expect(dim).toBe(20);
    expect(lines.length).toBe(count! + 2);
    expect(lines[1]).toMatch(/^the( -?\d+\.\d{6}){20} $/);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ device: 'cpu', threads: 2, vocabulary_size: count, adapter: null });
    expect(report.words_per_sec).toBeGreaterThan(0);
    expect(report.final_loss).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'vocab.txt'), 'utf8').split('\n')[0]).toMatch(/^the \d+$/);
    expect(run.stdout).toMatch(/Vocab size: \d+/);
  });

  it('trains on the GPU (SwiftShader here) and writes binary vectors laid out as the C tool does', async () => {
    const out = join(dir, 'gpu.bin');
    const run = await cli(['-train', LEE, '-output', out, ...small, '-binary', '1', '-device', 'gpu', '-report', join(dir, 'gpu.json')]);
    expect(run.code, run.stderr).toBe(0);
    const bytes = readFileSync(out);
    const headerEnd = bytes.indexOf(10);
    const [count, dim] = bytes.subarray(0, headerEnd).toString().split(' ').map(Number);
    const vocab = JSON.parse(readFileSync(join(dir, 'gpu.json'), 'utf8'));
    expect(vocab.device).toBe('gpu');
    expect(vocab.adapter.architecture).toBeTruthy();
    expect(vocab.gpu_variant.invocations).toBeGreaterThan(0);
    let at = headerEnd + 1;
    for (let r = 0; r < count!; r++) at = bytes.indexOf(32, at) + 1 + dim! * 4 + 1;
    expect(at).toBe(bytes.length);
    // A variant of the window kernel: 16 invocations a lane, as the report says.
    const variant = await cli(['-train', LEE, '-output', join(dir, 'gpu16.txt'), ...small, '-device', 'gpu', '-lane-invocations', '16', '-report', join(dir, 'gpu16.json')]);
    expect(variant.code, variant.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'gpu16.json'), 'utf8')).gpu_variant).toEqual({ invocations: 16, lanesPerGroup: 1, ring: 'private' });
    const refused = await cli(['-train', LEE, '-output', join(dir, 'gpu12.txt'), ...small, '-device', 'gpu', '-lane-invocations', '12']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/-lane-invocations takes 8, 16, 32, 64, not 12/);
  });

  it('-read-vocab uses the saved vocabulary', async () => {
    const vocab = join(dir, 'small-vocab.txt');
    writeFileSync(vocab, '</s> 0\nthe 5000\nof 3000\nto 2000\n');
    const out = join(dir, 'read-vocab.txt');
    const run = await cli(['-train', LEE, '-output', out, ...small, '-device', 'cpu', '-read-vocab', vocab]);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('3 20');
  });
});

describe('command line: bad input gets a clear message, a non-zero exit, and no output file', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['a missing file', () => ['-train', join(dir, 'nope.txt')], /does not exist. Check the -train path/],
    [
      'an empty file',
      () => {
        writeFileSync(join(dir, 'empty.txt'), '');
        return ['-train', join(dir, 'empty.txt')];
      },
      /is empty/,
    ],
    [
      'binary garbage',
      () => {
        writeFileSync(join(dir, 'garbage.bin'), Buffer.from(Array.from({ length: 20000 }, (_, i) => ((i * 2654435761) >>> 24) | 0x80)));
        return ['-train', join(dir, 'garbage.bin')];
      },
      /does not look like UTF-8 text/,
    ],
    ['no word reaching min-count', () => ['-train', LEE, '-min-count', '100000'], /No word occurs at least 100000 times.*Lower -min-count \(to 1\)/],
    ['size 0', () => ['-train', LEE, '-size', '0'], /-size must be a whole number from 1/],
    ['window 0', () => ['-train', LEE, '-window', '0'], /window must be/],
    ['negative 0 with hs 0', () => ['-train', LEE, '-negative', '0', '-hs', '0'], /trains nothing/],
    ['hierarchical softmax with the full softmax', () => ['-train', LEE, '-hs', '1', '-loss', 'softmax'], /-hs 1 and -loss softmax are two different output layers/],
  ];
  it.each(cases)('%s', async (_, args, message) => {
    const out = join(dir, `bad-${Math.random()}.txt`);
    const run = await cli([...args(), '-output', out, '-device', 'cpu']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith(`.${basename(out)}.`))).toEqual([]); // no temporary file left
  });

  it('an unknown flag is a usage error (exit 2)', async () => {
    const run = await cli(['-train', LEE, '-output', join(dir, 'x.txt'), '-bogus', '1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Unknown argument "-bogus"/);
  });

  it('-device gpu without an adapter says to use the CPU', async () => {
    const run = await cli(['-train', LEE, '-output', join(dir, 'x.txt'), '-device', 'gpu'], { VK_ICD_FILENAMES: '/nonexistent/icd.json' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/No WebGPU adapter was found.*-device cpu/);
  });
});

describe('command line: strict flags, help and version', () => {
  const usage: [string, string[], RegExp][] = [
    ['an empty number', ['-size', ''], /-size takes a whole number such as 5, not ""/],
    ['a hexadecimal number', ['-size', '0x10'], /-size takes a whole number such as 5, not "0x10"/],
    ['a fraction where the C tool takes an integer', ['-iter', '2.5'], /-iter takes a whole number/],
    ['a hexadecimal real', ['-alpha', '0x1'], /-alpha takes a decimal number/],
    ['-binary 2', ['-binary', '2'], /-binary takes 0 or 1, not "2"/],
    ['a flag given twice', ['-iter', '2', '-iter', '3'], /-iter is given twice \(2 and 3\)\. Give it once\./],
  ];
  it.each(usage)('%s is a usage error (exit 2), before any work', async (_, args, message) => {
    const out = join(dir, `strict-${Math.random()}.txt`);
    const run = await cli(['-train', LEE, '-output', out, ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('help, -h and --help print the flags (exit 0); --version the version', async () => {
    for (const word of ['help', '-h', '--help']) {
      const run = await cli([word]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/-train FILE/);
      expect(run.stdout).toMatch(/similar/);
    }
    const version = await cli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(`webgpu-word2vec ${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}`);
  });

  it('-threads above the cores, or above what a small corpus can use, is capped with a note', async () => {
    const small = join(dir, 'small.txt');
    writeFileSync(small, readFileSync(LEE, 'utf8').slice(0, 20_000));
    const out = join(dir, 'threads.txt');
    const report = join(dir, 'threads.json');
    const run = await cli(['-train', small, '-output', out, '-min-count', '1', '-iter', '1', '-size', '10', '-threads', '1000', '-device', 'cpu', '-report', report]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`-threads 1000 is more than this machine's ${availableParallelism()} cores`));
    expect(JSON.parse(readFileSync(report, 'utf8')).threads).toBeLessThanOrEqual(Math.min(availableParallelism(), 4));
  });
});

describe('command line: gzip input', () => {
  const QUESTIONS = new URL('../../shared/data/eval/questions-words.txt', import.meta.url).pathname;
  const PAIRS = new URL('../../shared/data/eval/wordsim353/combined.tab', import.meta.url).pathname;

  it('a .gz corpus trains as its text does, and .gz evaluation files score as theirs do', async () => {
    const plainCorpus = join(dir, 'plain.txt');
    const gzCorpus = join(dir, 'corpus.txt.gz');
    writeFileSync(plainCorpus, readFileSync(LEE));
    writeFileSync(gzCorpus, gzipSync(readFileSync(LEE)));
    const args = ['-size', '12', '-min-count', '3', '-iter', '1', '-device', 'cpu', '-threads', '1', '-binary', '0'];
    const [plain, gz] = [join(dir, 'from-plain.txt'), join(dir, 'from-gz.txt')];
    expect((await cli(['-train', plainCorpus, '-output', plain, ...args])).code).toBe(0);
    expect((await cli(['-train', gzCorpus, '-output', gz, ...args])).code).toBe(0);
    expect(readFileSync(gz, 'utf8')).toBe(readFileSync(plain, 'utf8'));

    const gzQuestions = join(dir, 'questions.txt.gz');
    const gzPairs = join(dir, 'pairs.tab.gz');
    writeFileSync(gzQuestions, gzipSync(readFileSync(QUESTIONS)));
    writeFileSync(gzPairs, gzipSync(readFileSync(PAIRS)));
    const score = async (analogies: string, pairs: string) =>
      JSON.parse((await cli(['eval', '-vectors', plain, '-device', 'cpu', '-analogies', analogies, '-pairs', pairs])).stdout);
    const [fromPlain, fromGz] = [await score(QUESTIONS, PAIRS), await score(gzQuestions, gzPairs)];
    expect(fromGz.analogies.questions).toBe(fromPlain.analogies.questions);
    expect(fromGz.analogies.accuracy).toBe(fromPlain.analogies.accuracy);
    expect(fromGz.pairs[0].spearman).toBe(fromPlain.pairs[0].spearman);
  });

  it('a truncated .gz corpus stops with a clear error and writes nothing', async () => {
    const broken = join(dir, 'broken.gz');
    writeFileSync(broken, gzipSync(readFileSync(LEE)).subarray(0, 2000));
    const out = join(dir, 'from-broken.txt');
    const run = await cli(['-train', broken, '-output', out, '-device', 'cpu']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/starts like a gzip file but does not decompress/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
});

describe('command line: quiet start-up', () => {
  it('training on the GPU and on the default device prints no Vulkan-loader or Dawn messages', async () => {
    for (const device of ['gpu', 'auto']) {
      const out = join(dir, `quiet-${device}.txt`);
      const run = await cli(['-train', LEE, '-output', out, '-size', '8', '-min-count', '3', '-iter', '1', '-debug', '0', '-device', device], { XDG_RUNTIME_DIR: '' });
      expect(run.code).toBe(0);
      expect(run.stderr).not.toMatch(/XDG_RUNTIME_DIR|Warning: Vulkan|While initializing adapter|third_party\/dawn/);
    }
  });
});

describe('command line: messages never print raw bytes', () => {
  it('-read-vocab of a binary file says it is not a vocabulary file, without echoing its bytes', async () => {
    const binary = join(dir, 'not-a-vocab.bin');
    writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0x0a, 0xff, 0xfe]));
    const run = await cli(['-train', LEE, '-output', join(dir, 'rv.txt'), '-read-vocab', binary, '-device', 'cpu']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/is not a vocabulary file: line 1 has binary bytes\. Give the file that -save-vocab wrote\./);
    const raw = [...run.stderr].filter((c) => c.charCodeAt(0) < 9 || c === '\u007f' || c === '\ufffd');
    expect(raw).toEqual([]);
  });
});

describe('command line: progress', () => {
  it('-device gpu reports progress while it trains, also when stdout is not a terminal', async () => {
    const text8 = gunzipSync(readFileSync(new URL('../../shared/data/corpora/text8.head.gz', import.meta.url))).subarray(0, 1_000_000);
    const corpus = join(dir, 'text8-1m.txt');
    writeFileSync(corpus, text8);
    const run = await cli(['-train', corpus, '-output', join(dir, 'progress.bin'), '-binary', '1', '-cbow', '0', '-sample', '1e-4', '-iter', '1', '-device', 'gpu']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n').filter((l) => l.startsWith('Alpha:'));
    // Progress lines as it trains (about one a second), none behind the one before.
    expect(lines.length).toBeGreaterThanOrEqual(1);
    const progress = lines.map((l) => Number(/Progress: ([\d.]+)%/.exec(l)![1]));
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]!);
  });
});
