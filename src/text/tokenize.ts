/**
 * Streaming tokenizers: text arrives in chunks of any size and leaves as words and sentence
 * ends. A word cut by a chunk boundary is carried to the next chunk; nothing is re-scanned, so a
 * single 100 MB line costs one pass.
 */

/** Longest word kept, in UTF-16 code units; the rest of a longer word is dropped (C: MAX_STRING). */
export const MAX_WORD_LENGTH = 100;

export interface TokenSink {
  word(word: string): void;
  sentenceEnd(): void;
}

export interface Tokenizer {
  push(text: string): void;
  end(): void;
}

/** Splits like the C tool: words end at space, tab and newline; a newline also ends the sentence; CR is ignored. */
export class WhitespaceTokenizer implements Tokenizer {
  private pending = '';

  constructor(private readonly sink: TokenSink) {}

  push(text: string): void {
    if (text.includes('\r')) text = text.replaceAll('\r', '');
    const n = text.length;
    let start = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10) continue;
      this.emit(start, i, text);
      if (c === 10) this.sink.sentenceEnd();
      start = i + 1;
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
    let word = this.pending;
    this.pending = '';
    if (end > start) word += text.slice(start, Math.min(end, start + MAX_WORD_LENGTH));
    if (word.length > 0) this.sink.word(word.length > MAX_WORD_LENGTH ? word.slice(0, MAX_WORD_LENGTH) : word);
  }
}

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
      for (const s of this.segmenter.segment(line)) {
        if (s.isWordLike) this.sink.word(s.segment.toLowerCase().slice(0, MAX_WORD_LENGTH));
      }
    });
  }
}
