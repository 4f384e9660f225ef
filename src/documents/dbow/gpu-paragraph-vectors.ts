import type { InferenceSetup } from './inference-setup';
import { runPerDocument } from '../gpu-document-means';
import { GpuKernel } from '../../runtime/gpu-kernel';
import { BufferSet } from '../../runtime/gpu-resources';
import { paragraphKernel } from './dbow-kernels';

/**
 * Infers PV-DBOW document vectors on the GPU: owns the output layer, the noise table and the
 * subsampling odds there; each `infer` uploads a batch of documents and reads their vectors back.
 * Twin: `inferRows` (src/documents/dbow/paragraph-vectors.ts).
 */
export class GpuParagraphVectors {
  private constructor(
    private readonly device: GPUDevice,
    private readonly setup: InferenceSetup,
    private readonly kernel: GpuKernel<'documents' | 'epochs' | 'seed' | 'vocab' | 'alpha' | 'minAlpha'>,
    private readonly model: { syn1neg: GPUBuffer; tables: GPUBuffer; keep: GPUBuffer },
    private readonly buffers: BufferSet,
  ) {}

  static async create(device: GPUDevice, setup: InferenceSetup): Promise<GpuParagraphVectors> {
    const buffers = new BufferSet(device, 'GpuParagraphVectors');
    const model = { syn1neg: buffers.upload('syn1neg', setup.syn1neg), tables: buffers.upload('tables', setup.noise), keep: buffers.upload('keep', setup.keep) };
    const kernel = await GpuKernel.create(device, paragraphKernel({ dim: setup.dim, negative: setup.negative }));
    return new GpuParagraphVectors(device, setup, kernel, model, buffers);
  }

  /** The vectors (row-major) of documents given as their rows; `keys[d]` picks document d's draws, as in `inferRows`. */
  async infer(documents: readonly Uint32Array[], keys: readonly number[]): Promise<Float32Array> {
    const { device, setup } = this;
    const n = documents.length;
    if (n === 0) return new Float32Array();
    const batch = new BufferSet(device, 'GpuParagraphVectors.batch');
    try {
      const uniforms = { documents: n, epochs: setup.epochs, seed: setup.seed >>> 0, vocab: setup.noise.length / 2, alpha: setup.alpha, minAlpha: setup.minAlpha };
      const keyed = batch.upload(
        'keys',
        Uint32Array.from(keys, (k) => k >>> 0),
      );
      return await runPerDocument(device, batch, this.kernel, 'infer', documents, uniforms, { ...this.model, keys: keyed }, 'vectors', setup.dim);
    } finally {
      batch.destroy();
    }
  }

  destroy(): void {
    this.buffers.destroy();
  }
}
