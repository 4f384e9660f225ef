// The settings form: its values as training options, inline validation, and the memory and time estimate.
import { pageText } from './page-terms';
import { Word2VecError, fitProblem, outputBanks, resolveOptions, trainingBytes, type DeviceChoice, type TrainOptions } from '../internal';
import type { CorpusSummary } from './protocol';

const NUMBER_FIELDS = ['vectorSize', 'window', 'negative', 'epochs', 'alpha', 'minCount', 'sample'] as const;
type NumberField = (typeof NUMBER_FIELDS)[number];

const input = (name: string): HTMLInputElement | HTMLSelectElement => document.getElementById(`setting-${name}`) as HTMLInputElement | HTMLSelectElement;

export interface Settings {
  options: TrainOptions;
  device: DeviceChoice;
}

/** The output layer field: negative sampling, hierarchical softmax alone or with negative sampling, or the full softmax. */
type OutputChoice = 'ns' | 'hs' | 'hs+ns' | 'softmax';

function outputLayer(): OutputChoice {
  const value = input('loss').value;
  return value === 'hs' || value === 'hs+ns' || value === 'softmax' ? value : 'ns';
}

/**
 * The learning rate the page starts each model with: for skip-gram 0.07, measured on the bundled
 * sample (4 epochs of skip-gram with hierarchical softmax: 11.01% analogies against 9.92% at 0.05
 * and 8.11% at the C tool's 0.025; bench/first-visit-settings.sh, README), for CBOW the C tool's 0.05.
 */
const PAGE_ALPHA = { sg: '0.07', cbow: '0.05' } as const;

/** After the model field changes: a learning rate still at the other model's page default follows the model. */
export function followModel(): void {
  const model = input('model').value === 'cbow' ? 'cbow' : 'sg';
  const other = model === 'cbow' ? 'sg' : 'cbow';
  const alpha = input('alpha');
  if (Number(alpha.value) === Number(PAGE_ALPHA[other])) alpha.value = PAGE_ALPHA[model];
}

/** The form as training options; throws nothing (validation is separate). Hierarchical softmax alone ignores the negatives field. */
export function readSettings(): Settings {
  const layer = outputLayer();
  const options: TrainOptions = {
    sg: input('model').value === 'cbow' ? 0 : 1,
    loss: layer === 'softmax' ? 'softmax' : 'ns',
    hs: layer === 'hs' || layer === 'hs+ns' ? 1 : 0,
    tokenizer: input('tokenizer').value === 'whitespace' ? 'whitespace' : 'unicode',
  };
  for (const field of NUMBER_FIELDS) {
    const text = input(field).value.trim();
    (options as Record<NumberField, number>)[field] = text === '' ? NaN : Number(text);
  }
  if (layer === 'hs') options.negative = 0;
  input('negative').disabled = layer === 'hs';
  return { options, device: input('device').value as DeviceChoice };
}

/**
 * The cost of an example's output layer relative to negative sampling's default (5 noise words).
 * A tree node costs less than a noise word (no draw): measured on the CPU path, hierarchical
 * softmax over text8's 19,501 words (log2 = 14.3) trains as fast as 5 negatives, so a node counts
 * 6 / 14.3 of a target.
 */
function outputCost(options: TrainOptions, vocabularySize: number): number {
  if (options.loss === 'softmax') return vocabularySize / 6;
  const negative = options.negative ?? 5;
  return ((options.hs === 1 ? 0.42 * Math.log2(Math.max(2, vocabularySize)) : 0) + (negative > 0 ? negative + 1 : 0)) / 6;
}

/** Checks each field on its own with the library's rules; shows the message under the field. True when all pass. */
export function validateSettings(): boolean {
  const { options } = readSettings();
  let valid = true;
  for (const field of NUMBER_FIELDS) {
    const value = options[field]!;
    let message = '';
    if (Number.isNaN(value)) message = 'Enter a number.';
    else {
      try {
        resolveOptions({ sg: options.sg, loss: options.loss, hs: options.hs, ...(options.hs === 1 ? { negative: options.negative } : {}), [field]: value });
      } catch (error) {
        if (!(error instanceof Word2VecError)) throw error;
        message = pageText(error.message);
      }
    }
    const box = document.getElementById(`setting-${field}-error`)!;
    box.textContent = message;
    input(field).setAttribute('aria-invalid', String(message !== ''));
    valid &&= message === '';
  }
  return valid;
}

/** Words per second measured by the last run per device, model and output layer, to estimate the next. */
const measured = new Map<string, { wordsPerSec: number; vectorSize: number }>();

function throughputKey(device: 'gpu' | 'cpu', options: TrainOptions): string {
  return `${device}/${options.sg ?? 1}/${options.loss}/${options.hs}/${options.negative}`;
}

/** Remembers a run's throughput for later estimates. */
export function recordThroughput(device: 'gpu' | 'cpu', options: TrainOptions, wordsPerSec: number): void {
  measured.set(throughputKey(device, options), { wordsPerSec, vectorSize: options.vectorSize! });
}

/** CPU-path (WebAssembly SIMD) throughput of one thread at size 100 on the 2-core machine: a first guess until a run measures one. */
const CPU_GUESS = { 1: 300_000, 0: 950_000 };
/** What each further thread adds, also a first guess: near-linear on the 2-core machine. */
const PER_EXTRA_THREAD = 0.9;

function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/** A sentence on the GPU memory a run needs, whether it fits, and about how long it takes (`onGpu`: the run will use the GPU; else `cpuThreads` train). */
export function estimate(
  settings: Settings,
  corpus: CorpusSummary | undefined,
  maxBindingBytes: number | undefined,
  onGpu: boolean,
  cpuThreads: number,
): { text: string; fits: boolean } {
  if (!corpus) return { text: 'Choose a text to see an estimate.', fits: true };
  const { options } = settings;
  const size = options.vectorSize!;
  const sg = options.sg ?? 1;
  const recount =
    options.minCount !== corpus.minCount || options.tokenizer !== corpus.tokenizer ? ' (counted with the earlier min count or word rule; recounted when you train)' : '';
  const banks = outputBanks({ loss: options.loss ?? 'ns', negative: options.negative ?? 5, treeDepth: options.hs === 1 ? 1 : 0 });
  const problem = onGpu && maxBindingBytes !== undefined ? fitProblem(corpus.vocabularySize, size, corpus.corpusLength, maxBindingBytes, banks) : undefined;
  const memory = `${corpus.vocabularySize.toLocaleString('en')} words${recount} x ${size} values: ${megabytes(trainingBytes(corpus.vocabularySize, size, corpus.corpusLength, banks))} of GPU memory${problem ? `. ${pageText(problem)}` : '.'}`;
  const fits = problem === undefined;
  const device = onGpu ? 'gpu' : 'cpu';
  const known = measured.get(throughputKey(device, options));
  const guess = (CPU_GUESS[sg] * (1 + PER_EXTRA_THREAD * (cpuThreads - 1)) * 100) / size / outputCost(options, corpus.vocabularySize);
  const perSecond = known ? (known.wordsPerSec * known.vectorSize) / size : device === 'cpu' ? guess : undefined;
  const words = corpus.words * (options.epochs ?? 4);
  const time =
    perSecond && Number.isFinite(words)
      ? ` Training ${words.toLocaleString('en')} words takes about ${Math.max(1, Math.round(words / perSecond))} s on the ${device === 'gpu' ? 'GPU' : 'CPU path'}${known ? ' (from the last run)' : ' (a first guess)'}.`
      : ' The time is measured by the first run on the GPU (or the race).';
  return { text: memory + time, fits };
}
