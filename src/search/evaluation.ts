import { Word2VecError } from '../core/errors';
import { linesOf, type TextSource } from '../core/source';
import { NO_ROW, type TopK } from './similarity-index';

/** How `evaluateWordAnalogies` scores: gensim's options of the same names. */
export interface AnalogyOptions {
  /** Only questions whose four words are among the first N words count (default 30,000). */
  restrictVocab?: number;
  /** Compare words upper-cased; the most frequent case variant stands for a word (default true). */
  caseInsensitive?: boolean;
}

/** Questions answered right, of those asked. */
export interface AnalogyScore {
  /** correct / total; 0 when total is 0. */
  accuracy: number;
  correct: number;
  /** Questions answered: those with every word in the vocabulary. */
  total: number;
}

/** The score of analogy questions, overall and by section, with the questions left out for unknown words. */
export interface AnalogyResult extends AnalogyScore {
  /** Well-formed questions read, out-of-vocabulary ones included. */
  questions: number;
  /** Questions skipped because a word is not among the first `restrictVocab` words. */
  oov: number;
  /** Per `: section` of the file, in file order. */
  sections: Record<string, AnalogyScore>;
}

/** How `evaluateWordPairs` reads its pairs: gensim's options of the same names. */
export interface PairsOptions {
  /** Only the first N words are looked up (default 300,000, as gensim). */
  restrictVocab?: number;
  caseInsensitive?: boolean;
}

/** How the vectors' cosines correlate with human ratings of word pairs (Pearson and Spearman), and the pairs left out for unknown words. */
export interface PairsResult {
  spearman: number;
  pearson: number;
  /** Share of pairs skipped because a word is not in the vocabulary, 0 to 1. */
  oov: number;
  /** Pairs scored. */
  pairs: number;
}

/** Results gensim asks most_similar for per question (it then keeps the first acceptable one). */
const ANALOGY_TOPN = 5;

/** What the evaluations read of a set of word vectors (`KeyedVectors` gives it). */
export interface EvaluatedVectors {
  readonly indexToKey: readonly string[];
  readonly vectorSize: number;
  readonly size: number;
  /** Unit-length rows, row-major. */
  normalized(): Float32Array;
  /** The `k` nearest of the first `restrictVocab` rows to each query (row-major unit vectors). */
  batchNearest(queries: Float32Array, k: number, restrictVocab?: number): Promise<TopK>;
}

/** Word -> row of the first `restrictVocab` words; with case folding the first (most frequent) variant wins. */
function lookupTable(kv: EvaluatedVectors, restrictVocab: number, caseInsensitive: boolean): Map<string, number> {
  if (!Number.isInteger(restrictVocab) || restrictVocab < 1)
    throw new Word2VecError('BAD_OPTION', `restrictVocab must be a whole number of words, 1 or more, not ${restrictVocab}.`);
  const table = new Map<string, number>();
  for (let i = Math.min(restrictVocab, kv.size) - 1; i >= 0; i--) table.set(caseInsensitive ? kv.indexToKey[i]!.toUpperCase() : kv.indexToKey[i]!, i);
  return table;
}

interface Question {
  section: string;
  words: [string, string, string, string];
  rows: [number, number, number, number];
}

/**
 * gensim's evaluate_word_analogies, with every question's 3CosAdd search batched into one
 * `batchNearest` call (a few GPU dispatches on the GPU).
 */
export async function evaluateWordAnalogies(kv: EvaluatedVectors, source: TextSource, options: AnalogyOptions = {}): Promise<AnalogyResult> {
  const restrictVocab = options.restrictVocab ?? 30000;
  const caseInsensitive = options.caseInsensitive ?? true;
  const table = lookupTable(kv, restrictVocab, caseInsensitive);
  const sections: Record<string, AnalogyScore> = {};
  const asked: Question[] = [];
  let section: string | undefined;
  let questions = 0;
  let oov = 0;
  let lineNo = 0;
  for await (const line of linesOf(source)) {
    lineNo++;
    if (line.startsWith(': ')) {
      section = line.replace(/^[: ]+/, '').trim();
      sections[section] ??= { accuracy: 0, correct: 0, total: 0 };
      continue;
    }
    if (line.trim() === '') continue;
    if (section === undefined) throw new Word2VecError('FILE', `Analogy file line ${lineNo} comes before any ": section" line. Give a file in the questions-words format.`);
    const words = line
      .trim()
      .split(/\s+/)
      .map((w) => (caseInsensitive ? w.toUpperCase() : w));
    if (words.length !== 4) continue;
    questions++;
    const rows = words.map((w) => table.get(w));
    if (rows.some((r) => r === undefined)) {
      oov++;
      continue;
    }
    asked.push({ section, words: words as Question['words'], rows: rows as Question['rows'] });
  }
  if (questions === 0) throw new Word2VecError('FILE', 'The analogy file has no questions ("A B C D" lines under ": section" lines). Give a file in the questions-words format.');

  const d = kv.vectorSize;
  const normed = kv.normalized();
  const queries = new Float32Array(asked.length * d);
  asked.forEach(({ rows: [a, b, c] }, q) => {
    let length = 0;
    for (let k = 0; k < d; k++) {
      const v = normed[b * d + k]! + normed[c * d + k]! - normed[a * d + k]!;
      queries[q * d + k] = v;
      length += v * v;
    }
    const scale = length > 0 ? 1 / Math.sqrt(length) : 0;
    for (let k = 0; k < d; k++) queries[q * d + k]! *= scale;
  });
  // As gensim: ask for topn + 3 results, drop the three query rows, keep the first topn.
  const found = await kv.batchNearest(queries, ANALOGY_TOPN + 3, restrictVocab);
  let correct = 0;
  asked.forEach(({ section: name, words: [a, b, c, expected], rows }, q) => {
    let predicted: string | undefined;
    let kept = 0;
    for (let j = 0; j < found.k && kept < ANALOGY_TOPN; j++) {
      const id = found.ids[q * found.k + j]!;
      if (id === NO_ROW || rows.slice(0, 3).includes(id)) continue;
      kept++;
      const word = kv.indexToKey[id]!;
      predicted = caseInsensitive ? word.toUpperCase() : word;
      if (table.has(predicted) && predicted !== a && predicted !== b && predicted !== c) break;
    }
    const score = sections[name]!;
    score.total++;
    if (predicted === expected) {
      score.correct++;
      correct++;
    }
  });
  for (const score of Object.values(sections)) score.accuracy = score.total > 0 ? score.correct / score.total : 0;
  return { accuracy: asked.length > 0 ? correct / asked.length : 0, correct, total: asked.length, questions, oov, sections };
}

/** Ranks 1..n, ties sharing their average rank (as scipy's rankdata). */
function ranks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((x, y) => values[x]! - values[y]!);
  const out = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    for (let i = start; i <= end; i++) out[order[i]!] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return out;
}

export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mean = (v: readonly number[]): number => v.reduce((s, a) => s + a, 0) / n;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

export function spearman(x: readonly number[], y: readonly number[]): number {
  return pearson(ranks(x), ranks(y));
}

/** Splits a judgement line on tabs, else commas, else whitespace. */
function fields(line: string): string[] {
  const separator = line.includes('\t') ? '\t' : line.includes(',') ? ',' : /\s+/;
  return line
    .trim()
    .split(separator)
    .map((f) => f.trim());
}

/**
 * gensim's evaluate_word_pairs: "word1 word2 score" lines (tab-, comma- or space-separated,
 * extra columns ignored); lines starting with # and lines whose score is not a number (a header)
 * are skipped; pairs with an unknown word count as out of vocabulary.
 */
export async function evaluateWordPairs(kv: EvaluatedVectors, source: TextSource, options: PairsOptions = {}): Promise<PairsResult> {
  const caseInsensitive = options.caseInsensitive ?? true;
  const table = lookupTable(kv, options.restrictVocab ?? 300000, caseInsensitive);
  const normed = kv.normalized();
  const d = kv.vectorSize;
  const gold: number[] = [];
  const model: number[] = [];
  let oov = 0;
  for await (const line of linesOf(source)) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const parts = fields(line);
    const score = parts.length >= 3 && parts[2] !== '' ? Number(parts[2]) : NaN;
    if (!Number.isFinite(score)) continue;
    const [a, b] = parts.slice(0, 2).map((w) => table.get(caseInsensitive ? w.toUpperCase() : w));
    if (a === undefined || b === undefined) {
      oov++;
      continue;
    }
    let similarity = 0;
    for (let k = 0; k < d; k++) similarity += normed[a * d + k]! * normed[b * d + k]!;
    gold.push(score);
    model.push(similarity);
  }
  if (gold.length === 0) {
    throw new Word2VecError(
      'FILE',
      `No word pair could be scored (${oov} pairs had a word outside the vocabulary). Give "word1<TAB>word2<TAB>score" lines with words the model knows.`,
    );
  }
  return { spearman: spearman(gold, model), pearson: pearson(gold, model), oov: oov / (gold.length + oov), pairs: gold.length };
}
