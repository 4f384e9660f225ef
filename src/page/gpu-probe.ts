// What WebGPU this browser offers, and what to tell the user when it offers none.
import { adapterName, describeAdapter, type AdapterDescription } from '../internal';

export interface GpuProbe {
  /** A hardware or software adapter was found. */
  adapter?: AdapterDescription;
  /** Largest storage buffer one binding may hold, in bytes. */
  maxBindingBytes?: number;
  /** Why training will run on the CPU path, or what the adapter is. */
  message: string;
}

export async function probeGpu(): Promise<GpuProbe> {
  if (!window.isSecureContext) {
    return { message: 'WebGPU needs a secure context: open this page over https or from localhost. Training runs on the CPU path meanwhile.' };
  }
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) {
    return {
      message:
        'This browser does not offer WebGPU (navigator.gpu is missing). It needs Chrome or Edge 113+, Safari 26+, or Firefox 141+ (on Linux, Chrome needs --enable-unsafe-webgpu --enable-features=Vulkan). Training runs on the CPU path meanwhile.',
    };
  }
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (!adapter) {
    return { message: 'WebGPU is present but found no adapter (no GPU driver, or WebGPU is switched off in the browser settings). Training runs on the CPU path.' };
  }
  const description = describeAdapter(adapter);
  const maxBindingBytes = Math.min(adapter.limits.maxStorageBufferBindingSize, adapter.limits.maxBufferSize);
  const name = adapterName(description);
  const message = description.isFallback
    ? `WebGPU adapter: ${name}, a software emulation slower than the CPU path, so "auto" trains on the CPU. Choose GPU to use it anyway, or race the two.`
    : `WebGPU adapter: ${name}.`;
  return { adapter: description, maxBindingBytes, message };
}
