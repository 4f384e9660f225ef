import type { KeyedVectors } from '../search/keyed-vectors';
import { readVectors } from '../search/read-vectors';
import { checkFile, openInput } from '../runtime/node-files';
import type { ParsedFlags } from './flags';
import { UsageError } from './usage-error';

/** Reads -vectors (with -binary and -limit). */
export async function readVectorsFlag(args: ParsedFlags): Promise<KeyedVectors> {
  const path = args.get('vectors');
  if (!path) throw new UsageError('-vectors FILE is required: the word vectors to query.');
  await checkFile(path, 'vectors file', 'vectors');
  return readVectors(await openInput(path, 'vectors file', 'vectors'), {
    binary: args.switch('binary'),
    limit: args.number('limit'),
    name: path,
  });
}
