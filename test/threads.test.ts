import { describe, expect, it } from 'vitest';
import { text8 } from './helpers/text8';
import { createCpuWeights, openKernels, readCpuWeights } from '../src/word2vec/cpu/cpu-weights';
import { buildHuffmanTree } from '../src/word2vec/huffman';
import type { KernelConfig, KernelInputs } from '../src/word2vec/kernel-contract';
import type { CpuWeights } from '../src/word2vec/cpu/cpu-weights';
import { ThreadedCpuTrainer } from '../src/word2vec/cpu/threaded-trainer';
import { serveKernels, type ThreadReply, type TrainingThread } from '../src/word2vec/cpu/thread-service';
import { batches, makeSchedule } from '../src/word2vec/schedule';
import { initialInputVectors, keepProbabilities, noiseTable } from '../src/core/noise-tables';
import { prepareCorpus } from '../src/text/corpus';
import { train } from '../src/word2vec/train';

/** A "thread" that runs in this thread, one message at a time: deterministic, for exact comparisons. */
function inProcessThread(): TrainingThread {
  let handler: (reply: ThreadReply) => void = () => {};
  const serve = serveKernels((reply) => queueMicrotask(() => handler(reply)));
  return { post: serve, onMessage: (h) => (handler = h), onFailure: () => {}, terminate: () => {} };
}

/** Both threads' kernels over one two-thread model. */
function openKernelsFor(model: CpuWeights, config: KernelConfig, inputs: KernelInputs): ReturnType<typeof openKernels>[] {
  return [0, 1].map((thread) => openKernels(model, config, inputs, thread));
}

describe('the CPU path on several threads', () => {
  it('splits each dispatch by lanes over one shared model: with the threads taking turns it equals one thread run lane range by lane range', async () => {
    const prepared = await prepareCorpus(text8(200_000), { minCount: 5 });
    for (const [kind, cbow] of [
      ['twin', false],
      ['twin', true],
      ['simd', false],
      ['simd', true],
    ] as const) {
      const config: KernelConfig = { dim: 16, window: 3, negative: 4, vocabSize: prepared.vocabulary.size, cbow, loss: 'ns', treeDepth: 0 };
      const inputs = { corpus: prepared.ids, keepProbability: keepProbabilities(prepared.vocabulary.counts, 1e-3), noiseTable: noiseTable(prepared.vocabulary.counts, 0.75) };
      const syn0 = initialInputVectors(config.vocabSize, config.dim, 1);
      const schedule = makeSchedule(prepared.ids.length, 3, 2, 'cpu');
      const singleModel = createCpuWeights(config, syn0, 1, kind);
      const single = openKernels(singleModel, config, inputs, 0);
      const threaded = new ThreadedCpuTrainer(config, inputs, syn0, [inProcessThread(), inProcessThread()], kind);
      expect([singleModel.kind, threaded.kernelKind]).toEqual([kind, kind]);
      let singleLoss = 0;
      let threadedLoss = 0;
      for (const batch of batches(schedule, { alpha: 0.025, minAlpha: 0.0001, seed: 1 })) {
        for (const dispatch of batch) singleLoss += single.runDispatch(dispatch, 0, 1).loss + single.runDispatch(dispatch, 1, 3).loss; // 3 lanes over 2 threads
        threadedLoss += (await threaded.submitBatch(batch)).loss;
      }
      const a = readCpuWeights(singleModel, config);
      const b = await threaded.readMatrices();
      expect(b.syn0).toEqual(a.syn0);
      expect(b.syn1).toEqual(a.syn1);
      expect(threadedLoss).toBeCloseTo(singleLoss, 6);
      expect(a.syn0).not.toEqual(syn0); // it trained
    }
  });

  it("hierarchical softmax on threads: a thread trains private copies of the tree's top rows and folds them back, so that alone it equals one thread on shared rows", async () => {
    const prepared = await prepareCorpus(text8(200_000), { minCount: 5 });
    const tree = buildHuffmanTree(prepared.vocabulary.counts);
    const config: KernelConfig = { dim: 16, window: 3, negative: 0, vocabSize: prepared.vocabulary.size, cbow: false, loss: 'ns', treeDepth: tree.stride };
    const inputs = { corpus: prepared.ids, keepProbability: keepProbabilities(prepared.vocabulary.counts, 1e-3), noiseTable: noiseTable(prepared.vocabulary.counts, 0.75), tree };
    const syn0 = initialInputVectors(config.vocabSize, config.dim, 1);
    const single = createCpuWeights(config, syn0, 1);
    const pair = createCpuWeights(config, syn0, 2);
    expect(single.kind === 'simd' && single.layout.hotRows).toBe(0);
    expect(pair.kind === 'simd' && pair.layout.hotRows).toBe(64);
    const one = openKernels(single, config, inputs, 0);
    const [first] = openKernelsFor(pair, config, inputs);
    for (const batch of batches(makeSchedule(prepared.ids.length, 2, 2, 'cpu'), { alpha: 0.025, minAlpha: 0.0001, seed: 1 })) {
      for (const dispatch of batch) {
        expect(first!.runDispatch(dispatch, 0, 1)).toEqual(one.runDispatch(dispatch, 0, 1)); // thread 0's lane only
      }
    }
    const a = readCpuWeights(single, config);
    const b = readCpuWeights(pair, config);
    expect(b.syn0).toEqual(a.syn0);
    expect(b.syn1).toEqual(a.syn1); // the top rows folded back after every dispatch
    expect(Math.max(...b.syn1.subarray(b.syn1.length - 64 * config.dim).map(Math.abs))).toBeGreaterThan(0.01); // and they trained
  });

  it('a thread that is done with its part of a batch runs on into the next without waiting for a slower one', async () => {
    const prepared = await prepareCorpus(text8(100_000), { minCount: 5 });
    const config: KernelConfig = { dim: 16, window: 3, negative: 4, vocabSize: prepared.vocabulary.size, cbow: false, loss: 'ns', treeDepth: 0 };
    const inputs = { corpus: prepared.ids, keepProbability: keepProbabilities(prepared.vocabulary.counts, 1e-3), noiseTable: noiseTable(prepared.vocabulary.counts, 0.75) };
    // Thread 1 holds its replies until released; thread 0 answers at once. A latch opens once thread
    // 0 has run all three batches and thread 1 holds its three parts (no waiting on the clock).
    const held: (() => void)[] = [];
    let fastRuns = 0;
    let open = (): void => {};
    const latch = new Promise<void>((resolve) => (open = resolve));
    const check = (): void => {
      if (fastRuns === 3 && held.length === 3) open();
    };
    const fast = inProcessThread();
    const slow = inProcessThread();
    const slowThread: TrainingThread = {
      ...slow,
      post: (message) => {
        if (message.type === 'init') slow.post(message);
        else held.push(() => slow.post(message));
        check();
      },
    };
    const fastThread: TrainingThread = {
      ...fast,
      post: (message) => {
        fast.post(message);
        if (message.type === 'run') fastRuns++;
        check();
      },
    };
    const trainer = new ThreadedCpuTrainer(config, inputs, initialInputVectors(config.vocabSize, config.dim, 1), [fastThread, slowThread], 'simd');
    expect(trainer.batchesAhead).toBeGreaterThanOrEqual(2);
    const [first, second, third] = [...batches(makeSchedule(prepared.ids.length, 2, 3, 'cpu'), { alpha: 0.025, minAlpha: 0.0001, seed: 1 })]; // one batch per epoch
    const done: number[] = [];
    const pending = [first!, second!, third!].map((batch, i) =>
      trainer.submitBatch(batch).then((stats) => {
        done.push(i);
        return stats;
      }),
    );
    await latch;
    expect(fastRuns).toBe(3); // all three batches ran on the fast thread
    expect(held).toHaveLength(3);
    expect(done).toEqual([]); // none is done before the slow thread's part
    for (const release of held.splice(0)) release();
    const stats = await Promise.all(pending);
    expect(done).toEqual([0, 1, 2]);
    for (const s of stats) expect(s.examples).toBeGreaterThan(0);
    trainer.destroy();
  });

  it('a thread that dies fails the run with a message naming the fix', async () => {
    const dying: TrainingThread = {
      post: () => {},
      onMessage: () => {},
      onFailure: (handler) => setTimeout(() => handler(new Error('out of memory')), 10),
      terminate: () => {},
    };
    const error = await train(text8(100_000), { epochs: 1 }, { device: 'cpu', threads: 2, spawnThread: () => dying }).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'CPU_THREAD' });
    expect((error as Error).message).toMatch(/out of memory.*`threads=1`/);
  });

  it('more than one thread without a way to start them is refused', async () => {
    await expect(train('a b c a b c', { minCount: 1 }, { device: 'cpu', threads: 2 })).rejects.toMatchObject({ code: 'BAD_OPTION' });
  });
});
