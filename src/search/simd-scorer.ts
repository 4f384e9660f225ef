import { align16, instantiateWasm, MAX_WASM_PAGES, WASM_PAGE, wasmModule, type WasmModuleSources } from '../runtime/wasm';
import { PLAIN_MODULE, SHARED_MODULE } from './score-rows-wasm';

/** The exports of score-rows.wat. */
interface ScoreExports {
  scoreRows(queries: number, matrix: number, rows: number, rowBytes: number, out: number): void;
}

const SCORE_MODULE: WasmModuleSources = { shared: SHARED_MODULE, plain: PLAIN_MODULE };

/** Rows scored per call of `scoreRows`: each slot's output holds 4 queries' scores of this many rows. */
const SCORE_CHUNK = 2048;

/**
 * A scorer's memory as it is sent to another thread: the unit rows, padded to whole vec4s, then one
 * slot per thread (4 query rows and 4 x SCORE_CHUNK scores). `id` tells a thread that it has this
 * memory's instance already.
 */
export interface ScorerShare {
  id: number;
  memory: WebAssembly.Memory;
  dim: number;
  rows: number;
  slots: number;
}

let nextScorerId = 1;

/**
 * The CPU similarity index's scoring in WebAssembly SIMD: the unit rows in a memory of their own
 * (shared, when several threads score them), scored four queries at a time (`scoreRows` in
 * score-rows.wat). Sums run four floats at a time, so scores match the TypeScript scan to float32
 * rounding, not bit for bit; every thread computes each score the same way.
 */
export class SimdScorer {
  private readonly exports: ScoreExports;
  private readonly rowBytes: number;

  private constructor(readonly share: ScorerShare) {
    this.rowBytes = align16(share.dim * 4);
    this.exports = instantiateWasm<ScoreExports>(SCORE_MODULE, share.memory, share.slots > 1);
  }

  /**
   * A scorer over `matrix` (row-major, `dim` floats a row) with `slots` threads' room (shared memory
   * when more than one), or null where WebAssembly SIMD (or shared memory) is missing or the rows do
   * not fit its memory.
   */
  static create(matrix: Float32Array, dim: number, slots = 1): SimdScorer | null {
    const shared = slots > 1;
    if (!wasmModule(SCORE_MODULE, shared)) return null;
    const rowBytes = align16(dim * 4);
    const rows = matrix.length / dim;
    const pages = Math.ceil((rows * rowBytes + slots * slotBytes(rowBytes)) / WASM_PAGE);
    if (pages > MAX_WASM_PAGES) return null;
    let memory: WebAssembly.Memory;
    try {
      memory = new WebAssembly.Memory({ initial: Math.max(1, pages), maximum: Math.max(1, pages), shared } as WebAssembly.MemoryDescriptor);
    } catch {
      return null;
    }
    const padded = new Float32Array(memory.buffer, 0, (rows * rowBytes) / 4);
    const stride = rowBytes / 4;
    for (let r = 0; r < rows; r++) padded.set(matrix.subarray(r * dim, (r + 1) * dim), r * stride);
    return new SimdScorer({ id: nextScorerId++, memory, dim, rows, slots });
  }

  /** The scorer of a share made in another thread. */
  static attach(share: ScorerShare): SimdScorer {
    return new SimdScorer(share);
  }

  /**
   * Scores queries `first` to `first + count - 1` (at most 4) of `queries` (row-major, `dim` floats
   * each) against rows `rowStart` to `rowEnd - 1`, in `slot`'s room, by chunks of rows: for each
   * chunk, `chunk(start, n, scores, planes)` gets the chunk's first row and row count, and query t's
   * score of row `start + r` at `scores[planes[t] + r]` (overwritten by the next chunk).
   */
  scan(
    queries: Float32Array,
    first: number,
    count: number,
    rowStart: number,
    rowEnd: number,
    slot: number,
    chunk: (start: number, n: number, scores: Float32Array, planes: readonly number[]) => void,
  ): void {
    const { rowBytes, share } = this;
    const { dim } = share;
    const stride = rowBytes / 4;
    const base = share.rows * rowBytes + slot * slotBytes(rowBytes);
    const room = new Float32Array(share.memory.buffer, base, slotBytes(rowBytes) / 4);
    // Interleaved as scoreRows reads them: floats 4i to 4i + 3 of query t at 16i + 4t; the padding zero.
    room.fill(0, 0, 4 * stride);
    for (let t = 0; t < 4; t++) {
      const at = first + (t < count ? t : 0); // a short block repeats its first query
      for (let d = 0; d < dim; d++) room[16 * (d >> 2) + 4 * t + (d & 3)] = queries[at * dim + d]!;
    }
    const planes = [0, 1, 2, 3].slice(0, count);
    for (let start = rowStart; start < rowEnd; start += SCORE_CHUNK) {
      const n = Math.min(SCORE_CHUNK, rowEnd - start);
      this.exports.scoreRows(base, start * rowBytes, n, rowBytes, base + 4 * rowBytes);
      for (let t = 0; t < count; t++) planes[t] = 4 * stride + t * n;
      chunk(start, n, room, planes);
    }
  }
}

/** Bytes of one thread's room in a scorer's memory: 4 query rows and their scores of a chunk of rows. */
function slotBytes(rowBytes: number): number {
  return 4 * rowBytes + 16 * SCORE_CHUNK;
}
