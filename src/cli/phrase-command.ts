import { Word2VecError } from '../core/errors';
import { learnPhrases } from '../text/phrases';
import { checkFile, openInput } from './files';
import { checkOutputs, writeAtomically } from './output-files';
import { UsageError } from './usage-error';

export const PHRASES_USAGE = `Phrases (the C tool's word2phrase):

  webgpu-word2vec phrases -train FILE -output FILE [-min-count 5] [-threshold 100] [-debug 2]
                     joins pairs of words that occur together far more often than chance with "_"
                     (score (count(ab) - min-count) / (count(a) count(b)) x words > threshold); run it
                     again on its output for longer phrases, as the C tool's demo does
`;

const FLAGS = new Set(['train', 'output', 'min-count', 'threshold', 'debug']);

/** `phrases`: reads -train twice (counting, then rewriting), streaming; writes -output atomically. */
export async function runPhrases(args: readonly string[], out: NodeJS.WritableStream): Promise<number> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i]!.replace(/^--?/, '');
    if (!args[i]!.startsWith('-') || !FLAGS.has(name))
      throw new UsageError(`Unknown argument "${args[i]}" for phrases. It takes -train, -output, -min-count, -threshold and -debug.`);
    const value = args[i + 1];
    if (value === undefined) throw new UsageError(`${args[i]} needs a value, e.g. ${args[i]} ${name === 'train' || name === 'output' ? 'FILE' : '5'}.`);
    if (flags.has(name)) throw new UsageError(`${args[i]} is given twice; give it once.`);
    flags.set(name, value);
  }
  const train = flags.get('train');
  const output = flags.get('output');
  if (!train) throw new UsageError('phrases needs -train FILE: the text to find phrases in.');
  if (!output) throw new UsageError('phrases needs -output FILE: where to write the text with its phrases joined.');
  const whole = (name: string, fallback: number): number => {
    const value = flags.get(name);
    if (value === undefined) return fallback;
    if (!/^[+]?\d+$/.test(value)) throw new UsageError(`-${name} takes a whole number such as ${fallback}, not "${value}".`);
    return Number(value);
  };
  const minCount = whole('min-count', 5);
  if (minCount < 1) throw new UsageError('-min-count must be at least 1.');
  const debug = whole('debug', 2);
  const thresholdText = flags.get('threshold') ?? '100';
  const threshold = Number(thresholdText);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(thresholdText) || !Number.isFinite(threshold)) {
    throw new UsageError(`-threshold takes a number such as 100 (higher means fewer phrases), not "${thresholdText}".`);
  }
  await checkOutputs([{ flag: 'output', path: output }], [{ flag: 'train', path: train }]);
  const info = await checkFile(train, 'training file', 'train');
  if (info.size === 0) throw new Word2VecError('EMPTY_INPUT', `The training file "${train}" is empty. Give -train a file with text in it.`);
  const started = performance.now();
  const phrases = await learnPhrases(await openInput(train, 'training file', 'train'), { minCount, threshold });
  if (debug >= 1) out.write(`Words and pairs kept (count >= ${minCount}): ${phrases.entries}\nWords in train file: ${phrases.trainWords}\n`);
  const stats = { words: 0, joined: 0 };
  const encoder = new TextEncoder();
  const chunks = async function* (): AsyncGenerator<Uint8Array> {
    for await (const text of phrases.apply(await openInput(train, 'training file', 'train'), stats)) yield encoder.encode(text);
  };
  await writeAtomically(output, chunks());
  if (debug >= 1) out.write(`Joined ${stats.joined} of ${stats.words} words into phrases in ${((performance.now() - started) / 1000).toFixed(2)} s\n`);
  return 0;
}
