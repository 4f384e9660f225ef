import { Word2VecError } from '../core/errors';
import type { TextSource } from '../core/source';
import { feedTokenizer, tokenizeSource } from './corpus';
import { UnicodeTokenizer, WhitespaceTokenizer, type TokenSink, type Tokenizer, type TokenizerName } from './tokenize';

/** The C tool's word2phrase settings. */
export interface PhraseOptions {
  /** Words and pairs rarer than this are never joined. Default 5. */
  minCount?: number;
  /** A pair is joined when its score is above this; higher means fewer phrases. Default 100. */
  threshold?: number;
  /** How text becomes words: whitespace like the C tool (default), or Unicode words, lowercased (as `train`'s `tokenizer`). */
  tokenizer?: TokenizerName;
}

function tokenizerFor(kind: PhraseOptions['tokenizer'], sink: TokenSink): Tokenizer {
  return kind === 'unicode' ? new UnicodeTokenizer(sink) : new WhitespaceTokenizer(sink);
}

/**
 * Distinct words and pairs counted before the rarest are dropped, as the C tool's ReduceVocab
 * does at 70% of its 500M-entry hash: the counts then undercount rare pairs, never frequent ones.
 */
export const MAX_PHRASE_ENTRIES = 8_000_000;

/** Counts words and adjacent pairs ("a_b") within sentences: the C tool's first word2phrase pass. */
class PairCounter implements TokenSink {
  readonly counts = new Map<string, number>();
  words = 0;
  private last: string | undefined;
  private minReduce = 1;

  word(text: string, start: number, end: number): void {
    const word = text.slice(start, end);
    this.words++;
    this.add(word);
    if (this.last !== undefined) this.add(`${this.last}_${word}`);
    this.last = word;
    if (this.counts.size > MAX_PHRASE_ENTRIES) this.reduce();
  }

  sentenceEnd(): void {
    this.last = undefined;
  }

  private add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  private reduce(): void {
    for (const [key, count] of this.counts) if (count <= this.minReduce) this.counts.delete(key);
    this.minReduce++;
  }
}

/** Rewrites the text with the C tool's second pass: each word written as " word", or "_word" joined to the one before. */
class PhraseWriter implements TokenSink {
  out = '';
  words = 0;
  joined = 0;
  private last = '';
  private previous = 0;
  private current = 0;

  constructor(private readonly phrases: Phrases) {}

  word(text: string, start: number, end: number): void {
    const word = text.slice(start, end);
    this.words++;
    const { minCount } = this.phrases;
    const count = this.phrases.count(word);
    let known = count !== undefined && this.last !== '';
    if (count !== undefined) this.current = count;
    const pair = this.phrases.count(`${this.last}_${word}`);
    if (pair === undefined || this.previous < minCount || this.current < minCount) known = false;
    // In float32 and in this order, as the C tool computes it.
    const score = known
      ? Math.fround(Math.fround(Math.fround(Math.fround(pair! - minCount) / Math.fround(this.previous)) / Math.fround(this.current)) * Math.fround(this.phrases.trainWords))
      : 0;
    if (score > this.phrases.threshold) {
      this.out += `_${word}`;
      this.joined++;
      this.current = 0; // a joined word joins nothing after it in this pass
    } else {
      this.out += ` ${word}`;
    }
    this.previous = this.current;
    this.last = word;
  }

  sentenceEnd(): void {
    this.out += '\n';
    this.last = '</s>';
  }
}

/**
 * The C tool's word2phrase: pairs of words seen together far more often than chance are joined
 * with "_" (`new york` becomes `new_york`), scored (count(ab) - minCount) / (count(a) x count(b))
 * x words; run it again on its output for longer phrases. `learnPhrases` counts a text; `apply`
 * rewrites a text (the same one, read again) in chunks.
 */
export class Phrases {
  constructor(
    private readonly counts: ReadonlyMap<string, number>,
    /** Words in the counted text. */
    readonly trainWords: number,
    readonly minCount: number,
    readonly threshold: number,
    readonly tokenizer: PhraseOptions['tokenizer'] = 'whitespace',
  ) {}

  /** Words and pairs counted at least minCount times. */
  get entries(): number {
    return this.counts.size;
  }

  /** A word's or pair's count, or undefined when it is rarer than minCount. */
  count(key: string): number | undefined {
    return this.counts.get(key);
  }

  /** The text with its phrases joined, in the C tool's layout, as chunks while it is read; `stats` counts words and joins. */
  async *apply(source: TextSource, stats: { words: number; joined: number } = { words: 0, joined: 0 }): AsyncGenerator<string> {
    const writer = new PhraseWriter(this);
    const feeding = feedTokenizer(source, tokenizerFor(this.tokenizer, writer));
    for (;;) {
      const step = await feeding.next();
      if (writer.out.length > 0) yield writer.out;
      writer.out = '';
      Object.assign(stats, { words: writer.words, joined: writer.joined });
      if (step.done) return;
    }
  }
}

/**
 * Joins phrases in `passes` rounds (the C tool's demo: thresholds 200, then 100, so that the second
 * round can join a phrase to a word or another phrase), reading `open()` for the first round and
 * the text itself after; returns the rewritten text and how many joins each round made.
 */
export async function phrases(
  open: () => TextSource,
  options: Omit<PhraseOptions, 'threshold'> & { thresholds?: readonly number[]; onPass?: (pass: number) => void } = {},
): Promise<{ text: string; joined: number[] }> {
  let text: string | undefined;
  const joined: number[] = [];
  for (const [pass, threshold] of (options.thresholds ?? [200, 100]).entries()) {
    options.onPass?.(pass);
    const counted = await learnPhrases(text ?? open(), { ...options, threshold });
    const stats = { words: 0, joined: 0 };
    const parts: string[] = [];
    for await (const chunk of counted.apply(text ?? open(), stats)) parts.push(chunk);
    text = parts.join('');
    joined.push(stats.joined);
  }
  return { text: text ?? '', joined };
}

/** Counts words and pairs in a text (read once, streamed): the first of word2phrase's two passes. */
export async function learnPhrases(source: TextSource, options: PhraseOptions = {}): Promise<Phrases> {
  const minCount = options.minCount ?? 5;
  const threshold = options.threshold ?? 100;
  if (!Number.isInteger(minCount) || minCount < 1) throw new Word2VecError('BAD_OPTION', `\`minCount\` must be a whole number of at least 1, not ${minCount}.`);
  if (!Number.isFinite(threshold)) throw new Word2VecError('BAD_OPTION', `\`threshold\` must be a number, not ${threshold}; 100 is the usual choice (higher means fewer phrases).`);
  const counter = new PairCounter();
  await tokenizeSource(source, tokenizerFor(options.tokenizer, counter));
  if (counter.words === 0) throw new Word2VecError('EMPTY_INPUT', 'The text has no words to find phrases in. Give a file with text in it.');
  for (const [key, count] of counter.counts) if (count < minCount) counter.counts.delete(key);
  return new Phrases(counter.counts, counter.words, minCount, threshold, options.tokenizer);
}
