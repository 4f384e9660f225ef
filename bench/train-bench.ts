// Trains on the text8 slice with the project's GPU engine, its CPU path, the reference C tool
// and gensim (same settings, same machine, one run); scores every vector file with the project's evaluator
// (`webgpu-word2vec eval`: full analogy set over the top 30,000 words, WordSim-353) and, as a
// cross-check, with gensim's (bench/evaluate.py); prints a table and saves JSON under bench/results/.
//
//   npm run bench -- [--models sg,cbow] [--engines gpu,cpu,c,gensim] [--chars 10000000] [--iter 5]
//                    [--eval-device auto|gpu|cpu]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { describeCpuPath } from '../src/cpu/model';
import { trainWithCTool } from './c-tool';
import { machine } from './machine';

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: 'sg,cbow' },
    engines: { type: 'string', default: 'gpu,cpu,c,gensim' },
    chars: { type: 'string', default: '10000000' },
    iter: { type: 'string', default: '5' },
    data: { type: 'string', default: '../shared/data' },
    'eval-device': { type: 'string', default: 'auto' },
  },
});
const settings = { size: 100, window: 5, negative: 5, sample: 1e-4, minCount: 5, iter: Number(values.iter) };
const work = 'bench/tmp';
mkdirSync(work, { recursive: true });
mkdirSync('bench/results', { recursive: true });
const corpus = `${work}/text8-${values.chars}.txt`;
writeFileSync(corpus, gunzipSync(readFileSync(`${values.data}/corpora/text8.head.gz`)).subarray(0, Number(values.chars)));

interface Row {
  model: string;
  engine: string;
  adapter: string;
  words_per_sec: number;
  /** Reading the text into a corpus (the C tool: its vocabulary pass). */
  prepare_seconds: number;
  train_seconds: number;
  wall_seconds: number;
  analogy_accuracy: number;
  ws353_spearman: number;
  /** Where the project's evaluator ran, and its time for the full analogy set. */
  eval_device: string;
  analogy_seconds: number;
  /** gensim's evaluator on the same file: its figures and time. */
  gensim_analogy_accuracy: number;
  gensim_ws353_spearman: number;
  gensim_analogy_seconds: number;
  vocabulary_size: number;
}

/** The project's evaluator (the CLI's eval). */
function evaluate(vectors: string): { device: string; analogies: { accuracy: number; seconds: number }; pairs: { spearman: number }[] } {
  const args = ['bin/webgpu-word2vec.js', 'eval', '-vectors', vectors, '-device', values['eval-device']!, '-analogies', `${values.data}/eval/questions-words.txt`, '-pairs', `${values.data}/eval/wordsim353/combined.tab`];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
}

function gensimEvaluate(vectors: string): Record<string, number> {
  return JSON.parse(execFileSync('/usr/bin/python3', ['bench/evaluate.py', vectors, '--binary', '--data', values.data!], { encoding: 'utf8' }));
}

const rows: Row[] = [];
for (const model of values.models!.split(',')) {
  const sg = model === 'sg' ? 1 : 0;
  for (const engine of values.engines!.split(',')) {
    const vectors = `${work}/${model}-${engine}.bin`;
    const reportPath = `${work}/${model}-${engine}.json`;
    const started = performance.now();
    if (engine === 'c') {
      const flags = { train: corpus, cbow: 1 - sg, size: settings.size, window: settings.window, negative: settings.negative, hs: 0, sample: settings.sample, 'min-count': settings.minCount, iter: settings.iter, threads: cpus().length, binary: 1 };
      writeFileSync(reportPath, JSON.stringify({ device: `C word2vec (tmikolov), ${cpus().length} threads`, ...trainWithCTool(flags, vectors) }));
    } else if (engine === 'gensim') {
      execFileSync('/usr/bin/python3', ['bench/gensim-train.py', corpus, vectors, reportPath, String(sg), ...[settings.size, settings.window, settings.negative, settings.sample, settings.minCount, settings.iter].map(String), String(cpus().length)], { stdio: 'inherit' });
    } else {
      const flags = ['-train', corpus, '-output', vectors, '-binary', '1', '-cbow', String(1 - sg), '-size', String(settings.size), '-window', String(settings.window), '-negative', String(settings.negative), '-hs', '0', '-sample', String(settings.sample), '-min-count', String(settings.minCount), '-iter', String(settings.iter), '-device', engine, '-report', reportPath, '-debug', '1'];
      execFileSync(process.execPath, ['bin/webgpu-word2vec.js', ...flags], { stdio: ['ignore', 'inherit', 'inherit'] });
    }
    const wall = (performance.now() - started) / 1000;
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    const ours = evaluate(vectors);
    const gensim = gensimEvaluate(vectors);
    const a = report.adapter;
    rows.push({
      model,
      engine,
      adapter: engine === 'gensim' || engine === 'c' ? report.device : a ? `${a.vendor} ${a.architecture} (${a.description})` : describeCpuPath(report.threads, report.cpu_kernels),
      words_per_sec: report.words_per_sec,
      prepare_seconds: report.prepare_seconds,
      train_seconds: report.train_seconds,
      wall_seconds: wall,
      analogy_accuracy: ours.analogies.accuracy,
      ws353_spearman: ours.pairs[0]!.spearman,
      eval_device: ours.device,
      analogy_seconds: ours.analogies.seconds,
      gensim_analogy_accuracy: gensim.analogy_accuracy!,
      gensim_ws353_spearman: gensim.ws353_spearman!,
      gensim_analogy_seconds: gensim.analogy_seconds!,
      vocabulary_size: report.vocabulary_size,
    });
    console.log(JSON.stringify(rows[rows.length - 1]));
  }
}

const table = [
  '| model | engine | adapter | words/s | prepare s | wall s | analogies (top 30k) | WS353 Spearman | analogy eval s (ours, device) | gensim: analogies, WS353, eval s |',
  '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.model} | ${r.engine} | ${r.adapter} | ${Math.round(r.words_per_sec).toLocaleString('en')} | ${r.prepare_seconds.toFixed(2)} | ${r.wall_seconds.toFixed(1)} | ${(r.analogy_accuracy * 100).toFixed(2)}% | ${r.ws353_spearman.toFixed(3)} | ${r.analogy_seconds.toFixed(1)} (${r.eval_device}) | ${(r.gensim_analogy_accuracy * 100).toFixed(2)}%, ${r.gensim_ws353_spearman.toFixed(3)}, ${r.gensim_analogy_seconds.toFixed(1)} |`,
  ),
].join('\n');
console.log(`\n${table}`);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
writeFileSync(`bench/results/train-${stamp}.json`, `${JSON.stringify({ corpus: `text8 first ${values.chars} chars`, settings, machine: machine(), rows }, null, 2)}\n`);
console.log(`\nSaved bench/results/train-${stamp}.json`);
