// The command line's one flag parser: each command declares its flags in a table (name, kind,
// default, repeatable), and every command's arguments are read, checked and refused the same way.
import { UsageError } from './usage-error';

/**
 * What a flag's value may be: a whole number (at least `min`), a decimal number, 0 or 1, one of
 * `choices`, or any text (a file, a word).
 */
export type FlagKind = 'whole' | 'real' | 'switch' | 'choice' | 'text';

export interface FlagSpec {
  kind: FlagKind;
  /** The value taken when the flag is not given, as it would be written. */
  default?: string;
  /** The smallest whole number taken. */
  min?: number;
  /** The values a 'choice' flag takes. */
  choices?: readonly string[];
  /** A value shown in messages ("needs a value, e.g. -size 5"); default: the default, else 5 or FILE. */
  example?: string;
  /** Whether the flag may be given more than once (each value is kept). */
  repeatable?: boolean;
}

export interface CommandFlags {
  /** The command's name, where messages should say it ("Unknown argument "-x" for phrases"). */
  command?: string;
  /** Whether words may stand among the flags (queries); else every argument is a flag and its value. */
  words: boolean;
  /** What an unknown flag's message adds: where to find the command's flags. */
  hint: string;
  flags: Readonly<Record<string, FlagSpec>>;
}

/** Where a command runs: `-device`. */
export const DEVICE_CHOICES = ['gpu', 'cpu', 'auto'] as const;

const WHOLE = /^[+]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function example(spec: FlagSpec): string {
  return spec.example ?? spec.default ?? (spec.kind === 'text' ? 'FILE' : spec.kind === 'choice' ? spec.choices![0]! : '5');
}

/** Why `value` is not a value of the flag written `flag`, or undefined when it is. */
function valueProblem(flag: string, spec: FlagSpec, value: string): string | undefined {
  switch (spec.kind) {
    case 'switch':
      return value === '0' || value === '1' ? undefined : `${flag} takes 0 or 1, not "${value}".`;
    case 'real':
      return DECIMAL.test(value) && Number.isFinite(Number(value)) ? undefined : `${flag} takes a decimal number such as ${example(spec)}, not "${value}".`;
    case 'choice':
      return spec.choices!.includes(value) ? undefined : `${flag} takes ${spec.choices!.join(', ')}, not ${value}.`;
    case 'whole':
      if (!WHOLE.test(value)) return `${flag} takes a whole number such as ${example(spec)}, not "${value}".`;
      return spec.min !== undefined && Number(value) < spec.min ? `${flag} takes a whole number, ${spec.min} or more, not ${value}.` : undefined;
    case 'text':
      return undefined;
  }
}

/** A command's arguments, read against its table: each flag's values (checked) and the words. */
export class ParsedFlags {
  constructor(
    private readonly table: CommandFlags,
    private readonly values: ReadonlyMap<string, readonly string[]>,
    readonly words: readonly string[],
  ) {}

  /** Whether the flag was given. */
  has(name: string): boolean {
    return this.values.has(name);
  }

  /** The flag's value as given, else its default. */
  get(name: string): string | undefined {
    return this.values.get(name)?.[0] ?? this.spec(name).default;
  }

  /** Every value of a repeatable flag, in order. */
  all(name: string): readonly string[] {
    return this.values.get(name) ?? [];
  }

  /** A numeric flag's value (whole, real or 0/1), else its default, else undefined. */
  number(name: string): number | undefined {
    const value = this.get(name);
    return value === undefined ? undefined : Number(value);
  }

  /** A 0/1 flag as a boolean, else undefined. */
  switch(name: string): boolean | undefined {
    const value = this.get(name);
    return value === undefined ? undefined : value === '1';
  }

  private spec(name: string): FlagSpec {
    const spec = this.table.flags[name];
    if (!spec) throw new Error(`no flag -${name} in this command's table`);
    return spec;
  }
}

/**
 * Reads `-flag value` pairs against `table`: `-x` and `--x` alike, every flag with a value. Where
 * the command takes words they may stand anywhere, a lone "-" is a word and "--" ends the flags.
 */
export function parseFlags(args: readonly string[], table: CommandFlags): ParsedFlags {
  const values = new Map<string, string[]>();
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (table.words && arg === '--') {
      words.push(...args.slice(i + 1));
      break;
    }
    const isFlag = arg.startsWith('-') && arg !== '-';
    if (table.words && !isFlag) {
      words.push(arg);
      continue;
    }
    const name = arg.replace(/^--?/, '');
    const spec = isFlag ? table.flags[name] : undefined;
    if (!spec) throw new UsageError(`Unknown ${table.words ? 'flag' : 'argument'} "${arg}"${table.command ? ` for ${table.command}` : ''}. ${table.hint}`);
    const value = args[++i];
    if (value === undefined) throw new UsageError(`${arg} needs a value, e.g. ${arg} ${example(spec)}.`);
    const problem = valueProblem(arg, spec, value);
    if (problem) throw new UsageError(problem);
    const given = values.get(name);
    if (given && !spec.repeatable) throw new UsageError(`${arg} is given twice (${given[0]} and ${value}). Give it once.`);
    values.set(name, [...(given ?? []), value]);
  }
  return new ParsedFlags(table, values, words);
}
