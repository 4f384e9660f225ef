// What racing walkers do to quality, without a GPU: trains skip-gram with the window kernel's CPU
// twin (src/word2vec/gpu/window-twin.ts) on a text8 prefix with R lanes run in lock-step rounds (each
// round every lane reads its rows, then all write, the last writer winning: the worst a GPU's
// races can do), and scores the vectors (analogies over the top 30,000 words, WordSim-353).
// Prints one JSON line per lane count and saves them under bench/results/.
//
//   node --import ./bin/register.mjs bench/lockstep.ts [--lanes 1,256,2048] [--chars 3000000] [--iter 3] [--cbow]
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { resolveOptions } from '../src/word2vec/options';
import { batches, makeSchedule } from '../src/word2vec/schedule';
import { initialInputVectors } from '../src/core/noise-tables';
import { prepareCorpus } from '../src/text/corpus';
import { outputRows } from '../src/word2vec/kernel-contract';
import { kernelSetup } from '../src/word2vec/kernel-setup';
import { WindowTwin } from '../src/word2vec/gpu/window-twin';
import { KeyedVectors } from '../src/search/keyed-vectors';
import { saveResult } from './bench-files';
import { machine } from './machine';

const { values } = parseArgs({
  options: {
    lanes: { type: 'string', default: '1,256,2048' },
    chars: { type: 'string', default: '3000000' },
    iter: { type: 'string', default: '3' },
    cbow: { type: 'boolean', default: false },
    data: { type: 'string', default: '../shared/data' },
  },
});
const text = gunzipSync(readFileSync(`${values.data}/corpora/text8.head.gz`)).subarray(0, Number(values.chars));
const options = resolveOptions({ sg: values.cbow ? 0 : 1, vectorSize: 100, window: 5, negative: 5, sample: 1e-4, minCount: 5, epochs: Number(values.iter) });
const prepared = await prepareCorpus(text, { minCount: options.minCount, tokenizer: options.tokenizer });
const { vocabulary } = prepared;
const { config, inputs } = kernelSetup(options, prepared);
const analogies = readFileSync(`${values.data}/eval/questions-words.txt`, 'utf8');
const pairs = readFileSync(`${values.data}/eval/wordsim353/combined.tab`, 'utf8');

const rows = [];
for (const lanes of values.lanes!.split(',').map(Number)) {
  const started = performance.now();
  const syn0 = initialInputVectors(vocabulary.size, config.dim, options.seed);
  const twin = new WindowTwin(config, inputs, syn0, new Float32Array(outputRows(config) * config.dim));
  const schedule = makeSchedule(prepared.ids.length, lanes, options.epochs, 'gpu');
  for (const batch of batches(schedule, { alpha: options.alpha, minAlpha: options.minAlpha, seed: options.seed })) {
    for (const p of batch) twin.runDispatch(p, true);
  }
  const wv = new KeyedVectors(vocabulary.words, twin.syn0, config.dim);
  const analogy = await wv.evaluateWordAnalogies(analogies);
  const ws353 = await wv.evaluateWordPairs(pairs);
  const row = { lanes, lane_length: schedule.laneLength, analogy_accuracy: analogy.accuracy, ws353_spearman: ws353.spearman, seconds: (performance.now() - started) / 1000 };
  rows.push(row);
  console.log(JSON.stringify(row));
}
const file = saveResult('lockstep', {
  corpus: `text8 first ${values.chars} chars`,
  model: values.cbow ? 'cbow' : 'sg',
  options,
  corpus_length: prepared.ids.length,
  machine: machine(),
  rows,
});
console.log(`Saved ${file}`);
