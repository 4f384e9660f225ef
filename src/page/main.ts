// The page: wires its panels (text, settings, train, race, explore, keep, documents) to one worker
// and one page state, and starts them. It uses only the library's public API (through the worker)
// and makes no network request after start-up.
import { browserCpuThreads, PauseController } from '../internal';
import { DocumentsPanel } from './documents-panel';
import { $, mark, pageMessage, save, showError, status } from './elements';
import { ExplorePanel } from './explore-panel';
import { probeGpu } from './gpu-probe';
import { KeepPanel } from './keep-panel';
import type { PageHost, PageState } from './page-host';
import { pageText } from './page-terms';
import type { VectorsSummary, WorkerEvent } from './protocol';
import { RacePanel } from './race-panel';
import { SettingsPanel } from './settings-panel';
import { SAMPLE, SMALL_SAMPLE, TextPanel } from './text-panel';
import { TrainPanel } from './train-panel';
import { WorkerClient } from './worker-client';

const EVAL = { analogies: 'eval/questions-words.txt.gz', pairs: 'eval/wordsim353.tab.gz' };

const state: PageState = { gpu: { message: '' }, busy: false, training: false, paused: false, cpuThreads: browserCpuThreads(), assets: {} };

let running: PageHost['running'];

const host: PageHost = {
  state,
  worker: new WorkerClient(onEvent),
  get running() {
    return running;
  },
  refresh,
  async task(errorBox, work, trains = false) {
    // The section's state says whether a task runs; `data-outcome`, how its last one ended, and `data-runs`, how many have (for tests to wait on).
    const section = $(errorBox).closest('section')!;
    const runs = Number(section.dataset.runs ?? 0);
    state.busy = true;
    state.training = trains;
    if (trains) {
      const abort = new AbortController();
      running = { signal: abort.signal, pause: new PauseController(), cancel: () => abort.abort(new DOMException('Training was cancelled.', 'AbortError')) };
    }
    showError(errorBox, undefined);
    mark(section, 'busy');
    refresh();
    try {
      const result = await work();
      mark(section, 'done', { runs: runs + 1, outcome: 'done' });
      return result;
    } catch (error) {
      showError(errorBox, error);
      const cancelled = (error as Error).name === 'AbortError';
      // The message at the top too, where the eye is, and beside the section it concerns.
      status(cancelled ? 'Cancelled.' : `Stopped: ${pageMessage(error)}`);
      mark(section, cancelled ? 'cancelled' : 'failed', { runs: runs + 1, outcome: cancelled ? 'cancelled' : 'failed' });
      return undefined;
    } finally {
      state.busy = false;
      state.training = false;
      state.paused = false;
      running = undefined;
      refresh();
    }
  },
};

const text = new TextPanel(host);
const settings = new SettingsPanel(host);
const explore = new ExplorePanel(host);
const keep = new KeepPanel(host, { useModel, forgotten: () => explore.clear() });
const train = new TrainPanel(host, text, settings, { useModel, evaluateInBackground: () => void explore.evaluate(false) });
const race = new RacePanel(host, text, settings);
const documents = new DocumentsPanel({
  request: (request) => host.worker.request(request),
  task: (errorBox, work) => host.task(errorBox, work),
  hasVectors: () => state.model !== undefined,
  vectors: () => state.model,
  busy: () => state.busy,
  trainOnDocuments: (startFrom) => train.trainOnDocuments(startFrom),
  save,
  status,
});
const panels = [settings, text, train, race, explore, keep, documents];

/** Every panel shows the state as it is now. */
function refresh(): void {
  for (const panel of panels) panel.refresh();
}

/** Shows freshly trained, loaded or restored vectors in every panel. */
async function useModel(next: VectorsSummary): Promise<void> {
  state.model = next;
  keep.describe();
  refresh();
  await explore.show(next);
  await documents.onVectors();
}

function onEvent(event: WorkerEvent): void {
  if (event.event === 'stage') {
    status(event.message);
    mark('status', 'stage', { task: event.task, done: event.step?.done ?? '', of: event.step?.of ?? '' });
  } else if (event.event === 'notice') {
    status(pageText(event.message));
  } else if (event.event === 'saved') {
    keep.onSaved(event.savedAt);
  } else {
    $('keep-error').textContent = pageText(event.message);
  }
}

async function fetchAsset(path: string): Promise<ArrayBuffer> {
  const response = await fetch(`${import.meta.env.BASE_URL}${path}`);
  if (!response.ok) throw new Error(`${path} could not be loaded (HTTP ${response.status}); reload the page.`);
  return response.arrayBuffer();
}

/** Loads everything the page will need, so that nothing is fetched later; restores the kept model. */
async function start(): Promise<void> {
  for (const panel of panels) panel.wire();
  keep.describe();
  refresh();
  const [probe, sample, small, analogies, pairs, restored] = await Promise.all([
    probeGpu(),
    fetchAsset(SAMPLE.url),
    fetchAsset(SMALL_SAMPLE.url),
    fetchAsset(EVAL.analogies),
    fetchAsset(EVAL.pairs),
    host.worker.request({ type: 'restore' }).catch((error: unknown) => {
      $('keep-error').textContent = `The kept model could not be read (${(error as Error).message}).`;
      return null;
    }),
  ]);
  state.gpu = probe;
  Object.assign(state.assets, { sample, small, analogies, pairs });
  settings.showGpu();
  await text.choose({ kind: 'sample', name: SAMPLE.name, gzip: sample });
  if (restored) {
    status('Restored the model kept in this browser.');
    await useModel(restored);
  }
  await documents.restore();
  document.body.dataset.state = 'ready';
}

start().catch((error: unknown) => {
  status(`The page could not start: ${(error as Error).message}`);
  document.body.dataset.state = 'failed';
});
