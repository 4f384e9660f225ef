import { SENTENCE_END } from '../../text/vocabulary';
import { draw, positionKey, remainder, unitFloat, STREAM_KEEP, STREAM_WINDOW } from '../../core/rng';
import type { DispatchParams } from '../schedule';
import { maxScan, type KernelConfig, type KernelInputs } from '../kernel-contract';
import { TargetWriter } from '../targets';

/**
 * The CPU path's walk (the C tool's order: one context at a time, fresh negatives for each): lanes
 * advance in lock-step, one lane after another within each step. Subclasses do the arithmetic of each
 * trained position (the exact twin in TypeScript, or WebAssembly SIMD).
 */
export abstract class CorpusWalk {
  /** The context words of the position being trained, and their window slots (which pick their negatives). */
  protected readonly contextWords: Uint32Array;
  protected readonly contextSlots: Uint32Array;
  private readonly scanLimit: number;
  /** Each example's output rows: the tree path and/or the true word and its negatives. */
  protected readonly targets: TargetWriter;
  protected lossSum = 0;
  protected examples = 0;

  constructor(
    readonly config: KernelConfig,
    readonly inputs: KernelInputs,
  ) {
    // A document's row (PV-DBOW) is one context more.
    this.contextWords = new Uint32Array(2 * config.window + 1);
    this.contextSlots = new Uint32Array(2 * config.window + 1);
    this.scanLimit = maxScan(config.window);
    this.targets = new TargetWriter(config, inputs);
  }

  /**
   * Trains the word at a kept position from its `count` context words (in `contextWords`).
   * Adds to `lossSum` and `examples`.
   */
  protected abstract trainPosition(word: number, key: number, count: number, alpha: number): void;

  /**
   * Runs one dispatch: every lane (or lanes `laneStart` to `laneEnd`, for one of several threads)
   * for `steps` steps. Returns the summed loss and example count.
   */
  runDispatch(p: DispatchParams, laneStart = 0, laneEnd = p.lanes): { loss: number; examples: number } {
    this.lossSum = 0;
    this.examples = 0;
    const { corpus, documentOf } = this.inputs;
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
        const reach = window - remainder(draw(key, STREAM_WINDOW), window);
        let count = this.config.trainWords === false ? 0 : this.gatherContexts(p, position, reach);
        if (documentOf) {
          this.contextWords[count] = this.config.vocabSize + documentOf[position]!;
          this.contextSlots[count++] = 2 * window;
        }
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
}
