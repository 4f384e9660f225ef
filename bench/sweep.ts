// Throughput sweep on synthetic Zipf corpora: words/sec of the GPU engine and the CPU path across vector
// sizes, vocabulary sizes and corpus sizes, one epoch each, in this process. Writes JSON under bench/results/
// (draw it with bench/sweep-chart.ts).
//
//   node --import ./bin/register.mjs bench/sweep.ts [--engines gpu,cpu] [--model sg|cbow]
//        [--sizes 50,100,200,300] [--vocabs 10000,100000,1000000] [--words 1000000,10000000] [--threads N]
//
// Words/sec counts corpus words before subsampling, as the C tool does; `words_per_sec` is the last
// progress report's (set-up excluded), `words_per_sec_with_setup` the whole run's (shader compilation,
// uploads, reading the vectors back).
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { nodeGpu, spawnNodeKernelThread } from '../src/node';
import { describeCpuPath, train, type Progress, type TrainOptions } from '../src/internal';
import { machine } from './machine';
import { zipfCorpus } from './zipf-corpus';

const { values } = parseArgs({
  options: {
    engines: { type: 'string', default: 'gpu,cpu' },
    model: { type: 'string', default: 'sg' },
    sizes: { type: 'string', default: '50,100,200,300' },
    vocabs: { type: 'string', default: '10000,100000,1000000' },
    words: { type: 'string', default: '1000000,10000000' },
    threads: { type: 'string', default: String(availableParallelism()) },
  },
});
const list = (text: string): number[] => text.split(',').map(Number);
const settings: TrainOptions = { sg: values.model === 'cbow' ? 0 : 1, window: 5, negative: 5, sample: 1e-4, epochs: 1 };
const threads = Number(values.threads);
const gpu = values.engines!.includes('gpu') ? await nodeGpu({ benchmark: true }) : undefined;

const rows: Record<string, unknown>[] = [];
for (const vocabulary of list(values.vocabs!)) {
  for (const words of list(values.words!)) {
    const corpus = zipfCorpus(vocabulary, words);
    for (const vectorSize of list(values.sizes!)) {
      for (const engine of values.engines!.split(',') as ('gpu' | 'cpu')[]) {
        const started = performance.now();
        let last: Progress | undefined;
        const row: Record<string, unknown> = {
          engine,
          model: values.model,
          vector_size: vectorSize,
          corpus: { kind: 'zipf', exponent: 1, words, vocabulary },
          settings: { ...settings, vectorSize },
        };
        try {
          const model = await train(corpus, { ...settings, vectorSize }, { device: engine, gpu, threads, spawnThread: spawnNodeKernelThread, onProgress: (p) => (last = p) });
          const r = model.report;
          model.destroy();
          Object.assign(row, {
            adapter: r.adapter ?? { vendor: 'cpu', architecture: '', device: '', description: describeCpuPath(r.threads, r.cpuKernels), isFallback: false },
            threads: r.threads,
            cpu_kernels: r.cpuKernels,
            words_per_sec: Math.round(last?.wordsPerSec ?? r.wordsPerSec),
            words_per_sec_with_setup: Math.round(r.wordsPerSec),
            train_seconds: r.trainSeconds,
          });
        } catch (error) {
          row.error = (error as Error).message;
        }
        row.wall_seconds = (performance.now() - started) / 1000;
        rows.push(row);
        console.log(JSON.stringify(row));
      }
    }
  }
}
mkdirSync('bench/results', { recursive: true });
const path = `bench/results/sweep-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(path, `${JSON.stringify({ kind: 'sweep', machine: machine(), gpu_mode: 'benchmark (Dawn robustness off)', rows }, null, 2)}\n`);
console.log(`Saved ${path}`);
process.exit(0); // Dawn keeps Node alive otherwise
