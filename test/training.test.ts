import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { describeLoss } from '../src/word2vec/options';
import { train } from '../src/word2vec/train';
import { testGpu } from './helpers/gpu';

/** The start of text8 (Wikipedia), from the project's shared data. */
function text8(chars: number): string {
  const gz = readFileSync(new URL('../../shared/data/corpora/text8.head.gz', import.meta.url));
  return gunzipSync(gz).subarray(0, chars).toString('latin1');
}

/** Pairs that a model trained on a little text8 should already place near each other. */
const RELATED = [
  ['war', 'battle'],
  ['january', 'february'],
  ['france', 'paris'],
  ['one', 'two'],
] as const;

describe('training on real text (rank bounds)', () => {
  it('CPU path, skip-gram: related words rank near each other', async () => {
    const model = await train(text8(2_000_000), { sg: 1, vectorSize: 50, sample: 1e-4, epochs: 3 }, { device: 'cpu' });
    const ranks = await Promise.all(RELATED.map(([a, b]) => model.wv.rank(a, b)));
    console.log('CPU skip-gram ranks', ranks, 'of', model.wv.size);
    expect(model.report.cpuKernels).toBe('simd');
    // Of ~6,600 words (chance is ~3,300): each pair in the top 10%, and half of them in the top 50.
    // On this much text a rarer pair's rank moves by hundreds with any change to the draws (france/paris:
    // 155 with a unigram noise table, 448 with the alias table; 49 and 60 on the 10M-character benchmark).
    for (const r of ranks) expect(r).toBeLessThanOrEqual(660);
    expect(ranks.filter((r) => r <= 50).length).toBeGreaterThanOrEqual(2);
    expect(model.report.finalLoss).toBeLessThan(3); // untrained: 6 ln 2 = 4.16
    model.destroy();
  });

  it('GPU (SwiftShader here, the window kernel with its default lanes), skip-gram: related words rank near each other', async () => {
    const context = await testGpu();
    const model = await train(text8(1_000_000), { sg: 1, vectorSize: 32, sample: 1e-4, epochs: 3 }, { device: 'gpu', gpuDevice: context.device });
    expect(model.report.device).toBe('gpu');
    expect(model.wv.queryDevice).toBe('gpu');
    const ranks = await Promise.all([model.wv.rank('one', 'two'), model.wv.rank('january', 'february')]);
    console.log('GPU skip-gram ranks', ranks, 'of', model.wv.size);
    for (const r of ranks) expect(r).toBeLessThanOrEqual(300); // of ~4,000 words: chance is ~2,000
    expect(model.report.finalLoss).toBeLessThan(3);
    model.destroy();
  });

  it('CPU path, hierarchical softmax alone (skip-gram): related words rank near each other, and the report says which loss', async () => {
    const model = await train(text8(2_000_000), { sg: 1, vectorSize: 50, sample: 1e-4, epochs: 3, hs: 1, negative: 0 }, { device: 'cpu' });
    const ranks = await Promise.all(RELATED.map(([a, b]) => model.wv.rank(a, b)));
    console.log('CPU hierarchical-softmax ranks', ranks, 'of', model.wv.size);
    expect(model.report.cpuKernels).toBe('simd');
    expect(describeLoss(model.report.options)).toBe('hierarchical softmax');
    for (const r of ranks) expect(r).toBeLessThanOrEqual(660);
    expect(ranks.filter((r) => r <= 50).length).toBeGreaterThanOrEqual(2);
    model.destroy();
  });

  it('GPU (SwiftShader), hierarchical softmax beside negative sampling (CBOW): related words rank near each other', async () => {
    const context = await testGpu();
    const model = await train(text8(1_000_000), { sg: 0, vectorSize: 32, sample: 1e-4, epochs: 3, hs: 1 }, { device: 'gpu', gpuDevice: context.device });
    expect(model.report.device).toBe('gpu');
    expect(describeLoss(model.report.options)).toBe('hierarchical softmax and negative sampling (5 noise words)');
    expect([model.syn1neg.length, model.syn1.length]).toEqual([model.wv.size * 32, model.wv.size * 32]);
    const ranks = await Promise.all([model.wv.rank('one', 'two'), model.wv.rank('january', 'february')]);
    console.log('GPU hierarchical softmax + negative sampling CBOW ranks', ranks, 'of', model.wv.size);
    for (const r of ranks) expect(r).toBeLessThanOrEqual(300);
    model.destroy();
  });
});
