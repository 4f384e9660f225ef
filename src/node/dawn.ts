import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, globals } from 'webgpu';

/** Chromium's SwiftShader Vulkan driver: WebGPU on a CPU when no usable GPU driver is installed. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

let installed = false;

/** Whether this machine has a GPU device node (Mesa's render nodes, NVIDIA's devices). */
function hasGpuDevice(): boolean {
  let render = false;
  try {
    render = readdirSync('/dev/dri').some((f) => f.startsWith('renderD'));
  } catch {
    // no /dev/dri
  }
  return render || existsSync('/dev/nvidia0') || existsSync('/dev/nvidiactl');
}

/**
 * The Vulkan loader's window-system probes print "XDG_RUNTIME_DIR is invalid" where it is unset
 * (a CI job, a container): give this process a private one.
 */
function quietLoader(): void {
  if (process.env.XDG_RUNTIME_DIR) return;
  const folder = mkdtempSync(join(tmpdir(), 'webgpu-word2vec-xdg-'));
  process.env.XDG_RUNTIME_DIR = folder;
  process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
}

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
  quietLoader();
  const flags = ['backend=vulkan'];
  if (options.benchmark) flags.push('enable-dawn-features=disable_robustness');
  const explicit = process.env.VK_ICD_FILENAMES || process.env.VK_DRIVER_FILES;
  // Without a GPU device node, the system's drivers can only be software ones (an old lavapipe
  // that Dawn refuses with a warning): go straight to SwiftShader.
  if (!explicit && existsSync(SWIFTSHADER_ICD) && !hasGpuDevice()) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  const gpu = create(flags);
  if (explicit || process.env.VK_ICD_FILENAMES || !existsSync(SWIFTSHADER_ICD) || (await gpu.requestAdapter())) return gpu;
  process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  return create(flags);
}
