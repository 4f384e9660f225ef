// The page's "Settings" section: the model's settings, checked as they are typed, and the estimate
// of the run's memory and time.
import { $ } from './elements';
import type { PageHost } from './page-host';
import { estimate, followModel, readSettings, validateSettings } from './settings';

export class SettingsPanel {
  /** Whether every setting is valid, as the last refresh found (which also marked the fields that are not). */
  valid = false;

  constructor(private readonly host: PageHost) {}

  wire(): void {
    $('setting-model').addEventListener('change', () => {
      followModel();
      this.host.refresh();
    });
    $('settings').addEventListener('input', () => this.host.refresh());
    $('settings').addEventListener('submit', (e) => e.preventDefault());
  }

  refresh(): void {
    this.valid = validateSettings();
    const { state } = this.host;
    // While a run trains, the estimate is its measured speed (set as progress comes), not a guess.
    if (state.training) return;
    const fit = estimate(readSettings(), state.corpus, state.gpu.maxBindingBytes, this.runsOnGpu(), state.cpuThreads);
    $('estimate').textContent = fit.text;
    $('estimate').classList.toggle('error', !fit.fits);
  }

  /** True when a run with these settings trains on the GPU. */
  runsOnGpu(): boolean {
    const { device } = readSettings();
    const { adapter } = this.host.state.gpu;
    if (!adapter) return false;
    return device === 'gpu' || (device === 'auto' && !adapter.isFallback);
  }

  /** Says what WebGPU offers here; without an adapter the device is the CPU, and the GPU cannot be chosen. */
  showGpu(): void {
    const { gpu } = this.host.state;
    $('gpu-message').textContent = gpu.message;
    if (gpu.adapter) return;
    $<HTMLSelectElement>('setting-device').value = 'cpu';
    $<HTMLSelectElement>('setting-device').querySelector<HTMLOptionElement>('option[value="gpu"]')!.disabled = true;
  }
}
