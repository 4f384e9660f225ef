import type { SearchReply, SearchThread } from './search-thread';
import { SimdScorer } from './simd-scorer';
import { emptyTopK, mergeTopK, QUERY_BLOCK, scoreTopK, selectTop, type TopK } from './top-k';

export { NO_ROW, selectTop, type TopK } from './top-k';

/** A 3CosMul query: the vectors whose shifted cosines multiply (positive) and divide (negative). */
export interface CosmulQuery {
  positive: readonly Float32Array[];
  negative: readonly Float32Array[];
}

/**
 * Nearest-row search over unit-length rows, on the GPU (`GpuSimilarityIndex`) or the CPU
 * (`CpuSimilarityIndex`, its twin). Scores are dot products with the query vectors as given;
 * ranking is by score, higher first, then by lower row id. Only the first `rows` rows are searched.
 */
export interface SimilarityIndex {
  readonly kind: 'gpu' | 'cpu';
  readonly rows: number;
  readonly dim: number;
  /** The k best rows for each query (`queries` holds them row-major, `dim` floats each). */
  topK(queries: Float32Array, k: number, rows: number): Promise<TopK>;
  /** The score of every one of the first `rows` rows against one query. */
  scores(query: Float32Array, rows: number): Promise<Float32Array>;
  /** The k best rows by 3CosMul: prod((1 + cos) / 2) over positive / (prod over negative + 1e-6). */
  cosmulTopK(query: CosmulQuery, k: number, rows: number): Promise<TopK>;
  /** An index of the same kind (on the same device) over other vectors, made unit rows (zero rows stay zero); the caller destroys it. */
  over(vectors: Float32Array): Promise<SimilarityIndex>;
  destroy(): void;
}

/** Unit-length copies of row-major rows (a zero row stays zero). */
export function unitRows(vectors: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(vectors.length);
  for (let at = 0; at < vectors.length; at += dim) {
    let sum = 0;
    for (let d = 0; d < dim; d++) sum += vectors[at + d]! * vectors[at + d]!;
    const length = Math.sqrt(sum);
    for (let d = 0; d < dim; d++) out[at + d] = length > 0 ? vectors[at + d]! / length : 0;
  }
  return out;
}

/**
 * Threads a CPU index may search on, lent for one search at a time: those idle now, which may be
 * none. `capacity` is the most it ever lends, so that the index makes room for that many.
 */
export interface ThreadLender {
  readonly capacity: number;
  lend(): { threads: readonly SearchThread[]; giveBack(): void };
}

/** Threads lent by no one: the index searches on the caller's thread. */
const NO_THREADS: ThreadLender = { capacity: 0, lend: () => ({ threads: [], giveBack: () => {} }) };

/** Below this many (query, row) scores a search stays on the caller's thread: handing it out costs more than it saves. */
const THREADED_SCORES = 1 << 22;

export interface CpuIndexOptions {
  /** WebAssembly SIMD where it runs (the default), or the TypeScript scan, its twin. */
  kernels?: 'simd' | 'typescript';
  /** Threads that share large searches (`topK` over many queries) by rows; the caller's thread takes a share too. */
  threads?: ThreadLender;
}

/** The CPU twin of `GpuSimilarityIndex`, over unit rows held in memory. */
export class CpuSimilarityIndex implements SimilarityIndex {
  readonly kind = 'cpu';
  readonly rows: number;

  /** The WebAssembly SIMD scorer over the same rows, where it can run; else the scan below. */
  private readonly simd: SimdScorer | null;
  private readonly lender: ThreadLender;

  constructor(
    /** Row-major unit rows. */
    private readonly matrix: Float32Array,
    readonly dim: number,
    options: CpuIndexOptions = {},
  ) {
    this.rows = matrix.length / dim;
    const wanted = typeof SharedArrayBuffer === 'function' ? (options.threads?.capacity ?? 0) : 0;
    this.simd = options.kernels === 'typescript' ? null : ((wanted > 0 ? SimdScorer.create(matrix, dim, 1 + wanted) : null) ?? SimdScorer.create(matrix, dim));
    this.lender = this.simd && this.simd.share.slots > 1 ? options.threads! : NO_THREADS;
  }

  /** Which scoring runs: WebAssembly SIMD, or the TypeScript scan (its twin). */
  get kernels(): 'simd' | 'typescript' {
    return this.simd ? 'simd' : 'typescript';
  }

  /**
   * Scores blocks of 4 queries against every row (in WebAssembly SIMD, or in TypeScript against
   * pairs of rows: 8 sums in registers, so each loaded value serves 2 or 4 products) and hands
   * each score to `use(query, row, score)`.
   */
  private scan(queries: Float32Array, rows: number, use: (query: number, row: number, score: number) => void): void {
    const { dim, matrix } = this;
    const count = queries.length / dim;
    if (this.simd) {
      for (let first = 0; first < count; first += QUERY_BLOCK) {
        this.simd.scan(queries, first, Math.min(QUERY_BLOCK, count - first), 0, rows, 0, (start, n, scores, planes) =>
          planes.forEach((plane, t) => {
            for (let r = 0; r < n; r++) use(first + t, start + r, scores[plane + r]!);
          }),
        );
      }
      return;
    }
    for (let first = 0; first < count; first += QUERY_BLOCK) {
      const n = Math.min(QUERY_BLOCK, count - first);
      // Missing queries of a short last block repeat the first one; their scores are dropped.
      const [q0, q1, q2, q3] = [0, 1, 2, 3].map((t) => (first + (t < n ? t : 0)) * dim) as [number, number, number, number];
      for (let row = 0; row < rows; row += 2) {
        const m0 = row * dim;
        const pair = row + 1 < rows;
        const m1 = pair ? m0 + dim : m0;
        let a0 = 0,
          a1 = 0,
          a2 = 0,
          a3 = 0,
          b0 = 0,
          b1 = 0,
          b2 = 0,
          b3 = 0; // prettier-ignore
        for (let d = 0; d < dim; d++) {
          const u = matrix[m0 + d]!;
          const v = matrix[m1 + d]!;
          const x0 = queries[q0 + d]!;
          const x1 = queries[q1 + d]!;
          const x2 = queries[q2 + d]!;
          const x3 = queries[q3 + d]!;
          a0 += u * x0;
          a1 += u * x1;
          a2 += u * x2;
          a3 += u * x3;
          b0 += v * x0;
          b1 += v * x1;
          b2 += v * x2;
          b3 += v * x3;
        }
        const sums = [a0, a1, a2, a3, b0, b1, b2, b3];
        for (let r = 0; r < (pair ? 2 : 1); r++) {
          for (let t = 0; t < n; t++) use(first + t, row + r, sums[r * 4 + t]!);
        }
      }
    }
  }

  async topK(queries: Float32Array, k: number, rows: number): Promise<TopK> {
    const count = queries.length / this.dim;
    const n = Math.min(rows, this.rows);
    if (this.simd && this.lender.capacity > 0 && count * n >= THREADED_SCORES) {
      const lent = this.lender.lend();
      try {
        if (lent.threads.length > 0) return await this.threadedTopK(this.simd, lent.threads, queries, k, n);
      } finally {
        lent.giveBack();
      }
    }
    if (this.simd) return scoreTopK(this.simd, 0, queries, k, 0, n);
    const { result, lists } = emptyTopK(count, k);
    this.scan(queries, n, (q, row, score) => lists[q]!.offer(Math.fround(score), row));
    return result;
  }

  /** Rows split in equal ranges, one for each lent thread and one for this one, merged in row order. */
  private async threadedTopK(simd: SimdScorer, threads: readonly SearchThread[], queries: Float32Array, k: number, rows: number): Promise<TopK> {
    const shared = new Float32Array(new SharedArrayBuffer(queries.byteLength));
    shared.set(queries);
    const parts = threads.length + 1;
    const range = (i: number): [number, number] => [Math.floor((i * rows) / parts), Math.floor(((i + 1) * rows) / parts)];
    const replies = threads.map(
      (thread, i) =>
        new Promise<TopK>((resolve, reject) => {
          thread.onMessage((reply: SearchReply) =>
            'ids' in reply ? resolve({ k, ids: reply.ids, scores: reply.scores }) : reject(new Error(`A search thread failed: ${'error' in reply ? reply.error : 'no result'}`)),
          );
          thread.onFailure(reject);
          const [rowStart, rowEnd] = range(i + 1);
          thread.post({ type: 'topk', share: simd.share, slot: i + 1, queries: shared, k, rowStart, rowEnd });
        }),
    );
    const own = scoreTopK(simd, 0, queries, k, ...range(0));
    return mergeTopK([own, ...(await Promise.all(replies))], queries.length / this.dim, k);
  }

  async scores(query: Float32Array, rows: number): Promise<Float32Array> {
    const out = new Float32Array(Math.min(rows, this.rows));
    this.scan(query, out.length, (_, row, score) => (out[row] = score));
    return out;
  }

  async cosmulTopK(query: CosmulQuery, k: number, rows: number): Promise<TopK> {
    const terms = [...query.positive, ...query.negative];
    const all = await Promise.all(terms.map((t) => this.scores(t, rows)));
    const combined = new Float32Array(Math.min(rows, this.rows));
    const positives = query.positive.length;
    for (let row = 0; row < combined.length; row++) {
      let above = 1;
      let below = 1;
      all.forEach((s, t) => {
        const shifted = (1 + s[row]!) * 0.5;
        if (t < positives) above *= shifted;
        else below *= shifted;
      });
      combined[row] = above / (below + 1e-6);
    }
    return selectTop(combined, k);
  }

  async over(vectors: Float32Array): Promise<SimilarityIndex> {
    return new CpuSimilarityIndex(unitRows(vectors, this.dim), this.dim, { kernels: this.kernels, threads: this.lender });
  }

  destroy(): void {}
}
