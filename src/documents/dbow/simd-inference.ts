// PV-DBOW inference in WebAssembly SIMD: `inferRows` (paragraph-vectors.ts, its twin) with each
// kept word's example in the training module's `inferExample` (the output rows stay as they are). The noise words are drawn there with the same hash and alias table, so the two make
// the same decisions; the sigmoid comes from a table, so vectors agree to a small tolerance.
import { align16 } from '../../runtime/wasm';
import { type KernelExports, plainTrainingModule } from '../../word2vec/cpu/simd-training';
import { forEachKeptWord, type InferenceSetup, startingVector } from './inference-setup';

export class SimdInference {
  private constructor(
    private readonly setup: InferenceSetup,
    private readonly exports: KernelExports,
    private readonly floats: Float32Array,
    private readonly at: { syn1: number; noise: number; vector: number; grad: number; targets: number; flags: number; coeffs: number; rowBytes: number },
  ) {}

  /** Copies the output layer and the noise table into a WebAssembly memory; null where SIMD (or the memory) is missing. */
  static create(setup: InferenceSetup): SimdInference | null {
    const { dim, syn1neg, noise, negative } = setup;
    const words = noise.length >> 1;
    const rowBytes = align16(4 * dim);
    const listBytes = align16(4 * (negative + 1));
    const bytes = words * rowBytes + align16(noise.byteLength) + 2 * rowBytes + 3 * listBytes;
    const module = plainTrainingModule(bytes);
    if (!module) return null;
    const syn1 = module.free;
    const noiseAt = syn1 + words * rowBytes;
    const vector = noiseAt + align16(noise.byteLength);
    const grad = vector + rowBytes;
    const targets = grad + rowBytes;
    const at = { syn1, noise: noiseAt, vector, grad, targets, flags: targets + listBytes, coeffs: targets + 2 * listBytes, rowBytes };
    const floats = new Float32Array(module.memory.buffer);
    for (let w = 0; w < words; w++) floats.set(syn1neg.subarray(w * dim, (w + 1) * dim), (syn1 + w * rowBytes) / 4);
    new Uint32Array(module.memory.buffer).set(noise, noiseAt / 4);
    return new SimdInference(setup, module.exports, floats, at);
  }

  /** As `inferRows(setup, rows, key)`. */
  infer(rows: Uint32Array, key: number): Float32Array {
    const { dim, negative, seed } = this.setup;
    const { floats, exports, at } = this;
    const words = this.setup.noise.length >> 1;
    floats.fill(0, at.vector / 4, (at.vector + at.rowBytes) / 4);
    floats.set(startingVector(dim, seed, key), at.vector / 4);
    forEachKeptWord(this.setup, rows, key, (word, pk, rate) =>
      exports.inferExample(at.vector, at.grad, at.syn1, at.rowBytes, at.targets, at.flags, at.coeffs, rate, 0, word, pk, negative, at.noise, words),
    );
    return floats.slice(at.vector / 4, at.vector / 4 + dim);
  }
}
