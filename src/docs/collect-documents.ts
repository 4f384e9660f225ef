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
  const head = bytes.subarray(0, SNIFF_BYTES);
  let control = 0;
  for (const b of head) {
    if (b === 0) return null;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  if (control > head.length / 100) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
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
    if (this.split === 'files') {
      this.keep({ id: name, text });
      return;
    }
    const lines = text.split(/\r?\n/);
    if (this.split === 'lines') {
      lines.forEach((line, i) => this.keep({ id: `${name}:${i + 1}`, text: line }));
      return;
    }
    let start = -1;
    for (let i = 0; i <= lines.length; i++) {
      const blank = i === lines.length || lines[i]!.trim() === '';
      if (!blank && start < 0) start = i;
      if (blank && start >= 0) {
        this.keep({ id: `${name}:${start + 1}`, text: lines.slice(start, i).join('\n') });
        start = -1;
      }
    }
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
