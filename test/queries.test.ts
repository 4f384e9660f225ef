// KeyedVectors against the real peer: gensim loads the same vector file and answers the same
// questions; the project answers them on the CPU and on the GPU (SwiftShader here).
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { train } from '../src/word2vec/train';
import type { KeyedVectors, Neighbour } from '../src/search/keyed-vectors';
import { readVectors } from '../src/search/read-vectors';
import { word2vecChunks } from '../src/search/word2vec-format';
import { testGpu } from './helpers/gpu';

const data = new URL('../../shared/data/', import.meta.url).pathname;
const analogies = join(data, 'eval/questions-words.txt');
const wordsim = join(data, 'eval/wordsim353/combined.tab');

const GENSIM = `import json, sys
from gensim.models import KeyedVectors
kv = KeyedVectors.load_word2vec_format(sys.argv[1], binary=True)
pairs = lambda sims: [w for w, _ in sims]
score, sections = kv.evaluate_word_analogies(sys.argv[2], restrict_vocab=30000)
pearson, spearman, oov = kv.evaluate_word_pairs(sys.argv[3])
print(json.dumps({
  'war': pairs(kv.most_similar(positive=['war'], topn=10)),
  'analogy': pairs(kv.most_similar(positive=['paris', 'germany'], negative=['france'], topn=10)),
  'restricted': pairs(kv.most_similar(positive=['city'], topn=10, restrict_vocab=2000)),
  'cosmul': pairs(kv.most_similar_cosmul(positive=['paris', 'germany'], negative=['france'], topn=10)),
  'by_vector': pairs(kv.similar_by_vector(kv['king'], topn=5)),
  'doesnt_match': kv.doesnt_match(['one', 'two', 'three', 'war']),
  'similarity': float(kv.similarity('one', 'two')),
  'n_similarity': float(kv.n_similarity(['one', 'two'], ['three', 'war'])),
  'rank': kv.rank('one', 'two'),
  'analogies': {'accuracy': score, 'sections': {s['section']: [len(s['correct']), len(s['correct']) + len(s['incorrect'])] for s in sections}},
  'pairs': {'pearson': float(pearson[0]), 'spearman': float(spearman[0]), 'oov': oov},
}))`;

interface GensimAnswers {
  war: string[];
  analogy: string[];
  restricted: string[];
  cosmul: string[];
  by_vector: string[];
  doesnt_match: string;
  similarity: number;
  n_similarity: number;
  rank: number;
  analogies: { accuracy: number; sections: Record<string, [number, number]> };
  pairs: { pearson: number; spearman: number; oov: number };
}

const words = (neighbours: Neighbour[]): string[] => neighbours.map((n) => n.word);

describe('queries and evaluation agree with gensim on the same vector file', () => {
  let path: string;
  let gensim: GensimAnswers;
  let cpu: KeyedVectors;
  let gpu: KeyedVectors;

  beforeAll(async () => {
    const text = gunzipSync(readFileSync(join(data, 'corpora/text8.head.gz'))).subarray(0, 4_000_000);
    const model = await train(text, { sg: 0, vectorSize: 50, sample: 1e-4, epochs: 5 }, { device: 'cpu' });
    path = join(mkdtempSync(join(tmpdir(), 'w2v-queries-')), 'vectors.bin');
    writeFileSync(path, Buffer.concat([...word2vecChunks(model.wv, { binary: true })]));
    model.destroy();
    gensim = JSON.parse(execFileSync('/usr/bin/python3', ['-c', GENSIM, path, analogies, wordsim], { encoding: 'utf8' }));
    cpu = await readVectors(createReadStream(path));
    gpu = await readVectors(createReadStream(path));
    await gpu.useGpu((await testGpu()).device);
  }, 120_000);

  for (const where of ['cpu', 'gpu'] as const) {
    const kv = (): KeyedVectors => (where === 'cpu' ? cpu : gpu);

    it(`${where}: mostSimilar, mostSimilarCosmul, similarByVector, restrictVocab give gensim's rankings`, async () => {
      expect(kv().queryDevice).toBe(where);
      expect(words(await kv().mostSimilar({ positive: ['war'] }))).toEqual(gensim.war);
      expect(words(await kv().mostSimilar({ positive: ['paris', 'germany'], negative: ['france'] }))).toEqual(gensim.analogy);
      expect(words(await kv().mostSimilar({ positive: ['city'], restrictVocab: 2000 }))).toEqual(gensim.restricted);
      expect(words(await kv().mostSimilarCosmul({ positive: ['paris', 'germany'], negative: ['france'] }))).toEqual(gensim.cosmul);
      expect(words(await kv().similarByVector(kv().getVector('king'), { topn: 5 }))).toEqual(gensim.by_vector);
      expect(await kv().rank('one', 'two')).toBe(gensim.rank);
    });

    it(`${where}: analogy accuracy and WordSim-353 within 0.1 point / 0.001 of gensim`, async () => {
      const result = await kv().evaluateWordAnalogies(createReadStream(analogies));
      console.log(
        `${where} analogies ${(result.accuracy * 100).toFixed(2)}% (${result.correct}/${result.total}, ${result.oov} OOV); gensim ${(gensim.analogies.accuracy * 100).toFixed(2)}%`,
      );
      expect(result.total).toBeGreaterThan(1000);
      expect(Math.abs(result.accuracy - gensim.analogies.accuracy)).toBeLessThanOrEqual(0.001);
      expect(result.questions).toBe(19544);
      for (const [name, [, total]] of Object.entries(gensim.analogies.sections)) {
        if (name !== 'Total accuracy') expect(result.sections[name]?.total).toBe(total);
      }
      const pairs = await kv().evaluateWordPairs(createReadStream(wordsim));
      expect(Math.abs(pairs.spearman - gensim.pairs.spearman)).toBeLessThanOrEqual(0.001);
      expect(Math.abs(pairs.pearson - gensim.pairs.pearson)).toBeLessThanOrEqual(0.001);
      expect(pairs.oov * 100).toBeCloseTo(gensim.pairs.oov, 6);
    });
  }

  it('similarity, nSimilarity and doesntMatch match gensim', () => {
    expect(cpu.similarity('one', 'two')).toBeCloseTo(gensim.similarity, 5);
    expect(cpu.nSimilarity(['one', 'two'], ['three', 'war'])).toBeCloseTo(gensim.n_similarity, 5);
    expect(cpu.doesntMatch(['one', 'two', 'three', 'war'])).toBe(gensim.doesnt_match);
  });

  it('word pairs: tab, comma or space separated, with or without a header, CRLF, extra columns', async () => {
    const rows = [
      ['one', 'two', '9'],
      ['war', 'battle', '8'],
      ['city', 'three', '2'],
      ['france', 'paris', '7'],
      ['one', 'qqqzzz', '5'],
    ];
    const layouts = [
      `Word 1\tWord 2\tHuman (mean)\r\n${rows.map((r) => r.join('\t')).join('\r\n')}\r\n`,
      rows.map((r) => `${r.join(' ')} 1 2 3`).join('\n'),
      `# comment\n${rows.map((r) => r.join(',')).join('\n')}\n`,
    ];
    const results = await Promise.all(layouts.map((text) => cpu.evaluateWordPairs(text)));
    for (const r of results) expect(r).toEqual(results[0]);
    expect(results[0]).toMatchObject({ pairs: 4, oov: 0.2 });
  });

  it('bad queries say what is wrong', async () => {
    await expect(cpu.mostSimilar({ positive: ['qqqzzz'] })).rejects.toThrow(/"qqqzzz" is not in the vocabulary/);
    await expect(cpu.mostSimilar({})).rejects.toThrow(/needs at least one positive or negative word/);
    await expect(cpu.similarByVector(new Float32Array(3))).rejects.toThrow(/needs 50 values, not 3/);
    await expect(cpu.mostSimilar({ positive: ['war'], restrictVocab: 0 })).rejects.toThrow(/restrictVocab must be a whole number/);
    await expect(cpu.evaluateWordAnalogies('king queen man woman\n')).rejects.toThrow(/line 1 comes before any ": section" line/);
    await expect(cpu.evaluateWordPairs('Word 1\tWord 2\tHuman (mean)\nqqqzzz war 5\n')).rejects.toThrow(/No word pair could be scored \(1 pairs had a word outside/);
  });
});
