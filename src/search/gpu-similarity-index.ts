import { Word2VecError } from '../core/errors';
import { NO_ROW, selectTop, type CosmulQuery, type SimilarityIndex, type TopK } from './similarity-index';
import { bindingLimit } from '../runtime/gpu-device';
import { compile, createBuffer, packUniforms, readBuffer, UNIFORM_STRIDE, type UniformField } from '../runtime/gpu-resources';
import similaritySource from './similarity.wgsl?raw';

/** Results kept per query by the topK kernel at most; larger requests read all scores back. */
const MAX_K = 64;
const ROW_WORKGROUP = 64;
const TOPK_WORKGROUP = 64;
/** Largest scores buffer a batch of queries uses, below the device's binding limit. */
const MAX_SCORES_BYTES = 256 << 20;
const MAX_GROUPS = 65535;

interface Pipelines {
  layout: GPUBindGroupLayout;
  normalize: GPUComputePipeline;
  score: GPUComputePipeline;
  cosmul: GPUComputePipeline;
  topK: GPUComputePipeline;
  queryTile: number;
}

/** One dispatch's uniforms, in similarity.wgsl's Params order. */
interface Params {
  queryOffset?: number;
  count: number;
  rows: number;
  k?: number;
  scoreBase?: number;
  bestBase?: number;
  positives?: number;
  negatives?: number;
}

function paramFields(p: Params): UniformField[] {
  return [p.queryOffset ?? 0, p.count, p.rows, p.k ?? 0, p.scoreBase ?? 0, p.bestBase ?? 0, p.positives ?? 0, p.negatives ?? 0].map((u32) => ({ u32 }));
}

/** A 1D count of workgroups as a 2D grid within the per-dimension limit. */
function grid(groups: number): [number, number] {
  return groups <= MAX_GROUPS ? [Math.max(1, groups), 1] : [MAX_GROUPS, Math.ceil(groups / MAX_GROUPS)];
}

async function createPipelines(device: GPUDevice, dim: number): Promise<Pipelines> {
  const queryTile = Math.min(8, Math.floor(device.limits.maxComputeWorkgroupStorageSize / 4 / dim));
  if (queryTile < 1) throw new Word2VecError('TOO_LARGE_FOR_DEVICE', `Vectors of ${dim} values do not fit this GPU's workgroup memory; queries run on the CPU.`);
  const layout = device.createBindGroupLayout({
    label: 'GpuSimilarityIndex.layout',
    entries: (['uniform', 'storage', 'read-only-storage', 'storage', 'storage'] as const).map((type, binding) => ({
      binding,
      visibility: GPUShaderStage.COMPUTE,
      buffer: { type, hasDynamicOffset: binding === 0 },
    })),
  });
  const module = await compile(device, 'similarity', similarityShader({ dim, queryTile, maxK: MAX_K, rowWorkgroup: ROW_WORKGROUP, topKWorkgroup: TOPK_WORKGROUP }));
  const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] });
  const pipeline = (entryPoint: string): Promise<GPUComputePipeline> =>
    device.createComputePipelineAsync({ label: `GpuSimilarityIndex.${entryPoint}`, layout: pipelineLayout, compute: { module, entryPoint } });
  const [normalize, score, cosmul, topK] = await Promise.all(['normalize', 'score', 'cosmul', 'topK'].map(pipeline));
  return { layout, normalize: normalize!, score: score!, cosmul: cosmul!, topK: topK!, queryTile };
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
    private readonly pipelines: Pipelines,
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
      const pipelines = await createPipelines(device, dim);
      const matrix = createBuffer(device, 'GpuSimilarityIndex.matrix', bytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC);
      index = new GpuSimilarityIndex(device, pipelines, matrix, rows, dim);
      fill(matrix);
      index.run([{ pipeline: pipelines.normalize, params: { count: 0, rows }, groups: grid(Math.ceil(rows / ROW_WORKGROUP)) }]);
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
    dispatches: { pipeline: GPUComputePipeline; params: Params; groups: [number, number] }[],
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
    const params = this.buffer('params', dispatches.length * UNIFORM_STRIDE, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    owned.push(params);
    device.queue.writeBuffer(params, 0, packUniforms(dispatches.map((d) => paramFields(d.params))));
    const bindGroup = device.createBindGroup({
      label: 'GpuSimilarityIndex.bindGroup',
      layout: this.pipelines.layout,
      entries: [
        { binding: 0, resource: { buffer: params, size: 32 } },
        { binding: 1, resource: { buffer: this.matrix } },
        { binding: 2, resource: { buffer: buffers.queries ?? scratch('noQueries', GPUBufferUsage.STORAGE) } },
        { binding: 3, resource: { buffer: buffers.scores ?? scratch('noScores', GPUBufferUsage.STORAGE) } },
        { binding: 4, resource: { buffer: buffers.best ?? scratch('noBest', GPUBufferUsage.STORAGE) } },
      ],
    });
    const encoder = device.createCommandEncoder({ label: 'GpuSimilarityIndex.run' });
    const pass = encoder.beginComputePass({ label: 'GpuSimilarityIndex.pass' });
    dispatches.forEach((d, i) => {
      pass.setPipeline(d.pipeline);
      pass.setBindGroup(0, bindGroup, [i * UNIFORM_STRIDE]);
      pass.dispatchWorkgroups(d.groups[0], d.groups[1]);
    });
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

  private scoreDispatch(params: Params): { pipeline: GPUComputePipeline; params: Params; groups: [number, number] } {
    return { pipeline: this.pipelines.score, params, groups: [Math.max(1, Math.ceil(params.rows / ROW_WORKGROUP)), Math.ceil(params.count / this.pipelines.queryTile)] };
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
      const dispatches = [];
      for (let first = 0; first < count; first += batch) {
        const params: Params = { queryOffset: first, count: Math.min(batch, count - first), rows: n, k, scoreBase: 0, bestBase: first };
        dispatches.push(this.scoreDispatch(params), { pipeline: this.pipelines.topK, params, groups: grid(params.count) });
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
        [
          this.scoreDispatch(params),
          { pipeline: this.pipelines.cosmul, params, groups: grid(Math.ceil(n / ROW_WORKGROUP)) },
          { pipeline: this.pipelines.topK, params, groups: [1, 1] },
        ],
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

/** The similarity-query kernels (normalize, score, cosmul, topK) for vectors of `dim` values. */
export function similarityShader(c: { dim: number; queryTile: number; maxK: number; rowWorkgroup: number; topKWorkgroup: number }): string {
  const header = [
    `const DIM = ${c.dim}u;`,
    `const QUERY_TILE = ${c.queryTile}u;`,
    `const MAX_K = ${c.maxK}u;`,
    `const ROW_WORKGROUP = ${c.rowWorkgroup}u;`,
    `const TOPK_WORKGROUP = ${c.topKWorkgroup}u;`,
  ].join('\n');
  return `${header}\n${similaritySource}`;
}
