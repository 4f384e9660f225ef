import { NOISE_WGSL, RNG_WGSL } from '../../core/shared-wgsl';
import dbowTrainSource from './dbow-train.wgsl?raw';
import paragraphCommonSource from './paragraph-common.wgsl?raw';
import paragraphSource from './paragraph-vectors.wgsl?raw';

/** The PV-DBOW inference kernel for vectors of `dim` values, `negative` noise words a word, `workgroup` threads a document. */
export function paragraphShader(c: { dim: number; negative: number; workgroup: number }): string {
  return `${paragraphHeader(c)}\n${RNG_WGSL}\n${NOISE_WGSL}\n${paragraphCommonSource}\n${paragraphSource}`;
}

/** The PV-DBOW training kernel (with the words by skip-gram when `trainWords`), as `paragraphShader` with a `window`. */
export function dbowTrainShader(c: { dim: number; negative: number; window: number; trainWords: boolean; workgroup: number }): string {
  const header = `${paragraphHeader(c)}\nconst WINDOW = ${c.window}u;\nconst TRAIN_WORDS = ${c.trainWords};`;
  return `${header}\n${RNG_WGSL}\n${NOISE_WGSL}\n${paragraphCommonSource}\n${dbowTrainSource}`;
}

function paragraphHeader(c: { dim: number; negative: number; workgroup: number }): string {
  return [`const DIM = ${c.dim}u;`, `const WG = ${c.workgroup}u;`, `const PER_THREAD = ${Math.ceil(c.dim / c.workgroup)}u;`, `const NEGATIVE = ${c.negative}u;`].join('\n');
}
