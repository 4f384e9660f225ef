// Where the benchmarks read their corpus from and write their results to.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** Scratch files of the benchmarks (ignored by git). */
export const WORK = 'bench/tmp';

/** Writes text8's first `chars` characters (from `data`, the shared data folder) under WORK; returns the file's path. */
export function text8Slice(data: string, chars: number): string {
  mkdirSync(WORK, { recursive: true });
  const path = `${WORK}/text8-${chars}.txt`;
  writeFileSync(path, gunzipSync(readFileSync(`${data}/corpora/text8.head.gz`)).subarray(0, chars));
  return path;
}

/** Saves a result as NAME-TIME.json: in $OUT where it is set (the GPU machine), else in bench/results/. Returns the path. */
export function saveResult(name: string, result: unknown): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const folder = process.env.OUT ?? 'bench/results';
  mkdirSync(folder, { recursive: true });
  const path = `${folder}/${name}-${stamp}.json`;
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
  return path;
}
