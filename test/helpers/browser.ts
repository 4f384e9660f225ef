import puppeteer, { type Browser, type Page } from 'puppeteer';
import { createServer, type ViteDevServer } from 'vite';

/** Debian's Chromium with WebGPU on (SwiftShader without a GPU), as the brief prescribes. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface BrowserSession {
  browser: Browser;
  server: ViteDevServer;
  /** http://localhost:PORT: a secure context, so navigator.gpu exists. */
  origin: string;
  /** Opens a page and records its console errors and page errors. */
  open(path: string): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function startBrowser(): Promise<BrowserSession> {
  const server = await createServer({ server: { port: 0, host: 'localhost' }, logLevel: 'error' });
  await server.listen();
  const address = server.httpServer!.address();
  const origin = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, protocolTimeout: 600_000 });
  return {
    browser,
    server,
    origin,
    async open(path) {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${origin}${path}`);
      return { page, errors };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
