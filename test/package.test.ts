import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;

/** What `npm pack` would put in the tarball: its size and its files. */
function packed(): { size: number; files: string[] } {
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' })) as {
    size: number;
    files: { path: string }[];
  }[];
  return { size: pack!.size, files: pack!.files.map((f) => f.path) };
}

/** The only files a user of the package needs: the built library and CLI, the licence, the README. */
const ALLOWED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^bin\/webgpu-word2vec\.js$/, /^lib\/[\w-]+\.js(\.map)?$/, /^lib\/types\/[\w/.-]+\.d\.ts$/];

/**
 * A project with the package installed as npm installs it from the tarball (its packed files under
 * node_modules/webgpu-word2vec), and its one dependency, Dawn's `webgpu`, linked from this checkout:
 * no registry needed.
 */
function consumerProject(files: readonly string[]): string {
  const project = mkdtempSync(join(tmpdir(), 'w2v-consumer-'));
  const installed = join(project, 'node_modules', 'webgpu-word2vec');
  for (const file of files) {
    mkdirSync(dirname(join(installed, file)), { recursive: true });
    cpSync(join(ROOT, file), join(installed, file));
  }
  symlinkSync(join(ROOT, 'node_modules', 'webgpu'), join(project, 'node_modules', 'webgpu'));
  // Node's types, as a TypeScript project in Node has them (TypeScript's own DOM library declares WebGPU's).
  mkdirSync(join(project, 'node_modules', '@types'));
  symlinkSync(join(ROOT, 'node_modules', '@types', 'node'), join(project, 'node_modules', '@types', 'node'));
  writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
  return project;
}

let pack: { size: number; files: string[] };
let project: string;
const run = (args: string[]): string => execFileSync(process.execPath, args, { cwd: project, encoding: 'utf8' });

// What `npm pack` builds first (prepack), then what it would pack.
beforeAll(() => {
  execFileSync('npm', ['run', 'build:lib', '--silent'], { cwd: ROOT, stdio: 'pipe' });
  pack = packed();
  project = consumerProject(pack.files);
});

describe('the package (npm pack)', () => {
  it('holds only what a user needs: no sources, tests, benchmarks, corpora, page or screenshots', () => {
    expect(pack.files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)))).toEqual([]);
    for (const entry of ['package.json', 'LICENSE', 'lib/index.js', 'lib/node.js', 'lib/cli.js', 'lib/node-kernel-thread.js', 'lib/types/index.d.ts', 'lib/types/node.d.ts'])
      expect(pack.files).toContain(entry);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies)).toEqual(['webgpu']); // no tsx at run time
  });

  it('is at most 1.5 MB', () => {
    console.log(`npm pack: ${pack.files.length} files, ${(pack.size / 1024).toFixed(0)} KiB`);
    expect(pack.size).toBeLessThanOrEqual(1.5 * 2 ** 20);
  });

  it('is imported by its name in plain Node (no TypeScript loader): trains on two threads, searches words and documents', () => {
    const script = `
      const { train, embedDocuments } = await import('webgpu-word2vec');
      const { spawnNodeKernelThread } = await import('webgpu-word2vec/node');
      const text = 'the king rules the land . the queen rules the land . the man walks . the woman walks . '.repeat(300);
      const model = await train(text, { sg: 1, vectorSize: 16, minCount: 1, epochs: 2, seed: 3 }, { device: 'cpu', threads: 2, spawnThread: spawnNodeKernelThread });
      const nearest = await model.wv.mostSimilar({ positive: ['king'], topn: 9 });
      const index = embedDocuments(model, [{ id: 'rule', text: 'the king rules' }, { id: 'walk', text: 'the woman walks' }]);
      const [hit] = await index.search('queen rules', 1);
      console.log(JSON.stringify({ words: model.wv.size, threads: model.report.threads, kernels: model.report.cpuKernels, nearest: nearest.map((n) => n.word), hit: hit.id }));
      model.destroy();`;
    const out = JSON.parse(run(['--input-type=module', '-e', script]));
    expect(out).toMatchObject({ words: 9, threads: 2, kernels: 'simd', hit: 'rule' });
    expect(out.nearest).toContain('queen');
  });

  it('runs its command line from the built library: --version, training on two threads, a query', () => {
    const bin = join(project, 'node_modules', 'webgpu-word2vec', 'bin', 'webgpu-word2vec.js');
    expect(run([bin, '--version']).trim()).toBe(`webgpu-word2vec ${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}`);
    writeFileSync(join(project, 'corpus.txt'), 'the king rules the land . the queen rules the land . the man walks . the woman walks .\n'.repeat(300));
    run([bin, '-train', 'corpus.txt', '-output', 'vectors.txt', '-size', '10', '-min-count', '1', '-iter', '2', '-device', 'cpu', '-threads', '2', '-debug', '0']);
    expect(readFileSync(join(project, 'vectors.txt'), 'utf8').split('\n')[0]).toBe('9 10');
    expect(run([bin, 'similar', '-vectors', 'vectors.txt', '-device', 'cpu', '-json', '1', 'king'])).toMatch(/"query":\["king"\]/);
  });

  for (const [entry, config] of [
    ['webgpu-word2vec', 'api-extractor.json'],
    ['webgpu-word2vec/node', 'api-extractor.node.json'],
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

const options: TrainOptions = { sg: 1, vectorSize: 16, minCount: 1 };
const model = await train('a b c a b c', options, { device: 'cpu', threads: 2, spawnThread: spawnNodeKernelThread });
const near: Neighbour[] = await model.wv.mostSimilar({ positive: ['a'], topn: 2 });
const kv: KeyedVectors = model.wv;
const index = embedDocuments(model, ['a b', 'b c']);
const gpu: GPU = await nodeGpu();
const failure: Word2VecError | undefined = undefined;
// @ts-expect-error: an option the library does not have
const wrong: TrainOptions = { vectorSise: 16 };
console.log(near.length, kv.size, index.size, typeof gpu, failure, wrong);
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
