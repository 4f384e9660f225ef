/** A WebAssembly module assembled twice by scripts/build-wasm.mjs: importing shared memory, and plain. */
export interface WasmModuleSources {
  shared: string;
  plain: string;
}

const compiled = new WeakMap<WasmModuleSources, Map<boolean, WebAssembly.Module | null>>();

function decode(base64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/**
 * The compiled module (with shared or plain memory), or null where it cannot run: no WebAssembly
 * SIMD, no shared memory (a page without cross-origin isolation), or a policy that forbids compiling.
 * Each is compiled once.
 */
export function wasmModule(sources: WasmModuleSources, shared: boolean): WebAssembly.Module | null {
  const byMemory = compiled.get(sources) ?? new Map<boolean, WebAssembly.Module | null>();
  compiled.set(sources, byMemory);
  if (!byMemory.has(shared)) {
    let module: WebAssembly.Module | null = null;
    const bytes = decode(shared ? sources.shared : sources.plain);
    if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes) && (!shared || typeof SharedArrayBuffer === 'function')) {
      try {
        module = new WebAssembly.Module(bytes);
      } catch {
        // A Content Security Policy without 'wasm-unsafe-eval'.
      }
    }
    byMemory.set(shared, module);
  }
  return byMemory.get(shared)!;
}

/** The exports of `sources`' module instantiated on `memory` (shared when `shared`); throws where it cannot run. */
export function instantiateWasm<Exports>(sources: WasmModuleSources, memory: WebAssembly.Memory, shared: boolean): Exports {
  const module = wasmModule(sources, shared);
  if (!module) throw new Error('WebAssembly SIMD is not available');
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Exports;
}

/** Bytes in a WebAssembly memory page, and the most pages a 32-bit memory holds. */
export const WASM_PAGE = 65536;
export const MAX_WASM_PAGES = 65536;

/** `bytes` rounded up to whole vec4s (16 bytes). */
export function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}
