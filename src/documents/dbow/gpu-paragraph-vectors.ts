import type { InferenceSetup } from './paragraph-vectors';
import { packDocuments, runPerDocument } from '../gpu-document-means';
import { BufferSet, compile, packUniforms } from '../../runtime/gpu-resources';
import { paragraphShader } from './dbow-shaders';

/** Threads a document: a power of two (the reduction halves it). */
const WORKGROUP = 64;

/**
 * Infers PV-DBOW document vectors on the GPU: owns the output layer, the noise table and the
 * subsampling odds there; each `infer` uploads a batch of documents and reads their vectors back.
 * Twin: `inferRows` (src/documents/dbow/paragraph-vectors.ts).
 */
export class GpuParagraphVectors {
  private constructor(
    private readonly device: GPUDevice,
    private readonly setup: InferenceSetup,
    private readonly pipeline: GPUComputePipeline,
    private readonly model: { syn1neg: GPUBuffer; tables: GPUBuffer; keep: GPUBuffer },
    private readonly buffers: BufferSet,
  ) {}

  static async create(device: GPUDevice, setup: InferenceSetup): Promise<GpuParagraphVectors> {
    const buffers = new BufferSet(device, 'GpuParagraphVectors');
    const model = { syn1neg: buffers.upload('syn1neg', setup.syn1neg), tables: buffers.upload('tables', setup.noise), keep: buffers.upload('keep', setup.keep) };
    const module = await compile(device, 'paragraph-vectors', paragraphShader({ dim: setup.dim, negative: setup.negative, workgroup: WORKGROUP }));
    const pipeline = await device.createComputePipelineAsync({ label: 'GpuParagraphVectors.infer', layout: 'auto', compute: { module, entryPoint: 'infer' } });
    return new GpuParagraphVectors(device, setup, pipeline, model, buffers);
  }

  /** The vectors (row-major) of documents given as their rows; `keys[d]` picks document d's draws, as in `inferRows`. */
  async infer(documents: readonly Uint32Array[], keys: readonly number[]): Promise<Float32Array> {
    const { device, setup } = this;
    const n = documents.length;
    if (n === 0) return new Float32Array();
    const { starts, rows } = packDocuments(documents);
    const batch = new BufferSet(device, 'GpuParagraphVectors.batch');
    try {
      const params = batch.create('params', 256, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
      device.queue.writeBuffer(
        params,
        0,
        packUniforms([[{ u32: n }, { u32: setup.epochs }, { u32: setup.seed >>> 0 }, { u32: setup.noise.length / 2 }, { f32: setup.alpha }, { f32: setup.minAlpha }]]),
      );
      const out = batch.create('vectors', n * setup.dim * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
      const bindings = [
        params,
        this.model.syn1neg,
        this.model.tables,
        this.model.keep,
        batch.upload('starts', starts),
        batch.upload('rows', rows),
        batch.upload(
          'keys',
          Uint32Array.from(keys, (k) => k >>> 0),
        ),
        out,
      ];
      return new Float32Array(await runPerDocument(device, this.pipeline, bindings, n, out, n * setup.dim * 4));
    } finally {
      batch.destroy();
    }
  }

  destroy(): void {
    this.buffers.destroy();
  }
}
