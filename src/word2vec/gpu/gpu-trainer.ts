import { Word2VecError } from '../../core/errors';
import type { DispatchParams } from '../schedule';
import {
  LANE_INVOCATIONS,
  type KernelConfig,
  type KernelInputs,
  type KernelVariant,
  outputBanks,
  PRIVATE_BYTES_LIMIT,
  type VariantLimits,
  variantName,
  variantShape,
  type WindowKernelShape,
  windowKernelShape,
} from '../kernel-contract';
import type { BatchStats, TrainingEngine } from '../engine';
import type { SimilarityIndex } from '../../search/similarity-index';
import { bindingLimit } from '../../runtime/gpu-device';
import { checkFits, matrixParts, MAX_MATRIX_PARTS } from './gpu-fit';
import { GpuKernel } from '../../runtime/gpu-kernel';
import { BufferSet, readBuffer } from '../../runtime/gpu-resources';
import { reduceKernel, windowKernel, type WindowUniform } from './window-kernel';
import { GpuSimilarityIndex } from '../../search/gpu-similarity-index';

/** Staging buffers for batch statistics: more than the batches the driver keeps in flight. */
const STATS_RING = 4;
/** Workgroups one dimension of a dispatch may have. */
const MAX_GPU_LANES = 65535;

/**
 * Options for tests: a smaller binding limit for the matrices than the device's, to exercise
 * matrices split over buffers; `subgroups: false` for the workgroup-memory kernel where subgroups
 * exist; `subgroupSize` instead of the adapter's (a larger one splits workgroups, which the probe must find).
 */
export interface GpuTrainerLimits {
  matrixBindingBytes?: number;
  subgroups?: boolean;
  subgroupSize?: number;
  /** A variant of the window kernel instead of its default layout. */
  variant?: KernelVariant;
}

/** The subgroup size the window kernel may sum through: undefined where the device has none or the test says no. */
export function subgroupWidth(device: GPUDevice, limits: GpuTrainerLimits = {}): number | undefined {
  if (limits.subgroups === false || !device.features.has('subgroups')) return undefined;
  return limits.subgroupSize ?? (device.adapterInfo as GPUAdapterInfo | undefined)?.subgroupMinSize;
}

/** What a kernel variant must fit on this device. */
export function variantLimits(device: GPUDevice, subgroupSize: number | undefined): VariantLimits {
  return { subgroupSize, workgroupBytes: device.limits.maxComputeWorkgroupStorageSize, workgroupInvocations: device.limits.maxComputeInvocationsPerWorkgroup };
}

/** Pads each row of a VOCAB x dim matrix to `dim4` vec4s (zeros), or takes the padding off again. */
function padRows(matrix: Float32Array, dim: number, dim4: number): Float32Array {
  if (dim === dim4 * 4) return matrix;
  const rows = matrix.length / dim;
  const padded = new Float32Array(rows * dim4 * 4);
  for (let r = 0; r < rows; r++) padded.set(matrix.subarray(r * dim, r * dim + dim), r * dim4 * 4);
  return padded;
}

/**
 * The noise table followed by the tree's paths, as train-window.wgsl's `tables`: word w's path at
 * entry VOCAB + w * (treeDepth + 1): (length, 0), then (node, code) from the root.
 */
function gpuTables(config: KernelConfig, inputs: KernelInputs): Uint32Array {
  const tree = inputs.tree;
  if (config.treeDepth === 0 || !tree) return inputs.noiseTable;
  const stride = config.treeDepth + 1;
  const tables = new Uint32Array(inputs.noiseTable.length + 2 * config.vocabSize * stride);
  tables.set(inputs.noiseTable);
  for (let w = 0; w < config.vocabSize; w++) {
    const at = inputs.noiseTable.length + 2 * w * stride;
    tables[at] = tree.lengths[w]!;
    for (let d = 0; d < tree.lengths[w]!; d++) {
      tables[at + 2 * (d + 1)] = tree.points[w * tree.stride + d]!;
      tables[at + 2 * (d + 1) + 1] = tree.codes[w * tree.stride + d]!;
    }
  }
  return tables;
}

/** syn1 as the GPU holds it (each row: negative sampling's, then the tree's) to the CPU's order (all of the first, then the second). */
function unbankRows(rows: Float32Array, banks: number, dim: number): Float32Array {
  if (banks === 1) return rows;
  const vocab = rows.length / (banks * dim);
  const out = new Float32Array(rows.length);
  for (let w = 0; w < vocab; w++) {
    for (let b = 0; b < banks; b++) out.set(rows.subarray((w * banks + b) * dim, (w * banks + b + 1) * dim), (b * vocab + w) * dim);
  }
  return out;
}

function unpadRows(padded: Float32Array, dim: number, dim4: number): Float32Array {
  if (dim === dim4 * 4) return padded;
  const rows = padded.length / (dim4 * 4);
  const matrix = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) matrix.set(padded.subarray(r * dim4 * 4, r * dim4 * 4 + dim), r * dim);
  return matrix;
}

/**
 * Owns every GPU resource of one training run: the corpus, the tables, both matrices (rows padded
 * to whole vec4s; each matrix in two buffers when larger than one binding) and the kernels.
 * `submitBatch` encodes many dispatches of the window kernel (one workgroup per lane) into one
 * submit and returns a promise of the batch's loss, read back asynchronously; `destroy()` frees
 * everything.
 */
export class GpuTrainer implements TrainingEngine {
  readonly batchesAhead = 2;
  private readonly buffers: BufferSet;
  private readonly params: GPUBuffer;
  /** The input vectors by rows: one buffer, or two split at `rowsPerPart`. */
  private readonly syn0: GPUBuffer[];
  private readonly syn1: GPUBuffer[];
  private readonly batchStats: GPUBuffer;
  private readonly statsStaging: GPUBuffer[];
  private readonly trainBindGroup: GPUBindGroup;
  private readonly reduceBindGroup: GPUBindGroup;
  private statsNext = 0;
  private failure: Word2VecError | undefined;
  /** Fails the later batches when the device reports an error outside any error scope. */
  private readonly onUncapturedError = (event: Event): void =>
    this.fail(new Word2VecError('GPU_ERROR', `The GPU reported an error: ${(event as GPUUncapturedErrorEvent).error.message}`));

  private constructor(
    private readonly device: GPUDevice,
    private readonly config: KernelConfig,
    readonly shape: WindowKernelShape,
    private readonly lanes: number,
    private readonly maxDispatches: number,
    private readonly rowsPerPart: number,
    private readonly trainKernel: GpuKernel<WindowUniform>,
    private readonly reduceKernel: GpuKernel<never>,
    inputs: KernelInputs,
    syn0: Float32Array,
  ) {
    this.buffers = new BufferSet(device, 'GpuTrainer');
    const b = this.buffers;
    this.params = b.create('params', trainKernel.uniformBytes(maxDispatches), GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    const corpus = b.upload('corpus', inputs.corpus);
    const keep = b.upload('keepProbability', inputs.keepProbability);
    const tables = b.upload('tables', gpuTables(config, inputs));
    const rowFloats = shape.dim4 * 4;
    const padded = padRows(syn0, config.dim, shape.dim4);
    const parts = this.partRows();
    this.syn0 = parts.map(([first, rows], i) => b.upload(`syn0.${i}`, padded.subarray(first * rowFloats, (first + rows) * rowFloats)));
    this.syn1 = parts.map(([, rows], i) => b.create(`syn1.${i}`, rows * outputBanks(config) * rowFloats * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC));
    const laneStats = b.create('laneStats', lanes * 8, GPUBufferUsage.STORAGE);
    this.batchStats = b.create('batchStats', 8, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
    this.statsStaging = Array.from({ length: STATS_RING }, (_, i) => b.create(`statsStaging${i}`, 8, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST));

    const [syn0Tail, syn1Tail] = [this.syn0[1], this.syn1[1]];
    this.trainBindGroup = trainKernel.bindGroup({
      params: this.params,
      corpus,
      keepProbability: keep,
      tables,
      syn0: this.syn0[0]!,
      syn1: this.syn1[0]!,
      laneStats,
      ...(syn0Tail && syn1Tail ? { syn0Tail, syn1Tail } : {}),
    });
    this.reduceBindGroup = reduceKernel.bindGroup({ laneStats, batchStats: this.batchStats });
    void device.lost.then((info) =>
      this.fail(
        new Word2VecError(
          'DEVICE_LOST',
          `The GPU device was lost (${info.reason}: ${info.message}). The vectors of the last completed epoch are kept; train again, or use \`device=cpu\`.`,
        ),
      ),
    );
    device.addEventListener('uncapturederror', this.onUncapturedError);
  }

  /**
   * Checks sizes, compiles the kernels and uploads the inputs. Where the device has subgroups, the
   * kernel sums dot products with subgroupAdd; if a probe dispatch finds a workgroup split over
   * subgroups, it is rebuilt with the workgroup-memory reduction.
   */
  static async create(
    device: GPUDevice,
    config: KernelConfig,
    inputs: KernelInputs,
    syn0: Float32Array,
    lanes: number,
    maxDispatches: number,
    limits: GpuTrainerLimits = {},
  ): Promise<GpuTrainer> {
    const shared = windowKernelShape(config);
    const { variant } = limits;
    checkFits(device, config.vocabSize, config.dim, inputs.corpus.length, outputBanks(config));
    if (!variant && shared.privateBytes > PRIVATE_BYTES_LIMIT) {
      throw new Word2VecError(
        'TOO_LARGE_FOR_DEVICE',
        `A window of ${config.window} with ${config.negative} negatives at size ${config.dim} needs ${shared.privateBytes} bytes per GPU invocation, above WGSL's ${PRIVATE_BYTES_LIMIT}. Lower \`window\` or \`negative\`, or train on the CPU (\`device=cpu\`).`,
      );
    }
    if (lanes > MAX_GPU_LANES) throw new Word2VecError('BAD_OPTION', `\`lanes\` must be at most ${MAX_GPU_LANES} on the GPU (one workgroup each), not ${lanes}.`);
    // Split where syn1's rows (the wider, with both output layers) overflow a binding; syn0 splits at the same row.
    const { parts, rowsPerPart } = matrixParts(config.vocabSize, outputBanks(config) * shared.dim4 * 4, limits.matrixBindingBytes ?? bindingLimit(device));
    if (parts > MAX_MATRIX_PARTS) throw new Error(`a matrix in ${parts} parts: the kernels bind at most ${MAX_MATRIX_PARTS}`);
    const subgroupSize = subgroupWidth(device, limits);
    const build = async (shape: WindowKernelShape): Promise<GpuTrainer> => {
      const [train, reduce] = await Promise.all([GpuKernel.create(device, windowKernel(config, shape, rowsPerPart)), GpuKernel.create(device, reduceKernel(lanes))]);
      return new GpuTrainer(device, config, shape, lanes, maxDispatches, rowsPerPart, train, reduce, inputs, syn0);
    };
    const deviceLimits = variantLimits(device, subgroupSize);
    const shape = variant ? variantShape(config, variant, deviceLimits) : windowKernelShape(config, subgroupSize);
    if (!shape)
      throw new Word2VecError(
        'BAD_OPTION',
        `The GPU kernel's variant ${variantName(variant!)} does not fit size ${config.dim}, window ${config.window} and ${config.negative} negatives on this device: each invocation would hold more than ${PRIVATE_BYTES_LIMIT} bytes of rows, a workgroup more than its ${deviceLimits.workgroupBytes} bytes of workgroup memory, or several lanes a workgroup need the lane to be one subgroup (${subgroupSize ?? 'none here'}). Choose another, or leave \`laneInvocations\`, \`lanesPerGroup\` and \`ringMemory\` out.`,
      );
    const trainer = await build(shape);
    if (!shape.subgroups || !(await trainer.splitsSubgroups())) return trainer;
    trainer.destroy();
    // The same invocations, one lane a workgroup, through workgroup memory.
    const narrower = variant && LANE_INVOCATIONS.includes(variant.invocations as (typeof LANE_INVOCATIONS)[number]);
    const fallback = narrower ? variantShape(config, { ...variant, lanesPerGroup: 1 }, { ...deviceLimits, subgroupSize: undefined }) : null;
    return build(fallback ?? shared);
  }

  /** Runs the kernel on no positions: whether any workgroup found itself split over subgroups. */
  private async splitsSubgroups(): Promise<boolean> {
    const probe = { epoch: 0, epochKey: 0, firstStep: 0, steps: 0, lanes: this.lanes, laneLength: 1, corpusLength: 0, alpha: 0, alphaDecay: 0 };
    return (await this.submitBatch([probe], true)).examples < 0;
  }

  /** Each matrix part's first row and row count. */
  private partRows(): [number, number][] {
    const { vocabSize } = this.config;
    const parts: [number, number][] = [];
    for (let first = 0; first < vocabSize; first += this.rowsPerPart) parts.push([first, Math.min(this.rowsPerPart, vocabSize - first)]);
    return parts;
  }

  /** Workgroups a dispatch: the lanes, `lanesPerGroup` a workgroup. */
  private get workgroups(): number {
    return Math.ceil(this.lanes / this.shape.lanesPerGroup);
  }

  /** Whether each matrix is held in more than one buffer. */
  get split(): boolean {
    return this.syn0.length > 1;
  }

  /** Marks the trainer failed (device lost, uncaptured error): later batches reject with it. */
  private fail(error: Word2VecError): void {
    this.failure ??= error;
  }

  submitBatch(dispatches: readonly DispatchParams[], probe = false): Promise<BatchStats> {
    if (this.failure) return Promise.reject(this.failure);
    if (dispatches.length > this.maxDispatches) throw new Error(`at most ${this.maxDispatches} dispatches per batch`);
    this.device.queue.writeBuffer(this.params, 0, this.trainKernel.packUniforms(dispatches));
    const encoder = this.device.createCommandEncoder({ label: 'GpuTrainer.batch' });
    const pass = encoder.beginComputePass({ label: 'GpuTrainer.batchPass' });
    dispatches.forEach((_, i) => this.trainKernel.dispatch(pass, 'train', this.trainBindGroup, [this.workgroups], i));
    this.reduceKernel.dispatch(pass, 'reduce', this.reduceBindGroup, [1]);
    pass.end();
    const staging = this.statsStaging[this.statsNext++ % STATS_RING]!;
    encoder.copyBufferToBuffer(this.batchStats, 0, staging, 0, 8);
    this.device.queue.submit([encoder.finish()]);
    return staging.mapAsync(GPUMapMode.READ).then(
      () => {
        const [loss, examples] = new Float32Array(staging.getMappedRange(), 0, 2);
        staging.unmap();
        if (examples! < 0 && !probe)
          throw new Word2VecError('GPU_ERROR', 'A training workgroup was split over subgroups (a bug: please report it); train with `device=cpu` meanwhile.');
        return { loss: loss!, examples: examples! };
      },
      (cause) => Promise.reject(this.failure ?? new Word2VecError('DEVICE_LOST', `Reading the batch loss failed: ${String(cause)}`)),
    );
  }

  /**
   * The GPU's own time for one dispatch, in seconds, from timestamp queries around its pass; null
   * where the device has no timestamps (or they read 0, as a coarse clock may).
   */
  async timeDispatch(dispatch: DispatchParams): Promise<number | null> {
    if (!this.device.features.has('timestamp-query')) return null;
    const querySet = this.device.createQuerySet({ type: 'timestamp', count: 2, label: 'GpuTrainer.timestamps' });
    const resolved = this.device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC, label: 'GpuTrainer.timestampsResolved' });
    const staging = this.device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, label: 'GpuTrainer.timestampsStaging' });
    try {
      this.device.queue.writeBuffer(this.params, 0, this.trainKernel.packUniforms([dispatch]));
      const encoder = this.device.createCommandEncoder({ label: 'GpuTrainer.timedDispatch' });
      const pass = encoder.beginComputePass({ label: 'GpuTrainer.timedPass', timestampWrites: { querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } });
      this.trainKernel.dispatch(pass, 'train', this.trainBindGroup, [this.workgroups], 0);
      pass.end();
      encoder.resolveQuerySet(querySet, 0, 2, resolved, 0);
      encoder.copyBufferToBuffer(resolved, 0, staging, 0, 16);
      this.device.queue.submit([encoder.finish()]);
      await staging.mapAsync(GPUMapMode.READ);
      const [begin, end] = new BigUint64Array(staging.getMappedRange());
      staging.unmap();
      const seconds = Number(end! - begin!) / 1e9;
      return seconds > 0 ? seconds : null;
    } finally {
      querySet.destroy();
      resolved.destroy();
      staging.destroy();
    }
  }

  readInputVectors(): Promise<Float32Array> {
    return this.readMatrix(this.syn0, 1);
  }

  /** Copies both matrices back to the CPU (syn1 in the CPU's order: `outputRows` in kernel-contract.ts). */
  async readMatrices(): Promise<{ syn0: Float32Array; syn1: Float32Array }> {
    const banks = outputBanks(this.config);
    const [syn0, syn1] = await Promise.all([this.readMatrix(this.syn0, 1), this.readMatrix(this.syn1, banks)]);
    return { syn0, syn1: unbankRows(syn1, banks, this.config.dim) };
  }

  /** A matrix whose rows are `banks` padded rows wide, unpadded (its rows then `banks` times as many). */
  private async readMatrix(parts: GPUBuffer[], banks: number): Promise<Float32Array> {
    const { dim4 } = this.shape;
    const rows = this.partRows();
    const data = await Promise.all(parts.map((buffer, i) => readBuffer(this.device, buffer, rows[i]![1] * banks * dim4 * 16)));
    const padded = data.length === 1 ? new Float32Array(data[0]!) : new Float32Array(this.config.vocabSize * banks * dim4 * 4);
    if (data.length > 1) data.forEach((part, i) => padded.set(new Float32Array(part), rows[i]![0] * banks * dim4 * 4));
    return unpadRows(padded, this.config.dim, dim4);
  }

  /**
   * The trained input vectors as a GPU similarity index: the syn0 buffer itself is copied on the
   * GPU when it holds the rows unpadded and whole, otherwise the CPU copy `syn0` is uploaded.
   */
  searchIndex(syn0: Float32Array): Promise<SimilarityIndex> {
    const { dim, vocabSize } = this.config;
    if (this.syn0.length === 1 && dim % 4 === 0) return GpuSimilarityIndex.fromBuffer(this.device, this.syn0[0]!, vocabSize, dim);
    return GpuSimilarityIndex.fromVectors(this.device, syn0, dim);
  }

  /** How the window kernel sums dot products: with subgroupAdd, or through workgroup memory. */
  get kernelKind(): 'subgroups' | 'workgroup memory' {
    return this.shape.subgroups ? 'subgroups' : 'workgroup memory';
  }

  destroy(): void {
    this.device.removeEventListener('uncapturederror', this.onUncapturedError);
    this.buffers.destroy();
  }
}
