import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Word2VecError } from '../core/errors';
import { DocumentCollector, MAX_DOCUMENT_CHARS, SPLIT_MODES, type SplitMode } from '../documents/collect-documents';
import type { DeviceChoice } from '../runtime/gpu-acquire';
import type { GpuContext } from '../runtime/gpu-device';
import { GpuDocumentMeans } from '../documents/gpu-document-means';
import { dbowOnGpu } from '../documents/dbow/gpu-dbow-trainer';
import { inCliTerms } from './cli-terms';
import { answerEachLine } from './each-line';
import { acquireNodeGpu } from '../runtime/node-gpu';
import {
  DOCUMENT_METHODS,
  type DocumentHit,
  DocumentIndex,
  type DocumentInput,
  type DocumentMethod,
  documentJsonLines,
  documentKey,
  documentPairLines,
} from '../documents/document-index';
import { documentSimilarity, readRatings } from '../documents/document-similarity';
import { KeyedVectors } from '../search/keyed-vectors';
import { word2vecChunks } from '../search/word2vec-format';
import { checkFile, unreadable } from '../runtime/node-files';
import { checkOutputs, writeAtomically } from './output-files';
import { type CommandFlags, DEVICE_CHOICES, type ParsedFlags, parseFlags } from './flags';
import { readVectorsFlag } from './vectors-flag';
import { UsageError } from './usage-error';
import { cpuThreads } from './cpu-threads';
import { spawnNodeKernelThread } from '../word2vec/cpu/node-kernel-thread';
import { TOKENIZERS, type TokenizerName } from '../text/tokenize';

export const DOCUMENT_USAGE = `Documents (each embedded from the word vectors; searched by meaning):

  webgpu-word2vec docs -vectors FILE -docs PATH [-output FILE] [-format jsonl|word2vec]
                     (-method dbow: -vectors optional)
                     writes each document's vector: JSON lines {"id","title","vector"} (default, to
                     stdout without -output) or the word2vec layout keyed by document id (-binary 1).
                     With -method hybrid (the default) the vector is the SIF one, and each JSON line
                     also holds the TF-IDF bag of words the hybrid adds: "bag": {"share","terms",
                     "weights"}; a score is share x the bags' dot + (1 - share) x the vectors' cosine.
                     The word2vec layout holds the vectors only
  webgpu-word2vec docs ... -pairs 1
                     writes every pair's score instead, as search ranks them: JSON lines
                     {"id","scores"}, the scores in the documents' order (for clustering, k-NN)
  webgpu-word2vec search -vectors FILE -docs PATH [-like ID] [WORD...]
                     the documents nearest the words (or, without words, each line of stdin), or
                     most like the document with id ID
  webgpu-word2vec eval -vectors FILE -docsim FILE -ratings FILE [-background FILE]
                     Pearson and Spearman of the documents' scores (one document a line) against
                     human ratings (an n x n matrix, upper triangle), e.g. ../shared/data/docsim

  -docs PATH         a text file, or a folder of them (non-text files are skipped and counted)
  -split lines|paragraphs|files   what one document is (default: files for a folder, else lines;
                     ids are FILE:LINE, or the file's path for files)
  -method hybrid|sif|tfidf|mean|dbow   how documents are compared (default hybrid: the SIF vector
                     of the word vectors with the TF-IDF bag of words, the best across the three
                     document tasks of docs/benchmarks.md).
  -bag-share X       the hybrid's share for the bag of words, 0 to 1 (default by the documents'
                     length: 0.6 m / (m + 10), m their median number of distinct words)
                     dbow: PV-DBOW paragraph vectors trained here on the documents (and -background),
                     -vectors optional (where the words start); with -size, -iter (default 40),
                     -window, -negative, -min-count (default 2), -sample (default 1e-3; 0 for a
                     small collection), -seed, -dbow-words 1 (train the words too, as gensim's
                     dbow_words), -threads N (CPU threads, default this machine's cores)
  -background FILE   the text the statistics come from, one document a line: the training text
                     (default: the documents themselves)
  -tokenize whitespace|unicode   how documents and queries are cut into words: as the vectors
                     were trained (default: what their words show: whitespace when some have
                     capitals or punctuation, else unicode; -method dbow: unicode)
  -device gpu|cpu|auto   where the documents' vectors are computed (default auto: a hardware GPU,
                     else the CPU); the bags of words and the searches run on the CPU
  -topn N            results per search (default 10)
  -json 1            search: JSON lines instead of a table
`;

/** The flags of docs and search. */
const DOCUMENT_FLAGS: CommandFlags = {
  words: true,
  hint: 'Run webgpu-word2vec --help for the document flags (put "--" before words that start with "-").',
  flags: {
    vectors: { kind: 'text' },
    binary: { kind: 'switch' },
    limit: { kind: 'whole', min: 1 },
    docs: { kind: 'text' },
    split: { kind: 'choice', choices: SPLIT_MODES },
    method: { kind: 'choice', choices: DOCUMENT_METHODS },
    'bag-share': { kind: 'real', example: '0.4' },
    background: { kind: 'text' },
    device: { kind: 'choice', choices: DEVICE_CHOICES, default: 'auto' },
    size: { kind: 'whole', min: 1 },
    iter: { kind: 'whole', min: 1 },
    window: { kind: 'whole', min: 1 },
    negative: { kind: 'whole', min: 1 },
    'min-count': { kind: 'whole', min: 1 },
    sample: { kind: 'real', example: '1e-4' },
    'dbow-words': { kind: 'switch', default: '0' },
    threads: { kind: 'whole', min: 1 },
    seed: { kind: 'whole', min: 0 },
    output: { kind: 'text' },
    format: { kind: 'choice', choices: ['jsonl', 'word2vec'], default: 'jsonl' },
    topn: { kind: 'whole', min: 1, default: '10' },
    json: { kind: 'switch', default: '0' },
    pairs: { kind: 'switch', default: '0' },
    tokenize: { kind: 'choice', choices: TOKENIZERS },
    like: { kind: 'text' },
  },
};

/** The commands of documents: `docs` and `search` (and `eval -docsim`, in the query commands). */
export const DOCUMENT_COMMANDS = ['docs', 'search'] as const;

/** The lines of -background, when given: the statistics' documents. */
async function backgroundFlag(args: ParsedFlags, err: NodeJS.WritableStream): Promise<string[] | undefined> {
  const path = args.get('background');
  if (path === undefined) return undefined;
  return (await readLines(path, 'background text', 'background', err)).filter((line) => line !== undefined);
}

/**
 * A text file's lines with words, streamed as the documents' files are read (UTF-8, else
 * Windows-1252; a line past MAX_DOCUMENT_CHARS cut, with a note), each at its line's index (lines
 * without words are holes). Refuses a file that is not text.
 */
async function readLines(path: string, what: string, flagName: string, err: NodeJS.WritableStream): Promise<(string | undefined)[]> {
  await checkFile(path, what, flagName);
  const collector = new DocumentCollector('lines');
  await collector.addStream(path, () => createReadStream(path));
  if (collector.skipped.binary.length > 0) throw new Word2VecError('FILE', `"${path}" is not a text file. Give -${flagName} a text file, one document a line.`);
  if (collector.skipped.cut > 0) err.write(`Note: -${flagName}: ${collector.skipped.cut} line(s) cut to their first ${MAX_DOCUMENT_CHARS / (1 << 20)} Mi characters.\n`);
  const lines: (string | undefined)[] = [];
  for (const { id, text } of collector.documents) lines[Number(id.slice(id.lastIndexOf(':') + 1)) - 1] = text;
  return lines;
}

/** Every file under a folder, in name order, with its path relative to the folder. */
async function filesUnder(folder: string): Promise<{ path: string; name: string }[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw unreadable(error, error.path ?? folder, 'documents folder', 'docs');
  });
  return entries
    .filter((e) => e.isFile())
    .map((e) => {
      const path = join(e.parentPath, e.name);
      return { path, name: relative(folder, path) };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The documents of -docs, split as -split says; what was skipped is reported on `err`. */
export async function collectDocuments(args: ParsedFlags, err: NodeJS.WritableStream): Promise<DocumentCollector> {
  const path = args.get('docs');
  if (!path) throw new UsageError('-docs PATH is required: a text file (one document a line, or -split paragraphs) or a folder of files.');
  const info = await stat(path).catch((error) => {
    throw unreadable(error, path, 'documents', 'docs');
  });
  const split = (args.get('split') ?? (info.isDirectory() ? 'files' : 'lines')) as SplitMode;
  const collector = new DocumentCollector(split);
  const files = info.isDirectory() ? await filesUnder(path) : [{ path, name: path }];
  for (const file of files)
    await collector
      .addStream(file.name, () => createReadStream(file.path))
      .catch((error) => {
        throw unreadable(error, file.path, 'document', 'docs');
      });
  err.write(`Documents: ${collector.describe()}\n`);
  if (collector.documents.length === 0) throw new Word2VecError('EMPTY_INPUT', `No documents with words in "${path}". Give -docs text files (or a folder of them).`);
  return collector;
}

/** The GPU -device asks for (auto: a hardware one), its notices on `err`; none for cpu. */
async function documentsGpu(device: DeviceChoice, err: NodeJS.WritableStream): Promise<GpuContext | undefined> {
  return acquireNodeGpu(device, (m) => err.write(`Note: ${inCliTerms(m)}\n`));
}

/** Embeds -docs with -vectors: the weighted means on the GPU where -device says (auto: a hardware one), else on this thread. */
/** -bag-share, when given: the hybrid's share for the bag of words. */
function bagShareFlag(args: ParsedFlags): { bagShare?: number } {
  const share = args.number('bag-share');
  return share === undefined ? {} : { bagShare: share };
}

async function buildIndex(args: ParsedFlags, err: NodeJS.WritableStream): Promise<DocumentIndex> {
  const method = args.get('method') as DocumentMethod | undefined;
  const device = args.get('device') as DeviceChoice;
  const collector = await collectDocuments(args, err);
  const background = await backgroundFlag(args, err);
  if (method === 'dbow') return trainDbowIndex(args, collector.documents, background, device, err);
  const kv = await readVectorsFlag(args);
  const gpu = await documentsGpu(device, err);
  const tokenizer = args.get('tokenize') as TokenizerName | undefined;
  const options = { method, background, ...bagShareFlag(args), ...(tokenizer ? { tokenizer } : {}) };
  if (!gpu) return DocumentIndex.build(kv, collector.documents, options);
  const means = await GpuDocumentMeans.create(gpu.device, kv.vectors, kv.vectorSize);
  try {
    return await DocumentIndex.buildBatched(kv, collector.documents, options, { weightedMeans: (docs, weights) => means.means(docs, weights) });
  } finally {
    means.destroy();
    gpu.destroy();
  }
}

/**
 * `-method dbow`: PV-DBOW trained on the documents (the -background texts first), on the GPU
 * where -device says; -vectors, when given, are where the documents' words start.
 */
async function trainDbowIndex(
  args: ParsedFlags,
  documents: readonly DocumentInput[],
  background: string[] | undefined,
  device: DeviceChoice,
  err: NodeJS.WritableStream,
): Promise<DocumentIndex> {
  const startFrom = args.get('vectors') ? await readVectorsFlag(args) : undefined;
  const size = args.number('size');
  if (startFrom && size !== undefined && size !== startFrom.vectorSize)
    throw new UsageError(`-size ${size} differs from the -vectors file's ${startFrom.vectorSize} values a word; leave -size out or give vectors of that size.`);
  const sampleFlag = args.get('sample');
  const sample = sampleFlag === undefined ? undefined : Number(sampleFlag);
  if (sample !== undefined && !(sample >= 0 && sample < 1)) throw new UsageError(`-sample takes a number from 0 (keep every word) to below 1, not ${sampleFlag}.`);
  const training = {
    vectorSize: startFrom?.vectorSize ?? size,
    sample,
    epochs: args.number('iter'),
    window: args.number('window'),
    negative: args.number('negative'),
    minCount: args.number('min-count'),
    trainWords: args.switch('dbow-words')!,
    seed: args.number('seed'),
    startFrom,
    threads: cpuThreads(args, err),
    spawnThread: spawnNodeKernelThread,
  };
  const gpu = await documentsGpu(device, err);
  try {
    const tokenizer = args.get('tokenize') as TokenizerName | undefined;
    const options = { background, training, inference: { sample }, ...(tokenizer ? { tokenizer } : {}) };
    return (await DocumentIndex.trainParagraphs(documents, options, gpu ? dbowOnGpu(gpu.device) : undefined)).index;
  } finally {
    gpu?.destroy();
  }
}

async function docs(args: ParsedFlags, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  if (args.words.length > 0) throw new UsageError(`docs takes no words ("${args.words[0]}"); give the documents with -docs.`);
  const format = args.get('format');
  const output = args.get('output');
  if (output)
    await checkOutputs(
      [{ flag: 'output', path: output }],
      (['vectors', 'docs', 'background'] as const).flatMap((f) => (args.get(f) ? [{ flag: f, path: args.get(f)! }] : [])),
    );
  const pairs = args.switch('pairs')!;
  if (pairs && format !== 'jsonl') throw new UsageError('-pairs 1 writes JSON lines; leave out -format word2vec (or -pairs).');
  const index = await buildIndex(args, err);
  if (index.method === 'hybrid' && format === 'word2vec' && !pairs)
    err.write('Note: -method hybrid scores with the SIF vectors and a TF-IDF bag of words; the word2vec layout holds the vectors only. -format jsonl writes both.\n');
  const encoder = new TextEncoder();
  const chunks =
    format === 'jsonl'
      ? (function* () {
          for (const line of pairs ? documentPairLines(index) : documentJsonLines(index)) yield encoder.encode(line);
        })()
      : word2vecChunks(new KeyedVectors(index.ids.map(documentKey), index.vectors, index.dim), { binary: args.get('binary') === '1' });
  if (output) await writeAtomically(output, chunks);
  else for (const chunk of chunks) out.write(chunk);
  return 0;
}

function hitsTable(hits: readonly DocumentHit[]): string {
  const width = Math.max(2, ...hits.map((h) => [...h.id].length));
  return `${'Score'.padEnd(8)}  ${'Id'.padEnd(width)}  Title\n${hits.map((h) => `${h.score.toFixed(4).padEnd(8)}  ${h.id.padEnd(width)}  ${h.title}`).join('\n')}\n`;
}

async function search(args: ParsedFlags, input: NodeJS.ReadableStream, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const json = args.get('json') === '1';
  const topn = args.number('topn') ?? 10;
  const like = args.get('like');
  if (like !== undefined && args.words.length > 0) throw new UsageError('search takes words or -like ID, not both.');
  const index = await buildIndex(args, err);
  const print = (query: string, hits: DocumentHit[]): void => {
    out.write(json ? `${JSON.stringify({ query, results: hits.map(({ id, title, score }) => ({ id, title, score })) })}\n` : `\nQuery: ${query}\n\n${hitsTable(hits)}`);
  };
  if (like !== undefined) {
    print(`like ${like}`, await index.similar(like, topn));
    return 0;
  }
  if (args.words.length > 0) {
    print(args.words.join(' '), await index.search(args.words.join(' '), topn));
    return 0;
  }
  return answerEachLine(input, out, err, 'Enter a query (EXIT to break): ', async (query) => print(query, await index.search(query, topn)));
}

/** `eval -docsim FILE -ratings FILE`: the document scores' correlation with the ratings. */
export async function documentSimilarityResult(kv: KeyedVectors, args: ParsedFlags, err: NodeJS.WritableStream): Promise<Record<string, unknown>> {
  const file = args.get('docsim')!;
  const ratingsFile = args.get('ratings');
  if (!ratingsFile) throw new UsageError('-docsim needs -ratings FILE: the human ratings of every pair (an n x n matrix), e.g. similarities0-1.txt.');
  await checkFile(ratingsFile, 'ratings file', 'ratings');
  const texts = Array.from(await readLines(file, 'documents file', 'docsim', err), (text) => text ?? '');
  const ratings = readRatings(
    await readFile(ratingsFile, 'utf8').catch((error) => {
      throw unreadable(error, ratingsFile, 'ratings file', 'ratings');
    }),
    texts.length,
  );
  const index = DocumentIndex.build(
    kv,
    texts.map((text, i) => ({ id: String(i + 1), text })),
    { method: args.get('method') as DocumentMethod | undefined, background: await backgroundFlag(args, err), ...bagShareFlag(args) },
  );
  return { file, ratings: ratingsFile, method: index.method, ...documentSimilarity((i, j) => index.score(i, j), ratings) };
}

/** Runs one of DOCUMENT_COMMANDS; returns the exit code. */
export async function runDocumentCommand(
  command: (typeof DOCUMENT_COMMANDS)[number],
  argv: readonly string[],
  input: NodeJS.ReadableStream,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const args = parseFlags(argv, DOCUMENT_FLAGS);
  return command === 'docs' ? docs(args, out, err) : search(args, input, out, err);
}
