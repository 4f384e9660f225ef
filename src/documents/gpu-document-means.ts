import { BufferSet, compile, packUniforms, readBuffer } from '../runtime/gpu-resources';
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
 * Runs a kernel that takes a document a workgroup over `documents` documents with these bindings
 * (in binding order), then reads `out` back (`outBytes` of it).
 */
export async function runPerDocument(
  device: GPUDevice,
  pipeline: GPUComputePipeline,
  bindings: readonly GPUBuffer[],
  documents: number,
  out: GPUBuffer,
  outBytes: number,
): Promise<ArrayBuffer> {
  const group = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: bindings.map((buffer, binding) => ({ binding, resource: { buffer } })) });
  const encoder = device.createCommandEncoder({ label: pipeline.label });
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, group);
  pass.dispatchWorkgroups(...documentGrid(documents));
  pass.end();
  device.queue.submit([encoder.finish()]);
  return readBuffer(device, out, outBytes);
}

/**
 * Weighted means of word vectors on the GPU: owns the word vectors there; each `means` uploads a
 * batch of documents (and the words' weights) and reads their vectors back. Twin: DocumentEmbedder.embed.
 */
export class GpuDocumentMeans {
  private constructor(
    private readonly device: GPUDevice,
    private readonly pipeline: GPUComputePipeline,
    private readonly vectors: GPUBuffer,
    private readonly dim: number,
    private readonly buffers: BufferSet,
  ) {}

  static async create(device: GPUDevice, vectors: Float32Array, dim: number): Promise<GpuDocumentMeans> {
    const buffers = new BufferSet(device, 'GpuDocumentMeans');
    const uploaded = buffers.upload('vectors', vectors);
    const module = await compile(device, 'document-means', documentMeansShader({ dim, workgroup: WORKGROUP }));
    const pipeline = await device.createComputePipelineAsync({ label: 'GpuDocumentMeans.weightedMeans', layout: 'auto', compute: { module, entryPoint: 'weightedMeans' } });
    return new GpuDocumentMeans(device, pipeline, uploaded, dim, buffers);
  }

  /** Each document's weighted mean (row-major), as `WeightedMeans` in src/documents/document-vectors.ts. */
  async means(documents: readonly Uint32Array[], weights: Float32Array): Promise<Float32Array> {
    const { device, dim } = this;
    const n = documents.length;
    if (n === 0) return new Float32Array();
    const { starts, rows } = packDocuments(documents);
    const batch = new BufferSet(device, 'GpuDocumentMeans.batch');
    try {
      const params = batch.create('params', 256, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
      device.queue.writeBuffer(params, 0, packUniforms([[{ u32: n }]]));
      const out = batch.create('means', n * dim * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
      const bindings = [params, this.vectors, batch.upload('weights', weights), batch.upload('starts', starts), batch.upload('rows', rows), out];
      return new Float32Array(await runPerDocument(device, this.pipeline, bindings, n, out, n * dim * 4));
    } finally {
      batch.destroy();
    }
  }

  destroy(): void {
    this.buffers.destroy();
  }
}

/** The documents' weighted-means kernel for vectors of `dim` values, `workgroup` threads a document. */
export function documentMeansShader(c: { dim: number; workgroup: number }): string {
  return `const DIM = ${c.dim}u;\nconst WG = ${c.workgroup}u;\n${meansSource}`;
}
