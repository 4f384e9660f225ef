import { maxTargets, type KernelConfig, type KernelInputs } from '../kernel-contract';
import { logisticCoefficient, logisticLoss, logSumExp } from '../logistic';
import { CorpusWalk } from './walk';

/**
 * The CPU path's kernels in plain TypeScript, in the C tool's order (one context at a time, each
 * with its own negatives): the oracle of the WebAssembly SIMD kernels, and the CPU path for the
 * full softmax or where SIMD is missing.
 */
export class CpuKernels extends CorpusWalk {
  private readonly hidden: Float32Array;
  private readonly grad: Float32Array;
  /** An example's output rows, then their flags. */
  private readonly outputs: Uint32Array;

  constructor(
    config: KernelConfig,
    inputs: KernelInputs,
    readonly syn0: Float32Array,
    readonly syn1: Float32Array,
  ) {
    super(config, inputs);
    this.hidden = new Float32Array(config.dim);
    this.grad = new Float32Array(config.dim);
    this.outputs = new Uint32Array(2 * maxTargets(config));
  }

  protected trainPosition(word: number, key: number, count: number, alpha: number): void {
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
    if (this.config.loss === 'ns') this.logisticOutputs(target, key, slot, alpha);
    else this.fullSoftmax(target, alpha);
  }

  /** Hierarchical softmax and/or negative sampling: one example per context, with its own negatives. */
  private logisticOutputs(target: number, key: number, slot: number, alpha: number): void {
    const { outputs } = this;
    const most = maxTargets(this.config);
    const count = this.targets.write(target, key, slot, outputs, 0, most);
    for (let t = 0; t < count; t++) {
      const f = this.dotHidden(outputs[t]!);
      this.lossSum += logisticLoss(f, outputs[most + t]!);
      this.updateOutput(outputs[t]!, logisticCoefficient(f, outputs[most + t]!, alpha));
    }
    this.examples++;
  }

  /** The full softmax over the whole vocabulary. */
  private fullSoftmax(target: number, alpha: number): void {
    const { vocabSize } = this.config;
    let targetLogit = 0;
    const logPartition = logSumExp(vocabSize, (j) => {
      const f = this.dotHidden(j);
      if (j === target) targetLogit = f;
      return f;
    });
    this.lossSum += logPartition - targetLogit;
    for (let j = 0; j < vocabSize; j++) {
      const p = Math.exp(this.dotHidden(j) - logPartition);
      this.updateOutput(j, Math.fround(((j === target ? 1 : 0) - p) * alpha));
    }
    this.examples++;
  }
}
