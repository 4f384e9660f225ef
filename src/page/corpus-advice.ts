// Settings suited to the text the user gave: a small text needs more epochs, a lower min count,
// less subsampling and hierarchical softmax, and a warning that it cannot teach much.
import type { CorpusSummary } from './protocol';

/** Settings fields (by the part of their id after `setting-`) and the values suggested for them. */
export type SuggestedFields = Partial<Record<'epochs' | 'minCount' | 'sample' | 'loss', string>>;

export interface CorpusAdvice {
  /** Why the text needs other settings, and what they do; empty when the defaults suit it. */
  text: string;
  /** Shown as a warning: the text is too small to learn much, whatever the settings. */
  warning: boolean;
  suggested: SuggestedFields;
}

/** Below this many words the vectors are poor whatever the settings (the sample has 1.7M). */
export const TOO_SMALL_WORDS = 100_000;
/** From this many words on the page's defaults (4 epochs, min count 5, sample 1e-4) suit a text. */
const DEFAULTS_SUIT_WORDS = 1_000_000;

/**
 * Advice for a text of `corpus.words` words (`rawWords`: before min count dropped the rare ones):
 * epochs to see about 5M words in all (at most 50), min count 2 below 200k words and 1 below 10k,
 * subsampling 1e-3 below 1M words and none below 50k (at 1e-4 a small text loses most of its
 * words), and hierarchical softmax, which learns rare words better than negative sampling.
 */
export function adviseFor(corpus: Pick<CorpusSummary, 'words' | 'rawWords'>): CorpusAdvice {
  const words = Math.max(corpus.rawWords, 1);
  if (words >= DEFAULTS_SUIT_WORDS) return { text: '', warning: false, suggested: {} };
  const epochs = Math.min(50, Math.max(5, Math.round(5e6 / words)));
  const minCount = words < 10_000 ? 1 : words < 200_000 ? 2 : 5;
  const sample = words < 50_000 ? '0' : '0.001';
  const suggested: SuggestedFields = { epochs: String(epochs), minCount: String(minCount), sample, loss: 'hs' };
  const size = words.toLocaleString('en');
  const warning = words < TOO_SMALL_WORDS;
  const text = `${
    warning
      ? `This text has ${size} words: too few for word vectors to learn much (the sample has 1.7 million; a million or more is good), so expect neighbours that make little sense.`
      : `This text has ${size} words, fewer than the million or so that the default settings are made for.`
  } Suggested for it: ${epochs} epochs (to see each word more often), min count ${minCount} (to keep its rarer words), subsampling ${sample === '0' ? 'off' : sample} (so that few words are dropped) and hierarchical softmax (better than negative sampling for rare words).`;
  return { text, warning, suggested };
}
