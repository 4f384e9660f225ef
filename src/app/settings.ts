// The settings form: its values as training options, inline validation, and the memory and time estimate.
import { pageText } from './page-terms';
import { Word2VecError, fitProblem, resolveOptions, trainingBytes, type DeviceChoice, type TrainOptions } from '../index';
import type { CorpusSummary } from './protocol';

const NUMBER_FIELDS = ['vectorSize', 'window', 'negative', 'epochs', 'minCount', 'sample'] as const;
type NumberField = (typeof NUMBER_FIELDS)[number];

const input = (name: string): HTMLInputElement | HTMLSelectElement => document.getElementById(`setting-${name}`) as HTMLInputElement | HTMLSelectElement;

export interface Settings {
  options: TrainOptions;
  device: DeviceChoice;
}

/** The form as training options; throws nothing (validation is separate). */
export function readSettings(): Settings {
  const options: TrainOptions = {
    sg: input('model').value === 'cbow' ? 0 : 1,
    loss: input('loss').value === 'softmax' ? 'softmax' : 'ns',
    tokenizer: input('tokenizer').value === 'whitespace' ? 'whitespace' : 'unicode',
  };
  for (const field of NUMBER_FIELDS) {
    const text = input(field).value.trim();
    (options as Record<NumberField, number>)[field] = text === '' ? NaN : Number(text);
  }
  return { options, device: input('device').value as DeviceChoice };
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
        resolveOptions({ sg: options.sg, loss: options.loss, [field]: value });
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

/** Words per second measured by the last run per device and model, to estimate the next. */
const measured = new Map<string, { wordsPerSec: number; vectorSize: number }>();

/** Remembers a run's throughput for later estimates. */
export function recordThroughput(device: 'gpu' | 'cpu', sg: 0 | 1, wordsPerSec: number, vectorSize: number): void {
  measured.set(`${device}/${sg}`, { wordsPerSec, vectorSize });
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
  const problem = onGpu && maxBindingBytes !== undefined ? fitProblem(corpus.vocabularySize, size, corpus.corpusLength, maxBindingBytes) : undefined;
  const memory = `${corpus.vocabularySize.toLocaleString('en')} words${recount} x ${size} values: ${megabytes(trainingBytes(corpus.vocabularySize, size, corpus.corpusLength))} of GPU memory${problem ? `. ${pageText(problem)}` : '.'}`;
  const fits = problem === undefined;
  const device = onGpu ? 'gpu' : 'cpu';
  const known = measured.get(`${device}/${sg}`);
  const guess = (CPU_GUESS[sg] * (1 + PER_EXTRA_THREAD * (cpuThreads - 1)) * 100) / size;
  const perSecond = known ? (known.wordsPerSec * known.vectorSize) / size : device === 'cpu' ? guess : undefined;
  const softmaxFactor = options.loss === 'softmax' ? ((options.negative ?? 5) + 1) / corpus.vocabularySize : 1;
  const words = corpus.words * (options.epochs ?? 5);
  const time =
    perSecond && Number.isFinite(words)
      ? ` Training ${words.toLocaleString('en')} words takes about ${Math.max(1, Math.round(words / (perSecond * softmaxFactor)))} s on the ${device === 'gpu' ? 'GPU' : 'CPU path'}${known ? ' (from the last run)' : ' (a first guess)'}.`
      : ' The time is measured by the first run on the GPU (or the race).';
  return { text: memory + time, fits };
}
