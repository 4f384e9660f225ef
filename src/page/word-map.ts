// The 2D map of the most frequent words (their first two principal components), drawn on a canvas:
// hover shows a word, the wheel or +/- zooms, dragging or the arrow keys pan, 0 resets, a query's neighbours are highlighted.
// The documents' map is one too, its points named by their titles and opened by a click.
import { fitScales, fitView, xmlText } from './map-view';

interface Points {
  words: string[];
  xy: Float32Array;
  /** Each word's class, for its colour. */
  classes?: Uint32Array;
}

/** Colours of the word classes (Okabe and Ito's, distinguishable with colour-blindness, then darker tones), repeated past twelve. */
const CLASS_COLOURS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#000000', '#7f4f24', '#6a3d9a', '#33a02c', '#999999'];

const HOVER_RADIUS = 8;
/** Labels drawn beside points are cut to this many characters (a hovered point shows its whole name). */
const LABEL_CHARS = 32;
/** A press that moves less than this many pixels before release is a click, not a drag. */
const CLICK_SLOP = 4;

export interface MapOptions {
  /** The caption for `count` points in `classes` classes (0: uncoloured). Default: the word map's. */
  describe?: (count: number, classes: number) => string;
  /** Called with a point's index when it is clicked. */
  onPick?: (index: number) => void;
}

function wordCaption(count: number, classes: number): string {
  return `${count} most frequent words, placed by their first two principal components (each axis fitted to the box)${classes > 0 ? `, coloured by ${classes} word classes (k-means, as the C tool's -classes)` : ''}. Hover to read a word; wheel or + and - to zoom; drag or arrow keys to pan; 0 to reset.`;
}
/** Words considered for a label without hovering, most frequent first; a label that would overlap one already placed is left out. */
const LABEL_CANDIDATES = 80;

export class WordMap {
  private points: Points = { words: [], xy: new Float32Array() };
  private highlight: Points = { words: [], xy: new Float32Array() };
  private hovered = -1;
  /** View: data point p is drawn at (p - centre) * (fit x zoom) + canvas centre, each axis with its own fit. */
  private centre = [0, 0];
  private fit = { scaleX: 1, scaleY: 1, minZoom: 1 / 4 };
  private zoomLevel = 1;
  private drag: { x: number; y: number } | undefined;
  /** Where the last press began, to tell a click from a drag. */
  private pressed = { x: 0, y: 0 };

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly caption: HTMLElement,
    private readonly options: MapOptions = {},
  ) {
    canvas.addEventListener('mousemove', (e) => this.onMove(e));
    canvas.addEventListener('mouseleave', () => this.setHovered(-1));
    canvas.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    canvas.addEventListener('mousedown', (e) => {
      this.drag = { x: e.offsetX, y: e.offsetY };
      this.pressed = { x: e.offsetX, y: e.offsetY };
    });
    canvas.addEventListener('click', (e) => {
      if (this.hovered >= 0 && Math.hypot(e.offsetX - this.pressed.x, e.offsetY - this.pressed.y) < CLICK_SLOP) this.options.onPick?.(this.hovered);
    });
    window.addEventListener('mouseup', () => (this.drag = undefined));
    canvas.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver(() => this.draw()).observe(canvas);
  }

  get drawn(): number {
    return this.points.words.length;
  }

  show(points: Points): void {
    this.points = points;
    this.highlight = { words: [], xy: new Float32Array() };
    this.reset();
    const classes = points.classes ? new Set(points.classes).size : 0;
    this.caption.textContent = (this.options.describe ?? wordCaption)(points.words.length, classes);
  }

  /** Marks a query and its neighbours (placed on the same axes). */
  mark(points: Points): void {
    this.highlight = points;
    this.draw();
  }

  clear(): void {
    this.points = { words: [], xy: new Float32Array() };
    this.highlight = { words: [], xy: new Float32Array() };
    this.caption.textContent = 'No map yet.';
    this.draw();
  }

  /** Fits the view to the bulk of the points (robust bounds, each axis filling its side): an outlier does not shrink the rest; zoom out reaches it. */
  private reset(): void {
    const view = fitView(this.points.xy);
    this.centre = view.centre;
    const { width, height } = this.size();
    this.fit = fitScales(view, width, height);
    this.zoomLevel = 1;
    this.draw();
  }

  /** Pixels per unit on each axis now. */
  private get scales(): [number, number] {
    return [this.fit.scaleX * this.zoomLevel, this.fit.scaleY * this.zoomLevel];
  }

  private size(): { width: number; height: number } {
    return { width: this.canvas.clientWidth || 600, height: this.canvas.clientHeight || 400 };
  }

  private toScreen(x: number, y: number): [number, number] {
    const { width, height } = this.size();
    const [sx, sy] = this.scales;
    return [(x - this.centre[0]!) * sx + width / 2, height / 2 - (y - this.centre[1]!) * sy];
  }

  private zoom(factor: number, screenX: number, screenY: number): void {
    const { width, height } = this.size();
    let [sx, sy] = this.scales;
    const before = [(screenX - width / 2) / sx + this.centre[0]!, (height / 2 - screenY) / sy + this.centre[1]!];
    this.zoomLevel = Math.min(200, Math.max(this.fit.minZoom, this.zoomLevel * factor));
    [sx, sy] = this.scales;
    this.centre = [before[0]! - (screenX - width / 2) / sx, before[1]! - (height / 2 - screenY) / sy];
    this.draw();
  }

  private pan(dx: number, dy: number): void {
    const [sx, sy] = this.scales;
    this.centre = [this.centre[0]! - dx / sx, this.centre[1]! + dy / sy];
    this.draw();
  }

  private onWheel(e: WheelEvent): void {
    if (this.drawn === 0) return;
    e.preventDefault();
    this.zoom(Math.exp(-e.deltaY / 500), e.offsetX, e.offsetY);
  }

  private onKey(e: KeyboardEvent): void {
    const { width, height } = this.size();
    const moves: Record<string, () => void> = {
      '+': () => this.zoom(1.25, width / 2, height / 2),
      '=': () => this.zoom(1.25, width / 2, height / 2),
      '-': () => this.zoom(0.8, width / 2, height / 2),
      '0': () => this.reset(),
      ArrowLeft: () => this.pan(40, 0),
      ArrowRight: () => this.pan(-40, 0),
      ArrowUp: () => this.pan(0, 40),
      ArrowDown: () => this.pan(0, -40),
    };
    const move = moves[e.key];
    if (move && this.drawn > 0) {
      e.preventDefault();
      move();
    }
  }

  private onMove(e: MouseEvent): void {
    if (this.drag) {
      this.pan(e.offsetX - this.drag.x, e.offsetY - this.drag.y);
      this.drag = { x: e.offsetX, y: e.offsetY };
      return;
    }
    let best = -1;
    let bestDistance = HOVER_RADIUS;
    const { xy } = this.points;
    for (let i = 0; i < xy.length / 2; i++) {
      const [sx, sy] = this.toScreen(xy[2 * i]!, xy[2 * i + 1]!);
      const distance = Math.hypot(sx - e.offsetX, sy - e.offsetY);
      if (distance < bestDistance) {
        best = i;
        bestDistance = distance;
      }
    }
    this.setHovered(best);
  }

  private setHovered(index: number): void {
    if (index === this.hovered) return;
    this.hovered = index;
    this.canvas.title = index >= 0 ? this.points.words[index]! : '';
    this.canvas.style.cursor = index >= 0 && this.options.onPick ? 'pointer' : '';
    this.draw();
  }

  private colour(i: number): string {
    return this.points.classes ? CLASS_COLOURS[this.points.classes[i]! % CLASS_COLOURS.length]! : '#5b6b80';
  }

  /** Labels for the most frequent words, each placed only where it overlaps no label placed before it (12-pixel text). */
  private labels(width: (text: string) => number): { text: string; x: number; y: number }[] {
    const placed: { text: string; x: number; y: number; w: number }[] = [];
    const { words, xy } = this.points;
    const { width: canvasWidth, height } = this.size();
    for (let i = 0; i < Math.min(words.length, LABEL_CANDIDATES); i++) {
      const [sx, sy] = this.toScreen(xy[2 * i]!, xy[2 * i + 1]!);
      const text = words[i]!.length > LABEL_CHARS ? `${words[i]!.slice(0, LABEL_CHARS - 1)}…` : words[i]!;
      const box = { text, x: sx + 4, y: sy - 4, w: width(text) };
      if (box.x < 0 || box.x + box.w > canvasWidth || box.y - 12 < 0 || box.y > height) continue;
      const overlaps = placed.some((p) => box.x < p.x + p.w + 2 && p.x < box.x + box.w + 2 && box.y - 12 < p.y && p.y - 12 < box.y);
      if (!overlaps) placed.push(box);
    }
    return placed;
  }

  /** The map as it is drawn now, as an SVG document (points, placed labels and the marked query). */
  toSvg(): string {
    const { width, height } = this.size();
    const g = this.canvas.getContext('2d')!;
    g.font = '12px system-ui, sans-serif';
    const parts = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">`,
      `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ];
    const { words, xy } = this.points;
    for (let i = 0; i < words.length; i++) {
      const [sx, sy] = this.toScreen(xy[2 * i]!, xy[2 * i + 1]!);
      parts.push(`<circle cx="${sx.toFixed(1)}" cy="${sy.toFixed(1)}" r="${this.points.classes ? 3 : 2.5}" fill="${this.colour(i)}"><title>${xmlText(words[i]!)}</title></circle>`);
    }
    for (const label of this.labels((text) => g.measureText(text).width))
      parts.push(`<text x="${label.x.toFixed(1)}" y="${label.y.toFixed(1)}" font-size="12" fill="#333">${xmlText(label.text)}</text>`);
    const marked = this.highlight;
    for (let i = 0; i < marked.words.length; i++) {
      const [sx, sy] = this.toScreen(marked.xy[2 * i]!, marked.xy[2 * i + 1]!);
      const fill = i === 0 ? '#b3261e' : '#c75b00';
      parts.push(`<circle cx="${sx.toFixed(1)}" cy="${sy.toFixed(1)}" r="${i === 0 ? 6 : 4.5}" fill="${fill}"/>`);
      parts.push(`<text x="${(sx + 6).toFixed(1)}" y="${(sy - 6).toFixed(1)}" font-size="13" font-weight="bold" fill="${fill}">${xmlText(marked.words[i]!)}</text>`);
    }
    parts.push('</svg>');
    return parts.join('\n');
  }

  /** The map as it is drawn now, as a PNG. */
  toPng(): Promise<Blob> {
    return new Promise((resolve, reject) => this.canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The map could not be drawn as a PNG.'))), 'image/png'));
  }

  private draw(): void {
    const { width, height } = this.size();
    const ratio = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(width * ratio)) this.canvas.width = Math.round(width * ratio);
    if (this.canvas.height !== Math.round(height * ratio)) this.canvas.height = Math.round(height * ratio);
    const g = this.canvas.getContext('2d')!;
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, width, height);
    g.font = '12px system-ui, sans-serif';
    const { words, xy } = this.points;
    for (let i = 0; i < words.length; i++) {
      const [sx, sy] = this.toScreen(xy[2 * i]!, xy[2 * i + 1]!);
      g.fillStyle = this.colour(i);
      g.beginPath();
      g.arc(sx, sy, this.points.classes ? 3 : 2.5, 0, 2 * Math.PI);
      g.fill();
    }
    g.fillStyle = '#333';
    for (const label of this.labels((text) => g.measureText(text).width)) g.fillText(label.text, label.x, label.y);
    const marked = this.highlight;
    for (let i = 0; i < marked.words.length; i++) {
      const [sx, sy] = this.toScreen(marked.xy[2 * i]!, marked.xy[2 * i + 1]!);
      g.fillStyle = i === 0 ? '#b3261e' : '#c75b00';
      g.beginPath();
      g.arc(sx, sy, i === 0 ? 6 : 4.5, 0, 2 * Math.PI);
      g.fill();
      g.font = 'bold 13px system-ui, sans-serif';
      g.fillText(marked.words[i]!, sx + 6, sy - 6);
    }
    if (this.hovered >= 0) {
      const [sx, sy] = this.toScreen(xy[2 * this.hovered]!, xy[2 * this.hovered + 1]!);
      const label = words[this.hovered]!;
      g.font = 'bold 14px system-ui, sans-serif';
      const w = g.measureText(label).width + 10;
      g.fillStyle = '#1b1b1b';
      g.fillRect(sx + 8, sy - 26, w, 20);
      g.fillStyle = '#ffffff';
      g.fillText(label, sx + 13, sy - 11);
    }
  }
}
