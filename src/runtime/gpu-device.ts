import { Word2VecError } from '../core/errors';

/** Which adapter did the work, for reports and the page. */
export interface AdapterDescription {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A software or fallback adapter (e.g. SwiftShader): correct but slow. */
  isFallback: boolean;
}

/** A device and what it is; `destroy()` destroys it only when this context requested it. */
export interface GpuContext {
  device: GPUDevice;
  /** The entry point that made the device; Dawn in Node shuts down when it is garbage collected. */
  gpu: GPU | undefined;
  adapter: AdapterDescription;
  destroy(): void;
}

export function describeAdapter(adapter: GPUAdapter): AdapterDescription {
  const info = adapter.info;
  const text = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`.toLowerCase();
  const fallback = (info as { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallback: fallback || /swiftshader|llvmpipe|lavapipe|warp|software/.test(text),
  };
}

/** One line naming the adapter, e.g. "nvidia hopper (NVIDIA H100 80GB HBM3)". */
export function adapterName(a: AdapterDescription): string {
  const what = [a.vendor, a.architecture].filter(Boolean).join(' ') || 'unknown adapter';
  return a.description ? `${what} (${a.description})` : what;
}

/**
 * Requests an adapter and a device with the adapter's full storage-buffer limits.
 * Throws NO_ADAPTER, with the fix, when WebGPU is missing or offers no adapter.
 */
export async function requestGpu(gpu: GPU | undefined): Promise<GpuContext> {
  if (!gpu) {
    throw new Word2VecError(
      'NO_ADAPTER',
      'WebGPU is not available here (navigator.gpu is missing: it needs a recent browser and a secure context, https or localhost). Use the CPU path (`device=cpu`) instead.',
    );
  }
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    throw new Word2VecError(
      'NO_ADAPTER',
      'No WebGPU adapter was found (no GPU driver, or WebGPU is disabled). Use the CPU path (`device=cpu`), or `device=auto` to fall back to it.',
    );
  }
  const device = await adapter.requestDevice({
    label: 'webgpu-word2vec',
    // Subgroups let the training kernel sum a dot product without workgroup memory or barriers.
    requiredFeatures: adapter.features.has('subgroups') ? ['subgroups'] : [],
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
      maxStorageBuffersPerShaderStage: Math.min(8, adapter.limits.maxStorageBuffersPerShaderStage),
    },
  });
  let destroyed = false;
  return {
    device,
    gpu,
    adapter: describeAdapter(adapter),
    destroy() {
      if (!destroyed) device.destroy();
      destroyed = true;
    },
  };
}

function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/** The most bytes one storage binding of this device can hold. */
export function bindingLimit(device: GPUDevice): number {
  return Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
}

/** Buffers a matrix may be split over, when it is larger than one binding (the kernels' bindings allow two). */
export const MAX_MATRIX_PARTS = 2;

/** How a VOCAB x DIM matrix is split over buffers of at most `limit` bytes: whole rows, the parts as even as can be. */
export function matrixParts(vocabSize: number, dim: number, limit: number): { parts: number; rowsPerPart: number } {
  const rowsPerBinding = Math.max(1, Math.floor(limit / (dim * 4)));
  const parts = Math.max(1, Math.ceil(vocabSize / rowsPerBinding));
  return { parts, rowsPerPart: Math.ceil(vocabSize / parts) };
}

/** Floats per matrix row on the GPU: rows are padded to whole vec4s. */
function paddedDim(dim: number): number {
  return Math.ceil(dim / 4) * 4;
}

/**
 * GPU memory a training run allocates, in bytes: the matrices (rows padded to whole vec4s; syn1 is
 * `outputBanks` vocabulary-sized ones), the corpus, the keep chances and the noise table.
 */
export function trainingBytes(vocabSize: number, dim: number, corpusLength: number, outputBanks = 1): number {
  return (1 + outputBanks) * vocabSize * paddedDim(dim) * 4 + corpusLength * 4 + vocabSize * 4 + vocabSize * 8;
}

/**
 * Why a training run does not fit a device whose bindings hold `limit` bytes, with the fix; undefined
 * when it fits. A matrix may take MAX_MATRIX_PARTS bindings (syn1's rows are `outputBanks` rows
 * wide); the corpus must fit one.
 */
export function fitProblem(vocabSize: number, dim: number, corpusLength: number, limit: number, outputBanks = 1): string | undefined {
  const rowFloats = outputBanks * paddedDim(dim);
  const matrix = vocabSize * rowFloats * 4;
  if (matrixParts(vocabSize, rowFloats, limit).parts > MAX_MATRIX_PARTS) {
    const maxWords = MAX_MATRIX_PARTS * Math.floor(limit / (rowFloats * 4));
    return `The vocabulary is too large for this GPU: ${vocabSize} words x ${dim} dimensions${outputBanks > 1 ? ` x ${outputBanks} output layers` : ''} needs ${megabytes(matrix)} per matrix, above ${MAX_MATRIX_PARTS} x its ${megabytes(limit)} storage-buffer limit. Keep at most ${maxWords} words (raise \`minCount\` or set \`maxFinalVocab\`), lower \`vectorSize\`, or train on the CPU (\`device=cpu\`).`;
  }
  if (corpusLength * 4 > limit) {
    return `The corpus is too large for one GPU buffer: ${corpusLength} words need ${megabytes(corpusLength * 4)}, above this GPU's ${megabytes(limit)} storage-buffer limit. Train on a part of it of at most ${Math.floor(limit / 4)} words, or on the CPU (\`device=cpu\`).`;
  }
  return undefined;
}

/** Checks that the training's buffers fit the device's bindings; the error names the fix. */
export function checkFits(device: GPUDevice, vocabSize: number, dim: number, corpusLength: number, outputBanks = 1): void {
  const problem = fitProblem(vocabSize, dim, corpusLength, bindingLimit(device), outputBanks);
  if (problem) throw new Word2VecError('TOO_LARGE_FOR_DEVICE', problem);
}
