import { Word2VecError } from '../core/errors';
import { quoted } from './printable';

/** Marks a sentence boundary in an id sequence; never a word id. */
export const SENTENCE_END = 0xffffffff;

/** Words sorted by descending count (ties in order of first appearance), with O(1) lookup. */
export class Vocabulary {
  private readonly index = new Map<string, number>();

  constructor(
    readonly words: readonly string[],
    readonly counts: readonly number[],
  ) {
    words.forEach((w, i) => this.index.set(w, i));
  }

  get size(): number {
    return this.words.length;
  }

  /** The id of a word, or undefined when it is not in the vocabulary. */
  id(word: string): number | undefined {
    return this.index.get(word);
  }

  /** The C tool's `-save-vocab` format: `word count` per line, most frequent first. */
  toText(): string {
    return this.words.map((w, i) => `${w} ${this.counts[i]}\n`).join('');
  }

  /** Reads the `-save-vocab` format back (the C tool's `</s>` line is skipped). */
  static fromText(text: string, source = 'vocabulary file'): Vocabulary {
    const words: string[] = [];
    const counts: number[] = [];
    text.split('\n').forEach((raw, i) => {
      const line = raw.replace(/\r$/, '');
      if (line.trim() === '') return;
      const parts = line.split(' ');
      const count = Number(parts[1]);
      if (parts.length !== 2 || !Number.isInteger(count) || count < 0) {
        if (line.includes('\u0000') || line.includes('\ufffd'))
          throw new Word2VecError('FILE', `${source} is not a vocabulary file: line ${i + 1} has binary bytes. Give the file that \`saveVocab\` wrote.`);
        throw new Word2VecError('FILE', `${source}, line ${i + 1}: expected "word count", got ${quoted(line.slice(0, 40))}. Write it with \`saveVocab\`.`);
      }
      if (parts[0] !== '</s>') {
        words.push(parts[0]!);
        counts.push(count);
      }
    });
    return new Vocabulary(words, counts);
  }
}

/** Limits applied when the counts are final. */
export interface VocabularyLimits {
  minCount: number;
  maxFinalVocab?: number;
}

/**
 * The effective minimum count: `minCount`, raised as gensim does until at most `maxFinalVocab`
 * words remain.
 */
export function effectiveMinCount(counts: ArrayLike<number>, limits: VocabularyLimits): number {
  const { minCount, maxFinalVocab } = limits;
  if (maxFinalVocab === undefined || counts.length <= maxFinalVocab) return minCount;
  const sorted = Float64Array.from(counts).sort().reverse();
  return Math.max(minCount, sorted[maxFinalVocab]! + 1);
}
