// Runs the built command line as a child process, for the CLI tests.
import { execFile } from 'node:child_process';

const BIN = new URL('../../bin/webgpu-word2vec.js', import.meta.url).pathname;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `webgpu-word2vec ARGS`, with `input` on stdin and `env` added to the environment. */
export function cli(args: string[], options: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...options.env }, timeout: options.timeoutMs ?? 300_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
    child.stdin!.end(options.input ?? '');
  });
}
