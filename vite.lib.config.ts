import { builtinModules } from 'node:module';
import { defineConfig, type Plugin } from 'vite';

/** The library's Web Worker scripts, each an entry of its own in lib/. */
const WORKERS = ['training-worker', 'kernel-thread-worker'];

/**
 * Leaves each `new Worker(new URL('./….ts', import.meta.url))` of the library's workers in lib/ as
 * `new URL('./training-worker.js', import.meta.url)`: the pattern a consumer's bundler (Vite,
 * webpack 5, Parcel) follows to bundle the worker, rather than Vite's rewrite of it for this build.
 */
function workerUrls(): Plugin {
  const changed = (code: string, out: string) => (out === code ? null : { code: out, map: null });
  const source = new RegExp(`new URL\\((['"])\\./(?:workers/)?(${WORKERS.join('|')})\\.ts\\1,\\s*import\\.meta\\.url\\)`, 'g');
  const marker = /globalThis\.__LIBRARY_WORKER_([a-z_]+)__/g;
  return {
    name: 'library-worker-urls',
    enforce: 'pre',
    // Each replacement stays on its line, so the source maps stay right to the line (`map: null`).
    transform: (code) =>
      changed(
        code,
        code.replace(source, (_, _quote, name: string) => `globalThis.__LIBRARY_WORKER_${name.replaceAll('-', '_')}__`),
      ),
    renderChunk: (code) =>
      changed(
        code,
        code.replace(marker, (_, name: string) => `new URL('./${name.replaceAll('_', '-')}.js', import.meta.url)`),
      ),
  };
}

/**
 * The package's built output (`npm run build:lib`, run by `npm pack`), into lib/: ES modules with
 * their WGSL and WebAssembly inlined, so that a bundler or Node needs no plugin and no TypeScript
 * loader. Entries: the public library (index.js, for browsers, workers and Node), the Node entry
 * (node.js), the worker entry (worker.js) and the two Web Workers it starts, the command line (cli.js)
 * and the Node kernel thread the CLI and the Node entry start (node-kernel-thread.js).
 * The declarations come from tsconfig.build.json.
 */
export default defineConfig({
  publicDir: false,
  plugins: [workerUrls()],
  define: { __LIBRARY_BUILD__: 'true' },
  build: {
    lib: {
      entry: {
        index: 'src/index.ts',
        node: 'src/node.ts',
        worker: 'src/worker.ts',
        'training-worker': 'src/workers/training-worker.ts',
        'kernel-thread-worker': 'src/workers/kernel-thread-worker.ts',
        cli: 'src/cli/cli.ts',
        'node-kernel-thread': 'src/word2vec/cpu/node-kernel-thread-main.ts',
      },
      formats: ['es'],
    },
    outDir: 'lib',
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    sourcemap: true,
    rollupOptions: {
      external: [...builtinModules, /^node:/, 'webgpu'],
      // Every file in lib/ itself: the Node entry finds its thread's entry beside it.
      output: { entryFileNames: '[name].js', chunkFileNames: 'shared-[hash].js' },
    },
  },
});
