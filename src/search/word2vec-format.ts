import { concatBytes } from '../core/source';
import type { KeyedVectors } from './keyed-vectors';

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

/**
 * Vectors as a word2vec file, whole: the C tool's text layout, or its binary one with `binary`.
 * gensim's `KeyedVectors.load_word2vec_format(path, binary=...)` and `readVectors` read both.
 * (`word2vecChunks` gives the same bytes in chunks, for vectors too large to hold twice.)
 *
 * @example
 * writeFileSync('vectors.bin', writeVectors(model.wv, { binary: true }));
 */
export function writeVectors(vectors: KeyedVectors, options: { binary?: boolean } = {}): Uint8Array {
  return concatBytes([...word2vecChunks(vectors, options)]);
}
