import { randomBytes } from 'node:crypto';
import { constants, unlinkSync } from 'node:fs';
import { access, chmod, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Word2VecError } from '../errors';

/** A file the command reads or writes, with the flag that named it (for messages). */
export interface NamedPath {
  path: string;
  flag: string;
}

/**
 * Checks, before any work, that each output can be written: its folder exists, is a folder and is
 * writable; the output is not a folder; and it is neither an input (compared by resolved path and
 * by device and inode, so links and `./` spellings are caught) nor another output. The error
 * names the flag to fix.
 */
export async function checkOutputs(outputs: readonly NamedPath[], inputs: readonly NamedPath[]): Promise<void> {
  const inputFiles = await Promise.all(inputs.map(async (input) => ({ ...input, resolved: resolve(input.path), info: await stat(input.path).catch(() => undefined) })));
  const seen = new Map<string, string>();
  for (const { path, flag } of outputs) {
    const resolved = resolve(path);
    const earlier = seen.get(resolved);
    if (earlier) throw new Word2VecError('FILE', `-${flag} and -${earlier} both name "${path}". Give each output its own file.`);
    seen.set(resolved, flag);
    const folder = dirname(resolved);
    const folderInfo = await stat(folder).catch((error: NodeJS.ErrnoException) => error);
    if (folderInfo instanceof Error) {
      const why = folderInfo.code === 'ENOTDIR' ? 'a part of it is a file, not a folder' : folderInfo.code === 'EACCES' ? 'permission to reach it is denied' : 'it does not exist';
      throw new Word2VecError('FILE', `Cannot write -${flag} "${path}": its folder "${folder}" cannot be used (${why}). Create the folder or choose another path.`);
    }
    if (!folderInfo.isDirectory()) throw new Word2VecError('FILE', `Cannot write -${flag} "${path}": "${folder}" is a file, not a folder. Choose another path.`);
    if (
      !(await access(folder, constants.W_OK | constants.X_OK).then(
        () => true,
        () => false,
      ))
    )
      throw new Word2VecError('FILE', `Cannot write -${flag} "${path}": its folder "${folder}" is not writable. Choose a folder you can write to.`);
    const info = await stat(resolved).catch(() => undefined);
    if (info?.isDirectory()) throw new Word2VecError('FILE', `-${flag} "${path}" is a folder. Give -${flag} a file name.`);
    for (const input of inputFiles) {
      const same = input.resolved === resolved || (info && input.info && info.dev === input.info.dev && info.ino === input.info.ino);
      if (same)
        throw new Word2VecError('FILE', `-${flag} "${path}" is the same file as -${input.flag} "${input.path}": writing it would destroy the input. Choose another -${flag}.`);
    }
  }
}

/** Temporary files being written now: removed if the process is interrupted. */
const pending = new Set<string>();
let handlersInstalled = false;

function removePendingAndExit(signal: NodeJS.Signals): void {
  for (const path of pending) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (pending.size > 0) removePendingAndExit(signal);
      else process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

/**
 * Writes a file so that it is never seen half-written, never replaces anything but the target
 * name, and is private until complete: the bytes go to a temporary file created exclusively in
 * the target's folder (an unpredictable name, mode 0600: an existing file or a planted link there
 * makes it fail rather than be followed), which is flushed to disk, given the usual mode, and
 * renamed over the target. On any failure or interrupting signal the temporary file is removed and
 * the target is left as it was. Concurrent writers each rename a whole file: the last one wins.
 */
export async function writeAtomically(path: string, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>, flag = 'output'): Promise<void> {
  installSignalHandlers();
  const temporary = join(dirname(resolve(path)), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
    pending.add(temporary);
    for await (const chunk of chunks) await handle.write(chunk);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await chmod(temporary, 0o666 & ~process.umask());
    await rename(temporary, path);
    pending.delete(temporary);
  } catch (error) {
    await handle?.close().catch(() => {});
    await rm(temporary, { force: true });
    pending.delete(temporary);
    throw new Word2VecError(
      'FILE',
      `Cannot write -${flag} "${path}": ${(error as Error).message}. Nothing was written there; check the disk's free space and the folder's permissions.`,
    );
  }
}
