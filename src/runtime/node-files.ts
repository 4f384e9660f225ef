// Reading files in Node: streamed, gzip decompressed on the way, and errors that say what to fix.
import { createReadStream, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { Word2VecError } from '../core/errors';

/** Why a file system call failed, in words: "permission to read it is denied", "it does not exist", ... */
export function fileProblem(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'it does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission to read it is denied';
    case 'ENOTDIR':
      return 'a part of its path is a file, not a folder';
    case 'ELOOP':
      return 'its path has a loop of links';
    case 'EISDIR':
      return 'it is a folder';
    default:
      return error.message.replace(/^[A-Z]+: /, '');
  }
}

/** A file system error as a Word2VecError that names the file and the command-line flag (if any) to fix; any other error as it is. */
export function unreadable(error: unknown, path: string, what: string, flag?: string): unknown {
  if (error instanceof Word2VecError || !(error instanceof Error) || typeof (error as NodeJS.ErrnoException).code !== 'string') return error;
  const problem = fileProblem(error as NodeJS.ErrnoException);
  const fix =
    (error as NodeJS.ErrnoException).code === 'EACCES' || (error as NodeJS.ErrnoException).code === 'EPERM'
      ? `Make it readable (chmod) or give ${flag ? `-${flag} ` : ''}another file.`
      : `Check the ${flag ? `-${flag} ` : ''}path.`;
  return new Word2VecError('FILE', `Cannot read the ${what} "${path}": ${problem}. ${fix}`);
}

/**
 * The file's stats, once it is known to open for reading; else an error naming the flag to fix
 * (missing, unreadable, or a directory).
 */
export async function checkFile(path: string, what: string, flag: string): Promise<Stats> {
  let info: Stats;
  try {
    info = await stat(path);
    // A FIFO is not opened here: that would wait for a writer, and closing it would cut the writer off.
    if (info.isFile()) await (await open(path, 'r')).close();
  } catch (error) {
    throw unreadable(error, path, what, flag);
  }
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
export async function openInput(path: string, what: string, flag?: string): Promise<AsyncIterable<Uint8Array>> {
  const gzip = await isGzip(path).catch((error) => {
    throw unreadable(error, path, what, flag);
  });
  return gzip ? gunzipped(path, what) : createReadStream(path, { highWaterMark: 1 << 20 });
}

/**
 * A file's bytes, streamed, for `train`, `readVectors` or `evaluateWordAnalogies`: a gzip file
 * (recognised by its first bytes, whatever its name) is decompressed on the way. A file that cannot
 * be read fails with a Word2VecError (code `FILE`) that says why and what to do.
 *
 * @example
 * const model = await train(await openFile('text8.gz'), { vectorSize: 100 }, { threads: 8, spawnThread: spawnNodeKernelThread });
 */
export function openFile(path: string): Promise<AsyncIterable<Uint8Array>> {
  return openInput(path, 'file');
}
