import { Word2VecError } from '../core/errors';
import { compile, UNIFORM_STRIDE } from './gpu-resources';
import { preprocess } from './wgsl';

/** A uniform field's WGSL type: every field is one 4-byte word. */
export type UniformType = 'u32' | 'f32';

/** A storage buffer a kernel binds: its name in WGSL, whether the kernel writes it, and its WGSL type. */
export interface StorageBinding {
  name: string;
  access: 'read' | 'read_write';
  type: string;
}

/**
 * One GPU kernel (a WGSL module and its entry points), described once: the host builds its WGSL
 * header, bind-group layout, uniform packing and dispatches from this, so that no binding or uniform
 * field is written in two places. The WGSL files hold only the kernel's code; they use `params.x`
 * and the bindings by the names given here.
 */
export interface KernelDescription<Uniform extends string = string> {
  label: string;
  /** The kernel's WGSL after the generated header, in order: the files it includes, then its own. */
  sources: readonly string[];
  /** What is known when the kernel is built: `const NAME = value;` each; a boolean also decides the `#if NAME` blocks. */
  constants: Readonly<Record<string, number | boolean>>;
  /** The uniform block `params` (struct Params at binding 0), field by field in order; none when empty. */
  uniforms: readonly (readonly [Uniform, UniformType])[];
  /** Whether each dispatch gets its own uniform block, chosen by a dynamic offset (UNIFORM_STRIDE bytes apart). */
  uniformPerDispatch?: boolean;
  /** The storage bindings, numbered in this order after the uniform block. */
  storage: readonly StorageBinding[];
  entryPoints: readonly string[];
  /** WGSL extensions the kernel enables (`enable subgroups;`). */
  enables?: readonly string[];
  /** Diagnostics the kernel turns off (`diagnostic(off, subgroup_uniformity);`). */
  diagnosticsOff?: readonly string[];
}

/** Bytes of one uniform block as bound: its fields, rounded up to 16. */
function blockBytes(description: KernelDescription): number {
  return Math.ceil((description.uniforms.length * 4) / 16) * 16;
}

/** The binding number of each uniform and storage binding: `params` first when there are uniforms. */
function bindingNumbers(description: KernelDescription): Map<string, number> {
  const names = [...(description.uniforms.length > 0 ? ['params'] : []), ...description.storage.map((b) => b.name)];
  return new Map(names.map((name, binding) => [name, binding]));
}

function constantText(name: string, value: number | boolean): string {
  if (typeof value === 'boolean') return `const ${name} = ${value};`;
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new Error(`kernel constant ${name} = ${value} is not a u32`);
  return `const ${name} = ${value}u;`;
}

/** The kernel's whole WGSL: the header made from its description, then its sources with their `#if` blocks resolved. */
export function kernelSource(description: KernelDescription): string {
  const numbers = bindingNumbers(description);
  const header = [
    ...(description.enables ?? []).map((name) => `enable ${name};`),
    ...(description.diagnosticsOff ?? []).map((name) => `diagnostic(off, ${name});`),
    ...Object.entries(description.constants).map(([name, value]) => constantText(name, value)),
    ...(description.uniforms.length > 0
      ? [
          `struct Params {\n${description.uniforms.map(([name, type]) => `  ${name}: ${type},`).join('\n')}\n}`,
          `@group(0) @binding(${numbers.get('params')}) var<uniform> params: Params;`,
        ]
      : []),
    ...description.storage.map((b) => `@group(0) @binding(${numbers.get(b.name)}) var<storage, ${b.access}> ${b.name}: ${b.type};`),
  ].join('\n');
  const defines = Object.fromEntries(Object.entries(description.constants).filter(([, value]) => typeof value === 'boolean')) as Record<string, boolean>;
  return [...(header ? [header] : []), ...description.sources.map((source) => preprocess(source, defines))].join('\n');
}

/**
 * A kernel built on a device from its description: one pipeline per entry point over one bind-group
 * layout, and what a host needs to bind, fill and dispatch it.
 */
export class GpuKernel<Uniform extends string = string> {
  private constructor(
    readonly description: KernelDescription<Uniform>,
    private readonly device: GPUDevice,
    private readonly layout: GPUBindGroupLayout,
    private readonly pipelines: ReadonlyMap<string, GPUComputePipeline>,
  ) {}

  static async create<Uniform extends string>(device: GPUDevice, description: KernelDescription<Uniform>): Promise<GpuKernel<Uniform>> {
    const { label } = description;
    const entries: GPUBindGroupLayoutEntry[] = [];
    const numbers = bindingNumbers(description);
    if (description.uniforms.length > 0)
      entries.push({ binding: numbers.get('params')!, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: description.uniformPerDispatch === true } });
    for (const b of description.storage)
      entries.push({ binding: numbers.get(b.name)!, visibility: GPUShaderStage.COMPUTE, buffer: { type: b.access === 'read' ? 'read-only-storage' : 'storage' } });
    device.pushErrorScope('validation');
    const attempt = await GpuKernel.build(device, description, entries).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    const invalid = await device.popErrorScope(); // popped whether or not building threw
    if ('error' in attempt) throw attempt.error; // a compilation error's message names the line
    if (invalid) throw new Word2VecError('GPU_ERROR', `Creating the ${label} kernel failed (a bug: please report it): ${invalid.message}`);
    const { layout, pipelines } = attempt.value;
    return new GpuKernel(description, device, layout, pipelines);
  }

  private static async build(
    device: GPUDevice,
    description: KernelDescription,
    entries: GPUBindGroupLayoutEntry[],
  ): Promise<{ layout: GPUBindGroupLayout; pipelines: Map<string, GPUComputePipeline> }> {
    const { label } = description;
    const layout = device.createBindGroupLayout({ label: `${label}.layout`, entries });
    const module = await compile(device, label, kernelSource(description));
    const pipelineLayout = device.createPipelineLayout({ label: `${label}.pipelineLayout`, bindGroupLayouts: [layout] });
    const built = await Promise.all(
      description.entryPoints.map((entryPoint) => device.createComputePipelineAsync({ label: `${label}.${entryPoint}`, layout: pipelineLayout, compute: { module, entryPoint } })),
    );
    return { layout, pipelines: new Map(description.entryPoints.map((entryPoint, i) => [entryPoint, built[i]!])) };
  }

  /** Bytes of uniform buffer that `blocks` blocks take. */
  uniformBytes(blocks: number): number {
    return Math.max(1, blocks) * UNIFORM_STRIDE;
  }

  /** One uniform block per dispatch, UNIFORM_STRIDE bytes apart, each field where the struct puts it. */
  packUniforms(blocks: readonly Readonly<Record<Uniform, number>>[]): ArrayBuffer {
    const data = new ArrayBuffer(this.uniformBytes(blocks.length));
    const u = new Uint32Array(data);
    const f = new Float32Array(data);
    blocks.forEach((block, i) => {
      this.description.uniforms.forEach(([name, type], j) => {
        const at = (i * UNIFORM_STRIDE) / 4 + j;
        if (type === 'u32') u[at] = block[name];
        else f[at] = block[name];
      });
    });
    return data;
  }

  /** A bind group over buffers named as in the description, the uniform buffer as `params`. */
  bindGroup(buffers: Readonly<Record<string, GPUBuffer>>): GPUBindGroup {
    const entries: GPUBindGroupEntry[] = [];
    for (const [name, binding] of bindingNumbers(this.description)) {
      const buffer = buffers[name];
      if (!buffer) throw new Error(`${this.description.label}: no buffer for the binding ${name}`);
      entries.push({ binding, resource: name === 'params' && this.description.uniformPerDispatch ? { buffer, size: blockBytes(this.description) } : { buffer } });
    }
    return this.device.createBindGroup({ label: `${this.description.label}.bindGroup`, layout: this.layout, entries });
  }

  /** Records a dispatch of `entryPoint` over `workgroups` in `pass`, with uniform block `block` where each dispatch has its own. */
  dispatch(pass: GPUComputePassEncoder, entryPoint: string, group: GPUBindGroup, workgroups: readonly [number, number?, number?], block = 0): void {
    const pipeline = this.pipelines.get(entryPoint);
    if (!pipeline) throw new Error(`${this.description.label} has no entry point ${entryPoint}`);
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group, this.description.uniformPerDispatch ? [block * UNIFORM_STRIDE] : []);
    pass.dispatchWorkgroups(...workgroups);
  }
}
