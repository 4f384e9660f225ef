import { describe, expect, it } from 'vitest';

const { importProblems, repositoryFiles } = (await import('../scripts/check-imports.mjs' as string)) as {
  importProblems(files: Map<string, string>): string[];
  repositoryFiles(root: string): Map<string, string>;
};

/** A tree of files, each importing the paths given. */
function tree(imports: Record<string, string[]>): Map<string, string> {
  return new Map(
    Object.entries(imports).map(([file, targets]) => {
      const depth = file.split('/').length - 1;
      const up = '../'.repeat(depth);
      return [file, targets.map((t) => `import { x } from '${up}${t.replace(/\.ts$/, '')}';`).join('\n')];
    }),
  );
}

describe('the import rules (scripts/check-imports.mjs)', () => {
  it('hold for this repository', () => {
    expect(importProblems(repositoryFiles(new URL('..', import.meta.url).pathname))).toEqual([]);
  });

  it('let a layer import those below it, and refuse the way up', () => {
    const problems = importProblems(
      tree({
        'src/core/errors.ts': [],
        'src/search/index-of.ts': ['src/core/errors.ts'],
        'src/runtime/device.ts': ['src/search/index-of.ts'],
        'src/word2vec/train.ts': ['src/search/index-of.ts', 'src/documents/collect.ts'],
        'src/documents/collect.ts': [],
      }),
    );
    expect(problems).toEqual([
      'src/runtime/device.ts imports src/search/index-of.ts: runtime may not import search',
      'src/word2vec/train.ts imports src/documents/collect.ts: word2vec may not import documents',
    ]);
  });

  it('keep the page on the public entry and bench on the entries and runtime', () => {
    const problems = importProblems(
      tree({
        'src/index.ts': ['src/search/index-of.ts'],
        'src/search/index-of.ts': [],
        'src/runtime/device.ts': [],
        'src/page/main.ts': ['src/index.ts', 'src/search/index-of.ts'],
        'bench/speed.ts': ['src/index.ts', 'src/runtime/device.ts', 'src/search/index-of.ts'],
        'src/cli/cli.ts': ['src/search/index-of.ts', 'src/page/main.ts'],
      }),
    );
    expect(problems).toEqual([
      'src/page/main.ts imports src/search/index-of.ts: page may not import search',
      'bench/speed.ts imports src/search/index-of.ts: bench may not import search',
      'src/cli/cli.ts imports src/page/main.ts: cli may not import page',
    ]);
  });

  it('find circles, type-only imports included, and repeated file names', () => {
    const files = tree({ 'src/search/a.ts': ['src/search/b.ts'], 'src/search/b.ts': ['src/search/c.ts'], 'src/search/c.ts': ['src/search/a.ts'], 'src/word2vec/a.ts': [] });
    files.set('src/search/c.ts', "import type { A } from './a';");
    expect(importProblems(files)).toEqual([
      'import circle: src/search/a.ts → src/search/b.ts → src/search/c.ts → src/search/a.ts',
      '2 files are named a.ts: src/search/a.ts, src/word2vec/a.ts',
    ]);
  });
});
