/**
 * The mean of the values of the last `span` (in x) up to each point added: the loss chart's mean
 * over the last epoch's worth of batches, in which the wave that the text makes cancels out.
 */
export class TrailingMean {
  private readonly x: number[] = [];
  private readonly y: number[] = [];
  private from = 0;
  private sum = 0;

  constructor(private readonly span: number) {}

  /** Adds a point (x not decreasing); returns the mean of the window that ends at it. */
  add(x: number, y: number): number {
    this.x.push(x);
    this.y.push(y);
    this.sum += y;
    while (x - this.x[this.from]! > this.span) this.sum -= this.y[this.from++]!;
    return this.sum / (this.x.length - this.from);
  }
}
