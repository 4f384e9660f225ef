// The page's "GPU against CPU" section: one epoch of the same settings on the same first words, on
// the GPU and then on the CPU path, and how their speeds compare.
import { adapterName, describeCpuPath } from '../internal';
import { $, button, input, status } from './elements';
import type { PageHost } from './page-host';
import type { RaceUpdate } from './protocol';
import { readSettings, recordThroughput, validateSettings } from './settings';
import type { SettingsPanel } from './settings-panel';
import type { TextPanel } from './text-panel';

export class RacePanel {
  constructor(
    private readonly host: PageHost,
    private readonly text: TextPanel,
    private readonly settings: SettingsPanel,
  ) {}

  wire(): void {
    $('race').addEventListener('click', () => void this.race());
  }

  refresh(): void {
    const { busy, source, gpu } = this.host.state;
    button('race').disabled = !(!busy && this.settings.valid && source && gpu.adapter);
  }

  private onProgress({ leg, progress: p }: RaceUpdate): void {
    $('race-result').textContent = `${leg === 'gpu' ? 'GPU' : 'CPU path'}: ${(p.progress * 100).toFixed(0)}%, ${Math.round(p.wordsPerSec).toLocaleString('en')} words/s`;
  }

  private async race(): Promise<void> {
    const { host } = this;
    if (!validateSettings()) return;
    const words = Math.max(1000, Math.round(Number(input('race-words').value)) || 50_000);
    const { options } = readSettings();
    $('race-result').textContent = '';
    const result = await host.task(
      'race-error',
      async () => {
        await this.text.readFor(options);
        const { signal, pause } = host.running!;
        return host.worker.request({ type: 'race', options, words }, { signal, pause, onUpdate: (update) => this.onProgress(update as RaceUpdate) });
      },
      true,
    );
    if (!result) return;
    const [onGpu, onCpu] = result.legs;
    recordThroughput('gpu', options, onGpu.wordsPerSec);
    recordThroughput('cpu', options, onCpu.wordsPerSec);
    const speedup = onGpu.wordsPerSec / onCpu.wordsPerSec;
    const emulated = onGpu.adapter?.isFallback ? ' This adapter is a software emulation of a GPU, so the CPU path is expected to win here.' : '';
    const auto = result.auto ? ` From now on, device "auto" trains on ${result.auto === 'gpu' ? 'the GPU' : 'the CPU path'} with these settings.` : '';
    $('race-result').textContent =
      `On ${onGpu.words.toLocaleString('en')} words: GPU (${adapterName(onGpu.adapter!)}) ${Math.round(onGpu.wordsPerSec).toLocaleString('en')} words/s; ` +
      `${describeCpuPath(onCpu.threads, onCpu.cpuKernels)}: ${Math.round(onCpu.wordsPerSec).toLocaleString('en')} words/s; the GPU is ${speedup >= 1 ? `${speedup.toFixed(1)}x faster` : `${(1 / speedup).toFixed(1)}x slower`}.${emulated}${auto}`;
    status('Race done.');
    host.refresh();
  }
}
