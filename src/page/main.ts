// The page: chooses the text and settings, drives the worker, and shows training, the race and the vectors.
// It uses only the library's public API (through the worker) and makes no network request after start-up.
import { pageText } from './page-terms';
import { adapterName, describeCpuPath, describeLoss, type Neighbour, type Progress, type TrainOptions } from '../index';
import { pageCpuThreads } from './cpu-threads';
import { probeGpu, type GpuProbe } from './gpu-probe';
import { LossChart } from './loss-chart';
import type { CorpusSource, CorpusSummary, VectorsSummary, RaceLeg, Results, WorkerEvent } from './protocol';
import { adviseFor, type SuggestedFields } from './corpus-advice';
import { estimate, followModel, readSettings, recordThroughput, validateSettings } from './settings';
import { WorkerClient, WorkerError } from './worker-client';
import { WordMap } from './word-map';
import { DocumentsPanel } from './documents-panel';
import { wireDropZone } from './drop-zone';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page lacks #${id}.`);
  return element as T;
};
const status = (text: string): void => {
  $('status').textContent = text;
};
/** An error's message in the page's words (its fields' labels, not the library's option names). */
const pageMessage = (error: unknown): string => pageText((error as Error).message);
const showError = (id: string, error: unknown): void => {
  $(id).textContent = error ? pageMessage(error) : '';
};
const formButton = (form: string): HTMLButtonElement => $(form).querySelector('button')!;

/** The default text, and a small one that trains in seconds. */
const SAMPLE = { name: 'the sample corpus (text8, first 10M characters)', url: 'corpus/text8-10M.txt.gz' };
const SMALL_SAMPLE = { name: 'the small sample (text8, first 1M characters)', url: 'corpus/text8-1M.txt.gz' };
const EVAL = { analogies: 'eval/questions-words.txt.gz', pairs: 'eval/wordsim353.tab.gz' };

let gpu: GpuProbe = { message: '' };
let source: CorpusSource | undefined;
let corpus: CorpusSummary | undefined;
let model: VectorsSummary | undefined;
let busy = false;
const cpuThreads = pageCpuThreads();
/** A training run or race is going: pause and cancel apply. */
let training = false;
let paused = false;
const assets: { sample?: ArrayBuffer; small?: ArrayBuffer; analogies?: ArrayBuffer; pairs?: ArrayBuffer } = {};

const chart = new LossChart($('loss-chart'));
const map = new WordMap($<HTMLCanvasElement>('word-map'), $('map-caption'));
const worker = new WorkerClient(onEvent);
const documents = new DocumentsPanel({
  request: (request) => worker.request(request),
  task: (errorBox, work) => task(errorBox, work),
  hasVectors: () => model !== undefined,
  vectors: () => model,
  busy: () => busy,
  trainOnDocuments,
  save,
  status,
});

async function fetchAsset(path: string): Promise<ArrayBuffer> {
  const response = await fetch(`${import.meta.env.BASE_URL}${path}`);
  if (!response.ok) throw new Error(`${path} could not be loaded (HTTP ${response.status}); reload the page.`);
  return response.arrayBuffer();
}

function seconds(s: number): string {
  if (!Number.isFinite(s)) return '…';
  return s < 90 ? `${s.toFixed(0)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** True when a run with these settings trains on the GPU. */
function runsOnGpu(): boolean {
  const { device } = readSettings();
  if (!gpu.adapter) return false;
  return device === 'gpu' || (device === 'auto' && !gpu.adapter.isFallback);
}

/** Enables each control that makes sense now. */
function refresh(): void {
  const valid = validateSettings();
  // While a run trains, the estimate is its measured speed (set as progress comes), not a guess.
  if (!training) {
    const fit = estimate(readSettings(), corpus, gpu.maxBindingBytes, runsOnGpu(), cpuThreads);
    $('estimate').textContent = fit.text;
    $('estimate').classList.toggle('error', !fit.fits);
  }
  const idle = !busy;
  $<HTMLButtonElement>('train').disabled = !(idle && valid && source);
  $<HTMLButtonElement>('race').disabled = !(idle && valid && source && gpu.adapter);
  $<HTMLButtonElement>('pause').disabled = !training;
  $<HTMLButtonElement>('cancel').disabled = !training;
  $<HTMLButtonElement>('use-text').disabled = !idle;
  $<HTMLInputElement>('corpus-files').disabled = !idle;
  $<HTMLInputElement>('load-vectors').disabled = !idle;
  const explore = idle && model !== undefined;
  for (const form of ['neighbours-form', 'analogy-form', 'similarity-form', 'map-form']) formButton(form).disabled = !explore;
  for (const id of ['evaluate', 'download-text', 'download-binary']) $<HTMLButtonElement>(id).disabled = !explore;
  for (const id of ['map-png', 'map-svg']) $<HTMLButtonElement>(id).disabled = !(explore && map.drawn > 0);
  $<HTMLButtonElement>('delete-model').disabled = !(idle && model?.savedAt);
  documents.refresh();
}

function onEvent(event: WorkerEvent): void {
  if (event.event === 'progress') {
    const p = event.progress;
    if (event.task === 'train') {
      $<HTMLProgressElement>('progress').value = p.progress;
      $('train-stats').textContent = trainStats(p);
      chart.add(p.progress * 100, p.loss);
      // The estimate before training was a guess: this machine's speed is known after the first batch.
      if (p.progress < 1 && Number.isFinite(p.etaSeconds))
        $('estimate').textContent =
          `Measured on this machine: ${Math.round(p.wordsPerSec).toLocaleString('en')} words/s, so the whole run takes about ${seconds(p.elapsedSeconds + p.etaSeconds)} (${seconds(p.etaSeconds)} to go).`;
    } else {
      $('race-result').textContent = `${event.leg === 'gpu' ? 'GPU' : 'CPU path'}: ${(p.progress * 100).toFixed(0)}%, ${Math.round(p.wordsPerSec).toLocaleString('en')} words/s`;
    }
  } else if (event.event === 'stage') {
    status(event.message);
  } else if (event.event === 'notice') {
    status(pageText(event.message));
  } else if (event.event === 'saved') {
    if (model) model.savedAt = event.savedAt;
    describeModel();
    refresh();
  } else {
    $('keep-error').textContent = pageText(event.message);
  }
}

function trainStats(p: Progress): string {
  return `epoch ${p.epoch + 1}/${p.epochs}  ${(p.progress * 100).toFixed(1)}%  ${Math.round(p.wordsPerSec).toLocaleString('en')} words/s  learning rate ${p.alpha.toFixed(5)}  loss ${p.loss.toFixed(3)}  elapsed ${seconds(p.elapsedSeconds)}  ETA ${seconds(p.etaSeconds)}`;
}

/** Runs one task with the controls locked (`trains`: pause and cancel apply); shows its error in `errorBox`. */
async function task<T>(errorBox: string, work: () => Promise<T>, trains = false): Promise<T | undefined> {
  busy = true;
  training = trains;
  showError(errorBox, undefined);
  refresh();
  try {
    return await work();
  } catch (error) {
    showError(errorBox, error);
    // The message at the top too, where the eye is, and beside the section it concerns.
    status(error instanceof WorkerError && error.code === 'CANCELLED' ? 'Cancelled.' : `Stopped: ${pageMessage(error)}`);
    return undefined;
  } finally {
    busy = false;
    training = false;
    paused = false;
    $('pause').textContent = 'Pause';
    refresh();
  }
}

/** Reads a text to train on, at `minCountNow` instead of the field's min count when given (a collection too small for the field's). */
async function chooseSource(next: CorpusSource, minCountNow?: number): Promise<void> {
  $('corpus-summary').textContent = '';
  // Advice is for the text it was given about: gone as soon as another is chosen (and if that one is refused).
  showAdvice(undefined);
  const summary = await task('source-error', async () => {
    status('Reading the text…');
    const { options } = readSettings();
    const minCount = minCountNow ?? (Number.isInteger(options.minCount) && options.minCount! >= 1 ? options.minCount! : 5); // a bad value is flagged in the form
    return worker.request({ type: 'prepare', source: next, minCount, tokenizer: options.tokenizer!, phrases: joinPhrasesChosen() });
  });
  source = summary ? next : undefined;
  corpus = summary;
  if (summary) {
    const phrases = summary.phrases ? ` Phrases joined: ${summary.phrases.map((n) => n.toLocaleString('en')).join(' and ')} in two passes.` : '';
    $('corpus-summary').textContent = `${summary.name}: ${corpusCounts(summary)}${phrases}`;
    showAdvice(summary);
    status('Ready to train.');
  }
  refresh();
}

/** A text's word counts, before and after min count, in one sentence that says which is which. */
function corpusCounts(summary: CorpusSummary): string {
  const n = (count: number): string => count.toLocaleString('en');
  const kept = summary.words === summary.rawWords ? 'all of them' : `${n(summary.words)} of them`;
  return `${n(summary.rawWords)} words; ${kept} in the ${n(summary.vocabularySize)} distinct words that occur at least ${summary.minCount} times (min count), which are trained.`;
}

/** Says, before training, when a text is too small for the settings, and offers settings that suit it (none: hides the advice). */
function showAdvice(summary: CorpusSummary | undefined): void {
  const advice = summary ? adviseFor(summary) : { text: '', warning: false, suggested: {} };
  $('corpus-advice').hidden = advice.text === '';
  $('corpus-advice-text').textContent = advice.text;
  $('corpus-advice-text').classList.toggle('warning', advice.warning);
  suggested = advice.suggested;
}

/** The settings the last advice suggested, applied by its button. */
let suggested: SuggestedFields = {};

/** Puts the suggested settings in their fields; `keepChosen`: only in fields that still hold the page's default (what the visitor chose stays). */
function applyAdvice(keepChosen = false): void {
  for (const [field, value] of Object.entries(suggested)) {
    const input = $<HTMLInputElement | HTMLSelectElement>(`setting-${field}`);
    const pageDefault = input instanceof HTMLSelectElement ? [...input.options].find((o) => o.defaultSelected)?.value : input.defaultValue;
    if (!keepChosen || input.value === pageDefault) input.value = value;
  }
  refresh();
}

/** Whether the text's phrases are to be joined before training. */
function joinPhrasesChosen(): boolean {
  return $<HTMLInputElement>('join-phrases').checked;
}

/** Prepares the chosen text again when min count, the word rule or the phrase choice changed since it was read. */
async function corpusFor(options: TrainOptions): Promise<void> {
  if (corpus?.minCount !== options.minCount || corpus?.tokenizer !== options.tokenizer || (corpus?.phrases !== undefined) !== joinPhrasesChosen()) {
    corpus = await worker.request({ type: 'prepare', source: source!, minCount: options.minCount!, tokenizer: options.tokenizer!, phrases: joinPhrasesChosen() });
  }
}

/**
 * Trains on the documents under "Your documents" with the page's settings, from the vectors the
 * page holds when `startFrom` (embedding them follows, as after any training).
 */
async function trainOnDocuments(startFrom: boolean): Promise<boolean> {
  if (model && !window.confirm(replaceModelQuestion(model, startFrom))) {
    status('Not trained: the word vectors you have are kept.');
    return false;
  }
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="source"]')) radio.checked = false;
  // Read once at the field's min count; a collection too small for it (no word that often) is read
  // again at 1, so that it is counted and its suggested settings can be chosen.
  await chooseSource({ kind: 'documents' });
  if (source === undefined) await chooseSource({ kind: 'documents' }, 1);
  if (source === undefined) return false;
  // A collection is a small text: its suggested settings where the visitor kept the page's defaults (the fields show them, and stay for the next run).
  const applied = Object.keys(suggested).length > 0;
  if (applied) applyAdvice(true);
  $('docs-train-advice').textContent = applied
    ? `Trained with the settings suggested for a collection this small, where you had kept the page's defaults: ${$('corpus-advice-text').textContent}`
    : '';
  return trainModel(startFrom && model !== undefined);
}

/** What training on the documents does to the vectors held now, as a question. */
function replaceModelQuestion(held: VectorsSummary, startFrom: boolean): string {
  const words = held.words.length.toLocaleString('en');
  return `Training on the documents replaces the word vectors you have (${held.name}, ${words} words) with new ones${startFrom ? ' that start from them' : ''}, here and in this browser's kept copy. Download them first if you want to keep them. Train on the documents anyway?`;
}

/** Trains on the chosen text (from the vectors the page holds when `startFrom`); true when a model came of it. */
async function trainModel(startFrom = false): Promise<boolean> {
  if (!source || !validateSettings()) return false;
  const { options, device } = readSettings();
  chart.clear(options.epochs);
  $<HTMLProgressElement>('progress').value = 0;
  $('train-stats').textContent = '';
  const trained = await task(
    'train-error',
    async () => {
      await corpusFor(options);
      status(runsOnGpu() ? 'Training on the GPU…' : 'Training…');
      return worker.request({ type: 'train', options, device, startFromHeld: startFrom });
    },
    true,
  );
  if (!trained) {
    // No progress or loss curve of a run that did not finish stays on screen as if it had.
    chart.clear();
    $<HTMLProgressElement>('progress').value = 0;
    $('train-stats').textContent = '';
    return false;
  }
  const r = trained.report!;
  recordThroughput(r.device, options, r.wordsPerSec);
  $<HTMLProgressElement>('progress').value = 1;
  status(
    `Trained ${r.vocabularySize.toLocaleString('en')} words on the ${r.device === 'gpu' ? `GPU (${adapterName(r.adapter!)})` : describeCpuPath(r.threads, r.cpuKernels)} at ${Math.round(r.wordsPerSec).toLocaleString('en')} words/s in ${r.trainSeconds.toFixed(1)} s; ${describeLoss(r.options)}, final loss ${r.finalLoss.toFixed(3)}.`,
  );
  await useModel(trained);
  // The evaluation sets are English Wikipedia's kind of text: scored at once after the samples.
  if (source?.kind === 'sample') void evaluateModel(false);
  return true;
}

/** Shows freshly trained, loaded or restored vectors: vocabulary, map, worked examples and the first of them. */
async function useModel(next: VectorsSummary): Promise<void> {
  model = next;
  describeModel();
  refresh();
  await drawMap();
  const examples = workedExamples(next.words);
  showExamples(examples);
  await runExample(examples[0]!);
  await documents.onVectors();
}

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

function showExamples(examples: readonly Example[]): void {
  $('examples').replaceChildren(
    ...examples.map((example) => {
      const button = Object.assign(document.createElement('button'), { type: 'button', textContent: example.label });
      button.addEventListener('click', () => void runExample(example));
      return button;
    }),
  );
}

/** Fills the example's form and runs its query. */
async function runExample(example: Example): Promise<void> {
  const set = (id: string, value: string): void => {
    $<HTMLInputElement>(id).value = value;
  };
  if (example.kind === 'neighbours') {
    set('nn-word', example.word);
    await neighbours();
  } else if (example.kind === 'analogy') {
    set('an-a', example.a);
    set('an-b', example.b);
    set('an-c', example.c);
    await analogy();
  } else {
    set('sim-a', example.a);
    set('sim-b', example.b);
    await similarity();
  }
}

function describeModel(): void {
  if (!model) {
    $('model-info').textContent = 'No vectors yet: train, or load a vectors file below.';
    return;
  }
  const kept = model.savedAt ? ` Kept in this browser since ${new Date(model.savedAt).toLocaleString('en')}.` : '';
  $('model-info').textContent =
    `${model.name}: ${model.words.length.toLocaleString('en')} words x ${model.vectorSize} values; searches run on the ${model.queryDevice === 'gpu' ? 'GPU' : 'CPU'}.${kept}`;
}

function listNeighbours(list: HTMLElement, found: Neighbour[]): void {
  list.replaceChildren(...found.map((n) => Object.assign(document.createElement('li'), { textContent: `${n.word} (${n.similarity.toFixed(3)})` })));
}

async function explore<T>(work: () => Promise<T>): Promise<T | undefined> {
  showError('explore-error', undefined);
  try {
    return await work();
  } catch (error) {
    showError('explore-error', error);
    return undefined;
  }
}

async function neighbours(): Promise<void> {
  const word = $<HTMLInputElement>('nn-word').value;
  const found = await explore(() => worker.request({ type: 'neighbours', word, topn: 10 }));
  listNeighbours($('nn-results'), found ?? []);
  if (found) await markOnMap([word, ...found.map((n) => n.word)]);
}

/** Marks a query's words and its answers on the map (the first most strongly). */
async function markOnMap(words: string[]): Promise<void> {
  if (map.drawn === 0) return;
  const unique = words.flatMap((w) => [w.trim(), w.trim().toLowerCase()]).filter((w, i, all) => w !== '' && all.indexOf(w) === i);
  map.mark(await worker.request({ type: 'project', words: unique }));
}

async function analogy(): Promise<void> {
  const [a, b, c] = ['an-a', 'an-b', 'an-c'].map((id) => $<HTMLInputElement>(id).value);
  const found = await explore(() => worker.request({ type: 'analogy', a: a!, b: b!, c: c!, topn: 5 }));
  listNeighbours($('an-results'), found ?? []);
  if (found?.[0]) await markOnMap([found[0].word, a!, b!, c!]);
}

async function similarity(): Promise<void> {
  const [a, b] = ['sim-a', 'sim-b'].map((id) => $<HTMLInputElement>(id).value);
  const value = await explore(() => worker.request({ type: 'similarity', a: a!, b: b! }));
  $('sim-result').textContent = value === undefined ? '' : `cosine similarity ${value.toFixed(3)}`;
  if (value !== undefined) await markOnMap([a!, b!]);
}

async function drawMap(): Promise<void> {
  const count = Math.round(Number($<HTMLInputElement>('map-count').value)) || 500;
  const classes = Math.max(0, Math.round(Number($<HTMLInputElement>('map-classes').value)) || 0);
  const points = await explore(() => worker.request({ type: 'map', count, classes }));
  if (!points) return;
  map.show(points);
  refresh(); // its downloads, now that there is a map
}

/** Scores the vectors on the bundled evaluation sets: as a task (the button), or alongside whatever the visitor does next (after training on a sample). */
async function evaluateModel(asTask = true): Promise<void> {
  $('eval-result').textContent = 'Evaluating…';
  const request = (): Promise<Results['evaluate']> => worker.request({ type: 'evaluate', analogies: assets.analogies!, pairs: assets.pairs! });
  const result = await (asTask ? task('explore-error', request) : explore(request));
  if (!result) {
    $('eval-result').textContent = '';
    return;
  }
  const a = result.analogies;
  const p = result.pairs;
  $('eval-result').textContent =
    `Analogies: ${(a.accuracy * 100).toFixed(2)}% correct (${a.correct} of ${a.total} answerable; ${a.questions - a.total} skipped for unknown words), ${a.seconds.toFixed(1)} s. ` +
    `WordSim-353: Spearman ${p.spearman.toFixed(3)}, Pearson ${p.pearson.toFixed(3)} over ${p.pairs} pairs (${(p.oov * 100).toFixed(0)}% unknown).`;
}

async function race(): Promise<void> {
  if (!validateSettings()) return;
  const words = Math.max(1000, Math.round(Number($<HTMLInputElement>('race-words').value)) || 50_000);
  const { options } = readSettings();
  $('race-result').textContent = '';
  const legs = await task(
    'race-error',
    async () => {
      await corpusFor(options);
      return worker.request({ type: 'race', options, words });
    },
    true,
  );
  if (!legs) return;
  const [onGpu, onCpu] = legs as [RaceLeg, RaceLeg];
  recordThroughput('gpu', options, onGpu.wordsPerSec);
  recordThroughput('cpu', options, onCpu.wordsPerSec);
  const speedup = onGpu.wordsPerSec / onCpu.wordsPerSec;
  const emulated = onGpu.adapter?.isFallback ? ' This adapter is a software emulation of a GPU, so the CPU path is expected to win here.' : '';
  $('race-result').textContent =
    `On ${onGpu.words.toLocaleString('en')} words: GPU (${adapterName(onGpu.adapter!)}) ${Math.round(onGpu.wordsPerSec).toLocaleString('en')} words/s; ` +
    `${describeCpuPath(onCpu.threads, onCpu.cpuKernels)}: ${Math.round(onCpu.wordsPerSec).toLocaleString('en')} words/s; the GPU is ${speedup >= 1 ? `${speedup.toFixed(1)}x faster` : `${(1 / speedup).toFixed(1)}x slower`}.${emulated}`;
  status('Race done.');
  refresh();
}

/** Hands a blob to the browser as a download. */
function save(blob: Blob, name: string): void {
  const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  status(`Downloaded ${name} (${(blob.size / 2 ** 20).toFixed(1)} MiB).`);
}

async function download(binary: boolean): Promise<void> {
  const blob = await task('keep-error', () => worker.request({ type: 'export', binary }));
  if (blob) save(blob, binary ? 'vectors.bin' : 'vectors.txt');
}

async function downloadMap(format: 'png' | 'svg'): Promise<void> {
  const blob = await explore(async () => (format === 'png' ? map.toPng() : new Blob([map.toSvg()], { type: 'image/svg+xml' })));
  if (blob) save(blob, `word-map.${format}`);
}

async function loadVectors(file: File): Promise<void> {
  const loaded = await task('keep-error', () => {
    status(`Reading ${file.name}…`);
    return worker.request({ type: 'load', file });
  });
  if (!loaded) return;
  status(`Loaded ${file.name}.`);
  await useModel(loaded);
}

async function forget(): Promise<void> {
  const done = await task('keep-error', () => worker.request({ type: 'forget' }));
  if (done === undefined) return;
  model = undefined;
  map.clear();
  for (const id of ['nn-results', 'an-results']) $(id).replaceChildren();
  $('sim-result').textContent = '';
  $('eval-result').textContent = '';
  describeModel();
  status('The kept model was deleted from this browser.');
  refresh();
}

/** Fills the autocomplete list with the most frequent words that start with what was typed. */
function suggest(input: HTMLInputElement): void {
  const prefix = input.value.trim().toLowerCase();
  const words = model?.words ?? [];
  const found: string[] = [];
  for (let i = 0; i < words.length && found.length < 20 && prefix; i++) if (words[i]!.toLowerCase().startsWith(prefix)) found.push(words[i]!);
  $('vocabulary').replaceChildren(...found.map((w) => Object.assign(document.createElement('option'), { value: w })));
}

function selectFiles(files: FileList | null): void {
  if (!files || files.length === 0) return;
  $<HTMLInputElement>('source-files').checked = true;
  void chooseSource({ kind: 'files', files: [...files] });
}

function wire(): void {
  $('setting-model').addEventListener('change', () => {
    followModel();
    refresh();
  });
  $('settings').addEventListener('input', refresh);
  $('settings').addEventListener('submit', (e) => e.preventDefault());
  $('source-sample').addEventListener('change', () => void chooseSource({ kind: 'sample', name: SAMPLE.name, gzip: assets.sample! }));
  $('source-small').addEventListener('change', () => void chooseSource({ kind: 'sample', name: SMALL_SAMPLE.name, gzip: assets.small! }));
  $('source-files').addEventListener('change', () => $('corpus-files').click());
  $('source-text').addEventListener('change', () => $('corpus-text').focus());
  $<HTMLInputElement>('corpus-files').addEventListener('change', (e) => selectFiles((e.target as HTMLInputElement).files));
  $('apply-advice').addEventListener('click', () => applyAdvice());
  // The chosen text is read again with or without its phrases joined.
  $('join-phrases').addEventListener('change', () => {
    if (source && !busy) void chooseSource(source);
  });
  wireDropZone($('drop-zone'), (data) => selectFiles(data?.files ?? null));
  $('use-text').addEventListener('click', () => {
    $<HTMLInputElement>('source-text').checked = true;
    void chooseSource({ kind: 'text', text: $<HTMLTextAreaElement>('corpus-text').value });
  });
  $('train').addEventListener('click', () => void trainModel());
  $('pause').addEventListener('click', () => {
    paused = !paused;
    worker.control({ type: paused ? 'pause' : 'resume' });
    $('pause').textContent = paused ? 'Resume' : 'Pause';
    status(paused ? 'Paused.' : 'Training…');
  });
  $('cancel').addEventListener('click', () => worker.control({ type: 'cancel' }));
  $('race').addEventListener('click', () => void race());
  const onSubmit = (form: string, act: () => Promise<void>): void =>
    $(form).addEventListener('submit', (e) => {
      e.preventDefault();
      void act();
    });
  onSubmit('neighbours-form', neighbours);
  onSubmit('analogy-form', analogy);
  onSubmit('similarity-form', similarity);
  onSubmit('map-form', drawMap);
  for (const input of document.querySelectorAll<HTMLInputElement>('input[list="vocabulary"]')) input.addEventListener('input', () => suggest(input));
  $('evaluate').addEventListener('click', () => void evaluateModel());
  $('download-text').addEventListener('click', () => void download(false));
  $('map-png').addEventListener('click', () => void downloadMap('png'));
  $('map-svg').addEventListener('click', () => void downloadMap('svg'));
  $('download-binary').addEventListener('click', () => void download(true));
  $('delete-model').addEventListener('click', () => void forget());
  $<HTMLInputElement>('load-vectors').addEventListener('change', (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) void loadVectors(file);
    (e.target as HTMLInputElement).value = '';
  });
}

/** Loads everything the page will need, so that nothing is fetched later; restores the kept model. */
async function start(): Promise<void> {
  wire();
  documents.wire();
  refresh();
  const [probe, sample, small, analogies, pairs, restored] = await Promise.all([
    probeGpu(),
    fetchAsset(SAMPLE.url),
    fetchAsset(SMALL_SAMPLE.url),
    fetchAsset(EVAL.analogies),
    fetchAsset(EVAL.pairs),
    worker.request({ type: 'restore' }).catch((error: unknown) => {
      $('keep-error').textContent = `The kept model could not be read (${(error as Error).message}).`;
      return null;
    }),
  ]);
  gpu = probe;
  Object.assign(assets, { sample, small, analogies, pairs });
  $('gpu-message').textContent = gpu.message;
  if (!gpu.adapter) {
    $<HTMLSelectElement>('setting-device').value = 'cpu';
    $<HTMLOptionElement>('setting-device').querySelector<HTMLOptionElement>('option[value="gpu"]')!.disabled = true;
  }
  await chooseSource({ kind: 'sample', name: SAMPLE.name, gzip: sample });
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
