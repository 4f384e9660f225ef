/** Text or bytes to read: a string, bytes, or a stream of chunks (Node streams, `File.stream()`). */
export type TextSource = string | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array | string> | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/** The chunks of a source, in order, as given (strings stay strings). */
export async function* chunksOf(source: TextSource): AsyncGenerator<Uint8Array | string> {
  if (typeof source === 'string' || source instanceof Uint8Array) {
    yield source;
  } else if (source instanceof ArrayBuffer) {
    yield new Uint8Array(source);
  } else if (typeof (source as ReadableStream).getReader === 'function') {
    const reader = (source as ReadableStream<Uint8Array | string>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  } else {
    yield* source as AsyncIterable<Uint8Array | string>;
  }
}

/** The chunks of a source as bytes (strings encoded as UTF-8). */
export async function* byteChunksOf(source: TextSource): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  for await (const chunk of chunksOf(source)) yield typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
}

/** The lines of a UTF-8 source without their `\n` or `\r\n`; invalid bytes become U+FFFD. */
export async function* linesOf(source: TextSource): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  const split = function* (text: string): Generator<string> {
    pending += text;
    let start = 0;
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n', start)) {
      yield pending.slice(start, end).replace(/\r$/, '');
      start = end + 1;
    }
    pending = pending.slice(start);
  };
  for await (const chunk of chunksOf(source)) yield* split(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  yield* split(decoder.decode());
  if (pending !== '') yield pending.replace(/\r$/, '');
}

/** Byte chunks as one array (the one chunk itself when there is one). */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
