/**
 * Streaming tokenizers: text arrives in chunks of any size and leaves as words and sentence
 * ends. A word cut by a chunk boundary is carried to the next chunk; nothing is re-scanned, so a
 * single 100 MB line costs one pass.
 */

/** Longest word kept, in UTF-16 code units; the rest of a longer word is dropped (C: MAX_STRING). */
export const MAX_WORD_LENGTH = 100;

/** How a text is cut into words: the C tool's whitespace rule (case kept), or Unicode's word boundaries (lower-cased). */
export type TokenizerName = 'whitespace' | 'unicode';

export const TOKENIZERS: readonly TokenizerName[] = ['whitespace', 'unicode'];

export interface TokenSink {
  /** A word: `text` from `start` to `end` (UTF-16 code units, at most MAX_WORD_LENGTH of them). */
  word(text: string, start: number, end: number): void;
  sentenceEnd(): void;
}

export interface Tokenizer {
  push(text: string): void;
  end(): void;
}

/** Where `char` next occurs in `text` from `from` on; the text's length when it does not. */
function nextOf(text: string, char: string, from: number): number {
  const at = text.indexOf(char, from);
  return at < 0 ? text.length : at;
}

/** Splits like the C tool: words end at space, tab and newline; a newline also ends the sentence; CR is ignored. */
export class WhitespaceTokenizer implements Tokenizer {
  private pending = '';

  constructor(private readonly sink: TokenSink) {}

  push(text: string): void {
    if (text.includes('\r')) text = text.replaceAll('\r', '');
    const n = text.length;
    // The next space, tab and newline, each found with the engine's native search and looked for again
    // only once passed: every character is searched once per delimiter, however they mix.
    let space = -1;
    let tab = -1;
    let newline = -1;
    let start = 0;
    for (;;) {
      if (space < start) space = nextOf(text, ' ', start);
      if (tab < start) tab = nextOf(text, '\t', start);
      if (newline < start) newline = nextOf(text, '\n', start);
      const end = Math.min(space, tab, newline);
      if (end === n) break;
      this.emit(start, end, text);
      if (end === newline) this.sink.sentenceEnd();
      start = end + 1;
    }
    if (start < n) {
      const room = MAX_WORD_LENGTH - this.pending.length;
      if (room > 0) this.pending += text.slice(start, Math.min(n, start + room));
    }
  }

  end(): void {
    this.emit(0, 0, '');
  }

  private emit(start: number, end: number, text: string): void {
    if (this.pending.length === 0) {
      // The common case, a word within one chunk: passed without copying it out.
      if (end > start) this.sink.word(text, start, Math.min(end, start + MAX_WORD_LENGTH));
      return;
    }
    const word = (this.pending + text.slice(start, Math.min(end, start + MAX_WORD_LENGTH))).slice(0, MAX_WORD_LENGTH);
    this.pending = '';
    this.sink.word(word, 0, word.length);
  }
}

/**
 * Characters given to Intl.Segmenter at a time, cut at whitespace where there is some within four
 * times as many (text without spaces is cut there, at the cost of a word now and then). Measured on
 * 0.4 MB: pieces of 1,024 took 0.13 s, of 16,384 0.8 s, the whole text 58 s.
 */
const SEGMENT_PIECE = 1024;

/** Unicode word segmentation (`Intl.Segmenter`), lowercased, for languages without spaces; newlines end sentences. */

export class UnicodeTokenizer implements Tokenizer {
  private pending = '';
  private readonly segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

  constructor(private readonly sink: TokenSink) {}

  push(text: string): void {
    const all = this.pending + text;
    // Hold back the tail after the last whitespace: a word may continue in the next chunk.
    let cut = all.length;
    while (cut > 0 && !/\s/.test(all[cut - 1]!)) cut--;
    if (cut === 0 && all.length < 1 << 16) {
      this.pending = all;
      return;
    }
    if (cut === 0) cut = all.length; // no whitespace in 64 KiB: segment it all rather than grow
    this.pending = all.slice(cut);
    this.segment(all.slice(0, cut));
  }

  end(): void {
    this.segment(this.pending);
    this.pending = '';
  }

  private segment(text: string): void {
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (i > 0) this.sink.sentenceEnd();
      // Intl.Segmenter's time grows faster than the text's length (Node 20: 0.1 MB in 1 s, 0.4 MB
      // in 58 s), so a long line goes to it in pieces of about SEGMENT_PIECE characters, cut at whitespace.
      for (let at = 0; at < line.length; ) {
        let end = Math.min(line.length, at + SEGMENT_PIECE);
        const limit = Math.min(line.length, at + 4 * SEGMENT_PIECE);
        while (end < limit && !/\s/.test(line[end]!)) end++;
        for (const s of this.segmenter.segment(line.slice(at, end))) {
          if (!s.isWordLike) continue;
          const word = s.segment.toLowerCase();
          this.sink.word(word, 0, Math.min(word.length, MAX_WORD_LENGTH));
        }
        at = end;
      }
    });
  }
}
