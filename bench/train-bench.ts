// Trains on the text8 slice with the project's GPU engine, its CPU path, the reference C tool,
// gensim and, where CUDA is, FULL-W2V (same settings, same machine, one run); scores every vector
// file trained on text8 itself with the project's evaluator (`webgpu-word2vec eval`: full analogy
// set over the top 30,000 words, WordSim-353) and, as a cross-check, with gensim's
// (bench/evaluate.py) where gensim is installed; prints a table and saves JSON under bench/results/.
//
//   npm run bench -- [--models sg,cbow] [--engines gpu,cpu,c,gensim,fullw2v] [--chars 10000000] [--iter 5]
//                    [--corpora 10000000:5,80000000:1] [--sizes 100,300] [--losses ns,hs] [--runs 3]
//                    [--eval-device auto|gpu|cpu] [--threads 1,2,4,8,all]
//
// --threads: the thread sweep of the CPU path and the C tool (counts above this machine's cores are
// dropped; "all" is every core); the other engines use every core. Each vector file is scored on
// the CPU (every core) and, where --eval-device finds a GPU, on the GPU too, with gensim's time beside.
//
// --losses: ns is negative sampling (-negative 5 -hs 0), hs hierarchical softmax (-negative 0 -hs 1;
// FULL-W2V has none).
// --corpora lists CHARS:ITER pairs (default: --chars:--iter); a corpus longer than text8's 10M-character
// prefix is that prefix repeated (the 80M corpus of the GPU benchmark: bench/gpu-bench.sh). Each
// configuration runs --runs times; the table shows the median words/s, and the JSON every run.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { trainWithCTool } from './c-tool';
import { hasCuda, trainWithFullW2v } from './full-w2v';
import { saveResult } from './bench-files';
import { machine } from './machine';
import { type CpuKernelKind, describeCpuPath } from '../src/internal';

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: 'sg,cbow' },
    engines: { type: 'string', default: `gpu,cpu,c,gensim${hasCuda() ? ',fullw2v' : ''}` },
    chars: { type: 'string', default: '10000000' },
    iter: { type: 'string', default: '5' },
    corpora: { type: 'string' },
    sizes: { type: 'string', default: '100' },
    losses: { type: 'string', default: 'ns' },
    runs: { type: 'string', default: '1' },
    data: { type: 'string', default: '../shared/data' },
    'eval-device': { type: 'string', default: 'auto' },
    threads: { type: 'string', default: '1,2,4,8,all' },
  },
});
const cores = cpus().length;
/** The sweep's thread counts on this machine, fewest first. */
const threadSweep = [...new Set(values.threads!.split(',').map((t) => (t === 'all' ? cores : Number(t))))]
  .filter((t) => Number.isInteger(t) && t >= 1 && t <= cores)
  .sort((a, b) => a - b);
const settings = { window: 5, negative: 5, sample: 1e-4, minCount: 5 };
/** text8's prefix that the benchmark trains on; longer corpora repeat it. */
const TEXT8_CHARS = 10_000_000;
const work = 'bench/tmp';
mkdirSync(work, { recursive: true });
const text8 = gunzipSync(readFileSync(`${values.data}/corpora/text8.head.gz`));
const corpora = (values.corpora ?? `${values.chars}:${values.iter}`).split(',').map((spec) => {
  const [chars, iter] = spec.split(':').map(Number);
  const path = `${work}/text8-${chars}.txt`;
  const prefix = text8.subarray(0, Math.min(chars!, TEXT8_CHARS));
  const copies = Math.ceil(chars! / prefix.length);
  writeFileSync(path, copies === 1 ? prefix : Buffer.concat(Array.from({ length: copies }, () => Buffer.concat([prefix, Buffer.from(' ')]))).subarray(0, chars!));
  return { chars: chars!, iter: iter!, path, scored: chars! <= TEXT8_CHARS };
});
const sizes = values.sizes!.split(',').map(Number);
const runs = Number(values.runs);
const hasGensim = (() => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import gensim'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Row {
  model: string;
  /** ns: negative sampling (5 noise words); hs: hierarchical softmax alone. */
  loss: string;
  engine: string;
  adapter: string;
  threads: number;
  corpus_chars: number;
  iter: number;
  size: number;
  /** The median over the runs. */
  words_per_sec: number;
  words_per_sec_runs: number[];
  /** Reading the text into a corpus (the C tool: its vocabulary pass). */
  prepare_seconds: number | null;
  train_seconds: number | null;
  wall_seconds: number;
  /** The project's evaluator on the median run's vectors (null on a repeated corpus). */
  analogy_accuracy: number | null;
  ws353_spearman: number | null;
  /** Every run's analogy accuracy and WS-353 Spearman. */
  quality_runs: { analogy_accuracy: number; ws353_spearman: number }[];
  /** Where the project's evaluator ran, and its time for the full analogy set. */
  eval_device: string | null;
  analogy_seconds: number | null;
  /** The project's evaluator's analogy-set time on the CPU (every core), and on the GPU where there is one. */
  cpu_analogy_seconds: number | null;
  gpu_analogy_seconds: number | null;
  /** gensim's evaluator on the same file: its figures and time (null without gensim). */
  gensim_analogy_accuracy: number | null;
  gensim_ws353_spearman: number | null;
  gensim_analogy_seconds: number | null;
  vocabulary_size: number | null;
}

interface Evaluation {
  device: string;
  analogies: { accuracy: number; seconds: number };
  pairs: { spearman: number }[];
}

/** The project's evaluator (the CLI's eval) on `device`. */
function evaluate(vectors: string, device = values['eval-device']!): Evaluation {
  const args = [
    'bin/webgpu-word2vec.js',
    'eval',
    '-vectors',
    vectors,
    '-device',
    device,
    '-analogies',
    `${values.data}/eval/questions-words.txt`,
    '-pairs',
    `${values.data}/eval/wordsim353/combined.tab`,
  ];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
}

function gensimEvaluate(vectors: string): Record<string, number> {
  return JSON.parse(execFileSync('/usr/bin/python3', ['bench/evaluate.py', vectors, '--binary', '--data', values.data!], { encoding: 'utf8' }));
}

/** What every engine's report has (the project's `-report`, the peers' shaped like it). */
interface EngineReport {
  words_per_sec: number;
  device?: string;
  adapter?: { vendor: string; architecture: string; description: string } | null;
  threads?: number;
  cpu_kernels?: CpuKernelKind | null;
  prepare_seconds?: number;
  train_seconds?: number;
  vocabulary_size?: number;
}

/** One training run: the vectors in `vectors`, the report (as `-report` writes it) returned. */
function trainOnce(
  engine: string,
  sg: number,
  loss: string,
  size: number,
  threads: number,
  corpus: { path: string; iter: number },
  vectors: string,
  reportPath: string,
): EngineReport {
  const hs = loss === 'hs' ? 1 : 0;
  const flags = {
    train: corpus.path,
    cbow: 1 - sg,
    size,
    window: settings.window,
    negative: hs ? 0 : settings.negative,
    hs,
    sample: settings.sample,
    'min-count': settings.minCount,
    iter: corpus.iter,
    threads,
    binary: 1,
  };
  if (engine === 'c') return { device: `C word2vec (tmikolov), ${threads} thread${threads === 1 ? '' : 's'}`, ...trainWithCTool(flags, vectors) };
  if (engine === 'fullw2v') {
    const { cbow: _, hs: __, ...peerFlags } = flags;
    return { device: `FULL-W2V (CUDA), ${cpus().length} host threads`, ...trainWithFullW2v(peerFlags, vectors) };
  }
  if (engine === 'gensim') {
    execFileSync(
      '/usr/bin/python3',
      [
        'bench/gensim-train.py',
        corpus.path,
        vectors,
        reportPath,
        String(sg),
        ...[size, settings.window, flags.negative, settings.sample, settings.minCount, corpus.iter].map(String),
        String(threads),
        String(hs),
      ],
      { stdio: 'inherit' },
    );
  } else {
    const args = Object.entries(flags).flatMap(([name, value]) => (name === 'threads' && engine !== 'cpu' ? [] : [`-${name}`, String(value)]));
    execFileSync(process.execPath, ['bin/webgpu-word2vec.js', ...args, '-output', vectors, '-device', engine, '-report', reportPath, '-debug', '1'], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  }
  return JSON.parse(readFileSync(reportPath, 'utf8'));
}

const rows: Row[] = [];
for (const corpus of corpora) {
  for (const size of sizes) {
    for (const model of values.models!.split(',')) {
      const sg = model === 'sg' ? 1 : 0;
      for (const loss of values.losses!.split(',')) {
        for (const engine of values.engines!.split(',')) {
          if (engine === 'fullw2v' && (sg === 0 || loss !== 'ns')) continue; // FULL-W2V trains skip-gram with negative sampling only
          if (engine === 'gensim' && !hasGensim) continue;
          for (const threads of engine === 'cpu' || engine === 'c' ? threadSweep : [cores]) {
            const results = [];
            for (let run = 0; run < runs; run++) {
              const vectors = `${work}/${model}-${loss}-${engine}-${size}-${threads}-${run}.bin`;
              const started = performance.now();
              const report = trainOnce(engine, sg, loss, size, threads, corpus, vectors, `${work}/${model}-${loss}-${engine}.json`);
              const wall = (performance.now() - started) / 1000;
              const ours = corpus.scored ? evaluate(vectors) : undefined;
              results.push({ report, wall, vectors, ours });
            }
            const wordsPerSec = results.map((r) => r.report.words_per_sec);
            const mid = results.find((r) => r.report.words_per_sec === median(wordsPerSec)) ?? results[results.length >> 1]!;
            const gensim = corpus.scored && hasGensim ? gensimEvaluate(mid.vectors) : undefined;
            // The analogy set's time on each of the project's evaluators: the CPU (every core) and the GPU, where there is one.
            const onCpu = mid.ours?.device === 'cpu' ? mid.ours : corpus.scored ? evaluate(mid.vectors, 'cpu') : undefined;
            const onGpu = mid.ours?.device === 'gpu' ? mid.ours : undefined;
            const a = mid.report.adapter;
            rows.push({
              model,
              loss,
              engine,
              threads,
              adapter:
                engine === 'gensim' || engine === 'c' || engine === 'fullw2v'
                  ? mid.report.device!
                  : a
                    ? `${a.vendor} ${a.architecture} (${a.description})`
                    : describeCpuPath(mid.report.threads ?? 1, mid.report.cpu_kernels ?? null),
              corpus_chars: corpus.chars,
              iter: corpus.iter,
              size,
              words_per_sec: median(wordsPerSec),
              words_per_sec_runs: wordsPerSec,
              prepare_seconds: mid.report.prepare_seconds ?? null,
              train_seconds: mid.report.train_seconds ?? null,
              wall_seconds: mid.wall,
              analogy_accuracy: mid.ours?.analogies.accuracy ?? null,
              ws353_spearman: mid.ours ? mid.ours.pairs[0]!.spearman : null,
              quality_runs: results.flatMap((r) => (r.ours ? [{ analogy_accuracy: r.ours.analogies.accuracy, ws353_spearman: r.ours.pairs[0]!.spearman }] : [])),
              eval_device: mid.ours?.device ?? null,
              analogy_seconds: mid.ours?.analogies.seconds ?? null,
              cpu_analogy_seconds: onCpu?.analogies.seconds ?? null,
              gpu_analogy_seconds: onGpu?.analogies.seconds ?? null,
              gensim_analogy_accuracy: gensim?.analogy_accuracy ?? null,
              gensim_ws353_spearman: gensim?.ws353_spearman ?? null,
              gensim_analogy_seconds: gensim?.analogy_seconds ?? null,
              vocabulary_size: mid.report.vocabulary_size ?? null,
            });
            console.log(JSON.stringify(rows[rows.length - 1]));
          }
        }
      }
    }
  }
}

const percent = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(2)}%`);
const fixed = (x: number | null, digits: number): string => (x === null ? '-' : x.toFixed(digits));
const table = [
  '| corpus chars x iter | size | model | loss | engine | threads | adapter | words/s (median) | prepare s | wall s | analogies (top 30k) | WS353 Spearman | analogy eval s: CPU, GPU | gensim: analogies, WS353, eval s |',
  '| --- | ---: | --- | --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.corpus_chars.toLocaleString('en')} x ${r.iter} | ${r.size} | ${r.model} | ${r.loss} | ${r.engine} | ${r.threads} | ${r.adapter} | ${Math.round(r.words_per_sec).toLocaleString('en')} | ${fixed(r.prepare_seconds, 2)} | ${r.wall_seconds.toFixed(1)} | ${percent(r.analogy_accuracy)} | ${fixed(r.ws353_spearman, 3)} | ${fixed(r.cpu_analogy_seconds, 2)}, ${fixed(r.gpu_analogy_seconds, 2)} | ${r.gensim_analogy_accuracy === null ? '-' : `${percent(r.gensim_analogy_accuracy)}, ${fixed(r.gensim_ws353_spearman, 3)}, ${fixed(r.gensim_analogy_seconds, 2)}`} |`,
  ),
].join('\n');
console.log(`\n${table}`);
/** Each thread sweep: words/s by thread count, and the gain over one thread. */
const scaling = rows
  .filter((r) => r.threads === threadSweep[0] && (r.engine === 'cpu' || r.engine === 'c') && threadSweep.length > 1)
  .map((first) => {
    const sweep = rows.filter(
      (r) => r.engine === first.engine && r.model === first.model && r.loss === first.loss && r.size === first.size && r.corpus_chars === first.corpus_chars,
    );
    return {
      model: first.model,
      loss: first.loss,
      engine: first.engine,
      size: first.size,
      corpus_chars: first.corpus_chars,
      threads: sweep.map((r) => r.threads),
      words_per_sec: sweep.map((r) => Math.round(r.words_per_sec)),
      gain_over_fewest: sweep.map((r) => Number((r.words_per_sec / first.words_per_sec).toFixed(2))),
    };
  });
for (const s of scaling) console.log(`${s.engine} ${s.model} ${s.loss}: threads ${s.threads.join('/')}: words/s ${s.words_per_sec.join('/')}, x${s.gain_over_fewest.join('/x')}`);
const out = saveResult('train', {
  corpus: 'text8 prefix (longer corpora: its first 10M characters repeated)',
  corpora: corpora.map(({ chars, iter }) => ({ chars, iter })),
  settings,
  runs,
  machine: machine(),
  thread_sweep: threadSweep,
  scaling,
  rows,
});
console.log(`\nSaved ${out}`);
