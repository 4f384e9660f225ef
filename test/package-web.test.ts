// The web example (examples/web) as a user builds it: the package installed from its packed tarball,
// bundled by Vite, opened in Chromium; trained in the library's worker with trainInWorker, on WebGPU
// and, in a browser without WebGPU, on the CPU path's threads.
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import puppeteer, { type Browser } from 'puppeteer';
import type { build, preview, PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from './helpers/browser';
import { installFixture, packTarball } from './helpers/consumer';

const EXAMPLE = new URL('../examples/web/', import.meta.url).pathname;

/** Two paragraphs, each about its own pair of words. */
const TEXT = ['the king rules the land and the queen rules the land . '.repeat(200), 'the man walks to the river and the woman walks to the river . '.repeat(200)].join('\n\n');

let server: PreviewServer;
let origin: string;
let bundle: { file: string; gzip: number }[];

beforeAll(async () => {
  const project = installFixture(
    'web-consumer',
    packTarball().tarball,
    ['index.html', 'main.js', 'vite.config.js'].map((file) => [join(EXAMPLE, file), file] as const),
  );
  // The consumer's own Vite (installed from npm's cache), with the consumer's config.
  const { build: consumerBuild, preview: consumerPreview } = (await import(join(project, 'node_modules', 'vite', 'dist', 'node', 'index.js'))) as {
    build: typeof build;
    preview: typeof preview;
  };
  await consumerBuild({ root: project, logLevel: 'error' });
  const assets = join(project, 'dist', 'assets');
  bundle = readdirSync(assets).map((file) => ({ file, gzip: gzipSync(readFileSync(join(assets, file))).length }));
  server = await consumerPreview({ root: project, logLevel: 'error', preview: { port: 0, host: 'localhost' } });
  const address = server.httpServer.address();
  origin = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  if (server) await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
});

/** Opens the example, pastes the text, trains on `device`, asks for the words nearest "king" and searches for "queen". */
async function useExample(
  browser: Browser,
  device: 'gpu' | 'auto',
): Promise<{ adapter: boolean; device: string; status: string; nearest: string[]; found: string[]; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(origin);
  const adapter = await page.evaluate(async () => (await navigator.gpu?.requestAdapter()) != null);
  await page.$eval('#text', (e, text) => ((e as HTMLTextAreaElement).value = text), TEXT);
  await page.select('#device', device);
  await page.click('#train');
  await page.waitForSelector('#status[data-device]', { timeout: 300_000 }).catch(async () => {
    throw new Error(`The example did not train: "${await page.$eval('#status', (e) => e.textContent)}"; ${errors.join('; ')}`);
  });
  const trainedOn = await page.$eval('#status', (e) => (e as HTMLElement).dataset.device!);
  const status = await page.$eval('#status', (e) => e.textContent!);
  /** The lines the example shows for a query. */
  const answer = async (input: string, value: string, button: string): Promise<string[]> => {
    await page.$eval('#out', (e) => (e.textContent = ''));
    await page.type(input, value);
    await page.click(button);
    await page.waitForFunction(() => document.getElementById('out')!.textContent !== '', { timeout: 60_000 });
    return (await page.$eval('#out', (e) => e.textContent!)).split('\n');
  };
  const nearest = (await answer('#word', 'king', '#nearest')).map((line) => line.split(/\s+/)[0]!);
  const found = (await answer('#query', 'queen', '#search')).map((line) => line.replace(/^\S+\s+/, ''));
  await page.close();
  return { adapter, device: trainedOn, status, nearest, found, errors };
}

describe('the web example, built from the packed package', () => {
  it('bundles the library worker and its CPU threads: the page itself stays small', () => {
    const size = (pattern: RegExp): number => bundle.filter((b) => pattern.test(b.file)).reduce((n, b) => n + b.gzip, 0);
    const page = size(/^index-.*\.js$/);
    const worker = size(/^training-worker-.*\.js$/);
    const threads = size(/^kernel-thread-worker-.*\.js$/);
    console.log(
      `examples/web bundle (gzip): page ${(page / 1024).toFixed(1)} KiB, training worker ${(worker / 1024).toFixed(1)} KiB, CPU thread ${(threads / 1024).toFixed(1)} KiB`,
    );
    expect(page).toBeGreaterThan(0);
    expect(worker).toBeGreaterThan(page);
    expect(threads).toBeGreaterThan(0);
    expect(page).toBeLessThan(10 * 1024);
  });

  it('trains with trainInWorker on WebGPU, then answers nearest words and a document search', async () => {
    const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, protocolTimeout: 600_000 });
    try {
      // SwiftShader is a CPU emulation, which 'auto' passes over for the CPU path: the GPU is chosen.
      const used = await useExample(browser, 'gpu');
      expect(used.adapter).toBe(true);
      expect(used.errors).toEqual([]);
      expect(used.device).toBe('gpu');
      expect(used.nearest).toContain('queen');
      expect(used.found[0]).toMatch(/^the king rules/);
    } finally {
      await browser.close();
    }
  });

  it('trains on the CPU path, with a thread a core, in a browser without WebGPU', async () => {
    const withoutGpu = CHROMIUM_ARGS.filter((arg) => arg !== '--enable-unsafe-webgpu' && arg !== '--enable-features=Vulkan').concat('--disable-gpu');
    const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', args: withoutGpu, protocolTimeout: 600_000 });
    try {
      const used = await useExample(browser, 'auto');
      expect(used.adapter).toBe(false);
      expect(used.errors).toEqual([]);
      expect(used.device).toBe('cpu');
      // The example's server sends the cross-origin isolation headers: the CPU path has a thread a core.
      expect(Number(/on the CPU \((\d+) threads?\)/.exec(used.status)?.[1])).toBe(availableParallelism());
      expect(used.nearest).toContain('queen');
      expect(used.found[0]).toMatch(/^the king rules/);
    } finally {
      await browser.close();
    }
  });
});
