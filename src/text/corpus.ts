import { Word2VecError } from '../core/errors';
import { chunksOf, type TextSource } from '../core/source';
import { UnicodeTokenizer, WhitespaceTokenizer, type TokenSink, type Tokenizer, type TokenizerName } from './tokenize';
import { SENTENCE_END, Vocabulary, effectiveMinCount, type VocabularyLimits } from './vocabulary';
import { WordTable } from './word-table';

export type { TextSource };

/** A corpus ready to train on: the vocabulary and the text as word ids. */
export interface PreparedCorpus {
  vocabulary: Vocabulary;
  /** Word ids in text order, `SENTENCE_END` between sentences; out-of-vocabulary words are left out. */
  ids: Uint32Array;
  /** In-vocabulary words in `ids` (sentence ends not counted). */
  wordCount: number;
  /** Words read before the vocabulary was cut. */
  rawWordCount: number;
  /** Share of decoded characters that were invalid UTF-8 (replaced by U+FFFD). */
  invalidShare: number;
}

export interface PrepareOptions extends VocabularyLimits {
  tokenizer?: TokenizerName;
  /** Use this vocabulary (C `-read-vocab`) instead of counting one; its words still need `minCount`. */
  vocabulary?: Vocabulary;
  /** This machine's memory in bytes: reading stops with TOO_LARGE_FOR_DEVICE before the corpus's ids take more than MEMORY_SHARE of it. */
  memoryBytes?: number;
}

/** Share of the machine's memory (`memoryBytes`) that a run may take: the corpus and the matrices. */
export const MEMORY_SHARE = 0.8;

/** Memory in MiB, for messages. */
export function mib(bytes: number): string {
  return `${Math.ceil(bytes / 2 ** 20).toLocaleString('en')} MiB`;
}

/** A growable Uint32Array that, given a budget, stops before a growth would take more than it. */
class IdBuffer {
  data = new Uint32Array(1 << 16);
  length = 0;

  constructor(private readonly budgetBytes = Infinity) {}

  push(id: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = id;
  }

  private grow(): void {
    // While it grows, the old array and the new one are both held.
    const peak = this.data.length * 3 * 4;
    if (peak > this.budgetBytes) {
      throw new Word2VecError(
        'TOO_LARGE_FOR_DEVICE',
        `The training text is too large to hold in memory: after ${this.length.toLocaleString('en')} words and sentence ends (${mib(this.length * 4)} as word ids, which would grow to ${mib(peak)}), it passes ${MEMORY_SHARE * 100}% of this machine's memory (${mib(this.budgetBytes / MEMORY_SHARE)}). Train on a part of the text, or on a machine with more memory.`,
      );
    }
    const grown = new Uint32Array(this.data.length * 2);
    grown.set(this.data);
    this.data = grown;
  }
}

/** Counts words while recording each as a provisional id, so the text is read once and never kept. */
class CountingSink implements TokenSink {
  readonly ids: IdBuffer;
  readonly counts: number[] = [];
  rawWords = 0;
  private readonly table = new WordTable();

  constructor(budgetBytes?: number) {
    this.ids = new IdBuffer(budgetBytes);
  }

  get words(): string[] {
    return this.table.words;
  }

  word(text: string, start: number, end: number): void {
    this.rawWords++;
    const id = this.table.idOf(text, start, end);
    if (id === this.counts.length) this.counts.push(0);
    this.counts[id]!++;
    this.ids.push(id);
  }

  sentenceEnd(): void {
    this.ids.push(SENTENCE_END);
  }
}

/** Encodes against a fixed vocabulary; unknown words are counted and dropped. */
class EncodingSink implements TokenSink {
  readonly ids: IdBuffer;
  rawWords = 0;

  constructor(
    private readonly vocabulary: Vocabulary,
    budgetBytes?: number,
  ) {
    this.ids = new IdBuffer(budgetBytes);
  }

  word(text: string, start: number, end: number): void {
    this.rawWords++;
    const id = this.vocabulary.id(text.slice(start, end));
    if (id !== undefined) this.ids.push(id);
  }

  sentenceEnd(): void {
    this.ids.push(SENTENCE_END);
  }
}

/** Characters that mark binary input: U+FFFD (an invalid UTF-8 byte) and NUL. */
function countNonText(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || c === 0) n++;
  }
  return n;
}

/** Above this share of non-text characters the input is taken for a binary file. */
const MAX_NON_TEXT_SHARE = 0.1;
/** Characters after which the input is judged once, so that a large binary file is not read through. */
const SNIFF_CHARS = 1 << 16;

function checkText(chars: number, invalid: number): void {
  const share = chars > 0 ? invalid / chars : 0;
  if (share > MAX_NON_TEXT_SHARE) {
    throw new Word2VecError('NOT_TEXT', `The input does not look like UTF-8 text: ${(share * 100).toFixed(0)}% of it is invalid or NUL bytes. Give a plain-text file (UTF-8).`);
  }
}

/**
 * Streams the text through the tokenizer, pausing (yielding) after each chunk; returns characters
 * seen and invalid ones. Stops with NOT_TEXT when the input looks binary: judged on its first
 * SNIFF_CHARS characters, and on the whole.
 */
export async function* feedTokenizer(source: TextSource, tokenizer: Tokenizer): AsyncGenerator<void, { chars: number; invalid: number }> {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let chars = 0;
  let invalid = 0;
  const feed = (text: string): void => {
    const before = chars;
    chars += text.length;
    if (text.includes('\ufffd') || text.includes('\0')) invalid += countNonText(text);
    if (before < SNIFF_CHARS && chars >= SNIFF_CHARS) checkText(chars, invalid);
    tokenizer.push(text);
  };
  for await (const chunk of chunksOf(source)) {
    feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    yield;
  }
  feed(decoder.decode());
  checkText(chars, invalid);
  tokenizer.end();
  return { chars, invalid };
}

/** The whole text through the tokenizer (`feedTokenizer` without pauses). */
export async function tokenizeSource(source: TextSource, tokenizer: Tokenizer): Promise<{ chars: number; invalid: number }> {
  const feeding = feedTokenizer(source, tokenizer);
  for (;;) {
    const step = await feeding.next();
    if (step.done) return step.value;
  }
}

/**
 * Keeps the ids of surviving words (remapped), drops the rest, and collapses repeated sentence
 * ends, in place (no second copy of the corpus).
 */
function remap(ids: IdBuffer, newId: Int32Array): { ids: Uint32Array; wordCount: number } {
  const out = ids.data;
  let n = 0;
  let words = 0;
  for (let i = 0; i < ids.length; i++) {
    const old = ids.data[i]!;
    if (old === SENTENCE_END) {
      if (n > 0 && out[n - 1] !== SENTENCE_END) out[n++] = SENTENCE_END;
      continue;
    }
    const id = newId[old]!;
    if (id >= 0) {
      out[n++] = id;
      words++;
    }
  }
  if (n > 0 && out[n - 1] === SENTENCE_END) n--;
  // A copy of the right size only where it is much smaller than the buffer.
  return { ids: n * 2 < out.length ? out.slice(0, n) : out.subarray(0, n), wordCount: words };
}

function noVocabularyError(words: readonly string[], counts: readonly number[], minCount: number): Word2VecError {
  let best = -1;
  counts.forEach((c, i) => {
    if (best < 0 || c > counts[best]!) best = i;
  });
  const most = best >= 0 ? ` (the most frequent word, "${words[best]!.slice(0, 30)}", occurs ${counts[best]} times)` : '';
  return new Word2VecError('NO_VOCABULARY', `No word occurs at least ${minCount} times${most}. Lower \`minCount\` (to 1) or give more text.`);
}

/** Reads the text once: tokenizes, counts, cuts and sorts the vocabulary, and encodes the text as ids. */
export async function prepareCorpus(source: TextSource, options: PrepareOptions): Promise<PreparedCorpus> {
  const given = options.vocabulary;
  const budget = options.memoryBytes === undefined ? undefined : MEMORY_SHARE * options.memoryBytes;
  const sink = given ? new EncodingSink(given, budget) : new CountingSink(budget);
  const tokenizer = options.tokenizer === 'unicode' ? new UnicodeTokenizer(sink) : new WhitespaceTokenizer(sink);
  const { chars, invalid } = await tokenizeSource(source, tokenizer);
  const invalidShare = chars > 0 ? invalid / chars : 0;

  const words = given ? given.words : (sink as CountingSink).words;
  const counts = given ? given.counts : (sink as CountingSink).counts;
  const rawWordCount = sink.rawWords;
  if (rawWordCount === 0 || (!given && words.length === 0)) {
    throw new Word2VecError('EMPTY_INPUT', 'The training text has no words. Give a file with text in it.');
  }

  const minCount = effectiveMinCount(counts, options);
  const order = [...words.keys()].filter((i) => counts[i]! >= minCount);
  order.sort((a, b) => counts[b]! - counts[a]! || a - b);
  if (order.length === 0) throw noVocabularyError(words, counts, minCount);

  const newId = new Int32Array(words.length).fill(-1);
  order.forEach((old, i) => (newId[old] = i));
  const vocabulary = new Vocabulary(
    order.map((i) => words[i]!),
    order.map((i) => counts[i]!),
  );
  const { ids, wordCount } = remap(sink.ids, newId);
  if (wordCount === 0) {
    throw new Word2VecError(
      'NO_VOCABULARY',
      'None of the words in the text is in the given vocabulary. Check `vocabulary`, or leave it out to count the vocabulary from the text.',
    );
  }
  return { vocabulary, ids, wordCount, rawWordCount, invalidShare };
}
