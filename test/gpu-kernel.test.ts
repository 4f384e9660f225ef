import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GpuKernel, type KernelDescription, kernelSource } from '../src/runtime/gpu-kernel';
import { readBuffer } from '../src/runtime/gpu-resources';
import { testGpu } from './helpers/gpu';

const EXAMPLE: KernelDescription<'count' | 'rate'> = {
  label: 'example',
  sources: ['#if WIDE\nfn width() -> u32 { return 2u * DIM; }\n#else\nfn width() -> u32 { return DIM; }\n#endif'],
  constants: { DIM: 8, WIDE: false },
  uniforms: [
    ['count', 'u32'],
    ['rate', 'f32'],
  ],
  uniformPerDispatch: true,
  storage: [
    { name: 'rows', access: 'read', type: 'array<u32>' },
    { name: 'out', access: 'read_write', type: 'array<f32>' },
  ],
  entryPoints: ['main'],
  enables: ['subgroups'],
};

/** Every .wgsl file under src/, by path. */
function wgslFiles(folder = 'src'): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? wgslFiles(path) : entry.name.endsWith('.wgsl') ? [path] : [];
  });
}

describe('a kernel described once (src/runtime/gpu-kernel.ts)', () => {
  it('writes the WGSL header from the description: extensions, constants, Params and the bindings in order', () => {
    const header = kernelSource(EXAMPLE).split('\n').slice(0, 10);
    expect(header).toEqual([
      'enable subgroups;',
      'const DIM = 8u;',
      'const WIDE = false;',
      'struct Params {',
      '  count: u32,',
      '  rate: f32,',
      '}',
      '@group(0) @binding(0) var<uniform> params: Params;',
      '@group(0) @binding(1) var<storage, read> rows: array<u32>;',
      '@group(0) @binding(2) var<storage, read_write> out: array<f32>;',
    ]);
  });

  it('resolves #if blocks by its boolean constants', () => {
    expect(kernelSource(EXAMPLE)).toContain('fn width() -> u32 { return DIM; }');
    expect(kernelSource(EXAMPLE)).not.toContain('2u * DIM');
    expect(kernelSource({ ...EXAMPLE, constants: { DIM: 8, WIDE: true } })).toContain('2u * DIM');
  });

  it('refuses a constant that is not a u32', () => {
    expect(() => kernelSource({ ...EXAMPLE, constants: { DIM: -1, WIDE: false } })).toThrow('DIM = -1 is not a u32');
  });

  it('numbers the storage bindings from 0 when there are no uniforms', () => {
    expect(
      kernelSource({ ...EXAMPLE, uniforms: [], enables: [] })
        .split('\n')
        .slice(2, 4),
    ).toEqual(['@group(0) @binding(0) var<storage, read> rows: array<u32>;', '@group(0) @binding(1) var<storage, read_write> out: array<f32>;']);
  });

  it('leaves no binding, uniform block or override to the WGSL files: each is written in its description alone', () => {
    const files = wgslFiles();
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/@binding|var<uniform>|struct Params|^\s*override /m);
    }
  });

  it('builds, binds by name, packs each dispatch its own uniforms and dispatches (Dawn in Node)', async () => {
    const { device } = await testGpu();
    const kernel = await GpuKernel.create(device, {
      label: 'scale',
      sources: ['@compute @workgroup_size(1) fn main() { out[params.slot] = f32(rows[params.slot]) * params.rate; }'],
      constants: {},
      uniforms: [
        ['slot', 'u32'],
        ['rate', 'f32'],
      ],
      uniformPerDispatch: true,
      storage: EXAMPLE.storage,
      entryPoints: ['main'],
    });
    const blocks = [
      { slot: 0, rate: 0.5 },
      { slot: 1, rate: 3 },
    ];
    const params = device.createBuffer({ size: kernel.uniformBytes(blocks.length), usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(params, 0, kernel.packUniforms(blocks));
    const rows = device.createBuffer({ size: 8, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(rows, 0, new Uint32Array([4, 7]));
    const out = device.createBuffer({ size: 8, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    expect(() => kernel.bindGroup({ params, rows })).toThrow('scale: no buffer for the binding out');
    const group = kernel.bindGroup({ params, rows, out });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    blocks.forEach((_, i) => kernel.dispatch(pass, 'main', group, [1], i));
    pass.end();
    device.queue.submit([encoder.finish()]);
    expect([...new Float32Array(await readBuffer(device, out, 8))]).toEqual([2, 21]);
    for (const buffer of [params, rows, out]) buffer.destroy();
  });

  it('turns WGSL that does not compile into a GPU_ERROR naming the kernel and the line', async () => {
    const { device } = await testGpu();
    const broken: KernelDescription = { label: 'broken', sources: ['fn main() { let x: u32 = 1.5; }'], constants: {}, uniforms: [], storage: [], entryPoints: ['main'] };
    await expect(GpuKernel.create(device, broken)).rejects.toMatchObject({
      code: 'GPU_ERROR',
      message: expect.stringMatching(/The broken shader failed to compile[\s\S]*broken:1:/),
    });
  });
});
