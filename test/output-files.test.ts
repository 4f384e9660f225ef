import { execFile, execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAtomically } from '../src/cli/output-files';
import { readVectors } from '../src/search/read-vectors';

const LEE = new URL('../../shared/data/corpora/lee_background.cor', import.meta.url).pathname;
const BIN = new URL('../bin/webgpu-word2vec.js', import.meta.url).pathname;
const REGISTER = new URL('../bin/register.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'w2v-out-'));
const small = ['-size', '10', '-window', '2', '-min-count', '3', '-iter', '1', '-device', 'cpu', '-threads', '1'];

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr, seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** A fresh folder with a copy of the Lee corpus in it. */
function workspace(): { folder: string; corpus: string } {
  const folder = mkdtempSync(join(dir, 'case-'));
  const corpus = join(folder, 'corpus.txt');
  copyFileSync(LEE, corpus);
  return { folder, corpus };
}

describe('command line: every output is checked before any work, and no input is overwritten', () => {
  const cases: [string, (w: { folder: string; corpus: string }) => string[], RegExp][] = [
    ['-output is the -train file', (w) => ['-train', w.corpus, '-output', w.corpus], /-output ".*corpus.txt" is the same file as -train/],
    ['-output is the -train file by another name', (w) => ['-train', w.corpus, '-output', join(w.folder, '.', 'corpus.txt')], /is the same file as -train/],
    [
      '-save-vocab is a hard link to the -train file',
      (w) => {
        linkSync(w.corpus, join(w.folder, 'vocab.txt'));
        return ['-train', w.corpus, '-output', join(w.folder, 'v.txt'), '-save-vocab', join(w.folder, 'vocab.txt')];
      },
      /-save-vocab ".*vocab.txt" is the same file as -train/,
    ],
    ['-report is the -output file', (w) => ['-train', w.corpus, '-output', join(w.folder, 'v.txt'), '-report', join(w.folder, 'v.txt')], /-report and -output both name/],
    ['the output folder is missing', (w) => ['-train', w.corpus, '-output', join(w.folder, 'missing', 'v.txt')], /folder ".*missing" cannot be used \(it does not exist\)/],
    [
      'the output path goes through a regular file',
      (w) => ['-train', w.corpus, '-output', join(w.corpus, 'v.txt')],
      /cannot be used \(a part of it is a file, not a folder\)|is a file, not a folder/,
    ],
    [
      '-save-vocab in a missing folder',
      (w) => ['-train', w.corpus, '-output', join(w.folder, 'v.txt'), '-save-vocab', join(w.folder, 'nope', 'vocab.txt')],
      /Cannot write -save-vocab/,
    ],
    ['-report in a missing folder', (w) => ['-train', w.corpus, '-output', join(w.folder, 'v.txt'), '-report', join(w.folder, 'nope', 'r.json')], /Cannot write -report/],
    ['-output is a folder', (w) => ['-train', w.corpus, '-output', w.folder], /-output ".*" is a folder/],
  ];
  it.each(cases)('%s: exit 1 at once, the input intact, nothing written', async (_, args, message) => {
    const w = workspace();
    const argv = args(w);
    const before = readdirSync(w.folder).sort();
    const run = await cli([...argv, ...small]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.stdout).not.toMatch(/Trained/); // stopped before training
    expect(readFileSync(w.corpus)).toEqual(readFileSync(LEE));
    expect(readdirSync(w.folder).sort()).toEqual(before);
  });

  // Root writes anywhere, so a read-only folder is tried as the unprivileged user "nobody" (where the
  // system has setpriv and nobody can run this checkout's node and files).
  const asNobody = ['--reuid=65534', '--regid=65534', '--clear-groups'];
  const nobodyCanRun =
    process.getuid?.() === 0 &&
    (() => {
      try {
        execFileSync('setpriv', [...asNobody, process.execPath, BIN, '--version'], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    })();
  it.runIf(nobodyCanRun)('a read-only output folder: exit 1 before any work, nothing written', async () => {
    const w = workspace();
    chmodSync(dir, 0o755);
    chmodSync(w.folder, 0o755);
    chmodSync(w.corpus, 0o644);
    const readOnly = join(w.folder, 'read-only');
    mkdirSync(readOnly, { mode: 0o555 });
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile('setpriv', [...asNobody, process.execPath, BIN, '-train', w.corpus, '-output', join(readOnly, 'v.txt'), ...small], (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/its folder ".*read-only" is not writable\. Choose a folder you can write to\./);
    expect(run.stdout).not.toMatch(/Trained/);
    expect(readdirSync(readOnly)).toEqual([]);
  });

  it('a link planted where the old writer put OUTPUT.partial is not followed', async () => {
    const w = workspace();
    const victim = join(w.folder, 'victim.txt');
    writeFileSync(victim, 'keep me');
    const out = join(w.folder, 'v.txt');
    symlinkSync(victim, `${out}.partial`);
    const run = await cli(['-train', w.corpus, '-output', out, ...small]);
    expect(run.code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(readFileSync(out, 'utf8')).toMatch(/^\d+ 10\n/);
  });

  it('two runs writing the same output at once leave one whole, readable file (three trials)', async () => {
    for (let trial = 0; trial < 3; trial++) {
      const w = workspace();
      const out = join(w.folder, 'shared.txt');
      const runs = await Promise.all([
        cli(['-train', w.corpus, '-output', out, ...small, '-seed', '1']),
        cli(['-train', w.corpus, '-output', out, ...small, '-seed', '2', '-negative', '3']),
      ]);
      expect(runs.map((r) => r.code)).toEqual([0, 0]);
      const kv = await readVectors(readFileSync(out), { name: out });
      expect(kv.vectorSize).toBe(10);
      expect(kv.size).toBeGreaterThan(100);
      expect(readdirSync(w.folder).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    }
  });

  it('the output gets the usual mode, and no temporary file is left', async () => {
    const w = workspace();
    const out = join(w.folder, 'v.bin');
    const run = await cli(['-train', w.corpus, '-output', out, '-binary', '1', '-report', join(w.folder, 'r.json'), ...small]);
    expect(run.code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o666 & ~process.umask());
    expect(readdirSync(w.folder).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(JSON.parse(readFileSync(join(w.folder, 'r.json'), 'utf8')).vocabulary_size).toBeGreaterThan(100);
  });
});

describe('atomic writes', () => {
  it('a failure mid-write leaves the old file and no temporary file', async () => {
    const folder = mkdtempSync(join(dir, 'fail-'));
    const target = join(folder, 'v.txt');
    writeFileSync(target, 'old');
    const chunks = function* (): Generator<Uint8Array> {
      yield new TextEncoder().encode('new, half');
      throw new Error('the disk is full');
    };
    await expect(writeAtomically(target, chunks())).rejects.toThrow(/Cannot write -output ".*v.txt": the disk is full\. Nothing was written there/);
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(readdirSync(folder)).toEqual(['v.txt']);
  });

  it('concurrent writers of one file leave one whole file', async () => {
    const folder = mkdtempSync(join(dir, 'race-'));
    const target = join(folder, 'v.txt');
    const contents = Array.from({ length: 6 }, (_, i) => `${String(i).repeat(200_000)}\n`);
    await Promise.all(
      contents.map((text) =>
        writeAtomically(
          target,
          Array.from({ length: 10 }, () => new TextEncoder().encode(text.slice(0, 20_000))),
        ),
      ),
    );
    const written = readFileSync(target, 'utf8');
    expect(written.length).toBe(200_000);
    expect(new Set(written.replace(/\n/g, '')).size).toBe(1); // one writer's bytes only
    expect(readdirSync(folder)).toEqual(['v.txt']);
  });

  it('SIGINT while writing removes the temporary file and keeps the old output', async () => {
    const folder = mkdtempSync(join(dir, 'signal-'));
    const target = join(folder, 'v.txt');
    writeFileSync(target, 'old');
    const script = join(folder, 'slow-writer.mts'); // an ES module outside the package
    const module = new URL('../src/cli/output-files.ts', import.meta.url).pathname;
    writeFileSync(
      script,
      `import { writeAtomically } from '${module}';
       async function* slow() { for (;;) { yield new Uint8Array(1 << 12); await new Promise((r) => setTimeout(r, 20)); } }
       await writeAtomically(${JSON.stringify(target)}, slow());`,
    );
    const child = spawn(process.execPath, ['--import', REGISTER, script], { stdio: 'ignore' });
    const temporary = (): string[] => readdirSync(folder).filter((f) => f.endsWith('.tmp'));
    for (let waited = 0; temporary().length === 0 && waited < 20_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(temporary()).toHaveLength(1);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(130);
    expect(temporary()).toEqual([]);
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(existsSync(script)).toBe(true);
  });
});
