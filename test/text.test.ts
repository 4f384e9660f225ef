import { describe, expect, it } from 'vitest';
import { prepareCorpus } from '../src/text/corpus';
import { MAX_WORD_LENGTH, UnicodeTokenizer, WhitespaceTokenizer, type TokenSink } from '../src/text/tokenize';
import { SENTENCE_END, Vocabulary, effectiveMinCount } from '../src/text/vocabulary';
import { WordTable } from '../src/text/word-table';
import { Word2VecError } from '../src/core/errors';

function tokens(make: (sink: TokenSink) => { push(t: string): void; end(): void }, chunks: string[]): string[] {
  const out: string[] = [];
  const t = make({ word: (text, start, end) => out.push(text.slice(start, end)), sentenceEnd: () => out.push('</s>') });
  chunks.forEach((c) => t.push(c));
  t.end();
  return out;
}

function* chunked(text: string, size: number): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

describe('whitespace tokenizer (the C tool)', () => {
  const whitespace = (s: TokenSink) => new WhitespaceTokenizer(s);
  it('splits on space, tab and newline; newline ends a sentence; CR is ignored', () => {
    expect(tokens(whitespace, ['the cat\tsat\r\non  the mat\n'])).toEqual(['the', 'cat', 'sat', '</s>', 'on', 'the', 'mat', '</s>']);
  });
  it('gives the same words whatever the chunk boundaries', () => {
    const text = 'anarchism originated as a term of abuse\nfirst used against early working class radicals';
    const whole = tokens(whitespace, [text]);
    for (const size of [1, 2, 3, 7, 64]) expect(tokens(whitespace, [...chunked(text, size)])).toEqual(whole);
  });
  it('truncates words longer than MAX_WORD_LENGTH, also across chunks', () => {
    const long = 'x'.repeat(MAX_WORD_LENGTH * 3);
    expect(tokens(whitespace, [...chunked(`a ${long} b`, 17)])).toEqual(['a', 'x'.repeat(MAX_WORD_LENGTH), 'b']);
  });
  it('splits delimiters in any mix and runs (long stretches of one, none of another)', () => {
    const text = `${'a\t'.repeat(5000)}b\n\n c  d\t\te${' f'.repeat(3000)}`;
    const expected = [...Array<string>(5000).fill('a'), 'b', '</s>', '</s>', 'c', 'd', 'e', ...Array<string>(3000).fill('f')];
    expect(tokens(whitespace, [text])).toEqual(expected);
    expect(tokens(whitespace, [...chunked(text, 999)])).toEqual(expected);
  });
});

describe('word table', () => {
  it('gives each spelling one id, in order of first appearance, through growth and hash collisions', () => {
    const table = new WordTable();
    // 50,000 distinct words: the table doubles many times; near-identical spellings and the empty word included.
    const words = ['', ...Array.from({ length: 50_000 }, (_, i) => `w${i.toString(36)}`), 'ab', 'ba', 'aé', 'a\u{1F600}'];
    const text = words.join(' ');
    const spans: [number, number][] = [];
    let at = 0;
    for (const w of words) {
      spans.push([at, at + w.length]);
      at += w.length + 1;
    }
    spans.forEach(([start, end], i) => expect(table.idOf(text, start, end)).toBe(i));
    spans.forEach(([start, end], i) => expect(table.idOf(text, start, end)).toBe(i)); // seen: the same ids
    expect(table.words).toEqual(words);
    expect(table.idOf('xx ab', 3, 5)).toBe(words.indexOf('ab')); // found from another string
  });
});

describe('unicode tokenizer', () => {
  it('segments words without spaces, lowercases, drops punctuation', () => {
    const words = tokens((s) => new UnicodeTokenizer(s), ['Hello, World! Ça va?\n', '日本語のテキスト']);
    expect(words.slice(0, 5)).toEqual(['hello', 'world', 'ça', 'va', '</s>']);
    expect(words.length).toBeGreaterThan(5);
    expect(words.join('')).toContain('日本');
  });

  it('segments a long line in bounded pieces: the same words as word by word, in linear time', () => {
    const vocabulary = ['alpha', 'Beta', 'gamma,', 'δέλτα', 'epsilon.'];
    const words = Array.from({ length: 120_000 }, (_, i) => vocabulary[(i * 7) % 5]!);
    const line = words.join(' '); // one line of 0.8 MB: Intl.Segmenter on it whole takes minutes, past the test's timeout
    const got = tokens((s) => new UnicodeTokenizer(s), [line]);
    expect(got).toEqual(words.map((w) => w.replace(/[,.]/g, '').toLowerCase()));
    // Text without spaces is cut too, and keeps its characters.
    const unspaced = '日本語のテキスト'.repeat(2000);
    expect(tokens((s) => new UnicodeTokenizer(s), [unspaced]).join('')).toBe(unspaced);
  });
});

describe('vocabulary', () => {
  it('sorts by count, ties by first appearance, and drops words under minCount', async () => {
    const corpus = await prepareCorpus('b a c a b a d\nc b', { minCount: 2 });
    expect(corpus.vocabulary.words).toEqual(['b', 'a', 'c']);
    expect(corpus.vocabulary.counts).toEqual([3, 3, 2]);
    expect([...corpus.ids]).toEqual([0, 1, 2, 1, 0, 1, SENTENCE_END, 2, 0]);
    expect(corpus.wordCount).toBe(8);
    expect(corpus.rawWordCount).toBe(9);
  });
  it('maxFinalVocab raises minCount as gensim does', () => {
    expect(effectiveMinCount([10, 8, 8, 5, 1], { minCount: 1, maxFinalVocab: 3 })).toBe(6);
    expect(effectiveMinCount([10, 8, 8, 5, 1], { minCount: 1, maxFinalVocab: 4 })).toBe(2);
    expect(effectiveMinCount([10, 8, 8, 5, 1], { minCount: 1, maxFinalVocab: 2 })).toBe(9); // a tie at the cut drops both
    expect(effectiveMinCount([10, 8], { minCount: 2, maxFinalVocab: 4 })).toBe(2);
  });
  it('round-trips the -save-vocab format and encodes against a given vocabulary', async () => {
    const vocab = Vocabulary.fromText('</s> 0\nthe 10\ncat 4\r\n');
    expect(vocab.words).toEqual(['the', 'cat']);
    expect(Vocabulary.fromText(vocab.toText()).counts).toEqual([10, 4]);
    const corpus = await prepareCorpus('the dog and the cat', { minCount: 1, vocabulary: vocab });
    expect([...corpus.ids]).toEqual([0, 0, 1]);
  });
  it('rejects a malformed vocabulary file with its line number', () => {
    expect(() => Vocabulary.fromText('the 10\nbroken line here\n', 'v.txt')).toThrow(/v.txt, line 2/);
  });
});

describe('streaming corpus preparation', () => {
  it('a stream of byte chunks gives the same corpus as the whole string, even with multi-byte characters cut', async () => {
    const text = `${'naïve café über alles\n'.repeat(50)}naïve café`;
    const bytes = new TextEncoder().encode(text);
    const pieces = function* () {
      for (let i = 0; i < bytes.length; i += 5) yield bytes.subarray(i, i + 5);
    };
    const whole = await prepareCorpus(text, { minCount: 1 });
    const streamed = await prepareCorpus(pieces(), { minCount: 1 });
    expect(streamed.vocabulary.words).toEqual(whole.vocabulary.words);
    expect([...streamed.ids]).toEqual([...whole.ids]);
    expect(streamed.invalidShare).toBe(0);
  });
  it('reads one 2-million-word line in 64 KiB chunks without losing a word', async () => {
    const words = 2_000_000;
    const line = `${Array.from({ length: 1000 }, (_, i) => `w${i % 100}`).join(' ')} `;
    const chunk = new TextEncoder().encode(line.repeat(words / 1000));
    const source = function* () {
      for (let i = 0; i < chunk.length; i += 65536) yield chunk.subarray(i, i + 65536);
    };
    const corpus = await prepareCorpus(source(), { minCount: 1 });
    expect(corpus.wordCount).toBe(words);
    expect(corpus.vocabulary.size).toBe(100);
  });
  it('decodes invalid UTF-8 with replacement and reports its share', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('good words '.repeat(3)), 0xff, 0xfe, 0x20, ...new TextEncoder().encode('good')]);
    const corpus = await prepareCorpus(bytes, { minCount: 1 });
    expect(corpus.vocabulary.words).toContain('good');
    expect(corpus.vocabulary.words).toContain('\ufffd\ufffd');
    expect(corpus.invalidShare).toBeGreaterThan(0);
  });
  it('rejects empty text, and text where no word reaches minCount, naming the fix', async () => {
    await expect(prepareCorpus('  \n ', { minCount: 1 })).rejects.toMatchObject({ code: 'EMPTY_INPUT' });
    const error = await prepareCorpus('one two two', { minCount: 5 }).catch((e: Word2VecError) => e);
    expect(error).toBeInstanceOf(Word2VecError);
    expect((error as Word2VecError).code).toBe('NO_VOCABULARY');
    expect((error as Word2VecError).message).toMatch(/"two", occurs 2 times.*Lower `minCount` \(to 1\)/);
  });
  it('says when input looks binary', async () => {
    const garbage = new Uint8Array(4000).map((_, i) => ((i * 2654435761) >>> 24) | 0x80);
    const error = await prepareCorpus(garbage, { minCount: 5 }).catch((e: Word2VecError) => e);
    expect((error as Word2VecError).code).toBe('NOT_TEXT');
    expect((error as Word2VecError).message).toMatch(/does not look like UTF-8 text.*Give a plain-text file/);
    // Valid UTF-8 full of NUL bytes (UTF-16 text, most binary formats) is not text either.
    const utf16 = new Uint8Array([...'plain words here '.repeat(50)].flatMap((c) => [c.charCodeAt(0), 0]));
    await expect(prepareCorpus(utf16, { minCount: 1 })).rejects.toMatchObject({ code: 'NOT_TEXT' });
    // A large binary input is judged on its start, not read through.
    let chunksRead = 0;
    const endless = function* () {
      for (;;) {
        chunksRead++;
        yield garbage;
      }
    };
    await expect(prepareCorpus(endless(), { minCount: 5 })).rejects.toMatchObject({ code: 'NOT_TEXT' });
    expect(chunksRead).toBeLessThan(100);
  });
});
