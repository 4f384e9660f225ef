// The import rules of src/ and bench/ (docs/architecture.md): each folder is a layer, and a file
// imports only its own layer and those below it:
//
//   core ← text ← runtime ← search ← word2vec ← documents ← workers ← entries ← cli, page, bench
//
// (the entries: index.ts, node.ts and worker.ts, the package's; internal.ts, the page's and bench's)
// so runtime imports no feature and search no trainer. The page imports only the entries; bench
// imports the entries and, for set-up, runtime and what lies below it. No file imports itself
// through others (type-only imports count too), and no two source files share a name.
//
//   node scripts/check-imports.mjs     (run by `npm run lint`, and so by CI)
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The layers, lowest first; a layer's rank is its place in this list. */
export const LAYERS = [
  { name: 'core', rank: 0, folder: 'src/core/' },
  { name: 'text', rank: 1, folder: 'src/text/' },
  { name: 'runtime', rank: 2, folder: 'src/runtime/' },
  { name: 'search', rank: 3, folder: 'src/search/' },
  { name: 'word2vec', rank: 4, folder: 'src/word2vec/' },
  { name: 'documents', rank: 5, folder: 'src/documents/' },
  { name: 'workers', rank: 6, folder: 'src/workers/' },
  { name: 'entry', rank: 7, files: ['src/index.ts', 'src/node.ts', 'src/worker.ts', 'src/internal.ts'] },
  { name: 'cli', rank: 8, folder: 'src/cli/' },
  { name: 'page', rank: 8, folder: 'src/page/', only: ['entry'] },
  { name: 'bench', rank: 8, folder: 'bench/', only: ['entry', 'runtime', 'text', 'core'] },
];

/** Files allowed past their layer's rule, each with its reason. */
export const EXCEPTIONS = {
  'bench/lockstep.ts': 'steps the GPU window kernel and its twin side by side, so it drives word2vec internals',
};

export function layerOf(file) {
  return LAYERS.find((l) => (l.folder ? file.startsWith(l.folder) : l.files.includes(file)));
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+|\bnew URL\(\s*)(['"])(\.{1,2}\/[^'"]+)\1/gm;
const EXTENSIONS = ['', '.ts', '.mjs', '.js', '/index.ts'];

/** The files each file imports by a relative path, as repository paths; `files` maps each path to its text. */
export function importGraph(files) {
  const graph = new Map();
  for (const [file, text] of files) {
    const targets = new Set();
    for (const m of text.matchAll(SPECIFIER)) {
      const bare = normalize(join(dirname(file), m[2].split('?')[0]));
      const target = EXTENSIONS.map((e) => bare + e).find((p) => files.has(p));
      if (target) targets.add(target);
    }
    graph.set(file, [...targets]);
  }
  return graph;
}

/** Every broken rule, in words: layer crossings, import circles and repeated file names. */
export function importProblems(files) {
  const graph = importGraph(files);
  const problems = [];
  for (const [file, targets] of graph) {
    const from = layerOf(file);
    if (!from || EXCEPTIONS[file]) continue;
    for (const target of targets) {
      const to = layerOf(target);
      if (!to || to === from) continue;
      const allowed = from.only ? from.only.includes(to.name) : to.rank < from.rank;
      if (!allowed) problems.push(`${file} imports ${target}: ${from.name} may not import ${to.name}`);
    }
  }
  for (const circle of circles(graph)) problems.push(`import circle: ${circle.join(' → ')} → ${circle[0]}`);
  const byName = new Map();
  for (const file of files.keys()) {
    if (!file.startsWith('src/') || basename(file) === 'index.ts') continue;
    const name = basename(file);
    byName.set(name, [...(byName.get(name) ?? []), file]);
  }
  for (const [name, paths] of byName) if (paths.length > 1) problems.push(`${paths.length} files are named ${name}: ${paths.join(', ')}`);
  return problems;
}

/** The strongly connected groups of more than one file (Tarjan's algorithm), and files that import themselves. */
function circles(graph) {
  let next = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (file) => {
    index.set(file, next);
    low.set(file, next++);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file), low.get(target)));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file), index.get(target)));
    }
    if (low.get(file) === index.get(file)) {
      const group = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        group.push(member);
      } while (member !== file);
      if (group.length > 1 || (graph.get(file) ?? []).includes(file)) found.push(group.reverse());
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

/** The checked files of the repository at `root`: sources and benchmarks, by repository path. */
export function repositoryFiles(root) {
  const files = new Map();
  const walk = (folder) => {
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory()) {
        if (path !== 'bench/results' && path !== 'bench/tmp') walk(path);
      } else if (/\.(ts|mjs|js)$/.test(entry.name)) files.set(path, readFileSync(join(root, path), 'utf8'));
    }
  };
  walk('src');
  walk('bench');
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const files = repositoryFiles(root);
  const problems = importProblems(files);
  for (const p of problems) console.error(p);
  if (problems.length > 0) {
    console.error(`\n${problems.length} import rule(s) broken: see the rules at the top of ${relative(process.cwd(), fileURLToPath(import.meta.url))}.`);
    process.exit(1);
  }
  console.log(`Import rules hold for ${files.size} files.`);
}
