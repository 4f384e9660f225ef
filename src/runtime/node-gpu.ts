import { existsSync, mkdtempSync, openSync, readdirSync, readSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, globals } from 'webgpu';
import { Word2VecError } from '../core/errors';
import { acquireGpu, type DeviceChoice } from './gpu-acquire';
import type { GpuContext } from './gpu-device';
import { removeAtExit } from './exit-cleanup';

/** Chromium's SwiftShader Vulkan driver: WebGPU on a CPU when no usable GPU driver is installed. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** What to install for the GPU path on Linux, in the CLI's words. */
const INSTALL_VULKAN = "Install the Vulkan loader and your GPU's Vulkan driver (on Debian or Ubuntu: apt-get install libvulkan1 mesa-vulkan-drivers, or the NVIDIA driver)";

let installed = false;

/** Whether this machine has a GPU device node (Mesa's render nodes, NVIDIA's devices, WSL's). */
function hasGpuDevice(): boolean {
  let render = false;
  try {
    render = readdirSync('/dev/dri').some((f) => f.startsWith('renderD'));
  } catch {
    // no /dev/dri
  }
  return render || existsSync('/dev/nvidia0') || existsSync('/dev/nvidiactl') || existsSync('/dev/dxg');
}

/** Whether `path` is an ELF shared object (not a missing file, nor an empty or broken one). */
function isElf(path: string): boolean {
  try {
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(4);
      return readSync(fd, head, 0, 4, 0) === 4 && head.toString('latin1') === '\x7fELF';
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/**
 * Whether the Vulkan loader (libvulkan.so.1), which Dawn loads on Linux, is installed where the
 * dynamic linker looks: LD_LIBRARY_PATH, then the system's library folders. Without it Dawn prints
 * a warning of its own (with a path from its build machine) and finds no adapter.
 */
export function vulkanLoaderFound(): boolean {
  if (process.platform !== 'linux') return true;
  const folders = [
    ...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean),
    ...['x86_64-linux-gnu', 'aarch64-linux-gnu', 'arm-linux-gnueabihf', 'riscv64-linux-gnu'].flatMap((triple) => [`/usr/lib/${triple}`, `/lib/${triple}`]),
    '/usr/lib64',
    '/lib64',
    '/usr/lib',
    '/lib',
    '/usr/local/lib',
  ];
  return folders.some((folder) => isElf(join(folder, 'libvulkan.so.1')));
}

/**
 * The Vulkan loader's window-system probes print "XDG_RUNTIME_DIR is invalid" where it is unset
 * (a CI job, a container): give this process a private one, removed at exit and on SIGINT,
 * SIGTERM or SIGHUP.
 */
function quietLoader(): void {
  if (process.env.XDG_RUNTIME_DIR) return;
  const folder = mkdtempSync(join(tmpdir(), 'webgpu-word2vec-xdg-'));
  removeAtExit(folder);
  process.env.XDG_RUNTIME_DIR = folder;
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

/**
 * The WebGPU entry point for a command's `-device` choice, or undefined where the choice cannot use
 * one, without loading Dawn at all: `cpu`; `auto` on a Linux machine with no GPU device node (any
 * adapter there is a software one, which `auto` passes over) and no driver named in
 * VK_ICD_FILENAMES; and `auto` on a machine with a GPU but without the Vulkan loader (then
 * `onNotice` says what to install). `gpu` without the loader is an error that says what to install.
 */
export async function gpuForChoice(choice: DeviceChoice, onNotice: (message: string) => void): Promise<GPU | undefined> {
  if (choice === 'cpu') return undefined;
  const explicit = process.env.VK_ICD_FILENAMES || process.env.VK_DRIVER_FILES;
  if (choice === 'auto' && process.platform === 'linux' && !hasGpuDevice() && !explicit) return undefined;
  if (!vulkanLoaderFound()) {
    const message = `No GPU driver was found: the Vulkan loader (libvulkan.so.1) is not installed. ${INSTALL_VULKAN} to use the GPU`;
    if (choice === 'gpu') throw new Word2VecError('NO_ADAPTER', `${message}, or use the CPU (\`device=cpu\`).`);
    onNotice(`${message}; using the CPU.`);
    return undefined;
  }
  return nodeGpu();
}

/** A GPU device for `choice` (see `gpuForChoice` and `acquireGpu`), or undefined for the CPU; notices through `onNotice`. */
export async function acquireNodeGpu(choice: DeviceChoice, onNotice: (message: string) => void): Promise<GpuContext | undefined> {
  const gpu = await gpuForChoice(choice, onNotice);
  return gpu && acquireGpu(choice, { gpu, onNotice });
}
