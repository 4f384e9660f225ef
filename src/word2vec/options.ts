import { Word2VecError } from '../core/errors';
import { TOKENIZERS, type TokenizerName } from '../text/tokenize';
import { LANE_INVOCATIONS, LANES_PER_GROUP } from './kernel-contract';

/** Training options, named as gensim's `Word2Vec` arguments in camelCase. */
export interface TrainOptions {
  /** Dimensionality of the vectors (gensim `vector_size`, C `-size`). Default 100. */
  vectorSize?: number;
  /** Maximum distance between centre and context word. Default 5. */
  window?: number;
  /** Words rarer than this are dropped. Default 5. */
  minCount?: number;
  /** Raise `minCount` until at most this many words remain (gensim `max_final_vocab`). */
  maxFinalVocab?: number;
  /** Subsampling threshold for frequent words; 0 disables it. Default 1e-3. */
  sample?: number;
  /** 1 for skip-gram, 0 for CBOW (the C tool's default). */
  sg?: 0 | 1;
  /** Noise words per positive example; 0 turns negative sampling off (then `hs: 1` must be on). Default 5. */
  negative?: number;
  /** Exponent of the unigram noise distribution. Default 0.75. */
  nsExponent?: number;
  /** Initial learning rate. Default 0.025 for skip-gram, 0.05 for CBOW, as the C tool. */
  alpha?: number;
  /** Final learning rate; decays linearly from `alpha` over the whole run. Default alpha * 1e-4. */
  minAlpha?: number;
  /** Passes over the corpus (C `-iter`). Default 5. */
  epochs?: number;
  /** Seed of every random decision (initialisation, subsampling, windows, negatives). Default 1. */
  seed?: number;
  /** Output layer: logistic outputs (negative sampling and/or hierarchical softmax), or the exact full softmax (O(vocabulary) per example). */
  loss?: 'ns' | 'softmax';
  /** Hierarchical softmax (gensim `hs`, C `-hs 1`): a Huffman tree over the vocabulary, alone with `negative: 0` or beside negative sampling. Default 0. */
  hs?: 0 | 1;
  /** How text becomes words: whitespace like the C tool, or Unicode word segmentation, lowercased. */
  tokenizer?: TokenizerName;
  /**
   * Parallel walkers over the corpus (Hogwild: GPU lanes; on the CPU path, lanes over its threads).
   * Default: on the GPU one per 1,024 corpus positions, at most 2,048 (the quality-safe most; the
   * tuner may take 1/2 or 1/4 of it where that is as fast); on the CPU one per thread.
   */
  lanes?: number;
  /**
   * GPU invocations a lane (a variant of the window kernel: 8, 16, 32 or 64). Default: the
   * kernel's own choice, one subgroup where the adapter has them, else about two vec4s each.
   */
  laneInvocations?: number;
  /** GPU lanes a workgroup (a variant of the window kernel: 1, 2 or 4; more than 1 needs a lane of one subgroup). Default 1. */
  lanesPerGroup?: number;
  /** Where a GPU lane keeps the rows of its window (a variant of the window kernel). Default 'private'. */
  ringMemory?: 'private' | 'workgroup';
  /**
   * Try the variants of the GPU's window kernel on the corpus first (at most 2 s) and train with
   * the fastest, remembered per adapter and problem shape (`tuningCache` of the run). 1 tunes, 0
   * does not; default: on hardware GPUs, not on software adapters. `laneInvocations`,
   * `lanesPerGroup` or `ringMemory` override it.
   */
  tune?: 0 | 1;
}

/** Every option with its value decided. */
export type ResolvedOptions = Required<Omit<TrainOptions, 'maxFinalVocab' | 'lanes' | 'laneInvocations' | 'lanesPerGroup' | 'ringMemory' | 'tune'>> & {
  maxFinalVocab: number | undefined;
  lanes: number | undefined;
  laneInvocations: number | undefined;
  lanesPerGroup: number | undefined;
  ringMemory: 'private' | 'workgroup' | undefined;
  tune: 0 | 1 | undefined;
};

function check(ok: boolean, message: string): void {
  if (!ok) throw new Word2VecError('BAD_OPTION', message);
}

function isInt(value: number): boolean {
  return Number.isInteger(value);
}

/** Fills in defaults and rejects impossible combinations with a message that names the fix. */
export function resolveOptions(options: TrainOptions = {}): ResolvedOptions {
  const sg = options.sg ?? 0;
  const alpha = options.alpha ?? (sg === 1 ? 0.025 : 0.05);
  const resolved: ResolvedOptions = {
    vectorSize: options.vectorSize ?? 100,
    window: options.window ?? 5,
    minCount: options.minCount ?? 5,
    maxFinalVocab: options.maxFinalVocab,
    sample: options.sample ?? 1e-3,
    sg,
    negative: options.negative ?? 5,
    nsExponent: options.nsExponent ?? 0.75,
    alpha,
    minAlpha: options.minAlpha ?? alpha * 1e-4,
    epochs: options.epochs ?? 5,
    seed: options.seed ?? 1,
    loss: options.loss ?? 'ns',
    hs: options.hs ?? 0,
    tokenizer: options.tokenizer ?? 'whitespace',
    lanes: options.lanes,
    laneInvocations: options.laneInvocations,
    lanesPerGroup: options.lanesPerGroup,
    ringMemory: options.ringMemory,
    tune: options.tune,
  };
  const r = resolved;
  check(isInt(r.vectorSize) && r.vectorSize >= 1 && r.vectorSize <= 4096, `\`vectorSize\` must be a whole number from 1 to 4096, not ${r.vectorSize}; 100 is the usual choice.`);
  check(isInt(r.window) && r.window >= 1 && r.window <= 64, `\`window\` must be a whole number from 1 to 64, not ${r.window}; 5 is the usual choice.`);
  check(isInt(r.minCount) && r.minCount >= 1, `\`minCount\` must be a whole number of at least 1, not ${r.minCount}.`);
  check(r.maxFinalVocab === undefined || (isInt(r.maxFinalVocab) && r.maxFinalVocab >= 1), `\`maxFinalVocab\` must be a whole number of at least 1, not ${r.maxFinalVocab}.`);
  check(Number.isFinite(r.sample) && r.sample >= 0 && r.sample < 1, `\`sample\` must be from 0 (no subsampling) to below 1, not ${r.sample}; try 1e-3 or 1e-4.`);
  check(r.sg === 0 || r.sg === 1, `\`sg\` must be 1 (skip-gram) or 0 (CBOW), not ${r.sg}.`);
  check(isInt(r.negative) && r.negative >= 0 && r.negative <= 64, `\`negative\` must be a whole number from 0 to 64, not ${r.negative}; 5 is the usual choice.`);
  check(Number.isFinite(r.nsExponent), `\`nsExponent\` must be a number, not ${r.nsExponent}; 0.75 is the usual choice.`);
  check(Number.isFinite(r.alpha) && r.alpha > 0, `\`alpha\` (the learning rate) must be above 0, not ${r.alpha}; try 0.025 for skip-gram or 0.05 for CBOW.`);
  check(Number.isFinite(r.minAlpha) && r.minAlpha >= 0 && r.minAlpha <= r.alpha, `\`minAlpha\` must be from 0 to \`alpha\` (${r.alpha}), not ${r.minAlpha}.`);
  check(isInt(r.epochs) && r.epochs >= 1, `\`epochs\` must be a whole number of at least 1, not ${r.epochs}.`);
  check(isInt(r.seed) && r.seed >= 0 && r.seed <= 0xffffffff, `\`seed\` must be a whole number from 0 to 4294967295, not ${r.seed}.`);
  check(r.loss === 'ns' || r.loss === 'softmax', `\`loss\` must be 'ns' (negative sampling) or 'softmax', not '${r.loss}'.`);
  check(TOKENIZERS.includes(r.tokenizer), `\`tokenizer\` must be 'whitespace' or 'unicode', not '${r.tokenizer}'.`);
  check(r.lanes === undefined || (isInt(r.lanes) && r.lanes >= 1), `\`lanes\` must be a whole number of at least 1, not ${r.lanes}.`);
  check(
    r.laneInvocations === undefined || LANE_INVOCATIONS.includes(r.laneInvocations as (typeof LANE_INVOCATIONS)[number]),
    `\`laneInvocations\` must be ${LANE_INVOCATIONS.join(', ')}, not ${r.laneInvocations}; leave it out for the kernel's own choice.`,
  );
  check(
    r.lanesPerGroup === undefined || LANES_PER_GROUP.includes(r.lanesPerGroup as (typeof LANES_PER_GROUP)[number]),
    `\`lanesPerGroup\` must be ${LANES_PER_GROUP.join(', ')}, not ${r.lanesPerGroup}; leave it out for one lane a workgroup.`,
  );
  check(r.ringMemory === undefined || r.ringMemory === 'private' || r.ringMemory === 'workgroup', `\`ringMemory\` must be 'private' or 'workgroup', not '${r.ringMemory}'.`);
  check(r.tune === undefined || r.tune === 0 || r.tune === 1, `\`tune\` must be 1 (try the GPU kernel's variants first) or 0, not ${r.tune}.`);
  check(r.hs === 0 || r.hs === 1, `\`hs\` must be 1 (hierarchical softmax) or 0, not ${r.hs}.`);
  check(
    !(r.hs === 1 && r.loss === 'softmax'),
    '`hs=1` and `loss=softmax` are two different output layers: keep `loss=ns` for hierarchical softmax (with `negative=0` for it alone), or set `hs=0` for the full softmax.',
  );
  check(
    !(r.loss === 'ns' && r.negative === 0 && r.hs === 0),
    '`negative=0` with `hs=0` trains nothing: use `negative=5` (negative sampling), `hs=1` (hierarchical softmax), or `loss=softmax` for the exact softmax.',
  );
  return resolved;
}

/** The output layer in words, for reports: "negative sampling (5 noise words)", "hierarchical softmax", both, or "full softmax". */
export function describeLoss(options: Pick<ResolvedOptions, 'loss' | 'hs' | 'negative'>): string {
  if (options.loss === 'softmax') return 'full softmax';
  const parts = [...(options.hs === 1 ? ['hierarchical softmax'] : []), ...(options.negative > 0 ? [`negative sampling (${options.negative} noise words)`] : [])];
  return parts.join(' and ');
}
