import { createReadStream, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { Word2VecError } from '../errors';

/** The file's stats, or an error naming the flag to fix when it is missing or a directory. */
export async function checkFile(path: string, what: string, flag: string): Promise<Stats> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new Word2VecError('FILE', `Cannot read the ${what} "${path}": it does not exist. Check the -${flag} path.`);
  if (info.isDirectory()) throw new Word2VecError('FILE', `"${path}" is a directory. Give -${flag} a file.`);
  return info;
}

/** Whether the file starts with gzip's magic bytes. */
async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

async function* gunzipped(path: string, what: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }).pipe(createGunzip())) yield chunk as Uint8Array;
  } catch (error) {
    throw new Word2VecError(
      'FILE',
      `Cannot read the ${what} "${path}": it starts like a gzip file but does not decompress (${(error as Error).message}). Give a whole .gz file, or the text itself.`,
    );
  }
}

/** A file's bytes, streamed; a gzip file (recognised by its first bytes, whatever its name) is decompressed on the way. */
export async function openInput(path: string, what: string): Promise<AsyncIterable<Uint8Array>> {
  if (await isGzip(path)) return gunzipped(path, what);
  return createReadStream(path, { highWaterMark: 1 << 20 });
}
