// Times one batch of similarity searches (top 8 of every row, as the analogy evaluation asks) on
// the GPU index and on the CPU twin, over random vectors.
//
//   node --import ./bin/register.mjs bench/query-bench.ts [--dim 50] [--rows 9000] [--queries 3650]
import { parseArgs } from 'node:util';
import { CpuSimilarityIndex, GpuSimilarityIndex } from '../src/internal';
import { nodeGpu } from '../src/node';
import { adapterName, requestGpu } from '../src/runtime/gpu-device';

const { values } = parseArgs({ options: { dim: { type: 'string', default: '50' }, rows: { type: 'string', default: '9000' }, queries: { type: 'string', default: '3650' } } });
const [dim, rows, count] = [values.dim, values.rows, values.queries].map(Number) as [number, number, number];
const random = (n: number): Float32Array => Float32Array.from({ length: n }, () => Math.random() - 0.5);
const matrix = random(rows * dim);
const queries = random(count * dim);

async function time(label: string, search: () => Promise<unknown>): Promise<void> {
  const start = performance.now();
  await search();
  console.log(`${label}: ${((performance.now() - start) / 1000).toFixed(2)} s for ${count} queries x ${rows} rows x ${dim}`);
}

const context = await requestGpu(await nodeGpu());
const gpu = await GpuSimilarityIndex.fromVectors(context.device, matrix, dim);
await gpu.topK(queries.subarray(0, dim), 8, rows); // warm-up
await time(`GPU index (${adapterName(context.adapter)})`, () => gpu.topK(queries, 8, rows));
await time('CPU twin (1 thread)', () => new CpuSimilarityIndex(matrix, dim).topK(queries, 8, rows));
gpu.destroy();
context.destroy();
