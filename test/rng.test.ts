import { describe, expect, it } from 'vitest';
import { draw, epochKey, pcg, positionKey, remainder, unitFloat } from '../src/core/rng';
import { RNG_WGSL } from '../src/core/shared-wgsl';
import { readBuffer } from '../src/runtime/gpu-resources';
import { testGpu } from './helpers/gpu';

const COUNT = 4096;

/** Runs the WGSL RNG for COUNT positions and returns (pcg, positionKey, draw stream 3, unitFloat bits) per position. */
async function gpuStreams(key: number): Promise<Uint32Array> {
  const { device } = await testGpu();
  const code = `${RNG_WGSL}
@group(0) @binding(0) var<storage, read_write> out: array<u32>;
@compute @workgroup_size(64) fn probe(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  out[4u * i] = pcg(i * 7919u);
  out[4u * i + 1u] = positionKey(${key}u, i);
  out[4u * i + 2u] = draw(positionKey(${key}u, i), 3u);
  out[4u * i + 3u] = bitcast<u32>(unitFloat(draw(positionKey(${key}u, i), 0u)));
}`;
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'probe' } });
  const buffer = device.createBuffer({ size: COUNT * 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer } }] }));
  pass.dispatchWorkgroups(COUNT / 64);
  pass.end();
  device.queue.submit([encoder.finish()]);
  const result = new Uint32Array(await readBuffer(device, buffer, COUNT * 16));
  buffer.destroy();
  return result;
}

describe('counter-based RNG', () => {
  it('WGSL and TypeScript give identical streams', async () => {
    const key = epochKey(12345, 3);
    const gpu = await gpuStreams(key);
    const bits = new Uint32Array(new Float32Array(1).buffer);
    const f32 = new Float32Array(bits.buffer);
    for (let i = 0; i < COUNT; i++) {
      const k = positionKey(key, i);
      f32[0] = unitFloat(draw(k, 0));
      expect([gpu[4 * i], gpu[4 * i + 1], gpu[4 * i + 2], gpu[4 * i + 3]]).toEqual([pcg(Math.imul(i, 7919) >>> 0), k, draw(k, 3), bits[0]]);
    }
  });

  it('is uniform enough: unitFloat has mean 1/2 and fills every decile', () => {
    const key = epochKey(1, 0);
    const deciles = new Array<number>(10).fill(0);
    let sum = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = unitFloat(draw(positionKey(key, i), 2));
      sum += u;
      deciles[Math.floor(u * 10)]!++;
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005);
    for (const d of deciles) expect(Math.abs(d / n - 0.1)).toBeLessThan(0.005);
  });

  it('differs between seeds and epochs', () => {
    expect(epochKey(1, 0)).not.toBe(epochKey(2, 0));
    expect(epochKey(1, 0)).not.toBe(epochKey(1, 1));
  });

  it('takes the remainder of a 32-bit draw exactly, as u32 % does', () => {
    const divisors = [1, 2, 3, 5, 7, 10, 1000, 99_991, 10_000_000, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1];
    const draws = [0, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 2, 2 ** 32 - 1, ...Array.from({ length: 2000 }, (_, i) => pcg(i))];
    for (const n of divisors) for (const x of draws) expect(remainder(x, n)).toBe(Number(BigInt(x) % BigInt(n)));
  });
});
