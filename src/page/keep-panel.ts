// The page's "Keep" section: the vectors held (what they are, whether this browser keeps them),
// their downloads, loading a vectors file, and deleting the kept copy.
import { $, button, input, mark, save, status } from './elements';
import type { PageHost } from './page-host';
import type { VectorsSummary } from './protocol';

export class KeepPanel {
  constructor(
    private readonly host: PageHost,
    private readonly shown: { useModel(next: VectorsSummary): Promise<void>; forgotten(): void },
  ) {}

  wire(): void {
    $('download-text').addEventListener('click', () => void this.download(false));
    $('download-binary').addEventListener('click', () => void this.download(true));
    $('delete-model').addEventListener('click', () => void this.forget());
    input('load-vectors').addEventListener('change', (e) => {
      const file = (e.target as HTMLInputElement).files?.[0];
      if (file) void this.load(file);
      (e.target as HTMLInputElement).value = '';
    });
  }

  refresh(): void {
    const { busy, model } = this.host.state;
    const held = !busy && model !== undefined;
    for (const id of ['download-text', 'download-binary']) button(id).disabled = !held;
    input('load-vectors').disabled = busy;
    button('delete-model').disabled = !(!busy && model?.savedAt);
  }

  /** Says which vectors the page holds (and since when this browser keeps them). */
  describe(): void {
    const { model } = this.host.state;
    mark('model-info', model ? (model.savedAt ? 'kept' : 'held') : 'none', { name: model?.name ?? '', words: model?.words.length ?? 0 });
    if (!model) {
      $('model-info').textContent = 'No vectors yet: train, or load a vectors file below.';
      return;
    }
    const kept = model.savedAt ? ` Kept in this browser since ${new Date(model.savedAt).toLocaleString('en')}.` : '';
    $('model-info').textContent =
      `${model.name}: ${model.words.length.toLocaleString('en')} words x ${model.vectorSize} values; searches run on the ${model.queryDevice === 'gpu' ? 'GPU' : 'CPU'}.${kept}`;
  }

  /** The worker kept the vectors in this browser. */
  onSaved(savedAt: string): void {
    const { model } = this.host.state;
    if (model) model.savedAt = savedAt;
    this.describe();
    this.host.refresh();
  }

  private async download(binary: boolean): Promise<void> {
    const blob = await this.host.task('keep-error', () => this.host.worker.request({ type: 'export', binary }));
    if (blob) save(blob, binary ? 'vectors.bin' : 'vectors.txt');
  }

  private async load(file: File): Promise<void> {
    const loaded = await this.host.task('keep-error', () => {
      status(`Reading ${file.name}…`);
      return this.host.worker.request({ type: 'load', file });
    });
    if (!loaded) return;
    status(`Loaded ${file.name}.`);
    await this.shown.useModel(loaded);
  }

  private async forget(): Promise<void> {
    const { host } = this;
    const done = await host.task('keep-error', () => host.worker.request({ type: 'forget' }));
    if (done === undefined) return;
    host.state.model = undefined;
    this.shown.forgotten();
    this.describe();
    status('The kept model was deleted from this browser.');
    host.refresh();
  }
}
