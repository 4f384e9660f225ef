import { Word2VecError } from '../errors';
import type { KernelConfig, KernelInputs } from '../cpu/walk';
import type { DispatchParams } from '../sampling/schedule';
import type { BatchStats, TrainingEngine } from '../training/engine';
import { bindingLimit, checkFits, matrixParts, MAX_MATRIX_PARTS } from './device';
import { compile, readBuffer } from './resources';
import { reduceShader, trainingShader, TRAIN_WORKGROUP_SIZE } from './shaders';

/** Bytes between the dynamic offsets of consecutive dispatches' uniforms. */
const PARAMS_STRIDE = 256;
/** Staging buffers for batch statistics: more than the batches the driver keeps in flight. */
const STATS_RING = 4;

/** Options for tests: a smaller binding limit for the matrices than the device's, to exercise matrices split over buffers. */
export interface GpuTrainerLimits {
  matrixBindingBytes?: number;
}

/**
 * Owns every GPU resource of one training run: the corpus, the tables, both matrices (each in two
 * buffers when larger than one binding) and the pipelines. `submitBatch` encodes many dispatches
 * into one submit and returns a promise of the batch's loss, read back asynchronously; `destroy()`
 * frees everything.
 */
export class GpuTrainer implements TrainingEngine {
  readonly batchesAhead = 2;
  private readonly buffers: GPUBuffer[] = [];
  private readonly params: GPUBuffer;
  /** The input vectors (VOCAB x DIM) by rows: one buffer, or two split at `rowsPerPart`. */
  private readonly syn0: GPUBuffer[];
  private readonly syn1: GPUBuffer[];
  private readonly batchStats: GPUBuffer;
  private readonly statsStaging: GPUBuffer[];
  private readonly trainBindGroup: GPUBindGroup;
  private readonly reduceBindGroup: GPUBindGroup;
  private statsNext = 0;
  private failure: Word2VecError | undefined;

  private constructor(
    private readonly device: GPUDevice,
    private readonly config: KernelConfig,
    private readonly lanes: number,
    private readonly maxDispatches: number,
    private readonly rowsPerPart: number,
    private readonly trainPipeline: GPUComputePipeline,
    private readonly reducePipeline: GPUComputePipeline,
    inputs: KernelInputs,
    syn0: Float32Array,
  ) {
    this.params = this.buffer('params', maxDispatches * PARAMS_STRIDE, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    const corpus = this.upload('corpus', inputs.corpus);
    const keep = this.upload('keepProbability', inputs.keepProbability);
    const noise = this.upload('noiseTable', inputs.noiseTable);
    const parts = this.partRows();
    this.syn0 = parts.map(([first, rows], i) => this.upload(`syn0.${i}`, syn0.subarray(first * config.dim, (first + rows) * config.dim)));
    this.syn1 = parts.map(([, rows], i) => this.buffer(`syn1.${i}`, rows * config.dim * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC));
    const laneStats = this.buffer('laneStats', lanes * 8, GPUBufferUsage.STORAGE);
    this.batchStats = this.buffer('batchStats', 8, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
    this.statsStaging = Array.from({ length: STATS_RING }, (_, i) => this.buffer(`statsStaging${i}`, 8, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST));

    const storage = [corpus, keep, noise, this.syn0[0]!, this.syn1[0]!, laneStats, ...this.syn0.slice(1), ...this.syn1.slice(1)];
    this.trainBindGroup = device.createBindGroup({
      label: 'GpuTrainer.trainBindGroup',
      layout: trainPipeline.getBindGroupLayout(0),
      entries: [{ binding: 0, resource: { buffer: this.params, size: 32 } }, ...storage.map((buffer, i) => ({ binding: i + 1, resource: { buffer } }))],
    });
    this.reduceBindGroup = device.createBindGroup({
      label: 'GpuTrainer.reduceBindGroup',
      layout: reducePipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: laneStats } },
        { binding: 1, resource: { buffer: this.batchStats } },
      ],
    });
  }

  /** Checks sizes, compiles the kernels and uploads the inputs. */
  static async create(device: GPUDevice, config: KernelConfig, inputs: KernelInputs, syn0: Float32Array, lanes: number, maxDispatches: number, limits: GpuTrainerLimits = {}): Promise<GpuTrainer> {
    checkFits(device, config.vocabSize, config.dim, inputs.corpus.length);
    const { parts, rowsPerPart } = matrixParts(config.vocabSize, config.dim, limits.matrixBindingBytes ?? bindingLimit(device));
    if (parts > MAX_MATRIX_PARTS) throw new Error(`a matrix in ${parts} parts: the kernels bind at most ${MAX_MATRIX_PARTS}`);
    const bindings: GPUBufferBindingType[] = ['uniform', 'read-only-storage', 'read-only-storage', 'read-only-storage', 'storage', 'storage', 'storage', ...(parts > 1 ? (['storage', 'storage'] as const) : [])];
    const trainLayout = device.createBindGroupLayout({
      label: 'GpuTrainer.trainLayout',
      entries: bindings.map((type, binding) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type, hasDynamicOffset: binding === 0 } })),
    });
    device.pushErrorScope('validation');
    const trainModule = await compile(device, 'train', trainingShader(config, rowsPerPart));
    const reduceModule = await compile(device, 'reduce', reduceShader());
    const trainPipeline = await device.createComputePipelineAsync({
      label: 'GpuTrainer.train',
      layout: device.createPipelineLayout({ bindGroupLayouts: [trainLayout] }),
      compute: { module: trainModule, entryPoint: 'train' },
    });
    const reducePipeline = await device.createComputePipelineAsync({
      label: 'GpuTrainer.reduce',
      layout: 'auto',
      compute: { module: reduceModule, entryPoint: 'reduce', constants: { LANES: lanes } },
    });
    const error = await device.popErrorScope();
    if (error) throw new Word2VecError('GPU_ERROR', `Creating the training pipelines failed: ${error.message}`);
    return new GpuTrainer(device, config, lanes, maxDispatches, rowsPerPart, trainPipeline, reducePipeline, inputs, syn0);
  }

  /** Each matrix part's first row and row count. */
  private partRows(): [number, number][] {
    const { vocabSize } = this.config;
    const parts: [number, number][] = [];
    for (let first = 0; first < vocabSize; first += this.rowsPerPart) parts.push([first, Math.min(this.rowsPerPart, vocabSize - first)]);
    return parts;
  }

  /** The input vectors' buffer, when they are in one (to keep for similarity queries). */
  get wholeSyn0(): GPUBuffer | undefined {
    return this.syn0.length === 1 ? this.syn0[0] : undefined;
  }

  private buffer(label: string, size: number, usage: number): GPUBuffer {
    const buffer = this.device.createBuffer({ label: `GpuTrainer.${label}`, size: Math.max(16, Math.ceil(size / 4) * 4), usage });
    this.buffers.push(buffer);
    return buffer;
  }

  private upload(label: string, data: Uint32Array | Float32Array): GPUBuffer {
    const buffer = this.buffer(label, data.byteLength, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC);
    this.device.queue.writeBuffer(buffer, 0, data);
    return buffer;
  }

  /** Marks the trainer failed (device lost, uncaptured error): later batches reject with it. */
  fail(error: Word2VecError): void {
    this.failure ??= error;
  }

  submitBatch(dispatches: readonly DispatchParams[]): Promise<BatchStats> {
    if (this.failure) return Promise.reject(this.failure);
    if (dispatches.length > this.maxDispatches) throw new Error(`at most ${this.maxDispatches} dispatches per batch`);
    const data = new ArrayBuffer(dispatches.length * PARAMS_STRIDE);
    dispatches.forEach((p, i) => {
      const u = new Uint32Array(data, i * PARAMS_STRIDE, 8);
      const f = new Float32Array(data, i * PARAMS_STRIDE, 8);
      u.set([p.epochKey, p.firstStep, p.steps, p.lanes, p.laneLength, p.corpusLength]);
      f[6] = p.alpha;
      f[7] = p.alphaDecay;
    });
    this.device.queue.writeBuffer(this.params, 0, data);

    const encoder = this.device.createCommandEncoder({ label: 'GpuTrainer.batch' });
    const pass = encoder.beginComputePass({ label: 'GpuTrainer.batchPass' });
    pass.setPipeline(this.trainPipeline);
    const workgroups = Math.ceil(this.lanes / TRAIN_WORKGROUP_SIZE);
    dispatches.forEach((_, i) => {
      pass.setBindGroup(0, this.trainBindGroup, [i * PARAMS_STRIDE]);
      pass.dispatchWorkgroups(workgroups);
    });
    pass.setPipeline(this.reducePipeline);
    pass.setBindGroup(0, this.reduceBindGroup);
    pass.dispatchWorkgroups(1);
    pass.end();
    const staging = this.statsStaging[this.statsNext++ % STATS_RING]!;
    encoder.copyBufferToBuffer(this.batchStats, 0, staging, 0, 8);
    this.device.queue.submit([encoder.finish()]);
    return staging.mapAsync(GPUMapMode.READ).then(
      () => {
        const [loss, examples] = new Float32Array(staging.getMappedRange(), 0, 2);
        staging.unmap();
        return { loss: loss!, examples: examples! };
      },
      (cause) => Promise.reject(this.failure ?? new Word2VecError('DEVICE_LOST', `Reading the batch loss failed: ${String(cause)}`)),
    );
  }

  /** Copies both matrices back to the CPU. */
  async readMatrices(): Promise<{ syn0: Float32Array; syn1: Float32Array }> {
    const [syn0, syn1] = await Promise.all([this.readMatrix(this.syn0), this.readMatrix(this.syn1)]);
    return { syn0, syn1 };
  }

  private async readMatrix(parts: GPUBuffer[]): Promise<Float32Array> {
    const { dim, vocabSize } = this.config;
    const rows = this.partRows();
    const data = await Promise.all(parts.map((buffer, i) => readBuffer(this.device, buffer, rows[i]![1] * dim * 4)));
    if (data.length === 1) return new Float32Array(data[0]!);
    const matrix = new Float32Array(vocabSize * dim);
    data.forEach((part, i) => matrix.set(new Float32Array(part), rows[i]![0] * dim));
    return matrix;
  }

  destroy(): void {
    for (const b of this.buffers) b.destroy();
    this.buffers.length = 0;
  }
}
