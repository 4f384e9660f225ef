// Training text as one byte stream: the gzipped sample, dropped or picked files (gzipped or not) one after another, or pasted text.
import { Word2VecError } from '../internal';
import type { CorpusSource } from './protocol';

/** A source that is text already (the worker turns its documents into text first). */
export type TextCorpusSource = Exclude<CorpusSource, { kind: 'documents' }>;

/** Total bytes the source will yield before decompression (for a progress bar). */
export function sourceBytes(source: TextCorpusSource): number {
  if (source.kind === 'sample') return source.gzip.byteLength;
  if (source.kind === 'files') return source.files.reduce((n, f) => n + f.size, 0);
  return source.text.length;
}

/** Counts the bytes passing through. */
function counted(stream: ReadableStream<Uint8Array>, onBytes: (bytes: number) => void): ReadableStream<Uint8Array> {
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        onBytes(chunk.byteLength);
        controller.enqueue(chunk);
      },
    }),
  );
}

/** One file's text: gzipped files (recognised by their first bytes) are decompressed as they stream; raw bytes are counted. */
async function fileStream(file: File, onBytes: (bytes: number) => void): Promise<ReadableStream<Uint8Array>> {
  const stream = counted(file.stream() as ReadableStream<Uint8Array>, onBytes);
  if (!isGzip(await file.slice(0, 2).arrayBuffer())) return stream;
  return stream.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
}

/** The files' text in order, a newline between two files so that their words do not join; nothing is held whole. */
function concatenated(files: readonly File[], onBytes: (bytes: number) => void): ReadableStream<Uint8Array> {
  let index = 0;
  let current: { name: string; reader: ReadableStreamDefaultReader<Uint8Array> } | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (!current) {
          if (index >= files.length) return controller.close();
          if (index > 0) controller.enqueue(new Uint8Array([10]));
          const file = files[index++]!;
          current = { name: file.name, reader: (await fileStream(file, onBytes)).getReader() };
        }
        const { name, reader } = current;
        const { done, value } = await reader.read().catch((error: Error) => {
          throw new Word2VecError('FILE', `"${name}" starts like a gzip file but does not decompress (${error.message}). Give a whole .gz file, or the text itself.`);
        });
        if (!done) return controller.enqueue(value);
        current = undefined;
      }
    },
    cancel: () => current?.reader.cancel(),
  });
}

/** Servers may send a `.gz` file with `Content-Encoding: gzip`, so the browser has already decompressed it. */
function isGzip(bytes: ArrayBuffer): boolean {
  const head = new Uint8Array(bytes, 0, Math.min(2, bytes.byteLength));
  return head[0] === 0x1f && head[1] === 0x8b;
}

/** The bytes of a bundled `.gz` file, decompressed unless the browser has done it. */
export function gunzip(bytes: ArrayBuffer, onBytes: (bytes: number) => void = () => {}): ReadableStream<Uint8Array> {
  const stream = counted(new Blob([bytes]).stream() as ReadableStream<Uint8Array>, onBytes);
  return isGzip(bytes) ? stream.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>) : stream;
}

/** The source as a stream of UTF-8 bytes (or a string), reporting raw bytes read. */
export function corpusStream(source: TextCorpusSource, onBytes: (bytes: number) => void): ReadableStream<Uint8Array> | string {
  if (source.kind === 'text') return source.text;
  if (source.kind === 'files') return concatenated(source.files, onBytes);
  return gunzip(source.gzip, onBytes);
}
