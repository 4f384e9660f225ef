import { Word2VecError } from '../errors';

/** A word and its cosine similarity to the query. */
export interface Neighbour {
  word: string;
  similarity: number;
}

export interface MostSimilarQuery {
  positive?: readonly (string | Float32Array)[];
  negative?: readonly (string | Float32Array)[];
  topn?: number;
}

/** Words and their vectors, apart from any trainer: gensim's KeyedVectors. */
export class KeyedVectors {
  readonly keyToIndex: ReadonlyMap<string, number>;
  private normed: Float32Array | undefined;

  constructor(
    readonly indexToKey: readonly string[],
    /** Row-major, `indexToKey.length` x `vectorSize`. */
    readonly vectors: Float32Array,
    readonly vectorSize: number,
  ) {
    if (vectors.length !== indexToKey.length * vectorSize) {
      throw new Error(`KeyedVectors: ${indexToKey.length} words x ${vectorSize} needs ${indexToKey.length * vectorSize} values, got ${vectors.length}`);
    }
    this.keyToIndex = new Map(indexToKey.map((w, i) => [w, i]));
  }

  get size(): number {
    return this.indexToKey.length;
  }

  has(word: string): boolean {
    return this.keyToIndex.has(word);
  }

  private indexOf(word: string): number {
    const i = this.keyToIndex.get(word);
    if (i === undefined) throw new Word2VecError('BAD_OPTION', `"${word}" is not in the vocabulary (${this.size} words). Check the spelling, or train with a lower minCount.`);
    return i;
  }

  /** Unit-length copy of every row (computed once). */
  normalized(): Float32Array {
    if (!this.normed) {
      const d = this.vectorSize;
      const out = new Float32Array(this.vectors.length);
      for (let r = 0; r < this.size; r++) {
        let sum = 0;
        for (let k = 0; k < d; k++) sum += this.vectors[r * d + k]! ** 2;
        const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
        for (let k = 0; k < d; k++) out[r * d + k] = this.vectors[r * d + k]! * scale;
      }
      this.normed = out;
    }
    return this.normed;
  }

  /** A word's vector (a copy), unit length with `norm: true`. */
  getVector(word: string, options: { norm?: boolean } = {}): Float32Array {
    const i = this.indexOf(word);
    const source = options.norm ? this.normalized() : this.vectors;
    return source.slice(i * this.vectorSize, (i + 1) * this.vectorSize);
  }

  /** Cosine similarity of two words. */
  similarity(a: string, b: string): number {
    const x = this.getVector(a, { norm: true });
    const y = this.getVector(b, { norm: true });
    let dot = 0;
    for (let k = 0; k < this.vectorSize; k++) dot += x[k]! * y[k]!;
    return dot;
  }

  /** 3CosAdd: the words nearest the mean of the positive unit vectors minus the negative ones; query words excluded. */
  mostSimilar(query: MostSimilarQuery): Neighbour[] {
    const { positive = [], negative = [], topn = 10 } = query;
    const d = this.vectorSize;
    const normed = this.normalized();
    const mean = new Float64Array(d);
    const exclude = new Set<number>();
    const add = (item: string | Float32Array, sign: number): void => {
      const v = typeof item === 'string' ? this.getVector(item, { norm: true }) : item;
      if (typeof item === 'string') exclude.add(this.indexOf(item));
      for (let k = 0; k < d; k++) mean[k]! += sign * v[k]!;
    };
    positive.forEach((w) => add(w, 1));
    negative.forEach((w) => add(w, -1));
    if (positive.length + negative.length === 0) throw new Word2VecError('BAD_OPTION', 'mostSimilar needs at least one positive or negative word.');
    let length = 0;
    for (let k = 0; k < d; k++) length += mean[k]! ** 2;
    const scale = length > 0 ? 1 / Math.sqrt(length) : 0;
    const scores: Neighbour[] = [];
    for (let r = 0; r < this.size; r++) {
      if (exclude.has(r)) continue;
      let dot = 0;
      for (let k = 0; k < d; k++) dot += normed[r * d + k]! * mean[k]!;
      scores.push({ word: this.indexToKey[r]!, similarity: dot * scale });
    }
    scores.sort((a, b) => b.similarity - a.similarity);
    return scores.slice(0, topn);
  }

  /** 1-based rank of `other` among the words nearest `word` (gensim `rank`). */
  rank(word: string, other: string): number {
    const target = this.indexOf(other);
    const all = this.mostSimilar({ positive: [word], topn: this.size });
    return all.findIndex((n) => n.word === this.indexToKey[target]) + 1;
  }
}
