// The k best rows of each query: kept as scores arrive, merged from row ranges scored apart (by threads).
import type { SimdScorer } from './simd-scorer';

/** Id of an empty result slot (fewer rows than k); its score is -Infinity. */
export const NO_ROW = 0xffffffff;

/** The k best rows of each query, best first: query q's j-th result is `ids[q * k + j]`, `scores[q * k + j]`. */
export interface TopK {
  k: number;
  ids: Uint32Array;
  scores: Float32Array;
}

/** Keeps the k best (score, id) pairs offered; of equal scores, the one offered first ranks first. */
export class BestList {
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

  /** The score a new pair must beat to get in: the k-th best once there are k, else -Infinity. */
  get floor(): number {
    return this.n === this.k ? this.scores[this.at + this.k - 1]! : -Infinity;
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

/** An empty result for `count` queries, and a list per query to fill it. */
export function emptyTopK(count: number, k: number): { result: TopK; lists: BestList[] } {
  const result = { k, ids: new Uint32Array(count * k), scores: new Float32Array(count * k) };
  return { result, lists: Array.from({ length: count }, (_, q) => new BestList(k, result.ids, result.scores, q * k)) };
}

/** The k best of a score row. */
export function selectTop(scores: Float32Array, k: number): TopK {
  const { result, lists } = emptyTopK(1, k);
  scores.forEach((s, row) => lists[0]!.offer(s, row));
  return result;
}

/** Queries scored together per pass over the rows. */
export const QUERY_BLOCK = 4;

/** The k best of rows `rowStart` to `rowEnd - 1` for every query (row-major, `dim` floats each), scored in WebAssembly SIMD in `slot`'s room. */
export function scoreTopK(scorer: SimdScorer, slot: number, queries: Float32Array, k: number, rowStart: number, rowEnd: number): TopK {
  const count = queries.length / scorer.share.dim;
  const { result, lists } = emptyTopK(count, k);
  for (let first = 0; first < count; first += QUERY_BLOCK) {
    scorer.scan(queries, first, Math.min(QUERY_BLOCK, count - first), rowStart, rowEnd, slot, (start, n, scores, planes) => {
      planes.forEach((plane, t) => {
        const list = lists[first + t]!;
        // Most scores miss the list: one comparison each, against the floor kept in a local.
        let floor = list.floor;
        for (let r = 0; r < n; r++) {
          const score = scores[plane + r]!;
          if (score > floor) {
            list.offer(score, start + r);
            floor = list.floor;
          }
        }
      });
    });
  }
  return result;
}

/**
 * One result from the results of consecutive row ranges (in row order), each for the same `count`
 * queries: what one search over all the rows gives, equal scores still ranked by the lower id.
 */
export function mergeTopK(parts: readonly TopK[], count: number, k: number): TopK {
  const { result, lists } = emptyTopK(count, k);
  for (const part of parts) {
    for (let q = 0; q < count; q++) {
      for (let j = 0; j < part.k; j++) {
        const id = part.ids[q * part.k + j]!;
        if (id !== NO_ROW) lists[q]!.offer(part.scores[q * part.k + j]!, id);
      }
    }
  }
  return result;
}
