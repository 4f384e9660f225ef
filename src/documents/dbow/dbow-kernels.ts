import { NOISE_WGSL, RNG_WGSL } from '../../core/shared-wgsl';
import type { KernelDescription, StorageBinding } from '../../runtime/gpu-kernel';
import dbowTrainSource from './dbow-train.wgsl?raw';
import paragraphCommonSource from './paragraph-common.wgsl?raw';
import paragraphSource from './paragraph-vectors.wgsl?raw';

/** Threads a document: a power of two (the reduction halves it). */
const WORKGROUP = 64;

/** What both kernels are built for: vectors of `dim` values, `negative` noise words a word. */
export interface ParagraphKernelShape {
  dim: number;
  negative: number;
}

function paragraphConstants(c: ParagraphKernelShape): Record<string, number> {
  return { DIM: c.dim, WG: WORKGROUP, PER_THREAD: Math.ceil(c.dim / WORKGROUP), NEGATIVE: c.negative };
}

/** Walker's alias table (x: the float32 bits of the chance to keep the entry, y: its alias), and each word's chance to be kept. */
const NOISE_BINDINGS: readonly StorageBinding[] = [
  { name: 'tables', access: 'read', type: 'array<vec2<u32>>' },
  { name: 'keep', access: 'read', type: 'array<f32>' },
];

/** Document d's rows are rows[starts[d]..starts[d + 1]]. */
const DOCUMENT_BINDINGS: readonly StorageBinding[] = [
  { name: 'starts', access: 'read', type: 'array<u32>' },
  { name: 'rows', access: 'read', type: 'array<u32>' },
];

/** PV-DBOW inference through a frozen output layer: a document a workgroup, `keys[d]` picking document d's draws. */
export function paragraphKernel(c: ParagraphKernelShape): KernelDescription<'documents' | 'epochs' | 'seed' | 'vocab' | 'alpha' | 'minAlpha'> {
  return {
    label: 'paragraph-vectors',
    sources: [RNG_WGSL, NOISE_WGSL, paragraphCommonSource, paragraphSource],
    constants: paragraphConstants(c),
    uniforms: [
      ['documents', 'u32'],
      ['epochs', 'u32'],
      ['seed', 'u32'],
      ['vocab', 'u32'],
      ['alpha', 'f32'],
      ['minAlpha', 'f32'],
    ],
    storage: [
      { name: 'syn1neg', access: 'read', type: 'array<f32>' },
      ...NOISE_BINDINGS,
      ...DOCUMENT_BINDINGS,
      { name: 'keys', access: 'read', type: 'array<u32>' },
      { name: 'vectors', access: 'read_write', type: 'array<f32>' },
    ],
    entryPoints: ['infer'],
  };
}

/** PV-DBOW training (with the words by skip-gram when `trainWords`): a document a workgroup, one epoch a dispatch. */
export function dbowTrainKernel(c: ParagraphKernelShape & { window: number; trainWords: boolean }): KernelDescription<'first' | 'count' | 'seed' | 'epoch' | 'vocab' | 'rate'> {
  return {
    label: 'dbow-train',
    sources: [RNG_WGSL, NOISE_WGSL, paragraphCommonSource, dbowTrainSource],
    constants: { ...paragraphConstants(c), WINDOW: c.window, TRAIN_WORDS: c.trainWords },
    uniforms: [
      ['first', 'u32'], // the first document of this dispatch
      ['count', 'u32'], // documents in this dispatch
      ['seed', 'u32'],
      ['epoch', 'u32'],
      ['vocab', 'u32'],
      ['rate', 'f32'], // this epoch's learning rate
    ],
    storage: [
      { name: 'syn0', access: 'read_write', type: 'array<f32>' },
      { name: 'syn1neg', access: 'read_write', type: 'array<f32>' },
      ...NOISE_BINDINGS,
      ...DOCUMENT_BINDINGS,
      { name: 'documents', access: 'read_write', type: 'array<f32>' },
    ],
    entryPoints: ['train'],
  };
}
