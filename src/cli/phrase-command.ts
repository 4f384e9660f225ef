import { Word2VecError } from '../core/errors';
import { learnPhrases } from '../text/phrases';
import { checkFile, openInput } from '../runtime/node-files';
import { checkOutputs, writeAtomically } from './output-files';
import { UsageError } from './usage-error';
import { type CommandFlags, parseFlags } from './flags';

export const PHRASES_USAGE = `Phrases (the C tool's word2phrase):

  webgpu-word2vec phrases -train FILE -output FILE [-min-count 5] [-threshold 100] [-debug 2]
                     joins pairs of words that occur together far more often than chance with "_"
                     (score (count(ab) - min-count) / (count(a) count(b)) x words > threshold); run it
                     again on its output for longer phrases, as the C tool's demo does
`;

const PHRASE_FLAGS: CommandFlags = {
  command: 'phrases',
  words: false,
  hint: 'It takes -train, -output, -min-count, -threshold and -debug.',
  flags: {
    train: { kind: 'text' },
    output: { kind: 'text' },
    'min-count': { kind: 'whole', default: '5', min: 1 },
    threshold: { kind: 'real', default: '100', example: '100 (higher means fewer phrases)' },
    debug: { kind: 'whole', default: '2' },
  },
};

/** `phrases`: reads -train twice (counting, then rewriting), streaming; writes -output atomically. */
export async function runPhrases(args: readonly string[], out: NodeJS.WritableStream): Promise<number> {
  const flags = parseFlags(args, PHRASE_FLAGS);
  const train = flags.get('train');
  const output = flags.get('output');
  if (!train) throw new UsageError('phrases needs -train FILE: the text to find phrases in.');
  if (!output) throw new UsageError('phrases needs -output FILE: where to write the text with its phrases joined.');
  const minCount = flags.number('min-count')!;
  const threshold = flags.number('threshold')!;
  const debug = flags.number('debug')!;
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
