// Phrases against the C tool's word2phrase (its source ships in the npm package `word2vec`, built
// here with gcc): both rewrite the text8 slice with the same settings, then the joined tokens are
// compared (how many, and how many differ as multisets) and both are timed. Prints one JSON object
// and saves it under bench/results/.
//
//   node --import ./bin/register.mjs bench/phrases-bench.ts [--chars 10000000] [--threshold 100] [--min-count 5]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { saveResult, text8Slice, WORK } from './bench-files';
import { machine } from './machine';

const { values } = parseArgs({
  options: {
    chars: { type: 'string', default: '10000000' },
    threshold: { type: 'string', default: '100' },
    'min-count': { type: 'string', default: '5' },
    data: { type: 'string', default: '../shared/data' },
  },
});
const corpus = text8Slice(values.data!, Number(values.chars));

const tool = `${WORK}/word2phrase-c`;
if (!existsSync(tool)) {
  const source = join(dirname(createRequire(import.meta.url).resolve('word2vec/package.json')), 'src/word2phrase.c');
  execFileSync('gcc', [source, '-o', tool, '-lm', '-pthread', '-O3', '-march=native', '-Wall', '-funroll-loops', '-Wno-unused-result'], { stdio: 'inherit' });
}
const settings = ['-min-count', values['min-count']!, '-threshold', values.threshold!, '-debug', '0'];
const timed = (command: string, args: string[]): number => {
  const started = performance.now();
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  return (performance.now() - started) / 1000;
};
const cOut = `${WORK}/phrases-c.txt`;
const ourOut = `${WORK}/phrases-ours.txt`;
const cSeconds = timed(tool, ['-train', corpus, '-output', cOut, ...settings]);
const ourSeconds = timed(process.execPath, ['bin/webgpu-word2vec.js', 'phrases', '-train', corpus, '-output', ourOut, ...settings]);

function joinedTokens(path: string): { tokens: number; joined: Map<string, number>; joinedCount: number } {
  const joined = new Map<string, number>();
  let tokens = 0;
  let joinedCount = 0;
  for (const token of readFileSync(path, 'utf8').split(/\s+/)) {
    if (token === '') continue;
    tokens++;
    if (!token.includes('_')) continue;
    joinedCount++;
    joined.set(token, (joined.get(token) ?? 0) + 1);
  }
  return { tokens, joined, joinedCount };
}
const c = joinedTokens(cOut);
const ours = joinedTokens(ourOut);
let differing = 0;
for (const phrase of new Set([...c.joined.keys(), ...ours.joined.keys()])) differing += Math.abs((c.joined.get(phrase) ?? 0) - (ours.joined.get(phrase) ?? 0));
const result = {
  what: "webgpu-word2vec phrases vs the C tool's word2phrase, same settings, text8 slice",
  chars: Number(values.chars),
  threshold: Number(values.threshold),
  min_count: Number(values['min-count']),
  c_tokens: c.tokens,
  our_tokens: ours.tokens,
  c_joined_tokens: c.joinedCount,
  our_joined_tokens: ours.joinedCount,
  c_phrase_types: c.joined.size,
  our_phrase_types: ours.joined.size,
  /** Joined tokens in one output and not the other (multiset difference), over the C tool's joined tokens. */
  differing_share: differing / c.joinedCount,
  identical_output: readFileSync(cOut).equals(readFileSync(ourOut)),
  c_seconds: cSeconds,
  our_seconds: ourSeconds,
  machine: machine(),
};
console.log(JSON.stringify(result, null, 2));
console.log(`Saved ${saveResult('phrases', result)}`);
