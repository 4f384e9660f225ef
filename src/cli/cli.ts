import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { Word2VecError } from '../core/errors';
import { describeLoss, type TrainOptions } from '../word2vec/options';
import { train, type DeviceChoice, type TrainingReport } from '../word2vec/train';
import { Vocabulary } from '../text/vocabulary';
import { printable } from '../text/printable';
import { describeCpuPath } from '../word2vec/cpu/cpu-weights';
import { adapterName } from '../runtime/gpu-device';
import type { Progress } from '../word2vec/run';
import { word2vecChunks } from '../search/word2vec-format';
import { KeyedVectors } from '../search/keyed-vectors';
import { classesText } from '../search/word-classes';
import { gpuForChoice } from '../runtime/node-gpu';
import { inCliTerms } from './cli-terms';
import { checkFile, fileProblem, openInput, unreadable } from '../runtime/node-files';
import { spawnNodeKernelThread } from '../word2vec/cpu/node-kernel-thread';
import { checkOutputs, writeAtomically } from './output-files';
import { PHRASES_USAGE, runPhrases } from './phrase-command';
import { DOCUMENT_COMMANDS, DOCUMENT_USAGE, runDocumentCommand } from './document-commands';
import { QUERY_COMMANDS, QUERY_USAGE, runQueryCommand } from './query-commands';
import { UsageError } from './usage-error';
import { cpuThreads } from './cpu-threads';
import { nodeTuningCache } from '../word2vec/gpu/tuning-cache-file';
import { type CommandFlags, DEVICE_CHOICES, type ParsedFlags, parseFlags } from './flags';

const USAGE = `webgpu-word2vec: word2vec trained with WebGPU compute shaders (flags as the C tool's)

Usage: webgpu-word2vec -train FILE -output FILE [options]

  -train FILE        text to train on (whitespace-separated words; a newline ends a sentence)
  -output FILE       where to write the word vectors
  -size N            vector size (default 100)
  -window N          maximum skip length between words (default 5)
  -sample F          subsampling threshold for frequent words; 0 disables (default 1e-3)
  -hs 0|1            1: hierarchical softmax (a Huffman tree over the vocabulary; default 0)
  -negative N        noise words per example (default 5; 0 with -hs 1: the tree alone)
  -threads N         CPU-path training threads (default: this machine's cores); the GPU ignores it
  -iter N            training epochs (default 5)
  -min-count N       drop words rarer than this (default 5)
  -alpha F           starting learning rate (default 0.025 skip-gram, 0.05 CBOW)
  -cbow 0|1          1: CBOW (default), 0: skip-gram
  -binary 0|1        write vectors as float32 (1) or text (0, default)
  -classes N         write N k-means word classes ("word class" lines, as the C tool) instead of vectors
  -save-vocab FILE   write the vocabulary ("word count" lines)
  -read-vocab FILE   use this vocabulary instead of counting one
  -debug N           0: quiet, 2: progress (default 2)
Extra flags:
  -device gpu|cpu|auto   where to train (default auto: the GPU or the CPU path, whichever a short
                         trial on the corpus finds faster; the CPU path without a hardware GPU)
  -loss ns|softmax       logistic outputs (-negative, -hs; default) or the exact full softmax
  -seed N                seed of every random decision (default 1)
  -max-vocab N           keep at most N words (raises -min-count as gensim's max_final_vocab)
  -tokenize whitespace|unicode   split like the C tool, or Unicode words lowercased
  -lanes N               parallel corpus walkers: GPU lanes, CPU threads' lanes (default: GPU 1 per
                         1,024 words, at most 2,048, or 1/2 or 1/4 of that where -tune finds it
                         as fast; CPU one per thread)
  Variants of the GPU's window kernel (each given one turns -tune off):
  -lane-invocations 8|16|32|64   invocations a lane (default: one subgroup where the adapter has
                         them, else about two vec4s each)
  -lanes-per-group 1|2|4 lanes a workgroup; more than 1 needs a lane of one subgroup (default 1)
  -ring-memory private|workgroup   where a lane keeps its window's rows (default private)
  -tune 0|1              try the variants and lanes on the corpus first (at most 2 s) and keep the
                         fastest, remembered per GPU and problem shape under $XDG_CACHE_HOME or
                         ~/.cache (default: 1 on a hardware GPU, 0 on a software adapter)
  -report FILE.json      write the run's figures (adapter, vocabulary, words/sec, loss, time)
`;

/** The training command's flags: the C tool's, then ours. */
export const TRAIN_FLAGS: CommandFlags = {
  words: false,
  hint: 'Run webgpu-word2vec with no arguments for the list of flags.',
  flags: {
    train: { kind: 'text' },
    output: { kind: 'text' },
    size: { kind: 'whole' },
    window: { kind: 'whole' },
    sample: { kind: 'real', example: '1e-4' },
    hs: { kind: 'switch' },
    negative: { kind: 'whole' },
    threads: { kind: 'whole' },
    iter: { kind: 'whole' },
    'min-count': { kind: 'whole' },
    alpha: { kind: 'real', example: '0.025' },
    cbow: { kind: 'switch', default: '1' },
    binary: { kind: 'switch', default: '0' },
    classes: { kind: 'whole' },
    'save-vocab': { kind: 'text' },
    'read-vocab': { kind: 'text' },
    debug: { kind: 'whole', default: '2' },
    device: { kind: 'choice', choices: DEVICE_CHOICES, default: 'auto' },
    loss: { kind: 'text' },
    seed: { kind: 'whole' },
    'max-vocab': { kind: 'whole' },
    tokenize: { kind: 'text' },
    lanes: { kind: 'whole' },
    'lane-invocations': { kind: 'choice', choices: ['8', '16', '32', '64'] },
    'lanes-per-group': { kind: 'choice', choices: ['1', '2', '4'] },
    'ring-memory': { kind: 'choice', choices: ['private', 'workgroup'] },
    tune: { kind: 'switch' },
    report: { kind: 'text' },
  },
};

/** Maps C flags to library options. */
export function optionsFromFlags(flags: ParsedFlags): TrainOptions & { device: DeviceChoice } {
  const num = (name: string): number | undefined => (flags.has(name) ? flags.number(name) : undefined);
  return {
    vectorSize: num('size'),
    window: num('window'),
    sample: num('sample'),
    hs: num('hs') as 0 | 1 | undefined,
    negative: num('negative'),
    epochs: num('iter'),
    minCount: num('min-count'),
    alpha: num('alpha'),
    sg: flags.switch('cbow') ? 0 : 1,
    seed: num('seed'),
    maxFinalVocab: num('max-vocab'),
    lanes: num('lanes'),
    laneInvocations: num('lane-invocations'),
    lanesPerGroup: num('lanes-per-group'),
    ringMemory: flags.get('ring-memory') as TrainOptions['ringMemory'],
    tune: flags.has('tune') ? (flags.switch('tune') ? 1 : 0) : undefined,
    loss: flags.get('loss') as TrainOptions['loss'],
    tokenizer: flags.get('tokenize') as TrainOptions['tokenizer'],
    device: flags.get('device') as DeviceChoice,
  };
}

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--:--';
  const s = Math.round(seconds);
  return [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((n) => String(n).padStart(2, '0')).join(':');
}

/** The C tool's progress line, plus loss and ETA. */
export function progressLine(p: Progress): string {
  return `Alpha: ${p.alpha.toFixed(6)}  Progress: ${(p.progress * 100).toFixed(2)}%  Words/sec: ${(p.wordsPerSec / 1000).toFixed(2)}k  Loss: ${p.loss.toFixed(4)}  ETA: ${clock(p.etaSeconds)}`;
}

/** Opens the training file, turning the usual mistakes into errors that say what to do. */
async function openTrainingFile(path: string): Promise<AsyncIterable<Uint8Array>> {
  const info = await checkFile(path, 'training file', 'train');
  if (info.size === 0) throw new Word2VecError('EMPTY_INPUT', `The training file "${path}" is empty. Give -train a file with text in it.`);
  return openInput(path, 'training file', 'train');
}

function reportJson(report: TrainingReport, flags: ParsedFlags): string {
  return `${JSON.stringify(
    {
      train: flags.get('train'),
      adapter: report.adapter,
      device: report.device,
      threads: report.threads,
      cpu_kernels: report.cpuKernels,
      lanes: report.lanes,
      gpu_kernel: report.gpuKernel,
      gpu_variant: report.gpuVariant,
      gpu_tuning: report.gpuTuning,
      device_measurement: report.deviceMeasurement,
      loss: describeLoss(report.options),
      vocabulary_size: report.vocabularySize,
      corpus_words: report.corpusWords,
      words_trained: report.wordsTrained,
      words_per_sec: Math.round(report.wordsPerSec),
      final_loss: report.finalLoss,
      prepare_seconds: report.prepareSeconds,
      train_seconds: report.trainSeconds,
      wall_seconds: report.prepareSeconds + report.trainSeconds,
      settings: report.options,
    },
    null,
    2,
  )}\n`;
}

/** The package's version, from the nearest package.json above this file (in the sources or the built library). */
function version(): string {
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    if (existsSync(path)) return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
    if (dirname(dir) === dir) return 'unknown';
  }
}

/**
 * The stream, with what is written to it as text (messages, tables, prompts) made printable: words
 * and names from untrusted files reach the terminal with their control characters escaped. Bytes
 * (the vectors, classes and documents written to stdout as data) pass unchanged.
 */
function showingTextSafely(stream: NodeJS.WritableStream): NodeJS.WritableStream {
  const safe = Object.create(stream) as NodeJS.WritableStream;
  safe.write = ((chunk: string | Uint8Array, ...rest: never[]) => stream.write(typeof chunk === 'string' ? printable(chunk) : chunk, ...rest)) as NodeJS.WritableStream['write'];
  return safe;
}

/** Runs the command line; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function main(
  args: readonly string[],
  stdout: NodeJS.WritableStream = process.stdout,
  stderr: NodeJS.WritableStream = process.stderr,
  input: NodeJS.ReadableStream = process.stdin,
): Promise<number> {
  const out = showingTextSafely(stdout);
  const err = showingTextSafely(stderr);
  if (args.length === 0 || ['help', '-h', '-help', '--help'].includes(args[0]!)) {
    out.write(`${USAGE}\n${QUERY_USAGE}\n${DOCUMENT_USAGE}\n${PHRASES_USAGE}`);
    return args.length === 0 ? 2 : 0;
  }
  if (args[0] === '--version' || args[0] === '-version') {
    out.write(`webgpu-word2vec ${version()}\n`);
    return 0;
  }
  let output: string | undefined;
  try {
    const command = args[0];
    if (command === 'phrases') return await runPhrases(args.slice(1), out);
    if ((DOCUMENT_COMMANDS as readonly string[]).includes(command!)) return await runDocumentCommand(command as (typeof DOCUMENT_COMMANDS)[number], args.slice(1), input, out, err);
    if ((QUERY_COMMANDS as readonly string[]).includes(command!)) return await runQueryCommand(command as (typeof QUERY_COMMANDS)[number], args.slice(1), input, out, err);
    const flags = parseFlags(args, TRAIN_FLAGS);
    const trainPath = flags.get('train');
    output = flags.get('output');
    if (!trainPath) throw new UsageError('-train FILE is required: the text to train on.');
    if (!output && !flags.has('save-vocab')) throw new UsageError('-output FILE is required: where to write the vectors.');
    const classCount = flags.number('classes') ?? 0;
    const options = optionsFromFlags(flags);
    const debug = flags.number('debug')!;
    // Before any work: every file this run will write can be written, and none of them is an input.
    const inputs = (['train', 'read-vocab'] as const).flatMap((flag) => (flags.has(flag) ? [{ flag, path: flags.get(flag)! }] : []));
    const outputs = (['output', 'save-vocab', 'report'] as const).flatMap((flag) => (flags.has(flag) ? [{ flag, path: flags.get(flag)! }] : []));
    // A run that fails after some epochs saves them as OUTPUT.epochN: those names are checked too.
    const checkpoints = output ? checkpointPaths(output, options.epochs ?? 5).map((path) => ({ flag: 'output (checkpoint)', path, neverReplaces: true })) : [];
    await checkOutputs([...outputs, ...checkpoints], inputs);
    const vocabulary = flags.has('read-vocab')
      ? Vocabulary.fromText(
          await readFile(flags.get('read-vocab')!, 'utf8').catch((error) => {
            throw unreadable(error, flags.get('read-vocab')!, 'vocabulary file', 'read-vocab');
          }),
          flags.get('read-vocab'),
        )
      : undefined;
    const notice = (message: string): void => void err.write(`Note: ${inCliTerms(message)}\n`);
    const gpu = await gpuForChoice(options.device, notice);
    const tty = (out as NodeJS.WriteStream).isTTY === true;
    let lastLine = 0;
    const model = await train(await openTrainingFile(trainPath), options, {
      gpu,
      // Where no GPU can serve (see gpuForChoice), the CPU, without asking for an adapter.
      device: gpu ? options.device : 'cpu',
      vocabulary,
      threads: cpuThreads(flags, err),
      memoryBytes: totalmem(),
      spawnThread: spawnNodeKernelThread,
      tuningCache: nodeTuningCache(),
      onNotice: notice,
      onStart: (start) => {
        if (debug >= 1) {
          out.write(`Device: ${start.device === 'gpu' ? `GPU, ${adapterName(start.adapter!)}` : describeCpuPath(start.threads, start.cpuKernels)}\n`);
          out.write(`Vocab size: ${start.vocabularySize}\nWords in train file: ${start.corpusWords}\n`);
        }
        // k-means holds about k rows (float64 and float32) and the words' unit rows: with k at most
        // the vocabulary, less than the matrices that training held, so inside the memory guard.
        if (classCount > start.vocabularySize)
          throw new Word2VecError(
            'BAD_OPTION',
            `-classes ${classCount} is more than the ${start.vocabularySize} words of the vocabulary. Give -classes at most ${start.vocabularySize}.`,
          );
      },
      onProgress: (p) => {
        if (debug < 2) return;
        if (tty) out.write(`\r${progressLine(p)}`);
        else if (performance.now() - lastLine > 1000) {
          out.write(`${progressLine(p)}\n`);
          lastLine = performance.now();
        }
      },
    });
    try {
      const { report } = model;
      if (debug >= 1) {
        out.write(
          `${tty ? '\n' : ''}Trained ${report.wordsTrained} words in ${report.trainSeconds.toFixed(2)} s: ${(report.wordsPerSec / 1000).toFixed(2)}k words/sec, final loss ${report.finalLoss.toFixed(4)} (${describeLoss(report.options)})\n`,
        );
      }
      // The vectors (or classes) first: a later failure (the vocabulary, the report) must not lose them.
      if (output && classCount > 0) await writeAtomically(output, [new TextEncoder().encode(classesText(model.wv.indexToKey, await model.wv.cluster(classCount)))]);
      else if (output) await writeAtomically(output, word2vecChunks(model.wv, { binary: flags.get('binary') === '1' }));
      if (flags.has('save-vocab')) await writeAtomically(flags.get('save-vocab')!, [new TextEncoder().encode(model.vocabulary.toText())], 'save-vocab');
      if (flags.has('report')) await writeAtomically(flags.get('report')!, [new TextEncoder().encode(reportJson(report, flags))], 'report');
    } finally {
      model.destroy();
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      err.write(`${error.message}\n`);
      return 2;
    }
    if (error instanceof Word2VecError) {
      err.write(`Error: ${inCliTerms(error.message)}\n`);
      if (output) await saveCheckpoint(error, output, err);
      return 1;
    }
    // A file that failed where no check named it: still one line, naming the file and the reason.
    const { code, path } = error as NodeJS.ErrnoException;
    if (typeof code === 'string' && path) {
      err.write(`Error: Cannot use "${path}": ${fileProblem(error as NodeJS.ErrnoException)}.\n`);
      return 1;
    }
    throw error;
  }
}

/** Where the vectors after each completed epoch but the last would be saved if training failed then. */
function checkpointPaths(output: string, epochs: number): string[] {
  return Array.from({ length: Math.max(0, epochs - 1) }, (_, i) => `${output}.epoch${i + 1}`);
}

/**
 * After a failure mid-training, writes the last completed epoch's vectors next to -output, as
 * OUTPUT.epochN: never over an existing file (then OUTPUT.epochN.2, and so on).
 */
async function saveCheckpoint(error: Word2VecError, output: string, err: NodeJS.WritableStream): Promise<void> {
  const { checkpoint } = error;
  if (!checkpoint?.words || checkpoint.epochsDone === 0) return;
  const dim = checkpoint.syn0.length / checkpoint.words.length;
  const path = await writeAtomically(`${output}.epoch${checkpoint.epochsDone}`, word2vecChunks(new KeyedVectors(checkpoint.words, checkpoint.syn0, dim)), 'output (checkpoint)', {
    replace: false,
  });
  err.write(`The vectors after ${checkpoint.epochsDone} completed epoch(s) are saved in ${path}.\n`);
}
