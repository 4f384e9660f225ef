#!/usr/bin/env node
// The command line: runs the TypeScript sources directly (see register.mjs).
import './register.mjs';

const { main } = await import('../src/cli/cli.ts');
process.exitCode = await main(process.argv.slice(2));
