// Issue 22, hardening round two: each row of the probe's table as a test that failed before the fix.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAtomically } from '../src/cli/output-files';
import { cli } from './helpers/cli';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/webgpu-word2vec.js');
const LEE = new URL('../../shared/data/corpora/lee_background.cor', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'w2v-hardening-'));
const small = ['-size', '10', '-window', '2', '-min-count', '3', '-iter', '2', '-device', 'cpu', '-threads', '1'];
const VECTORS = '3 2\nhello 1 2\nworld 1 2.5\nthere -1 0.5\n';

function folder(name: string): string {
  return mkdtempSync(join(dir, `${name}-`));
}

describe('row 1: no code is loaded from the shared temporary folder', () => {
  it("a modified module planted in tsx's cache under $TMPDIR is not run by the CLI", async () => {
    const tmp = folder('tmp');
    // Fill a cache the way tsx does for these sources, then replace every cached module with a payload.
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { register } from 'node:module'; import { register as tsx } from 'tsx/esm/api'; import { pathToFileURL } from 'node:url'; tsx(); register('./bin/wgsl-hooks.mjs', pathToFileURL('./')); await import('./src/cli/cli.ts');",
      ],
      { cwd: ROOT, env: { ...process.env, TMPDIR: tmp, TSX_DISABLE_CACHE: '' } },
    );
    const caches = readdirSync(tmp).filter((f) => f.startsWith('tsx-'));
    expect(caches.length).toBe(1);
    const planted = readdirSync(join(tmp, caches[0]!));
    expect(planted.length).toBeGreaterThan(20);
    const payload = JSON.stringify({ code: 'console.log("PLANTED"); process.exit(0);', map: { version: 3, sources: [], names: [], mappings: '' } });
    for (const file of planted) writeFileSync(join(tmp, caches[0]!, file), payload);
    const run = await cli(['--version'], { env: { TMPDIR: tmp } });
    expect(run.stdout).not.toMatch(/PLANTED/);
    expect(run.stdout).toMatch(/^webgpu-word2vec \d+\.\d+\.\d+\n$/);
  });

  it('the CLI writes no compiled modules to the temporary folder', async () => {
    const tmp = folder('tmp');
    const run = await cli(['similar', '-device', 'cpu', '-vectors', '-'], { env: { TMPDIR: tmp } });
    expect(run.code).toBe(1);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('rows 2-5: outputs that are inputs, checkpoints, devices and modes', () => {
  it('row 2: docs -output inside the -docs folder is refused before any work, the documents intact', async () => {
    const notes = join(folder('docs'), 'notes');
    mkdirSync(notes);
    writeFileSync(join(notes, 'a.txt'), 'the cat sat on the mat\n');
    writeFileSync(join(notes, 'b.txt'), 'dogs chase cats\n');
    const vectors = join(notes, '..', 'v.txt');
    writeFileSync(vectors, VECTORS);
    const run = await cli(['docs', '-vectors', vectors, '-docs', notes, '-output', join(notes, 'a.txt'), '-device', 'cpu']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /-output ".*notes\/a\.txt" is inside the -docs folder ".*notes" \(as a\.txt\): it is one of its documents and would be replaced\. Choose a path outside that folder\./,
    );
    expect(run.stderr).not.toMatch(/Documents:/); // refused before reading them
    expect(readFileSync(join(notes, 'a.txt'), 'utf8')).toBe('the cat sat on the mat\n');
    const fresh = await cli(['docs', '-vectors', vectors, '-docs', notes, '-output', join(notes, 'sub', '..', 'new.jsonl'), '-device', 'cpu']);
    expect(fresh.code).toBe(1);
    expect(readdirSync(notes).sort()).toEqual(['a.txt', 'b.txt']);
  });

  it('row 3: a checkpoint name that is the -train file is refused before any work', async () => {
    const work = folder('ckpt');
    const corpus = join(work, 'notes.epoch1');
    copyFileSync(LEE, corpus);
    const run = await cli(['-train', corpus, '-output', join(work, 'notes'), ...small]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/-output \(checkpoint\) ".*notes\.epoch1" is the same file as -train/);
    expect(run.stdout).not.toMatch(/Trained/);
    expect(readFileSync(corpus)).toEqual(readFileSync(LEE));
  });

  it('row 3: a checkpoint never replaces an existing file; it takes the next free name', async () => {
    const work = folder('ckpt');
    const existing = join(work, 'voc.epoch2');
    writeFileSync(existing, 'unrelated');
    const bytes = [new TextEncoder().encode('1 1\na 0.5\n')];
    expect(await writeAtomically(existing, bytes, 'output (checkpoint)', { replace: false })).toBe(`${existing}.2`);
    expect(await writeAtomically(existing, bytes, 'output (checkpoint)', { replace: false })).toBe(`${existing}.3`);
    expect(readFileSync(existing, 'utf8')).toBe('unrelated');
    expect(readFileSync(`${existing}.2`, 'utf8')).toBe('1 1\na 0.5\n');
    expect(readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('row 4: -output a FIFO is written through, not replaced by a file', async () => {
    const work = folder('fifo');
    const fifo = join(work, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const vectors = join(work, 'v.txt');
    writeFileSync(vectors, VECTORS);
    const reader = new Promise<string>((resolve) => execFile('cat', [fifo], (_, stdout) => resolve(stdout)));
    const run = await cli(['classes', '-vectors', vectors, '-classes', '2', '-output', fifo, '-device', 'cpu']);
    expect(run.code).toBe(0);
    expect(await reader).toMatch(/^hello \d\nworld \d\nthere \d\n$/);
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it('row 4: -output a character device (the null device) is written through and stays one', async () => {
    const work = folder('null');
    const vectors = join(work, 'v.txt');
    writeFileSync(vectors, VECTORS);
    // As root, a null device of the test's own: were it replaced, the system's /dev/null would be.
    // Otherwise /dev/null itself, which an unprivileged process cannot replace.
    const device = process.getuid?.() === 0 ? join(work, 'null') : '/dev/null';
    if (device !== '/dev/null') execFileSync('mknod', ['-m', '666', device, 'c', '1', '3']);
    const before = statSync(device);
    const run = await cli(['classes', '-vectors', vectors, '-classes', '2', '-output', device, '-device', 'cpu']);
    expect(run.code).toBe(0);
    const after = statSync(device);
    expect(after.isCharacterDevice()).toBe(true);
    expect(after.ino).toBe(before.ino);
    expect(readdirSync(work).sort()).toEqual(device === '/dev/null' ? ['v.txt'] : ['null', 'v.txt']);
  });

  it('row 5: a read-only output is refused before any work, even as root; an existing 0600 output keeps its mode', async () => {
    const work = folder('modes');
    const corpus = join(work, 'corpus.txt');
    copyFileSync(LEE, corpus);
    const readOnly = join(work, 'ro.txt');
    writeFileSync(readOnly, 'keep');
    chmodSync(readOnly, 0o444);
    const refused = await cli(['-train', corpus, '-output', readOnly, ...small]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/-output ".*ro\.txt" is read-only\. Make it writable \(chmod u\+w\)/);
    expect(refused.stdout).not.toMatch(/Trained/);
    expect(readFileSync(readOnly, 'utf8')).toBe('keep');
    const privateFile = join(work, 'private.txt');
    writeFileSync(privateFile, 'old');
    chmodSync(privateFile, 0o600);
    const run = await cli(['-train', corpus, '-output', privateFile, ...small]);
    expect(run.code).toBe(0);
    expect(readFileSync(privateFile, 'utf8')).toMatch(/^\d+ 10\n/);
    expect(statSync(privateFile).mode & 0o777).toBe(0o600);
  });
});

describe('row 8: more classes than words', () => {
  it('classes -classes 99999999 on 3 words: refused with the limit, no k-means', async () => {
    const work = folder('classes');
    const vectors = join(work, 'v.txt');
    writeFileSync(vectors, VECTORS);
    const run = await cli(['classes', '-vectors', vectors, '-classes', '99999999', '-device', 'cpu']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('Error: 99999999 word classes is more than the 3 words. Ask for at most 3 classes (-classes).\n');
  });

  it('training with -classes above the vocabulary stops before the first epoch, after printing the vocabulary figures', async () => {
    const work = folder('classes');
    const out = join(work, 'classes.txt');
    const run = await cli(['-train', LEE, '-output', out, '-classes', '99999999', ...small]);
    expect(run.code).toBe(1);
    const vocab = Number(/Vocab size: (\d+)/.exec(run.stdout)?.[1]);
    expect(vocab).toBeGreaterThan(1000);
    expect(run.stderr).toBe(`Error: -classes 99999999 is more than the ${vocab} words of the vocabulary. Give -classes at most ${vocab}.\n`);
    expect(run.stdout).not.toMatch(/Progress|Trained/);
    expect(existsSync(out)).toBe(false);
  });
});

describe("the CLI's header", () => {
  it('says the device and the vocabulary figures before training, as the C tool does', async () => {
    const text8 = join(ROOT, 'public/corpus/text8-10M.txt.gz'); // long enough for progress lines
    const run = await cli(['-train', text8, '-output', join(folder('header'), 'v.txt'), '-size', '10', '-iter', '1', '-device', 'cpu', '-threads', '1']);
    expect(run.code).toBe(0);
    const header = run.stdout.indexOf('Vocab size:');
    expect(header).toBeGreaterThan(0);
    expect(run.stdout.indexOf('Device: CPU path')).toBeLessThan(header);
    expect(run.stdout.indexOf('Progress:')).toBeGreaterThan(header);
    expect(run.stdout.indexOf('Words in train file:')).toBeLessThan(run.stdout.indexOf('Progress:'));
  });
});

/**
 * The CLI with its process unable to read what the file modes forbid: root reads any file, so as
 * root it runs without the capabilities that override the modes (setpriv drops them).
 */
function cliHonouringModes(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const asRoot = process.getuid?.() === 0;
  const command = asRoot ? 'setpriv' : process.execPath;
  const argv = asRoot ? ['--bounding-set=-dac_override,-dac_read_search', process.execPath, BIN, ...args] : [BIN, ...args];
  return new Promise((resolve) => {
    execFile(command, argv, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
  });
}

describe('row 10: an unreadable input is one message naming the file and the reason', () => {
  const work = folder('unreadable');
  chmodSync(dir, 0o755);
  chmodSync(work, 0o755);
  const locked = join(work, 'locked.txt');
  writeFileSync(locked, 'the cat sat on the mat\n');
  chmodSync(locked, 0o000);
  const vectors = join(work, 'v.txt');
  writeFileSync(vectors, VECTORS);
  const docs = join(work, 'docs');
  mkdirSync(docs);
  writeFileSync(join(docs, 'a.txt'), 'hello world\n');
  copyFileSync(locked, join(docs, 'b.txt'));
  chmodSync(join(docs, 'b.txt'), 0o000);
  const closed = join(work, 'closed');
  mkdirSync(closed);
  writeFileSync(join(closed, 'c.txt'), 'hello\n');
  chmodSync(closed, 0o000);
  const out = join(work, 'out.txt');
  const cases: [string, string[], RegExp][] = [
    [
      '-train',
      ['-train', locked, '-output', out, ...small],
      /^Error: Cannot read the training file ".*locked\.txt": permission to read it is denied\. Make it readable \(chmod\) or give -train another file\.\n$/,
    ],
    [
      '-vectors',
      ['similar', '-vectors', locked, '-device', 'cpu', 'hello'],
      /^Error: Cannot read the vectors file ".*locked\.txt": permission to read it is denied\. Make it readable/,
    ],
    [
      '-docs file',
      ['search', '-vectors', vectors, '-docs', locked, '-device', 'cpu', 'hello'],
      /^Error: Cannot read the document ".*locked\.txt": permission to read it is denied/,
    ],
    [
      'a file in a -docs folder',
      ['search', '-vectors', vectors, '-docs', docs, '-device', 'cpu', 'hello'],
      /^Error: Cannot read the document ".*docs\/b\.txt": permission to read it is denied/,
    ],
    [
      'an unsearchable -docs folder',
      ['search', '-vectors', vectors, '-docs', join(closed, 'c.txt'), '-device', 'cpu', 'hello'],
      /^Error: Cannot read the documents ".*closed\/c\.txt": permission to read it is denied/,
    ],
    [
      '-analogies',
      ['eval', '-vectors', vectors, '-analogies', locked, '-device', 'cpu'],
      /^Error: Cannot read the evaluation file ".*locked\.txt": permission to read it is denied\. Make it readable \(chmod\) or give -analogies another file\.\n$/,
    ],
    ['phrases -train', ['phrases', '-train', locked, '-output', out], /^Error: Cannot read the training file ".*locked\.txt": permission to read it is denied/],
    [
      '-read-vocab',
      ['-train', vectors, '-read-vocab', locked, '-output', out, ...small],
      /^Error: Cannot read the vocabulary file ".*locked\.txt": permission to read it is denied/,
    ],
  ];
  it.each(cases)('%s', async (_, args, message) => {
    const run = await cliHonouringModes(args);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at |EACCES/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('row 11: control characters from an untrusted vectors file never reach the terminal raw', () => {
  const work = folder('control');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for raw control characters
  const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

  it('in an error message (a header that sets the window title)', async () => {
    const vectors = join(work, 'title.txt');
    writeFileSync(vectors, '\u001b]0;owned\u0007 3\nhello 1 2 3\n');
    const run = await cli(['similar', '-vectors', vectors, '-device', 'cpu', 'hello']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/the header must be two whole numbers, "count dim", not "\\u001b\]0;owned\\u0007 3"/);
    expect(run.stderr).not.toMatch(raw);
  });

  it('in the neighbours table, the JSON lines and the unknown-word message', async () => {
    const vectors = join(work, 'words.txt');
    writeFileSync(vectors, '3 2\nhello 1 2\nclear\u001b[2Jscreen 1 2.5\ncsi\u009b31m 1 2.4\n');
    const table = await cli(['similar', '-vectors', vectors, '-device', 'cpu', 'hello']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/clear\\u001b\[2Jscreen\s+0\.99/);
    expect(table.stdout).toMatch(/csi\\u009b31m/);
    expect(table.stdout).not.toMatch(raw);
    const json = await cli(['similar', '-vectors', vectors, '-device', 'cpu', '-json', '1', 'hello']);
    expect(json.stdout).not.toMatch(raw);
    expect(JSON.parse(json.stdout).results.map((r: { word: string }) => r.word)).toContain('csi\u009b31m');
    const unknown = await cli(['similar', '-vectors', vectors, '-device', 'cpu'], { input: 'no\u001b[2Jword\n' });
    expect(unknown.stderr).toMatch(/no\\u001b\[2Jword/);
    expect(unknown.stderr).not.toMatch(raw);
  });

  it('the data written to stdout (classes) keeps the words as they are', async () => {
    const vectors = join(work, 'words.txt');
    const run = await cli(['classes', '-vectors', vectors, '-classes', '1', '-device', 'cpu']);
    expect(run.stdout).toBe('hello 0\nclear\u001b[2Jscreen 0\ncsi\u009b31m 0\n');
  });
});

describe('unknown words, in the CLI', () => {
  const work = folder('unknown');
  const vectors = join(work, 'v.txt');
  writeFileSync(vectors, VECTORS);

  it("similar names every unknown word in the CLI's terms, and points a two-word name to phrases", async () => {
    const run = await cli(['similar', '-vectors', vectors, '-device', 'cpu', 'new', 'york']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'Error: "new" and "york" are not in the vocabulary (3 words). Check the spelling, or train with a lower -min-count. If "new york" is one name, join phrases before training (webgpu-word2vec phrases): it becomes "new_york".\n',
    );
    expect(run.stderr).not.toMatch(/minCount/);
    const analogy = await cli(['analogy', '-vectors', vectors, '-device', 'cpu', 'man', 'king', 'woman']);
    expect(analogy.stderr).toBe('Error: "king", "woman" and "man" are not in the vocabulary (3 words). Check the spelling, or train with a lower -min-count.\n');
  });

  it('search with no known word says so and names them, instead of listing documents at 0.000', async () => {
    const run = await cli(['search', '-vectors', vectors, '-docs', vectors, '-device', 'cpu'], { input: 'zebra quagga\nhello\n' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Error: None of the query's words is known to these vectors or documents: "zebra", "quagga"\. Check the spelling/);
    expect(run.stdout).not.toMatch(/Query: zebra/);
    expect(run.stdout).toMatch(/Query: hello\n/);
  });
});

/** The system's Vulkan loader files, to hide them from a command (none where the system has none). */
const LOADERS = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1'].filter(existsSync);

/** The CLI on a machine without the Vulkan loader: in a mount namespace where each loader file is /dev/null. */
function cliWithoutVulkan(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const hide = LOADERS.map((path) => `mount --bind /dev/null ${path} && `).join('');
  const command = `${hide}exec "$0" "$@"`;
  return new Promise((resolve) => {
    execFile('unshare', ['--mount', 'sh', '-c', command, process.execPath, BIN, ...args], (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe("rows 14 and 15: the GPU runtime only where it is used, in the CLI's own words", () => {
  const work = folder('dawn');
  const vectors = join(work, 'v.txt');
  writeFileSync(vectors, VECTORS);
  const dawnsWords = /Warning|BackendVk|third_party|node-webgpu|Couldn't load Vulkan/;

  // Hiding the loader takes a mount namespace: root only (CI runs as root).
  it.runIf(process.getuid?.() === 0)('row 15: without the Vulkan loader, a query prints no Dawn warning, and -device gpu says what to install', async () => {
    const query = await cliWithoutVulkan(['similar', '-vectors', vectors, 'hello']);
    expect(query.code, query.stderr).toBe(0);
    expect(query.stdout).toMatch(/world\s+0\.99/);
    expect(query.stderr).not.toMatch(dawnsWords);
    const gpu = await cliWithoutVulkan(['similar', '-vectors', vectors, '-device', 'gpu', 'hello']);
    expect(gpu.code).toBe(1);
    expect(gpu.stderr).toBe(
      "Error: No GPU driver was found: the Vulkan loader (libvulkan.so.1) is not installed. Install the Vulkan loader and your GPU's Vulkan driver (on Debian or Ubuntu: apt-get install libvulkan1 mesa-vulkan-drivers, or the NVIDIA driver) to use the GPU, or use the CPU (-device cpu).\n",
    );
    const training = await cliWithoutVulkan(['-train', LEE, '-output', join(work, 'v2.txt'), '-size', '10', '-min-count', '3', '-iter', '1', '-threads', '1']);
    expect(training.code, training.stderr).toBe(0);
    expect(training.stderr).not.toMatch(dawnsWords);
  });

  it('row 15: query commands on the default device do not load the GPU runtime where there is no GPU', async () => {
    const tmp = folder('tmp');
    const run = await cli(['similar', '-vectors', vectors, 'hello'], { env: { TMPDIR: tmp, XDG_RUNTIME_DIR: '' } });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(readdirSync(tmp)).toEqual([]); // not even the loader's runtime folder
  });

  it('row 14: a signal while similar reads stdin leaves no runtime folder behind', async () => {
    const tmp = folder('tmp');
    const child = spawn(process.execPath, [BIN, 'similar', '-vectors', vectors, '-device', 'gpu'], { env: { ...process.env, TMPDIR: tmp, XDG_RUNTIME_DIR: '' } });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stdin.write('hello\n'); // stdin stays open: the command waits for the next query
    for (let waited = 0; !stdout.includes('Words: hello') && waited < 60_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(stdout).toMatch(/world\s+0\.99/);
    expect(readdirSync(tmp).filter((f) => f.startsWith('webgpu-word2vec-xdg-'))).toHaveLength(1);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(143);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('docs -method hybrid', () => {
  it('writes what the hybrid scores with: the SIF vector and the bag of words, and says so in the help and for the word2vec layout', async () => {
    const work = folder('hybrid');
    const vectors = join(work, 'v.txt');
    writeFileSync(vectors, VECTORS);
    const run = await cli(['docs', '-vectors', vectors, '-docs', vectors, '-device', 'cpu']);
    expect(run.code).toBe(0);
    const first = JSON.parse(run.stdout.split('\n')[0]!);
    expect(Object.keys(first)).toEqual(['id', 'title', 'vector', 'bag']);
    expect(Object.keys(first.bag)).toEqual(['share', 'terms', 'weights']);
    const layout = await cli(['docs', '-vectors', vectors, '-docs', vectors, '-device', 'cpu', '-format', 'word2vec']);
    expect(layout.stderr).toMatch(
      /Note: -method hybrid scores with the SIF vectors and a TF-IDF bag of words; the word2vec layout holds the vectors only\. -format jsonl writes both\./,
    );
    const help = await cli(['--help']);
    expect(help.stdout).toMatch(/With -method hybrid \(the default\) the vector is the SIF one, and each JSON line\s+also holds the TF-IDF bag of words/);
  });
});

describe('rows 6 and 7: files that are one long line', () => {
  const work = folder('long');
  const vectors = join(work, 'v.txt');
  writeFileSync(vectors, VECTORS);

  it('row 6: a vectors row that is one long line is refused at its limit, with its line number', async () => {
    const long = join(work, 'long-row.gz');
    const bytes = Buffer.alloc(32 << 20, 'a');
    bytes.write('1 2\n');
    writeFileSync(long, gzipSync(bytes));
    const run = await cli(['similar', '-vectors', long, '-device', 'cpu', 'a'], { timeoutMs: 60_000 });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^Error: Malformed vectors file ".*long-row\.gz": line 2: the line is longer than 66688 bytes, more than a word \(at most 65536 bytes\) and 2 numbers can take\./,
    );
  });

  it('row 7: search and -background on a file of one 17 MiB line keep its first 16 Mi characters and say so; a folder too', async () => {
    const line = join(work, 'one-line.txt');
    writeFileSync(line, 'hello world there '.repeat(Math.ceil((17 << 20) / 18)));
    const inFolder = join(work, 'folder');
    mkdirSync(inFolder);
    copyFileSync(line, join(inFolder, 'book.txt'));
    const search = await cli(['search', '-vectors', vectors, '-docs', line, '-device', 'cpu', 'hello']);
    expect(search.code, search.stderr).toBe(0);
    expect(search.stderr).toBe('Documents: 1 document; 1 cut to their first 16 Mi characters\n');
    expect(search.stdout).toMatch(/one-line\.txt:1/);
    const folderSearch = await cli(['search', '-vectors', vectors, '-docs', inFolder, '-device', 'cpu', 'hello']);
    expect(folderSearch.code, folderSearch.stderr).toBe(0);
    expect(folderSearch.stderr).toBe('Documents: 1 document; 1 cut to their first 16 Mi characters\n');
    const background = await cli(['docs', '-vectors', vectors, '-docs', vectors, '-background', line, '-method', 'sif', '-device', 'cpu', '-output', join(work, 'docs.jsonl')]);
    expect(background.code, background.stderr).toBe(0);
    expect(background.stderr).toMatch(/Note: -background: 1 line\(s\) cut to their first 16 Mi characters\./);
    expect(background.stderr).not.toMatch(/\n\s+at |RangeError|FATAL/);
  });
});
