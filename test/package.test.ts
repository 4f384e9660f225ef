import { execFileSync } from 'node:child_process';
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

/** The only files a user of the package needs: the built library, the CLI, the sources, the licence, the README. */
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^bin\/[\w-]+\.m?js$/,
  /^lib\/index\.js(\.map)?$/,
  /^lib\/types\/[\w/.-]+\.d\.ts$/,
  /^src\/(?!page\/)[\w/.-]+\.(ts|mjs|wgsl|wat)$/,
];

// What `npm pack` builds first (prepack).
beforeAll(() => {
  execFileSync('npm', ['run', 'build:lib', '--silent'], { cwd: ROOT, stdio: 'pipe' });
});

describe('the package (npm pack)', () => {
  it('holds only what a user needs: no tests, benchmarks, corpora, page or screenshots', () => {
    const { files } = packed();
    expect(files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)))).toEqual([]);
    for (const entry of ['package.json', 'LICENSE', 'lib/index.js', 'lib/types/index.d.ts', 'bin/webgpu-word2vec.js', 'src/node.ts', 'src/cli/cli.ts'])
      expect(files).toContain(entry);
  });

  it('is at most 1.5 MB', () => {
    const { files, size } = packed();
    console.log(`npm pack: ${files.length} files, ${(size / 1024).toFixed(0)} KiB`);
    expect(size).toBeLessThanOrEqual(1.5 * 2 ** 20);
  });

  it('is imported by its name in plain Node (no TypeScript loader): the built entry trains, searches words and documents', () => {
    const script = `
      const { train, embedDocuments } = await import('webgpu-word2vec');
      const text = 'the king rules the land . the queen rules the land . the man walks . the woman walks . '.repeat(300);
      const model = await train(text, { sg: 1, vectorSize: 16, minCount: 1, epochs: 2, seed: 3 }, { device: 'cpu' });
      const nearest = await model.wv.mostSimilar({ positive: ['king'], topn: 9 });
      const index = embedDocuments(model, [{ id: 'rule', text: 'the king rules' }, { id: 'walk', text: 'the woman walks' }]);
      const [hit] = await index.search('queen rules', 1);
      console.log(JSON.stringify({ words: model.wv.size, kernels: model.report.cpuKernels, nearest: nearest.map((n) => n.word), hit: hit.id }));
      model.destroy();`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' }));
    expect(out.words).toBe(9);
    expect(out.kernels).toBe('simd');
    expect(out.nearest).toContain('queen');
    expect(out.hit).toBe('rule');
  });
});
