// Quality when threads race (Hogwild): two worker_threads on one model. The races make each run's
// vectors differ, so these bounds hold in most runs, not all. Measured failure rate: RATE_HOGWILD.
// Rerun the measurement: scripts/repeat-tests.sh 30 test/statistical/quality-hogwild.test.ts
import { describe, expect, it } from 'vitest';
import { spawnNodeKernelThread } from '../../src/word2vec/cpu/node-kernel-thread';
import { train } from '../../src/word2vec/train';
import { text8 } from '../helpers/text8';

describe('two CPU threads racing on one model (statistical)', () => {
  for (const [name, outputs] of [
    ['negative sampling', {}],
    ['hierarchical softmax', { hs: 1 as const, negative: 0 }],
  ] as const) {
    it(`two worker_threads train as well as one thread (rank bounds on text8, ${name})`, async () => {
      const text = text8(2_000_000);
      const options = { sg: 1 as const, vectorSize: 50, sample: 1e-4, epochs: 3, ...outputs };
      const model = await train(text, options, { device: 'cpu', threads: 2, spawnThread: spawnNodeKernelThread });
      const ranks = await Promise.all([model.wv.rank('war', 'battle'), model.wv.rank('one', 'two'), model.wv.rank('january', 'february'), model.wv.rank('france', 'paris')]);
      console.log('CPU 2 threads skip-gram ranks', ranks, 'of', model.wv.size, Math.round(model.report.wordsPerSec), 'words/s');
      expect(model.report.cpuKernels).toBe('simd');
      // Of 6,611 words (chance: ~3,300). One thread (training.test.ts, deterministic) puts france/paris
      // at 448-453; two threads race (Hogwild), and with hierarchical softmax three runs gave 440,
      // 658 and 815 for it, the other pairs staying within 62: so 1,000 rather than one thread's 660.
      for (const r of ranks) expect(r).toBeLessThanOrEqual(1000);
      expect(ranks.filter((r) => r <= 50).length).toBeGreaterThanOrEqual(2);
      expect(model.report.finalLoss).toBeLessThan(outputs === undefined || !('hs' in outputs) ? 3 : 9);
      model.destroy();
    });
  }
});
