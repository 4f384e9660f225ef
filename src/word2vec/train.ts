import { Word2VecError } from '../core/errors';
import type { OutputLayer } from './output-layer';
import { resolveOptions, type ResolvedOptions, type TrainOptions } from './options';
import { MEMORY_SHARE, mib, prepareCorpus, type PreparedCorpus, type TextSource } from '../text/corpus';
import type { Vocabulary } from '../text/vocabulary';
import { initialInputVectors } from '../core/noise-tables';
import { defaultLanes, makeSchedule } from './schedule';
import type { CpuKernelKind } from './cpu/cpu-weights';
import { type KernelVariant, negativeSampling, outputBanks, shapeVariant } from './kernel-contract';
import { kernelSetup } from './kernel-setup';
import { createCpuEngine, MIN_POSITIONS_PER_THREAD, usefulThreads } from './cpu/cpu-engine';
import type { SpawnKernelThread } from './cpu/thread-service';
import type { AdapterDescription } from '../runtime/gpu-device';
import { checkFits } from './gpu/gpu-fit';
import { acquireGpu, type DeviceChoice, type GpuRequest } from '../runtime/gpu-acquire';
import { GpuTrainer } from './gpu/gpu-trainer';
import { type DeviceMeasurement, type GpuPlan, planGpu } from './device-measure';
import type { GpuTuning, TuningCache } from './gpu/kernel-tuner';
import type { TrainingEngine } from './engine';
import { runTraining, type Progress } from './run';
import type { PauseController } from './pause';
import { KeyedVectors } from '../search/keyed-vectors';

export type { DeviceChoice };

/**
 * Bytes of host memory a run holds at its peak besides the corpus: the initial vectors and the
 * matrices read back at the end, plus, on the CPU path, the model it trains (padded matrices).
 * `outputMatrices` is syn1's size in vocabulary-sized matrices (2 with both hierarchical softmax
 * and negative sampling).
 */
export function hostTrainingBytes(vocabSize: number, dim: number, onGpu: boolean, outputMatrices = 1): number {
  const matrix = vocabSize * dim * 4;
  return onGpu ? (2 + outputMatrices) * matrix : (3 + 2 * outputMatrices) * matrix;
}

/** What the caller controls in a run: what it starts from, what it hears, and when it stops. */
export interface RunControl {
  /** Use this vocabulary instead of counting one (the C tool's `-read-vocab`). */
  vocabulary?: Vocabulary;
  /**
   * Vectors to start from (a model trained before, or loaded from a file): each word of the
   * vocabulary that they have starts training at its vector there, as gensim's
   * `intersect_word2vec_format`; the other words and the output layer start as usual. They must
   * have `vectorSize` values a word.
   */
  startFrom?: KeyedVectors;
  onProgress?: (progress: Progress) => void;
  /**
   * Called once the corpus is read and the engine is ready, before the first epoch (where the C
   * tool prints its vocabulary figures). Throwing from it stops the run before any training.
   */
  onStart?: (start: RunStart) => void;
  signal?: AbortSignal;
  /** Pauses and resumes training between batches. */
  pause?: PauseController;
  /** Where the GPU kernel's tuner remembers its choices (`nodeTuningCache()` in Node); without, it tries the variants on every run that tunes. */
  tuningCache?: TuningCache;
}

/** Where a run trains: the device, or the CPU path's threads, and what the machine holds. */
export interface RunDevice extends GpuRequest {
  /** Default 'auto'. */
  device?: DeviceChoice;
  /** Threads for the CPU path (default 1). More than one needs `spawnThread`. */
  threads?: number;
  /** Starts a CPU training thread: `spawnNodeKernelThread` (from the Node entry) in Node. */
  spawnThread?: SpawnKernelThread;
  /** This machine's memory in bytes (the CLI gives os.totalmem()): a run whose matrices would need most of it stops before allocating them. */
  memoryBytes?: number;
}

/** How and where to run, apart from the model's options. */
export type TrainRun = RunControl & RunDevice;

/** What a run knows before its first epoch. */
export type RunStart = Pick<TrainingReport, 'device' | 'adapter' | 'threads' | 'cpuKernels' | 'vocabularySize' | 'corpusWords' | 'options'>;

/** The figures of one run, as `-report` writes them. */
export interface TrainingReport {
  device: 'gpu' | 'cpu';
  adapter: AdapterDescription | null;
  /** CPU threads that trained (1 on the GPU). */
  threads: number;
  /** Parallel walkers over the corpus (GPU workgroups, or the CPU path's lanes). */
  lanes: number;
  /** How the GPU's window kernel summed dot products; null on the CPU. */
  gpuKernel: 'subgroups' | 'workgroup memory' | null;
  /** The GPU window kernel's variant (invocations a lane, lanes a workgroup, where its ring is); null on the CPU. */
  gpuVariant: KernelVariant | null;
  /** The GPU kernel's tuning: its trials and choice; null where it did not tune (the CPU, `tune=0`, a software adapter, a variant given). */
  gpuTuning: GpuTuning | null;
  /** `device=auto` by measurement: the GPU's and the CPU path's speeds and the choice; null where it did not measure. */
  deviceMeasurement: DeviceMeasurement | null;
  /** The CPU path's kernels: WebAssembly SIMD, or the TypeScript twin (softmax, or no SIMD here); null on the GPU. */
  cpuKernels: CpuKernelKind | null;
  vocabularySize: number;
  /** In-vocabulary words in the corpus. */
  corpusWords: number;
  /** corpusWords x epochs. */
  wordsTrained: number;
  wordsPerSec: number;
  finalLoss: number;
  /** Seconds spent reading the text into a corpus (0 when given a prepared one). */
  prepareSeconds: number;
  /** Words that started at the vectors of `run.startFrom` (0 without it). */
  wordsStartedFrom: number;
  /** Seconds from starting the engine to vectors on the CPU, less time paused. */
  trainSeconds: number;
  options: ResolvedOptions;
}

/** A trained model: its vectors on the CPU (`wv`), the output vectors, and how the run went. */
export class Word2VecModel {
  constructor(
    readonly wv: KeyedVectors,
    readonly vocabulary: Vocabulary,
    /** Negative sampling's output ("context") vectors, one row per word (or the full softmax's weights); empty without either, as gensim's `syn1neg`. */
    readonly syn1neg: Float32Array,
    /** Hierarchical softmax's inner-node vectors (`vocabularySize` rows, the last unused), as gensim's `syn1`; empty when `hs` is 0. */
    readonly syn1: Float32Array,
    readonly report: TrainingReport,
    private readonly release: () => void,
  ) {}

  /** The output side documents need: the words, their counts and syn1neg (empty without negative sampling). */
  outputLayer(): OutputLayer {
    return { words: this.vocabulary.words, counts: this.vocabulary.counts, syn1neg: this.syn1neg, dim: this.wv.vectorSize };
  }

  /** Releases every GPU resource of the run (and the device, when training requested it). Safe twice. */
  destroy(): void {
    this.release();
  }
}

/** Copies the rows of `from` for the words it has into syn0 (row i: words[i]); returns how many. */
function startFrom(syn0: Float32Array, words: readonly string[], dim: number, from: KeyedVectors): number {
  if (from.vectorSize !== dim)
    throw new Word2VecError('BAD_OPTION', `The vectors to start from have ${from.vectorSize} values a word and this run ${dim}: set \`vectorSize\` to ${from.vectorSize}.`);
  let copied = 0;
  words.forEach((word, row) => {
    const at = from.keyToIndex.get(word);
    if (at === undefined) return;
    syn0.set(from.vectors.subarray(at * dim, (at + 1) * dim), row * dim);
    copied++;
  });
  return copied;
}

function isPrepared(corpus: TextSource | PreparedCorpus): corpus is PreparedCorpus {
  return typeof corpus === 'object' && corpus !== null && 'vocabulary' in corpus && 'ids' in corpus;
}

/**
 * Trains word2vec on text (or on a corpus from `prepareCorpus`) and returns the model.
 * Options are gensim's in camelCase; `run` picks the device and receives progress.
 */
export async function train(corpus: TextSource | PreparedCorpus, options: TrainOptions & { device?: DeviceChoice } = {}, run: TrainRun = {}): Promise<Word2VecModel> {
  const resolved = resolveOptions(options);
  const choice = run.device ?? options.device ?? 'auto';
  if (!['gpu', 'cpu', 'auto'].includes(choice)) throw new Word2VecError('BAD_OPTION', `device must be 'gpu', 'cpu' or 'auto', not '${choice}'.`);
  const cpuThreads = run.threads ?? 1;
  if (!Number.isInteger(cpuThreads) || cpuThreads < 1) throw new Word2VecError('BAD_OPTION', `threads must be a whole number of at least 1, not ${cpuThreads}.`);
  if (cpuThreads > 1 && !run.spawnThread) throw new Word2VecError('BAD_OPTION', `${cpuThreads} CPU threads need a way to start them (run.spawnThread); leave threads at 1 here.`);
  const prepareStart = performance.now();
  const prepared = isPrepared(corpus)
    ? corpus
    : await prepareCorpus(corpus, {
        minCount: resolved.minCount,
        maxFinalVocab: resolved.maxFinalVocab,
        tokenizer: resolved.tokenizer,
        vocabulary: run.vocabulary,
        memoryBytes: run.memoryBytes,
      });
  const prepareSeconds = isPrepared(corpus) ? 0 : (performance.now() - prepareStart) / 1000;

  const { vocabulary } = prepared;
  const { config, inputs } = kernelSetup(resolved, prepared);
  const trainStart = performance.now();
  // With `tune=1` given, `auto` measures a software adapter too instead of passing it over.
  let gpu = await acquireGpu(choice, run, { keepSoftware: resolved.tune === 1 });
  const corpusBytes = prepared.ids.buffer.byteLength;
  const matricesOn = (onGpu: boolean): number => hostTrainingBytes(vocabulary.size, config.dim, onGpu, outputBanks(config));
  /** Whether this machine holds the run's matrices and corpus (see MEMORY_SHARE). */
  const fitsHost = (onGpu: boolean): boolean => run.memoryBytes === undefined || matricesOn(onGpu) + corpusBytes <= MEMORY_SHARE * run.memoryBytes;
  try {
    // Before the matrices are allocated on the CPU, which a too-large vocabulary could exhaust.
    if (gpu) checkFits(gpu.device, vocabulary.size, config.dim, prepared.ids.length, outputBanks(config));
    const matrices = matricesOn(gpu !== undefined);
    if (run.memoryBytes !== undefined && !fitsHost(gpu !== undefined)) {
      throw new Word2VecError(
        'TOO_LARGE_FOR_DEVICE',
        `${vocabulary.size} words x ${config.dim} dimensions need about ${mib(matrices)} of memory, and the corpus of ${prepared.wordCount.toLocaleString('en')} words ${mib(corpusBytes)}: together more than ${MEMORY_SHARE * 100}% of this machine's ${mib(run.memoryBytes)}. Keep fewer words (raise \`minCount\`, or set \`maxFinalVocab\`), lower \`vectorSize\`, or train on a part of the text.`,
      );
    }
  } catch (error) {
    gpu?.destroy();
    throw error;
  }
  const syn0 = initialInputVectors(vocabulary.size, config.dim, resolved.seed);
  const wordsStartedFrom = run.startFrom ? startFrom(syn0, vocabulary.words, config.dim, run.startFrom) : 0;
  const useful = usefulThreads(prepared.ids.length);
  const cpuThreadCount = Math.min(cpuThreads, useful);
  const { laneInvocations, lanesPerGroup, ringMemory } = resolved;
  const given = laneInvocations ?? lanesPerGroup ?? ringMemory;
  let plan: GpuPlan | undefined;
  if (gpu) {
    try {
      plan = await planGpu(gpu, config, inputs, syn0, {
        lanes: resolved.lanes ?? defaultLanes(prepared.ids.length),
        lanesGiven: resolved.lanes !== undefined,
        variant: given === undefined ? undefined : { invocations: laneInvocations, lanesPerGroup, ring: ringMemory },
        tune: (resolved.tune ?? (gpu.adapter.isFallback ? 0 : 1)) === 1,
        // `auto` by measurement, where the CPU path could hold the run.
        measure: choice === 'auto' && fitsHost(false),
        cpuThreads: cpuThreadCount,
        spawnThread: run.spawnThread,
        cache: run.tuningCache,
        onNotice: run.onNotice,
      });
    } catch (error) {
      gpu.destroy();
      throw error;
    }
    if (!plan.onGpu) {
      gpu.destroy();
      gpu = undefined;
    }
  }
  if (!gpu && cpuThreads > useful) {
    run.onNotice?.(`${cpuThreads} threads for ${prepared.ids.length} corpus positions is more than useful; training on ${useful} (one per ${MIN_POSITIONS_PER_THREAD} positions).`);
  }
  const threads = gpu ? 1 : cpuThreadCount;
  const lanes = gpu && plan ? plan.lanes : (resolved.lanes ?? threads);
  const schedule = makeSchedule(prepared.ids.length, lanes, resolved.epochs, !gpu ? 'cpu' : gpu.adapter.isFallback ? 'software-gpu' : 'gpu');
  let engine: TrainingEngine;
  let cpuKernels: CpuKernelKind | null = null;
  let gpuKernel: TrainingReport['gpuKernel'] = null;
  let gpuVariant: KernelVariant | null = null;
  try {
    if (gpu) {
      const gpuTrainer = await GpuTrainer.create(gpu.device, config, inputs, syn0, lanes, schedule.dispatchesPerBatch, { variant: plan?.variant });
      gpuKernel = gpuTrainer.kernelKind;
      gpuVariant = shapeVariant(gpuTrainer.shape);
      engine = gpuTrainer;
    } else {
      const cpuTrainer = createCpuEngine(config, inputs, syn0, threads, run.spawnThread);
      cpuKernels = cpuTrainer.kernelKind;
      engine = cpuTrainer;
    }
  } catch (error) {
    gpu?.destroy();
    throw error;
  }
  let wv: KeyedVectors | undefined;
  const release = (): void => {
    wv?.destroy();
    engine.destroy();
    gpu?.destroy();
  };

  try {
    run.onStart?.({
      device: gpu ? 'gpu' : 'cpu',
      adapter: gpu?.adapter ?? null,
      threads,
      cpuKernels,
      vocabularySize: vocabulary.size,
      corpusWords: prepared.wordCount,
      options: resolved,
    });
    const result = await runTraining(engine, {
      schedule,
      rate: { alpha: resolved.alpha, minAlpha: resolved.minAlpha, seed: resolved.seed },
      wordCount: prepared.wordCount,
      onProgress: run.onProgress,
      signal: run.signal,
      pause: run.pause,
    });
    const matrices = await engine.readMatrices();
    if (matrices.syn0.some((v) => !Number.isFinite(v))) {
      throw new Word2VecError('DIVERGED', 'Training diverged: some vectors are not finite numbers. Lower the learning rate (`alpha`).');
    }
    const trainSeconds = (performance.now() - trainStart) / 1000 - result.pausedSeconds;
    const report: TrainingReport = {
      device: gpu ? 'gpu' : 'cpu',
      adapter: gpu?.adapter ?? null,
      threads,
      lanes,
      gpuKernel,
      gpuVariant,
      gpuTuning: plan?.tuning ?? null,
      deviceMeasurement: plan?.measurement ?? null,
      cpuKernels,
      vocabularySize: vocabulary.size,
      corpusWords: prepared.wordCount,
      wordsTrained: result.wordsDone,
      wordsPerSec: result.wordsDone / trainSeconds,
      finalLoss: result.finalLoss,
      prepareSeconds,
      wordsStartedFrom,
      trainSeconds,
      options: resolved,
    };
    wv = new KeyedVectors(vocabulary.words, matrices.syn0, config.dim, resolved.tokenizer);
    if (engine.searchIndex) {
      // The unit-normalised vectors stay on the GPU for similarity queries; the training buffers go.
      const index = await engine.searchIndex(matrices.syn0).catch((error: unknown) => {
        if (!(error instanceof Word2VecError)) throw error;
        run.onNotice?.(error.message);
        return undefined;
      });
      if (index) wv.adoptIndex(index);
    }
    engine.destroy(); // the vectors are out: the training buffers (or threads) go now, not with the model
    // syn1 holds negative sampling's (or the full softmax's) rows first, then the tree's.
    const firstRows = negativeSampling(config) || config.loss === 'softmax' ? config.vocabSize * config.dim : 0;
    const syn1neg = matrices.syn1.subarray(0, firstRows);
    const syn1 = matrices.syn1.subarray(firstRows);
    return new Word2VecModel(wv, vocabulary, syn1neg, syn1, report, release);
  } catch (error) {
    release();
    if (error instanceof Word2VecError && error.checkpoint) {
      throw new Word2VecError(error.code, error.message, { checkpoint: { ...error.checkpoint, words: vocabulary.words } });
    }
    throw error;
  }
}
