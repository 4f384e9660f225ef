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
