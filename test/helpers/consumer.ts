// Projects that use the package as a user's would: a fixture under test/fixtures/, with the package
// installed by npm from the packed tarball, and no registry. npm resolves nothing: each fixture gets
// a lockfile whose other packages are pinned as this checkout's lockfile pins them, so `npm ci
// --offline` takes them from npm's cache, where this checkout's own `npm ci` put them.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;

interface LockEntry {
  version?: string;
  resolved?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  optional?: boolean;
}

interface Manifest {
  name: string;
  version?: string;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** The lockfile path npm would install `name` at, seen from the package at `from` ('' for the project). */
function locate(packages: Record<string, LockEntry>, name: string, from: string): string | undefined {
  for (let at = from; ; at = at.slice(0, Math.max(0, at.lastIndexOf('/node_modules/')))) {
    const path = `${at ? `${at}/` : ''}node_modules/${name}`;
    if (packages[path]) return path;
    if (!at) return undefined;
  }
}

/** The checkout's lock entries that `names` need, with everything they need in turn. */
function closure(packages: Record<string, LockEntry>, names: readonly string[]): Record<string, LockEntry> {
  const out: Record<string, LockEntry> = {};
  const queue = names.map((name) => ({ name, from: '', required: true }));
  for (let item = queue.shift(); item; item = queue.shift()) {
    const path = locate(packages, item.name, item.from);
    if (!path) {
      if (item.required) throw new Error(`${item.name} is not in this checkout's package-lock.json: run npm ci.`);
      continue;
    }
    if (out[path]) continue;
    const entry = packages[path]!;
    out[path] = entry;
    for (const name of Object.keys(entry.dependencies ?? {})) queue.push({ name, from: path, required: true });
    for (const name of Object.keys(entry.optionalDependencies ?? {})) queue.push({ name, from: path, required: false });
    for (const name of Object.keys(entry.peerDependencies ?? {})) queue.push({ name, from: path, required: !entry.peerDependenciesMeta?.[name]?.optional });
  }
  return out;
}

/**
 * Copies the fixture `name` (and `extra` files: [source, name in the fixture]) into a new folder,
 * puts the tarball beside it, and installs it with npm, offline. Returns the folder.
 */
export function installFixture(name: string, tarball: string, extra: readonly (readonly [string, string])[] = []): string {
  const project = mkdtempSync(join(tmpdir(), `w2v-${name}-`));
  cpSync(join(ROOT, 'test', 'fixtures', name), project, { recursive: true });
  for (const [source, target] of extra) cpSync(source, join(project, target));
  cpSync(tarball, join(project, 'webgpu-word2vec.tgz'));
  const rootLock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest & { dependencies: Record<string, string> };
  const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as Manifest;
  const own = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).filter((dependency) => dependency !== pkg.name);
  const lock = {
    name: manifest.name,
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: manifest.name, dependencies: manifest.dependencies, devDependencies: manifest.devDependencies },
      // No integrity: the tarball is built afresh for each run.
      [`node_modules/${pkg.name}`]: { version: pkg.version, resolved: 'file:webgpu-word2vec.tgz', dependencies: pkg.dependencies, bin: pkg.bin },
      ...closure(rootLock.packages, [...own, ...Object.keys(pkg.dependencies)]),
    },
  };
  writeFileSync(join(project, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  execFileSync('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: project, stdio: 'pipe' });
  return project;
}

/** What `npm pack` makes of this checkout, after what its prepack script does (build lib/): the tarball, its size and its files. */
export function packTarball(): { tarball: string; size: number; files: string[] } {
  execFileSync('npm', ['run', 'build:lib', '--silent'], { cwd: ROOT, stdio: 'pipe' });
  const folder = mkdtempSync(join(tmpdir(), 'w2v-pack-'));
  const [pack] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', folder], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
  ) as {
    filename: string;
    size: number;
    files: { path: string }[];
  }[];
  return { tarball: join(folder, pack!.filename), size: pack!.size, files: pack!.files.map((f) => f.path) };
}
