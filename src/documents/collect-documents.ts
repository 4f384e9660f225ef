// Documents from files: each file one document, or one file cut at its lines or at its blank
// lines. Files that are not text (a NUL byte, or many control characters: images, PDFs, archives)
// and documents without words are skipped and counted, never fatal.
import { Word2VecError } from '../core/errors';
import { concatBytes } from '../core/source';
import type { DocumentInput } from './document-index';

/** How a file becomes documents: each line, each paragraph (text between blank lines), or the whole file. */
export type SplitMode = 'lines' | 'paragraphs' | 'files';

/** How a text is split into documents: a line each, a paragraph each (empty lines between), or a file each. */
export const SPLIT_MODES: readonly SplitMode[] = ['lines', 'paragraphs', 'files'];

/** The bytes looked at to tell text from binary. */
const SNIFF_BYTES = 8192;

/**
 * The longest document kept, in characters (about 2 million words): the rest of a longer one (a
 * whole book as one line, a file that is one line) is cut off and counted, never held.
 */
export const MAX_DOCUMENT_CHARS = 16 << 20;

export interface SkippedDocuments {
  /** Files that are not text. */
  binary: string[];
  /** Documents (or whole files) with no words. */
  empty: number;
  /** Documents cut at MAX_DOCUMENT_CHARS characters. */
  cut: number;
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

/** Collects documents from files, one file at a time, keeping count of what it skipped. */
export class DocumentCollector {
  readonly documents: DocumentInput[] = [];
  readonly skipped: SkippedDocuments = { binary: [], empty: 0, cut: 0 };

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
    const before = { documents: this.documents.length, empty: this.skipped.empty, cut: this.skipped.cut };
    for (const encoding of ['utf-8', 'windows-1252']) {
      const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
      const sink = this.sink(name);
      // The first SNIFF_BYTES (or the whole file, if shorter) decide whether it is text at all.
      let head: Uint8Array[] | null = [];
      let headBytes = 0;
      const feed = (chunk: Uint8Array): void => sink.push(decoder.decode(chunk, { stream: true }));
      const sniffed = (): boolean => {
        const bytes = concatBytes(head!);
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
        this.skipped.cut = before.cut;
      }
    }
  }

  /**
   * Where a file's text goes, piece by piece: cut into documents as `split` says, each kept as it
   * ends. Each piece is looked at once (a file that is one long line costs linear time), and a
   * document past MAX_DOCUMENT_CHARS keeps its beginning only.
   */
  private sink(name: string): { push(text: string): void; end(): void } {
    const text = new BoundedText(() => this.skipped.cut++);
    if (this.split === 'files') return { push: (piece) => text.add(piece), end: () => this.keep({ id: name, text: text.take() }) };
    let line = 0;
    const paragraph = new BoundedText(() => this.skipped.cut++);
    let start = 0;
    const flush = (): void => {
      if (!paragraph.empty) this.keep({ id: `${name}:${start}`, text: paragraph.take() });
    };
    // One line; `ended`: a newline ended it (so a carriage return before it goes too, as \r?\n splits).
    const take = (ended: boolean): void => {
      line++;
      const content = text.take(ended);
      if (this.split === 'lines') this.keep({ id: `${name}:${line}`, text: content });
      else if (content.trim() === '') flush();
      else {
        if (paragraph.empty) start = line;
        else paragraph.add('\n');
        paragraph.add(content);
      }
    };
    return {
      push: (piece) => {
        let from = 0;
        for (let newline = piece.indexOf('\n'); newline >= 0; newline = piece.indexOf('\n', from)) {
          text.add(piece.slice(from, newline));
          take(true);
          from = newline + 1;
        }
        text.add(piece.slice(from));
      },
      end: () => {
        take(false);
        flush();
      },
    };
  }

  /** A line for people: how many documents, and what was skipped. */
  describe(): string {
    const parts = [`${this.documents.length} document${this.documents.length === 1 ? '' : 's'}`];
    const { binary, empty, cut } = this.skipped;
    if (binary.length > 0)
      parts.push(`${binary.length} file${binary.length === 1 ? '' : 's'} skipped as not text (${binary.slice(0, 3).join(', ')}${binary.length > 3 ? ', …' : ''})`);
    if (empty > 0) parts.push(`${empty} empty skipped`);
    if (cut > 0) parts.push(`${cut} cut to their first ${MAX_DOCUMENT_CHARS / (1 << 20)} Mi characters`);
    return parts.join('; ');
  }

  private keep(document: DocumentInput): void {
    if (/[\p{L}\p{N}]/u.test(document.text)) this.documents.push(document);
    else if (this.split !== 'lines' || document.text.trim() !== '') this.skipped.empty++;
  }
}

/** Text gathered piece by piece, up to MAX_DOCUMENT_CHARS characters; what comes past that is dropped and `onCut` told once. */
class BoundedText {
  private pieces: string[] = [];
  private length = 0;
  private cut = false;

  constructor(private readonly onCut: () => void) {}

  get empty(): boolean {
    return this.length === 0;
  }

  add(piece: string): void {
    if (piece === '') return;
    const room = MAX_DOCUMENT_CHARS - this.length;
    if (piece.length > room) {
      if (!this.cut) this.onCut();
      this.cut = true;
      piece = piece.slice(0, room);
      if (piece === '') return;
    }
    this.pieces.push(piece);
    this.length += piece.length;
  }

  /** The text so far, emptied; `ended`: a newline ended it, so a carriage return at its end goes. */
  take(ended = false): string {
    let text = this.pieces.length === 1 ? this.pieces[0]! : this.pieces.join('');
    if (ended && text.endsWith('\r')) text = text.slice(0, -1);
    this.pieces = [];
    this.length = 0;
    this.cut = false;
    return text;
  }
}
