import { GpuKernel, type KernelDescription } from '../runtime/gpu-kernel';
import { BufferSet, readBuffer } from '../runtime/gpu-resources';
import meansSource from './document-means.wgsl?raw';

const WORKGROUP = 64;
const MAX_GROUPS = 65535;

/** Documents as one rows array with each one's start, for a kernel that takes a document a workgroup. */
export function packDocuments(documents: readonly Uint32Array[]): { starts: Uint32Array; rows: Uint32Array } {
  const starts = new Uint32Array(documents.length + 1);
  documents.forEach((rows, d) => (starts[d + 1] = starts[d]! + rows.length));
  const rows = new Uint32Array(Math.max(1, starts[documents.length]!));
  documents.forEach((r, d) => rows.set(r, starts[d]!));
  return { starts, rows };
}

/** A 1D count of workgroups as a 2D grid within the per-dimension limit. */
export function documentGrid(documents: number): [number, number] {
  return [Math.min(documents, MAX_GROUPS), Math.ceil(documents / MAX_GROUPS)];
}

/**
 * Runs a kernel that takes a document a workgroup over `documents` (each given as its rows), in
 * buffers of `batch`: its uniforms, the documents as `starts` and `rows`, and `buffers` bound by
 * name; then reads back the binding `out`, `floatsEach` floats a document.
 */
export async function runPerDocument<Uniform extends string>(
  device: GPUDevice,
  batch: BufferSet,
  kernel: GpuKernel<Uniform>,
  entryPoint: string,
  documents: readonly Uint32Array[],
  uniforms: Readonly<Record<Uniform, number>>,
  buffers: Readonly<Record<string, GPUBuffer>>,
  out: string,
  floatsEach: number,
): Promise<Float32Array> {
  const { starts, rows } = packDocuments(documents);
  const params = batch.create('params', kernel.uniformBytes(1), GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
  device.queue.writeBuffer(params, 0, kernel.packUniforms([uniforms]));
  const outBytes = documents.length * floatsEach * 4;
  const output = batch.create(out, outBytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
  const group = kernel.bindGroup({ ...buffers, params, starts: batch.upload('starts', starts), rows: batch.upload('rows', rows), [out]: output });
  const encoder = device.createCommandEncoder({ label: kernel.description.label });
  const pass = encoder.beginComputePass();
  kernel.dispatch(pass, entryPoint, group, documentGrid(documents.length));
  pass.end();
  device.queue.submit([encoder.finish()]);
  return new Float32Array(await readBuffer(device, output, outBytes));
}

/** The documents' weighted-means kernel for vectors of `dim` values, WORKGROUP threads a document. */
export function documentMeansKernel(dim: number): KernelDescription<'documents'> {
  return {
    label: 'document-means',
    sources: [meansSource],
    constants: { DIM: dim, WG: WORKGROUP },
    uniforms: [['documents', 'u32']],
    storage: [
      { name: 'vectors', access: 'read', type: 'array<f32>' },
      { name: 'weights', access: 'read', type: 'array<f32>' }, // per row of `rows`
      // Document d's rows are rows[starts[d]..starts[d + 1]].
      { name: 'starts', access: 'read', type: 'array<u32>' },
      { name: 'rows', access: 'read', type: 'array<u32>' },
      { name: 'means', access: 'read_write', type: 'array<f32>' },
    ],
    entryPoints: ['weightedMeans'],
  };
}

/**
 * Weighted means of word vectors on the GPU: owns the word vectors there; each `means` uploads a
 * batch of documents (and the words' weights) and reads their vectors back. Twin: DocumentEmbedder.embed.
 */
export class GpuDocumentMeans {
  private constructor(
    private readonly device: GPUDevice,
    private readonly kernel: GpuKernel<'documents'>,
    private readonly vectors: GPUBuffer,
    private readonly dim: number,
    private readonly buffers: BufferSet,
  ) {}

  static async create(device: GPUDevice, vectors: Float32Array, dim: number): Promise<GpuDocumentMeans> {
    const buffers = new BufferSet(device, 'GpuDocumentMeans');
    const uploaded = buffers.upload('vectors', vectors);
    const kernel = await GpuKernel.create(device, documentMeansKernel(dim));
    return new GpuDocumentMeans(device, kernel, uploaded, dim, buffers);
  }

  /** Each document's weighted mean (row-major), as `WeightedMeans` in src/documents/document-vectors.ts. */
  async means(documents: readonly Uint32Array[], weights: Float32Array): Promise<Float32Array> {
    const { device, dim } = this;
    const n = documents.length;
    if (n === 0) return new Float32Array();
    const batch = new BufferSet(device, 'GpuDocumentMeans.batch');
    try {
      const buffers = { vectors: this.vectors, weights: batch.upload('weights', weights) };
      return await runPerDocument(device, batch, this.kernel, 'weightedMeans', documents, { documents: n }, buffers, 'means', dim);
    } finally {
      batch.destroy();
    }
  }

  destroy(): void {
    this.buffers.destroy();
  }
}
