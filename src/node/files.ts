import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Word2VecError } from '../errors';

/** The file's stats, or an error naming the flag to fix when it is missing or a directory. */
export async function checkFile(path: string, what: string, flag: string): Promise<Stats> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new Word2VecError('FILE', `Cannot read the ${what} "${path}": it does not exist. Check the -${flag} path.`);
  if (info.isDirectory()) throw new Word2VecError('FILE', `"${path}" is a directory. Give -${flag} a file.`);
  return info;
}
