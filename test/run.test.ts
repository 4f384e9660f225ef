import { describe, expect, it } from 'vitest';
import { Word2VecError } from '../src/core/errors';
import { makeSchedule, type DispatchParams } from '../src/word2vec/schedule';
import type { BatchStats, TrainingEngine } from '../src/word2vec/engine';
import { PauseController } from '../src/word2vec/pause';
import { runTraining, type Progress } from '../src/word2vec/run';

/** A pause that says when training reaches it: `reached` resolves once the run waits on it. */
class HeldPause extends PauseController {
  private arrive = (): void => {};
  readonly reached = new Promise<void>((resolve) => (this.arrive = resolve));
  override wait(signal?: AbortSignal): Promise<void> {
    if (this.paused) this.arrive();
    return super.wait(signal);
  }
}

/** An engine that counts batches, "trains" by bumping syn0, and is lost during the given epoch. */
class FlakyEngine implements TrainingEngine {
  readonly batchesAhead = 2;
  batches = 0;
  syn0 = new Float32Array(4);
  destroyed = false;
  constructor(private readonly lostInEpoch: number) {}
  async submitBatch(dispatches: readonly DispatchParams[]): Promise<BatchStats> {
    if (dispatches[0]!.epoch === this.lostInEpoch) throw new Word2VecError('DEVICE_LOST', 'The GPU device was lost.');
    this.batches++;
    this.syn0[dispatches[0]!.epoch]! += 1;
    return { loss: 2 * dispatches.length, examples: dispatches.length };
  }
  async readMatrices() {
    return { syn0: this.syn0.slice(), syn1: new Float32Array(4) };
  }
  async readInputVectors() {
    return this.syn0.slice();
  }
  destroy(): void {
    this.destroyed = true;
  }
}

describe('training driver', () => {
  it('reports progress up to 100% with the mean loss per example', async () => {
    const reports: Progress[] = [];
    const result = await runTraining(new FlakyEngine(-1), {
      schedule: makeSchedule(1_000_000, 64, 2),
      rate: { alpha: 0.025, minAlpha: 0.0001, seed: 1 },
      wordCount: 900_000,
      onProgress: (p) => reports.push(p),
    });
    expect(reports.at(-1)!.progress).toBe(1);
    expect(reports.at(-1)!.wordsDone).toBeCloseTo(1_800_000, -1);
    expect(reports.every((p) => p.loss === 2)).toBe(true);
    expect(result.finalLoss).toBe(2);
    expect(result.wordsDone).toBe(1_800_000);
  });

  it('a device lost mid-run keeps the vectors of the last completed epoch', async () => {
    const engine = new FlakyEngine(2);
    const error = await runTraining(engine, { schedule: makeSchedule(1_000_000, 64, 3), rate: { alpha: 0.025, minAlpha: 0.0001, seed: 1 }, wordCount: 1_000_000 }).catch(
      (e: Word2VecError) => e,
    );
    expect(error).toBeInstanceOf(Word2VecError);
    expect((error as Word2VecError).code).toBe('DEVICE_LOST');
    expect((error as Word2VecError).checkpoint?.epochsDone).toBe(2);
    const [first, second, third] = (error as Word2VecError).checkpoint!.syn0;
    expect(first).toBeGreaterThan(0); // one bump per batch of epochs 0 and 1, none of epoch 2
    expect(second).toBe(first);
    expect(third).toBe(0);
  });

  it('pause holds the next batch until resume, and paused time is not counted', async () => {
    const engine = new FlakyEngine(-1);
    const held = new HeldPause();
    const schedule = makeSchedule(1_000_000, 64, 2, 'cpu'); // many small batches
    let now = 0; // the run's clock: it moves only while training is held
    let reports = 0;
    const run = runTraining(engine, {
      schedule,
      rate: { alpha: 0.025, minAlpha: 0.0001, seed: 1 },
      wordCount: 1_000_000,
      pause: held,
      clock: () => now,
      onProgress: () => {
        if (++reports === 2) held.pause();
      },
    });
    await held.reached;
    const heldAt = engine.batches;
    expect(heldAt).toBeLessThan(6);
    now += 5000;
    for (let i = 0; i < 20; i++) await Promise.resolve(); // whatever could run now, has
    expect(engine.batches).toBe(heldAt);
    held.resume();
    const result = await run;
    expect(result.pausedSeconds).toBe(5);
    expect(result.seconds).toBe(0);
    expect(result.wordsDone).toBe(2_000_000);
  });

  it('cancelling while paused ends the run at once', async () => {
    const held = new HeldPause();
    const abort = new AbortController();
    held.pause();
    const run = runTraining(new FlakyEngine(-1), {
      schedule: makeSchedule(1_000_000, 64, 2),
      rate: { alpha: 0.025, minAlpha: 0.0001, seed: 1 },
      wordCount: 1_000_000,
      pause: held,
      signal: abort.signal,
    });
    await held.reached;
    abort.abort(new DOMException('Training was cancelled.', 'AbortError'));
    await expect(run).rejects.toThrow('cancelled');
  });

  it('a loss that grows past 4x its first value stops with DIVERGED, keeping the last completed epoch', async () => {
    const engine = new FlakyEngine(-1);
    let batch = 0;
    engine.submitBatch = async (dispatches) => {
      batch++;
      engine.syn0[dispatches[0]!.epoch]! += 1;
      // Falls at first, then climbs in the second epoch, as an overfitted, saturated run does.
      const perExample = dispatches[0]!.epoch === 0 ? 1 / batch : 5 * batch;
      return { loss: perExample * dispatches.length, examples: dispatches.length };
    };
    const error = await runTraining(engine, { schedule: makeSchedule(1_000_000, 64, 3, 'cpu'), rate: { alpha: 0.025, minAlpha: 0.0001, seed: 1 }, wordCount: 1_000_000 }).catch(
      (e: Word2VecError) => e,
    );
    expect(error).toBeInstanceOf(Word2VecError);
    expect((error as Word2VecError).code).toBe('DIVERGED');
    expect((error as Word2VecError).message).toMatch(/the loss grew to .* over 4x its first 1\.000/);
    expect((error as Word2VecError).checkpoint?.epochsDone).toBe(1);
  });
});
