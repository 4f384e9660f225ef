// Pure helpers of the maps: the view that fits the bulk of the points, and text safe in SVG.
import { unicodeEscape } from '../internal';

/** Share of the points on each side, per axis, that may fall outside the fitted view (outliers, reachable by zoom). */
export const OUTSIDE_SHARE = 0.02;

/** The range [low, high] of values that leaves OUTSIDE_SHARE of them below and above (all of them under 50 values). */
export function robustRange(values: ArrayLike<number>): [number, number] {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return [0, 0];
  const cut = sorted.length < 50 ? 0 : Math.floor(sorted.length * OUTSIDE_SHARE);
  return [sorted[cut]!, sorted[sorted.length - 1 - cut]!];
}

/**
 * The view of interleaved x, y points that fits the bulk of them: its centre, its x and y spans,
 * and the spans about that centre that hold every point (how far zooming out must reach).
 */
export function fitView(xy: Float32Array): { centre: [number, number]; spanX: number; spanY: number; reachX: number; reachY: number } {
  const xs = xy.filter((_, i) => i % 2 === 0);
  const ys = xy.filter((_, i) => i % 2 === 1);
  const [minX, maxX] = robustRange(xs);
  const [minY, maxY] = robustRange(ys);
  const centre: [number, number] = [(minX + maxX) / 2, (minY + maxY) / 2];
  const reach = (values: Float32Array, c: number): number => 2 * values.reduce((far, v) => Math.max(far, Math.abs(v - c)), 0);
  return { centre, spanX: maxX - minX, spanY: maxY - minY, reachX: reach(xs, centre[0]), reachY: reach(ys, centre[1]) };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding the characters XML cannot hold is its purpose
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** How much more one axis may be stretched than the other to fill the box. */
export const MAX_STRETCH = 3;

/**
 * Pixels per unit on each axis that fit the bulk (`fitView`) into a box of width x height with a
 * margin: each axis fills its side, as a chart's axes do, but neither is stretched more than
 * MAX_STRETCH times the other (a round cloud in a wide box is widened, not flattened to a line).
 * `minZoom` is the zoom out (a factor on both) at which every point is in view.
 */
export function fitScales(view: ReturnType<typeof fitView>, width: number, height: number): { scaleX: number; scaleY: number; minZoom: number } {
  const fill = (side: number, span: number): number => (0.9 * side) / Math.max(span, 1e-9);
  let scaleX = fill(width, view.spanX);
  let scaleY = fill(height, view.spanY);
  scaleX = Math.min(scaleX, MAX_STRETCH * scaleY);
  scaleY = Math.min(scaleY, MAX_STRETCH * scaleX);
  const reachAt = Math.min(fill(width, view.reachX) / scaleX, fill(height, view.reachY) / scaleY);
  return { scaleX, scaleY, minZoom: Math.min(1 / 4, reachAt) };
}

/**
 * Text for an SVG (XML 1.0) document: markup characters escaped, and the characters XML cannot
 * hold at all (control characters but tab, newline and carriage return, lone surrogates, U+FFFE
 * and U+FFFF) written as visible `\uXXXX` escapes, so that the file stays well-formed.
 */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, unicodeEscape).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
