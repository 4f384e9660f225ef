// The page's "Train" section: trains on the chosen text (or on the documents), with progress, a
// live loss chart, pause, resume and cancel.
import { adapterName, describeCpuPath, describeLoss, trainOn, type Progress } from '../internal';
import { $, button, mark, seconds, status } from './elements';
import { LossChart } from './loss-chart';
import { pageText } from './page-terms';
import type { PageHost } from './page-host';
import { PAGE_CORPUS, type VectorsSummary } from './protocol';
import { readSettings, recordThroughput, validateSettings } from './settings';
import type { SettingsPanel } from './settings-panel';
import type { TextPanel } from './text-panel';

/** What the train panel hands on once a model is trained. */
export interface Trained {
  /** Shows the new vectors everywhere (explore, keep, documents). */
  useModel(next: VectorsSummary): Promise<void>;
  /** Scores them on the bundled evaluation sets alongside whatever the visitor does next. */
  evaluateInBackground(): void;
}

function trainStats(p: Progress): string {
  return `epoch ${p.epoch + 1}/${p.epochs}  ${(p.progress * 100).toFixed(1)}%  ${Math.round(p.wordsPerSec).toLocaleString('en')} words/s  learning rate ${p.alpha.toFixed(5)}  loss ${p.loss.toFixed(3)}  elapsed ${seconds(p.elapsedSeconds)}  ETA ${seconds(p.etaSeconds)}`;
}

/** What training on the documents does to the vectors held now, as a question. */
function replaceModelQuestion(held: VectorsSummary, startFrom: boolean): string {
  const words = held.words.length.toLocaleString('en');
  return `Training on the documents replaces the word vectors you have (${held.name}, ${words} words) with new ones${startFrom ? ' that start from them' : ''}, here and in this browser's kept copy. Download them first if you want to keep them. Train on the documents anyway?`;
}

export class TrainPanel {
  private readonly chart = new LossChart($('loss-chart'));

  constructor(
    private readonly host: PageHost,
    private readonly text: TextPanel,
    private readonly settings: SettingsPanel,
    private readonly trained: Trained,
  ) {}

  wire(): void {
    const { state } = this.host;
    $('train').addEventListener('click', () => void this.train());
    $('pause').addEventListener('click', () => {
      state.paused = !state.paused;
      if (state.paused) this.host.running?.pause.pause();
      else this.host.running?.pause.resume();
      $('pause').textContent = state.paused ? 'Resume' : 'Pause';
      status(state.paused ? 'Paused.' : 'Training…');
      mark($('train').closest('section')!, state.paused ? 'paused' : 'busy');
    });
    $('cancel').addEventListener('click', () => this.host.running?.cancel());
  }

  refresh(): void {
    const { busy, training, source } = this.host.state;
    button('train').disabled = !(!busy && this.settings.valid && source);
    button('pause').disabled = !training;
    button('cancel').disabled = !training;
    if (!training) $('pause').textContent = 'Pause';
  }

  /** A training run's progress: the bar, the figures, the chart, and this machine's measured speed in place of the estimate. */
  onProgress(p: Progress): void {
    $<HTMLProgressElement>('progress').value = p.progress;
    $('train-stats').textContent = trainStats(p);
    this.chart.add(p.progress * 100, p.loss);
    // The estimate before training was a guess: this machine's speed is known after the first batch.
    if (p.progress < 1 && Number.isFinite(p.etaSeconds))
      $('estimate').textContent =
        `Measured on this machine: ${Math.round(p.wordsPerSec).toLocaleString('en')} words/s, so the whole run takes about ${seconds(p.elapsedSeconds + p.etaSeconds)} (${seconds(p.etaSeconds)} to go).`;
  }

  /** Trains on the chosen text (from the vectors the page holds when `startFrom`); true when a model came of it. */
  async train(startFrom = false): Promise<boolean> {
    const { host } = this;
    if (!host.state.source || !validateSettings()) return false;
    const { options, device } = readSettings();
    this.chart.clear(options.epochs);
    this.clearProgress();
    const trained = await host.task(
      'train-error',
      async () => {
        await this.text.readFor(options);
        status(this.settings.runsOnGpu() ? 'Training on the GPU…' : 'Training…');
        // The library's training in the page's worker, on the corpus the worker read; the page then holds the vectors.
        const held = startFrom ? host.state.model : undefined;
        const { signal, pause } = host.running!;
        const model = await trainOn(host.worker.connection, { heldCorpus: PAGE_CORPUS }, options, {
          device,
          ...(held ? { startFrom: held } : {}),
          signal,
          pause,
          onProgress: (p) => this.onProgress(p),
          onNotice: (message) => status(pageText(message)),
        });
        return host.worker.request({ type: 'hold', handle: model.handle, ...(held ? { startedFrom: held.name } : {}) });
      },
      true,
    );
    if (!trained) {
      // No progress or loss curve of a run that did not finish stays on screen as if it had.
      this.chart.clear();
      this.clearProgress();
      return false;
    }
    const r = trained.report!;
    mark($('train').closest('section')!, 'done', { device: r.device, loss: describeLoss(r.options), words: r.vocabularySize, threads: r.threads, kernels: r.cpuKernels ?? '' });
    recordThroughput(r.device, options, r.wordsPerSec);
    $<HTMLProgressElement>('progress').value = 1;
    status(
      `Trained ${r.vocabularySize.toLocaleString('en')} words on the ${r.device === 'gpu' ? `GPU (${adapterName(r.adapter!)})` : describeCpuPath(r.threads, r.cpuKernels)} at ${Math.round(r.wordsPerSec).toLocaleString('en')} words/s in ${r.trainSeconds.toFixed(1)} s; ${describeLoss(r.options)}, final loss ${r.finalLoss.toFixed(3)}.`,
    );
    await this.trained.useModel(trained);
    // The evaluation sets are English Wikipedia's kind of text: scored at once after the samples.
    if (host.state.source?.kind === 'sample') this.trained.evaluateInBackground();
    return true;
  }

  /**
   * Trains on the documents under "Your documents" with the page's settings, from the vectors the
   * page holds when `startFrom` (embedding them follows, as after any training).
   */
  async trainOnDocuments(startFrom: boolean): Promise<boolean> {
    const { state } = this.host;
    if (state.model && !window.confirm(replaceModelQuestion(state.model, startFrom))) {
      status('Not trained: the word vectors you have are kept.');
      mark('docs-train-advice', 'declined');
      return false;
    }
    for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="source"]')) radio.checked = false;
    // Read once at the field's min count; a collection too small for it (no word that often) is read
    // again at 1, so that it is counted and its suggested settings can be chosen.
    await this.text.choose({ kind: 'documents' });
    if (state.source === undefined) await this.text.choose({ kind: 'documents' }, 1);
    if (state.source === undefined) return false;
    // A collection is a small text: its suggested settings where the visitor kept the page's defaults (the fields show them, and stay for the next run).
    const applied = this.text.hasSuggestions;
    if (applied) this.text.applyAdvice(true);
    $('docs-train-advice').textContent = applied
      ? `Trained with the settings suggested for a collection this small, where you had kept the page's defaults: ${this.text.adviceText}`
      : '';
    return this.train(startFrom && state.model !== undefined);
  }

  private clearProgress(): void {
    $<HTMLProgressElement>('progress').value = 0;
    $('train-stats').textContent = '';
  }
}
