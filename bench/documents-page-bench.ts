// How long the built page takes to embed and index 10,000 documents of about 200 words (the text8
// prefix in ../shared/data cut into pieces, one a line), and how long a search and a "more like this"
// take, as a visitor sees them: from the click to the results on screen. The vectors are trained
// here first (the page's default settings, 1 epoch on the same text) and loaded into the page as a
// file, so that only the documents are timed. The page runs on the CPU path (no GPU here).
// Prints one JSON line and saves it under bench/results/.
//
//   node --import ./bin/register.mjs bench/documents-page-bench.ts [--documents 10000] [--words 200] [--method hybrid]
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'puppeteer';
import { startBuiltSite } from '../test/helpers/built-page';
import { saveResult } from './bench-files';
import { machine } from './machine';
import { train, word2vecChunks } from '../src/internal';
import { spawnNodeKernelThread } from '../src/node';

const { values } = parseArgs({
  options: {
    documents: { type: 'string', default: '10000' },
    words: { type: 'string', default: '200' },
    method: { type: 'string', default: 'hybrid' },
  },
});
const count = Number(values.documents);
const perDocument = Number(values.words);
const words = gunzipSync(readFileSync('../shared/data/corpora/text8.head.gz')).toString('latin1').split(' ').filter(Boolean);
if (words.length < count * perDocument) throw new Error(`The text has ${words.length} words, fewer than ${count} x ${perDocument}.`);
const lines = Array.from({ length: count }, (_, d) => words.slice(d * perDocument, (d + 1) * perDocument).join(' '));
const scratch = mkdtempSync(join(tmpdir(), 'w2v-docs-bench-'));
const documentsPath = join(scratch, 'documents.txt');
writeFileSync(documentsPath, `${lines.join('\n')}\n`);

const model = await train(
  lines.join('\n'),
  { sg: 1, hs: 1, negative: 0, vectorSize: 100, window: 5, sample: 1e-4, alpha: 0.07, epochs: 1, tokenizer: 'unicode' },
  { device: 'cpu', threads: 2, spawnThread: spawnNodeKernelThread },
);
const vectorsPath = join(scratch, 'vectors.bin');
writeFileSync(vectorsPath, Buffer.concat([...word2vecChunks(model.wv, { binary: true })]));
const vocabulary = model.wv.size;
model.destroy();

async function upload(page: Page, selector: string, path: string): Promise<void> {
  const input = await page.$(selector);
  await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(path);
}

/** Milliseconds from clicking `button` to `#docs-found` changing (the results are drawn in the same task). */
function clickToResults(page: Page, button: string): Promise<number> {
  return page.evaluate(async (selector) => {
    const found = document.getElementById('docs-found')!;
    const before = found.textContent;
    const start = performance.now();
    (document.querySelector(selector) as HTMLButtonElement).click();
    while (found.textContent === before) await new Promise((resolve) => setTimeout(resolve, 1));
    return performance.now() - start;
  }, button);
}

const site = await startBuiltSite();
try {
  const opened = await site.open('/');
  await opened.ready();
  const { page } = opened;
  await upload(page, '#load-vectors', vectorsPath);
  await page.waitForFunction(() => /^Loaded vectors\.bin/.test(document.getElementById('status')!.textContent ?? ''), { timeout: 120_000 });
  await page.waitForFunction(() => !(document.getElementById('docs-paste') as HTMLButtonElement).disabled);
  await page.select('#docs-split', 'lines');
  await page.select('#docs-method', values.method!);
  const start = performance.now();
  await upload(page, '#docs-files', documentsPath);
  // What the page says meanwhile, every 5 s (a run that stalls shows where).
  const poll = setInterval(
    async () => console.error(await page.$eval('#status', (e) => e.textContent).catch(() => '?'), await page.$eval('#docs-summary', (e) => e.textContent).catch(() => '?')),
    5000,
  );
  await page.waitForFunction(
    () => /Embedded and indexed in \d+ ms/.test(document.getElementById('docs-summary')!.textContent ?? '') || document.getElementById('docs-error')!.textContent,
    { timeout: 600_000 },
  );
  const failed = await page.$eval('#docs-error', (e) => e.textContent ?? '');
  if (failed) throw new Error(`The page said: ${failed}`);
  clearInterval(poll);
  const secondsToIndexed = (performance.now() - start) / 1000;
  const summary = await page.$eval('#docs-summary', (e) => e.textContent ?? '');
  await page.waitForFunction(() => !(document.getElementById('docs-paste') as HTMLButtonElement).disabled, { timeout: 600_000 });
  const queries = ['the history of the roman empire', 'football world cup', 'quantum mechanics and relativity', 'music of the baroque era', 'computer programming languages'];
  const searchMs: number[] = [];
  const rankedMs: number[] = [];
  for (const query of queries) {
    await page.$eval('#docs-query', (e, q) => ((e as HTMLInputElement).value = q), query);
    searchMs.push(await clickToResults(page, '#docs-search-form button'));
    rankedMs.push(Number(/ranked in ([\d.]+) ms/.exec(await page.$eval('#docs-found', (e) => e.textContent ?? ''))![1]));
  }
  const likeMs: number[] = [];
  for (let i = 0; i < 3; i++) likeMs.push(await clickToResults(page, `#docs-results li:nth-child(${i + 1}) button:nth-of-type(2)`));
  const topTitles = await page.$$eval('#docs-results li strong', (items) => items.slice(0, 3).map((e) => e.textContent));
  const result = {
    documents: count,
    wordsPerDocument: perDocument,
    method: values.method,
    vocabulary,
    secondsToIndexed: Number(secondsToIndexed.toFixed(2)),
    summary,
    searchMs: searchMs.map((ms) => Number(ms.toFixed(1))),
    rankedMs,
    moreLikeThisMs: likeMs.map((ms) => Number(ms.toFixed(1))),
    topTitles,
    errors: opened.errors,
    machine: machine(),
  };
  console.log(JSON.stringify(result));
  console.log(`Saved ${saveResult('documents-page', result)}`);
  await page.close();
} finally {
  await site.close();
}
