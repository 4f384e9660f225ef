// Lets Node run the TypeScript sources directly: tsx for .ts, and Vite-style `?raw` shader imports.
// Use: node --import ./bin/register.mjs some-script.ts
//
// tsx's disk cache is turned off before tsx loads: it lives in the shared temporary folder
// ($TMPDIR/tsx-<uid>) under names anyone can compute from the public sources, and tsx runs what it
// finds there, so another local user could plant code that this process would run. Compiling
// afresh costs 0.2-0.35 s a start on a 2-core machine (README, Command line). Worker threads inherit the setting.
import { register } from 'node:module';

process.env.TSX_DISABLE_CACHE = '1';
const { register: registerTsx } = await import('tsx/esm/api');
registerTsx();
register('./wgsl-hooks.mjs', import.meta.url);
