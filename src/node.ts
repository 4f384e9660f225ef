/**
 * webgpu-word2vec's Node entry: what only Node has (Dawn's WebGPU, worker_threads, files), beside
 * the public API of `webgpu-word2vec`, which runs in browsers and Node alike.
 *
 * @packageDocumentation
 * @module webgpu-word2vec/node
 */
export { nodeGpu, gpuForChoice, SWIFTSHADER_ICD } from './runtime/node-gpu';
export { spawnNodeKernelThread } from './word2vec/cpu/node-kernel-thread';
export { NodeSearchThreads } from './search/node-search-threads';
export { openFile } from './runtime/node-files';
export { nodeTuningCache, tuningCachePath } from './word2vec/gpu/tuning-cache-file';
