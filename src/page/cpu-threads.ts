/**
 * Threads the page's CPU path trains on: every core when the page is cross-origin isolated (shared
 * memory needs it), else one. Both the page and its worker see the same answer.
 */
export function pageCpuThreads(): number {
  return globalThis.crossOriginIsolated ? navigator.hardwareConcurrency || 1 : 1;
}
