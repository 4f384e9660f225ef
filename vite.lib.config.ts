import { defineConfig } from 'vite';

/**
 * The library's built output (`npm run build:lib`): the public entry as one ES module, its WGSL
 * and WebAssembly inlined, so that a bundler or Node needs no plugin to load it. The declarations
 * come from tsconfig.build.json.
 */
export default defineConfig({
  publicDir: false,
  build: {
    lib: { entry: { index: 'src/index.ts' }, formats: ['es'] },
    outDir: 'lib',
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    sourcemap: true,
    rollupOptions: { external: [/^node:/, 'webgpu'] },
  },
});
