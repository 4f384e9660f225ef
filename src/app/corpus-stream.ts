// Training text as one byte stream: the gzipped sample, dropped or picked files one after another, or pasted text.
import type { CorpusSource } from './protocol';

/** Total bytes the source will yield before decompression (for a progress bar). */
export function sourceBytes(source: CorpusSource): number {
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

/** The files' bytes in order, a newline between two files so that their words do not join; nothing is held whole. */
function concatenated(files: readonly File[]): ReadableStream<Uint8Array> {
  let index = 0;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (!reader) {
          if (index >= files.length) return controller.close();
          if (index > 0) controller.enqueue(new Uint8Array([10]));
          reader = (files[index++]!.stream() as ReadableStream<Uint8Array>).getReader();
        }
        const { done, value } = await reader.read();
        if (!done) return controller.enqueue(value);
        reader = undefined;
      }
    },
    cancel: () => reader?.cancel(),
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
export function corpusStream(source: CorpusSource, onBytes: (bytes: number) => void): ReadableStream<Uint8Array> | string {
  if (source.kind === 'text') return source.text;
  if (source.kind === 'files') return counted(concatenated(source.files), onBytes);
  return gunzip(source.gzip, onBytes);
}
