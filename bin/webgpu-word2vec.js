#!/usr/bin/env node
// The command line. Installed as a package, it runs the built library (lib/cli.js); in a checkout of
// the sources (where tsconfig.json is), it runs the TypeScript sources through tsx (see register.mjs),
// so that what runs is always what was last edited.
import { existsSync } from 'node:fs';

const fromSources = existsSync(new URL('../tsconfig.json', import.meta.url));
if (fromSources) await import('./register.mjs');
const { main } = await import(fromSources ? '../src/cli/cli.ts' : '../lib/cli.js');
process.exitCode = await main(process.argv.slice(2));
