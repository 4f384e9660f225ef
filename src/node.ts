/**
 * webgpu-word2vec's Node entry: what only Node has (Dawn's WebGPU, worker_threads), beside the
 * public API of `./index`, which runs in browsers and Node alike.
 */
export { nodeGpu, gpuForChoice, SWIFTSHADER_ICD } from './runtime/node-gpu';
export { spawnNodeKernelThread } from './word2vec/cpu/node-kernel-thread';
export { NodeSearchThreads } from './search/node-search-threads';
