import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

/**
 * The package's built output (`npm run build:lib`, run by `npm pack`), into lib/: ES modules with
 * their WGSL and WebAssembly inlined, so that a bundler or Node needs no plugin and no TypeScript
 * loader. Entries: the public library (index.js, for browsers, workers and Node), the Node entry
 * (node.js), the command line (cli.js) and the Node kernel thread the two start (node-kernel-thread.js).
 * The declarations come from tsconfig.build.json.
 */
export default defineConfig({
  publicDir: false,
  define: { __LIBRARY_BUILD__: 'true' },
  build: {
    lib: {
      entry: {
        index: 'src/index.ts',
        node: 'src/node.ts',
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
