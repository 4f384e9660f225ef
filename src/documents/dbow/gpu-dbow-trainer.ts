import { dbowRate, type DbowGpu } from './dbow-training';
import type { DbowSetup, DbowState } from './dbow-setup';
import { Word2VecError } from '../../core/errors';
import { documentGrid, packDocuments } from '../gpu-document-means';
import { GpuKernel } from '../../runtime/gpu-kernel';
import { BufferSet, readBuffer } from '../../runtime/gpu-resources';
import { dbowTrainKernel } from './dbow-kernels';

/**
 * Trains PV-DBOW with the words on the GPU (`dbowTrainKernel`): owns the word vectors, the
 * output layer, the documents' vectors and rows there from `create` to `finish`, which reads the
 * matrices back. Twin: `trainDbowEpoch` (src/documents/dbow/dbow-training.ts).
 */
export class GpuDbowTrainer {
  private constructor(
    private readonly device: GPUDevice,
    private readonly setup: DbowSetup,
    private readonly documentCount: number,
    private readonly kernel: GpuKernel<'first' | 'count' | 'seed' | 'epoch' | 'vocab' | 'rate'>,
    private readonly group: GPUBindGroup,
    private readonly params: GPUBuffer,
    private readonly matrices: DbowState & { buffers: { syn0: GPUBuffer; syn1neg: GPUBuffer; documents: GPUBuffer } },
    private readonly buffers: BufferSet,
  ) {}

  static async create(device: GPUDevice, setup: DbowSetup, state: DbowState, documents: readonly Uint32Array[]): Promise<GpuDbowTrainer> {
    const limit = device.limits.maxStorageBufferBindingSize;
    const largest = Math.max(state.syn0.byteLength, state.documents.byteLength);
    if (largest > limit)
      throw new Word2VecError(
        'TOO_LARGE_FOR_DEVICE',
        `PV-DBOW's matrices need ${Math.ceil(largest / 2 ** 20)} MiB in one buffer, more than this GPU's ${Math.floor(limit / 2 ** 20)} MiB: raise minCount, lower vectorSize, or train on the CPU.`,
      );
    const buffers = new BufferSet(device, 'GpuDbowTrainer');
    const { starts, rows } = packDocuments(documents);
    const kernel = await GpuKernel.create(device, dbowTrainKernel({ dim: setup.dim, negative: setup.negative, window: setup.window, trainWords: setup.trainWords }));
    const params = buffers.create('params', kernel.uniformBytes(1), GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    const matrixBuffers = { syn0: buffers.upload('syn0', state.syn0), syn1neg: buffers.upload('syn1neg', state.syn1neg), documents: buffers.upload('documents', state.documents) };
    const group = kernel.bindGroup({
      params,
      ...matrixBuffers,
      tables: buffers.upload('tables', setup.noise),
      keep: buffers.upload('keep', setup.keep),
      starts: buffers.upload('starts', starts),
      rows: buffers.upload('rows', rows),
    });
    return new GpuDbowTrainer(device, setup, documents.length, kernel, group, params, { ...state, buffers: matrixBuffers }, buffers);
  }

  /**
   * One epoch over every document, `perDispatch` documents at a time (default all at once; one a
   * dispatch trains them in the twin's order, for comparing with it). Resolves when the GPU is done.
   */
  async runEpoch(epoch: number, perDispatch = this.documentCount): Promise<void> {
    const { device, setup } = this;
    for (let first = 0; first < this.documentCount; first += perDispatch) {
      const count = Math.min(perDispatch, this.documentCount - first);
      const uniforms = { first, count, seed: setup.seed >>> 0, epoch, vocab: setup.noise.length / 2, rate: dbowRate(setup, epoch) };
      device.queue.writeBuffer(this.params, 0, this.kernel.packUniforms([uniforms]));
      const encoder = device.createCommandEncoder({ label: 'GpuDbowTrainer.epoch' });
      const pass = encoder.beginComputePass();
      this.kernel.dispatch(pass, 'train', this.group, documentGrid(count));
      pass.end();
      device.queue.submit([encoder.finish()]);
    }
    await device.queue.onSubmittedWorkDone();
  }

  /** The matrices as trained so far, read back into the arrays `create` was given. */
  async finish(): Promise<DbowState> {
    const { syn0, syn1neg, documents, buffers } = this.matrices;
    for (const [into, from] of [
      [syn0, buffers.syn0],
      [syn1neg, buffers.syn1neg],
      [documents, buffers.documents],
    ] as const)
      into.set(new Float32Array(await readBuffer(this.device, from, into.byteLength)));
    return { syn0, syn1neg, documents };
  }

  destroy(): void {
    this.buffers.destroy();
  }
}

/** Training's epochs on `device` for `trainParagraphs`: the trainer lives from the first epoch to `finish`. */
export function dbowOnGpu(device: GPUDevice): DbowGpu {
  return async (corpus, setup, state) => {
    const trainer = await GpuDbowTrainer.create(device, setup, state, corpus.documents);
    return {
      runEpoch: (epoch) => trainer.runEpoch(epoch),
      finish: async () => {
        try {
          return await trainer.finish();
        } finally {
          trainer.destroy();
        }
      },
    };
  };
}
