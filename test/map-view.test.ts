import { describe, expect, it } from 'vitest';
import { fitScales, fitView, MAX_STRETCH, robustRange, xmlText } from '../src/page/map-view';

describe('the maps', () => {
  it('fit the bulk of the points: one outlier does not shrink the rest, and zooming out still reaches it', () => {
    const points: number[] = [];
    for (let i = 0; i < 500; i++) points.push(Math.cos(i) * 1, Math.sin(i * 1.3) * 0.5);
    points.push(40, -30); // the outlier
    const view = fitView(Float32Array.from(points));
    expect(view.spanX).toBeLessThan(2.01);
    expect(view.spanY).toBeLessThan(1.01);
    expect(view.spanX).toBeGreaterThan(1.8); // the bulk, not a part of it
    expect(Math.abs(view.centre[0])).toBeLessThan(0.1);
    expect(view.reachX).toBeGreaterThan(79);
    expect(view.reachY).toBeGreaterThan(59);
    expect(robustRange([3, 1, 2])).toEqual([1, 3]); // a few points: all of them
  });

  it('fill a wide box with a round cloud (each axis its side, stretched at most 3 times the other), and zoom out to every point', () => {
    const round: number[] = [];
    for (let i = 0; i < 400; i++) round.push(Math.cos(i), Math.sin(i));
    round.push(30, 0); // an outlier, 30 units right
    const view = fitView(Float32Array.from(round));
    const fit = fitScales(view, 1000, 400);
    expect(view.spanX * fit.scaleX).toBeCloseTo(900, 0); // the bulk fills the width...
    expect(view.spanY * fit.scaleY).toBeCloseTo(360, 0); // ...and the height
    expect(fit.scaleX / fit.scaleY).toBeLessThanOrEqual(MAX_STRETCH);
    expect(view.reachX * fit.scaleX * fit.minZoom).toBeLessThanOrEqual(900.001); // zoomed out, the outlier is in view
    // A flat cloud is not stretched into a line filling the height.
    const flat = fitScales(fitView(Float32Array.from(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? i / 100 : 0.001 * Math.sin(i))))), 1000, 400);
    expect(flat.scaleY / flat.scaleX).toBeCloseTo(MAX_STRETCH, 5);
  });

  it('write labels an SVG can hold: markup escaped, control characters and lone surrogates shown as escapes', () => {
    expect(xmlText('a\u0001b <c> & d\te')).toBe('a\\u0001b &lt;c&gt; &amp; d\te');
    expect(xmlText('x\ud800y \ud83d\ude00')).toBe('x\\ud800y \ud83d\ude00');
    expect(xmlText('\u001b[2J\uffff')).toBe('\\u001b[2J\\uffff');
  });
});
