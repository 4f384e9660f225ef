import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyedVectors } from '../src/search/keyed-vectors';
import { readVectors } from '../src/search/read-vectors';
import { word2vecChunks } from '../src/search/word2vec-format';
import { concat } from './helpers/bytes';

const dir = mkdtempSync(join(tmpdir(), 'w2v-format-'));

/** The bytes in chunks of `size`, so that rows, words and numbers straddle chunk boundaries. */
function* inChunks(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
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

/** gensim writes vectors (its own layout: no newline after binary rows). */
function gensimWrite(path: string, binary: boolean): void {
  const script = `import sys, numpy as np
from gensim.models import KeyedVectors
kv = KeyedVectors(5)
kv.add_vectors(['alpha', 'beta', 'gamma', 'δέλτα'], (np.arange(20, dtype=np.float32).reshape(4, 5) - 7.5) / 3)
kv.save_word2vec_format(sys.argv[1], binary=sys.argv[2] == '1')`;
  execFileSync('/usr/bin/python3', ['-c', script, path, binary ? '1' : '0']);
}

function expectClose(actual: Float32Array, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(tolerance));
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
      expectClose(kv.vectors, loaded.vectors.flat(), binary ? 0 : 5e-7);
    });

    it(`reads back the ${kind} format it writes, streamed in small chunks, detecting the format`, async () => {
      const kv = sample();
      const bytes = concat(word2vecChunks(kv, { binary }));
      for (const size of [1, 5, 64]) {
        const back = await readVectors(inChunks(bytes, size));
        expect(back.indexToKey).toEqual(kv.indexToKey);
        expectClose(back.vectors, kv.vectors, binary ? 0 : 5e-7);
      }
    });

    it(`reads the ${kind} format gensim writes, as gensim reads it back`, async () => {
      const path = join(dir, `gensim.${kind}`);
      gensimWrite(path, binary);
      const ours = await readVectors(createReadStream(path, { highWaterMark: 16 }), { binary });
      const theirs = gensimLoad(path, binary);
      expect(ours.indexToKey).toEqual(theirs.words);
      expectClose(ours.vectors, theirs.vectors.flat(), 1e-6);
    });
  }

  it('writes the C tool layout: header, then "word v1 v2 ... \\n" with six decimals', () => {
    const text = new TextDecoder().decode(concat(word2vecChunks(new KeyedVectors(['a'], Float32Array.of(0.5, -0.25), 2))));
    expect(text).toBe('1 2\na 0.500000 -0.250000 \n');
  });

  it("reads fastText's .vec layout (trailing spaces, %g numbers, exponents) and CRLF files", async () => {
    const vec = '3 4\r\n</s> 0.0012 -0.3 1e-05 2 \r\nthe -1.5E+2 0.25 .5 -0 \r\nof 3 4 5 6\r\n';
    const kv = await readVectors(vec);
    expect(kv.indexToKey).toEqual(['</s>', 'the', 'of']);
    expectClose(kv.vectors, Float32Array.of(0.0012, -0.3, 1e-5, 2, -150, 0.25, 0.5, 0, 3, 4, 5, 6), 0);
  });

  it('with limit, reads only the first words and stops pulling the stream', async () => {
    const words = Array.from({ length: 200 }, (_, i) => `w${i}`);
    const kv = new KeyedVectors(
      words,
      Float32Array.from({ length: 200 * 100 }, (_, i) => i / 7),
      100,
    );
    const bytes = concat(word2vecChunks(kv, { binary: true }));
    let pulled = 0;
    const counted = function* (): Generator<Uint8Array> {
      for (const chunk of inChunks(bytes, 64)) {
        pulled++;
        yield chunk;
      }
    };
    const first = await readVectors(counted(), { limit: 2 });
    expect(first.indexToKey).toEqual(['w0', 'w1']);
    expectClose(first.vectors, kv.vectors.subarray(0, 200), 0);
    expect(pulled).toBeLessThan(Math.ceil(bytes.length / 64) / 5);
  });

  it('keeps the first of a repeated word, as gensim does', async () => {
    const kv = await readVectors('3 2\na 1 2\nb 3 4\na 5 6\n');
    expect(kv.indexToKey).toEqual(['a', 'b']);
    expectClose(kv.vectors, [1, 2, 3, 4], 0);
  });
});

describe('malformed vectors files name the line or byte and load nothing', () => {
  const binaryBytes = (): Uint8Array => concat(word2vecChunks(sample(), { binary: true }));
  /** Three rows of two float32s, words w0..w2, value `k` of row `row` set to `value`. */
  const binaryWith = (row: number, k: number, value: number): Uint8Array => {
    const parts: Uint8Array[] = [new TextEncoder().encode('3 2\n')];
    for (let r = 0; r < 3; r++) {
      const values = Float32Array.of(r, r + 0.5);
      if (r === row) values[k] = value;
      parts.push(new TextEncoder().encode(`w${r} `), new Uint8Array(values.buffer), Uint8Array.of(10));
    }
    return concat(parts);
  };
  const cases: [string, () => string | Uint8Array, RegExp][] = [
    ['no header', () => 'the 0.1 0.2\n', /line 1: the header must be two whole numbers/],
    ['an empty file', () => '', /line 1: there is no header line/],
    ['fewer rows than the header says', () => '3 2\na 1 2\nb 3 4\n', /line 4: the file ends after 2 of the 3 rows/],
    ['more rows than the header says', () => '1 2\na 1 2\nb 3 4\n', /line 3: the header announces 1 rows, but another row follows/],
    ['a dimension that changes mid-file', () => '3 2\na 1 2\nb 3 4 5\nc 1 1\n', /line 3: "b" has more than 2 values/],
    ['a row with too few values', () => '2 3\na 1 2 3\nb 3 4\n', /line 3: "b" has 2 values, but the header says 3/],
    ['a value that is not a number', () => '2 2\na 1 2\nb 3 x4\n', /line 3: value 2 of "b" is "x4", not a finite number/],
    ['a value beyond float32 (text)', () => '2 2\na 1 2\nb 1e39 4\n', /line 3: value 1 of "b" is "1e39", not a finite number in float32 range/],
    ['NaN in a binary row', () => binaryWith(2, 1, Number.NaN), /byte \d+: value 2 of "w2" \(row 3\) is NaN, not a finite number/],
    ['Infinity in a binary row', () => binaryWith(0, 0, Number.POSITIVE_INFINITY), /byte \d+: value 1 of "w0" \(row 1\) is Infinity, not a finite number/],
    ['invalid UTF-8 in a word (text)', () => Uint8Array.of(...new TextEncoder().encode('1 1\n'), 0xff, 0xfe, 0x20, 0x31, 0x0a), /line 2: the word is not valid UTF-8/],
    ['a truncated binary row', () => binaryBytes().subarray(0, binaryBytes().length - 10), /byte \d+: row 5 of 5 is truncated/],
    ['trailing bytes after the binary rows', () => concat([binaryBytes(), new TextEncoder().encode('extra 1234')]), /byte \d+: the header announces 5 rows, but more bytes follow/],
    [
      'invalid UTF-8 in a word (binary)',
      () => concat([new TextEncoder().encode('1 2\n'), Uint8Array.of(0xc3, 0x28, 0x20, 1, 2, 3, 250, 5, 6, 7, 8)]),
      /byte 4: the word of row 1 is not valid UTF-8/,
    ],
  ];
  for (const [name, make, message] of cases) {
    it(name, async () => {
      const error = await readVectors(make(), { name: 'v.txt' }).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toMatch(message);
      expect(error?.message).toMatch(/^Malformed vectors file "v.txt": .* Nothing was loaded\.$/);
    });
  }

  it('a header too large for memory asks for limit', async () => {
    await expect(readVectors('4000000000 300\n')).rejects.toThrow(/more than this machine can hold. Load fewer words \(`limit=N`\)/);
  });
});
