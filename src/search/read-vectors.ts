import { Word2VecError } from '../core/errors';
import { byteChunksOf, type TextSource } from '../core/source';
import { KeyedVectors } from './keyed-vectors';

/** How `readVectors` reads a word2vec file. */
export interface ReadVectorsOptions {
  /** `true`: float32 rows (C `-binary 1`); `false`: text (also fastText's `.vec`); default: detected from the first row. */
  binary?: boolean;
  /** Read only the first `limit` words, as gensim's `limit`; the rest of the file is not read. */
  limit?: number;
  /** The file's name, for error messages. */
  name?: string;
}

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const TAB = 9;
/** Longest word accepted (bytes) before deciding the row is not a word and its values. */
const MAX_WORD = 1 << 16;
/** Longest text a value may take in a text row, with its space ("-1.2345678901234567e-308" is 24). */
const MAX_VALUE_TEXT = 64;

/** The longest line a text row of `dim` values may be: longer ones are refused at once, not read whole. */
export function maxTextRowBytes(dim: number): number {
  return MAX_WORD + dim * MAX_VALUE_TEXT + 1024;
}

/** A forward-only reader over byte chunks that knows its absolute offset. */
class ByteReader {
  /** Holds the unread bytes at `[at, buffer.length)`; grows by doubling, so a long row costs linear time. */
  private storage = new Uint8Array(0);
  private buffer = new Uint8Array(0);
  private at = 0;
  /** Bytes before `buffer[0]`. */
  private before = 0;
  private ended = false;

  constructor(private readonly chunks: AsyncIterator<Uint8Array>) {}

  get offset(): number {
    return this.before + this.at;
  }

  /** Reads chunks until `n` bytes are available past the cursor or the source ends; returns how many are. */
  async fill(n: number): Promise<number> {
    while (this.buffer.length - this.at < n && !this.ended) {
      const next = await this.chunks.next();
      if (next.done) {
        this.ended = true;
        break;
      }
      this.append(next.value);
    }
    return this.buffer.length - this.at;
  }

  /** Appends a chunk after the unread bytes, moving them to the front (into a twice larger store when they fill half). */
  private append(chunk: Uint8Array): void {
    let end = this.buffer.length;
    if (this.storage.length - end < chunk.length) {
      const unread = end - this.at;
      const needed = unread + chunk.length;
      const target = needed * 2 > this.storage.length ? new Uint8Array(Math.max(needed * 2, 1 << 16)) : this.storage;
      if (target === this.storage) target.copyWithin(0, this.at, end);
      else target.set(this.buffer.subarray(this.at));
      this.before += this.at;
      this.at = 0;
      this.storage = target;
      end = unread;
    }
    this.storage.set(chunk, end);
    this.buffer = this.storage.subarray(0, end + chunk.length);
  }

  /** The bytes available past the cursor (valid until the next read). */
  peek(): Uint8Array {
    return this.buffer.subarray(this.at);
  }

  /** The next `n` bytes, or null when the source ends first (valid until the next read). */
  async take(n: number): Promise<Uint8Array | null> {
    if ((await this.fill(n)) < n) return null;
    const out = this.buffer.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  /**
   * Bytes up to (not including) the next `byte`, which is consumed. At the end of the source: the
   * bytes left (or null when none are, or when `unterminatedOk` is false). Throws a RangeError past `max` bytes.
   */
  async until(byte: number, max = Infinity, unterminatedOk = true): Promise<Uint8Array | null> {
    let searched = 0;
    for (;;) {
      const found = this.buffer.indexOf(byte, this.at + searched);
      if (found >= 0) {
        if (found - this.at > max) throw new RangeError(`no ${byte} within ${max} bytes`);
        const out = this.buffer.subarray(this.at, found);
        this.at = found + 1;
        return out;
      }
      searched = this.buffer.length - this.at;
      if (searched > max) throw new RangeError(`no ${byte} within ${max} bytes`);
      if ((await this.fill(searched + 1)) <= searched) {
        if (searched === 0 || !unterminatedOk) return null;
        const out = this.buffer.subarray(this.at);
        this.at = this.buffer.length;
        return out;
      }
    }
  }

  /** Skips bytes while `skip(byte)` holds; false when the source ends. */
  async skipWhile(skip: (byte: number) => boolean): Promise<boolean> {
    for (;;) {
      while (this.at < this.buffer.length && skip(this.buffer[this.at]!)) this.at++;
      if (this.at < this.buffer.length) return true;
      if ((await this.fill(1)) === 0) return false;
    }
  }
}

const latin1 = new TextDecoder('latin1');
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses a decimal number from bytes; NaN when it is not one. Fast for the `%lf` / `%g` forms writers use. */
function parseNumber(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  const negative = bytes[i] === 45;
  if (negative || bytes[i] === 43) i++;
  let mantissa = 0;
  let digits = 0;
  let exponent = 0;
  for (; i < end && bytes[i]! >= 48 && bytes[i]! <= 57; i++, digits++) mantissa = mantissa * 10 + bytes[i]! - 48;
  if (i < end && bytes[i] === 46) {
    for (i++; i < end && bytes[i]! >= 48 && bytes[i]! <= 57; i++, digits++, exponent--) mantissa = mantissa * 10 + bytes[i]! - 48;
  }
  if (i === end && digits > 0 && digits <= 15 && -exponent < POWERS_OF_TEN.length) {
    const value = mantissa / POWERS_OF_TEN[-exponent]!;
    return negative ? -value : value;
  }
  const text = latin1.decode(bytes.subarray(start, end));
  return NUMBER.test(text) ? Number(text) : NaN;
}

/** Where a reader is, for messages: a line (text) or a byte offset (binary). */
type Place = string;

class VectorFileError {
  constructor(
    private readonly name: string,
    private readonly binary: boolean,
  ) {}

  at(place: Place, problem: string): Word2VecError {
    const hint = this.binary
      ? 'Check that the file is complete and was written as word2vec binary (C -binary 1, gensim binary=True).'
      : 'Check that the file is complete and is word2vec text ("word v1 v2 ..." per line) or fastText .vec.';
    return new Word2VecError('FILE', `Malformed vectors file ${this.name}: ${place}: ${problem}. ${hint} Nothing was loaded.`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Whether the first row (after the header) is text: after the word, printable ASCII up to the
 * newline, with at least two values (or one when dim is 1). Float32 bytes are almost never that.
 */
function looksLikeText(ahead: Uint8Array, dim: number): boolean {
  const start = ahead.findIndex((b) => b !== NEWLINE);
  if (start < 0) return true;
  const space = ahead.indexOf(SPACE, start);
  if (space < 0) return true;
  const newline = ahead.indexOf(NEWLINE, space);
  const values = ahead.subarray(space + 1, newline < 0 ? ahead.length : newline);
  if (!values.every((b) => (b >= 0x20 && b < 0x7f) || b === TAB || b === CARRIAGE_RETURN)) return false;
  let tokens = 0;
  for (let i = 0; i < values.length; i++) {
    const blank = values[i] === SPACE || values[i] === TAB || values[i] === CARRIAGE_RETURN;
    const before = i === 0 || values[i - 1] === SPACE || values[i - 1] === TAB || values[i - 1] === CARRIAGE_RETURN;
    if (!blank && before) tokens++;
  }
  return tokens >= Math.min(dim, 2);
}

/** Reads the header line, "count dim". */
async function readHeader(reader: ByteReader, errors: VectorFileError): Promise<{ count: number; dim: number }> {
  const line = await reader.until(NEWLINE, 1 << 12).catch((error: unknown) => {
    if (error instanceof RangeError) return null;
    throw error;
  });
  if (line === null) throw errors.at('line 1', 'there is no header line "count dim"');
  const header = String.fromCharCode(...line).trim();
  const fields = header.split(/\s+/);
  const [count, dim] = fields.map(Number);
  if (fields.length !== 2 || !Number.isSafeInteger(count) || !Number.isSafeInteger(dim) || count! < 0 || dim! < 1) {
    throw errors.at('line 1', `the header must be two whole numbers, "count dim", not "${header.slice(0, 60)}"`);
  }
  return { count: count!, dim: dim! };
}

/** Collects rows, skipping a repeated word as gensim does (the first one is kept). */
class RowSink {
  readonly words: string[] = [];
  readonly vectors: Float32Array;
  private readonly seen = new Set<string>();

  constructor(
    readonly capacity: number,
    readonly dim: number,
  ) {
    this.vectors = new Float32Array(capacity * dim);
  }

  get full(): boolean {
    return this.words.length === this.capacity;
  }

  /** The row to fill for `word`, or -1 for a repeated word. */
  add(word: string): number {
    if (this.seen.has(word)) return -1;
    this.seen.add(word);
    return this.words.push(word) - 1;
  }

  result(): KeyedVectors {
    const n = this.words.length;
    return new KeyedVectors(this.words, n === this.capacity ? this.vectors : this.vectors.slice(0, n * this.dim), this.dim);
  }
}

async function readTextRows(reader: ByteReader, rows: RowSink, count: number, errors: VectorFileError): Promise<void> {
  const { dim, vectors } = rows;
  let lineNo = 1;
  let read = 0;
  const scratch = new Float32Array(dim);
  const maxRow = maxTextRowBytes(dim);
  const tooLong = (error: unknown): never => {
    if (!(error instanceof RangeError)) throw error;
    throw errors.at(`line ${lineNo}`, `the line is longer than ${maxRow} bytes, more than a word (at most ${MAX_WORD} bytes) and ${dim} numbers can take`);
  };
  while (read < rows.capacity) {
    lineNo++;
    const raw = await reader.until(NEWLINE, maxRow).catch(tooLong);
    if (raw === null) throw errors.at(`line ${lineNo}`, `the file ends after ${read} of the ${count} rows the header announces`);
    let end = raw.length;
    while (end > 0 && (raw[end - 1] === SPACE || raw[end - 1] === CARRIAGE_RETURN || raw[end - 1] === TAB)) end--;
    if (end === 0) continue;
    const space = raw.indexOf(SPACE);
    if (space <= 0 || space >= end) throw errors.at(`line ${lineNo}`, `expected a word and ${dim} numbers, found ${space === 0 ? 'a line starting with a space' : 'a word alone'}`);
    let word: string;
    try {
      word = utf8.decode(raw.subarray(0, space));
    } catch {
      throw errors.at(`line ${lineNo}`, 'the word is not valid UTF-8');
    }
    const row = rows.add(word);
    read++;
    const target = row < 0 ? scratch : vectors.subarray(row * dim, (row + 1) * dim);
    let values = 0;
    for (let i = space + 1; i < end; ) {
      if (raw[i] === SPACE || raw[i] === TAB) {
        i++;
        continue;
      }
      let j = i;
      while (j < end && raw[j] !== SPACE && raw[j] !== TAB) j++;
      if (values === dim) throw errors.at(`line ${lineNo}`, `"${word}" has more than ${dim} values, but the header says ${dim} per row`);
      const value = parseNumber(raw, i, j);
      // Finite as a float32 too: 1e39 is a number, but no vector can hold it.
      if (!Number.isFinite(Math.fround(value)))
        throw errors.at(
          `line ${lineNo}`,
          `value ${values + 1} of "${word}" is "${String.fromCharCode(...raw.subarray(i, Math.min(j, i + 30)))}", not a finite number${Number.isFinite(value) ? ' in float32 range (at most 3.4e38)' : ''}`,
        );
      target[values++] = value;
      i = j;
    }
    if (values !== dim) throw errors.at(`line ${lineNo}`, `"${word}" has ${values} values, but the header says ${dim} per row`);
  }
  if (rows.capacity < count) return;
  for (;;) {
    const extra = await reader.until(NEWLINE, maxRow).catch(tooLong);
    lineNo++;
    if (extra === null) return;
    if (extra.some((b) => b !== SPACE && b !== CARRIAGE_RETURN && b !== TAB)) {
      throw errors.at(`line ${lineNo}`, `the header announces ${count} rows, but another row follows them`);
    }
  }
}

async function readBinaryRows(reader: ByteReader, rows: RowSink, count: number, errors: VectorFileError): Promise<void> {
  const { dim, vectors } = rows;
  const scratch = new Float32Array(dim);
  const isNewline = (b: number): boolean => b === NEWLINE;
  for (let read = 0; read < rows.capacity; read++) {
    const rowStart = reader.offset;
    const truncated = (): Word2VecError => errors.at(`byte ${rowStart}`, `row ${read + 1} of ${count} is truncated (the file ends at byte ${reader.offset})`);
    if (!(await reader.skipWhile(isNewline))) throw truncated();
    const wordStart = reader.offset;
    let bytes: Uint8Array | null;
    try {
      bytes = await reader.until(SPACE, MAX_WORD, false);
    } catch {
      throw errors.at(`byte ${wordStart}`, `row ${read + 1} has no space after its word within ${MAX_WORD} bytes`);
    }
    if (bytes === null) throw truncated();
    let word: string;
    try {
      word = utf8.decode(bytes);
    } catch {
      throw errors.at(`byte ${wordStart}`, `the word of row ${read + 1} is not valid UTF-8`);
    }
    const values = await reader.take(dim * 4);
    if (values === null) throw truncated();
    const row = rows.add(word);
    const target = row < 0 ? scratch : vectors.subarray(row * dim, (row + 1) * dim);
    const view = new DataView(values.buffer, values.byteOffset, values.byteLength);
    for (let k = 0; k < dim; k++) {
      const value = view.getFloat32(k * 4, true);
      if (!Number.isFinite(value)) throw errors.at(`byte ${reader.offset - dim * 4 + k * 4}`, `value ${k + 1} of "${word}" (row ${read + 1}) is ${value}, not a finite number`);
      target[k] = value;
    }
  }
  if (rows.capacity < count) return;
  if (await reader.skipWhile((b) => b === NEWLINE || b === SPACE || b === CARRIAGE_RETURN)) {
    throw errors.at(`byte ${reader.offset}`, `the header announces ${count} rows, but more bytes follow them`);
  }
}

/**
 * Reads word vectors in the word2vec text or binary format (C tool, gensim) or fastText's `.vec`,
 * streaming: only the words become strings, and with `limit` the rest of the file is never read.
 * A malformed file throws a `Word2VecError` naming the line or byte offset; nothing partial is returned.
 */
export async function readVectors(source: TextSource, options: ReadVectorsOptions = {}): Promise<KeyedVectors> {
  const { limit } = options;
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) {
    throw new Word2VecError('BAD_OPTION', `limit must be a whole number of words (0 or more), not ${limit}.`);
  }
  const chunks = byteChunksOf(source);
  const reader = new ByteReader(chunks);
  const name = options.name ? `"${options.name}"` : '(unnamed)';
  try {
    const { count, dim } = await readHeader(reader, new VectorFileError(name, options.binary ?? false));
    const capacity = Math.min(count, limit ?? count);
    let rows: RowSink;
    try {
      rows = new RowSink(capacity, dim);
    } catch {
      throw new Word2VecError('FILE', `The vectors file ${name} announces ${count} x ${dim} values, more than this machine can hold. Load fewer words (\`limit=N\`).`);
    }
    await reader.fill(dim * 4 + 4096);
    const binary = options.binary ?? !looksLikeText(reader.peek(), dim);
    const errors = new VectorFileError(name, binary);
    await (binary ? readBinaryRows : readTextRows)(reader, rows, count, errors);
    return rows.result();
  } finally {
    await chunks.return(undefined);
  }
}
