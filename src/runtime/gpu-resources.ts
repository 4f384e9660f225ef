import { Word2VecError } from '../core/errors';

/** Bytes between the dynamic offsets of consecutive dispatches' uniforms (WebGPU's minUniformBufferOffsetAlignment at most). */
export const UNIFORM_STRIDE = 256;

/** A labelled buffer of at least `size` bytes, rounded up to whole words (and at least 16 bytes). */
export function createBuffer(device: GPUDevice, label: string, size: number, usage: number): GPUBuffer {
  return device.createBuffer({ label, size: Math.max(16, Math.ceil(size / 4) * 4), usage });
}

/**
 * Creates and owns GPU buffers for one object (the trainer, a similarity index): each labelled
 * with its owner's name, rounded up to whole words; `destroy()` frees them all.
 */
export class BufferSet {
  private readonly buffers: GPUBuffer[] = [];

  constructor(
    private readonly device: GPUDevice,
    private readonly owner: string,
  ) {}

  create(label: string, size: number, usage: number): GPUBuffer {
    const buffer = createBuffer(this.device, `${this.owner}.${label}`, size, usage);
    this.buffers.push(buffer);
    return buffer;
  }

  /** A storage buffer holding `data` (copyable both ways). */
  upload(label: string, data: Uint32Array | Float32Array, extraUsage = 0): GPUBuffer {
    const buffer = this.create(label, data.byteLength, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC | extraUsage);
    this.device.queue.writeBuffer(buffer, 0, data);
    return buffer;
  }

  destroy(): void {
    for (const b of this.buffers) b.destroy();
    this.buffers.length = 0;
  }
}

/** A uniform field: a u32, or an f32. */
export type UniformField = { u32: number } | { f32: number };

/**
 * Packs one block of uniforms per dispatch, UNIFORM_STRIDE bytes apart, each field one 4-byte
 * word in the order the WGSL struct declares it.
 */
export function packUniforms(blocks: readonly (readonly UniformField[])[]): ArrayBuffer {
  const data = new ArrayBuffer(Math.max(1, blocks.length) * UNIFORM_STRIDE);
  const u = new Uint32Array(data);
  const f = new Float32Array(data);
  blocks.forEach((fields, i) => {
    if (fields.length * 4 > UNIFORM_STRIDE) throw new Error(`a uniform block of ${fields.length} words is larger than ${UNIFORM_STRIDE} bytes`);
    fields.forEach((field, j) => {
      const at = (i * UNIFORM_STRIDE) / 4 + j;
      if ('u32' in field) u[at] = field.u32;
      else f[at] = field.f32;
    });
  });
  return data;
}

/** Reads a whole buffer back: copy to a MAP_READ buffer, map, slice, destroy. */
export async function readBuffer(device: GPUDevice, source: GPUBuffer, size: number): Promise<ArrayBuffer> {
  const staging = device.createBuffer({ label: 'readBuffer.staging', size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder({ label: 'readBuffer' });
  encoder.copyBufferToBuffer(source, 0, staging, 0, size);
  device.queue.submit([encoder.finish()]);
  try {
    await staging.mapAsync(GPUMapMode.READ);
    return staging.getMappedRange().slice(0);
  } finally {
    staging.destroy();
  }
}

/** Compiles WGSL and turns compilation errors into one readable error. */
export async function compile(device: GPUDevice, label: string, code: string): Promise<GPUShaderModule> {
  const module = device.createShaderModule({ label, code });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length > 0) {
    const lines = code.split('\n');
    const detail = errors.map((m) => `${label}:${m.lineNum}:${m.linePos}: ${m.message}\n  ${lines[m.lineNum - 1] ?? ''}`).join('\n');
    throw new Word2VecError('GPU_ERROR', `The ${label} shader failed to compile (a bug: please report it):\n${detail}`);
  }
  return module;
}
