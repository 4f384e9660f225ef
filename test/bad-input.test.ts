import { describe, expect, it } from 'vitest';
import { train } from '../src/word2vec/train';
import { resolveOptions } from '../src/word2vec/options';
import { requestGpu } from '../src/runtime/gpu-device';
import { checkFits } from '../src/word2vec/gpu/gpu-fit';
import { Word2VecError } from '../src/core/errors';

async function failure(promise: Promise<unknown>): Promise<Word2VecError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Word2VecError);
  return error as Word2VecError;
}

describe('impossible options are rejected with the fix', () => {
  it.each([
    [{ vectorSize: 0 }, /`vectorSize` must be a whole number from 1/],
    [{ window: 0 }, /`window` must be a whole number from 1/],
    [{ negative: 0 }, /`negative=0` with `hs=0` trains nothing: use `negative=5`/],
    [{ alpha: -1 }, /`alpha` \(the learning rate\) must be above 0/],
    [{ epochs: 0 }, /`epochs` must be a whole number of at least 1/],
    [{ sample: 2 }, /`sample` must be from 0/],
    [{ hs: 2 as 1 }, /`hs` must be 1 \(hierarchical softmax\) or 0, not 2/],
    [{ hs: 1 as const, loss: 'softmax' as const }, /`hs=1` and `loss=softmax` are two different output layers/],
  ])('%o', (options, message) => {
    expect(() => resolveOptions(options)).toThrow(message);
  });
  it('hierarchical softmax trains alone (negative 0) or beside negative sampling', () => {
    expect(resolveOptions({ hs: 1, negative: 0 })).toMatchObject({ hs: 1, negative: 0, loss: 'ns' });
    expect(resolveOptions({ hs: 1 })).toMatchObject({ hs: 1, negative: 5 });
  });
  it('negative 0 is fine with the full softmax', () => {
    expect(resolveOptions({ negative: 0, loss: 'softmax' }).negative).toBe(0);
  });
});

describe('device problems', () => {
  it('no WebGPU at all, or no adapter, names the CPU path', async () => {
    expect((await failure(requestGpu(undefined))).message).toMatch(/`device=cpu`/);
    const noAdapter = { requestAdapter: async () => null } as unknown as GPU;
    const error = await failure(train('a b a b', { minCount: 1, epochs: 1 }, { device: 'gpu', gpu: noAdapter }));
    expect(error.code).toBe('NO_ADAPTER');
    expect(error.message).toMatch(/`device=cpu`/);
  });
  it('auto falls back to the CPU with a notice when there is no adapter', async () => {
    const notices: string[] = [];
    const noAdapter = { requestAdapter: async () => null } as unknown as GPU;
    const model = await train('a b c a b c a b c', { minCount: 1, epochs: 1, vectorSize: 8 }, { device: 'auto', gpu: noAdapter, onNotice: (m) => notices.push(m) });
    expect(model.report.device).toBe('cpu');
    expect(notices.join()).toMatch(/Using the CPU instead/);
    model.destroy();
  });
  it('a vocabulary too large for the device names the limit and the fixes', () => {
    const device = { limits: { maxStorageBufferBindingSize: 128 << 20, maxBufferSize: 256 << 20 } } as unknown as GPUDevice;
    expect(() => checkFits(device, 1_000_000, 300, 1000)).toThrow(
      /1000000 words x 300 dimensions needs 1144 MiB per matrix, above 2 x its 128 MiB storage-buffer limit. Keep at most 223696 words/,
    );
    expect(() => checkFits(device, 10_000, 100, 1000)).not.toThrow();
    expect(() => checkFits(device, 200_000, 300, 1000)).not.toThrow(); // 229 MiB: two buffers of 114 MiB
  });
});

describe('divergence', () => {
  it('a learning rate so high that the loss becomes NaN is detected and reported with a hint', async () => {
    const text = Array.from({ length: 3000 }, (_, i) => `w${(i * 7) % 13}`).join(' ');
    const error = await failure(train(text, { minCount: 1, epochs: 3, alpha: 1e30, minAlpha: 1e30, vectorSize: 8, sg: 1 }, { device: 'cpu' }));
    expect(error.code).toBe('DIVERGED');
    expect(error.message).toMatch(/Lower the learning rate \(`alpha`/);
  });
});

describe('memory', () => {
  it('a run whose matrices would take most of the memory stops before allocating them, with the fix', async () => {
    const text = Array.from({ length: 3000 }, (_, i) => `w${i % 300}`).join(' ');
    // 300 words x 4,096 values: 24 MiB on the CPU path, against 20 MB of "memory".
    const error = await failure(train(text, { minCount: 1, epochs: 1, vectorSize: 4096 }, { device: 'cpu', memoryBytes: 20e6 }));
    expect(error.code).toBe('TOO_LARGE_FOR_DEVICE');
    expect(error.message).toMatch(
      /300 words x 4096 dimensions need about 24 MiB of memory, and the corpus of 3,000 words 1 MiB: together more than 80% of this machine's 20 MiB\. Keep fewer words \(raise `minCount`/,
    );
    const model = await train(text, { minCount: 1, epochs: 1, vectorSize: 16 }, { device: 'cpu', memoryBytes: 20e6 });
    expect(model.wv.size).toBe(300);
    model.destroy();
  });

  it('a corpus whose word ids would take most of the memory stops while it is read, saying how big it is', async () => {
    const text = 'a '.repeat(2_000_000); // 2 million words: 8 MB as ids, 16 MB while the buffer doubles
    const error = await failure(train(text, { minCount: 1, epochs: 1, vectorSize: 8 }, { device: 'cpu', memoryBytes: 10e6 }));
    expect(error.code).toBe('TOO_LARGE_FOR_DEVICE');
    expect(error.message).toMatch(
      /^The training text is too large to hold in memory: after [\d,]+ words and sentence ends \(\d+ MiB as word ids, which would grow to \d+ MiB\), it passes 80% of this machine's memory \(10 MiB\)\. Train on a part of the text/,
    );
    // Once read, the corpus counts in the guard with the matrices: 1,000 words x 512 dimensions take
    // 10 MB on the CPU path (under 80% of 16 MB), and with 1 million words of ids (4 MiB) they pass it.
    const text2 = Array.from({ length: 1_000_000 }, (_, i) => `w${i % 1000}`).join(' ');
    const counted = await failure(train(text2, { minCount: 1, epochs: 1, vectorSize: 512 }, { device: 'cpu', memoryBytes: 16e6 }));
    expect(counted.message).toMatch(
      /^1000 words x 512 dimensions need about 10 MiB of memory, and the corpus of 1,000,000 words 4 MiB: together more than 80% of this machine's 16 MiB/,
    );
    const model = await train(text2, { minCount: 1, epochs: 1, vectorSize: 8 }, { device: 'cpu', memoryBytes: 16e6 });
    expect(model.report.corpusWords).toBe(1_000_000);
    model.destroy();
  });
});
