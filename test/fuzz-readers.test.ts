import { describe, expect, it } from 'vitest';
import { Word2VecError } from '../src/core/errors';
import { KeyedVectors } from '../src/search/keyed-vectors';
import { readVectors } from '../src/search/read-vectors';
import { word2vecChunks } from '../src/search/word2vec-format';
import { concat } from './helpers/bytes';

/** A seeded LCG: the same mutants on every run. */
function random(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
}

/** Twelve words of 7 values, with one word in UTF-8 beyond ASCII. */
function sampleVectors(): KeyedVectors {
  const words = Array.from({ length: 12 }, (_, i) => (i === 5 ? 'café' : `w${i}`));
  const values = Float32Array.from({ length: 12 * 7 }, (_, i) => Math.sin(i) * (i % 5 === 0 ? 1e3 : 1));
  return new KeyedVectors(words, values, 7);
}

const encoder = new TextEncoder();
const bytesOf = (text: string): Uint8Array => encoder.encode(text);
/** Bytes that parsers trip on: digits, signs, exponents, separators, NUL, high bytes, float32 NaN/Infinity patterns. */
const INTERESTING = [...bytesOf('0123456789-+.eE \n\t\r'), 0, 0x7f, 0x80, 0xc3, 0xff];
const SPECIAL_FLOATS = [Float32Array.of(Number.NaN), Float32Array.of(Number.POSITIVE_INFINITY), Float32Array.of(Number.NEGATIVE_INFINITY)].map((f) => new Uint8Array(f.buffer));

/** One mutant of `base`: a few random edits (flip, replace, insert, delete, truncate, duplicate, header digits, special floats). */
function mutate(base: Uint8Array, next: (n: number) => number): Uint8Array {
  let bytes: Uint8Array = base.slice();
  const edits = 1 + next(4);
  for (let e = 0; e < edits; e++) {
    const at = next(Math.max(1, bytes.length));
    switch (next(8)) {
      case 0:
        bytes[at] = bytes[at]! ^ (1 << next(8));
        break;
      case 1:
        bytes[at] = INTERESTING[next(INTERESTING.length)]!;
        break;
      case 2:
        bytes = concat([bytes.subarray(0, at), Uint8Array.of(INTERESTING[next(INTERESTING.length)]!), bytes.subarray(at)]);
        break;
      case 3:
        bytes = concat([bytes.subarray(0, at), bytes.subarray(Math.min(bytes.length, at + 1 + next(16)))]);
        break;
      case 4:
        bytes = bytes.subarray(0, at);
        break;
      case 5: {
        const length = next(64);
        bytes = concat([bytes.subarray(0, at), bytes.subarray(at, at + length), bytes.subarray(at)]);
        break;
      }
      case 6: {
        // A new header claim: counts and sizes from 0 to far beyond memory.
        const newline = bytes.indexOf(10);
        const claims = ['0 7', '12 0', '13 7', '11 7', '12 8', '12 6', '99999999 7', '12 99999999', '4000000000 300', '-1 7', '12 -7', '1.5 7', ''];
        bytes = concat([bytesOf(claims[next(claims.length)]!), newline < 0 ? new Uint8Array(0) : bytes.subarray(newline)]);
        break;
      }
      default: {
        // A NaN or an infinity written over four bytes (in a binary row, a float32 value).
        const special = SPECIAL_FLOATS[next(SPECIAL_FLOATS.length)]!;
        bytes = concat([bytes.subarray(0, at), special, bytes.subarray(Math.min(bytes.length, at + 4))]);
      }
    }
  }
  return bytes;
}

const MUTANTS = 500;
/** A reader that takes longer than this on a file of a few hundred bytes has hung. */
const HANG_MS = 5000;

function vecText(kv: KeyedVectors): Uint8Array {
  // fastText's .vec: word2vec text with a space after the last value of every row.
  const rows = kv.indexToKey.map((w, i) => `${w} ${Array.from(kv.vectors.subarray(i * kv.vectorSize, (i + 1) * kv.vectorSize)).join(' ')} `);
  return bytesOf(`${kv.size} ${kv.vectorSize}\n${rows.join('\n')}\n`);
}

const FORMATS: [string, () => Uint8Array, number][] = [
  ['word2vec binary (.bin)', () => concat(word2vecChunks(sampleVectors(), { binary: true })), 11],
  ['word2vec text (.txt)', () => concat(word2vecChunks(sampleVectors(), { binary: false })), 22],
  ['fastText text (.vec)', () => vecText(sampleVectors()), 33],
];

describe(`vectors readers under ${MUTANTS} seeded mutants per format: no crash, no hang, nothing non-finite accepted`, () => {
  it.each(FORMATS)(
    '%s',
    async (_, make, seed) => {
      const base = make();
      expect((await readVectors(base)).size).toBe(12); // the unmutated file reads
      const next = random(seed);
      let accepted = 0;
      let rejected = 0;
      for (let m = 0; m < MUTANTS; m++) {
        const mutant = mutate(base, next);
        let timer: ReturnType<typeof setTimeout> | undefined;
        const hang = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`mutant ${m} hung`)), HANG_MS);
        });
        const outcome = await Promise.race([readVectors(mutant, { name: 'mutant' }), hang]).then(
          (kv) => ({ kv, error: undefined }),
          (error: unknown) => ({ kv: undefined, error }),
        );
        clearTimeout(timer);
        if (outcome.kv) {
          accepted++;
          expect(outcome.kv.vectors.every(Number.isFinite), `mutant ${m} was accepted with a non-finite value`).toBe(true);
          expect(outcome.kv.vectors.length).toBe(outcome.kv.size * outcome.kv.vectorSize);
        } else {
          rejected++;
          // Only the reader's own errors, each saying what is wrong in words: no TypeError, RangeError or hang.
          expect(outcome.error, `mutant ${m}: ${String(outcome.error)}`).toBeInstanceOf(Word2VecError);
          expect((outcome.error as Word2VecError).message).toMatch(/^(Malformed vectors file "mutant": .* Nothing was loaded\.|The vectors file "mutant" announces .*)$/s);
        }
      }
      console.log(`${MUTANTS} mutants: ${accepted} accepted, ${rejected} rejected`);
      expect(accepted + rejected).toBe(MUTANTS);
      expect(rejected).toBeGreaterThan(MUTANTS / 4); // the mutations do break files
    },
    120_000,
  );
});
