import { draw, positionKey, remainder, unitFloat, STREAM_KEEP, STREAM_WINDOW } from '../../core/rng';
import type { DispatchParams } from '../schedule';
import { logisticCoefficient, logisticLoss, logSumExp } from '../logistic';
import { SENTENCE_END } from '../../text/vocabulary';
import { maxScan, maxTargets, type KernelConfig, type KernelInputs } from '../kernel-contract';
import { TargetWriter } from '../targets';

/**
 * The CPU twin of `src/word2vec/gpu/train-window.wgsl`: the same lanes, ring of on-chip rows, shared
 * negatives (and tree path) and update order, one lane after another. With one lane it matches the GPU to float32
 * rounding. With many lanes it can also run them in lock-step rounds (`lockstep`), each round's
 * rows all read before any is written and the last writer winning, which is what racing walkers on
 * a GPU can do at worst: a way to see, without a GPU, what parallelism does to quality.
 */
export class WindowTwin {
  private lossSum = 0;
  private examples = 0;
  private readonly targets: TargetWriter;
  /** One centre's output rows, then their flags. */
  private readonly outputs: Uint32Array;

  constructor(
    readonly config: KernelConfig,
    readonly inputs: KernelInputs,
    /** VOCAB x dim, unpadded. */
    readonly syn0: Float32Array,
    /** `outputRows(config)` x dim, unpadded. */
    readonly syn1: Float32Array,
    /**
     * Skip-gram's contexts whose coefficients come from the same target rows: 1 on the kernel's
     * subgroup path (each context sees the changes of the one before), its `chunkContexts` through
     * workgroup memory.
     */
    private readonly contextsPerRound = 1,
  ) {
    this.targets = new TargetWriter(config, inputs);
    this.outputs = new Uint32Array(2 * maxTargets(config));
  }

  /** Runs one dispatch: every lane in turn, or all lanes in lock-step rounds. Returns the summed loss and example count. */
  runDispatch(p: DispatchParams, lockstep = false): { loss: number; examples: number } {
    this.lossSum = 0;
    this.examples = 0;
    const walkers = Array.from({ length: p.lanes }, (_, lane) => this.walk(p, lane));
    if (!lockstep) {
      for (const walker of walkers) for (const write of walker) this.apply(write);
    } else {
      // Each round: every walker runs to its next write point reading the matrices as they are; then the writes land in walker order.
      let live = walkers;
      while (live.length > 0) {
        const round: RowWrite[] = [];
        live = live.filter((walker) => {
          const next = walker.next();
          if (next.done) return false;
          round.push(absolute(next.value, this));
          return true;
        });
        for (const write of round) this.store(write);
      }
    }
    return { loss: this.lossSum, examples: this.examples };
  }

  private apply(write: RowWrite): void {
    const matrix = write.matrix === 0 ? this.syn0 : this.syn1;
    const row = write.word * this.config.dim;
    for (let d = 0; d < this.config.dim; d++) matrix[row + d]! += write.values[d]!;
  }

  private store(write: RowWrite): void {
    (write.matrix === 0 ? this.syn0 : this.syn1).set(write.values, write.word * this.config.dim);
  }

  private isKept(word: number, key: number): boolean {
    return unitFloat(draw(key, STREAM_KEEP)) < this.inputs.keepProbability[word]!;
  }

  private row(matrix: Float32Array, word: number): Float32Array {
    const { dim } = this.config;
    return matrix.slice(word * dim, word * dim + dim);
  }

  /**
   * One lane's walk through this dispatch. It yields each change to a matrix row (an addition),
   * when the kernel would write it, and reads rows when the kernel would.
   */
  private *walk(p: DispatchParams, lane: number): Generator<RowWrite, void, void> {
    const { window, dim } = this.config;
    const { corpus } = this.inputs;
    const chunkEnd = Math.min((lane + 1) * p.laneLength, p.corpusLength);
    const start = lane * p.laneLength + p.firstStep;
    const end = Math.min(start + p.steps, chunkEnd);
    if (start >= end) return;
    const ring: RingEntry[] = [];
    const enter = (position: number): void => {
      const word = corpus[position]!;
      ring.push({ position, word, row: this.row(this.syn0, word), delta: new Float32Array(dim) });
    };
    const leave = (entry: RingEntry): RowWrite => ({ matrix: 0, word: entry.word, values: entry.delta });

    const before: number[] = [];
    for (let q = start, scanned = 0; scanned < maxScan(window) && before.length < window; scanned++) {
      if (q === 0) break;
      q--;
      if (corpus[q] === SENTENCE_END) break;
      if (this.isKept(corpus[q]!, positionKey(p.epochKey, q))) before.push(q);
    }
    for (const q of before.reverse()) enter(q);
    let next = start;
    for (let position = start; position < end; position++) {
      const word = corpus[position]!;
      if (word === SENTENCE_END) {
        for (const entry of ring.splice(0)) yield leave(entry);
        next = Math.max(next, position + 1);
        continue;
      }
      const key = positionKey(p.epochKey, position);
      if (!this.isKept(word, key)) continue;
      let left = ring.filter((e) => e.position < position).length;
      for (; left > window; left--) yield leave(ring.shift()!);
      for (; next < p.corpusLength && (next <= position || ring.length - left <= window); next++) {
        if (corpus[next] === SENTENCE_END) break;
        if (this.isKept(corpus[next]!, positionKey(p.epochKey, next))) enter(next);
      }
      const reach = window - remainder(draw(key, STREAM_WINDOW), window);
      const contexts: RingEntry[] = [];
      for (let r = 0; r < Math.min(reach, left); r++) contexts.push(ring[left - 1 - r]!);
      for (let r = 1; r <= reach && left + r < ring.length; r++) contexts.push(ring[left + r]!);
      if (contexts.length === 0) continue;
      const alpha = Math.fround(p.alpha - Math.fround((position - start) * p.alphaDecay));
      if (this.config.loss === 'ns') {
        const most = maxTargets(this.config);
        const count = this.targets.write(word, key, 0, this.outputs, 0, most);
        yield* this.logisticOutputs(contexts, Array.from(this.outputs.subarray(0, count)), Array.from(this.outputs.subarray(most, most + count)), alpha);
      } else {
        yield* this.fullSoftmax(contexts, word, alpha);
      }
      this.examples += this.config.cbow ? 1 : contexts.length;
    }
    for (const entry of ring.splice(0)) yield leave(entry);
  }

  /**
   * One centre with its logistic outputs (the tree path, the centre word and its shared negatives):
   * `trainCentre` of window-logistic.wgsl. Yields the target rows' changes.
   */
  private *logisticOutputs(contexts: RingEntry[], targets: number[], flags: number[], alpha: number): Generator<RowWrite, void, void> {
    const { dim, cbow } = this.config;
    const rows = targets.map((t) => this.row(this.syn1, t));
    const deltas = targets.map(() => new Float32Array(dim));
    const coefficient = (k: number, f: number): number => {
      this.lossSum += logisticLoss(f, flags[k]!);
      return logisticCoefficient(f, flags[k]!, alpha);
    };
    if (cbow) {
      const mean = contextMean(contexts, dim);
      const g = rows.map((row, k) => coefficient(k, dotProduct(mean, row)));
      const grad = new Float32Array(dim);
      rows.forEach((row, k) => {
        for (let d = 0; d < dim; d++) {
          grad[d]! += g[k]! * row[d]!;
          deltas[k]![d]! += g[k]! * mean[d]!;
        }
      });
      for (const c of contexts) addChange(c, grad);
    } else {
      for (let first = 0; first < contexts.length; first += this.contextsPerRound) {
        const round = contexts.slice(first, first + this.contextsPerRound);
        const g = round.map((c) => rows.map((row, k) => coefficient(k, dotProduct(c.row, row))));
        round.forEach((c, i) => {
          for (let d = 0; d < dim; d++) {
            const before = c.row[d]!;
            let change = 0;
            rows.forEach((row, k) => {
              change += g[i]![k]! * row[d]!;
              deltas[k]![d]! += g[i]![k]! * before;
              row[d]! += g[i]![k]! * before;
            });
            c.row[d] = before + change;
            c.delta[d]! += change;
          }
        });
      }
    }
    for (let k = 0; k < targets.length; k++) yield { matrix: 1, word: targets[k]!, values: deltas[k]! };
  }

  /** One centre with the full softmax: `trainCentre` of window-softmax.wgsl. */
  private *fullSoftmax(contexts: RingEntry[], centre: number, alpha: number): Generator<RowWrite, void, void> {
    const { dim, cbow } = this.config;
    const change = new Float32Array(dim);
    if (cbow) {
      yield* this.softmaxExample(contextMean(contexts, dim), centre, alpha, change);
      for (const c of contexts) addChange(c, change);
      return;
    }
    for (const c of contexts) {
      yield* this.softmaxExample(c.row.slice(), centre, alpha, change);
      addChange(c, change);
    }
  }

  /** `hidden` predicts `centre` over the whole vocabulary; `change` gets hidden's gradient. Yields each output row's change. */
  private *softmaxExample(hidden: Float32Array, centre: number, alpha: number, change: Float32Array): Generator<RowWrite, void, void> {
    const { dim, vocabSize } = this.config;
    const output = (j: number): Float32Array => this.syn1.subarray(j * dim, j * dim + dim);
    let centreLogit = 0;
    const logPartition = logSumExp(vocabSize, (j) => {
      const f = dotProduct(hidden, output(j));
      if (j === centre) centreLogit = f;
      return f;
    });
    this.lossSum += logPartition - centreLogit;
    change.fill(0);
    for (let j = 0; j < vocabSize; j++) {
      const row = output(j);
      const g = Math.fround(((j === centre ? 1 : 0) - Math.exp(dotProduct(hidden, row) - logPartition)) * alpha);
      const delta = new Float32Array(dim);
      for (let d = 0; d < dim; d++) {
        change[d]! += g * row[d]!;
        delta[d] = g * hidden[d]!;
      }
      yield { matrix: 1, word: j, values: delta };
    }
  }
}

/** The CBOW input: the mean of the context rows, as the kernels sum and scale it. */
function contextMean(contexts: RingEntry[], dim: number): Float32Array {
  const mean = new Float32Array(dim);
  const scale = Math.fround(1 / contexts.length);
  for (let d = 0; d < dim; d++) {
    let sum = 0;
    for (const c of contexts) sum = Math.fround(sum + c.row[d]!);
    mean[d] = sum * scale;
  }
  return mean;
}

function addChange(entry: RingEntry, change: Float32Array): void {
  for (let d = 0; d < change.length; d++) {
    entry.row[d]! += change[d]!;
    entry.delta[d]! += change[d]!;
  }
}

/** A row of the ring: a kept position's word, its syn0 row as updated so far, and what was added to it. */
interface RingEntry {
  position: number;
  word: number;
  row: Float32Array;
  delta: Float32Array;
}

/** A change to one row of syn0 (0) or syn1 (1). */
interface RowWrite {
  matrix: 0 | 1;
  word: number;
  values: Float32Array;
}

/** The write as the row's new value, from the row as it is now (read before the round's writes land). */
function absolute(write: RowWrite, twin: WindowTwin): RowWrite {
  const matrix = write.matrix === 0 ? twin.syn0 : twin.syn1;
  const dim = twin.config.dim;
  const values = matrix.slice(write.word * dim, write.word * dim + dim);
  for (let d = 0; d < dim; d++) values[d]! += write.values[d]!;
  return { ...write, values };
}

function dotProduct(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let d = 0; d < a.length; d++) sum += a[d]! * b[d]!;
  return Math.fround(sum);
}
