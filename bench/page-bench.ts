// How long a first visit takes on the built page: load, train on the sample with the default settings,
// the first worked example's nearest words, the page's own evaluation (its scores too), and the
// analogy example answered. With a file, also how long the page takes to read it
// (tokenize, count, encode in the worker) and the slowest answer of the page's main thread meanwhile.
// Before and after, it times the page's default training on this machine outside the page (the CPU
// path, one thread, on the sample's first 3M characters, one epoch), since this machine's speed
// drifts between runs: the page's time is to be read beside those.
// Prints one JSON line and saves it under bench/results/.
// node --import ./bin/register.mjs bench/page-bench.ts [big.txt]
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { startBuiltSite } from '../test/helpers/built-page';
import { saveResult } from './bench-files';
import { machine } from './machine';
import { train } from '../src/internal';

const calibrationText = gunzipSync(readFileSync('public/corpus/text8-10M.txt.gz')).subarray(0, 3_000_000).toString('latin1');
/** Words/s of the page's default settings on one CPU thread, outside the page. */
async function calibrate(): Promise<number> {
  const model = await train(calibrationText, { sg: 1, hs: 1, negative: 0, vectorSize: 100, window: 5, sample: 1e-4, alpha: 0.07, epochs: 1 }, { device: 'cpu', threads: 1 });
  model.destroy();
  return Math.round(model.report.wordsPerSec);
}

const calibrationBefore = await calibrate();
const site = await startBuiltSite();
try {
  const start = performance.now();
  const seconds = (): number => Number(((performance.now() - start) / 1000).toFixed(1));
  const opened = await site.open('/');
  await opened.ready();
  const ready = seconds();
  const { page } = opened;
  await page.click('#train');
  await page.waitForFunction(() => /^Trained|^Stopped/.test(document.getElementById('status')!.textContent ?? ''), { timeout: 600_000 });
  const trained = seconds();
  const status = await page.$eval('#status', (e) => e.textContent);
  await page.waitForFunction(() => document.querySelectorAll('#nn-results li').length === 10);
  const neighbours = seconds();
  const nearest = await page.$$eval('#nn-results li', (items) => items.map((li) => li.textContent));
  await page.waitForFunction(() => /^Analogies/.test(document.getElementById('eval-result')!.textContent ?? ''), { timeout: 600_000 });
  const evaluated = seconds();
  const evaluation = await page.$eval('#eval-result', (e) => e.textContent);
  await page.waitForFunction(() => !(document.getElementById('analogy-form')!.querySelector('button') as HTMLButtonElement).disabled);
  const [, analogyExample] = await page.$$('#examples button');
  await analogyExample!.click();
  await page.waitForFunction(() => document.querySelectorAll('#an-results li').length === 5);
  const analogy = seconds();
  const gpu = await page.$eval('#gpu-message', (e) => e.textContent);
  const result: Record<string, unknown> = {
    gpu,
    status,
    secondsToReady: ready,
    secondsToTrained: trained,
    secondsToNeighbours: neighbours,
    secondsToEvaluated: evaluated,
    secondsToAnalogy: analogy,
    nearest,
    evaluation,
    analogy: await page.$$eval('#an-results li', (items) => items.map((li) => li.textContent)),
  };

  const file = process.argv[2];
  if (file) {
    const picker = (await page.$('#corpus-files')) as unknown as { uploadFile(path: string): Promise<void> };
    const readStart = performance.now();
    await picker.uploadFile(file);
    let slowestMs = 0;
    for (let done = false; !done; await new Promise((r) => setTimeout(r, 100))) {
      const asked = performance.now();
      done = await page.evaluate(() => !!(document.getElementById('corpus-summary')!.textContent || document.getElementById('source-error')!.textContent));
      slowestMs = Math.max(slowestMs, performance.now() - asked);
    }
    Object.assign(result, {
      file,
      secondsToReadFile: Number(((performance.now() - readStart) / 1000).toFixed(1)),
      slowestMainThreadAnswerMs: Math.round(slowestMs),
      summary: await page.$eval('#corpus-summary', (e) => e.textContent),
      error: await page.$eval('#source-error', (e) => e.textContent),
    });
  }
  result.cpuPathOneThreadWordsPerSec = { before: calibrationBefore, after: await calibrate() };
  console.log(JSON.stringify(result));
  console.log(`Saved ${saveResult('page', { ...result, machine: machine() })}`);
} finally {
  await site.close();
}
