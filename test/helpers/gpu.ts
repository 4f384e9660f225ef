import { afterAll } from 'vitest';
import { requestGpu, type GpuContext } from '../../src/gpu/device';
import { nodeGpu } from '../../src/node/dawn';

let context: Promise<GpuContext> | undefined;

/** One Dawn device (SwiftShader without a GPU) per test file, destroyed after it. */
export function testGpu(): Promise<GpuContext> {
  if (!context) {
    context = nodeGpu().then(requestGpu);
    afterAll(async () => (await context)?.destroy());
  }
  return context;
}
