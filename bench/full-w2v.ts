// FULL-W2V (Randall et al., ICS'21; Apache-2.0), the fastest published CUDA word2vec, as a peer
// where CUDA is: its source is ../shared/peers/FULL-W2V.tar.gz, built with nvcc as ../shared/GPU.md
// shows. It takes the C tool's flags and prints its own words/s. Skip-gram only.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';

const root = 'bench/tmp/full-w2v';
const binary = `${root}/FULL-W2V/src/FULL-W2V/full-w2v`;

/** Whether nvcc (and so a CUDA build of the peer) is on this machine. */
export function hasCuda(): boolean {
  try {
    execFileSync('nvcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Builds FULL-W2V (once) for Hopper (sm_90) and returns its path. */
export function buildFullW2v(peers = '../shared/peers'): string {
  if (existsSync(binary)) return binary;
  mkdirSync(root, { recursive: true });
  execFileSync('tar', ['-xzf', `${peers}/FULL-W2V.tar.gz`, '-C', root], { stdio: 'inherit' });
  const dir = `${root}/FULL-W2V/src/FULL-W2V`;
  const script = [
    'g++ generate_expTable_h.cpp -o geT_h -lm -O3 -fopenmp && ./geT_h 1000 > expTable.h',
    'nvcc FULL-W2V-driver.cu -o full-w2v -std=c++14 -O3 -arch=sm_90 -Xptxas -dlcm=ca -Xcompiler "-fopenmp -O3 -march=native" -lm -lcuda -lcudart',
  ].join(' && ');
  execFileSync('sh', ['-c', script], { cwd: dir, stdio: 'inherit' });
  return binary;
}

export interface FullW2vRun {
  words_per_sec: number;
  wall_seconds: number;
}

/** Trains with the C tool's flags (each as `-name value`) and writes the vectors; the words/s is FULL-W2V's own figure. */
export function trainWithFullW2v(flags: Record<string, string | number>, output: string): FullW2vRun {
  const tool = buildFullW2v();
  const args = Object.entries(flags).flatMap(([name, value]) => [`-${name}`, String(value)]);
  const started = performance.now();
  const stdout = execFileSync(tool, [...args, '-output', output], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  const wordsPerSec = Number(/Overall Words Per Second: ([\d.]+)/.exec(stdout)?.[1] ?? NaN);
  return { words_per_sec: Math.round(wordsPerSec), wall_seconds: (performance.now() - started) / 1000 };
}
