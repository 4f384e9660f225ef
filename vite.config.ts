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

export default defineConfig({
  plugins: [contentSecurityPolicy()],
  server: { headers: securityHeaders },
  preview: { headers: securityHeaders },
  build: { target: 'es2022' },
  worker: { format: 'es' },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
