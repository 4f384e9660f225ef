import { Word2VecError } from '../../core/errors';
import { bindingLimit } from '../../runtime/gpu-device';

function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/** Buffers a matrix may be split over, when it is larger than one binding (the kernels' bindings allow two). */
export const MAX_MATRIX_PARTS = 2;

/** How a VOCAB x DIM matrix is split over buffers of at most `limit` bytes: whole rows, the parts as even as can be. */
export function matrixParts(vocabSize: number, dim: number, limit: number): { parts: number; rowsPerPart: number } {
  const rowsPerBinding = Math.max(1, Math.floor(limit / (dim * 4)));
  const parts = Math.max(1, Math.ceil(vocabSize / rowsPerBinding));
  return { parts, rowsPerPart: Math.ceil(vocabSize / parts) };
}

/** Floats per matrix row on the GPU: rows are padded to whole vec4s. */
function paddedDim(dim: number): number {
  return Math.ceil(dim / 4) * 4;
}

/**
 * GPU memory a training run allocates, in bytes: the matrices (rows padded to whole vec4s; syn1 is
 * `outputBanks` vocabulary-sized ones), the corpus, the keep chances and the noise table.
 */
export function trainingBytes(vocabSize: number, dim: number, corpusLength: number, outputBanks = 1): number {
  return (1 + outputBanks) * vocabSize * paddedDim(dim) * 4 + corpusLength * 4 + vocabSize * 4 + vocabSize * 8;
}

/**
 * Why a training run does not fit a device whose bindings hold `limit` bytes, with the fix; undefined
 * when it fits. A matrix may take MAX_MATRIX_PARTS bindings (syn1's rows are `outputBanks` rows
 * wide); the corpus must fit one.
 */
export function fitProblem(vocabSize: number, dim: number, corpusLength: number, limit: number, outputBanks = 1): string | undefined {
  const rowFloats = outputBanks * paddedDim(dim);
  const matrix = vocabSize * rowFloats * 4;
  if (matrixParts(vocabSize, rowFloats, limit).parts > MAX_MATRIX_PARTS) {
    const maxWords = MAX_MATRIX_PARTS * Math.floor(limit / (rowFloats * 4));
    return `The vocabulary is too large for this GPU: ${vocabSize} words x ${dim} dimensions${outputBanks > 1 ? ` x ${outputBanks} output layers` : ''} needs ${megabytes(matrix)} per matrix, above ${MAX_MATRIX_PARTS} x its ${megabytes(limit)} storage-buffer limit. Keep at most ${maxWords} words (raise \`minCount\` or set \`maxFinalVocab\`), lower \`vectorSize\`, or train on the CPU (\`device=cpu\`).`;
  }
  if (corpusLength * 4 > limit) {
    return `The corpus is too large for one GPU buffer: ${corpusLength} words need ${megabytes(corpusLength * 4)}, above this GPU's ${megabytes(limit)} storage-buffer limit. Train on a part of it of at most ${Math.floor(limit / 4)} words, or on the CPU (\`device=cpu\`).`;
  }
  return undefined;
}

/** Checks that the training's buffers fit the device's bindings; the error names the fix. */
export function checkFits(device: GPUDevice, vocabSize: number, dim: number, corpusLength: number, outputBanks = 1): void {
  const problem = fitProblem(vocabSize, dim, corpusLength, bindingLimit(device), outputBanks);
  if (problem) throw new Word2VecError('TOO_LARGE_FOR_DEVICE', problem);
}
