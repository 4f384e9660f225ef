import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { installFixture, packTarball } from './helpers/consumer';

const ROOT = new URL('..', import.meta.url).pathname;

/** The only files a user of the package needs: the built library and CLI, the licence, the README. */
const ALLOWED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^bin\/webgpu-word2vec\.js$/, /^lib\/[\w-]+\.js(\.map)?$/, /^lib\/types\/[\w/.-]+\.d\.ts$/];

let pack: ReturnType<typeof packTarball>;
let project: string;
const run = (args: string[]): string => execFileSync(process.execPath, args, { cwd: project, encoding: 'utf8' });

// What `npm pack` builds first (prepack) and packs; then a Node project that installs the tarball.
beforeAll(() => {
  pack = packTarball();
  project = installFixture('node-consumer', pack.tarball);
});

describe('the package (npm pack)', () => {
  it('holds only what a user needs: no sources, tests, benchmarks, corpora, page or screenshots', () => {
    expect(pack.files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)))).toEqual([]);
    for (const entry of [
      'package.json',
      'LICENSE',
      'lib/index.js',
      'lib/node.js',
      'lib/worker.js',
      'lib/training-worker.js',
      'lib/kernel-thread-worker.js',
      'lib/cli.js',
      'lib/node-kernel-thread.js',
      'lib/types/index.d.ts',
      'lib/types/node.d.ts',
      'lib/types/worker.d.ts',
    ])
      expect(pack.files).toContain(entry);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies)).toEqual(['webgpu']); // no tsx at run time
  });

  it('is at most 1.5 MB', () => {
    console.log(`npm pack: ${pack.files.length} files, ${(pack.size / 1024).toFixed(0)} KiB`);
    expect(pack.size).toBeLessThanOrEqual(1.5 * 2 ** 20);
  });

  it('is imported by its name in plain Node (no TypeScript loader): trains on two threads from a gzip file, searches words and documents', () => {
    const text = 'the king rules the land . the queen rules the land . the man walks . the woman walks . '.repeat(300);
    writeFileSync(join(project, 'corpus.txt.gz'), gzipSync(text));
    const script = `
      const { train, embedDocuments, Word2VecError } = await import('webgpu-word2vec');
      const { openFile, spawnNodeKernelThread } = await import('webgpu-word2vec/node');
      const model = await train(await openFile('corpus.txt.gz'), { sg: 1, vectorSize: 16, minCount: 1, epochs: 2, seed: 3 }, { device: 'cpu', threads: 2, spawnThread: spawnNodeKernelThread });
      const nearest = await model.wv.mostSimilar({ positive: ['king'], topn: 9 });
      const index = embedDocuments(model, [{ id: 'rule', text: 'the king rules' }, { id: 'walk', text: 'the woman walks' }]);
      const [hit] = await index.search('queen rules', 1);
      const missing = await openFile('no-such.txt').catch((e) => e);
      console.log(JSON.stringify({ words: model.wv.size, threads: model.report.threads, kernels: model.report.cpuKernels, nearest: nearest.map((n) => n.word), hit: hit.id, missing: [missing instanceof Word2VecError, missing.code, missing.message] }));
      model.destroy();`;
    const out = JSON.parse(run(['--input-type=module', '-e', script]));
    expect(out).toMatchObject({ words: 9, threads: 2, kernels: 'simd', hit: 'rule' });
    expect(out.nearest).toContain('queen');
    expect(out.missing).toEqual([true, 'FILE', 'Cannot read the file "no-such.txt": it does not exist. Check the path.']);
  });

  it('runs its command line by npx, outside the checkout, from the built library: --version, training on two threads, a query', () => {
    const npx = (args: string[]): string => execFileSync('npx', ['--offline', '--no-install', 'webgpu-word2vec', ...args], { cwd: project, encoding: 'utf8' });
    expect(project.startsWith(ROOT)).toBe(false);
    expect(npx(['--version']).trim()).toBe(`webgpu-word2vec ${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}`);
    writeFileSync(join(project, 'corpus.txt'), 'the king rules the land . the queen rules the land . the man walks . the woman walks .\n'.repeat(300));
    npx(['-train', 'corpus.txt', '-output', 'vectors.txt', '-size', '10', '-min-count', '1', '-iter', '2', '-device', 'cpu', '-threads', '2', '-debug', '0']);
    expect(readFileSync(join(project, 'vectors.txt'), 'utf8').split('\n')[0]).toBe('9 10');
    expect(npx(['similar', '-vectors', 'vectors.txt', '-device', 'cpu', '-json', '1', 'king'])).toMatch(/"query":\["king"\]/);
  });

  for (const [entry, config] of [
    ['webgpu-word2vec', 'api-extractor.json'],
    ['webgpu-word2vec/node', 'api-extractor.node.json'],
    ['webgpu-word2vec/worker', 'api-extractor.worker.json'],
  ] as const) {
    it(`changes its public surface (${entry}) only on purpose: the declarations match api/'s report`, () => {
      const extractor = join(ROOT, 'node_modules', '@microsoft', 'api-extractor', 'bin', 'api-extractor');
      const checked = spawnSync(process.execPath, [extractor, 'run', '-c', config], { cwd: ROOT, encoding: 'utf8' });
      expect(checked.status, `${checked.stdout}\nThe public API changed: if that is meant, run npm run api and commit api/.`).toBe(0);
    });
  }

  it('runs the Node example (examples/node) by the package name: its vectors load in gensim', () => {
    cpSync(join(ROOT, 'examples', 'node', 'train.mjs'), join(project, 'train.mjs'));
    writeFileSync(join(project, 'example.txt'), 'the king rules the land . the queen rules the land . the man walks . the woman walks .\n'.repeat(300));
    expect(run(['train.mjs', 'example.txt', 'example.bin'])).toMatch(/^9 words x 50 values in example\.bin/);
    const loaded = execFileSync(
      '/usr/bin/python3',
      ['-c', "from gensim.models import KeyedVectors; kv = KeyedVectors.load_word2vec_format('example.bin', binary=True); print(len(kv), kv.vector_size, 'queen' in kv)"],
      {
        cwd: project,
        encoding: 'utf8',
      },
    );
    expect(loaded.trim()).toBe('9 50 True');
  });

  for (const resolution of ['bundler', 'node16'] as const) {
    it(`type-checks a strict consumer against its declarations ("moduleResolution": "${resolution}")`, () => {
      writeFileSync(
        join(project, 'typed.ts'),
        `import { embedDocuments, KeyedVectors, train, Word2VecError, type Neighbour, type TrainOptions } from 'webgpu-word2vec';
import { nodeGpu, spawnNodeKernelThread } from 'webgpu-word2vec/node';
import { trainInWorker, type WorkerModel } from 'webgpu-word2vec/worker';

const options: TrainOptions = { sg: 1, vectorSize: 16, minCount: 1 };
const model = await train('a b c a b c', options, { device: 'cpu', threads: 2, spawnThread: spawnNodeKernelThread });
const near: Neighbour[] = await model.wv.mostSimilar({ positive: ['a'], topn: 2 });
const kv: KeyedVectors = model.wv;
const index = embedDocuments(model, ['a b', 'b c']);
const gpu: GPU = await nodeGpu();
const failure: Word2VecError | undefined = undefined;
const inWorker: () => Promise<WorkerModel> = () => trainInWorker('a b c', { vectorSize: 8 }, { onProgress: (p) => console.log(p.progress) });
// @ts-expect-error: an option the library does not have
const wrong: TrainOptions = { vectorSise: 16 };
console.log(near.length, kv.size, index.size, typeof gpu, failure, wrong, inWorker);
`,
      );
      const module = resolution === 'bundler' ? 'esnext' : 'node16';
      const config = {
        compilerOptions: { strict: true, target: 'es2022', module, moduleResolution: resolution, noEmit: true, types: ['node'], lib: ['es2022', 'dom'] },
        files: ['typed.ts'],
      };
      writeFileSync(join(project, `tsconfig.${resolution}.json`), JSON.stringify(config));
      const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      const checked = spawnSync(process.execPath, [tsc, '-p', `tsconfig.${resolution}.json`], { cwd: project, encoding: 'utf8' });
      expect(checked.stdout + checked.stderr).toBe('');
      expect(checked.status).toBe(0);
    });
  }
});
