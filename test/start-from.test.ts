// Training that starts from vectors trained before (gensim's intersect_word2vec_format).
import { describe, expect, it } from 'vitest';
import { train } from '../src/word2vec/train';
import { KeyedVectors } from '../src/search/keyed-vectors';

const text = Array.from({ length: 300 }, (_, i) => `cat dog w${i % 7} bus`).join(' ');

describe('train with startFrom', () => {
  it('starts the words the vectors have at their vectors, the others as usual, and counts them', async () => {
    const from = new KeyedVectors(
      ['cat', 'bus', 'zebra'],
      Float32Array.from({ length: 3 * 8 }, (_, i) => (i % 8) / 10 - 0.3),
      8,
    );
    const options = { vectorSize: 8, minCount: 1, epochs: 1, sg: 1 as const, alpha: 1e-7, minAlpha: 1e-7, seed: 3 };
    const started = await train(text, options, { device: 'cpu', startFrom: from });
    const fresh = await train(text, options, { device: 'cpu' });
    expect(started.report.wordsStartedFrom).toBe(2); // cat and bus; zebra is not in the text
    expect(fresh.report.wordsStartedFrom).toBe(0);
    // With a learning rate of 1e-7 the vectors barely move from where they started.
    for (const word of ['cat', 'bus']) {
      const got = started.wv.getVector(word);
      const want = from.getVector(word);
      for (let k = 0; k < 8; k++) expect(got[k]).toBeCloseTo(want[k]!, 4);
    }
    expect(Array.from(started.wv.getVector('dog'))).toEqual(Array.from(fresh.wv.getVector('dog')));
    started.destroy();
    fresh.destroy();
  });

  it('refuses vectors of another size, naming the fix', async () => {
    const from = new KeyedVectors(['cat'], new Float32Array(5), 5);
    await expect(train(text, { vectorSize: 8, minCount: 1, epochs: 1 }, { device: 'cpu', startFrom: from })).rejects.toThrow(
      /have 5 values a word and this run 8: set `vectorSize` to 5/,
    );
  });
});
