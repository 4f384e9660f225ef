import { SENTENCE_END } from '../text/vocabulary';
import { draw, positionKey, unitFloat, STREAM_KEEP, STREAM_NEGATIVES, STREAM_WINDOW } from '../sampling/rng';
import type { DispatchParams } from '../sampling/schedule';

/**
 * The CPU twin of the training kernels (`shaders/common.wgsl` with `ns.wgsl` or `softmax.wgsl`):
 * the same walk, RNG, windows, negatives, clipped sigmoid and update order, one lane after
 * another within each step. With one lane it matches the GPU to float32 rounding.
 */

/** What the kernels are compiled for. */
export interface KernelConfig {
  dim: number;
  window: number;
  negative: number;
  vocabSize: number;
  cbow: boolean;
  loss: 'ns' | 'softmax';
}

/** Read-only inputs shared by every dispatch. */
export interface KernelInputs {
  corpus: Uint32Array;
  keepProbability: Float32Array;
  noiseTable: Uint32Array;
}

/** How far a window scan may look past dropped words before giving up on a side. */
export function maxScan(window: number): number {
  return 8 * window + 32;
}

function clippedSigmoid(f: number): number {
  if (f > 6) return 1;
  if (f < -6) return 0;
  return 1 / (1 + Math.exp(-f));
}

function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** One invocation's state and the model it trains: the CPU picture of a kernel. */
export class CpuKernels {
  private readonly hidden: Float32Array;
  private readonly grad: Float32Array;
  private readonly contextWords: Uint32Array;
  private readonly contextSlots: Uint32Array;
  private readonly scanLimit: number;
  private lossSum = 0;
  private examples = 0;

  constructor(
    readonly config: KernelConfig,
    readonly inputs: KernelInputs,
    readonly syn0: Float32Array,
    readonly syn1: Float32Array,
  ) {
    this.hidden = new Float32Array(config.dim);
    this.grad = new Float32Array(config.dim);
    this.contextWords = new Uint32Array(2 * config.window);
    this.contextSlots = new Uint32Array(2 * config.window);
    this.scanLimit = maxScan(config.window);
  }

  /**
   * Runs one dispatch: every lane (or lanes `laneStart` to `laneEnd`, for one of several threads)
   * for `steps` steps. Returns the summed loss and example count.
   */
  runDispatch(p: DispatchParams, laneStart = 0, laneEnd = p.lanes): { loss: number; examples: number } {
    this.lossSum = 0;
    this.examples = 0;
    const { corpus } = this.inputs;
    const window = this.config.window;
    for (let s = 0; s < p.steps; s++) {
      const step = p.firstStep + s;
      if (step >= p.laneLength) break;
      const alpha = Math.fround(p.alpha - Math.fround(s * p.alphaDecay));
      for (let lane = laneStart; lane < laneEnd; lane++) {
        const position = lane * p.laneLength + step;
        if (position >= p.corpusLength) continue;
        const word = corpus[position]!;
        if (word === SENTENCE_END) continue;
        const key = positionKey(p.epochKey, position);
        if (!this.isKept(word, key)) continue;
        const reach = window - (draw(key, STREAM_WINDOW) % window);
        const count = this.gatherContexts(p, position, reach);
        if (count > 0) this.trainPosition(word, key, count, alpha);
      }
    }
    return { loss: this.lossSum, examples: this.examples };
  }

  /** Subsampling: whether the word at the position with this key survives in this epoch. */
  private isKept(word: number, key: number): boolean {
    return unitFloat(draw(key, STREAM_KEEP)) < this.inputs.keepProbability[word]!;
  }

  private gatherContexts(p: DispatchParams, position: number, reach: number): number {
    const corpus = this.inputs.corpus;
    let count = 0;
    for (let side = 0; side < 2; side++) {
      let q = position;
      let found = 0;
      for (let scanned = 0; scanned < this.scanLimit && found < reach; scanned++) {
        if (side === 0) {
          if (q === 0) break;
          q--;
        } else {
          q++;
          if (q >= p.corpusLength) break;
        }
        const word = corpus[q]!;
        if (word === SENTENCE_END) break;
        if (!this.isKept(word, positionKey(p.epochKey, q))) continue;
        this.contextWords[count] = word;
        this.contextSlots[count] = side * this.config.window + found;
        count++;
        found++;
      }
    }
    return count;
  }

  private trainPosition(word: number, key: number, count: number, alpha: number): void {
    const { dim, cbow } = this.config;
    const { hidden, grad, syn0 } = this;
    if (cbow) {
      hidden.fill(0);
      for (let c = 0; c < count; c++) {
        const row = this.contextWords[c]! * dim;
        for (let d = 0; d < dim; d++) hidden[d]! += syn0[row + d]!;
      }
      const scale = Math.fround(1 / count);
      for (let d = 0; d < dim; d++) hidden[d]! *= scale;
      grad.fill(0);
      this.outputLayer(word, key, 0, alpha);
      for (let c = 0; c < count; c++) this.applyGrad(this.contextWords[c]!);
      return;
    }
    for (let c = 0; c < count; c++) {
      const context = this.contextWords[c]!;
      hidden.set(syn0.subarray(context * dim, context * dim + dim));
      grad.fill(0);
      this.outputLayer(word, key, this.contextSlots[c]!, alpha);
      this.applyGrad(context);
    }
  }

  private applyGrad(word: number): void {
    const { dim } = this.config;
    const { syn0, grad } = this;
    const row = word * dim;
    for (let d = 0; d < dim; d++) syn0[row + d]! += grad[d]!;
  }

  private dotHidden(word: number): number {
    const { dim } = this.config;
    const { hidden, syn1 } = this;
    const row = word * dim;
    let sum = 0;
    let d = 0;
    // Unrolled by four, one accumulator: the same sum in the same order, with fewer loop checks.
    for (; d + 3 < dim; d += 4) {
      sum += hidden[d]! * syn1[row + d]!;
      sum += hidden[d + 1]! * syn1[row + d + 1]!;
      sum += hidden[d + 2]! * syn1[row + d + 2]!;
      sum += hidden[d + 3]! * syn1[row + d + 3]!;
    }
    for (; d < dim; d++) sum += hidden[d]! * syn1[row + d]!;
    return Math.fround(sum);
  }

  private updateOutput(word: number, g: number): void {
    const { dim } = this.config;
    const { hidden, grad, syn1 } = this;
    const row = word * dim;
    let d = 0;
    for (; d + 3 < dim; d += 4) {
      grad[d]! += g * syn1[row + d]!;
      syn1[row + d]! += g * hidden[d]!;
      grad[d + 1]! += g * syn1[row + d + 1]!;
      syn1[row + d + 1]! += g * hidden[d + 1]!;
      grad[d + 2]! += g * syn1[row + d + 2]!;
      syn1[row + d + 2]! += g * hidden[d + 2]!;
      grad[d + 3]! += g * syn1[row + d + 3]!;
      syn1[row + d + 3]! += g * hidden[d + 3]!;
    }
    for (; d < dim; d++) {
      grad[d]! += g * syn1[row + d]!;
      syn1[row + d]! += g * hidden[d]!;
    }
  }

  private outputLayer(target: number, key: number, slot: number, alpha: number): void {
    if (this.config.loss === 'ns') this.negativeSampling(target, key, slot, alpha);
    else this.fullSoftmax(target, alpha);
  }

  /** Twin of `ns.wgsl`. */
  private negativeSampling(target: number, key: number, slot: number, alpha: number): void {
    const { negative } = this.config;
    const table = this.inputs.noiseTable;
    for (let k = 0; k <= negative; k++) {
      let word = target;
      let label = 1;
      if (k > 0) {
        word = table[draw(key, STREAM_NEGATIVES + slot * negative + k - 1) % table.length]!;
        if (word === target) continue;
        label = 0;
      }
      const f = this.dotHidden(word);
      const g = Math.fround((label - clippedSigmoid(f)) * alpha);
      this.lossSum += softplus(label > 0.5 ? -f : f);
      this.updateOutput(word, g);
    }
    this.examples++;
  }

  /** Twin of `softmax.wgsl`. */
  private fullSoftmax(target: number, alpha: number): void {
    const { vocabSize } = this.config;
    let maxLogit = -3e38;
    let sum = 0;
    let targetLogit = 0;
    for (let j = 0; j < vocabSize; j++) {
      const f = this.dotHidden(j);
      if (j === target) targetLogit = f;
      if (f > maxLogit) {
        sum = sum * Math.exp(maxLogit - f) + 1;
        maxLogit = f;
      } else {
        sum += Math.exp(f - maxLogit);
      }
    }
    const logPartition = maxLogit + Math.log(sum);
    this.lossSum += logPartition - targetLogit;
    for (let j = 0; j < vocabSize; j++) {
      const p = Math.exp(this.dotHidden(j) - logPartition);
      this.updateOutput(j, Math.fround(((j === target ? 1 : 0) - p) * alpha));
    }
    this.examples++;
  }
}
