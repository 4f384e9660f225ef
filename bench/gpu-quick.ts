// The GPU check that fits in 6 minutes, for the lent GPU machine's short loans (see
// ../shared/GPU.md; after ../shared/tools/gpu-pack.sh, one `device` call carrying .gpu):
//
//   source .gpu/setup.sh && bash bench/gpu-quick.sh
//
// and, to try it without a GPU, on SwiftShader with a small corpus:
//
//   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json bash bench/gpu-quick.sh --small 1
//
// In order, each step a run of bench/train-bench.ts (settings as its own: window 5, negative 5,
// sample 1e-4, min count 5; every vector file scored on analogies over the top 30,000 words and
// WS-353):
//   1. the adapter and its limits;
//   2. the tuner's trials of the window kernel's variants (-tune 1) for each shape the later steps
//      train (skip-gram and CBOW negative sampling, skip-gram hierarchical softmax, size 100; skip-gram
//      size 300), on text8's first 1M characters (100,000 with --small), 1 epoch; the choices are kept in a cache folder of
//      this run's own ($XDG_CACHE_HOME for every step), so that the later runs train on them;
//   3. skip-gram negative sampling on text8's first 10M characters x 5 epochs: the GPU engine 3
//      runs, FULL-W2V 3 runs where nvcc is (the median of each);
//   4. skip-gram hierarchical softmax and CBOW negative sampling on the GPU, 1 run each;
//   5. skip-gram at size 300 on the GPU, 1 run;
//   6. the CPU path and the C tool on every core, skip-gram, 1 run each.
// Each step gets the time left of --budget seconds (default 340) and is stopped when it runs out;
// what finished (each run's row as train-bench prints it) goes to one JSON, $OUT/gpu-quick.json
// (else bench/results/gpu-quick-*.json), with every step's seconds and what was skipped and why, and
// a table is printed. --small 1 trains on the first 500,000 characters, 1 epoch, 1 run a step.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { describeAdapter, type GpuTuning, type KernelVariant, variantName } from '../src/internal';
import { nodeGpu } from '../src/node';
import { saveResult } from './bench-files';
import { hasCuda } from './full-w2v';
import { machine } from './machine';

const { values } = parseArgs({
  options: {
    budget: { type: 'string', default: '340' },
    small: { type: 'string', default: '0' },
    data: { type: 'string', default: '../shared/data' },
  },
});

/** The tuner's trials in one line: "32 @ 1,586 lanes: 12,345,678/s, ..." (none where it took a remembered choice). */
function describeTrials(tuning: GpuTuning | null): string {
  if (!tuning || tuning.trials.length === 0) return tuning?.cached ? 'remembered, no trials' : 'no trials';
  return tuning.trials.map((t) => `${variantName(t.variant)} @ ${t.lanes.toLocaleString('en')} lanes: ${Math.round(t.positionsPerSecond).toLocaleString('en')}/s`).join('; ');
}

const started = performance.now();
const budget = Number(values.budget);
const small = values.small === '1';
const corpus = small ? '500000:1' : '10000000:5';
const repeat = small ? '1' : '3';
const left = (): number => budget - (performance.now() - started) / 1000;
// The tuner's choices for this run only: step 2 makes them, the later steps find them.
process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'gpu-quick-cache-'));

/** One step: what it ran, its seconds, and what it skipped (and why), or how it ended. */
interface Step {
  step: string;
  seconds: number;
  status: 'done' | 'skipped' | 'stopped at the budget' | 'failed';
  why?: string;
  rows: Record<string, unknown>[];
}
const steps: Step[] = [];

function say(step: Step): void {
  steps.push(step);
  const why = step.why ? `: ${step.why}` : '';
  console.log(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${step.step}: ${step.status}${why} (${step.seconds.toFixed(1)} s, ${step.rows.length} rows)`);
}

/** The first lines of a failed run's error output that say what went wrong (not its stack). */
function firstError(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => /error|failed|cannot|not found|no such/i.test(line) && !/^\s+at /.test(line));
  return lines.slice(0, 2).join(' / ').trim() || 'it exited with an error';
}

/** Runs bench/train-bench.ts with `args` in the time left (less a margin), keeping every row it printed. */
function trainBench(name: string, args: string[]): Promise<void> {
  const seconds = left() - 10;
  if (seconds < 20) {
    say({ step: name, seconds: 0, status: 'skipped', why: 'no time left in the budget', rows: [] });
    return Promise.resolve();
  }
  const start = performance.now();
  const child = spawn(process.execPath, ['--import', './bin/register.mjs', 'bench/train-bench.ts', '--data', values.data!, '--corpora', corpus, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const rows: Record<string, unknown>[] = [];
  let pending = '';
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) if (line.startsWith('{"model"')) rows.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-20000);
  });
  let stopped = false;
  const timer = setTimeout(() => {
    stopped = true;
    child.kill('SIGTERM');
  }, seconds * 1000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      const status = stopped ? 'stopped at the budget' : code === 0 ? 'done' : 'failed';
      say({ step: name, seconds: (performance.now() - start) / 1000, status, ...(status === 'failed' ? { why: firstError(errors) } : {}), rows });
      resolve();
    });
  });
}

// 1. The adapter.
let adapter: (ReturnType<typeof describeAdapter> & Record<string, unknown>) | null = null;
{
  const start = performance.now();
  try {
    const gpu = await nodeGpu({ benchmark: true });
    const found = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (found) {
      const limits = Object.fromEntries(
        [
          'maxStorageBufferBindingSize',
          'maxBufferSize',
          'maxComputeWorkgroupStorageSize',
          'maxComputeInvocationsPerWorkgroup',
          'maxComputeWorkgroupSizeX',
          'maxComputeWorkgroupsPerDimension',
          'maxStorageBuffersPerShaderStage',
        ].map((k) => [k, (found.limits as unknown as Record<string, number>)[k]]),
      );
      const info = found.info as GPUAdapterInfo & { subgroupMinSize?: number; subgroupMaxSize?: number };
      adapter = {
        ...describeAdapter(found),
        subgroups: found.features.has('subgroups') ? { min: info.subgroupMinSize ?? null, max: info.subgroupMaxSize ?? null } : null,
        timestampQuery: found.features.has('timestamp-query'),
        limits,
      };
    }
  } catch (error) {
    adapter = null;
    console.log(`No WebGPU here: ${(error as Error).message}`);
  }
  say({
    step: '1. adapter and limits',
    seconds: (performance.now() - start) / 1000,
    status: adapter ? 'done' : 'skipped',
    ...(adapter ? {} : { why: 'no WebGPU adapter: the GPU steps are skipped' }),
    rows: adapter ? [adapter] : [],
  });
  if (adapter) console.log(JSON.stringify(adapter, null, 2));
}

// 2. The tuner, for each shape the later steps train.
if (adapter) {
  const start = performance.now();
  mkdirSync('bench/tmp', { recursive: true });
  // The tuner tries lanes up to the run's own, so it trials on the whole corpus (one epoch) the later steps train.
  const sliceChars = small ? 100_000 : 10_000_000;
  const slice = `bench/tmp/text8-${sliceChars}.txt`;
  writeFileSync(slice, gunzipSync(readFileSync(`${values.data}/corpora/text8.head.gz`)).subarray(0, sliceChars));
  const shapes: [string, string[]][] = [
    ['skip-gram negative sampling, size 100', ['-cbow', '0', '-size', '100']],
    ['skip-gram hierarchical softmax, size 100', ['-cbow', '0', '-size', '100', '-hs', '1', '-negative', '0']],
    ['CBOW negative sampling, size 100', ['-cbow', '1', '-size', '100']],
    ['skip-gram negative sampling, size 300', ['-cbow', '0', '-size', '300']],
  ];
  const rows: Record<string, unknown>[] = [];
  let failure: string | undefined;
  for (const [shape, flags] of shapes) {
    if (left() < 30) break;
    const report = join(process.env.XDG_CACHE_HOME!, 'tuning-report.json');
    const common = ['-train', slice, '-output', join(process.env.XDG_CACHE_HOME!, 'tuning.txt'), '-iter', '1', '-window', '5', '-sample', '1e-4', '-min-count', '5'];
    const run = spawnSync(process.execPath, ['bin/webgpu-word2vec.js', ...common, ...flags, '-device', 'gpu', '-tune', '1', '-report', report], {
      encoding: 'utf8',
      timeout: Math.round((left() - 20) * 1000),
    });
    if (run.status !== 0) {
      failure = firstError(run.stderr ?? '');
      break;
    }
    const figures = JSON.parse(readFileSync(report, 'utf8'));
    rows.push({ shape, gpu_variant: figures.gpu_variant, lanes: figures.lanes, gpu_kernel: figures.gpu_kernel, tuning: figures.gpu_tuning });
    console.log(`  ${shape}: ${variantName(figures.gpu_variant)} on ${figures.lanes} lanes; ${describeTrials(figures.gpu_tuning)}`);
  }
  say({
    step: "2. the tuner's trials",
    seconds: (performance.now() - start) / 1000,
    status: failure ? 'failed' : rows.length === shapes.length ? 'done' : 'stopped at the budget',
    ...(failure ? { why: failure } : {}),
    rows,
  });
} else say({ step: "2. the tuner's trials", seconds: 0, status: 'skipped', why: 'no WebGPU adapter', rows: [] });

const cuda = hasCuda();
if (adapter) {
  // 3. Skip-gram negative sampling, the GPU engine beside FULL-W2V.
  await trainBench('3. skip-gram negative sampling, GPU engine', ['--models', 'sg', '--engines', 'gpu', '--runs', repeat, '--eval-device', 'gpu']);
  // FULL-W2V is CUDA: it needs nvcc to build and an NVIDIA GPU to run.
  const nvidia = !adapter.isFallback && /nvidia/i.test(`${adapter.vendor} ${adapter.description}`);
  if (cuda && nvidia) await trainBench('3. skip-gram negative sampling, FULL-W2V', ['--models', 'sg', '--engines', 'fullw2v', '--runs', repeat, '--eval-device', 'gpu']);
  else
    say({
      step: '3. skip-gram negative sampling, FULL-W2V',
      seconds: 0,
      status: 'skipped',
      why: cuda ? 'FULL-W2V is CUDA and this adapter is not an NVIDIA GPU' : 'no nvcc on this machine, so no CUDA build of FULL-W2V',
      rows: [],
    });
  // 4. Hierarchical softmax, and CBOW.
  await trainBench('4. skip-gram hierarchical softmax, GPU engine', ['--models', 'sg', '--losses', 'hs', '--engines', 'gpu', '--runs', '1', '--eval-device', 'gpu']);
  await trainBench('4. CBOW negative sampling, GPU engine', ['--models', 'cbow', '--engines', 'gpu', '--runs', '1', '--eval-device', 'gpu']);
  // 5. Size 300.
  await trainBench('5. skip-gram size 300, GPU engine', ['--models', 'sg', '--sizes', '300', '--engines', 'gpu', '--runs', '1', '--eval-device', 'gpu']);
} else
  for (const step of ['3. skip-gram negative sampling', '4. hierarchical softmax and CBOW', '5. size 300'])
    say({ step, seconds: 0, status: 'skipped', why: 'no WebGPU adapter', rows: [] });
// 6. The CPU path and the C tool on every core.
await trainBench('6. skip-gram on the CPU path and the C tool, every core', ['--models', 'sg', '--engines', 'cpu,c', '--runs', '1', '--threads', 'all', '--eval-device', 'cpu']);

const seconds = (performance.now() - started) / 1000;
console.log(`\n| step | engine | model | loss | size | words/s | analogies | WS-353 | status |\n| --- | --- | --- | --- | ---: | ---: | ---: | ---: | --- |`);
for (const step of steps) {
  if (step.step.startsWith('2.'))
    for (const r of step.rows) {
      console.log(
        `| ${step.step}: ${r.shape} | gpu | | | | ${variantName(r.gpu_variant as KernelVariant)} on ${r.lanes} lanes | | | ${describeTrials(r.tuning as GpuTuning | null)} |`,
      );
    }
  else if (step.rows.length === 0 || step.step.startsWith('1.')) console.log(`| ${step.step} | | | | | | | | ${step.status}${step.why ? `: ${step.why}` : ''} |`);
  else
    for (const r of step.rows) {
      const pct = (v: unknown): string => (typeof v === 'number' ? `${(100 * v).toFixed(2)}%` : '');
      const fixed = (v: unknown): string => (typeof v === 'number' ? v.toFixed(3) : '');
      console.log(
        `| ${step.step} | ${r.engine} | ${r.model} | ${r.loss} | ${r.size} | ${Math.round(r.words_per_sec as number).toLocaleString('en')} | ${pct(r.analogy_accuracy)} | ${fixed(r.ws353_spearman)} | ${step.status} |`,
      );
    }
}
console.log(`\nAll steps: ${seconds.toFixed(0)} s of a ${budget} s budget.`);
const result = { settings: { ...values, corpus, runs: repeat, cuda }, seconds, adapter, steps, machine: machine() };
if (process.env.OUT) {
  mkdirSync(process.env.OUT, { recursive: true });
  writeFileSync(`${process.env.OUT}/gpu-quick.json`, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`Saved ${process.env.OUT}/gpu-quick.json`);
} else console.log(`Saved ${saveResult('gpu-quick', result)}`);
process.exit(0);
