// How often the page's analogy example comes out right on a first visit: trains the page's default
// settings on the bundled sample (the CPU path, every core, as the page does) with seeds 1..N, and
// for each run gives berlin's rank in "france is to paris as germany is to ?" (3CosAdd, as the page).
// Threads race (Hogwild), so even a seed does not repeat a run: the rate is what a visitor meets.
// Prints one JSON line and saves it under bench/results/.
// node --import ./bin/register.mjs bench/first-visit-analogy.ts [--runs 30]
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { saveResult } from './bench-files';
import { machine } from './machine';
import { train } from '../src/internal';
import { spawnNodeKernelThread } from '../src/node';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '30' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of at least 1, not ${values.runs}.`);
const sample = gunzipSync(readFileSync('public/corpus/text8-10M.txt.gz')).toString('latin1');
/** The page's defaults (index.html's settings form). */
const pageDefaults = { sg: 1, hs: 1, negative: 0, vectorSize: 100, window: 5, sample: 1e-4, alpha: 0.07, epochs: 4, minCount: 5, tokenizer: 'unicode' } as const;

const ranks: number[] = [];
const topThree: string[][] = [];
for (let seed = 1; seed <= runs; seed++) {
  const model = await train(sample, { ...pageDefaults, seed }, { device: 'cpu', threads: availableParallelism(), spawnThread: spawnNodeKernelThread });
  const answers = await model.wv.mostSimilar({ positive: ['paris', 'germany'], negative: ['france'], topn: model.wv.size });
  ranks.push(answers.findIndex((a) => a.word === 'berlin') + 1);
  topThree.push(answers.slice(0, 3).map((a) => a.word));
  model.destroy();
  console.error(`seed ${seed}: berlin ${ranks.at(-1)}, top 3 ${topThree.at(-1)!.join(', ')}`);
}
const within = (n: number): number => ranks.filter((r) => r <= n).length;
const result = {
  machine: machine(),
  settings: pageDefaults,
  runs,
  berlinFirst: within(1),
  berlinInTopThree: within(3),
  berlinInTopFive: within(5),
  worstRank: Math.max(...ranks),
  ranks,
  topThree,
};
console.log(JSON.stringify({ ...result, saved: saveResult('first-visit-analogy', result) }));
process.exit(0);
