import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { access, chmod, chown, link, open, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { Word2VecError } from '../core/errors';
import { keep, removeAtExit } from '../runtime/exit-cleanup';

/** A file the command reads or writes, with the flag that named it (for messages). */
export interface NamedPath {
  path: string;
  flag: string;
  /** An output written only where no file is (a checkpoint): an existing file there is not in its way. */
  neverReplaces?: boolean;
}

/** Whether an existing output is written through (a terminal, /dev/null, a FIFO) rather than replaced by a new file. */
function writtenThrough(info: Stats): boolean {
  return info.isCharacterDevice() || info.isFIFO();
}

/** Why an existing node cannot be an output, or undefined when it can. */
function unusable(info: Stats, flag: string, path: string): string | undefined {
  if (info.isDirectory()) return `-${flag} "${path}" is a folder. Give -${flag} a file name.`;
  if (writtenThrough(info)) return undefined;
  if (!info.isFile()) return `-${flag} "${path}" is neither a file nor a terminal or pipe (a ${info.isBlockDevice() ? 'block device' : 'socket'}). Give -${flag} a file name.`;
  // Read-only for its owner: refused even as root, who could write it, as the C tool's fopen refuses it for its owner.
  if ((info.mode & 0o200) === 0) return `-${flag} "${path}" is read-only. Make it writable (chmod u+w) if it may be replaced, or choose another file.`;
  return undefined;
}

/** The real path of `path`'s folder, joined to its name: where the file is, whatever links lead there. */
async function realLocation(path: string): Promise<string> {
  const resolved = resolve(path);
  return join(await realpath(dirname(resolved)).catch(() => dirname(resolved)), basename(resolved));
}

/**
 * Checks, before any work, that each output can be written: its folder exists, is a folder and is
 * writable; the output is not a folder, a read-only file or some other node (a terminal, /dev/null
 * and a FIFO are written through); and it is neither an input (compared by resolved path and by
 * device and inode, so links and `./` spellings are caught), nor inside an input folder (where it
 * is, or would become, one of the documents), nor another output. The error names the flag to fix.
 */
export async function checkOutputs(outputs: readonly NamedPath[], inputs: readonly NamedPath[]): Promise<void> {
  const inputFiles = await Promise.all(
    inputs.map(async (input) => {
      const info = await stat(input.path).catch(() => undefined);
      return { ...input, resolved: resolve(input.path), info, folder: info?.isDirectory() ? await realpath(input.path) : undefined };
    }),
  );
  const seen = new Map<string, string>();
  for (const { path, flag, neverReplaces } of outputs) {
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
    const location = await realLocation(path);
    for (const input of inputFiles) {
      if (input.folder && location.startsWith(input.folder + sep))
        throw new Word2VecError(
          'FILE',
          `-${flag} "${path}" is inside the -${input.flag} folder "${input.path}" (as ${relative(input.folder, location)}): it ${info ? 'is one of its documents and would be replaced' : 'would be read as one of its documents next time'}. Choose a path outside that folder.`,
        );
      const same = input.resolved === resolved || (info && input.info && !writtenThrough(info) && info.dev === input.info.dev && info.ino === input.info.ino);
      if (same)
        throw new Word2VecError('FILE', `-${flag} "${path}" is the same file as -${input.flag} "${input.path}": writing it would destroy the input. Choose another -${flag}.`);
    }
    const problem = info && !neverReplaces && unusable(info, flag, path);
    if (problem) throw new Word2VecError('FILE', problem);
  }
}

/** Writes the chunks through an existing terminal, /dev/null or FIFO, as the C tool's fopen does. */
async function writeThrough(path: string, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<void> {
  const handle = await open(path, constants.O_WRONLY);
  try {
    for await (const chunk of chunks) await handle.write(chunk);
  } finally {
    await handle.close();
  }
}

export interface WriteOptions {
  /** `false`: never replace an existing file; take the first free name of `path`, `path.2`, `path.3`, ... instead. Default true. */
  replace?: boolean;
}

/**
 * Writes a file so that it is never seen half-written, never replaces anything but the target
 * name, and is private until complete: the bytes go to a temporary file created exclusively in
 * the target's folder (an unpredictable name, mode 0600: an existing file or a planted link there
 * makes it fail rather than be followed), which is flushed to disk, given the replaced file's mode
 * (and owner, as root) or the usual mode for a new file, and renamed over the target (or, with
 * `replace: false`, linked to a name nothing holds). An existing terminal, /dev/null or FIFO is
 * written through instead, and a read-only file is refused. On any failure or interrupting signal
 * the temporary file is removed and the target is left as it was. Concurrent writers each rename
 * a whole file: the last one wins. Returns the path written.
 */
export async function writeAtomically(path: string, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>, flag = 'output', options: WriteOptions = {}): Promise<string> {
  const replace = options.replace ?? true;
  const failed = (error: unknown): Word2VecError =>
    error instanceof Word2VecError
      ? error
      : new Word2VecError(
          'FILE',
          `Cannot write -${flag} "${path}": ${(error as Error).message}. Nothing was written there; check the disk's free space and the folder's permissions.`,
        );
  const existing = await stat(path).catch(() => undefined);
  if (existing && replace) {
    const problem = unusable(existing, flag, path);
    if (problem) throw new Word2VecError('FILE', problem);
    if (writtenThrough(existing)) {
      await writeThrough(path, chunks).catch((error) => {
        throw failed(error);
      });
      return path;
    }
  }
  const temporary = join(dirname(resolve(path)), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
    removeAtExit(temporary);
    for await (const chunk of chunks) await handle.write(chunk);
    await handle.sync();
    await handle.close();
    handle = undefined;
    if (existing?.isFile() && replace) {
      await chmod(temporary, existing.mode & 0o7777);
      if (process.getuid?.() === 0) await chown(temporary, existing.uid, existing.gid).catch(() => {});
    } else await chmod(temporary, 0o666 & ~process.umask());
    let written = path;
    if (replace) await rename(temporary, path);
    else {
      written = await linkToFreeName(temporary, path);
      await rm(temporary);
    }
    keep(temporary);
    return written;
  } catch (error) {
    await handle?.close().catch(() => {});
    await rm(temporary, { force: true });
    keep(temporary);
    throw failed(error);
  }
}

/** Links `temporary` to `path`, or to `path.2`, `path.3`, ... when a file is there: never over one. Returns the name taken. */
async function linkToFreeName(temporary: string, path: string): Promise<string> {
  for (let n = 1; n <= 1000; n++) {
    const name = n === 1 ? path : `${path}.${n}`;
    try {
      await link(temporary, name);
      return name;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Word2VecError('FILE', `Cannot write "${path}": it and ${path}.2 to ${path}.1000 all exist. Move some of them away.`);
}
