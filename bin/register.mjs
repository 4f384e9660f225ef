// Lets Node run the TypeScript sources directly: tsx for .ts, and Vite-style `?raw` shader imports.
// Use: node --import ./bin/register.mjs some-script.ts
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
register('./wgsl-hooks.mjs', import.meta.url);
