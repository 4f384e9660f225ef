import { Word2VecError } from '../core/errors';
import type { DeviceChoice } from '../runtime/gpu-acquire';
import type { KeyedVectors, Neighbour } from '../search/keyed-vectors';
import { acquireNodeGpu } from '../runtime/node-gpu';
import { inCliTerms } from './cli-terms';
import { answerEachLine, isTerminal } from './each-line';
import { classesText } from '../search/word-classes';
import { checkFile, openInput } from '../runtime/node-files';
import { checkOutputs, writeAtomically } from './output-files';
import { NodeSearchThreads } from '../search/node-search-threads';
import { spawnNodeKernelThread } from '../word2vec/cpu/node-kernel-thread';
import { asSearchThread } from '../word2vec/cpu/thread-service';
import { documentSimilarityResult } from './document-commands';
import { type CommandFlags, DEVICE_CHOICES, type ParsedFlags, parseFlags } from './flags';
import { readVectorsFlag } from './vectors-flag';
import { DOCUMENT_METHODS } from '../documents/document-index';
import { UsageError } from './usage-error';

export const QUERY_USAGE = `Querying vectors (any word2vec text/binary file, gensim's or the C tool's, or fastText .vec):

  webgpu-word2vec similar -vectors FILE [WORD...]   nearest words to the words' mean (the C tool's distance)
  webgpu-word2vec analogy -vectors FILE [A B C]     A is to B as C is to ? (the C tool's word-analogy)
  webgpu-word2vec eval -vectors FILE [-analogies FILE] [-pairs FILE]... [-docsim FILE -ratings FILE]
                                                    one JSON object: analogy accuracy, word-pair correlations,
                                                    document-similarity correlations (see Documents)
  webgpu-word2vec classes -vectors FILE -classes N [-output FILE]
                                                    k-means word classes as the C tool's -classes: "word class"
                                                    lines (to stdout without -output)

  Without words, similar and analogy read one query per line from stdin (a prompt when it is a terminal).
  -topn N            results per query (default 10; 40 in interactive mode, as the C tool)
  -restrict N        search only the N most frequent words (eval: default 30000 for analogies)
  -binary 0|1        the file's format (default: detected)
  -limit N           read only the first N words of the file
  -device gpu|cpu|auto   where searches run (default auto: a hardware GPU, else the CPU)
  -json 1            similar/analogy: print JSON lines instead of a table
  -case-insensitive 0|1  eval: fold case (default 1, as gensim)
`;

/** The flags of similar, analogy, eval and classes. */
const QUERY_FLAGS: CommandFlags = {
  words: true,
  hint: 'Run webgpu-word2vec --help for the query flags (put "--" before words that start with "-").',
  flags: {
    vectors: { kind: 'text' },
    binary: { kind: 'switch' },
    limit: { kind: 'whole', min: 1 },
    device: { kind: 'choice', choices: DEVICE_CHOICES, default: 'auto' },
    topn: { kind: 'whole', min: 1, example: '10' },
    restrict: { kind: 'whole', min: 1, example: '30000' },
    json: { kind: 'switch' },
    analogies: { kind: 'text' },
    pairs: { kind: 'text', repeatable: true },
    'case-insensitive': { kind: 'switch', default: '1' },
    docsim: { kind: 'text' },
    ratings: { kind: 'text' },
    background: { kind: 'text' },
    method: { kind: 'choice', choices: DOCUMENT_METHODS },
    'bag-share': { kind: 'real', example: '0.4' },
    classes: { kind: 'whole', min: 1, example: '100' },
    output: { kind: 'text' },
  },
};

/**
 * Loads -vectors and, unless the CPU is faster or chosen, puts them on the GPU; on the CPU, large
 * searches use every core. `close()` frees the GPU and the threads.
 */
async function loadVectors(args: ParsedFlags, err: NodeJS.WritableStream): Promise<{ kv: KeyedVectors; close(): void }> {
  const device = args.get('device') as DeviceChoice;
  const kv = await readVectorsFlag(args);
  const gpu = await acquireNodeGpu(device, (m) => err.write(`Note: ${inCliTerms(m)}\n`));
  if (gpu) {
    try {
      await kv.useGpu(gpu.device);
    } catch (error) {
      if (device === 'gpu' || !(error instanceof Word2VecError)) throw error;
      err.write(`Note: ${error.message}\n`);
    }
  }
  const threads = new NodeSearchThreads(() => asSearchThread(spawnNodeKernelThread()));
  if (kv.queryDevice === 'cpu') kv.useCpuThreads(threads);
  return {
    kv,
    close() {
      kv.destroy();
      gpu?.destroy();
      threads.destroy();
    },
  };
}

function table(results: Neighbour[]): string {
  const width = Math.max(4, ...results.map((n) => [...n.word].length));
  return `${'Word'.padEnd(width)}  Cosine similarity\n${'-'.repeat(width + 19)}\n${results.map((n) => `${n.word.padEnd(width)}  ${n.similarity.toFixed(6)}`).join('\n')}\n`;
}

type Query = (words: string[], topn: number) => Promise<Neighbour[]>;

async function similarOrAnalogy(
  command: 'similar' | 'analogy',
  args: ParsedFlags,
  input: NodeJS.ReadableStream,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const json = args.switch('json') === true;
  const restrictVocab = args.number('restrict');
  const { kv, close } = await loadVectors(args, err);
  try {
    const query: Query =
      command === 'similar'
        ? (words, topn) => kv.mostSimilar({ positive: words, topn, restrictVocab })
        : (words, topn) => {
            if (words.length !== 3) throw new Word2VecError('BAD_OPTION', `An analogy takes three words, A B C (A is to B as C is to ?), not ${words.length}.`);
            return kv.mostSimilar({ positive: [words[1]!, words[2]!], negative: [words[0]!], topn, restrictVocab });
          };
    const print = (results: Neighbour[], words: string[]): void => {
      out.write(
        json
          ? `${JSON.stringify({ query: words, results })}\n`
          : `\n${command === 'analogy' ? `${words[0]} : ${words[1]} :: ${words[2]} : ?` : `Words: ${words.join(' ')}`}\n\n${table(results)}`,
      );
    };
    const topn = args.number('topn');
    if (args.words.length > 0) {
      print(await query([...args.words], topn ?? 10), [...args.words]);
      return 0;
    }
    // One query per line of stdin: 40 answers on a terminal, as the C tool, else 10.
    const perLine = topn ?? (isTerminal(input) ? 40 : 10);
    const prompt = command === 'similar' ? 'Enter word or sentence (EXIT to break): ' : 'Enter three words (EXIT to break): ';
    return await answerEachLine(input, out, err, prompt, async (line) => {
      const words = line.split(/\s+/);
      print(await query(words, perLine), words);
    });
  } finally {
    close();
  }
}

async function evaluate(args: ParsedFlags, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const analogies = args.get('analogies');
  const pairs = args.all('pairs');
  const docsim = args.get('docsim');
  if (!analogies && pairs.length === 0 && !docsim)
    throw new UsageError(
      'eval needs -analogies FILE (questions-words format), -pairs FILE (word1 word2 score, e.g. WordSim-353) and/or -docsim FILE -ratings FILE (documents and their rated pairs, e.g. the Lee set).',
    );
  for (const name of ['ratings', 'background', 'method', 'bag-share'])
    if (args.get(name) !== undefined && !docsim) throw new UsageError(`-${name} goes with -docsim FILE (the documents to score); add it or drop -${name}.`);
  if (args.words.length > 0) throw new UsageError(`eval takes no words ("${args.words[0]}"); give files with -analogies and -pairs.`);
  const caseInsensitive = args.switch('case-insensitive')!;
  const restrictVocab = args.number('restrict');
  for (const f of [analogies, ...pairs]) if (f) await checkFile(f, 'evaluation file', f === analogies ? 'analogies' : 'pairs');
  const { kv, close } = await loadVectors(args, err);
  try {
    const result: Record<string, unknown> = { vectors: args.get('vectors'), words: kv.size, dim: kv.vectorSize, device: kv.queryDevice };
    if (analogies) {
      const start = performance.now();
      const r = await kv.evaluateWordAnalogies(await openInput(analogies, 'analogy file', 'analogies'), { restrictVocab, caseInsensitive });
      result.analogies = { file: analogies, ...r, seconds: (performance.now() - start) / 1000 };
    }
    if (pairs.length > 0) {
      const scored = [];
      for (const file of pairs) scored.push({ file, ...(await kv.evaluateWordPairs(await openInput(file, 'word-pairs file', 'pairs'), { restrictVocab, caseInsensitive })) });
      result.pairs = scored;
    }
    if (docsim) result.docsim = await documentSimilarityResult(kv, args, err);
    out.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } finally {
    close();
  }
}

async function classes(args: ParsedFlags, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const k = args.number('classes');
  if (k === undefined) throw new UsageError('classes needs -classes N: how many word classes, e.g. -classes 100.');
  if (args.words.length > 0) throw new UsageError(`classes takes no words ("${args.words[0]}"); give the vectors with -vectors.`);
  const output = args.get('output');
  if (output) await checkOutputs([{ flag: 'output', path: output }], [{ flag: 'vectors', path: args.get('vectors') ?? '' }]);
  const { kv, close } = await loadVectors(args, err);
  try {
    const text = new TextEncoder().encode(classesText(kv.indexToKey, await kv.cluster(k)));
    if (output) await writeAtomically(output, [text]);
    else out.write(text);
    return 0;
  } finally {
    close();
  }
}

/** The query commands: `similar`, `analogy`, `eval`, `classes`. */
export const QUERY_COMMANDS = ['similar', 'analogy', 'eval', 'classes'] as const;

/** Runs one of QUERY_COMMANDS; returns the exit code. */
export function runQueryCommand(
  command: (typeof QUERY_COMMANDS)[number],
  argv: readonly string[],
  input: NodeJS.ReadableStream,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const args = parseFlags(argv, QUERY_FLAGS);
  if (command === 'eval') return evaluate(args, out, err);
  if (command === 'classes') return classes(args, out, err);
  return similarOrAnalogy(command, args, input, out, err);
}
