import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** What `npm pack` would put in the tarball: its size and its files. */
function packed(): { size: number; files: string[] } {
  const root = new URL('..', import.meta.url).pathname;
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })) as {
    size: number;
    files: { path: string }[];
  }[];
  return { size: pack!.size, files: pack!.files.map((f) => f.path) };
}

/** The only files a user of the package needs: the CLI, the library's sources, the licence, the README. */
const ALLOWED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^bin\/[\w-]+\.m?js$/, /^src\/(?!page\/)[\w/.-]+\.(ts|mjs|wgsl|wat)$/];

describe('the package (npm pack)', () => {
  const { size, files } = packed();

  it('holds only what a user needs: no tests, benchmarks, corpora, page or screenshots', () => {
    expect(files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)))).toEqual([]);
    for (const entry of ['package.json', 'LICENSE', 'bin/webgpu-word2vec.js', 'src/index.ts', 'src/node.ts', 'src/cli/cli.ts']) expect(files).toContain(entry);
  });

  it('is at most 1.5 MB', () => {
    console.log(`npm pack: ${files.length} files, ${(size / 1024).toFixed(0)} KiB`);
    expect(size).toBeLessThanOrEqual(1.5 * 2 ** 20);
  });
});
