// The live loss chart (uPlot): mean loss per example against the share of training done.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export class LossChart {
  private readonly x: number[] = [];
  private readonly y: number[] = [];
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
          { label: 'loss', stroke: '#1f5fbf', width: 2, value: (_, v) => (v == null ? '' : v.toFixed(3)) },
        ],
        legend: { show: false },
      },
      [[], []],
      container,
    );
    new ResizeObserver(() => this.plot.setSize({ width: this.width(), height: 220 })).observe(container);
  }

  private width(): number {
    return Math.max(240, this.container.clientWidth);
  }

  add(percentDone: number, loss: number): void {
    this.x.push(percentDone);
    this.y.push(loss);
    this.plot.setData([this.x, this.y]);
  }

  clear(): void {
    this.x.length = 0;
    this.y.length = 0;
    this.plot.setData([[], []]);
  }
}
