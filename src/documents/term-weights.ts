// TF-IDF bags of words: what exact word overlap says about two documents, which word vectors
// blur. Sublinear term frequency 1 + ln(tf) times a smoothed inverse document frequency
// ln((1 + N) / (1 + df)) + 1, scaled to unit length, so that the dot of two bags is their cosine.

/** A document's words as sorted term ids and their weights, unit length. */
export interface TermBag {
  terms: Uint32Array;
  weights: Float32Array;
}

/** Each word's inverse document frequency in a collection; words it never saw weigh as the rarest. */
export class TermWeights {
  private readonly ids = new Map<string, number>();
  private readonly words: string[] = [];
  private readonly idf: number[] = [];

  private constructor(private readonly unseen: number) {}

  /** The weights of the words of `documents` (each a list of words). */
  static fit(documents: readonly (readonly string[])[]): TermWeights {
    const frequency = new Map<string, number>();
    for (const words of documents) for (const word of new Set(words)) frequency.set(word, (frequency.get(word) ?? 0) + 1);
    const n = documents.length;
    const weights = new TermWeights(Math.log(1 + n) + 1);
    for (const [word, df] of frequency) weights.add(word, Math.log((1 + n) / (1 + df)) + 1);
    return weights;
  }

  /** Whether the collection has the word (it has a term id). */
  has(word: string): boolean {
    return this.ids.has(word);
  }

  /** The words with a term id. */
  get terms(): number {
    return this.idf.length;
  }

  private add(word: string, idf: number): number {
    const id = this.idf.length;
    this.ids.set(word, id);
    this.words.push(word);
    this.idf.push(idf);
    return id;
  }

  /**
   * The bag of a list of words; an empty list gives an empty bag. A word the collection never saw
   * gets a term id when `remember` is on (a document joining the index, so that later documents
   * can share it); a query's own such words count in its length but match nothing.
   */
  bag(words: readonly string[], remember = true): TermBag {
    const counts = new Map<number, number>();
    const strangers = new Map<string, number>();
    for (const word of words) {
      const id = this.ids.get(word) ?? (remember ? this.add(word, this.unseen) : undefined);
      if (id === undefined) strangers.set(word, (strangers.get(word) ?? 0) + 1);
      else counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const terms = Uint32Array.from(counts.keys()).sort();
    const weights = Float32Array.from(terms, (id) => (1 + Math.log(counts.get(id)!)) * this.idf[id]!);
    let squares = 0;
    for (const w of weights) squares += w * w;
    for (const count of strangers.values()) squares += ((1 + Math.log(count)) * this.unseen) ** 2;
    const norm = Math.sqrt(squares);
    if (norm > 0) for (let i = 0; i < weights.length; i++) weights[i]! /= norm;
    return { terms, weights };
  }

  /** The word of a term id. */
  word(id: number): string {
    const word = this.words[id];
    if (word === undefined) throw new Error(`TermWeights.word: no term ${id}`);
    return word;
  }
}

/** The cosine of two bags: the dot of their weights over the terms they share. */
export function bagDot(a: TermBag, b: TermBag): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < a.terms.length && j < b.terms.length) {
    const x = a.terms[i]!;
    const y = b.terms[j]!;
    if (x === y) dot += a.weights[i++]! * b.weights[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return dot;
}
