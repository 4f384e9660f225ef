// The command line's flag parsing for the commands that are not training: `-flag value` pairs
// among words, checked against the flags each command takes.
import type { KeyedVectors } from '../search/keyed-vectors';
import { readVectors } from '../search/read-vectors';
import { checkFile, openInput } from './files';
import { UsageError } from './usage-error';

/** The flags a command takes: those with whole-number values, those with text, those it takes more than once. */
export interface FlagSet {
  numeric: ReadonlySet<string>;
  text: ReadonlySet<string>;
  repeatable: ReadonlySet<string>;
}

export interface QueryArgs {
  flags: Map<string, string[]>;
  words: string[];
}

/** `-flag value` pairs (in any order with the words); `--` ends the flags. */
export function parseQueryArgs(args: readonly string[], known: FlagSet): QueryArgs {
  const flags = new Map<string, string[]>();
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      words.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      words.push(arg);
      continue;
    }
    const name = arg.replace(/^--?/, '');
    if (!known.numeric.has(name) && !known.text.has(name))
      throw new UsageError(`Unknown flag "${arg}". Run webgpu-word2vec --help for the query flags (put "--" before words that start with "-").`);
    const value = args[++i];
    if (value === undefined) throw new UsageError(`${arg} needs a value, e.g. ${arg} ${known.numeric.has(name) ? '10' : 'FILE'}.`);
    if (known.numeric.has(name) && !/^[+]?\d+$/.test(value)) throw new UsageError(`${arg} takes a whole number such as 10, not "${value}".`);
    if (flags.has(name) && !known.repeatable.has(name)) throw new UsageError(`${arg} is given twice; give it once.`);
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { flags, words };
}

export function flag(args: QueryArgs, name: string): string | undefined {
  return args.flags.get(name)?.[0];
}

export function wholeNumber(args: QueryArgs, name: string, min: number): number | undefined {
  const value = flag(args, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`-${name} takes a whole number, ${min} or more, not ${value}.`);
  return n;
}

/** Reads -vectors (with -binary and -limit). */
export async function readVectorsFlag(args: QueryArgs): Promise<KeyedVectors> {
  const path = flag(args, 'vectors');
  if (!path) throw new UsageError('-vectors FILE is required: the word vectors to query.');
  const binary = flag(args, 'binary');
  if (binary !== undefined && binary !== '0' && binary !== '1') throw new UsageError(`-binary takes 0 (text) or 1 (binary), not ${binary}.`);
  await checkFile(path, 'vectors file', 'vectors');
  return readVectors(await openInput(path, 'vectors file', 'vectors'), {
    binary: binary === undefined ? undefined : binary === '1',
    limit: wholeNumber(args, 'limit', 1),
    name: path,
  });
}
