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
    const problem = 'WebGPU is not available here (navigator.gpu is missing: it needs a recent browser and a secure context, https or localhost).';
    throw new Word2VecError('NO_ADAPTER', `${problem} Use the CPU path (\`device=cpu\`) instead.`, { problem });
  }
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    const problem = 'No WebGPU adapter was found (no GPU driver, or WebGPU is disabled).';
    throw new Word2VecError('NO_ADAPTER', `${problem} Use the CPU path (\`device=cpu\`), or \`device=auto\` to fall back to it.`, { problem });
  }
  const device = await adapter.requestDevice({
    label: 'webgpu-word2vec',
    // Subgroups let the training kernel sum a dot product without workgroup memory or barriers;
    // timestamps time the kernel tuner's trials on the GPU's own clock.
    requiredFeatures: (['subgroups', 'timestamp-query'] as const).filter((feature) => adapter.features.has(feature)),
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
      maxStorageBuffersPerShaderStage: Math.min(8, adapter.limits.maxStorageBuffersPerShaderStage),
      // The window kernel's variants may keep their rows in workgroup memory, as much as the GPU has.
      maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize,
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

/** The most bytes one storage binding of this device can hold. */
export function bindingLimit(device: GPUDevice): number {
  return Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
}
