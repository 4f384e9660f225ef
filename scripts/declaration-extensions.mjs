// Gives every relative import in the built declarations (lib/types) its file's extension, as
// Node's ESM resolution ("moduleResolution": "node16" or "nodenext") wants: `./corpus` becomes
// `./corpus.js`, a folder's `./dbow` (or `..`) becomes `./dbow/index.js`. The sources import without
// extensions, as the bundler that builds lib/ allows. Run by `npm run build:lib`.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'lib', 'types');

/** The specifier with the extension its declaration file calls for (unchanged if there is none to find). */
function withExtension(from, specifier) {
  const target = join(dirname(from), specifier);
  if (existsSync(`${target}.d.ts`)) return `${specifier}.js`;
  if (existsSync(join(target, 'index.d.ts'))) return `${specifier}/index.js`;
  return specifier;
}

function fix(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) fix(path);
    else if (entry.name.endsWith('.d.ts')) {
      const text = readFileSync(path, 'utf8');
      const fixed = text.replace(/(from\s+|import\()(['"])(\.{1,2}(?:\/[^'"]*)?)\2/g, (_, lead, quote, specifier) => `${lead}${quote}${withExtension(path, specifier)}${quote}`);
      if (fixed !== text) writeFileSync(path, fixed);
    }
  }
}

fix(root);
