import { CpuKernels } from './typescript-kernels';
import { createSimdWeights, readSimdWeights, SimdKernels, type SimdWeights } from './simd-training';
import { outputRows, type KernelConfig, type KernelInputs } from '../kernel-contract';
import type { CorpusWalk } from './walk';

/** The twin's weights: plain arrays, on SharedArrayBuffers when threads share them. */
export interface TwinWeights {
  kind: 'twin';
  syn0: Float32Array;
  syn1: Float32Array;
}

/** The CPU path's weights (syn0, syn1) in the form its kernels need; they can be posted to kernel threads. */
export type CpuWeights = TwinWeights | SimdWeights;

/** Which kernels train on the CPU: WebAssembly SIMD (logistic outputs), or the TypeScript twin. */
export type CpuKernelKind = CpuWeights['kind'];

/** A copy of the array on a SharedArrayBuffer, which every thread sees. */
export function shared<T extends Float32Array | Uint32Array>(array: T): T {
  const copy = new (array.constructor as { new (buffer: SharedArrayBuffer): T })(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}

/**
 * The weights for `threads` threads, starting from `syn0`: on WebAssembly SIMD wherever it can be
 * (negative sampling and hierarchical softmax, with SIMD and, for threads, shared memory), otherwise
 * on the twin.
 */
export function createCpuWeights(config: KernelConfig, syn0: Float32Array, threads: number, prefer: CpuKernelKind = 'simd'): CpuWeights {
  const simd = prefer === 'simd' ? createSimdWeights(config, syn0, threads) : null;
  if (simd) return simd;
  const syn1 = new Float32Array(outputRows(config) * config.dim);
  if (threads > 1) return { kind: 'twin', syn0: shared(syn0), syn1: shared(syn1) };
  return { kind: 'twin', syn0: syn0.slice(), syn1 };
}

/** Kernels for one thread over the weights. */
export function openKernels(weights: CpuWeights, config: KernelConfig, inputs: KernelInputs, thread: number): CorpusWalk {
  return weights.kind === 'simd' ? new SimdKernels(config, inputs, weights, thread) : new CpuKernels(config, inputs, weights.syn0, weights.syn1);
}

/** Copies of the matrices: syn0 `inputRows x dim`, syn1 `outputRows x dim`. */
export function readCpuWeights(weights: CpuWeights, config: KernelConfig): { syn0: Float32Array; syn1: Float32Array } {
  return weights.kind === 'simd' ? readSimdWeights(weights, config) : { syn0: weights.syn0.slice(), syn1: weights.syn1.slice() };
}

/** The CPU path in words, for reports: "CPU path, 2 threads, WebAssembly SIMD". */
export function describeCpuPath(threads: number, kernels: CpuKernelKind | null): string {
  return `CPU path, ${threads} thread${threads === 1 ? '' : 's'}${kernels === 'simd' ? ', WebAssembly SIMD' : kernels === 'twin' ? ', TypeScript kernels' : ''}`;
}
