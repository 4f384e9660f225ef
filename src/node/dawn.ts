import { existsSync } from 'node:fs';
import { create, globals } from 'webgpu';

/** Chromium's SwiftShader Vulkan driver: WebGPU on a CPU when no usable GPU driver is installed. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

let installed = false;

/**
 * The WebGPU entry point in Node (Dawn, Vulkan backend). When the system's Vulkan drivers offer
 * Dawn no adapter (and VK_ICD_FILENAMES is unset), it retries with Chromium's SwiftShader.
 * `options.benchmark` turns off robustness checks (faster; for benchmarks only).
 */
export async function nodeGpu(options: { benchmark?: boolean } = {}): Promise<GPU> {
  if (!installed) {
    Object.assign(globalThis, globals);
    installed = true;
  }
  const flags = ['backend=vulkan'];
  if (options.benchmark) flags.push('enable-dawn-features=disable_robustness');
  const gpu = create(flags);
  const explicit = process.env.VK_ICD_FILENAMES || process.env.VK_DRIVER_FILES;
  if (explicit || !existsSync(SWIFTSHADER_ICD) || (await gpu.requestAdapter())) return gpu;
  process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  return create(flags);
}
