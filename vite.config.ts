import { defineConfig, type Plugin } from 'vitest/config';

/**
 * The page's Content Security Policy: scripts, workers, styles and fetches from the page's own origin only,
 * and the compiling of WebAssembly (the CPU path's SIMD kernels, which are bundled with the scripts).
 * Sent as a header (which is what covers the worker's own requests) and written into index.html as a
 * meta tag (which holds wherever the built page is hosted).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Cross-origin isolation as well: it gives the page SharedArrayBuffer, and so the CPU path its threads. */
const securityHeaders = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
  };
}

/** The test projects: each a kind of machine work, so that the fast ones can run alone. */
const TEST_PROJECTS: Record<string, string[]> = {
  unit: ['test/*.test.ts'],
  /** The GPU kernels against their twins, in Node (Dawn on SwiftShader without a GPU). */
  kernels: ['test/{kernels,gpu-kernel,document-gpu,similarity,rng,training,word-classes,threads}.test.ts'],
  /** The command line, run as a user runs it, and its files. */
  cli: ['test/{cli,query-cli,document-cli,c-tool-commands,hardening,output-files,format,queries,bad-input}.test.ts'],
  /** The page and the kernels in Chromium. */
  browser: ['test/{page,browser,package-web}.test.ts'],
  /** Quality bounds on racing threads or lanes: each file states its failure rate, measured over 30 runs or more. */
  statistical: ['test/statistical/*.test.ts'],
};

export default defineConfig({
  plugins: [contentSecurityPolicy()],
  server: { headers: securityHeaders },
  // The page is the one app here: examples/ (which import the built package by name) are not scanned.
  optimizeDeps: { entries: ['index.html'] },
  preview: { headers: securityHeaders },
  build: { target: 'es2022' },
  worker: { format: 'es' },
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    // `npm test` runs every project; `npx vitest run --project unit` (or kernels, cli, browser,
    // statistical) runs one. A test file named in no list below is a unit test.
    // Projects run one after another (groupOrder), each a file at a time, as the whole suite did:
    // the GPU and browser tests take every core they can get.
    projects: Object.entries(TEST_PROJECTS).map(([name, include], groupOrder) => ({
      extends: true,
      test: {
        name,
        include,
        exclude: name === 'unit' ? Object.entries(TEST_PROJECTS).flatMap(([other, files]) => (other === 'unit' ? [] : files)) : [],
        sequence: { groupOrder },
      },
    })),
  },
});
