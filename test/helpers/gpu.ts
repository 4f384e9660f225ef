import { afterAll } from 'vitest';
import { requestGpu, type GpuContext } from '../../src/runtime/gpu-device';
import { nodeGpu } from '../../src/runtime/node-gpu';

let context: Promise<GpuContext> | undefined;

// Registered when a test file imports this helper: the file's device is destroyed after it.
afterAll(async () => (await context)?.destroy());

/** One Dawn device (SwiftShader without a GPU) per test file. */
export function testGpu(): Promise<GpuContext> {
  context ??= nodeGpu().then(requestGpu);
  return context;
}
