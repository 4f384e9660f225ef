// How long a first visit takes on the built page: load, train on the sample with the default settings,
// the first nearest words, and an analogy answered. Prints one JSON line.
// node --import ./bin/register.mjs bench/page-bench.ts
import { startBuiltSite } from '../test/helpers/built-page';

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
  const nearestToWar = await page.$$eval('#nn-results li', (items) => items.slice(0, 5).map((li) => li.textContent));
  await page.click('#analogy-form button');
  await page.waitForFunction(() => document.querySelectorAll('#an-results li').length === 5);
  const analogy = seconds();
  const gpu = await page.$eval('#gpu-message', (e) => e.textContent);
  console.log(JSON.stringify({ gpu, status, secondsToReady: ready, secondsToTrained: trained, secondsToNeighbours: neighbours, secondsToAnalogy: analogy, nearestToWar }));
} finally {
  await site.close();
}
