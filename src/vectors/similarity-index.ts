import { SimdScorer } from '../cpu/simd/simd-kernels';
/** Id of an empty result slot (fewer rows than k); its score is -Infinity. */
export const NO_ROW = 0xffffffff;

/** The k best rows of each query, best first: query q's j-th result is `ids[q * k + j]`, `scores[q * k + j]`. */
export interface TopK {
  k: number;
  ids: Uint32Array;
  scores: Float32Array;
}

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

/** Queries scored together per pass over the matrix. */
const QUERY_BLOCK = 4;

/** Keeps the k best (score, id) pairs seen, fed in increasing id order. */
class BestList {
  private n = 0;

  constructor(
    private readonly k: number,
    private readonly ids: Uint32Array,
    private readonly scores: Float32Array,
    private readonly at: number,
  ) {
    ids.fill(NO_ROW, at, at + k);
    scores.fill(-Infinity, at, at + k);
  }

  offer(score: number, id: number): void {
    const { k, ids, scores, at } = this;
    if (k === 0 || (this.n === k && !(score > scores[at + k - 1]!))) return;
    let j = Math.min(this.n, k - 1);
    this.n = Math.min(this.n + 1, k);
    while (j > 0 && score > scores[at + j - 1]!) {
      scores[at + j] = scores[at + j - 1]!;
      ids[at + j] = ids[at + j - 1]!;
      j--;
    }
    scores[at + j] = score;
    ids[at + j] = id;
  }
}

/** The k best of a score row. */
export function selectTop(scores: Float32Array, k: number): TopK {
  const result = { k, ids: new Uint32Array(k), scores: new Float32Array(k) };
  const list = new BestList(k, result.ids, result.scores, 0);
  scores.forEach((s, row) => list.offer(s, row));
  return result;
}

/** The CPU twin of `GpuSimilarityIndex`, over unit rows held in memory. */
export class CpuSimilarityIndex implements SimilarityIndex {
  readonly kind = 'cpu';
  readonly rows: number;

  /** The WebAssembly SIMD scorer over the same rows, where it can run; else the scan below. */
  private readonly simd: SimdScorer | null;

  constructor(
    /** Row-major unit rows. */
    private readonly matrix: Float32Array,
    readonly dim: number,
    kernels: 'simd' | 'typescript' = 'simd',
  ) {
    this.rows = matrix.length / dim;
    this.simd = kernels === 'simd' ? SimdScorer.create(matrix, dim) : null;
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
        const n = Math.min(QUERY_BLOCK, count - first);
        const scores = this.simd.score(queries, first, n, rows);
        const plane = scores.length / QUERY_BLOCK;
        for (let t = 0; t < n; t++) for (let row = 0; row < plane; row++) use(first + t, row, scores[t * plane + row]!);
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
    const ids = new Uint32Array(count * k);
    const scores = new Float32Array(count * k);
    const lists = Array.from({ length: count }, (_, q) => new BestList(k, ids, scores, q * k));
    this.scan(queries, Math.min(rows, this.rows), (q, row, score) => lists[q]!.offer(Math.fround(score), row));
    return { k, ids, scores };
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
    return new CpuSimilarityIndex(unitRows(vectors, this.dim), this.dim, this.kernels);
  }

  destroy(): void {}
}
