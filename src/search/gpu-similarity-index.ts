import { Word2VecError } from '../core/errors';
import { NO_ROW, selectTop, type CosmulQuery, type SimilarityIndex, type TopK } from './similarity-index';
import { bindingLimit } from '../runtime/gpu-device';
import { GpuKernel, type KernelDescription } from '../runtime/gpu-kernel';
import { createBuffer, readBuffer } from '../runtime/gpu-resources';
import similaritySource from './similarity.wgsl?raw';

/** Results kept per query by the topK kernel at most; larger requests read all scores back. */
const MAX_K = 64;
const ROW_WORKGROUP = 64;
const TOPK_WORKGROUP = 64;
/** Largest scores buffer a batch of queries uses, below the device's binding limit. */
const MAX_SCORES_BYTES = 256 << 20;
const MAX_GROUPS = 65535;

type SimilarityUniform = 'queryOffset' | 'count' | 'rows' | 'k' | 'scoreBase' | 'bestBase' | 'positives' | 'negatives';

/** One dispatch's uniforms; those a kernel does not read may be left out. */
type Params = Partial<Record<SimilarityUniform, number>> & { count: number; rows: number };

/** The similarity kernels for vectors of `dim` values, scoring `queryTile` queries a workgroup. */
export function similarityKernel(dim: number, queryTile: number): KernelDescription<SimilarityUniform> {
  return {
    label: 'similarity',
    sources: [similaritySource],
    constants: { DIM: dim, QUERY_TILE: queryTile, MAX_K, ROW_WORKGROUP, TOPK_WORKGROUP },
    uniforms: [
      ['queryOffset', 'u32'], // score: first row of `queries` of this dispatch
      ['count', 'u32'], // score: queries in this dispatch; topK: queries that may be ranked
      ['rows', 'u32'], // the first `rows` matrix rows are searched
      ['k', 'u32'], // topK: results kept per query (at most MAX_K)
      ['scoreBase', 'u32'], // topK: score row of the first query ranked
      ['bestBase', 'u32'], // topK: result slot (in queries) of the first query ranked
      ['positives', 'u32'], // cosmul: score rows 0.. multiply
      ['negatives', 'u32'], // cosmul: the next score rows divide
    ],
    uniformPerDispatch: true,
    storage: [
      { name: 'matrix', access: 'read_write', type: 'array<f32>' }, // rows x DIM, unit rows after `normalize`
      { name: 'queries', access: 'read', type: 'array<f32>' }, // queries x DIM
      { name: 'scores', access: 'read_write', type: 'array<f32>' }, // per query of a dispatch: `rows` scores
      { name: 'best', access: 'read_write', type: 'array<Scored>' }, // per query: k results, best first
    ],
    entryPoints: ['normalize', 'score', 'cosmul', 'topK'],
  };
}

/** A 1D count of workgroups as a 2D grid within the per-dimension limit. */
function grid(groups: number): [number, number] {
  return groups <= MAX_GROUPS ? [Math.max(1, groups), 1] : [MAX_GROUPS, Math.ceil(groups / MAX_GROUPS)];
}

/** A dispatch of one of the kernel's entry points with its own uniforms. */
interface Dispatch {
  entryPoint: 'normalize' | 'score' | 'cosmul' | 'topK';
  params: Params;
  groups: [number, number];
}

interface Kernel {
  kernel: GpuKernel<SimilarityUniform>;
  queryTile: number;
}

async function createKernel(device: GPUDevice, dim: number): Promise<Kernel> {
  const queryTile = Math.min(8, Math.floor(device.limits.maxComputeWorkgroupStorageSize / 4 / dim));
  if (queryTile < 1) throw new Word2VecError('TOO_LARGE_FOR_DEVICE', `Vectors of ${dim} values do not fit this GPU's workgroup memory; queries run on the CPU.`);
  return { kernel: await GpuKernel.create(device, similarityKernel(dim, queryTile)), queryTile };
}

/**
 * Owns the unit-normalised matrix on the GPU and answers similarity queries there: a matrix
 * product against a batch of queries, then a top-k per query; only ids and scores come back.
 * Twin: `CpuSimilarityIndex`.
 */
export class GpuSimilarityIndex implements SimilarityIndex {
  readonly kind = 'gpu';
  private destroyed = false;

  private constructor(
    private readonly device: GPUDevice,
    private readonly kernel: Kernel,
    private readonly matrix: GPUBuffer,
    readonly rows: number,
    readonly dim: number,
  ) {}

  private static async create(device: GPUDevice, rows: number, dim: number, fill: (matrix: GPUBuffer) => void): Promise<GpuSimilarityIndex> {
    const bytes = rows * dim * 4;
    const limit = bindingLimit(device);
    if (bytes > limit) {
      throw new Word2VecError(
        'TOO_LARGE_FOR_DEVICE',
        `${rows} x ${dim} vectors (${(bytes / 2 ** 20).toFixed(0)} MiB) exceed this GPU's ${(limit / 2 ** 20).toFixed(0)} MiB per buffer; queries run on the CPU.`,
      );
    }
    device.pushErrorScope('validation');
    let index: GpuSimilarityIndex | undefined;
    let error: GPUError | null = null;
    try {
      const kernel = await createKernel(device, dim);
      const matrix = createBuffer(device, 'GpuSimilarityIndex.matrix', bytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC);
      index = new GpuSimilarityIndex(device, kernel, matrix, rows, dim);
      fill(matrix);
      index.run([{ entryPoint: 'normalize', params: { count: 0, rows }, groups: grid(Math.ceil(rows / ROW_WORKGROUP)) }]);
    } finally {
      error = await device.popErrorScope(); // popped whether or not building threw
    }
    if (error) {
      index?.destroy();
      throw new Word2VecError('GPU_ERROR', `Building the GPU similarity index failed: ${error.message}`);
    }
    return index;
  }

  /** Uploads row-major vectors and normalises them on the GPU. */
  static fromVectors(device: GPUDevice, vectors: Float32Array, dim: number): Promise<GpuSimilarityIndex> {
    return GpuSimilarityIndex.create(device, vectors.length / dim, dim, (matrix) => device.queue.writeBuffer(matrix, 0, vectors));
  }

  /** Copies vectors already on the GPU (e.g. the trained syn0) and normalises the copy. */
  static fromBuffer(device: GPUDevice, source: GPUBuffer, rows: number, dim: number): Promise<GpuSimilarityIndex> {
    return GpuSimilarityIndex.create(device, rows, dim, (matrix) => {
      const encoder = device.createCommandEncoder({ label: 'GpuSimilarityIndex.copy' });
      encoder.copyBufferToBuffer(source, 0, matrix, 0, rows * dim * 4);
      device.queue.submit([encoder.finish()]);
    });
  }

  /** The unit rows, read back (for tests and checkpoints). */
  async readRows(): Promise<Float32Array> {
    return new Float32Array(await readBuffer(this.device, this.matrix, this.rows * this.dim * 4));
  }

  /** A scratch buffer of one query batch; whoever asks for it destroys it. */
  private buffer(label: string, size: number, usage: number): GPUBuffer {
    return createBuffer(this.device, `GpuSimilarityIndex.${label}`, size, usage);
  }

  /**
   * Encodes the dispatches in one submit, each with its own uniforms, on shared scratch
   * buffers; then copies `readback` bytes of `from` into a mappable buffer and returns them.
   */
  private run(
    dispatches: Dispatch[],
    buffers: { queries?: GPUBuffer; scores?: GPUBuffer; best?: GPUBuffer } = {},
    readback?: { from: GPUBuffer; bytes: number },
  ): Promise<ArrayBuffer> | undefined {
    if (this.destroyed) throw new Word2VecError('BAD_OPTION', 'This GPU similarity index was destroyed; query the CPU vectors instead.');
    const { device } = this;
    const owned: GPUBuffer[] = [];
    const scratch = (label: string, usage: number): GPUBuffer => {
      const b = this.buffer(label, 16, usage);
      owned.push(b);
      return b;
    };
    const { kernel } = this.kernel;
    const params = this.buffer('params', kernel.uniformBytes(dispatches.length), GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    owned.push(params);
    device.queue.writeBuffer(params, 0, kernel.packUniforms(dispatches.map((d) => ({ queryOffset: 0, k: 0, scoreBase: 0, bestBase: 0, positives: 0, negatives: 0, ...d.params }))));
    const bindGroup = kernel.bindGroup({
      params,
      matrix: this.matrix,
      queries: buffers.queries ?? scratch('noQueries', GPUBufferUsage.STORAGE),
      scores: buffers.scores ?? scratch('noScores', GPUBufferUsage.STORAGE),
      best: buffers.best ?? scratch('noBest', GPUBufferUsage.STORAGE),
    });
    const encoder = device.createCommandEncoder({ label: 'GpuSimilarityIndex.run' });
    const pass = encoder.beginComputePass({ label: 'GpuSimilarityIndex.pass' });
    dispatches.forEach((d, i) => kernel.dispatch(pass, d.entryPoint, bindGroup, d.groups, i));
    pass.end();
    let staging: GPUBuffer | undefined;
    if (readback) {
      staging = this.buffer('staging', readback.bytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
      encoder.copyBufferToBuffer(readback.from, 0, staging, 0, readback.bytes);
    }
    device.queue.submit([encoder.finish()]);
    for (const b of owned) b.destroy();
    if (!staging) return undefined;
    const mapped = staging;
    return mapped.mapAsync(GPUMapMode.READ).then(
      () => {
        const out = mapped.getMappedRange(0, readback!.bytes).slice(0);
        mapped.destroy();
        return out;
      },
      (error: unknown) => {
        mapped.destroy();
        throw new Word2VecError('GPU_ERROR', `Reading similarity results back failed: ${(error as Error).message}`);
      },
    );
  }

  private upload(label: string, data: Float32Array): GPUBuffer {
    const b = this.buffer(label, data.byteLength, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
    this.device.queue.writeBuffer(b, 0, data);
    return b;
  }

  /** Queries per batch so that a batch's scores stay within one binding. */
  private batchSize(rows: number, count: number): number {
    const limit = Math.min(MAX_SCORES_BYTES, this.device.limits.maxStorageBufferBindingSize);
    return Math.max(1, Math.min(count, Math.floor(limit / (Math.max(1, rows) * 4))));
  }

  private scoreDispatch(params: Params): Dispatch {
    return { entryPoint: 'score', params, groups: [Math.max(1, Math.ceil(params.rows / ROW_WORKGROUP)), Math.ceil(params.count / this.kernel.queryTile)] };
  }

  private checkRequest(k: number, rows: number): number {
    if (!Number.isInteger(k) || k < 1) throw new Word2VecError('BAD_OPTION', `Ask for 1 or more results per query, not ${k}.`);
    const n = Math.min(rows, this.rows);
    if (Math.ceil(n / ROW_WORKGROUP) > MAX_GROUPS)
      throw new Word2VecError('TOO_LARGE_FOR_DEVICE', `Searching ${n} rows at once is more than one dispatch covers; restrict the vocabulary.`);
    return n;
  }

  async topK(queries: Float32Array, k: number, rows: number): Promise<TopK> {
    if (k > MAX_K) return this.topKFromScores(queries, k, rows);
    const n = this.checkRequest(k, rows);
    const count = queries.length / this.dim;
    if (count === 0) return { k, ids: new Uint32Array(0), scores: new Float32Array(0) };
    const batch = this.batchSize(n, count);
    const queryBuffer = this.upload('queries', queries);
    const scores = this.buffer('scores', batch * n * 4, GPUBufferUsage.STORAGE);
    const best = this.buffer('best', count * k * 8, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
    try {
      const dispatches: Dispatch[] = [];
      for (let first = 0; first < count; first += batch) {
        const params: Params = { queryOffset: first, count: Math.min(batch, count - first), rows: n, k, scoreBase: 0, bestBase: first };
        dispatches.push(this.scoreDispatch(params), { entryPoint: 'topK', params, groups: grid(params.count) });
      }
      const bytes = await this.run(dispatches, { queries: queryBuffer, scores, best }, { from: best, bytes: count * k * 8 })!;
      return unpack(bytes, k);
    } finally {
      for (const b of [queryBuffer, scores, best]) b.destroy();
    }
  }

  /** More results than the kernel keeps: every score comes back and the CPU selects. */
  private async topKFromScores(queries: Float32Array, k: number, rows: number): Promise<TopK> {
    const count = queries.length / this.dim;
    const result = { k, ids: new Uint32Array(count * k), scores: new Float32Array(count * k) };
    for (let q = 0; q < count; q++) {
      const top = selectTop(await this.scores(queries.subarray(q * this.dim, (q + 1) * this.dim), rows), k);
      result.ids.set(top.ids, q * k);
      result.scores.set(top.scores, q * k);
    }
    return result;
  }

  async scores(query: Float32Array, rows: number): Promise<Float32Array> {
    const n = this.checkRequest(1, rows);
    const queryBuffer = this.upload('queries', query);
    const scores = this.buffer('scores', n * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
    try {
      return new Float32Array(await this.run([this.scoreDispatch({ count: 1, rows: n })], { queries: queryBuffer, scores }, { from: scores, bytes: n * 4 })!);
    } finally {
      queryBuffer.destroy();
      scores.destroy();
    }
  }

  async cosmulTopK(query: CosmulQuery, k: number, rows: number): Promise<TopK> {
    if (k > MAX_K) throw new Word2VecError('BAD_OPTION', `3CosMul on the GPU keeps at most ${MAX_K} results, not ${k}; ask for fewer.`);
    const n = this.checkRequest(k, rows);
    const terms = [...query.positive, ...query.negative];
    const queries = new Float32Array(terms.length * this.dim);
    terms.forEach((t, i) => queries.set(t, i * this.dim));
    const queryBuffer = this.upload('queries', queries);
    const scores = this.buffer('scores', (terms.length + 1) * n * 4, GPUBufferUsage.STORAGE);
    const best = this.buffer('best', k * 8, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
    const params: Params = { count: terms.length, rows: n, k, scoreBase: terms.length, bestBase: 0, positives: query.positive.length, negatives: query.negative.length };
    try {
      const bytes = await this.run(
        [this.scoreDispatch(params), { entryPoint: 'cosmul', params, groups: grid(Math.ceil(n / ROW_WORKGROUP)) }, { entryPoint: 'topK', params, groups: [1, 1] }],
        { queries: queryBuffer, scores, best },
        { from: best, bytes: k * 8 },
      )!;
      return unpack(bytes, k);
    } finally {
      for (const b of [queryBuffer, scores, best]) b.destroy();
    }
  }

  over(vectors: Float32Array): Promise<SimilarityIndex> {
    return GpuSimilarityIndex.fromVectors(this.device, vectors, this.dim);
  }

  /** Frees the matrix; queries after this throw. Safe twice. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.matrix.destroy();
  }
}

/** (score f32, id u32) pairs into a TopK. */
function unpack(bytes: ArrayBuffer, k: number): TopK {
  const words = new Uint32Array(bytes);
  const n = words.length / 2;
  const ids = new Uint32Array(n);
  const scores = new Float32Array(n);
  const floats = new Float32Array(bytes);
  for (let i = 0; i < n; i++) {
    ids[i] = words[2 * i + 1]!;
    scores[i] = ids[i] === NO_ROW ? -Infinity : floats[2 * i]!;
  }
  return { k, ids, scores };
}
