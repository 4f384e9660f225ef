// Draws a sweep result (bench/sweep.ts) as a PNG next to it: words/sec against vector size, one line per
// engine, vocabulary and corpus size, log scale; drawn with uPlot in headless Chromium.
//
//   node --import ./bin/register.mjs bench/sweep-chart.ts bench/results/sweep-....json
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer';
import { CHROMIUM_ARGS } from '../test/helpers/browser';

interface Row {
  engine: string;
  vector_size: number;
  corpus: { words: number; vocabulary: number };
  adapter?: { description: string; vendor: string; architecture: string };
  words_per_sec?: number;
}

const path = process.argv[2];
if (!path) throw new Error('Give the sweep JSON file: bench/sweep-chart.ts bench/results/sweep-....json');
const result = JSON.parse(readFileSync(path, 'utf8')) as { machine: { cpus: number; cpu_model: string }; rows: Row[] };
const sizes = [...new Set(result.rows.map((r) => r.vector_size))].sort((a, b) => a - b);
const lines = new Map<string, (number | null)[]>();
for (const row of result.rows) {
  const where = !row.adapter
    ? 'failed'
    : row.engine === 'cpu'
      ? row.adapter.description
      : `GPU: ${row.adapter.vendor} ${row.adapter.architecture} ${row.adapter.description}`.trim();
  const name = `${where}, V=${row.corpus.vocabulary.toLocaleString('en')}, N=${row.corpus.words.toLocaleString('en')}`;
  if (!lines.has(name))
    lines.set(
      name,
      sizes.map(() => null),
    );
  lines.get(name)![sizes.indexOf(row.vector_size)] = row.words_per_sec ?? null;
}
const title = `words/sec, 1 epoch, Zipf corpora (${result.machine.cpus} x ${result.machine.cpu_model})`;

const require = createRequire(import.meta.url);
const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1000, height: 620 });
  await page.setContent('<body style="margin:0;background:#fff;font:14px sans-serif"><div id="chart"></div></body>');
  await page.addStyleTag({ path: require.resolve('uplot/dist/uPlot.min.css') });
  await page.addScriptTag({ path: require.resolve('uplot/dist/uPlot.iife.min.js') });
  const colours = ['#1f5fbf', '#b3261e', '#2e7d32', '#c75b00', '#6a1b9a', '#00838f', '#5d4037', '#455a64'];
  // A string, not a function: the TypeScript loader would add helpers that do not exist in the page.
  const options = {
    title,
    width: 1000,
    height: 600,
    scales: { x: { time: false }, y: { distr: 3 } },
    axes: [{ label: 'vector size' }, { label: 'words/sec', size: 80 }],
    legend: { live: false },
    series: [
      { label: 'vector size' },
      ...[...lines.keys()].map((label, i) => ({
        label,
        stroke: colours[i % colours.length],
        width: 2,
        points: { show: true, size: 7 },
        dash: i >= colours.length ? [6, 4] : undefined,
      })),
    ],
  };
  await page.evaluate(`new uPlot(${JSON.stringify(options)}, ${JSON.stringify([sizes, ...lines.values()])}, document.getElementById('chart'))`);
  const out = path.replace(/\.json$/, '.png');
  await (await page.$('#chart'))!.screenshot({ path: out });
  console.log(`Saved ${out}`);
} finally {
  await browser.close();
}
