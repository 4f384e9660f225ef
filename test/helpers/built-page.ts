import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer';
import { build, preview, type PreviewServer } from 'vite';
import { CHROMIUM_ARGS } from './browser';

/** One page of the built site, with what it asked the network for and what it logged as errors. */
export interface OpenedPage {
  page: Page;
  /** Every request the page made (as the browser reports them), with whether it came after `data-state="ready"`. */
  requests: { url: string; afterReady: boolean }[];
  errors: string[];
  /** Where downloads land. */
  downloads: string;
  /** Resolves once the page has loaded everything and says so (`body[data-state=ready]`). */
  ready(): Promise<void>;
}

export interface BuiltSite {
  origin: string;
  /** Every path the server was asked for, by the page or its worker. */
  served: string[];
  browser: Browser;
  open(path?: string, options?: { beforeLoad?: (page: Page) => Promise<unknown> }): Promise<OpenedPage>;
  close(): Promise<void>;
}

/** Builds the page with Vite (as `npm run build` does), serves the build, and drives it in Debian's Chromium. */
export async function startBuiltSite(): Promise<BuiltSite> {
  const outDir = mkdtempSync(join(tmpdir(), 'w2v-site-'));
  await build({ logLevel: 'error', build: { outDir, emptyOutDir: true } });
  const server: PreviewServer = await preview({ logLevel: 'error', build: { outDir }, preview: { port: 0, host: 'localhost' } });
  const address = server.httpServer.address();
  const origin = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
  const served: string[] = [];
  server.httpServer.on('request', (request: { url?: string }) => served.push(request.url ?? ''));
  const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, protocolTimeout: 600_000 });
  const downloadsRoot = mkdtempSync(join(tmpdir(), 'w2v-downloads-'));
  return {
    origin,
    served,
    browser,
    async open(path = '/', options = {}) {
      const page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 800 });
      const requests: OpenedPage['requests'] = [];
      const errors: string[] = [];
      let isReady = false;
      await page.exposeFunction('__markReady', () => (isReady = true));
      const record = (request: HTTPRequest): void => void requests.push({ url: request.url(), afterReady: isReady });
      page.on('request', record);
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      const cdp = await page.createCDPSession();
      const downloads = mkdtempSync(join(downloadsRoot, 'page-'));
      await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
      await options.beforeLoad?.(page);
      await page.goto(`${origin}${path}`);
      return {
        page,
        requests,
        errors,
        downloads,
        async ready() {
          await page.waitForSelector('body[data-state="ready"], body[data-state="failed"]', { timeout: 120_000 });
          await page.evaluate('window.__markReady()');
        },
      };
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
      rmSync(outDir, { recursive: true, force: true });
      rmSync(downloadsRoot, { recursive: true, force: true });
    },
  };
}
