import { describe, expect, it } from 'vitest';
import { TrailingMean } from '../src/page/trailing-mean';

describe("the loss chart's mean over the last epoch", () => {
  it('cancels a wave that repeats every epoch, leaving the trend', () => {
    // 4 epochs of 50 batches: a wave of amplitude 1 that each epoch repeats, on a trend falling by 0.5 an epoch.
    const mean = new TrailingMean(25);
    const means: number[] = [];
    for (let i = 0; i < 200; i++) {
      const x = (i + 1) / 2;
      means.push(mean.add(x, 8 - (0.5 * x) / 25 + Math.sin((2 * Math.PI * i) / 50)));
    }
    // After the first epoch the window holds one whole wave: the mean follows the trend within 0.05.
    for (let i = 60; i < 200; i++) expect(Math.abs(means[i]! - (8 - (0.5 * ((i + 1) / 2 - 12.5)) / 25))).toBeLessThan(0.05);
    expect(means[199]!).toBeLessThan(means[60]! - 1);
  });

  it('is the plain mean until the window is full', () => {
    const mean = new TrailingMean(10);
    expect(mean.add(1, 4)).toBe(4);
    expect(mean.add(2, 2)).toBe(3);
    expect(mean.add(20, 9)).toBe(9);
  });
});
