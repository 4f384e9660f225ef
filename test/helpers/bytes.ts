import { concatBytes } from '../../src/core/source';

/** The chunks' bytes in one array. */
export function concat(chunks: Iterable<Uint8Array>): Uint8Array {
  return concatBytes([...chunks]);
}
