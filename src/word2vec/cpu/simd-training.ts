import { clippedSigmoid, softplus } from '../logistic';
import { inputRows, maxTargets, outputRows, type KernelConfig, type KernelInputs } from '../kernel-contract';
import type { DispatchParams } from '../schedule';
import { CorpusWalk } from './walk';
import { PLAIN_MODULE, SHARED_MODULE } from './training-wasm';
import { align16, instantiateWasm, MAX_WASM_PAGES, WASM_PAGE, wasmModule, type WasmModuleSources } from '../../runtime/wasm';

/** The exports of training.wat. */
export interface KernelExports {
  tableSize: WebAssembly.Global;
  softplusOffset: WebAssembly.Global;
  addTo(dst: number, src: number, rowBytes: number): void;
  trainTargets(hidden: number, grad: number, syn1: number, rowBytes: number, targets: number, flags: number, coeffs: number, count: number, alpha: number, tables: number): number;
  inferExample(
    vector: number,
    grad: number,
    syn1: number,
    rowBytes: number,
    targets: number,
    flags: number,
    coeffs: number,
    alpha: number,
    tables: number,
    word: number,
    key: number,
    negative: number,
    noise: number,
    entries: number,
  ): void;
  meanOfRows(out: number, syn0: number, rowBytes: number, words: number, count: number): void;
  foldRows(shared: number, privateRows: number, snapshot: number, count: number, rowBytes: number): void;
}

/** Where the model lies in the WebAssembly memory, in bytes; one scratch block per thread. */
export interface SimdLayout {
  /** Bytes per row: the vector size padded to a multiple of four floats. */
  rowBytes: number;
  tables: number;
  syn0: number;
  syn1: number;
  /**
   * Hierarchical softmax on several threads: the tree's last `hotRows` rows (the nodes nearest the
   * root, on every path), of which each thread trains a private copy (0 otherwise). Thread t's
   * copies lie from syn1 row `outputRows + 2 * t * hotRows`, its snapshot of them right after.
   */
  hotRows: number;
  scratch: number;
  scratchBytes: number;
}

/** The SIMD weights as they are sent to a thread: the memory (shared between threads when `shared`) and its layout. */
export interface SimdWeights {
  kind: 'simd';
  shared: boolean;
  memory: WebAssembly.Memory;
  layout: SimdLayout;
}

/** Entries per table, as kernels.wat's `tableSize`; each table holds one more (its value at 6). */
const TABLE_SIZE = 2048;
const TABLE_BYTES = align16(2 * 4 * (TABLE_SIZE + 1));
/**
 * Tree rows that each thread trains a private copy of when several threads share the model, folded
 * back every FOLD_EVERY positions and after each dispatch: the tree's last 64 rows (the 63 nodes made last, nearest the root, and
 * the unused row). Every example updates the root and the nodes just below it, so with shared rows
 * those cache lines pass between the cores on nearly every update: on 2 cores, two threads on one
 * model trained skip-gram hs 40% slower than two runs on their own. (Negative sampling's most
 * frequent words, treated the same way, gained nothing measurable: 750k against 734k words/s.)
 */
const HOT_TREE_ROWS = 64;
/**
 * Positions a thread trains between folds of its hot rows. Folding once per dispatch (16,384
 * positions a thread on 2 threads) cost half a point of analogies; every 128 cost none measurable.
 */
const FOLD_EVERY = 128;

/**
 * One thread's scratch block, byte offsets within it: CBOW's hidden vector, the gradient, the
 * example's output rows and their flags (u32 each), their coefficients (f32) and CBOW's context words (u32).
 */
function scratchParts(config: KernelConfig, rowBytes: number): { hidden: number; grad: number; targets: number; flags: number; coeffs: number; words: number; bytes: number } {
  const targets = 2 * rowBytes;
  const flags = targets + align16(4 * maxTargets(config));
  const coeffs = flags + align16(4 * maxTargets(config));
  const words = coeffs + align16(4 * maxTargets(config));
  return { hidden: 0, grad: rowBytes, targets, flags, coeffs, words, bytes: words + align16(4 * 2 * config.window) };
}

const TRAINING_MODULE: WasmModuleSources = { shared: SHARED_MODULE, plain: PLAIN_MODULE };

function instantiate(model: Pick<SimdWeights, 'memory' | 'shared'>): KernelExports {
  return instantiateWasm<KernelExports>(TRAINING_MODULE, model.memory, model.shared);
}

/** Fills the sigmoid and softplus tables: entry i holds the value at the middle of its interval of (-6, 6). */
function writeTables(memory: WebAssembly.Memory, at: number, exports: KernelExports): void {
  if (exports.tableSize.value !== TABLE_SIZE || exports.softplusOffset.value !== 4 * (TABLE_SIZE + 1)) throw new Error('training.wat and simd-training.ts disagree on the tables');
  const sigmoidTable = new Float32Array(memory.buffer, at, TABLE_SIZE + 1);
  const softplusTable = new Float32Array(memory.buffer, at + 4 * (TABLE_SIZE + 1), TABLE_SIZE + 1);
  for (let i = 0; i <= TABLE_SIZE; i++) {
    const x = Math.min(((i + 0.5) / TABLE_SIZE) * 12 - 6, 6);
    sigmoidTable[i] = clippedSigmoid(x);
    softplusTable[i] = softplus(x);
  }
}

/**
 * The training module on a memory of its own (not shared) of at least `bytes` after its sigmoid
 * and softplus tables, which it fills: `free` is the first byte after them. Null where WebAssembly
 * SIMD is missing or the memory cannot be had.
 */
export function plainTrainingModule(bytes: number): { memory: WebAssembly.Memory; exports: KernelExports; free: number } | null {
  const pages = Math.ceil((TABLE_BYTES + bytes) / WASM_PAGE);
  if (!wasmModule(TRAINING_MODULE, false) || pages > MAX_WASM_PAGES) return null;
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  } catch {
    return null;
  }
  const exports = instantiate({ memory, shared: false });
  writeTables(memory, 0, exports);
  return { memory, exports, free: TABLE_BYTES };
}

/**
 * The model in WebAssembly memory, for the SIMD kernels: rows padded to four floats, syn0 from
 * `syn0`, syn1 zero, and a scratch block for each of `threads` threads. Returns null where
 * WebAssembly SIMD (or, for several threads, shared memory) is missing, or the model does not fit
 * a WebAssembly memory: the caller then trains with the TypeScript kernels.
 */
export function createSimdWeights(config: KernelConfig, syn0: Float32Array, threads: number): SimdWeights | null {
  const shared = threads > 1;
  if (!wasmModule(TRAINING_MODULE, shared) || config.loss !== 'ns') return null;
  const rowBytes = align16(config.dim * 4);
  const matrixBytes = inputRows(config) * rowBytes;
  const scratchBytes = scratchParts(config, rowBytes).bytes;
  const syn1 = TABLE_BYTES + matrixBytes;
  const hotRows = threads > 1 && config.treeDepth > 0 ? Math.min(HOT_TREE_ROWS, config.vocabSize) : 0;
  const scratch = syn1 + (outputRows(config) + 2 * threads * hotRows) * rowBytes;
  const layout: SimdLayout = { rowBytes, tables: 0, syn0: TABLE_BYTES, syn1, hotRows, scratch, scratchBytes };
  const pages = Math.ceil((layout.scratch + threads * scratchBytes) / WASM_PAGE);
  if (pages > MAX_WASM_PAGES) return null;
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared } as WebAssembly.MemoryDescriptor);
  } catch {
    return null; // more memory than this engine gives WebAssembly
  }
  const model: SimdWeights = { kind: 'simd', shared, memory, layout };
  const exports = instantiate(model);
  writeTables(memory, layout.tables, exports);
  const rows = new Float32Array(memory.buffer, layout.syn0, matrixBytes / 4);
  const stride = rowBytes / 4;
  for (let w = 0; w < inputRows(config); w++) rows.set(syn0.subarray(w * config.dim, (w + 1) * config.dim), w * stride);
  return model;
}

/** The model's matrices, unpadded: syn0 as `inputRows x dim`, syn1 as `outputRows x dim`. */
export function readSimdWeights(model: SimdWeights, config: KernelConfig): { syn0: Float32Array; syn1: Float32Array } {
  const { layout } = model;
  const stride = layout.rowBytes / 4;
  const read = (at: number, count: number): Float32Array => {
    const rows = new Float32Array(model.memory.buffer, at, count * stride);
    if (stride === config.dim) return rows.slice();
    const out = new Float32Array(count * config.dim);
    for (let w = 0; w < count; w++) out.set(rows.subarray(w * stride, w * stride + config.dim), w * config.dim);
    return out;
  };
  return { syn0: read(layout.syn0, inputRows(config)), syn1: read(layout.syn1, outputRows(config)) };
}

/**
 * The CPU path's fast kernels: the twin's walk, with the logistic outputs' arithmetic in WebAssembly
 * SIMD on the model's memory. The sigmoid comes from a table, as in the C tool, and sums run four
 * floats at a time, so results match the twin to a small tolerance rather than bit for bit.
 */
export class SimdKernels extends CorpusWalk {
  private readonly exports: KernelExports;
  private readonly heap: Uint32Array;
  private readonly hidden: number;
  private readonly grad: number;
  private readonly rows: number;
  private readonly flags: number;
  private readonly coeffs: number;
  private readonly wordsAt: number;
  /** Tree rows from `hotFrom` on (`hotRows` of them) are hot: this thread trains them in its copies, from row `privateRows`. */
  private readonly hotRows: number;
  private readonly hotFrom: number;
  private readonly privateRows: number;
  private sinceFold = 0;

  constructor(
    config: KernelConfig,
    inputs: KernelInputs,
    private readonly model: SimdWeights,
    thread: number,
  ) {
    super(config, inputs);
    this.exports = instantiate(model);
    const { rowBytes, scratch, scratchBytes } = model.layout;
    const base = scratch + thread * scratchBytes;
    const parts = scratchParts(config, rowBytes);
    this.hidden = base + parts.hidden;
    this.grad = base + parts.grad;
    this.rows = base + parts.targets;
    this.flags = base + parts.flags;
    this.coeffs = base + parts.coeffs;
    this.wordsAt = base + parts.words;
    this.heap = new Uint32Array(model.memory.buffer);
    const { hotRows, syn1 } = model.layout;
    const rows = outputRows(config);
    this.hotRows = hotRows;
    this.hotFrom = rows - hotRows; // the tree's last rows: the nodes made last, nearest the root
    this.privateRows = rows + 2 * thread * hotRows;
    if (hotRows > 0) {
      const floats = new Float32Array(model.memory.buffer);
      const shared = floats.slice((syn1 + this.hotFrom * rowBytes) / 4, (syn1 + rows * rowBytes) / 4);
      floats.set(shared, (syn1 + this.privateRows * rowBytes) / 4);
      floats.set(shared, (syn1 + (this.privateRows + hotRows) * rowBytes) / 4);
    }
  }

  /** Runs the dispatch, then folds this thread's private hot rows into the shared ones. */
  override runDispatch(p: DispatchParams, laneStart = 0, laneEnd = p.lanes): { loss: number; examples: number } {
    const result = super.runDispatch(p, laneStart, laneEnd);
    this.fold();
    return result;
  }

  /** Folds this thread's private hot rows into the shared ones, which it then trains on. */
  private fold(): void {
    const { hotRows } = this;
    if (hotRows === 0) return;
    const { syn1, rowBytes } = this.model.layout;
    const own = syn1 + this.privateRows * rowBytes;
    this.exports.foldRows(syn1 + this.hotFrom * rowBytes, own, own + hotRows * rowBytes, hotRows, rowBytes);
    this.sinceFold = 0;
  }

  /** Points the hot rows of a tree path (`count` targets at heap index `at`) to this thread's copies. */
  private privatize(at: number, count: number): void {
    const { heap, hotFrom, privateRows } = this;
    for (let i = at; i < at + count; i++) if (heap[i]! >= hotFrom) heap[i] = privateRows + heap[i]! - hotFrom;
  }

  protected trainPosition(word: number, key: number, count: number, alpha: number): void {
    if (this.hotRows > 0 && ++this.sinceFold === FOLD_EVERY) this.fold();
    const { exports, heap, grad } = this;
    const { rowBytes, syn0, syn1, tables } = this.model.layout;
    if (this.config.cbow) {
      for (let c = 0, at = this.wordsAt >> 2; c < count; c++) heap[at + c] = this.contextWords[c]!;
      exports.meanOfRows(this.hidden, syn0, rowBytes, this.wordsAt, count);
      const targets = this.targets.write(word, key, 0, heap, this.rows >> 2, this.flags >> 2);
      if (this.hotRows > 0) this.privatize(this.rows >> 2, this.inputs.tree!.lengths[word]!);
      this.lossSum += exports.trainTargets(this.hidden, grad, syn1, rowBytes, this.rows, this.flags, this.coeffs, targets, alpha, tables);
      this.examples++;
      for (let c = 0; c < count; c++) exports.addTo(syn0 + this.contextWords[c]! * rowBytes, grad, rowBytes);
      return;
    }
    // The centre's path is every context's; only the negatives are drawn per context.
    const path = this.targets.writePath(word, heap, this.rows >> 2, this.flags >> 2);
    if (this.hotRows > 0) this.privatize(this.rows >> 2, path);
    for (let c = 0; c < count; c++) {
      const row = syn0 + this.contextWords[c]! * rowBytes;
      const targets = path + this.targets.writeNegatives(word, key, this.contextSlots[c]!, heap, (this.rows >> 2) + path, (this.flags >> 2) + path);
      this.lossSum += exports.trainTargets(row, grad, syn1, rowBytes, this.rows, this.flags, this.coeffs, targets, alpha, tables);
      this.examples++;
      exports.addTo(row, grad, rowBytes);
    }
  }
}
