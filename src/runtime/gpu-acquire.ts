import { Word2VecError } from '../core/errors';
import { adapterName, requestGpu, type GpuContext } from './gpu-device';

/** Where work runs: the GPU, the CPU path, or the GPU when a hardware adapter exists (else the CPU). */
export type DeviceChoice = 'gpu' | 'cpu' | 'auto';

export interface GpuRequest {
  /** The WebGPU entry point; default `navigator.gpu`. In Node: `nodeGpu()` from the Node entry (src/node.ts). */
  gpu?: GPU;
  /** Use this device instead of requesting one; it is borrowed, never destroyed. */
  gpuDevice?: GPUDevice;
  /** Messages worth showing a user, e.g. falling back to the CPU. */
  onNotice?: (message: string) => void;
}

/**
 * The GPU to use for `choice`: a borrowed device, a new one, or none (the CPU). 'auto' takes the
 * CPU when the only adapter is a software one (unless `keepSoftware`: the caller measures it) or
 * there is none, and says so through `onNotice`.
 */
export async function acquireGpu(choice: DeviceChoice, run: GpuRequest = {}, options: { keepSoftware?: boolean } = {}): Promise<GpuContext | undefined> {
  if (run.gpuDevice)
    return { device: run.gpuDevice, gpu: run.gpu, adapter: { vendor: '', architecture: '', device: '', description: 'borrowed device', isFallback: false }, destroy() {} };
  if (choice === 'cpu') return undefined;
  try {
    const context = await requestGpu(run.gpu ?? (globalThis.navigator as Navigator | undefined)?.gpu);
    if (choice === 'auto' && context.adapter.isFallback && !options.keepSoftware) {
      // Measured on a 2-core machine: SwiftShader trains 5x to 65x slower than the CPU path (npm run bench,
      // bench/sweep.ts) and answers a batch of searches ~9x slower (bench/query-bench.ts); README, Benchmarks.
      run.onNotice?.(
        `The only WebGPU adapter is a software one (${adapterName(context.adapter)}), slower than the CPU path: using the CPU. Choose the GPU (\`device=gpu\`) to use it anyway.`,
      );
      context.destroy();
      return undefined;
    }
    return context;
  } catch (error) {
    if (choice === 'gpu' || !(error instanceof Word2VecError)) throw error;
    run.onNotice?.(`${error.problem ?? error.message} Using the CPU instead.`);
    return undefined;
  }
}
