import { cpus, hostname, totalmem } from 'node:os';

/** The machine a result was measured on, for result files. */
export function machine(): { hostname: string; cpus: number; cpu_model: string | undefined; memory_gib: number } {
  return { hostname: hostname(), cpus: cpus().length, cpu_model: cpus()[0]?.model, memory_gib: Math.round(totalmem() / 2 ** 30) };
}
