import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyedVectors } from '../src/vectors/keyed-vectors';
import { parseWord2vec, word2vecChunks } from '../src/vectors/word2vec-format';

const dir = mkdtempSync(join(tmpdir(), 'w2v-format-'));

function concat(chunks: Iterable<Uint8Array>): Uint8Array {
  const parts = [...chunks];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function sample(): KeyedVectors {
  const words = ['the', 'naïve', 'café', 'über', 'x'];
  const vectors = Float32Array.from({ length: words.length * 7 }, (_, i) => Math.sin(i * 1.7) * (i % 3 === 0 ? 10 : 0.1));
  return new KeyedVectors(words, vectors, 7);
}

/** gensim (the real peer) loads a file and prints its words and vectors as JSON. */
function gensimLoad(path: string, binary: boolean): { words: string[]; vectors: number[][] } {
  const script = `import json, sys
from gensim.models import KeyedVectors
kv = KeyedVectors.load_word2vec_format(sys.argv[1], binary=sys.argv[2] == '1')
print(json.dumps({'words': kv.index_to_key, 'vectors': kv.vectors.tolist()}))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, path, binary ? '1' : '0'], { encoding: 'utf8' }));
}

describe('word2vec file formats', () => {
  for (const binary of [false, true]) {
    const kind = binary ? 'binary' : 'text';
    it(`gensim reads the ${kind} format we write, with the same vectors`, () => {
      const kv = sample();
      const path = join(dir, `v.${kind}`);
      writeFileSync(path, concat(word2vecChunks(kv, { binary })));
      const loaded = gensimLoad(path, binary);
      expect(loaded.words).toEqual(kv.indexToKey);
      const tolerance = binary ? 0 : 5e-7;
      loaded.vectors.flat().forEach((v, i) => expect(Math.abs(v - kv.vectors[i]!)).toBeLessThanOrEqual(tolerance));
    });
    it(`reads back the ${kind} format it writes`, () => {
      const kv = sample();
      const back = parseWord2vec(concat(word2vecChunks(kv, { binary })), { binary });
      expect(back.indexToKey).toEqual(kv.indexToKey);
      back.vectors.forEach((v, i) => expect(Math.abs(v - kv.vectors[i]!)).toBeLessThanOrEqual(binary ? 0 : 5e-7));
    });
  }
  it('writes the C tool layout: header, then "word v1 v2 ... \\n" with six decimals', () => {
    const text = new TextDecoder().decode(concat(word2vecChunks(new KeyedVectors(['a'], Float32Array.of(0.5, -0.25), 2))));
    expect(text).toBe('1 2\na 0.500000 -0.250000 \n');
  });
  it('rejects a truncated binary file with the row and byte offset', () => {
    const bytes = concat(word2vecChunks(sample(), { binary: true }));
    expect(() => parseWord2vec(bytes.subarray(0, bytes.length - 10), { binary: true })).toThrow(/row 5 of 5 is truncated at byte \d+/);
  });
});
