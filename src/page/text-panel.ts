// The page's "Text" section: the bundled samples, files (picked or dropped) or pasted text, read by
// the worker into a corpus; its counts, and advice for a text too small for the settings.
import type { TrainOptions } from '../internal';
import { adviseFor, type SuggestedFields } from './corpus-advice';
import { wireDropZone } from './drop-zone';
import { $, button, input, mark, status } from './elements';
import type { PageHost } from './page-host';
import type { CorpusSource, CorpusSummary } from './protocol';
import { readSettings } from './settings';

/** The default text, and a small one that trains in seconds. */
export const SAMPLE = { name: 'the sample corpus (text8, first 10M characters)', url: 'corpus/text8-10M.txt.gz' };
export const SMALL_SAMPLE = { name: 'the small sample (text8, first 1M characters)', url: 'corpus/text8-1M.txt.gz' };

/** A text's word counts, before and after min count, in one sentence that says which is which. */
function corpusCounts(summary: CorpusSummary): string {
  const n = (count: number): string => count.toLocaleString('en');
  const kept = summary.words === summary.rawWords ? 'all of them' : `${n(summary.words)} of them`;
  return `${n(summary.rawWords)} words; ${kept} in the ${n(summary.vocabularySize)} distinct words that occur at least ${summary.minCount} times (min count), which are trained.`;
}

export class TextPanel {
  /** The settings the last advice suggested, applied by its button. */
  private suggested: SuggestedFields = {};

  constructor(private readonly host: PageHost) {}

  wire(): void {
    const { assets } = this.host.state;
    $('source-sample').addEventListener('change', () => void this.choose({ kind: 'sample', name: SAMPLE.name, gzip: assets.sample! }));
    $('source-small').addEventListener('change', () => void this.choose({ kind: 'sample', name: SMALL_SAMPLE.name, gzip: assets.small! }));
    $('source-files').addEventListener('change', () => $('corpus-files').click());
    $('source-text').addEventListener('change', () => $('corpus-text').focus());
    input('corpus-files').addEventListener('change', (e) => this.selectFiles((e.target as HTMLInputElement).files));
    $('apply-advice').addEventListener('click', () => this.applyAdvice());
    // The chosen text is read again with or without its phrases joined.
    $('join-phrases').addEventListener('change', () => {
      const { source, busy } = this.host.state;
      if (source && !busy) void this.choose(source);
    });
    wireDropZone($('drop-zone'), (data) => this.selectFiles(data?.files ?? null));
    $('use-text').addEventListener('click', () => {
      input('source-text').checked = true;
      void this.choose({ kind: 'text', text: $<HTMLTextAreaElement>('corpus-text').value });
    });
  }

  refresh(): void {
    const idle = !this.host.state.busy;
    button('use-text').disabled = !idle;
    input('corpus-files').disabled = !idle;
  }

  /** Reads a text to train on, at `minCountNow` instead of the field's min count when given (a collection too small for the field's). */
  async choose(next: CorpusSource, minCountNow?: number): Promise<void> {
    const { host } = this;
    $('corpus-summary').textContent = '';
    mark('corpus-summary', 'reading');
    // Advice is for the text it was given about: gone as soon as another is chosen (and if that one is refused).
    this.showAdvice(undefined);
    const summary = await host.task('source-error', async () => {
      status('Reading the text…');
      const { options } = readSettings();
      const minCount = minCountNow ?? (Number.isInteger(options.minCount) && options.minCount! >= 1 ? options.minCount! : 5); // a bad value is flagged in the form
      return host.worker.request({ type: 'prepare', source: next, minCount, tokenizer: options.tokenizer!, phrases: this.joinPhrases() });
    });
    host.state.source = summary ? next : undefined;
    host.state.corpus = summary;
    if (!summary) mark('corpus-summary', 'failed');
    if (summary) {
      mark('corpus-summary', 'ready', { rawWords: summary.rawWords, words: summary.words, vocabulary: summary.vocabularySize, phrases: summary.phrases?.join(' ') ?? '' });
      const phrases = summary.phrases ? ` Phrases joined: ${summary.phrases.map((n) => n.toLocaleString('en')).join(' and ')} in two passes.` : '';
      $('corpus-summary').textContent = `${summary.name}: ${corpusCounts(summary)}${phrases}`;
      this.showAdvice(summary);
      status('Ready to train.');
    }
    host.refresh();
  }

  /** Reads the chosen text again when min count, the word rule or the phrase choice changed since it was read. */
  async readFor(options: TrainOptions): Promise<void> {
    const { state, worker } = this.host;
    const { corpus } = state;
    if (corpus?.minCount !== options.minCount || corpus?.tokenizer !== options.tokenizer || (corpus?.phrases !== undefined) !== this.joinPhrases()) {
      state.corpus = await worker.request({ type: 'prepare', source: state.source!, minCount: options.minCount!, tokenizer: options.tokenizer!, phrases: this.joinPhrases() });
    }
  }

  /** Whether the last advice suggested settings. */
  get hasSuggestions(): boolean {
    return Object.keys(this.suggested).length > 0;
  }

  /** The last advice, as the page shows it. */
  get adviceText(): string {
    return $('corpus-advice-text').textContent ?? '';
  }

  /** Puts the suggested settings in their fields; `keepChosen`: only in fields that still hold the page's default (what the visitor chose stays). */
  applyAdvice(keepChosen = false): void {
    for (const [field, value] of Object.entries(this.suggested)) {
      const setting = $<HTMLInputElement | HTMLSelectElement>(`setting-${field}`);
      const pageDefault = setting instanceof HTMLSelectElement ? [...setting.options].find((o) => o.defaultSelected)?.value : setting.defaultValue;
      if (!keepChosen || setting.value === pageDefault) setting.value = value;
    }
    this.host.refresh();
  }

  /** Says, before training, when a text is too small for the settings, and offers settings that suit it (none: hides the advice). */
  private showAdvice(summary: CorpusSummary | undefined): void {
    const advice = summary ? adviseFor(summary) : { text: '', warning: false, suggested: {} };
    $('corpus-advice').hidden = advice.text === '';
    $('corpus-advice-text').textContent = advice.text;
    $('corpus-advice-text').classList.toggle('warning', advice.warning);
    this.suggested = advice.suggested;
  }

  /** Whether the text's phrases are to be joined before training. */
  private joinPhrases(): boolean {
    return input('join-phrases').checked;
  }

  private selectFiles(files: FileList | null): void {
    if (!files || files.length === 0) return;
    input('source-files').checked = true;
    void this.choose({ kind: 'files', files: [...files] });
  }
}
