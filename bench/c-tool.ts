// The reference C word2vec (tmikolov), as a peer: its source ships in the npm package `word2vec`
// (a devDependency; its own install script, which would build it, does not run under npm 11), so
// this compiles it with gcc and the flags of its makefile, then times it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const binary = 'bench/tmp/word2vec-c';

/** Builds the C tool (once) and returns its path. */
export function buildCTool(): string {
  if (!existsSync(binary)) {
    const source = join(dirname(createRequire(import.meta.url).resolve('word2vec/package.json')), 'src/word2vec.c');
    execFileSync('gcc', [source, '-o', binary, '-lm', '-pthread', '-O3', '-march=native', '-Wall', '-funroll-loops', '-Wno-unused-result', '-fno-stack-protector'], {
      stdio: 'inherit',
    });
  }
  return binary;
}

export interface CToolRun {
  vocabulary_size: number;
  corpus_words: number;
  words_trained: number;
  /** Training words per second of wall time, the vocabulary pass excluded. */
  words_per_sec: number;
  /** The C tool's vocabulary pass alone (read, count, sort), timed in a run without -output. */
  prepare_seconds: number;
  train_seconds: number;
  wall_seconds: number;
}

function timed(args: string[]): { seconds: number; stdout: string } {
  const tool = buildCTool(); // before the clock starts
  const started = performance.now();
  const stdout = execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  return { seconds: (performance.now() - started) / 1000, stdout };
}

/**
 * Trains with the C tool's flags (each as `-name value`) and writes the vectors; times the
 * vocabulary pass separately (the C tool stops after it when given no -output).
 */
export function trainWithCTool(flags: Record<string, string | number>, output: string): CToolRun {
  const args = Object.entries(flags).flatMap(([name, value]) => [`-${name}`, String(value)]);
  const vocabularyPass = timed(['-train', String(flags.train), '-min-count', String(flags['min-count'] ?? 5)]);
  const run = timed([...args, '-output', output]);
  const count = (label: string): number => Number(new RegExp(`${label}: (\\d+)`).exec(run.stdout)?.[1] ?? NaN);
  const corpusWords = count('Words in train file');
  const trainSeconds = run.seconds - vocabularyPass.seconds;
  const wordsTrained = corpusWords * Number(flags.iter ?? 5);
  return {
    // The C tool counts </s>, which it never trains; the other engines do not list it.
    vocabulary_size: count('Vocab size') - 1,
    corpus_words: corpusWords,
    words_trained: wordsTrained,
    words_per_sec: Math.round(wordsTrained / trainSeconds),
    prepare_seconds: vocabularyPass.seconds,
    train_seconds: trainSeconds,
    wall_seconds: run.seconds,
  };
}
