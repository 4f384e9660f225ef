import { Word2VecError } from '../errors';
import { KeyedVectors } from './keyed-vectors';

/** Rows per chunk yielded by the writer. */
const ROWS_PER_CHUNK = 1024;

/**
 * The word2vec file as the C tool writes it, in chunks: a `count dim` header line, then per word
 * the word, a space, and the row: `%lf ` text values, or little-endian float32; then a newline.
 */
export function* word2vecChunks(kv: KeyedVectors, options: { binary?: boolean } = {}): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  const d = kv.vectorSize;
  yield encoder.encode(`${kv.size} ${d}\n`);
  for (let start = 0; start < kv.size; start += ROWS_PER_CHUNK) {
    const end = Math.min(kv.size, start + ROWS_PER_CHUNK);
    if (!options.binary) {
      let text = '';
      for (let r = start; r < end; r++) {
        text += `${kv.indexToKey[r]} `;
        for (let k = 0; k < d; k++) text += `${kv.vectors[r * d + k]!.toFixed(6)} `;
        text += '\n';
      }
      yield encoder.encode(text);
      continue;
    }
    const parts: Uint8Array[] = [];
    for (let r = start; r < end; r++) {
      parts.push(encoder.encode(`${kv.indexToKey[r]} `));
      const row = new Uint8Array(d * 4 + 1);
      const view = new DataView(row.buffer);
      for (let k = 0; k < d; k++) view.setFloat32(k * 4, kv.vectors[r * d + k]!, true);
      row[d * 4] = 10;
      parts.push(row);
    }
    const size = parts.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    yield out;
  }
}

function malformed(message: string): Word2VecError {
  return new Word2VecError('FILE', `Malformed word2vec file: ${message}.`);
}

/** Reads a word2vec text or binary file (C tool and gensim layouts) held in memory. */
export function parseWord2vec(bytes: Uint8Array, options: { binary: boolean }): KeyedVectors {
  const decoder = new TextDecoder('utf-8');
  const headerEnd = bytes.indexOf(10);
  if (headerEnd < 0) throw malformed('no header line ("count dim")');
  const header = decoder.decode(bytes.subarray(0, headerEnd)).trim().split(/\s+/).map(Number);
  const [count, dim] = header;
  if (header.length !== 2 || !Number.isInteger(count) || !Number.isInteger(dim) || count! < 0 || dim! < 1) {
    throw malformed(`the header line must be "count dim", got "${decoder.decode(bytes.subarray(0, Math.min(headerEnd, 80)))}"`);
  }
  const words: string[] = [];
  const vectors = new Float32Array(count! * dim!);
  let at = headerEnd + 1;
  if (options.binary) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let r = 0; r < count!; r++) {
      while (at < bytes.length && bytes[at] === 10) at++;
      const space = bytes.indexOf(32, at);
      if (space < 0 || space + dim! * 4 > bytes.length) throw malformed(`row ${r + 1} of ${count} is truncated at byte ${at}`);
      words.push(decoder.decode(bytes.subarray(at, space)));
      for (let k = 0; k < dim!; k++) vectors[r * dim! + k] = view.getFloat32(space + 1 + k * 4, true);
      at = space + 1 + dim! * 4;
    }
    return new KeyedVectors(words, vectors, dim!);
  }
  const lines = decoder.decode(bytes.subarray(at)).split('\n');
  for (let r = 0; r < count!; r++) {
    const line = lines[r]?.replace(/\r$/, '').trimEnd();
    if (line === undefined || line === '') throw malformed(`expected ${count} rows, found ${r}`);
    const parts = line.split(' ');
    if (parts.length !== dim! + 1) throw malformed(`line ${r + 2} has ${parts.length - 1} values, the header says ${dim}`);
    words.push(parts[0]!);
    for (let k = 0; k < dim!; k++) {
      const value = Number(parts[k + 1]);
      if (!Number.isFinite(value)) throw malformed(`line ${r + 2}, value ${k + 1} is "${parts[k + 1]}", not a number`);
      vectors[r * dim! + k] = value;
    }
  }
  return new KeyedVectors(words, vectors, dim!);
}
