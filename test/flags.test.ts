import { describe, expect, it } from 'vitest';
import { type CommandFlags, parseFlags } from '../src/cli/flags';
import { UsageError } from '../src/cli/usage-error';

const TRAINING: CommandFlags = {
  words: false,
  hint: 'Run it with no arguments for the list of flags.',
  flags: {
    train: { kind: 'text' },
    size: { kind: 'whole' },
    alpha: { kind: 'real', example: '0.025' },
    cbow: { kind: 'switch', default: '1' },
    device: { kind: 'choice', choices: ['gpu', 'cpu', 'auto'], default: 'auto' },
  },
};

const QUERY: CommandFlags = {
  command: 'similar',
  words: true,
  hint: 'Run it with --help.',
  flags: { topn: { kind: 'whole', min: 1, example: '10' }, pairs: { kind: 'text', repeatable: true } },
};

describe('the flag parser: one table per command', () => {
  const accepted: [string, CommandFlags, string[], (f: ReturnType<typeof parseFlags>) => unknown, unknown][] = [
    ['a text flag', TRAINING, ['-train', 'in.txt'], (f) => f.get('train'), 'in.txt'],
    ['two dashes as one', TRAINING, ['--train', 'in.txt'], (f) => f.get('train'), 'in.txt'],
    ['a whole number', TRAINING, ['-size', '+50'], (f) => f.number('size'), 50],
    ['a decimal number with an exponent', TRAINING, ['-alpha', '2.5e-2'], (f) => f.number('alpha'), 0.025],
    ['a switch', TRAINING, ['-cbow', '0'], (f) => f.switch('cbow'), false],
    ['a default when absent', TRAINING, [], (f) => [f.get('device'), f.switch('cbow'), f.has('cbow')], ['auto', true, false]],
    ['a value that starts with a dash', TRAINING, ['-train', '-'], (f) => f.get('train'), '-'],
    ['words among the flags', QUERY, ['king', '-topn', '3', 'queen'], (f) => [f.words, f.number('topn')], [['king', 'queen'], 3]],
    ['a lone dash as a word', QUERY, ['-'], (f) => f.words, ['-']],
    ['words after --', QUERY, ['--', '-topn', 'x'], (f) => f.words, ['-topn', 'x']],
    ['a repeatable flag, in order', QUERY, ['-pairs', 'a', '-pairs', 'b'], (f) => f.all('pairs'), ['a', 'b']],
  ];
  for (const [name, table, args, read, expected] of accepted) {
    it(`reads ${name}`, () => {
      expect(read(parseFlags(args, table))).toEqual(expected);
    });
  }

  const refused: [string, CommandFlags, string[], string][] = [
    ['an unknown flag of a command without words', TRAINING, ['-bogus', '1'], 'Unknown argument "-bogus". Run it with no arguments for the list of flags.'],
    ['a word where a flag must stand', TRAINING, ['in.txt'], 'Unknown argument "in.txt". Run it with no arguments for the list of flags.'],
    ['an unknown flag of a command with words', QUERY, ['-top', '3'], 'Unknown flag "-top" for similar. Run it with --help.'],
    ['a flag without its value', TRAINING, ['-size'], '-size needs a value, e.g. -size 5.'],
    ['a text flag without its value', TRAINING, ['-train'], '-train needs a value, e.g. -train FILE.'],
    ['an empty number', TRAINING, ['-size', ''], '-size takes a whole number such as 5, not "".'],
    ['a hexadecimal number', TRAINING, ['-size', '0x10'], '-size takes a whole number such as 5, not "0x10".'],
    ['a number below the least', QUERY, ['-topn', '0'], '-topn takes a whole number, 1 or more, not 0.'],
    ['a real that is not decimal', TRAINING, ['-alpha', '0x1'], '-alpha takes a decimal number such as 0.025, not "0x1".'],
    ['a real too large for a number', TRAINING, ['-alpha', '1e999'], '-alpha takes a decimal number such as 0.025, not "1e999".'],
    ['a switch other than 0 or 1', TRAINING, ['-cbow', '2'], '-cbow takes 0 or 1, not "2".'],
    ['a choice not offered', TRAINING, ['-device', 'tpu'], '-device takes gpu, cpu, auto, not tpu.'],
    ['a flag given twice', TRAINING, ['-size', '2', '-size', '3'], '-size is given twice (2 and 3). Give it once.'],
  ];
  for (const [name, table, args, message] of refused) {
    it(`refuses ${name}, saying what to do`, () => {
      const attempt = (): unknown => parseFlags(args, table);
      expect(attempt).toThrow(UsageError);
      expect(attempt).toThrow(message);
    });
  }

  it('refuses to read a flag the table does not have: a mistake in the command, not in its input', () => {
    expect(() => parseFlags([], TRAINING).get('sizes')).toThrow('no flag -sizes');
  });
});
