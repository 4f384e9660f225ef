import { createInterface } from 'node:readline';
import { Word2VecError } from '../core/errors';
import { inCliTerms } from './cli-terms';

/** Whether a command's stdin is a terminal (then it prompts, and a bad line is not an exit code). */
export function isTerminal(input: NodeJS.ReadableStream): boolean {
  return (input as NodeJS.ReadStream).isTTY === true;
}

/**
 * Answers each line of stdin (trimmed; blank lines skipped; EXIT ends it), writing `prompt` before
 * each on a terminal. A line whose answer fails with a Word2VecError is reported on `err` and the
 * next one read. Returns the exit code: 1 when a line failed and stdin is not a terminal, else 0.
 */
export async function answerEachLine(
  input: NodeJS.ReadableStream,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  prompt: string,
  answer: (line: string) => Promise<void>,
): Promise<number> {
  const tty = isTerminal(input);
  let failed = 0;
  if (tty) out.write(prompt);
  for await (const raw of createInterface({ input, terminal: false })) {
    const line = raw.trim();
    if (line === 'EXIT') break;
    if (line !== '') {
      try {
        await answer(line);
      } catch (error) {
        if (!(error instanceof Word2VecError)) throw error;
        err.write(`Error: ${inCliTerms(error.message)}\n`);
        failed++;
      }
    }
    if (tty) out.write(prompt);
  }
  return failed > 0 && !tty ? 1 : 0;
}
