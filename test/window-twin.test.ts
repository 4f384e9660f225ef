import { describe, expect, it } from 'vitest';
import { batches, makeSchedule } from '../src/word2vec/schedule';
import { initialInputVectors, keepProbabilities, noiseTable } from '../src/core/noise-tables';
import type { KernelConfig } from '../src/word2vec/kernel-contract';
import { WindowTwin } from '../src/word2vec/gpu/window-twin';
import { syntheticCorpus } from './helpers/twin';

function trained(config: KernelConfig, lanes: number, lockstep: boolean): WindowTwin {
  const { ids, counts } = syntheticCorpus(2000, config.vocabSize, 5);
  const inputs = { corpus: ids, keepProbability: keepProbabilities(counts, 0.01), noiseTable: noiseTable(counts, 0.75) };
  const syn0 = initialInputVectors(config.vocabSize, config.dim, 3);
  const twin = new WindowTwin(config, inputs, syn0, new Float32Array(syn0.length));
  for (const batch of batches(makeSchedule(ids.length, lanes, 2, 'software-gpu'), { alpha: 0.05, minAlpha: 0.0001, seed: 2 })) {
    for (const p of batch) twin.runDispatch(p, lockstep);
  }
  return twin;
}

describe('window twin: lanes in lock-step rounds (what racing walkers do at worst)', () => {
  const config: KernelConfig = { dim: 8, window: 3, negative: 3, vocabSize: 30, cbow: false, loss: 'ns', treeDepth: 0 };

  it('with one lane, lock-step rounds change nothing', () => {
    const a = trained(config, 1, false);
    const b = trained(config, 1, true);
    expect(b.syn0).toEqual(a.syn0);
    expect(b.syn1).toEqual(a.syn1);
  });

  it('with many lanes on a small vocabulary, writes to the same rows in one round overwrite each other', () => {
    const inTurn = trained(config, 64, false);
    const lockstep = trained(config, 64, true);
    let difference = 0;
    for (let i = 0; i < inTurn.syn1.length; i++) difference = Math.max(difference, Math.abs(inTurn.syn1[i]! - lockstep.syn1[i]!));
    expect(difference).toBeGreaterThan(1e-3);
    // Lost updates: the output vectors move less from zero than when every change lands.
    const norm = (m: Float32Array): number => Math.hypot(...m);
    expect(norm(lockstep.syn1)).toBeLessThan(norm(inTurn.syn1));
  });
});
