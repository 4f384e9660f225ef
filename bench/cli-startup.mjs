// The command line's start-up time: `--version` and `help`, run as an installed package runs them
// (node lib/cli.js, built by `npm run build:lib`) and as a checkout runs them (the TypeScript
// sources through tsx, which is how every install ran before the package was built).
//
//   npm run build:lib && node bench/cli-startup.mjs [runs]      (prints JSON; the median of `runs`, default 15)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
if (!existsSync(`${root}lib/cli.js`)) {
  console.error('lib/cli.js is missing: run npm run build:lib first.');
  process.exit(2);
}
const runs = Number(process.argv[2] ?? 15);
/** Node's arguments that run the CLI's `main` each way; the command's arguments follow. */
const run = (entry) => ['--input-type=module', '-e', `const { main } = await import('${entry}'); process.exitCode = await main(process.argv.slice(1));`];
const ROUTES = { built: run('./lib/cli.js'), tsx: ['--import', './bin/register.mjs', ...run('./src/cli/cli.ts')] };

function seconds(route, args) {
  const start = performance.now();
  execFileSync(process.execPath, [...ROUTES[route], '--', ...args], { cwd: root, stdio: 'pipe' });
  return (performance.now() - start) / 1000;
}

const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const result = { node: process.version, runs };
for (const route of Object.keys(ROUTES))
  for (const command of [['--version'], ['help']]) {
    seconds(route, command); // warm the file cache
    result[`${route} ${command[0]}`] = Number(median(Array.from({ length: runs }, () => seconds(route, command))).toFixed(3));
  }
console.log(JSON.stringify(result, null, 2));
