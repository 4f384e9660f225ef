// PV-DBOW with the words, trained as a user of the package runs it (the built library, not the
// TypeScript sources through tsx, whose CPU threads take about 0.4 s more to start): Lee's 300
// background texts and its 50 documents at gensim's defaults (100 values, window 5, min count 5,
// 10 epochs, 5 noise words), on 1 and 2 threads, 3 runs each; prints each run's training seconds
// (training's own) and whole seconds (reading the texts into words, counting, training, indexing),
// and their medians. gensim's time on the same texts is bench/doc-tasks.ts's peer row.
//
//   npm run build:lib && node bench/dbow-package-speed.mjs [--data ../shared/data]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DocumentIndex } from '../lib/index.js';
import { spawnNodeKernelThread } from '../lib/node.js';

const { values } = parseArgs({ options: { data: { type: 'string', default: '../shared/data' } } });
const background = readFileSync(`${values.data}/corpora/lee_background.cor`, 'latin1')
  .split('\n')
  .filter((line) => line.trim() !== '');
const documents = readFileSync(`${values.data}/docsim/lee.cor`, 'latin1')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((text, i) => ({ id: String(i), text }));
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const threads of [1, 2]) {
  const seconds = [];
  const whole = [];
  for (let run = 0; run < 3; run++) {
    const training = { epochs: 10, minCount: 5, trainWords: true, vectorSize: 100, window: 5, seed: 1 + run, threads, spawnThread: spawnNodeKernelThread };
    const start = performance.now();
    const { trained } = await DocumentIndex.trainParagraphs(documents, { background, training });
    whole.push((performance.now() - start) / 1000);
    seconds.push(trained.seconds);
  }
  const list = (xs) => `${xs.map((s) => s.toFixed(2)).join(', ')} s (median ${median(xs).toFixed(2)})`;
  console.log(`Lee, ${threads} thread${threads > 1 ? 's' : ''}: training ${list(seconds)}; whole ${list(whole)}`);
}
process.exit(0);
