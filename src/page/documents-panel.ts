// The page's "Your documents" section: choosing documents (files, a folder, dropped or pasted),
// embedding them, searching them, "more like this", their map, downloads and import. The worker
// holds the documents; this side only shows them.
import type { DocumentMethod, SplitMode } from '../internal';
import type { DocumentFound, DocumentsMap, DocumentsSummary, NamedFile, Request, Results } from './protocol';
import { wireDropZone } from './drop-zone';
import { $, mark } from './elements';
import { WordMap } from './word-map';

/** What the panel needs from the page. */
export interface PanelHost {
  request<T extends Request['type']>(request: Extract<Request, { type: T }>): Promise<Results[T]>;
  /** Runs work with the page's controls locked; errors show in `errorBox`. Resolves undefined on failure. */
  task<T>(errorBox: string, work: () => Promise<T>): Promise<T | undefined>;
  /** Whether the page holds vectors now. */
  hasVectors(): boolean;
  /** The vectors the page holds now (their summary object: a new one for each set of vectors), if any. */
  vectors(): object | undefined;
  /** Whether another task runs. */
  busy(): boolean;
  /** Trains a model on the documents with the page's settings (from the vectors it holds when `startFrom`), then shows it (which embeds the documents, see onVectors). */
  trainOnDocuments(startFrom: boolean): Promise<boolean>;
  save(blob: Blob, name: string): void;
  status(text: string): void;
}

const TOP_N = 10;

/** Ordering by `name`, as code points compare. */
const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Every file under a dropped folder, with its path. */
async function entryFiles(entry: FileSystemEntry, path: string): Promise<NamedFile[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [{ name: path, file }];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries answers in batches until it gives an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    children.push(...batch);
  }
  children.sort(byName);
  const files: NamedFile[] = [];
  for (const child of children) files.push(...(await entryFiles(child, `${path}/${child.name}`)));
  return files;
}

export class DocumentsPanel {
  private summary: DocumentsSummary | undefined;
  /** The vectors the documents were last embedded with (host.vectors() then). */
  private embeddedWith: object | undefined;
  private readonly map: WordMap;
  /** The ids of the documents on the map, by point. */
  private mapIds: string[] = [];

  constructor(private readonly host: PanelHost) {
    this.map = new WordMap($<HTMLCanvasElement>('docs-map'), $('docs-map-caption'), {
      describe: (count, classes) =>
        `${count} documents, placed by their vectors' first two principal components (each axis fitted to the box)${classes > 0 ? `, coloured by ${classes} clusters (k-means)` : ''}. Hover to read a title, click to open it; wheel or + and - to zoom; drag or arrow keys to pan; 0 to reset.`,
      onPick: (index) => void this.open(this.mapIds[index]!),
    });
  }

  wire(): void {
    const picked = (input: HTMLInputElement): void => {
      const files = [...(input.files ?? [])].map((file) => ({ name: file.webkitRelativePath || file.name, file }));
      // A folder lists its files in no particular order: by path, as a file browser shows them.
      if (input.webkitdirectory) files.sort(byName);
      input.value = '';
      if (files.length > 0) void this.collect(files);
    };
    $<HTMLInputElement>('docs-files').addEventListener('change', (e) => picked(e.target as HTMLInputElement));
    $<HTMLInputElement>('docs-folder').addEventListener('change', (e) => picked(e.target as HTMLInputElement));
    wireDropZone($('docs-drop'), (data) => void this.dropped(data));
    $('docs-paste').addEventListener('click', () => {
      const text = $<HTMLTextAreaElement>('docs-text').value;
      const held = this.summary?.documents ?? 0;
      if (held > 0 && !window.confirm(`Replace the ${held.toLocaleString('en')} documents you have with the pasted ones?`)) {
        this.host.status('The documents you have are kept.');
        return;
      }
      if ($<HTMLSelectElement>('docs-split').value === 'files') $<HTMLSelectElement>('docs-split').value = 'paragraphs';
      void this.collect([], text);
    });
    $('docs-embed').addEventListener('click', () => void this.embed());
    $('docs-train').addEventListener('click', () => void this.trainAndEmbed());
    $('docs-clear').addEventListener('click', () => void this.clear());
    $('docs-search-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.search();
    });
    $('docs-map-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.drawMap();
    });
    $('docs-download-jsonl').addEventListener('click', () => void this.download('jsonl'));
    $('docs-download-w2v').addEventListener('click', () => void this.download('word2vec'));
    $<HTMLInputElement>('docs-ratings').addEventListener('change', (e) => {
      const input = e.target as HTMLInputElement;
      const file = input.files?.[0];
      input.value = '';
      if (file) void this.evaluate(file);
    });
    $<HTMLInputElement>('docs-import').addEventListener('change', (e) => {
      const input = e.target as HTMLInputElement;
      const file = input.files?.[0];
      input.value = '';
      if (file) void this.import(file);
    });
  }

  /** Enables what makes sense now. */
  refresh(): void {
    const idle = !this.host.busy();
    const have = (this.summary?.documents ?? 0) > 0;
    const indexed = this.summary?.indexed === true;
    for (const id of ['docs-files', 'docs-folder', 'docs-paste', 'docs-import']) $<HTMLInputElement>(id).disabled = !idle;
    $<HTMLButtonElement>('docs-embed').disabled = !(idle && have && this.host.hasVectors());
    $<HTMLButtonElement>('docs-train').disabled = !(idle && have);
    $<HTMLInputElement>('docs-start-from').disabled = !(idle && this.host.hasVectors());
    $<HTMLButtonElement>('docs-clear').disabled = !(idle && have);
    for (const id of ['docs-download-jsonl', 'docs-download-w2v', 'docs-ratings']) $<HTMLButtonElement>(id).disabled = !(idle && indexed);
    for (const form of ['docs-search-form', 'docs-map-form']) $(form).querySelector('button')!.disabled = !(idle && indexed);
  }

  /**
   * After vectors arrive (trained, loaded, restored): documents embedded with other vectors, or
   * not embedded, are embedded with them; documents chosen since they arrived are embedded already.
   */
  async onVectors(): Promise<void> {
    if ((this.summary?.documents ?? 0) > 0 && this.embeddedWith !== this.host.vectors()) await this.embed();
  }

  /** Restores the documents kept in this browser (embedded when the page holds vectors). */
  async restore(): Promise<void> {
    const restored = await this.host.request({ type: 'docsRestore' }).catch((error: unknown) => {
      $('docs-error').textContent = `The kept documents could not be read (${(error as Error).message}).`;
      return null;
    });
    if (!restored) return;
    if (restored.indexed) this.embeddedWith = this.host.vectors();
    const points = restored.indexed && restored.documents >= 2 ? await this.mapPoints().catch(() => undefined) : undefined;
    this.show(restored);
    if (points) this.showMap(points);
  }

  private show(summary: DocumentsSummary): void {
    this.summary = summary;
    const n = summary.documents;
    const embedded = summary.indexed
      ? ` Embedded and indexed in ${(summary.seconds * 1000).toFixed(0)} ms (${this.methodName(summary.method)}${summary.method === 'hybrid' ? `, the bag of words ${Math.round(100 * summary.bagShare)}% by the documents' length` : ''}); kept in this browser.`
      : '';
    const next = summary.indexed ? '' : this.host.hasVectors() ? ' Press Embed.' : ' Train on them (or load vectors) to embed them.';
    const note = summary.note ? ` They were not embedded again: ${summary.note}` : '';
    $('docs-summary').textContent = n === 0 ? 'No documents yet.' : `${summary.skipped || `${n} documents`}.${embedded}${note}${next}`;
    mark('docs-summary', n === 0 ? 'empty' : summary.indexed ? 'embedded' : 'collected', { documents: n, method: summary.method });
    this.refresh();
  }

  private methodName(method: DocumentMethod): string {
    return $<HTMLSelectElement>('docs-method').querySelector<HTMLOptionElement>(`option[value="${method}"]`)?.textContent ?? method;
  }

  private async dropped(data: DataTransfer | null): Promise<void> {
    if (!data) return;
    const entries = [...data.items].map((item) => item.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => e !== null && e !== undefined);
    const files: NamedFile[] = [];
    if (entries.length > 0) for (const entry of entries) files.push(...(await entryFiles(entry, entry.name)));
    else for (const file of data.files) files.push({ name: file.name, file });
    if (files.length > 0) await this.collect(files);
  }

  private async collect(files: NamedFile[], text?: string): Promise<void> {
    const split = $<HTMLSelectElement>('docs-split').value as SplitMode;
    const summary = await this.host.task('docs-error', () => this.host.request({ type: 'docsCollect', files, split, ...(text !== undefined ? { text } : {}) }));
    if (!summary) return;
    this.clearResults();
    this.show(summary);
    this.host.status(`Read ${summary.skipped}.`);
    if (this.host.hasVectors()) await this.embed();
  }

  private async import(file: File): Promise<void> {
    const summary = await this.host.task('docs-error', () => this.host.request({ type: 'docsImport', file }));
    if (!summary) return;
    this.clearResults();
    this.show(summary);
    if (this.host.hasVectors()) await this.embed();
  }

  private async embed(): Promise<void> {
    const method = $<HTMLSelectElement>('docs-method').value as DocumentMethod;
    this.embeddedWith = this.host.vectors();
    // One task: the map is drawn before the controls come back, so a search never meets them locked.
    const done = await this.host.task('docs-error', async () => {
      this.host.status('Embedding the documents…');
      const summary = await this.host.request({ type: 'docsEmbed', method });
      return { summary, points: summary.documents >= 2 ? await this.mapPoints() : undefined };
    });
    if (!done) return;
    this.show(done.summary);
    if (done.points) this.showMap(done.points);
    this.host.status(`Embedded ${done.summary.documents.toLocaleString('en')} documents in ${(done.summary.seconds * 1000).toFixed(0)} ms.`);
  }

  /** Training ends by showing the new vectors, and documents are embedded whenever vectors arrive. */
  private async trainAndEmbed(): Promise<void> {
    await this.host.trainOnDocuments($<HTMLInputElement>('docs-start-from').checked);
  }

  private async clear(): Promise<void> {
    const summary = await this.host.task('docs-error', () => this.host.request({ type: 'docsClear' }));
    if (!summary) return;
    this.clearResults();
    this.map.clear();
    this.show(summary);
    this.host.status('The documents were removed from this page and this browser.');
  }

  private clearResults(): void {
    $('docs-results').replaceChildren();
    $('docs-found').textContent = '';
    $('docs-eval-result').textContent = '';
    $('docs-view').hidden = true;
  }

  private async search(): Promise<void> {
    const text = $<HTMLInputElement>('docs-query').value;
    const found = await this.host.task('docs-error', () => this.host.request({ type: 'docsSearch', text, topn: TOP_N }));
    if (found) this.list(found.results, `Nearest to "${text.trim()}"`, found, { query: text.trim() });
  }

  private async similar(id: string): Promise<void> {
    const found = await this.host.task('docs-error', () => this.host.request({ type: 'docsSimilar', id, topn: TOP_N }));
    if (found) this.list(found.results, `More like ${id}`, found, { like: id });
  }

  private list(results: DocumentFound[], heading: string, found: { marked: string[]; seconds: number }, asked: { query: string } | { like: string }): void {
    const marked = found.marked.length > 0 ? ` Marked: ${found.marked.slice(0, 12).join(', ')}.` : '';
    mark('docs-found', 'found', { query: '', like: '', ...asked, count: results.length, marked: found.marked.join(' ') });
    $('docs-found').textContent = `${heading}: ${results.length} documents, ranked in ${(found.seconds * 1000).toFixed(1)} ms.${marked}`;
    $('docs-results').replaceChildren(
      ...results.map((hit) => {
        const item = document.createElement('li');
        const title = Object.assign(document.createElement('strong'), { textContent: hit.title || hit.id });
        const score = Object.assign(document.createElement('span'), { className: 'small', textContent: ` ${hit.score.toFixed(3)} · ${hit.id} ` });
        const line = Object.assign(document.createElement('div'), { className: 'hit-line' });
        const open = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Open' });
        open.addEventListener('click', () => void this.open(hit.id));
        const like = Object.assign(document.createElement('button'), { type: 'button', textContent: 'More like this' });
        like.addEventListener('click', () => void this.similar(hit.id));
        const text = Object.assign(document.createElement('span'), { className: 'snippet' });
        text.append(...hit.snippet.map((part) => (part.mark ? Object.assign(document.createElement('mark'), { textContent: part.text }) : document.createTextNode(part.text))));
        line.append(score, open, like);
        item.append(title, line, text);
        return item;
      }),
    );
  }

  private async open(id: string): Promise<void> {
    const doc = await this.host.task('docs-error', () => this.host.request({ type: 'docsOpen', id }));
    if (!doc) return;
    $('docs-view-title').textContent = doc.title || doc.id;
    $('docs-view-id').textContent = doc.id;
    $('docs-view-text').textContent = doc.text;
    $('docs-view').hidden = false;
    $('docs-view').scrollIntoView({ block: 'start' });
  }

  private async drawMap(): Promise<void> {
    if ((this.summary?.documents ?? 0) < 2) return;
    const points = await this.host.task('docs-error', () => this.mapPoints());
    if (points) this.showMap(points);
  }

  private mapPoints(): Promise<DocumentsMap> {
    const classes = Math.max(0, Math.round(Number($<HTMLInputElement>('docs-map-classes').value)) || 0);
    return this.host.request({ type: 'docsMap', classes });
  }

  private showMap(points: DocumentsMap): void {
    this.mapIds = points.ids;
    this.map.show({ words: points.titles.map((t, i) => t || points.ids[i]!), xy: points.xy, ...(points.classes ? { classes: points.classes } : {}) });
  }

  /** Scores the documents' pairs against human ratings (the Lee set's evaluation). */
  private async evaluate(file: File): Promise<void> {
    $('docs-eval-result').textContent = '';
    const r = await this.host.task('docs-error', () => this.host.request({ type: 'docsEvaluate', file }));
    if (r) mark('docs-eval-result', 'done', { pearson: r.pearson, spearman: r.spearman, pairs: r.pairs, method: r.method });
    if (r)
      $('docs-eval-result').textContent =
        `${file.name} (${this.methodName(r.method)}): Pearson ${r.pearson.toFixed(3)}, Spearman ${r.spearman.toFixed(3)} over ${r.pairs.toLocaleString('en')} pairs. The Lee set's reference figures: TF-IDF 0.546, LSI 0.547, gensim's PV-DBOW 0.409; humans agree with each other at about 0.6.`;
  }

  private async download(format: 'jsonl' | 'word2vec'): Promise<void> {
    const blob = await this.host.task('docs-error', () => this.host.request({ type: 'docsExport', format }));
    if (blob) this.host.save(blob, format === 'jsonl' ? 'documents.jsonl' : 'documents.txt');
  }
}
