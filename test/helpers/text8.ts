import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** The first `chars` characters of text8 (Wikipedia), from the data beside the checkout (docs/benchmarks.md, Data). */
export function text8(chars: number): string {
  return gunzipSync(readFileSync(new URL('../../../shared/data/corpora/text8.head.gz', import.meta.url)))
    .subarray(0, chars)
    .toString('latin1');
}
