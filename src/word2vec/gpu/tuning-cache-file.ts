// The GPU kernel tuner's choices in Node: one JSON file in the user's cache folder
// ($XDG_CACHE_HOME, else ~/.cache), webgpu-word2vec/gpu-tuning.json, { key: choice }.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TuningCache } from './kernel-tuner';

/** Where the choices are kept: under $XDG_CACHE_HOME, else ~/.cache. */
export function tuningCachePath(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'webgpu-word2vec', 'gpu-tuning.json');
}

/**
 * The tuner's cache as a file (default `tuningCachePath()`). A missing or unreadable file is an
 * empty cache; a choice is written to a temporary file beside it and renamed over it, so that a
 * run stopped halfway leaves the old file whole.
 */
export function nodeTuningCache(path = tuningCachePath()): TuningCache {
  const read = async (): Promise<Record<string, unknown>> => {
    try {
      const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  return {
    async get(key) {
      return (await read())[key];
    },
    async set(key, value) {
      const choices = { ...(await read()), [key]: value };
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify(choices, null, 2)}\n`);
      await rename(temporary, path);
    },
  };
}
