// Documents from files: each file one document, or one file cut at its lines or at its blank
// lines. Files that are not text (a NUL byte, or many control characters: images, PDFs, archives)
// and documents without words are skipped and counted, never fatal.
import { Word2VecError } from '../errors';
import type { DocumentInput } from './document-index';

/** How a file becomes documents: each line, each paragraph (text between blank lines), or the whole file. */
export type SplitMode = 'lines' | 'paragraphs' | 'files';

export const SPLIT_MODES: readonly SplitMode[] = ['lines', 'paragraphs', 'files'];

/** The bytes looked at to tell text from binary. */
const SNIFF_BYTES = 8192;

export interface SkippedDocuments {
  /** Files that are not text. */
  binary: string[];
  /** Documents (or whole files) with no words. */
  empty: number;
}

/**
 * The text of a file's bytes, or null when they are not text: UTF-8 when they decode as UTF-8,
 * else Windows-1252 (Latin-1 text, as older corpora are).
 */
export function decodeText(bytes: Uint8Array): string | null {
  if (!looksLikeText(bytes.subarray(0, SNIFF_BYTES))) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Whether a file's first bytes look like text: no NUL, and control characters under 1%. */
function looksLikeText(head: Uint8Array): boolean {
  let control = 0;
  for (const b of head) {
    if (b === 0) return false;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  return control <= head.length / 100;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Collects documents from files, one file at a time, keeping count of what it skipped. */
export class DocumentCollector {
  readonly documents: DocumentInput[] = [];
  readonly skipped: SkippedDocuments = { binary: [], empty: 0 };

  constructor(readonly split: SplitMode) {
    if (!SPLIT_MODES.includes(split)) throw new Word2VecError('BAD_OPTION', `Documents split by ${SPLIT_MODES.join(', ')}, not "${split}".`);
  }

  /** Adds a file's documents; `name` becomes the id (files) or the ids' prefix, `name:line` (lines, paragraphs). */
  add(name: string, bytes: Uint8Array): void {
    const text = decodeText(bytes);
    if (text === null) {
      this.skipped.binary.push(name);
      return;
    }
    this.addText(name, text);
  }

  /** Adds a text's documents, as `add` does for a file's. */
  addText(name: string, text: string): void {
    const sink = this.sink(name);
    sink.push(text);
    sink.end();
  }

  /**
   * Adds a file's documents as `add` does, reading its bytes in chunks from `open()`, so that a
   * large file is never held whole: only its documents' texts are kept. When the bytes turn out
   * not to be UTF-8, what they gave is dropped and `open()` is read again as Windows-1252.
   */
  async addStream(name: string, open: () => AsyncIterable<Uint8Array>): Promise<void> {
    const before = { documents: this.documents.length, empty: this.skipped.empty };
    for (const encoding of ['utf-8', 'windows-1252']) {
      const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
      const sink = this.sink(name);
      // The first SNIFF_BYTES (or the whole file, if shorter) decide whether it is text at all.
      let head: Uint8Array[] | null = [];
      let headBytes = 0;
      const feed = (chunk: Uint8Array): void => sink.push(decoder.decode(chunk, { stream: true }));
      const sniffed = (): boolean => {
        const bytes = concat(head!);
        head = null;
        if (!looksLikeText(bytes.subarray(0, SNIFF_BYTES))) return false;
        feed(bytes);
        return true;
      };
      try {
        for await (const chunk of open()) {
          if (head === null) feed(chunk);
          else {
            head.push(chunk);
            headBytes += chunk.length;
            if (headBytes >= SNIFF_BYTES && !sniffed()) return void this.skipped.binary.push(name);
          }
        }
        if (head !== null && !sniffed()) return void this.skipped.binary.push(name);
        sink.push(decoder.decode());
        sink.end();
        return;
      } catch (error) {
        if (!(error instanceof TypeError) || encoding !== 'utf-8') throw error;
        this.documents.length = before.documents;
        this.skipped.empty = before.empty;
      }
    }
  }

  /** Where a file's text goes, piece by piece: cut into documents as `split` says, each kept as it ends. */
  private sink(name: string): { push(text: string): void; end(): void } {
    if (this.split === 'files') {
      const pieces: string[] = [];
      return { push: (text) => pieces.push(text), end: () => this.keep({ id: name, text: pieces.join('') }) };
    }
    let carry = '';
    let line = 0;
    let paragraph: string[] = [];
    let start = 0;
    const flush = (): void => {
      if (paragraph.length > 0) this.keep({ id: `${name}:${start}`, text: paragraph.join('\n') });
      paragraph = [];
    };
    // One line; `ended`: a newline ended it (so a carriage return before it goes too, as \r?\n splits).
    const take = (text: string, ended: boolean): void => {
      line++;
      const content = ended && text.endsWith('\r') ? text.slice(0, -1) : text;
      if (this.split === 'lines') this.keep({ id: `${name}:${line}`, text: content });
      else if (content.trim() === '') flush();
      else {
        if (paragraph.length === 0) start = line;
        paragraph.push(content);
      }
    };
    return {
      push: (text) => {
        const parts = (carry + text).split('\n');
        carry = parts.pop()!;
        for (const part of parts) take(part, true);
      },
      end: () => {
        take(carry, false);
        flush();
      },
    };
  }

  /** A line for people: how many documents, and what was skipped. */
  describe(): string {
    const parts = [`${this.documents.length} document${this.documents.length === 1 ? '' : 's'}`];
    const { binary, empty } = this.skipped;
    if (binary.length > 0)
      parts.push(`${binary.length} file${binary.length === 1 ? '' : 's'} skipped as not text (${binary.slice(0, 3).join(', ')}${binary.length > 3 ? ', …' : ''})`);
    if (empty > 0) parts.push(`${empty} empty skipped`);
    return parts.join('; ');
  }

  private keep(document: DocumentInput): void {
    if (/[\p{L}\p{N}]/u.test(document.text)) this.documents.push(document);
    else if (this.split !== 'lines' || document.text.trim() !== '') this.skipped.empty++;
  }
}
