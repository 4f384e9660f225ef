// The live loss chart (uPlot) against the share of training done: the loss per example of each
// batch, which follows the text (the same wave every epoch, since each epoch reads the same text),
// and its mean over the last epoch's worth of batches, which is what to read as progress.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { TrailingMean } from './trailing-mean';

export class LossChart {
  private readonly x: number[] = [];
  private readonly y: number[] = [];
  private readonly mean: number[] = [];
  private trailing = new TrailingMean(100);
  private readonly plot: uPlot;

  constructor(private readonly container: HTMLElement) {
    this.plot = new uPlot(
      {
        width: this.width(),
        height: 220,
        scales: { x: { time: false } },
        axes: [{ label: '% of training done' }, { label: 'loss per example', size: 60 }],
        series: [
          { label: 'done', value: (_, v) => (v == null ? '' : `${v.toFixed(1)}%`) },
          { label: 'each batch', stroke: '#9db4d6', width: 1, value: (_, v) => (v == null ? '' : v.toFixed(3)) },
          { label: 'mean over the last epoch', stroke: '#1f5fbf', width: 2.5, value: (_, v) => (v == null ? '' : v.toFixed(3)) },
        ],
        legend: { show: true, live: false },
      },
      [[], [], []],
      container,
    );
    new ResizeObserver(() => this.plot.setSize({ width: this.width(), height: 220 })).observe(container);
  }

  private width(): number {
    return Math.max(240, this.container.clientWidth);
  }

  /** A new run of `epochs` epochs: the mean is taken over the last 1/epochs of training. */
  clear(epochs = 1): void {
    this.x.length = 0;
    this.y.length = 0;
    this.mean.length = 0;
    this.trailing = new TrailingMean(100 / Math.max(1, epochs));
    this.plot.setData([[], [], []]);
  }

  add(percentDone: number, loss: number): void {
    this.x.push(percentDone);
    this.y.push(loss);
    this.mean.push(this.trailing.add(percentDone, loss));
    this.plot.setData([this.x, this.y, this.mean]);
  }
}
