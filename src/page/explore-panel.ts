// The page's "Explore" section: nearest words, analogies, the similarity of two words, the map of
// the vectors, worked examples, and the evaluation on the bundled sets.
import type { Neighbour } from '../internal';
import { $, formButton, input, mark, save, showError } from './elements';
import type { PageHost } from './page-host';
import type { Results, VectorsSummary } from './protocol';
import { WordMap } from './word-map';

/** A query the page offers to run with one click. */
type Example = { label: string } & ({ kind: 'neighbours'; word: string } | { kind: 'analogy'; a: string; b: string; c: string } | { kind: 'similarity'; a: string; b: string });

/**
 * Three queries worth trying: on the sample (text8, English Wikipedia) ones it answers well; on
 * other text, its frequent words past the first 40 (past most function words).
 */
function workedExamples(words: readonly string[]): Example[] {
  const known = new Set(words);
  if (['france', 'paris', 'germany', 'war', 'battle'].every((w) => known.has(w))) {
    return [
      { kind: 'neighbours', word: 'france', label: 'words nearest to france' },
      { kind: 'analogy', a: 'france', b: 'paris', c: 'germany', label: 'france is to paris as germany is to ?' },
      { kind: 'similarity', a: 'war', b: 'battle', label: 'how similar are war and battle?' },
    ];
  }
  const pick = (rank: number): string => words[Math.min(words.length - 1, rank)]!;
  return [
    { kind: 'neighbours', word: pick(40), label: `words nearest to ${pick(40)}` },
    { kind: 'analogy', a: pick(41), b: pick(42), c: pick(43), label: `${pick(41)} is to ${pick(42)} as ${pick(43)} is to ?` },
    { kind: 'similarity', a: pick(40), b: pick(44), label: `how similar are ${pick(40)} and ${pick(44)}?` },
  ];
}

function listNeighbours(list: HTMLElement, found: Neighbour[]): void {
  list.replaceChildren(...found.map((n) => Object.assign(document.createElement('li'), { textContent: `${n.word} (${n.similarity.toFixed(3)})` })));
}

export class ExplorePanel {
  private readonly map = new WordMap($<HTMLCanvasElement>('word-map'), $('map-caption'));

  constructor(private readonly host: PageHost) {}

  wire(): void {
    const onSubmit = (form: string, act: () => Promise<void>): void =>
      $(form).addEventListener('submit', (e) => {
        e.preventDefault();
        void act();
      });
    onSubmit('neighbours-form', () => this.neighbours());
    onSubmit('analogy-form', () => this.analogy());
    onSubmit('similarity-form', () => this.similarity());
    onSubmit('map-form', () => this.drawMap());
    for (const field of document.querySelectorAll<HTMLInputElement>('input[list="vocabulary"]')) field.addEventListener('input', () => this.suggest(field));
    $('evaluate').addEventListener('click', () => void this.evaluate());
    $('map-png').addEventListener('click', () => void this.downloadMap('png'));
    $('map-svg').addEventListener('click', () => void this.downloadMap('svg'));
  }

  refresh(): void {
    const explore = !this.host.state.busy && this.host.state.model !== undefined;
    for (const form of ['neighbours-form', 'analogy-form', 'similarity-form', 'map-form']) formButton(form).disabled = !explore;
    $<HTMLButtonElement>('evaluate').disabled = !explore;
    for (const id of ['map-png', 'map-svg']) $<HTMLButtonElement>(id).disabled = !(explore && this.map.drawn > 0);
  }

  /** Shows new vectors: their map, worked examples, and the first of them run. */
  async show(next: VectorsSummary): Promise<void> {
    await this.drawMap();
    const examples = workedExamples(next.words);
    this.showExamples(examples);
    await this.runExample(examples[0]!);
  }

  /** Forgets what was shown of the vectors the page no longer holds. */
  clear(): void {
    this.map.clear();
    for (const id of ['nn-results', 'an-results']) $(id).replaceChildren();
    $('sim-result').textContent = '';
    $('eval-result').textContent = '';
  }

  /** Scores the vectors on the bundled evaluation sets: as a task (the button), or alongside whatever the visitor does next (after training on a sample). */
  async evaluate(asTask = true): Promise<void> {
    const { host } = this;
    const { assets } = host.state;
    $('eval-result').textContent = 'Evaluating…';
    mark('eval-result', 'evaluating');
    const request = (): Promise<Results['evaluate']> => host.worker.request({ type: 'evaluate', analogies: assets.analogies!, pairs: assets.pairs! });
    const result = await (asTask ? host.task('explore-error', request) : this.explore(request));
    if (!result) {
      $('eval-result').textContent = '';
      mark('eval-result', 'failed');
      return;
    }
    const a = result.analogies;
    const p = result.pairs;
    mark('eval-result', 'done', { analogies: a.accuracy, spearman: p.spearman });
    $('eval-result').textContent =
      `Analogies: ${(a.accuracy * 100).toFixed(2)}% correct (${a.correct} of ${a.total} answerable; ${a.questions - a.total} skipped for unknown words), ${a.seconds.toFixed(1)} s. ` +
      `WordSim-353: Spearman ${p.spearman.toFixed(3)}, Pearson ${p.pearson.toFixed(3)} over ${p.pairs} pairs (${(p.oov * 100).toFixed(0)}% unknown).`;
  }

  private showExamples(examples: readonly Example[]): void {
    $('examples').replaceChildren(
      ...examples.map((example) => {
        const run = Object.assign(document.createElement('button'), { type: 'button', textContent: example.label });
        run.addEventListener('click', () => void this.runExample(example));
        return run;
      }),
    );
  }

  /** Fills the example's form and runs its query. */
  private async runExample(example: Example): Promise<void> {
    const set = (id: string, value: string): void => {
      input(id).value = value;
    };
    if (example.kind === 'neighbours') {
      set('nn-word', example.word);
      await this.neighbours();
    } else if (example.kind === 'analogy') {
      set('an-a', example.a);
      set('an-b', example.b);
      set('an-c', example.c);
      await this.analogy();
    } else {
      set('sim-a', example.a);
      set('sim-b', example.b);
      await this.similarity();
    }
  }

  private async explore<T>(work: () => Promise<T>): Promise<T | undefined> {
    showError('explore-error', undefined);
    try {
      return await work();
    } catch (error) {
      showError('explore-error', error);
      return undefined;
    }
  }

  private async neighbours(): Promise<void> {
    const word = input('nn-word').value;
    const found = await this.explore(() => this.host.worker.request({ type: 'neighbours', word, topn: 10 }));
    listNeighbours($('nn-results'), found ?? []);
    mark('nn-results', found ? 'done' : 'failed', { count: found?.length ?? 0 });
    if (found) await this.markOnMap([word, ...found.map((n) => n.word)]);
  }

  private async analogy(): Promise<void> {
    const [a, b, c] = ['an-a', 'an-b', 'an-c'].map((id) => input(id).value);
    const found = await this.explore(() => this.host.worker.request({ type: 'analogy', a: a!, b: b!, c: c!, topn: 5 }));
    listNeighbours($('an-results'), found ?? []);
    mark('an-results', found ? 'done' : 'failed', { count: found?.length ?? 0 });
    if (found?.[0]) await this.markOnMap([found[0].word, a!, b!, c!]);
  }

  private async similarity(): Promise<void> {
    const [a, b] = ['sim-a', 'sim-b'].map((id) => input(id).value);
    const value = await this.explore(() => this.host.worker.request({ type: 'similarity', a: a!, b: b! }));
    $('sim-result').textContent = value === undefined ? '' : `cosine similarity ${value.toFixed(3)}`;
    mark('sim-result', value === undefined ? 'failed' : 'done', { value: value ?? '' });
    if (value !== undefined) await this.markOnMap([a!, b!]);
  }

  /** Marks a query's words and its answers on the map (the first most strongly). */
  private async markOnMap(words: string[]): Promise<void> {
    if (this.map.drawn === 0) return;
    const unique = words.flatMap((w) => [w.trim(), w.trim().toLowerCase()]).filter((w, i, all) => w !== '' && all.indexOf(w) === i);
    this.map.mark(await this.host.worker.request({ type: 'project', words: unique }));
  }

  private async drawMap(): Promise<void> {
    const count = Math.round(Number(input('map-count').value)) || 500;
    const classes = Math.max(0, Math.round(Number(input('map-classes').value)) || 0);
    const points = await this.explore(() => this.host.worker.request({ type: 'map', count, classes }));
    if (!points) return;
    this.map.show(points);
    mark('map-caption', 'drawn', { words: points.words.length, classes: points.classes ? classes : 0 });
    this.host.refresh(); // its downloads, now that there is a map
  }

  private async downloadMap(format: 'png' | 'svg'): Promise<void> {
    const blob = await this.explore(async () => (format === 'png' ? this.map.toPng() : new Blob([this.map.toSvg()], { type: 'image/svg+xml' })));
    if (blob) save(blob, `word-map.${format}`);
  }

  /** Fills the autocomplete list with the most frequent words that start with what was typed. */
  private suggest(field: HTMLInputElement): void {
    const prefix = field.value.trim().toLowerCase();
    const words = this.host.state.model?.words ?? [];
    const found: string[] = [];
    for (let i = 0; i < words.length && found.length < 20 && prefix; i++) if (words[i]!.toLowerCase().startsWith(prefix)) found.push(words[i]!);
    $('vocabulary').replaceChildren(...found.map((w) => Object.assign(document.createElement('option'), { value: w })));
  }
}
